//! Votes over the real websocket: the 193 Member States in one recorded
//! vote at once, counted exactly; every refusal with its code and nothing
//! counted; a secret ballot that nothing stored links to its delegation;
//! a roll-call; and across two nodes, one of them killed mid-vote with no
//! acknowledged vote lost.

use plenary_protocol::signal::{Event, ServerMessage};
use plenary_protocol::vote::{Choice, Outcome, Vote};
use plenary_tests::{Backend, Client, Hub, Live, Member};
use serde_json::{json, Value};
use sqlx::Row;
use std::time::Duration;

plenary_tests::on_both_backends!(
    the_member_states_vote_at_once_and_each_counts_once,
    every_wrong_vote_is_refused_with_its_code_and_counts_for_nothing,
    a_secret_ballot_leaves_nothing_that_links_a_ballot_to_its_delegation,
    a_roll_call_starts_at_the_lot_and_calls_the_absent_again,
    a_vote_s_page_and_the_minutes_name_each_delegation_s_vote,
);

/// The choice of the `i`th member state in these tests: half in favour, a
/// quarter against, a quarter abstaining.
fn choice_of(i: usize) -> Choice {
    match i % 4 {
        0 | 1 => Choice::Yes,
        2 => Choice::No,
        _ => Choice::Abstain,
    }
}

fn word(choice: Choice) -> &'static str {
    match choice {
        Choice::Yes => "yes",
        Choice::No => "no",
        Choice::Abstain => "abstain",
    }
}

/// A public meeting chaired by a delegate (of a member state that is not
/// among `members`), open, with the chair seated.
async fn sitting(hub: &Hub) -> (Client, String, Live) {
    let (chair, id) = hub.chaired_meeting("public", &[]).await;
    let mut live = Live::join(&hub.url, &chair, &id).await;
    live.ok(json!({"command": "open"})).await;
    (chair, id, live)
}

/// Seats each member's delegate on the node at `url` of `urls`, in turn.
async fn seat(urls: &[&str], members: &[Member], meeting: &str) -> Vec<Live> {
    let mut seated = Vec::with_capacity(members.len());
    for (i, m) in members.iter().enumerate() {
        seated.push(Live::join(urls[i % urls.len()], &m.client, meeting).await);
    }
    seated
}

fn recorded(title: &str) -> Value {
    json!({"command": "open_vote", "spec": {"kind": "recorded", "title": title}})
}

fn cast(number: u32, choice: Choice) -> Value {
    json!({"command": "cast_vote", "number": number, "cast": {"position": word(choice)}})
}

/// Reads until the vote closes; gives it as announced, or as the whole
/// state shows it when the node resynchronised this socket instead.
async fn closed(live: &mut Live) -> Vote {
    vote_where(live, "the vote's close", |v| !v.is_open()).await
}

async fn opened(live: &mut Live) -> Vote {
    vote_where(live, "the vote's opening", Vote::is_open).await
}

/// The first vote announced, or shown in a state sent unasked (a node
/// sends the whole state when its updates lagged), that `want` accepts.
async fn vote_where(live: &mut Live, what: &str, want: impl Fn(&Vote) -> bool) -> Vote {
    use plenary_protocol::signal::ServerMessage;
    live.read_until(what, |message| match message {
        ServerMessage::Update { events, .. } => events.into_iter().find_map(|e| match e {
            Event::VoteOpened { vote } | Event::VoteClosed { vote } => Some(vote).filter(&want),
            _ => None,
        }),
        ServerMessage::State {
            id: None, state, ..
        } => state.vote.filter(&want),
        _ => None,
    })
    .await
}

async fn the_member_states_vote_at_once_and_each_counts_once(backend: Backend) {
    let hub = Hub::start(backend).await;
    let (chair_client, id, mut chair) = sitting(&hub).await;
    let members = hub.member_states(193).await;
    let mut seated = seat(&[&hub.url], &members, &id).await;
    // A second delegate of the first delegation, on another device.
    let second = hub.second_delegate(&members[0]).await;
    let mut second = Live::join(&hub.url, &second, &id).await;

    chair.ok(recorded("Draft resolution A/C.2/57/L.12")).await;
    let vote = opened(&mut seated[0]).await;
    assert_eq!(vote.number, 1);
    // The chair's own delegation is a member too, absent from the seats.
    assert_eq!(vote.electorate.len(), 194);

    // All at once, and the first delegation's two delegates against each other.
    let casts = seated
        .iter_mut()
        .enumerate()
        .map(|(i, live)| async move { live.request(cast(1, choice_of(i))).await });
    let (answers, rival) = tokio::join!(
        futures_util::future::join_all(casts),
        second.request(cast(1, Choice::Abstain))
    );
    assert!(answers.iter().all(Result::is_ok), "{answers:?}");
    assert_eq!(rival, Ok(()));

    chair
        .ok(json!({"command": "close_vote", "number": 1}))
        .await;
    let announced = closed(&mut seated[100]).await;
    let result = announced.result.clone().expect("a result");
    let first = announced
        .vote_of(members[0].delegation.parse().expect("id"))
        .expect("the first delegation voted")
        .expect("a recorded vote shows it");
    let mut expected = [0u32; 3];
    for i in 0..193 {
        let c = if i == 0 { first } else { choice_of(i) };
        expected[c as usize] += 1;
    }
    assert_eq!(
        (result.yes, result.no, result.abstain),
        (expected[0], expected[1], expected[2]),
        "each delegation once, whichever of its delegates cast last"
    );
    assert_eq!(announced.voted.len(), 193);
    assert_eq!((result.members, result.present), (194, 193));
    assert_eq!(result.voting, expected[0] + expected[1]);
    assert_eq!(result.outcome, Outcome::Adopted);
    let names = result.names.expect("a recorded vote names the delegations");
    assert_eq!(names.yes.len() + names.no.len() + names.abstain.len(), 193);
    assert!(names.yes.contains(&members[1].name));
    assert!(names.no.contains(&members[2].name));

    // The same on every client, and on the result's API for any reader.
    // (The chair's acknowledgement may come after the update it caused.)
    assert_eq!(chair.state().await.vote, Some(announced.clone()));
    let api = hub
        .anonymous()
        .get(&format!("/api/v1/meetings/{id}/votes/1"))
        .await;
    assert_eq!(api.status, 200, "{}", api.text);
    assert_eq!(api.json()["result"]["yes"], expected[0]);
    assert_eq!(api.json()["voted"].as_array().map(Vec::len), Some(193));
    let missing = chair_client
        .get(&format!("/api/v1/meetings/{id}/votes/2"))
        .await;
    missing.assert_problem(404, "not_found");
    // A cast after the close counts for nothing.
    assert_eq!(
        seated[5].request(cast(1, Choice::No)).await,
        Err("no_vote".into())
    );
    let again = hub
        .anonymous()
        .get(&format!("/api/v1/meetings/{id}/votes/1"))
        .await;
    assert_eq!(again.json()["result"], api.json()["result"]);
    // The audit log keeps the opening and the closing, by the chair, and
    // none of the 194 ballots.
    let chair_user = chair_client.get("/api/v1/session").await.json()["user"]["id"].clone();
    for action in ["vote_opened", "vote_closed"] {
        let entries = hub
            .audited(&format!("action={action}&subject=meeting:{id}"), 1)
            .await;
        assert_eq!(entries.len(), 1, "{action}: {entries:?}");
        assert_eq!(entries[0]["actor"], chair_user);
        assert_eq!(
            entries[0]["detail"],
            json!({"number": 1, "title": "Draft resolution A/C.2/57/L.12"})
        );
    }
    let all = hub
        .audited(&format!("subject=meeting:{id}&limit=500"), 2)
        .await;
    assert_eq!(all.len(), 2, "{all:?}");
}

async fn every_wrong_vote_is_refused_with_its_code_and_counts_for_nothing(backend: Backend) {
    let hub = Hub::start(backend).await;
    let (_, id, mut chair) = sitting(&hub).await;
    let members = hub.member_states(2).await;
    let mut seated = seat(&[&hub.url], &members, &id).await;
    let observer_delegation = hub.observer().await;
    let observer = hub.user("delegate", Some(&observer_delegation)).await;
    let mut observer = Live::join(&hub.url, &observer, &id).await;
    let staff = hub.user("secretariat", None).await;
    let mut staff = Live::join(&hub.url, &staff, &id).await;

    // Opening is the chair's (a member of the secretariat, with no
    // secretary named, acts for the chair); a bad proposal is refused.
    assert_eq!(
        seated[0].request(recorded("Draft resolution")).await,
        Err("not_chair".into())
    );
    assert_eq!(chair.request(recorded("")).await, Err("bad_value".into()));
    let election = json!({"command": "open_vote", "spec": {"kind": "secret", "title": "Election of two Vice-Chairs",
        "election": {"candidates": ["Ghana", "Peru", "Nepal"], "seats": 2}}});
    staff.ok(election).await;
    assert_eq!(
        chair.request(recorded("Another")).await,
        Err("voting_in_progress".into())
    );
    let ballot = |candidates: Value| json!({"command": "cast_vote", "number": 1, "cast": {"ballot": candidates}});
    for (who, command, code) in [
        (&mut observer, ballot(json!([0])), "not_entitled"),
        (&mut staff, ballot(json!([0])), "not_entitled"),
        (&mut chair, ballot(json!([0])), "not_entitled"),
    ] {
        assert_eq!(
            who.request(command.clone()).await,
            Err(code.into()),
            "{command}"
        );
    }
    for (command, code) in [
        (ballot(json!([0, 1, 2])), "bad_ballot"),
        (ballot(json!([7])), "bad_ballot"),
        (ballot(json!([1, 1])), "bad_ballot"),
        (cast(1, Choice::Yes), "bad_ballot"),
        (
            json!({"command": "cast_vote", "number": 2, "cast": {"ballot": [0]}}),
            "no_vote",
        ),
    ] {
        assert_eq!(
            seated[0].request(command.clone()).await,
            Err(code.into()),
            "{command}"
        );
    }
    // A raw frame with a choice that does not exist is not a message at all.
    seated[0]
        .send_raw(r#"{"type":"act","id":99,"command":{"command":"cast_vote","number":1,"cast":{"position":"maybe"}}}"#)
        .await;
    loop {
        if let ServerMessage::Error { code, .. } = seated[0].recv().await {
            assert_eq!(serde_json::to_value(code).expect("code"), "bad_message");
            break;
        }
    }
    seated[0].ok(ballot(json!([0, 2]))).await;
    assert_eq!(
        seated[0].request(ballot(json!([1]))).await,
        Err("already_voted".into()),
        "a secret ballot is cast once"
    );
    assert_eq!(
        seated[1]
            .request(json!({"command": "close_vote", "number": 1}))
            .await,
        Err("not_chair".into())
    );
    chair
        .ok(json!({"command": "close_vote", "number": 1}))
        .await;
    assert_eq!(
        seated[1].request(ballot(json!([1]))).await,
        Err("no_vote".into())
    );
    let result = &hub
        .anonymous()
        .get(&format!("/api/v1/meetings/{id}/votes/1"))
        .await
        .json()["result"];
    assert_eq!(result["ballots"], 1, "{result}");
    let votes: Vec<u64> = result["candidates"]
        .as_array()
        .expect("candidates")
        .iter()
        .map(|c| c["votes"].as_u64().expect("votes"))
        .collect();
    assert_eq!(votes, vec![1, 0, 1], "only the one valid ballot counts");
}

async fn a_secret_ballot_leaves_nothing_that_links_a_ballot_to_its_delegation(backend: Backend) {
    let hub = Hub::start(backend).await;
    let (_, id, mut chair) = sitting(&hub).await;
    let members = hub.member_states(5).await;
    let mut seated = seat(&[&hub.url], &members, &id).await;
    chair
        .ok(json!({"command": "open_vote", "spec": {"kind": "secret", "title": "Election of two Vice-Chairs",
            "election": {"candidates": ["Ghana", "Peru", "Nepal"], "seats": 2}}}))
        .await;
    // Each ballot different: 0+1, 0+2, 1+2, 0, blank.
    let ballots = [
        json!([0, 1]),
        json!([0, 2]),
        json!([1, 2]),
        json!([0]),
        json!([]),
    ];
    for (live, ballot) in seated.iter_mut().zip(&ballots) {
        live.ok(json!({"command": "cast_vote", "number": 1, "cast": {"ballot": ballot}}))
            .await;
    }
    // While it is open, what the meeting shows of each delegation is that it voted.
    let mut vote = seated[0].state().await.vote.expect("the vote");
    for _ in 0..100 {
        if vote.voted.len() == 5 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        vote = seated[0].state().await.vote.expect("the vote");
    }
    assert_eq!(vote.voted.len(), 5);
    assert!(vote.voted.iter().all(|v| v.choice.is_none()));

    // Every row the hub stored that names a delegation, read as text.
    let db = &hub.state.db;
    let tables: Vec<String> = if backend == Backend::Postgres {
        sqlx::query("SELECT CAST(table_name AS TEXT) AS t FROM information_schema.tables WHERE table_schema = 'public'")
            .fetch_all(db)
            .await
            .expect("tables")
            .iter()
            .map(|r| r.try_get("t").expect("name"))
            .collect()
    } else {
        sqlx::query("SELECT name AS t FROM sqlite_master WHERE type = 'table'")
            .fetch_all(db)
            .await
            .expect("tables")
            .iter()
            .map(|r| r.try_get("t").expect("name"))
            .collect()
    };
    let mut naming = Vec::new();
    for table in tables
        .iter()
        .filter(|t| !t.starts_with("_sqlx") && !t.starts_with("sqlite"))
    {
        let rows = if backend == Backend::Postgres {
            let sql = format!("SELECT CAST(row_to_json(x) AS TEXT) AS j FROM {table} x");
            sqlx::query(&sql).fetch_all(db).await.expect("rows")
        } else {
            let columns: Vec<String> =
                sqlx::query(&format!("SELECT name FROM pragma_table_info('{table}')"))
                    .fetch_all(db)
                    .await
                    .expect("columns")
                    .iter()
                    .map(|r| r.try_get("name").expect("column"))
                    .collect();
            let joined = columns
                .iter()
                .map(|c| format!("COALESCE(CAST(\"{c}\" AS TEXT), '')"))
                .collect::<Vec<_>>()
                .join(" || '|' || ");
            sqlx::query(&format!("SELECT {joined} AS j FROM {table}"))
                .fetch_all(db)
                .await
                .expect("rows")
        };
        for row in rows {
            let text: String = row.try_get("j").expect("text");
            if members.iter().any(|m| text.contains(&m.delegation)) {
                naming.push((table.clone(), text));
            }
        }
    }
    // The delegations, the electorate, the voters and the record: none
    // of which says how anyone voted.
    for (table, text) in &naming {
        assert!(
            !text.contains("ballot")
                && !text.contains("marks")
                && !text.contains("\"choice\":\"")
                && !text.contains("\"choice\": \""),
            "{table} links a delegation to a ballot: {text}"
        );
    }
    assert!(naming.iter().any(|(t, _)| t == "vote_voters"));
    // The counts name no one and carry no time.
    let tallies = sqlx::query("SELECT * FROM vote_tallies")
        .fetch_all(db)
        .await
        .expect("tallies");
    assert_eq!(tallies.len(), 4);
    for row in &tallies {
        let columns: Vec<&str> = sqlx::Row::columns(row)
            .iter()
            .map(sqlx::Column::name)
            .collect();
        assert_eq!(columns, ["meeting_id", "number", "option", "marks"]);
    }
    if backend == Backend::Postgres {
        // Every count rewritten by every ballot: all carry the last
        // ballot's transaction, so none tells which ballot added to it.
        let versions = sqlx::query("SELECT DISTINCT CAST(xmin AS TEXT) AS x FROM vote_tallies")
            .fetch_all(db)
            .await
            .expect("xmin");
        assert_eq!(versions.len(), 1);
        // Redis holds the live meeting: it shows who voted, never how.
        let url = std::env::var("PLENARY_TEST_REDIS_URL").expect("redis");
        let client = redis::Client::open(url).expect("redis url");
        let mut conn = client
            .get_multiplexed_async_connection()
            .await
            .expect("redis");
        let keys: Vec<String> = redis::cmd("KEYS")
            .arg(format!("*{id}*"))
            .query_async(&mut conn)
            .await
            .expect("keys");
        assert!(!keys.is_empty());
        for key in keys {
            let kind: String = redis::cmd("TYPE")
                .arg(&key)
                .query_async(&mut conn)
                .await
                .expect("type");
            if kind != "string" {
                continue;
            }
            let value: String = redis::cmd("GET")
                .arg(&key)
                .query_async(&mut conn)
                .await
                .expect("get");
            if let Ok(state) = serde_json::from_str::<Value>(&value) {
                for voted in state["vote"]["voted"].as_array().into_iter().flatten() {
                    assert_eq!(voted["choice"], Value::Null, "{key}: {voted}");
                }
                assert!(!value.contains("marks"), "{key}");
            }
        }
    }

    chair
        .ok(json!({"command": "close_vote", "number": 1}))
        .await;
    let vote = closed(&mut seated[0]).await;
    let result = vote.result.expect("result");
    let got: Vec<(String, u32, bool)> = result
        .candidates
        .iter()
        .map(|c| (c.name.clone(), c.votes, c.elected))
        .collect();
    // Five ballots, one blank: four voting, three needed. Ghana 3, Peru 2,
    // Nepal 2: one seat filled, a further ballot between Peru and Nepal.
    assert_eq!(
        got,
        vec![
            ("Ghana".into(), 3, true),
            ("Peru".into(), 2, false),
            ("Nepal".into(), 2, false)
        ]
    );
    assert_eq!((result.ballots, result.voting, result.required), (5, 4, 3));
    assert_eq!(result.outcome, Outcome::FurtherBallot);
    assert_eq!(result.further_ballot, vec!["Peru", "Nepal"]);
    assert!(vote.voted.iter().all(|v| v.choice.is_none()));
}

async fn a_roll_call_starts_at_the_lot_and_calls_the_absent_again(backend: Backend) {
    let hub = Hub::start(backend).await;
    let (_, id, mut chair) = sitting(&hub).await;
    let members = hub.member_states(3).await;
    let mut seated = seat(&[&hub.url], &members, &id).await;
    chair
        .ok(json!({"command": "open_vote", "spec": {"kind": "roll_call", "title": "Draft decision A/C.2/57/L.3",
            "document": "A/C.2/57/L.3"}}))
        .await;
    let vote = opened(&mut seated[0]).await;
    let call = vote.roll_call.clone().expect("a roll-call");
    // In alphabetical order from the lot, round the electorate.
    let names: Vec<&str> = call
        .order
        .iter()
        .map(|d| vote.name_of(*d).expect("named"))
        .collect();
    let mut sorted = names.clone();
    let lot = call.lot().expect("a lot");
    sorted.sort_by_key(|n| n.to_lowercase());
    let at = sorted
        .iter()
        .position(|n| Some(*n) == vote.name_of(lot))
        .expect("the lot is in it");
    sorted.rotate_left(at);
    assert_eq!(names, sorted);
    let index_of = |d: plenary_protocol::DelegationId| {
        members.iter().position(|m| m.delegation == d.to_string())
    };
    let mut calling = call.calling;
    let mut skipped = None;
    while let Some(d) = calling {
        let voter = index_of(d);
        for (i, live) in seated.iter_mut().enumerate() {
            if Some(i) != voter {
                assert_eq!(
                    live.request(cast(1, Choice::Yes)).await,
                    Err("not_your_turn".into())
                );
            }
        }
        // The first seated delegation called does not answer its first
        // call (nor does the chair's, never seated).
        if let Some(i) = voter {
            if skipped.is_none() {
                skipped = Some(d);
            } else {
                seated[i].ok(cast(1, Choice::No)).await;
            }
        }
        chair.ok(json!({"command": "call_next", "number": 1})).await;
        let roll_call = chair
            .state()
            .await
            .vote
            .and_then(|v| v.roll_call)
            .expect("the call");
        if let Some(d) = roll_call.calling.filter(|_| roll_call.second_round) {
            assert!(
                roll_call.recall.contains(&d),
                "only the absent are called again"
            );
            assert!(skipped.is_some_and(|s| roll_call.recall.contains(&s)));
        }
        calling = roll_call.calling;
    }
    chair
        .ok(json!({"command": "close_vote", "number": 1}))
        .await;
    let result = closed(&mut seated[0]).await.result.expect("result");
    // The chair's delegation is in the electorate but was never seated.
    assert_eq!((result.no, result.members), (3, 4));
    assert_eq!(result.outcome, Outcome::Rejected);
}

/// Two nodes share PostgreSQL and Redis; the 193 Member States' delegates
/// are spread over both and vote at once; the second node (a process of
/// its own) is killed with SIGKILL while its delegates' votes are in
/// flight. No acknowledged vote is lost: its delegates come back on the
/// first node and see their delegation's vote; those not acknowledged vote
/// again; the close counts every delegation once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_killed_mid_vote_loses_no_acknowledged_vote() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let hub = Hub::start(Backend::Postgres).await;
    let mut node = hub.node_process().await;
    let (_, id, mut chair) = sitting(&hub).await;
    let members = hub.member_states(193).await;
    let mut seated = seat(&[&hub.url, &node.url], &members, &id).await;
    chair.ok(recorded("Draft resolution A/C.3/57/L.40")).await;
    opened(&mut seated[1]).await;
    let on_second = AtomicUsize::new(0);
    let casts = seated.iter_mut().enumerate().map(|(i, live)| {
        let on_second = &on_second;
        async move {
            let answer = live.try_request(cast(1, choice_of(i))).await;
            if i % 2 == 1 && answer == Some(Ok(())) {
                on_second.fetch_add(1, Ordering::SeqCst);
            }
            answer
        }
    });
    let killer = async {
        while on_second.load(Ordering::SeqCst) < 20 {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        node.kill();
    };
    let (answers, ()) = tokio::join!(futures_util::future::join_all(casts), killer);
    for (i, answer) in answers.iter().enumerate().filter(|(i, _)| i % 2 == 0) {
        assert_eq!(answer, &Some(Ok(())), "member {i} on the surviving node");
    }
    let acknowledged = answers.iter().filter(|a| **a == Some(Ok(()))).count();
    assert!(acknowledged < 193 || on_second.load(Ordering::SeqCst) >= 20);

    // The killed node's delegates come back on the first node.
    for i in (0..193).filter(|i| i % 2 == 1) {
        seated[i] = Live::connect(
            &hub.url,
            &members[i].client,
            &id,
            Some(&seated[i].resume_token),
        )
        .await
        .expect("back on the first node");
    }
    for i in (0..193).filter(|i| i % 2 == 1) {
        if answers[i] == Some(Ok(())) {
            let delegation = members[i].delegation.parse().expect("id");
            let mut seen = None;
            for _ in 0..100 {
                seen = seated[i]
                    .state()
                    .await
                    .vote
                    .and_then(|v| v.vote_of(delegation));
                if seen.is_some() {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            assert_eq!(
                seen,
                Some(Some(choice_of(i))),
                "member {i} sees its acknowledged vote"
            );
        } else {
            // Never acknowledged: stored or not, voting again counts once.
            seated[i].ok(cast(1, choice_of(i))).await;
        }
    }
    chair
        .ok(json!({"command": "close_vote", "number": 1}))
        .await;
    let vote = closed(&mut seated[0]).await;
    let result = vote.result.expect("result");
    let count = |c: Choice| (0..193).filter(|&i| choice_of(i) == c).count() as u32;
    assert_eq!(
        (result.yes, result.no, result.abstain),
        (
            count(Choice::Yes),
            count(Choice::No),
            count(Choice::Abstain)
        )
    );
    assert_eq!(vote.voted.len(), 193);
}

/// A closed meeting's vote: its page, the meeting's page and the API for
/// those who may read the meeting (404 for the others, as the meeting is),
/// the record's line, and the minutes' draft written as a summary record.
async fn a_vote_s_page_and_the_minutes_name_each_delegation_s_vote(backend: Backend) {
    let hub = Hub::start(backend).await;
    let members = hub.member_states(3).await;
    let invited: Vec<String> = members.iter().map(|m| m.delegation.clone()).collect();
    let (chair_client, id) = hub.chaired_meeting("closed", &invited).await;
    let mut chair = Live::join(&hub.url, &chair_client, &id).await;
    chair.ok(json!({"command": "open"})).await;
    let mut seated = seat(&[&hub.url], &members, &id).await;
    // A closed meeting seats its delegates in the lobby until the chair admits them.
    for live in &seated {
        chair
            .ok(json!({"command": "admit", "participant": live.me.0}))
            .await;
    }
    chair
        .ok(json!({"command": "open_vote", "spec": {"kind": "recorded",
            "title": "Draft resolution A/C.3/81/L.7", "document": "A/C.3/81/L.7"}}))
        .await;
    opened(&mut seated[0]).await;
    for (live, choice) in seated
        .iter_mut()
        .zip([Choice::Yes, Choice::No, Choice::Yes])
    {
        live.request(cast(1, choice)).await.expect("cast");
    }
    chair
        .ok(json!({"command": "close_vote", "number": 1}))
        .await;
    closed(&mut seated[1]).await;
    let (yes_0, no_1, yes_2) = (&members[0].name, &members[1].name, &members[2].name);

    let page = format!("/meetings/{id}/votes/1?lang=en");
    let outsider = hub.delegate().await;
    for (who, client, reads) in [
        ("an invited delegate", &members[1].client, true),
        ("the chair", &chair_client, true),
        ("a delegate not invited", &outsider, false),
        ("anyone", &hub.anonymous(), false),
    ] {
        let r = client.get(&page).await;
        let api = client.get(&format!("/api/v1/meetings/{id}/votes/1")).await;
        let meeting = client.get(&format!("/meetings/{id}?lang=en")).await;
        if reads {
            assert_eq!(r.status, 200, "{who}: {}", r.text);
            assert!(r.text.contains("Recorded vote"), "{who}: {}", r.text);
            assert!(
                r.text.contains("data-outcome=\"Adopted\""),
                "{who}: {}",
                r.text
            );
            let yes = format!(
                "<dd class=\"names-yes\"><bdi>{}</bdi>",
                [yes_0, yes_2].map(|n| n.as_str()).join(", ")
            );
            assert!(r.text.contains(&yes), "{who}: {yes} not in {}", r.text);
            assert!(
                r.text
                    .contains(&format!("<dd class=\"names-no\"><bdi>{no_1}</bdi>")),
                "{who}"
            );
            assert_eq!(api.status, 200, "{who}");
            assert!(
                meeting
                    .text
                    .contains(&format!("/meetings/{id}/votes/1?lang=en")),
                "{who}: the meeting's page links the vote"
            );
        } else {
            r.assert_problem(404, "not_found");
            api.assert_problem(404, "not_found");
            assert_eq!(meeting.status, 404, "{who}");
        }
    }
    // A vote that was never taken.
    chair_client
        .get(&format!("/meetings/{id}/votes/2"))
        .await
        .assert_problem(404, "not_found");

    // The record's page says it; the minutes' draft writes it as a summary record does.
    let record = chair_client
        .get(&format!("/meetings/{id}/record?lang=en"))
        .await;
    assert_eq!(record.status, 200, "{}", record.text);
    assert!(
        record.text.contains("data-kind=\"vote_closed\""),
        "{}",
        record.text
    );
    assert!(
        record.text.contains("1. Draft resolution A/C.3/81/L.7"),
        "{}",
        record.text
    );
    let draft = hub
        .user("secretariat", None)
        .await
        .get(&format!(
            "/api/v1/meetings/{id}/minutes/from-record?language=en"
        ))
        .await;
    assert_eq!(draft.status, 200, "{}", draft.text);
    for said in [
        // Text from users is escaped for Markdown.
        r"A recorded vote was taken on Draft resolution A/C\.3/81/L\.7.".to_string(),
        format!("In favour: {yes_0}, {yes_2}."),
        format!("Against: {no_1}."),
        "Abstaining: none.".to_string(),
        "was adopted by 2 votes to 1, with 0 abstentions.".to_string(),
    ] {
        assert!(
            draft.text.contains(&said),
            "{said} is not in the draft:\n{}",
            draft.text
        );
    }
}
