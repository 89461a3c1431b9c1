//! Viewers' links: a token that names a public meeting and when it
//! expires, signed with a key the nodes share, so any node checks it
//! without a lookup and nobody makes one without the key. A link lets its
//! holder watch and listen (a viewer: no seat, nothing published), never
//! act. This module is the only one that reads or writes `signing_keys`.

use crate::auth::{Caller, Viewer};
use crate::db::{self, Db};
use crate::error::{ApiError, ApiResult, Refusal, StoreError};
use crate::extract::{Json, Path};
use crate::validate::Broken;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use hmac::{Hmac, Mac};
use plenary_protocol::api::{Access, Meeting, MeetingStatus, NewViewerLink, ViewerLink};
use plenary_protocol::{MeetingId, Problem};
use sha2::Sha256;
use sqlx::Row;

const KEY_NAME: &str = "viewer_links";
/// A link holds two weeks at most: a session's webcast, not a standing pass.
pub const MAX_HOURS: u32 = 14 * 24;
const DEFAULT_HOURS: u32 = 24;

/// Why a link does not let its holder in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("the link is not one this hub made for this meeting")]
    Forged,
    #[error("the link has expired")]
    Expired,
}

fn mac(key: &[u8], meeting: MeetingId, expires: i64) -> Hmac<Sha256> {
    // Any key length is accepted by HMAC.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(format!("plenary viewer link\n{meeting}\n{expires}").as_bytes());
    mac
}

/// The token of a link to `meeting` that expires at `expires` (Unix seconds).
pub fn sign(key: &[u8], meeting: MeetingId, expires: i64) -> String {
    let tag = mac(key, meeting, expires).finalize().into_bytes();
    format!("{expires}.{}", crate::crypto::hex(&tag))
}

/// Whether `token` lets its holder watch `meeting` at `now`.
pub fn check(key: &[u8], token: &str, meeting: MeetingId, now: i64) -> Result<(), LinkError> {
    let (expires, tag) = token.split_once('.').ok_or(LinkError::Forged)?;
    let expires: i64 = expires.parse().map_err(|_| LinkError::Forged)?;
    let tag = (0..tag.len())
        .step_by(2)
        .map(|i| {
            tag.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect::<Option<Vec<u8>>>()
        .ok_or(LinkError::Forged)?;
    mac(key, meeting, expires)
        .verify_slice(&tag)
        .map_err(|_| LinkError::Forged)?;
    if now >= expires {
        return Err(LinkError::Expired);
    }
    Ok(())
}

/// The nodes' shared key for links, made by whichever node needs it first.
pub async fn key(db: &Db) -> Result<Vec<u8>, StoreError> {
    let read = || async {
        sqlx::query("SELECT secret FROM signing_keys WHERE name = $1")
            .bind(KEY_NAME)
            .fetch_optional(db)
            .await
    };
    let row = match read().await? {
        Some(row) => row,
        None => {
            // Two nodes may race here: the first insert wins, both read it.
            sqlx::query(
                "INSERT INTO signing_keys (name, secret) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
            )
            .bind(KEY_NAME)
            .bind(crate::crypto::random_token())
            .execute(db)
            .await?;
            read()
                .await?
                .ok_or_else(|| StoreError::Corrupt("signing key not kept".into()))?
        }
    };
    let secret: String = row.try_get("secret")?;
    Ok(secret.into_bytes())
}

/// The meeting a viewer's token admits to now: the link is this hub's and
/// unexpired, and the meeting is still one that may be watched (it may have
/// closed, or stopped being public, since the link was made).
pub async fn admit(db: &Db, token: &str, id: MeetingId) -> ApiResult<Meeting> {
    let key = key(db).await?;
    check(&key, token, id, db::now()).map_err(|_| ApiError::InvalidState(Refusal::ViewerLink))?;
    let meeting = crate::scheduling::meeting_by_id(db, id).await?;
    watchable(&meeting)?;
    Ok(meeting)
}

/// Whether viewers may watch `meeting`: public, and neither cancelled nor
/// adjourned.
fn watchable(meeting: &Meeting) -> ApiResult<()> {
    if meeting.access != Access::Public {
        return Err(ApiError::InvalidState(Refusal::NotPublic));
    }
    if matches!(
        meeting.status,
        MeetingStatus::Cancelled | MeetingStatus::Adjourned
    ) {
        return Err(ApiError::InvalidState(Refusal::NotJoinable(meeting.status)));
    }
    Ok(())
}

/// Makes a link to watch a public meeting without an account, for the
/// secretariat and the meeting's chair to hand out (a webcast, the press).
#[utoipa::path(post, path = "/api/v1/meetings/{id}/viewer-links", tag = "live", params(("id" = MeetingId, Path)),
    request_body = NewViewerLink,
    responses((status = 201, body = ViewerLink), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn post_viewer_link(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<MeetingId>,
    Json(body): Json<NewViewerLink>,
) -> ApiResult<(StatusCode, Json<ViewerLink>)> {
    let meeting =
        crate::scheduling::visible_meeting(&state.db, &Viewer(Some(caller.clone())), id).await?;
    if !caller.role().is_staff() && meeting.chair_id != Some(caller.user.id) {
        return Err(ApiError::Forbidden);
    }
    let hours = body.hours.unwrap_or(DEFAULT_HOURS);
    if !(1..=MAX_HOURS).contains(&hours) {
        return Err(ApiError::invalid("hours", Broken::Hours { max: MAX_HOURS }));
    }
    watchable(&meeting)?;
    let expires = db::now() + i64::from(hours) * 3600;
    let token = sign(&key(&state.db).await?, id, expires);
    Ok((
        StatusCode::CREATED,
        Json(ViewerLink {
            url: format!(
                "{}/meetings/{id}/watch?token={token}",
                state.config.public_url
            ),
            token,
            expires_at: db::to_time(expires)?,
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_holds_for_its_meeting_until_it_expires_and_cannot_be_made_without_the_key() {
        let key = b"a key the nodes share";
        let meeting = MeetingId(uuid::Uuid::from_u128(7));
        let token = sign(key, meeting, 1_000);
        assert_eq!(check(key, &token, meeting, 999), Ok(()));
        assert_eq!(check(key, &token, meeting, 1_000), Err(LinkError::Expired));
        // Another meeting, another key, a later expiry written in: refused.
        let other = MeetingId(uuid::Uuid::from_u128(8));
        assert_eq!(check(key, &token, other, 0), Err(LinkError::Forged));
        assert_eq!(
            check(b"another key", &token, meeting, 0),
            Err(LinkError::Forged)
        );
        let (_, tag) = token.split_once('.').expect("tag");
        assert_eq!(
            check(key, &format!("9999.{tag}"), meeting, 0),
            Err(LinkError::Forged)
        );
        for bad in ["", ".", "1000", "1000.", "x.00", "1000.zz", "1000.abc"] {
            assert_eq!(
                check(key, bad, meeting, 0),
                Err(LinkError::Forged),
                "{bad:?}"
            );
        }
    }
}
