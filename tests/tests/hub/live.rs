//! Live meetings over real websockets: in-process live state with SQLite,
//! and Redis with PostgreSQL (where two nodes serve one meeting).

use plenary_protocol::signal::{Event, MeetingRole, ServerMessage, SignalError, SpeakerKind};
use plenary_tests::{fresh_code, speakers, Backend, Client, Hub, Live};
use serde_json::json;
use std::time::Duration;

plenary_tests::on_both_backends!(
    a_meeting_runs_with_the_list_of_speakers_and_the_timer,
    bad_input_gets_errors_and_others_notice_nothing,
    connections_are_authenticated_and_checked,
    the_lobby_and_the_chairs_powers,
    the_lobby_is_told_nothing_of_the_meeting_and_a_refusal_lasts,
    a_resume_token_gives_the_seat_back_to_its_own_user_only,
    a_reconnect_within_the_grace_period_keeps_the_seat,
    one_account_holds_three_seats_and_one_message_budget,
    live_seats_end_with_the_access_that_gave_them,
    meeting_edits_reach_the_live_meeting,
    viewers_watch_a_public_meeting_through_a_link_and_do_nothing_else,
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_serve_one_meeting_and_a_stopped_nodes_participants_move() {
    two_nodes(Backend::Postgres).await
}

/// A plenary's opening: newcomers arriving at once on two nodes are seated
/// in batches; each takes one seat of its own, is welcomed with itself in
/// the meeting, and everyone ends up seeing everyone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn newcomers_arriving_at_once_on_two_nodes_each_take_one_seat() {
    let first = Hub::start(Backend::Postgres).await;
    let second = first.second_node().await;
    let (chair_client, id) = first.chaired_meeting("public", &[]).await;
    let mut chair = join(&first, &chair_client, &id).await;
    let mut clients = Vec::new();
    for _ in 0..24 {
        clients.push(delegate(&first, &fresh_code()).await);
    }
    let joined: Vec<Live> =
        futures_util::future::join_all(clients.iter().enumerate().map(|(i, client)| {
            let hub = if i % 2 == 0 { &first } else { &second };
            join(hub, client, &id)
        }))
        .await;
    let seats: std::collections::BTreeSet<_> = joined.iter().map(|l| l.me).collect();
    assert_eq!(seats.len(), joined.len(), "one seat each");
    assert!(!seats.contains(&chair.me));
    for live in &joined {
        assert!(
            live.welcome.participants.iter().any(|p| p.id == live.me),
            "welcomed with itself in the meeting"
        );
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let state = chair.state().await;
        let seen: std::collections::BTreeSet<_> = state.participants.iter().map(|p| p.id).collect();
        if seats.is_subset(&seen) {
            assert_eq!(seen.len(), seats.len() + 1, "nobody seated twice");
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the chair sees {} of {} newcomers",
            seats.intersection(&seen).count(),
            seats.len()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn delegate(hub: &Hub, code: &str) -> Client {
    hub.user("delegate", Some(&hub.delegation(code).await))
        .await
}

async fn join(hub: &Hub, client: &Client, meeting: &str) -> Live {
    Live::join(&hub.url, client, meeting).await
}

async fn a_meeting_runs_with_the_list_of_speakers_and_the_timer(b: Backend) {
    let hub = Hub::start(b).await;
    let (chair_client, id) = hub.chaired_meeting("public", &[]).await;
    let mut chair = join(&hub, &chair_client, &id).await;
    let role = |live: &Live, who| {
        live.welcome
            .participants
            .iter()
            .find(|p| p.id == who)
            .map(|p| p.role)
    };
    assert_eq!(role(&chair, chair.me), Some(MeetingRole::Chair));
    let (fra, ken) = (delegate(&hub, "FRA").await, delegate(&hub, "KEN").await);
    let mut france = join(&hub, &fra, &id).await;
    let mut kenya = join(&hub, &ken, &id).await;
    assert_eq!(kenya.welcome.participants.len(), 3, "presence of everyone");

    assert_eq!(
        france.request(json!({"command": "raise_hand"})).await,
        Err("not_in_progress".into())
    );
    chair.ok(json!({"command": "open"})).await;
    chair
        .ok(json!({"command": "set_speaking_limit", "limit_ms": 1500}))
        .await;
    kenya
        .ok(json!({"command": "inscribe", "kind": "statement"}))
        .await;
    france
        .ok(json!({"command": "inscribe", "kind": "statement"}))
        .await;
    france
        .ok(json!({"command": "inscribe", "kind": "right_of_reply"}))
        .await;
    // Every participant sees the same order: the statements in arrival
    // order, the right of reply once they are exhausted.
    let want = vec![
        (Some(kenya.me), SpeakerKind::Statement),
        (Some(france.me), SpeakerKind::Statement),
        (Some(france.me), SpeakerKind::RightOfReply),
    ];
    for live in [&mut chair, &mut france, &mut kenya] {
        let list = speakers(&live.state().await);
        let got: Vec<_> = list.iter().map(|s| (s.participant, s.kind)).collect();
        assert_eq!(got, want);
    }
    france.ok(json!({"command": "raise_hand"})).await;
    kenya.ok(json!({"command": "raise_hand"})).await;
    assert_eq!(chair.state().await.hands, vec![france.me, kenya.me]);

    // The floor to the next on the list; the server's timer expires on every page.
    chair
        .ok(json!({"command": "give_floor", "participant": null}))
        .await;
    for live in [&mut kenya, &mut france] {
        live.wait_for("floor given", |e| matches!(e, Event::FloorGiven { .. }))
            .await;
        live.wait_for("time expired", |e| matches!(e, Event::TimeExpired { .. }))
            .await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    chair.ok(json!({"command": "end_floor"})).await;
    let ended = kenya
        .wait_for("floor ended", |e| matches!(e, Event::FloorEnded { .. }))
        .await;
    let Event::FloorEnded {
        participant,
        spoke_ms,
        overrun_ms,
    } = ended
    else {
        unreachable!()
    };
    assert_eq!(participant, kenya.me);
    assert!(
        spoke_ms >= 1500 && overrun_ms >= 200 && overrun_ms == spoke_ms - 1500,
        "{spoke_ms} {overrun_ms}"
    );

    // Chat, and its history for a late joiner.
    kenya
        .ok(json!({"command": "chat", "text": "Thank you, Chair."}))
        .await;
    let late = join(&hub, &delegate(&hub, "GHA").await, &id).await;
    assert_eq!(late.welcome.chat.len(), 1);
    assert_eq!(late.welcome.chat[0].text, "Thank you, Chair.");
    assert_eq!(late.welcome.status.as_str(), "in_progress");

    // The record, in SQL: joins, the floor with its duration and overrun, the status.
    chair.ok(json!({"command": "adjourn"})).await;
    let secretariat = hub.user("secretariat", None).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let record = secretariat
            .get(&format!("/api/v1/meetings/{id}/record"))
            .await;
        assert_eq!(record.status, 200, "{}", record.text);
        let lines = record.json();
        let kinds: Vec<String> = lines
            .as_array()
            .expect("lines")
            .iter()
            .map(|l| l["kind"].as_str().unwrap_or_default().to_string())
            .collect();
        if kinds
            .iter()
            .any(|k| k == "status_changed" && lines.to_string().contains("adjourned"))
        {
            assert_eq!(kinds.iter().filter(|k| *k == "joined").count(), 4);
            let ended = lines
                .as_array()
                .expect("lines")
                .iter()
                .find(|l| l["kind"] == "floor_ended")
                .expect("floor ended recorded");
            assert_eq!(ended["event"]["overrun_ms"], overrun_ms);
            assert!(
                ended["delegation_id"].is_string(),
                "the speaker's delegation is on the line"
            );
            assert!(kinds.iter().any(|k| k == "time_expired"));
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "record incomplete: {kinds:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let status = secretariat
        .get(&format!("/api/v1/meetings/{id}"))
        .await
        .json();
    assert_eq!(
        status["status"], "adjourned",
        "the schedule follows the live meeting"
    );
    let refused = fra.get(&format!("/api/v1/meetings/{id}/record")).await;
    assert_eq!(refused.status, 403, "delegates do not read the raw record");
}

async fn bad_input_gets_errors_and_others_notice_nothing(b: Backend) {
    let hub = Hub::start(b).await;
    let (chair_client, id) = hub.chaired_meeting("public", &[]).await;
    let mut chair = join(&hub, &chair_client, &id).await;
    let mut bystander = join(&hub, &delegate(&hub, "FRA").await, &id).await;
    let mut rogue = join(&hub, &delegate(&hub, "KEN").await, &id).await;
    chair.ok(json!({"command": "open"})).await;
    // Drain what the bystander was sent so far.
    while bystander
        .try_recv(Duration::from_millis(300))
        .await
        .is_some()
    {}

    async fn next_error(live: &mut Live) -> (Option<u64>, SignalError) {
        loop {
            match live.recv().await {
                ServerMessage::Error { id, code, .. } => return (id, code),
                ServerMessage::Update { .. } => {}
                other => panic!("expected an error, got {other:?}"),
            }
        }
    }
    rogue.send_raw("{not json").await;
    assert_eq!(
        next_error(&mut rogue).await,
        (None, SignalError::BadMessage)
    );
    rogue.send_raw(r#"{"type":"teleport","id":7}"#).await;
    assert_eq!(
        next_error(&mut rogue).await,
        (Some(7), SignalError::BadMessage)
    );
    rogue
        .send_raw(r#"{"type":"act","id":8,"command":{"command":"raise_hand"},"meeting":"another"}"#)
        .await;
    assert_eq!(
        next_error(&mut rogue).await,
        (Some(8), SignalError::BadMessage)
    );
    rogue
        .send_raw(&format!(
            r#"{{"type":"act","id":9,"command":{{"command":"chat","text":"{}"}}}}"#,
            "x".repeat(40_000)
        ))
        .await;
    assert_eq!(next_error(&mut rogue).await, (None, SignalError::TooLarge));
    assert_eq!(
        rogue.request(json!({"command": "adjourn"})).await,
        Err("not_chair".into())
    );
    assert_eq!(
        rogue
            .request(json!({"command": "remove", "participant": chair.me.0}))
            .await,
        Err("not_chair".into())
    );
    assert_eq!(
        rogue
            .request(json!({"command": "chat", "text": "  "}))
            .await,
        Err("bad_chat".into())
    );
    assert_eq!(
        rogue
            .request(json!({"command": "inscribe", "kind": "filibuster"}))
            .await,
        Err("bad_message".into())
    );
    // The bystander heard nothing of it.
    assert!(bystander
        .try_recv(Duration::from_millis(300))
        .await
        .is_none());

    // A flood: refused with one error, then the connection is closed.
    for i in 0..200u64 {
        rogue
            .send_raw(&json!({"type": "ping", "id": 1000 + i}).to_string())
            .await;
    }
    let mut rate_errors = 0;
    let mut pongs = 0;
    let code = loop {
        match rogue.try_recv(Duration::from_secs(10)).await {
            Some(ServerMessage::Error {
                code: SignalError::RateLimited,
                ..
            }) => rate_errors += 1,
            Some(ServerMessage::Pong { .. }) => pongs += 1,
            Some(ServerMessage::Goodbye { code, .. }) => break Some(code),
            Some(_) => {}
            None => break None,
        }
    };
    assert_eq!(code, Some(SignalError::RateLimited));
    assert_eq!(rate_errors, 1);
    assert!((20..=60).contains(&pongs), "the burst was served: {pongs}");
    // The others carry on; the flooder's seat is merely held.
    bystander.ok(json!({"command": "raise_hand"})).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let state = bystander.state().await;
        let seat = state.participants.iter().find(|p| p.id == rogue.me);
        if seat.is_some_and(|p| !p.connected) {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the flooder's seat is not shown away"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn connections_are_authenticated_and_checked(b: Backend) {
    let hub = Hub::start(b).await;
    let (_, id) = hub.chaired_meeting("public", &[]).await;
    let (_, closed) = hub.chaired_meeting("closed", &[]).await;
    let fra = delegate(&hub, "FRA").await;
    let path = format!("/api/v1/meetings/{id}/live?v=1");
    let cookie = fra.cookie.clone().expect("cookie");
    let refused = |r: Result<Live, plenary_tests::Refused>| match r {
        Ok(_) => panic!("connected"),
        Err(r) => {
            let problem: serde_json::Value = serde_json::from_str(&r.body).unwrap_or_default();
            (
                r.status,
                problem["code"].as_str().unwrap_or_default().to_string(),
            )
        }
    };
    let h = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let origin = hub.url.as_str();
    assert_eq!(
        refused(Live::open(&hub.url, &path, &h(&[("origin", origin)])).await),
        (401, "unauthenticated".into())
    );
    assert_eq!(
        refused(
            Live::open(
                &hub.url,
                &path,
                &h(&[("origin", "https://evil.example"), ("cookie", &cookie)])
            )
            .await
        ),
        (403, "csrf_failed".into())
    );
    assert_eq!(
        refused(Live::open(&hub.url, &path, &h(&[("cookie", &cookie)])).await),
        (403, "csrf_failed".into()),
        "a cookie without this hub's Origin"
    );
    let v2 = format!("/api/v1/meetings/{id}/live?v=2");
    assert_eq!(
        refused(
            Live::open(
                &hub.url,
                &v2,
                &h(&[("origin", origin), ("cookie", &cookie)])
            )
            .await
        )
        .0,
        422
    );
    assert_eq!(
        refused(
            Live::open(
                &hub.url,
                &format!("/api/v1/meetings/{closed}/live?v=1"),
                &h(&[("origin", origin), ("cookie", &cookie)])
            )
            .await
        )
        .0,
        404,
        "a closed meeting the delegation is not invited to"
    );
    let plain = fra.get(&path).await;
    assert_eq!(plain.assert_problem(426, "upgrade_required")["status"], 426);

    // A join token: no cookie or Origin needed, once, for its meeting only.
    let token = fra
        .post(&format!("/api/v1/meetings/{id}/join-token"), json!({}))
        .await;
    assert_eq!(token.status, 201, "{}", token.text);
    let token = token.json()["token"].as_str().expect("token").to_string();
    let (_, other) = hub.chaired_meeting("public", &[]).await;
    let wrong = format!("/api/v1/meetings/{other}/live?v=1&token={token}");
    assert_eq!(refused(Live::open(&hub.url, &wrong, &[]).await).0, 401);
    let with_token = format!("{path}&token={token}");
    let live = Live::open(&hub.url, &with_token, &[])
        .await
        .expect("token accepted");
    assert_eq!(live.welcome.participants.len(), 1);
    assert_eq!(
        refused(Live::open(&hub.url, &with_token, &[]).await).0,
        401,
        "used once"
    );
    let anon = hub
        .anonymous()
        .post(&format!("/api/v1/meetings/{id}/join-token"), json!({}))
        .await;
    assert_eq!(anon.status, 401);
}

async fn the_lobby_and_the_chairs_powers(b: Backend) {
    let hub = Hub::start(b).await;
    let fra_id = hub.delegation("FRA").await;
    let (chair_client, id) = hub
        .chaired_meeting("closed", std::slice::from_ref(&fra_id))
        .await;
    let mut chair = join(&hub, &chair_client, &id).await;
    let france_client = hub.user("delegate", Some(&fra_id)).await;
    let mut france = join(&hub, &france_client, &id).await;
    let me = france.me;
    assert!(france
        .welcome
        .participants
        .iter()
        .any(|p| p.id == me && p.in_lobby));
    chair.ok(json!({"command": "open"})).await;
    assert_eq!(
        france.request(json!({"command": "raise_hand"})).await,
        Err("in_lobby".into())
    );
    chair
        .ok(json!({"command": "admit", "participant": me.0}))
        .await;
    // As her page would, France acts once she sees the meeting: a request
    // that came before the state her admission sends would be folded into
    // that state and never reach her as an event.
    france
        .wait_state("France admitted", |s| {
            s.participants.iter().any(|p| p.id == me && !p.in_lobby)
        })
        .await;
    france.ok(json!({"command": "raise_hand"})).await;
    chair
        .ok(json!({"command": "ask_mute", "participant": me.0}))
        .await;
    france
        .wait_for(
            "mute request",
            |e| matches!(e, Event::MuteRequested { participant } if *participant == me),
        )
        .await;
    chair.ok(json!({"command": "lock", "locked": true})).await;
    chair.ok(json!({"command": "suspend"})).await;
    chair.ok(json!({"command": "resume"})).await;
    assert_eq!(
        chair.request(json!({"command": "resume"})).await,
        Err("invalid_transition".into())
    );
    chair
        .ok(json!({"command": "remove", "participant": me.0}))
        .await;
    assert_eq!(france.goodbye().await, Some(SignalError::Removed));
    // A secretariat member joining a locked meeting is seated; the state says locked.
    let staff = join(&hub, &hub.user("secretariat", None).await, &id).await;
    assert!(staff.welcome.locked);
    assert!(staff.welcome.participants.iter().all(|p| p.id != me));
    // The audit log keeps the mute and the removal: the chair did them, to France.
    let chair_user = chair_client.get("/api/v1/session").await.json()["user"]["id"].clone();
    let france_user = france_client.get("/api/v1/session").await.json()["user"]["id"].clone();
    for action in ["participant_muted", "participant_removed"] {
        let entries = hub
            .audited(&format!("action={action}&subject=meeting:{id}"), 1)
            .await;
        assert_eq!(entries.len(), 1, "{action}: {entries:?}");
        assert_eq!(entries[0]["actor"], chair_user, "{action}");
        assert_eq!(entries[0]["address"], "127.0.0.1", "{action}");
        assert_eq!(entries[0]["detail"]["participant"], me.0, "{action}");
        assert_eq!(entries[0]["detail"]["user"], france_user, "{action}");
    }
}

async fn a_reconnect_within_the_grace_period_keeps_the_seat(b: Backend) {
    let hub = Hub::start_with(b, &[("PLENARY_LIVE_GRACE_SECS", "5")]).await;
    let (chair_client, id) = hub.chaired_meeting("public", &[]).await;
    let mut chair = join(&hub, &chair_client, &id).await;
    chair.ok(json!({"command": "open"})).await;
    let fra = delegate(&hub, "FRA").await;
    let mut france = join(&hub, &fra, &id).await;
    france
        .ok(json!({"command": "inscribe", "kind": "statement"}))
        .await;
    france.ok(json!({"command": "raise_hand"})).await;
    let (me, token) = (france.me, france.resume_token.clone());
    france.drop_connection();
    chair
        .wait_for(
            "disconnect",
            |e| matches!(e, Event::Disconnected { participant } if *participant == me),
        )
        .await;
    let mut back = Live::connect(&hub.url, &fra, &id, Some(&token))
        .await
        .expect("resume");
    assert_eq!(back.me, me, "the same seat");
    assert_eq!(
        speakers(&back.welcome)[0].participant,
        Some(me),
        "the same place on the list"
    );
    assert_eq!(back.welcome.hands, vec![me]);
    chair
        .wait_for(
            "reconnect",
            |e| matches!(e, Event::Reconnected { participant, .. } if *participant == me),
        )
        .await;
    // A second connection with the token takes the seat over; the first is told.
    let second = Live::connect(&hub.url, &fra, &id, Some(&token))
        .await
        .expect("take over");
    assert_eq!(second.me, me);
    assert_eq!(back.goodbye().await, Some(SignalError::Replaced));
    // Gone for longer than the grace period: the seat, hand and line are freed.
    second.drop_connection();
    chair
        .wait_for(
            "seat freed after the grace period",
            |e| matches!(e, Event::Left { participant } if *participant == me),
        )
        .await;
    let state = chair.state().await;
    // The delegation's line stays for its other delegates.
    assert!(state.hands.is_empty());
    assert_eq!(speakers(&state).len(), 1);
    let fresh = Live::connect(&hub.url, &fra, &id, Some(&token))
        .await
        .expect("new seat");
    assert_ne!(fresh.me, me, "an expired token gets a new seat");
}

async fn two_nodes(b: Backend) {
    let first = Hub::start_with(b, &[("PLENARY_LIVE_GRACE_SECS", "30")]).await;
    let second = first.second_node().await;
    let (chair_client, id) = first.chaired_meeting("public", &[]).await;
    let mut chair = join(&first, &chair_client, &id).await;
    chair.ok(json!({"command": "open"})).await;
    let (fra, ken) = (delegate(&first, "FRA").await, delegate(&first, "KEN").await);
    // The delegates are served by the second node (same cookie, same public URL).
    let mut france = join(&second, &fra, &id).await;
    let mut kenya = join(&second, &ken, &id).await;
    assert_eq!(
        france.welcome.participants.len(),
        2,
        "presence across nodes"
    );
    chair
        .wait_for("join seen on the other node", |e| {
            matches!(e, Event::Joined { .. })
        })
        .await;
    france
        .ok(json!({"command": "inscribe", "kind": "statement"}))
        .await;
    kenya
        .ok(json!({"command": "inscribe", "kind": "statement"}))
        .await;
    kenya
        .ok(json!({"command": "chat", "text": "Hello from node two"}))
        .await;
    chair
        .wait_for(
            "chat across nodes",
            |e| matches!(e, Event::Chat { message } if message.text == "Hello from node two"),
        )
        .await;
    let order: Vec<_> = speakers(&chair.state().await)
        .iter()
        .map(|s| s.participant)
        .collect();
    assert_eq!(order, vec![Some(france.me), Some(kenya.me)]);
    chair
        .ok(json!({"command": "give_floor", "participant": null}))
        .await;
    kenya
        .wait_for(
            "floor across nodes",
            |e| matches!(e, Event::FloorGiven { floor } if floor.participant == france.me),
        )
        .await;

    // The second node stops: its participants are told, and resume on the first with their places.
    let (france_seat, france_token) = (france.me, france.resume_token.clone());
    let (kenya_seat, kenya_token) = (kenya.me, kenya.resume_token.clone());
    drop(second);
    assert_eq!(france.goodbye().await, Some(SignalError::ShuttingDown));
    assert_eq!(kenya.goodbye().await, Some(SignalError::ShuttingDown));
    let france = Live::connect(&first.url, &fra, &id, Some(&france_token))
        .await
        .expect("resume");
    let kenya = Live::connect(&first.url, &ken, &id, Some(&kenya_token))
        .await
        .expect("resume");
    assert_eq!((france.me, kenya.me), (france_seat, kenya_seat));
    assert_eq!(
        speakers(&kenya.welcome)[0].participant,
        Some(kenya_seat),
        "kept the place on the list"
    );
    assert_eq!(
        kenya.welcome.floor.as_ref().map(|f| f.participant),
        Some(france_seat),
        "kept the floor"
    );
}

/// A Redis of this test's own (append-only, fsync always), so it can be restarted.
fn own_redis(dir: &std::path::Path, port: u16) -> std::process::Child {
    std::process::Command::new("redis-server")
        .args([
            "--bind",
            "127.0.0.1",
            "--port",
            &port.to_string(),
            "--save",
            "",
        ])
        .args(["--appendonly", "yes", "--appendfsync", "always", "--dir"])
        .arg(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("redis-server runs (installed by infra/setup.sh)")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_restart_mid_meeting_keeps_the_sockets_and_the_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("port");
    let mut redis = own_redis(dir.path(), port);
    let url = format!("redis://127.0.0.1:{port}/");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let hub = Hub::start_with(Backend::Postgres, &[("PLENARY_REDIS_URL", &url)]).await;
    let (chair_client, id) = hub.chaired_meeting("public", &[]).await;
    let mut chair = join(&hub, &chair_client, &id).await;
    chair.ok(json!({"command": "open"})).await;
    let mut france = join(&hub, &delegate(&hub, "FRA").await, &id).await;
    france
        .ok(json!({"command": "inscribe", "kind": "statement"}))
        .await;

    let _ = redis.kill();
    let _ = redis.wait();
    // Redis is away: a clear error, and the socket stays open.
    assert_eq!(
        france.request(json!({"command": "raise_hand"})).await,
        Err("unavailable".into())
    );
    redis = own_redis(dir.path(), port);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while france
        .request(json!({"command": "raise_hand"}))
        .await
        .is_err()
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "no recovery after Redis came back"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let state = chair.state().await;
    assert_eq!(speakers(&state).len(), 1, "the list survived the restart");
    assert_eq!(speakers(&state)[0].participant, Some(france.me));
    assert_eq!(state.hands, vec![france.me]);
    assert!(
        state.participants.iter().all(|p| p.connected),
        "nobody was dropped"
    );
    let _ = redis.kill();
    let _ = redis.wait();
}

/// Asks for the whole state and returns it with every message that came
/// before the answer: whatever the server had sent by then.
async fn sync_and_collect(
    live: &mut Live,
) -> (Vec<ServerMessage>, plenary_protocol::signal::MeetingView) {
    let id = 9000;
    live.send_raw(&json!({"type": "sync", "id": id}).to_string())
        .await;
    let mut before = Vec::new();
    loop {
        match live.recv().await {
            ServerMessage::State {
                id: Some(answer),
                state,
                ..
            } if answer == id => return (before, state),
            other => before.push(other),
        }
    }
}

async fn the_lobby_is_told_nothing_of_the_meeting_and_a_refusal_lasts(b: Backend) {
    let hub = Hub::start(b).await;
    let fra_id = hub.delegation(&fresh_code()).await;
    let (chair_client, id) = hub
        .chaired_meeting("closed", std::slice::from_ref(&fra_id))
        .await;
    let mut chair = join(&hub, &chair_client, &id).await;
    chair.ok(json!({"command": "open"})).await;
    chair.ok(json!({"command": "lock", "locked": true})).await;
    chair
        .ok(json!({"command": "chat", "text": "confidential: our position"}))
        .await;
    let staff = join(&hub, &hub.user("secretariat", None).await, &id).await;

    let waiting_client = hub.user("delegate", Some(&fra_id)).await;
    let mut waiting = join(&hub, &waiting_client, &id).await;
    let me = waiting.me;
    let welcome = &waiting.welcome;
    assert_eq!(
        welcome
            .participants
            .iter()
            .map(|p| p.id)
            .collect::<Vec<_>>(),
        [me],
        "the lobby's welcome shows only itself"
    );
    assert!(welcome.participants[0].in_lobby);
    assert!(welcome.chat.is_empty() && welcome.hands.is_empty() && welcome.lists.is_empty());

    // The meeting goes on: nothing of it reaches the lobby.
    chair
        .ok(json!({"command": "chat", "text": "confidential: the second line"}))
        .await;
    chair
        .ok(json!({"command": "inscribe", "kind": "statement"}))
        .await;
    let (sent, state) = sync_and_collect(&mut waiting).await;
    let leaked: Vec<_> = sent
        .iter()
        .filter(|m| {
            matches!(
                m,
                ServerMessage::Update { .. } | ServerMessage::State { .. }
            )
        })
        .collect();
    assert!(leaked.is_empty(), "the lobby was sent {leaked:?}");
    assert_eq!(state.participants.len(), 1);
    assert!(state.chat.is_empty());
    drop(staff);

    // Refused: the seat ends, and coming back (a new connection, or the
    // resume token) is refused until the chair readmits.
    let token = waiting.resume_token.clone();
    chair
        .ok(json!({"command": "refuse", "participant": me.0}))
        .await;
    assert_eq!(waiting.goodbye().await, Some(SignalError::Removed));
    let again = Live::connect(&hub.url, &waiting_client, &id, None).await;
    assert_eq!(
        again.map(|l| l.me).map_err(|r| r.body),
        Err("removed".into())
    );
    let resumed = Live::connect(&hub.url, &waiting_client, &id, Some(&token)).await;
    assert!(resumed.is_err(), "the resume token gave the seat back");
    if b == Backend::Postgres {
        let other = hub.second_node().await;
        let there = Live::connect(&other.url, &waiting_client, &id, None).await;
        assert_eq!(
            there.map(|l| l.me).map_err(|r| r.body),
            Err("removed".into())
        );
    }
    let user = waiting_client.get("/api/v1/session").await.json()["user"]["id"].clone();
    chair.ok(json!({"command": "readmit", "user": user})).await;
    let mut back = join(&hub, &waiting_client, &id).await;
    assert_eq!(
        back.welcome.participants.len(),
        1,
        "back in the lobby, alone"
    );

    // Admitted: the whole meeting at once, chat included.
    let me = back.me;
    chair
        .ok(json!({"command": "admit", "participant": me.0}))
        .await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    let full = loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        match back.try_recv(left).await {
            Some(ServerMessage::State { state, .. }) => break state,
            Some(ServerMessage::Update { events, .. }) => {
                panic!("an update reached the lobby before its admission: {events:?}")
            }
            Some(_) => {}
            None => panic!("no state after admission"),
        }
    };
    assert!(full.participants.len() >= 2);
    assert!(full.chat.iter().any(|m| m.text.contains("confidential")));
    back.ok(json!({"command": "raise_hand"})).await;
}

async fn a_resume_token_gives_the_seat_back_to_its_own_user_only(b: Backend) {
    let hub = Hub::start(b).await;
    let (chair_client, id) = hub.chaired_meeting("public", &[]).await;
    let mut chair = join(&hub, &chair_client, &id).await;
    chair.ok(json!({"command": "open"})).await;
    let france = hub.delegate().await;
    let mut seated = join(&hub, &france, &id).await;
    seated.ok(json!({"command": "raise_hand"})).await;
    // Another user presents France's token: a seat of their own, not France's.
    let other = hub.delegate().await;
    let thief = Live::connect(&hub.url, &other, &id, Some(&seated.resume_token))
        .await
        .expect("joins");
    assert_ne!(thief.me, seated.me, "the token gave away France's seat");
    assert!(thief.welcome.hands.contains(&seated.me));
    // France's connection still holds its seat.
    seated.ok(json!({"command": "lower_hand"})).await;
    // France itself gets the seat back with it.
    let back = Live::connect(&hub.url, &france, &id, Some(&seated.resume_token))
        .await
        .expect("resume");
    assert_eq!(back.me, seated.me);
}

async fn one_account_holds_three_seats_and_one_message_budget(b: Backend) {
    use tokio_tungstenite::tungstenite::Message;
    let hub = Hub::start(b).await;
    let (chair_client, id) = hub.chaired_meeting("public", &[]).await;
    let mut chair = join(&hub, &chair_client, &id).await;
    chair.ok(json!({"command": "open"})).await;
    let account = hub.delegate().await;
    let mut seats = Vec::new();
    for _ in 0..3 {
        seats.push(join(&hub, &account, &id).await);
    }
    // A fourth seat for the same account is refused; another account is not.
    let refused = Live::connect(&hub.url, &account, &id, None)
        .await
        .expect_err("a fourth seat");
    assert_eq!(
        (refused.status, refused.body.as_str()),
        (101, "too_many_seats")
    );
    let mut other = join(&hub, &hub.delegate().await, &id).await;
    // Join tokens: at most ten unused ones per user.
    let mint = || async {
        account
            .post(&format!("/api/v1/meetings/{id}/join-token"), json!({}))
            .await
    };
    let mut tokens = Vec::new();
    for _ in 0..10 {
        let r = mint().await;
        assert_eq!(r.status, 201, "{}", r.text);
        tokens.push(r.json()["token"].as_str().expect("token").to_string());
    }
    mint().await.assert_problem(429, "rate_limited");
    // Redeeming one frees its place (and meets the seat bound on the socket).
    let path = format!("/api/v1/meetings/{id}/live?v=1&token={}", tokens[0]);
    let held = Live::open(&hub.url, &path, &[])
        .await
        .expect_err("the account holds three seats");
    assert_eq!((held.status, held.body.as_str()), (101, "too_many_seats"));
    assert_eq!(mint().await.status, 201);
    // One budget for the account: a burst on one connection leaves none for
    // the other; pings and binary frames spend it as messages do.
    for _ in 0..25 {
        seats[0].send_frame(Message::Ping(vec![1].into())).await;
        seats[0]
            .send_frame(Message::Binary(vec![0; 8].into()))
            .await;
    }
    loop {
        match seats[0].recv().await {
            ServerMessage::Error {
                code: SignalError::RateLimited,
                ..
            } => break,
            ServerMessage::Error {
                code: SignalError::BadMessage,
                ..
            }
            | ServerMessage::Update { .. } => {}
            other => panic!("expected the binary frames' errors, then rate_limited: {other:?}"),
        }
    }
    // Twenty pings on the other connection: a budget of its own would
    // answer them all; the shared one, drained, answers at most what refilled
    // meanwhile (ten a second).
    for i in 0..20u64 {
        seats[1]
            .send_raw(&json!({"type": "ping", "id": 100 + i}).to_string())
            .await;
    }
    let mut pongs = 0;
    while let Some(message) = seats[1].try_recv(Duration::from_secs(1)).await {
        if matches!(message, ServerMessage::Pong { .. }) {
            pongs += 1;
        }
    }
    assert!(
        pongs < 20,
        "the account's other connection had a budget of its own"
    );
    // Another account's budget is its own.
    other.ok(json!({"command": "raise_hand"})).await;
}

async fn live_seats_end_with_the_access_that_gave_them(b: Backend) {
    let hub = Hub::start(b).await;
    let admin = hub.admin().await;
    let (chair_client, id) = hub.chaired_meeting("public", &[]).await;
    let mut chair = join(&hub, &chair_client, &id).await;
    chair.ok(json!({"command": "open"})).await;
    let me = |c: &Client| {
        let c = c.clone();
        async move {
            c.get("/api/v1/session").await.json()["user"]["id"]
                .as_str()
                .expect("id")
                .to_string()
        }
    };
    // Disabled: the seat ends at once, and the others see it go.
    let disabled = hub.delegate().await;
    let mut seat = join(&hub, &disabled, &id).await;
    let uid = me(&disabled).await;
    let r = admin
        .patch(&format!("/api/v1/users/{uid}"), json!({"disabled": true}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(seat.goodbye().await, Some(SignalError::Removed));
    let gone = seat.me;
    chair
        .wait_for(
            "the disabled user's seat ending",
            |e| matches!(e, Event::AccessEnded { participant } if *participant == gone),
        )
        .await;
    // Signed out everywhere: the same.
    let signed_out = hub.delegate().await;
    let mut seat = join(&hub, &signed_out, &id).await;
    let uid = me(&signed_out).await;
    let r = admin
        .send(
            reqwest::Method::DELETE,
            &format!("/api/v1/users/{uid}/sessions"),
            None,
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
    assert_eq!(seat.goodbye().await, Some(SignalError::Removed));
    // Anyone else keeps their seat.
    let bystander = hub.delegate().await;
    let mut kept = join(&hub, &bystander, &id).await;
    let uid = me(&bystander).await;
    let r = admin
        .patch(
            &format!("/api/v1/users/{uid}"),
            json!({"name": "A new name"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    kept.ok(json!({"command": "raise_hand"})).await;
}

async fn meeting_edits_reach_the_live_meeting(b: Backend) {
    let hub = Hub::start(b).await;
    let manager = hub.user("conference_manager", None).await;
    let (x, y) = (fresh_code(), fresh_code());
    let (xid, yid) = (hub.delegation(&x).await, hub.delegation(&y).await);
    let (chair_client, id) = hub.chaired_meeting("public", &[]).await;
    let path = format!("/api/v1/meetings/{id}");
    let mut chair = join(&hub, &chair_client, &id).await;
    chair.ok(json!({"command": "open"})).await;
    // The agenda grows: its new item can be taken up at once.
    assert_eq!(
        chair
            .request(json!({"command": "take_up_item", "position": 1}))
            .await,
        Err("bad_value".into())
    );
    let r = manager
        .patch(
            &path,
            json!({"agenda": [{"title": "Adoption of the agenda"}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    chair
        .ok(json!({"command": "take_up_item", "position": 1}))
        .await;
    // Closed to delegation X: Y's delegate loses the seat, X's keeps it.
    let mut from_x = join(&hub, &hub.user("delegate", Some(&xid)).await, &id).await;
    let mut from_y = join(&hub, &hub.user("delegate", Some(&yid)).await, &id).await;
    let r = manager
        .patch(
            &path,
            json!({"access": "closed", "invited_delegations": [xid]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(from_y.goodbye().await, Some(SignalError::Removed));
    from_x
        .wait_for("the meeting closing", |e| {
            matches!(e, Event::AccessChanged { closed: true })
        })
        .await;
    from_x.ok(json!({"command": "raise_hand"})).await;
    // A new chair: both the old and the new one are told to join again, and
    // joining again gives each their new role.
    let new_chair = hub.user("delegate", Some(&xid)).await;
    let mut seated = join(&hub, &new_chair, &id).await;
    let uid = new_chair.get("/api/v1/session").await.json()["user"]["id"].clone();
    // The meeting is closed: the newcomer waits in the lobby until admitted.
    let admitted = seated.me;
    chair
        .ok(json!({"command": "admit", "participant": admitted.0}))
        .await;
    let r = manager
        .send(
            reqwest::Method::PUT,
            &format!("{path}/chair"),
            Some(json!({"chair_id": uid})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(chair.goodbye().await, Some(SignalError::Reseat));
    assert_eq!(seated.goodbye().await, Some(SignalError::Reseat));
    let mut now_chair = join(&hub, &new_chair, &id).await;
    let role = |live: &Live| {
        live.welcome
            .participants
            .iter()
            .find(|p| p.id == live.me)
            .map(|p| p.role)
    };
    assert_eq!(role(&now_chair), Some(MeetingRole::Chair));
    now_chair.ok(json!({"command": "suspend"})).await;
    // The former chair is now a delegate of a delegation the closed meeting
    // does not invite: not seated at all.
    let former = Live::connect(&hub.url, &chair_client, &id, None).await;
    assert!(former.is_err(), "the former chair is no longer let in");
}

/// Viewers' links: the secretariat and the chair make them, for public
/// meetings only; whoever holds one opens the meeting's websocket without
/// an account and is shown the meeting as everyone may read it, takes no
/// seat, and may neither act nor publish. A forged, altered or misplaced
/// token opens nothing.
async fn viewers_watch_a_public_meeting_through_a_link_and_do_nothing_else(b: Backend) {
    let hub = Hub::start(b).await;
    let (chair_client, id) = hub.chaired_meeting("public", &[]).await;
    let secretariat = hub.user("secretariat", None).await;
    let d = delegate(&hub, &fresh_code()).await;
    let path = format!("/api/v1/meetings/{id}/viewer-links");
    // Who may make one.
    let r = secretariat.post(&path, json!({"hours": 2})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let token = r.json()["token"].as_str().expect("token").to_string();
    let url = r.json()["url"].as_str().expect("url").to_string();
    assert!(
        url.ends_with(&format!("/meetings/{id}/watch?token={token}")),
        "{url}"
    );
    assert_eq!(chair_client.post(&path, json!({})).await.status, 201);
    let r = d.post(&path, json!({})).await;
    assert_eq!(
        (r.status, r.json()["code"].clone()),
        (403, json!("forbidden"))
    );
    assert_eq!(hub.anonymous().post(&path, json!({})).await.status, 401);
    for hours in [0, 337] {
        let r = secretariat.post(&path, json!({"hours": hours})).await;
        assert_eq!(r.status, 422, "{hours}: {}", r.text);
    }
    let r = secretariat
        .post(&path, json!({"hours": 1, "extra": true}))
        .await;
    assert_eq!(
        (r.status, r.json()["code"].clone()),
        (400, json!("invalid_json"))
    );
    let (_, closed) = hub.chaired_meeting("closed", &[]).await;
    let r = secretariat
        .post(
            &format!("/api/v1/meetings/{closed}/viewer-links"),
            json!({}),
        )
        .await;
    assert_eq!(
        (r.status, r.json()["code"].clone()),
        (409, json!("invalid_state")),
        "{}",
        r.text
    );

    // The meeting, with a private message to those who preside.
    let mut chair = Live::join(&hub.url, &chair_client, &id).await;
    chair.ok(json!({"command": "open"})).await;
    chair
        .ok(json!({"command": "chat", "text": "between us", "to": "presiding"}))
        .await;
    chair
        .ok(json!({"command": "chat", "text": "welcome all"}))
        .await;
    let seats = chair.state().await.participants.len();

    let origin = vec![("origin".to_string(), hub.url.clone())];
    let watch = |t: &str| format!("/api/v1/meetings/{id}/live?v=1&watch={t}");
    let mut viewer = Live::open(&hub.url, &watch(&token), &origin)
        .await
        .unwrap_or_else(|r| panic!("viewer refused: {} {}", r.status, r.body));
    assert!(viewer.me.is_viewer(), "{:?}", viewer.me);
    let texts: Vec<String> = viewer.welcome.chat.iter().map(|c| c.text.clone()).collect();
    assert_eq!(
        texts,
        vec!["welcome all".to_string()],
        "only what everyone may read"
    );
    assert_eq!(
        viewer.welcome.participants.len(),
        seats,
        "a viewer takes no seat"
    );
    assert_eq!(chair.state().await.participants.len(), seats);
    // Updates reach the viewer, private ones without what it may not read.
    chair
        .ok(json!({"command": "chat", "text": "still between us", "to": "presiding"}))
        .await;
    chair
        .ok(json!({"command": "chat", "text": "hello viewers"}))
        .await;
    let mut seen = Vec::new();
    while !seen.contains(&"hello viewers".to_string()) {
        if let ServerMessage::Update { events, .. } = viewer.recv().await {
            for e in events {
                if let Event::Chat { message } = e {
                    seen.push(message.text);
                }
            }
        }
    }
    assert_eq!(seen, vec!["hello viewers".to_string()]);
    // A viewer neither acts nor publishes.
    for command in [
        json!({"command": "raise_hand"}),
        json!({"command": "chat", "text": "hi"}),
        json!({"command": "listen_to", "channel": null}),
    ] {
        assert_eq!(viewer.request(command).await, Err("viewing".into()));
    }
    viewer
        .send_raw(&json!({"type": "media_offer", "id": 77, "sdp": "v=0", "tracks": []}).to_string())
        .await;
    loop {
        if let ServerMessage::Error {
            id: Some(77), code, ..
        } = viewer.recv().await
        {
            assert_eq!(code, SignalError::Viewing);
            break;
        }
    }
    // A seat's choice of channel is a command; a viewer's a media message.
    let mut delegate_live = Live::join(&hub.url, &d, &id).await;
    delegate_live
        .send_raw(&json!({"type": "media_listen", "id": 78, "channel": "fr"}).to_string())
        .await;
    loop {
        if let ServerMessage::Error {
            id: Some(78), code, ..
        } = delegate_live.recv().await
        {
            assert_eq!(code, SignalError::BadMessage);
            break;
        }
    }

    // What opens nothing: another meeting's token, an altered one, none.
    let refused = |r: Result<Live, plenary_tests::Refused>| match r {
        Ok(_) => panic!("a bad link opened the meeting"),
        Err(r) => {
            let problem: serde_json::Value = serde_json::from_str(&r.body).unwrap_or_default();
            (
                r.status,
                problem["code"].as_str().unwrap_or_default().to_string(),
            )
        }
    };
    let (_, other) = hub.chaired_meeting("public", &[]).await;
    let for_other = secretariat
        .post(&format!("/api/v1/meetings/{other}/viewer-links"), json!({}))
        .await
        .json()["token"]
        .as_str()
        .expect("token")
        .to_string();
    let (expires, tag) = token.split_once('.').expect("token's parts");
    let later = format!("{}.{tag}", expires.parse::<i64>().expect("expiry") + 86_400);
    let mut flipped = token.clone();
    let last = flipped.pop().expect("a digit");
    flipped.push(if last == '0' { '1' } else { '0' });
    for bad in [
        for_other.as_str(),
        later.as_str(),
        flipped.as_str(),
        "",
        "1.00",
    ] {
        assert_eq!(
            refused(Live::open(&hub.url, &watch(bad), &origin).await),
            (409, "invalid_state".into()),
            "{bad:?}"
        );
    }
    // The page lets the link in without an account (this hub has no
    // browser part, which it says; the browser tests open the page), and
    // refuses an altered link first.
    hub.anonymous()
        .get(&format!("/meetings/{id}/watch?token={token}"))
        .await
        .assert_problem(503, "unavailable");
    let page = hub
        .anonymous()
        .get(&format!("/meetings/{id}/watch?token={flipped}"))
        .await;
    assert_eq!(page.status, 409);
}
