//! Votes in SQL: the ballot box live meetings store ballots in, and the
//! results over HTTP. This module is the only one that reads or writes
//! `votes`, `vote_casts`, `vote_voters` and `vote_tallies`.
//!
//! A ballot is stored before it is acknowledged, and only while its vote is
//! open: on PostgreSQL a ballot's statement holds a share lock on its vote's
//! row, which the close's update waits for, so the close counts every
//! ballot stored before it and none after; SQLite has one writer at a time.
//! A secret ballot is two writes that share nothing (see the migration).

use crate::db::{self, Db};
use crate::error::{ApiResult, StoreError};
use crate::extract::Path;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use plenary_protocol::signal::Millis;
use plenary_protocol::vote::{Choice, Vote, VoteKind, VoteResult, VoteSpec, Voted, Voter};
use plenary_protocol::{DelegationId, MeetingId, UserId};
use plenary_signaling::ballots::{BallotBox, BallotError, BoxFuture, Count};
use plenary_signaling::votes::{self, Ballot, Tally};
use sqlx::Row;

/// The ballot box in the hub's SQL store.
#[derive(Debug, Clone)]
pub struct SqlBallots {
    db: Db,
    postgres: bool,
}

impl SqlBallots {
    pub fn new(db: Db, postgres: bool) -> SqlBallots {
        SqlBallots { db, postgres }
    }

    /// The condition that vote ($1, $2) is open, locking its row against
    /// the close until the statement's transaction ends.
    fn while_open(&self) -> &'static str {
        if self.postgres {
            "EXISTS (SELECT 1 FROM votes WHERE meeting_id = $1 AND number = $2 \
             AND closed_at_ms IS NULL FOR SHARE)"
        } else {
            "EXISTS (SELECT 1 FROM votes WHERE meeting_id = $1 AND number = $2 \
             AND closed_at_ms IS NULL)"
        }
    }

    async fn open_vote(
        &self,
        meeting: MeetingId,
        spec: &VoteSpec,
        now: Millis,
    ) -> Result<(u32, Vec<Voter>), StoreError> {
        let mut tx = self.db.begin().await?;
        // The write comes first: on SQLite a transaction that reads before
        // it writes fails at once if another wrote in between.
        let number: i64 = sqlx::query(
            "INSERT INTO votes (meeting_id, number, spec, electorate, opened_at_ms) \
             SELECT $1, COALESCE(MAX(number), 0) + 1, $2, '[]', $3 FROM votes WHERE meeting_id = $1 \
             RETURNING number",
        )
        .bind(meeting.to_string())
        .bind(json(spec)?)
        .bind(ms(now))
        .fetch_one(&mut *tx)
        .await?
        .try_get("number")?;
        // Member states, those the meeting invites when it is closed.
        let rows = sqlx::query(
            "SELECT d.id AS id, d.name AS name FROM delegations d, meetings m \
             WHERE m.id = $1 AND d.kind = 'member_state' AND (m.access = 'public' OR d.id IN \
             (SELECT delegation_id FROM meeting_invitations WHERE meeting_id = $1)) ORDER BY d.name",
        )
        .bind(meeting.to_string())
        .fetch_all(&mut *tx)
        .await?;
        let electorate = rows
            .iter()
            .map(|r| {
                Ok(Voter {
                    delegation: DelegationId(db::uuid_col(r, "id")?),
                    name: r.try_get("name")?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        sqlx::query("UPDATE votes SET electorate = $3 WHERE meeting_id = $1 AND number = $2")
            .bind(meeting.to_string())
            .bind(number)
            .bind(json(&electorate)?)
            .execute(&mut *tx)
            .await?;
        if spec.kind == VoteKind::Secret {
            for option in 0..votes::options(spec) {
                sqlx::query(
                    "INSERT INTO vote_tallies (meeting_id, number, option, marks) VALUES ($1, $2, $3, 0)",
                )
                .bind(meeting.to_string())
                .bind(number)
                .bind(i64::try_from(option).unwrap_or(i64::MAX))
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok((u32::try_from(number).unwrap_or(u32::MAX), electorate))
    }

    async fn withdraw_vote(&self, meeting: MeetingId, number: u32) -> Result<(), StoreError> {
        let mut tx = self.db.begin().await?;
        for table in ["vote_tallies", "votes"] {
            let sql = format!("DELETE FROM {table} WHERE meeting_id = $1 AND number = $2");
            sqlx::query(&sql)
                .bind(meeting.to_string())
                .bind(i64::from(number))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn cast_ballot(
        &self,
        meeting: MeetingId,
        number: u32,
        delegation: DelegationId,
        by: UserId,
        ballot: &Ballot,
        now: Millis,
    ) -> Result<Result<(), BallotError>, StoreError> {
        match ballot {
            Ballot::Public(choice) => {
                // A recorded vote may be changed until the close: the last counts.
                let sql = format!(
                    "INSERT INTO vote_casts (meeting_id, number, delegation_id, choice, cast_by, cast_at_ms) \
                     SELECT $1, $2, $3, $4, $5, $6 WHERE {} \
                     ON CONFLICT (meeting_id, number, delegation_id) DO UPDATE SET \
                     choice = excluded.choice, cast_by = excluded.cast_by, cast_at_ms = excluded.cast_at_ms",
                    self.while_open()
                );
                let stored = sqlx::query(&sql)
                    .bind(meeting.to_string())
                    .bind(i64::from(number))
                    .bind(delegation.to_string())
                    .bind(choice_str(*choice))
                    .bind(by.to_string())
                    .bind(ms(now))
                    .execute(&self.db)
                    .await?;
                Ok(if stored.rows_affected() == 0 {
                    Err(BallotError::Closed)
                } else {
                    Ok(())
                })
            }
            Ballot::Secret(marks) => {
                let mut tx = self.db.begin().await?;
                let sql = format!(
                    "INSERT INTO vote_voters (meeting_id, number, delegation_id) \
                     SELECT $1, $2, $3 WHERE {} ON CONFLICT (meeting_id, number, delegation_id) DO NOTHING",
                    self.while_open()
                );
                let marked = sqlx::query(&sql)
                    .bind(meeting.to_string())
                    .bind(i64::from(number))
                    .bind(delegation.to_string())
                    .execute(&mut *tx)
                    .await?;
                if marked.rows_affected() == 0 {
                    let voted = self.voted_in(&mut tx, meeting, number, delegation).await?;
                    return Ok(Err(if voted.is_some() {
                        BallotError::AlreadyVoted
                    } else {
                        BallotError::Closed
                    }));
                }
                // Every count of the vote is rewritten, the ballot's marks
                // adding one: no count's row shows which ballot touched it,
                // and every ballot runs the same statements (a statement
                // log says nothing either).
                let options: Vec<i64> = sqlx::query(
                    "SELECT option FROM vote_tallies WHERE meeting_id = $1 AND number = $2",
                )
                .bind(meeting.to_string())
                .bind(i64::from(number))
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|r| r.try_get("option"))
                .collect::<Result<_, _>>()?;
                for option in options {
                    let marked = usize::try_from(option).is_ok_and(|o| marks.contains(&o));
                    sqlx::query(
                        "UPDATE vote_tallies SET marks = marks + $3 \
                         WHERE meeting_id = $1 AND number = $2 AND option = $4",
                    )
                    .bind(meeting.to_string())
                    .bind(i64::from(number))
                    .bind(i64::from(marked))
                    .bind(option)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                Ok(Ok(()))
            }
        }
    }

    async fn voted_in(
        &self,
        conn: &mut sqlx::AnyConnection,
        meeting: MeetingId,
        number: u32,
        delegation: DelegationId,
    ) -> Result<Option<Option<Choice>>, StoreError> {
        let cast = sqlx::query(
            "SELECT choice FROM vote_casts WHERE meeting_id = $1 AND number = $2 AND delegation_id = $3",
        )
        .bind(meeting.to_string())
        .bind(i64::from(number))
        .bind(delegation.to_string())
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(row) = cast {
            return Ok(Some(Some(parse_choice(
                &row.try_get::<String, _>("choice")?,
            )?)));
        }
        let voter = sqlx::query(
            "SELECT 1 AS one FROM vote_voters WHERE meeting_id = $1 AND number = $2 AND delegation_id = $3",
        )
        .bind(meeting.to_string())
        .bind(i64::from(number))
        .bind(delegation.to_string())
        .fetch_optional(&mut *conn)
        .await?;
        Ok(voter.map(|_| None))
    }

    async fn close_vote(
        &self,
        meeting: MeetingId,
        number: u32,
        now: Millis,
        count: Count<'_>,
    ) -> Result<Result<(VoteResult, Tally), BallotError>, StoreError> {
        let mut tx = self.db.begin().await?;
        sqlx::query(
            "UPDATE votes SET closed_at_ms = $3 WHERE meeting_id = $1 AND number = $2 AND closed_at_ms IS NULL",
        )
        .bind(meeting.to_string())
        .bind(i64::from(number))
        .bind(ms(now))
        .execute(&mut *tx)
        .await?;
        let Some(row) =
            sqlx::query("SELECT result FROM votes WHERE meeting_id = $1 AND number = $2")
                .bind(meeting.to_string())
                .bind(i64::from(number))
                .fetch_optional(&mut *tx)
                .await?
        else {
            return Ok(Err(BallotError::Closed));
        };
        let stored: Option<String> = row.try_get("result")?;
        let tally = tally(&mut tx, meeting, number).await?;
        let result = match stored {
            Some(stored) => parse(&stored, "result")?,
            None => {
                let result = count(&tally);
                sqlx::query("UPDATE votes SET result = $3 WHERE meeting_id = $1 AND number = $2")
                    .bind(meeting.to_string())
                    .bind(i64::from(number))
                    .bind(json(&result)?)
                    .execute(&mut *tx)
                    .await?;
                result
            }
        };
        tx.commit().await?;
        if self.postgres {
            // The counts' earlier row versions go: only the totals stay.
            if let Err(e) = sqlx::query("VACUUM vote_tallies").execute(&self.db).await {
                tracing::warn!(error = %e, "vacuuming the secret ballots' counts: {e}");
            }
        }
        Ok(Ok((result, tally)))
    }
}

fn unavailable(e: StoreError) -> BallotError {
    BallotError::Unavailable(e.to_string())
}

impl BallotBox for SqlBallots {
    fn open<'a>(
        &'a self,
        meeting: MeetingId,
        spec: &'a VoteSpec,
        now: Millis,
    ) -> BoxFuture<'a, Result<(u32, Vec<Voter>), BallotError>> {
        Box::pin(async move {
            self.open_vote(meeting, spec, now)
                .await
                .map_err(unavailable)
        })
    }

    fn withdraw(&self, meeting: MeetingId, number: u32) -> BoxFuture<'_, Result<(), BallotError>> {
        Box::pin(async move {
            self.withdraw_vote(meeting, number)
                .await
                .map_err(unavailable)
        })
    }

    fn cast<'a>(
        &'a self,
        meeting: MeetingId,
        number: u32,
        delegation: DelegationId,
        by: UserId,
        ballot: &'a Ballot,
        now: Millis,
    ) -> BoxFuture<'a, Result<(), BallotError>> {
        Box::pin(async move {
            self.cast_ballot(meeting, number, delegation, by, ballot, now)
                .await
                .map_err(unavailable)?
        })
    }

    fn voted(
        &self,
        meeting: MeetingId,
        number: u32,
        delegation: DelegationId,
    ) -> BoxFuture<'_, Result<Option<Option<Choice>>, BallotError>> {
        Box::pin(async move {
            let mut conn = self.db.acquire().await.map_err(|e| unavailable(e.into()))?;
            self.voted_in(&mut conn, meeting, number, delegation)
                .await
                .map_err(unavailable)
        })
    }

    fn close<'a>(
        &'a self,
        meeting: MeetingId,
        number: u32,
        now: Millis,
        count: Count<'a>,
    ) -> BoxFuture<'a, Result<(VoteResult, Tally), BallotError>> {
        Box::pin(async move {
            self.close_vote(meeting, number, now, count)
                .await
                .map_err(unavailable)?
        })
    }
}

/// Who voted in a vote and how (for ballots that are not secret), and a
/// secret ballot's counts.
async fn tally(
    conn: &mut sqlx::AnyConnection,
    meeting: MeetingId,
    number: u32,
) -> Result<Tally, StoreError> {
    let mut tally = Tally::default();
    let casts = sqlx::query(
        "SELECT delegation_id, choice FROM vote_casts WHERE meeting_id = $1 AND number = $2",
    )
    .bind(meeting.to_string())
    .bind(i64::from(number))
    .fetch_all(&mut *conn)
    .await?;
    for row in casts {
        let choice = parse_choice(&row.try_get::<String, _>("choice")?)?;
        tally.casts.push((
            DelegationId(db::uuid_col(&row, "delegation_id")?),
            Some(choice),
        ));
    }
    let voters =
        sqlx::query("SELECT delegation_id FROM vote_voters WHERE meeting_id = $1 AND number = $2")
            .bind(meeting.to_string())
            .bind(i64::from(number))
            .fetch_all(&mut *conn)
            .await?;
    for row in voters {
        tally
            .casts
            .push((DelegationId(db::uuid_col(&row, "delegation_id")?), None));
    }
    tally.casts.sort_by_key(|c| c.0);
    let marks = sqlx::query(
        "SELECT marks FROM vote_tallies WHERE meeting_id = $1 AND number = $2 ORDER BY option",
    )
    .bind(meeting.to_string())
    .bind(i64::from(number))
    .fetch_all(&mut *conn)
    .await?;
    for row in marks {
        tally
            .marks
            .push(u32::try_from(row.try_get::<i64, _>("marks")?).unwrap_or(0));
    }
    Ok(tally)
}

/// The votes of a meeting, in order, as their pages show them.
pub async fn of_meeting(db: &Db, meeting: MeetingId) -> Result<Vec<Vote>, StoreError> {
    let rows = sqlx::query("SELECT * FROM votes WHERE meeting_id = $1 ORDER BY number")
        .bind(meeting.to_string())
        .fetch_all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    let mut conn = db.acquire().await?;
    for row in rows {
        let number = u32::try_from(row.try_get::<i64, _>("number")?).unwrap_or(0);
        let spec: VoteSpec = parse(&row.try_get::<String, _>("spec")?, "spec")?;
        let result: Option<String> = row.try_get("result")?;
        let public = spec.kind.names_voters();
        let voted = tally(&mut conn, meeting, number)
            .await?
            .casts
            .into_iter()
            .map(|(delegation, choice)| Voted {
                delegation,
                choice: choice.filter(|_| public),
            })
            .collect();
        out.push(Vote {
            number,
            item: spec.item.unwrap_or(0),
            spec,
            electorate: parse(&row.try_get::<String, _>("electorate")?, "electorate")?,
            opened_at: Millis(u64::try_from(row.try_get::<i64, _>("opened_at_ms")?).unwrap_or(0)),
            voted,
            roll_call: None,
            result: result.map(|r| parse(&r, "result")).transpose()?,
            closed_at: row
                .try_get::<Option<i64>, _>("closed_at_ms")?
                .map(|t| Millis(u64::try_from(t).unwrap_or(0))),
        });
    }
    Ok(out)
}

fn ms(at: Millis) -> i64 {
    i64::try_from(at.0).unwrap_or(i64::MAX)
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn parse<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("vote {what}: {e}")))
}

fn choice_str(choice: Choice) -> &'static str {
    match choice {
        Choice::Yes => "yes",
        Choice::No => "no",
        Choice::Abstain => "abstain",
    }
}

fn parse_choice(text: &str) -> Result<Choice, StoreError> {
    Choice::ALL
        .into_iter()
        .find(|c| choice_str(*c) == text)
        .ok_or_else(|| StoreError::Corrupt(format!("vote choice {text:?}")))
}

/// `GET /api/v1/meetings/{id}/votes`: the votes taken in a meeting, for
/// whoever may read the meeting.
#[utoipa::path(get, path = "/api/v1/meetings/{id}/votes", tag = "votes",
    params(("id" = MeetingId, Path)),
    responses((status = 200, description = "The meeting's votes, in order", body = Object), (status = 404)))]
pub async fn list(
    State(state): State<AppState>,
    viewer: crate::auth::Viewer,
    Path(id): Path<MeetingId>,
) -> ApiResult<Json<Vec<Vote>>> {
    crate::scheduling::visible_meeting(&state.db, &viewer, id).await?;
    Ok(Json(of_meeting(&state.db, id).await?))
}

/// `GET /api/v1/meetings/{id}/votes/{number}`: one vote and its result.
#[utoipa::path(get, path = "/api/v1/meetings/{id}/votes/{number}", tag = "votes",
    params(("id" = MeetingId, Path), ("number" = u32, Path)),
    responses((status = 200, description = "The vote, with its result once closed", body = Object), (status = 404)))]
pub async fn one(
    State(state): State<AppState>,
    viewer: crate::auth::Viewer,
    Path((id, number)): Path<(MeetingId, u32)>,
) -> ApiResult<Json<Vote>> {
    crate::scheduling::visible_meeting(&state.db, &viewer, id).await?;
    of_meeting(&state.db, id)
        .await?
        .into_iter()
        .find(|v| v.number == number)
        .map(Json)
        .ok_or(crate::error::ApiError::NotFound)
}
