//! The chair's desk over real websockets: the lists of speakers by agenda
//! item, the chair's powers in the hands of the chair and of the secretary
//! of the meeting, private messages to those who preside, and the record
//! saying who did what. On both backends, and across two nodes.

use plenary_protocol::signal::{Event, ServerMessage, SignalError, SpeakerKind};
use plenary_tests::{fresh_code, speakers, Backend, Client, Hub, Live};
use reqwest::Method;
use serde_json::{json, Value};
use std::time::Duration;

plenary_tests::on_both_backends!(
    the_secretary_of_the_meeting_runs_the_list_for_the_chair,
    private_messages_reach_those_who_preside_only,
    a_list_prepared_before_the_meeting_outlives_the_sitting,
    the_secretary_is_named_by_staff_and_must_be_of_the_secretariat,
    every_power_is_the_chairs_and_the_secretarys_and_no_one_elses,
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn across_two_nodes_the_secretary_presides_and_private_messages_stay_private() {
    let first = Hub::start(Backend::Postgres).await;
    let second = first.second_node().await;
    private_messages(&first, &second).await;
}

/// A formal meeting: a body whose rights of reply are `replies` seconds,
/// agenda items 17 and 18, a delegate in the chair and a named secretary.
struct Formal {
    id: String,
    body: String,
    manager: Client,
    chair: Client,
    secretary: Client,
}

async fn formal(hub: &Hub, replies: Value) -> Formal {
    let manager = hub.user("conference_manager", None).await;
    let r = manager
        .post(
            "/api/v1/bodies",
            json!({"name": format!("Committee {}", fresh_code()), "reply_limits_s": replies}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let body = r.json()["id"].as_str().expect("id").to_string();
    let id = sitting(&manager, &body, &["17", "18"]).await;
    let chair = hub.delegate().await;
    hub.set_chair(&manager, &id, &chair).await;
    let secretary = hub.user("secretariat", None).await;
    name_secretary(&manager, &id, &secretary).await;
    Formal {
        id,
        body,
        manager,
        chair,
        secretary,
    }
}

/// A meeting of `body` with agenda items numbered `items`.
async fn sitting(manager: &Client, body: &str, items: &[&str]) -> String {
    let agenda: Vec<Value> = items
        .iter()
        .map(|n| json!({"number": (!n.is_empty()).then_some(n), "title": format!("Item {n}")}))
        .collect();
    let r = manager
        .post(
            "/api/v1/meetings",
            json!({"title": "Plenary meeting", "body_id": body, "starts_local": "2030-10-01T10:00",
                   "ends_local": "2030-10-01T13:00", "time_zone": "America/New_York",
                   "access": "public", "agenda": agenda}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.json()["id"].as_str().expect("id").to_string()
}

async fn user_id(client: &Client) -> Value {
    client.get("/api/v1/session").await.json()["user"]["id"].clone()
}

async fn name_secretary(manager: &Client, meeting: &str, secretary: &Client) {
    let r = manager
        .send(
            Method::PUT,
            &format!("/api/v1/meetings/{meeting}/secretary"),
            Some(json!({"secretary_id": user_id(secretary).await})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
}

async fn delegate(hub: &Hub, code: &str) -> (Client, String) {
    let delegation = hub.delegation(code).await;
    (hub.user("delegate", Some(&delegation)).await, delegation)
}

async fn join(hub: &Hub, client: &Client, meeting: &str) -> Live {
    Live::join(&hub.url, client, meeting).await
}

/// The delegations on the list of the item under discussion, in order, with
/// their kinds.
async fn order(live: &mut Live) -> Vec<(String, SpeakerKind)> {
    speakers(&live.state().await)
        .iter()
        .map(|l| {
            (
                l.delegation.map(|d| d.to_string()).unwrap_or_default(),
                l.kind,
            )
        })
        .collect()
}

/// The line number of `delegation`'s line of `kind` on item `item`'s list.
async fn line_of(live: &mut Live, item: u32, delegation: &str, kind: SpeakerKind) -> u64 {
    live.state().await.lists[&item]
        .lines
        .iter()
        .find(|l| {
            l.kind == kind && l.delegation.map(|d| d.to_string()).as_deref() == Some(delegation)
        })
        .map(|l| l.line)
        .expect("the line is on the list")
}

/// The record of `meeting` once it holds the adjournment (the last act:
/// lines are written in order).
async fn record_to_the_end(reader: &Client, meeting: &str) -> Vec<Value> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let r = reader
            .get(&format!("/api/v1/meetings/{meeting}/record"))
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        let lines = r.json().as_array().cloned().unwrap_or_default();
        if lines.iter().any(|l| l["event"]["status"] == "adjourned") {
            return lines;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the adjournment is not in the record"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn the_secretary_of_the_meeting_runs_the_list_for_the_chair(b: Backend) {
    let hub = Hub::start(b).await;
    let m = formal(&hub, json!([120, 60])).await;
    let id = m.id.clone();
    let (fra_c, fra) = delegate(&hub, "FRA").await;
    let (ken_c, ken) = delegate(&hub, "KEN").await;
    let (gha_c, gha) = delegate(&hub, "GHA").await;
    let (bra_c, bra) = delegate(&hub, "BRA").await;
    let (ind_c, ind) = delegate(&hub, "IND").await;

    // Before the meeting: the secretary and the delegations prepare item 17.
    let mut secretary = join(&hub, &m.secretary, &id).await;
    let mut other_staff = join(&hub, &hub.user("secretariat", None).await, &id).await;
    let mut france = join(&hub, &fra_c, &id).await;
    let mut kenya = join(&hub, &ken_c, &id).await;
    let mut ghana = join(&hub, &gha_c, &id).await;
    let mut brazil = join(&hub, &bra_c, &id).await;
    france
        .ok(json!({"command": "inscribe", "kind": "statement", "item": 1}))
        .await;
    kenya
        .ok(json!({"command": "inscribe", "kind": "statement", "level": "minister", "item": 1}))
        .await;
    // The minister goes ahead of the delegation that inscribed first.
    let list = secretary.state().await.lists[&1].clone();
    let got: Vec<String> = list
        .lines
        .iter()
        .map(|l| l.delegation.map(|d| d.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(got, vec![ken.clone(), fra.clone()]);
    assert_eq!(
        kenya
            .request(json!({"command": "inscribe", "kind": "statement", "item": 1}))
            .await,
        Err("already_inscribed".into())
    );
    assert_eq!(
        kenya
            .request(json!({"command": "inscribe", "kind": "statement", "item": 3}))
            .await,
        Err("bad_value".into()),
        "there is no item 3"
    );
    // Inserted, moved, struck: by the secretary, not by another member of
    // the secretariat once a secretary is named, nor by a delegate.
    let insert = json!({"command": "insert_speaker", "delegation": gha, "at": 0, "item": 1});
    assert_eq!(
        other_staff.request(insert.clone()).await,
        Err("not_chair".into())
    );
    assert_eq!(
        france.request(insert.clone()).await,
        Err("not_chair".into())
    );
    secretary.ok(insert).await;
    secretary
        .ok(json!({"command": "insert_speaker", "delegation": ind, "at": 3, "item": 1}))
        .await;
    let fra_line = line_of(&mut secretary, 1, &fra, SpeakerKind::Statement).await;
    secretary
        .ok(json!({"command": "move_speaker", "line": fra_line, "to": 0, "item": 1}))
        .await;
    let ken_line = line_of(&mut secretary, 1, &ken, SpeakerKind::Statement).await;
    assert_eq!(
        kenya
            .request(json!({"command": "strike_speaker", "line": ken_line, "item": 1}))
            .await,
        Err("not_chair".into())
    );
    secretary
        .ok(json!({"command": "strike_speaker", "line": ken_line, "item": 1}))
        .await;
    let list = secretary.state().await.lists[&1].clone();
    assert_eq!(list.order, plenary_protocol::signal::ListOrder::ByChair);
    let got: Vec<String> = list
        .lines
        .iter()
        .map(|l| l.delegation.map(|d| d.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(got, vec![fra.clone(), gha.clone(), ind.clone()]);

    // The chair opens and takes up item 17; a point of order goes first.
    let mut chair = join(&hub, &m.chair, &id).await;
    chair.ok(json!({"command": "open"})).await;
    chair
        .ok(json!({"command": "take_up_item", "position": 1}))
        .await;
    brazil
        .ok(json!({"command": "inscribe", "kind": "point_of_order"}))
        .await;
    kenya
        .ok(json!({"command": "inscribe", "kind": "right_of_reply"}))
        .await;
    assert_eq!(
        order(&mut chair).await,
        vec![
            (bra.clone(), SpeakerKind::PointOfOrder),
            (fra.clone(), SpeakerKind::Statement),
            (gha.clone(), SpeakerKind::Statement),
            (ind.clone(), SpeakerKind::Statement),
            (ken.clone(), SpeakerKind::RightOfReply),
        ]
    );
    // The reply waits for the statements, whoever asks.
    assert_eq!(
        secretary
            .request(json!({"command": "give_floor", "participant": kenya.me.0}))
            .await,
        Err("replies_after_list".into())
    );
    secretary
        .ok(json!({"command": "give_floor", "participant": null}))
        .await;
    let floor = kenya
        .wait_for("the point of order", |e| {
            matches!(e, Event::FloorGiven { .. })
        })
        .await;
    assert!(
        matches!(floor, Event::FloorGiven { floor } if floor.participant == brazil.me && floor.kind == SpeakerKind::PointOfOrder)
    );
    // India is not in the room: its line cannot be given the floor.
    for _ in 0..2 {
        secretary
            .ok(json!({"command": "give_floor", "participant": null}))
            .await;
    }
    assert_eq!(
        secretary
            .request(json!({"command": "give_floor", "participant": null}))
            .await,
        Err("speaker_absent".into())
    );
    let ind_line = line_of(&mut secretary, 1, &ind, SpeakerKind::Statement).await;
    let india = join(&hub, &ind_c, &id).await;
    assert_eq!(
        india.welcome.lists[&1].lines[0].line, ind_line,
        "the line waits for the delegation"
    );
    secretary
        .ok(json!({"command": "give_floor", "participant": null}))
        .await;
    // The statements are exhausted: Kenya's reply, on the body's time.
    secretary
        .ok(json!({"command": "close_list", "closed": true}))
        .await;
    assert_eq!(
        france
            .request(json!({"command": "inscribe", "kind": "statement"}))
            .await,
        Err("list_closed".into())
    );
    secretary
        .ok(json!({"command": "give_floor", "participant": null}))
        .await;
    let state = kenya.state().await;
    let floor = state.floor.expect("the floor");
    assert_eq!(
        (floor.participant, floor.kind, floor.limit_ms),
        (kenya.me, SpeakerKind::RightOfReply, Some(120_000))
    );
    kenya
        .ok(json!({"command": "inscribe", "kind": "right_of_reply"}))
        .await;
    chair
        .ok(json!({"command": "give_floor", "participant": null}))
        .await;
    let floor = kenya.state().await.floor.expect("the floor");
    assert_eq!(floor.limit_ms, Some(60_000), "the second reply is shorter");
    assert_eq!(
        kenya
            .request(json!({"command": "inscribe", "kind": "right_of_reply"}))
            .await,
        Err("reply_limit".into())
    );
    secretary
        .ok(json!({"command": "set_floor_limit", "limit_ms": 90_000}))
        .await;
    kenya
        .wait_for("the new limit", |e| {
            matches!(
                e,
                Event::FloorLimitChanged {
                    limit_ms: Some(90_000)
                }
            )
        })
        .await;

    // The secretary mutes all, stops a share, removes Ghana for good.
    secretary.ok(json!({"command": "mute_all"})).await;
    let fra_seat = france.me;
    france
        .wait_for(
            "France muted",
            |e| matches!(e, Event::MuteRequested { participant } if *participant == fra_seat),
        )
        .await;
    secretary
        .ok(json!({"command": "stop_share", "participant": france.me.0}))
        .await;
    france
        .wait_for(
            "the share stopped",
            |e| matches!(e, Event::ShareStopped { participant } if *participant == fra_seat),
        )
        .await;
    assert_eq!(
        brazil
            .request(json!({"command": "remove", "participant": ghana.me.0}))
            .await,
        Err("not_chair".into())
    );
    secretary
        .ok(json!({"command": "remove", "participant": ghana.me.0}))
        .await;
    assert_eq!(ghana.goodbye().await, Some(SignalError::Removed));
    let again = Live::connect(&hub.url, &gha_c, &id, None).await;
    assert_eq!(
        again.map(|l| l.me).map_err(|r| r.body),
        Err("removed".into()),
        "a removed participant is refused on return"
    );
    chair.ok(json!({"command": "adjourn"})).await;

    // The record holds each act and says who did it.
    let record = record_to_the_end(&m.secretary, &id).await;
    let actor = |kind: &str| -> Vec<Option<u64>> {
        record
            .iter()
            .filter(|l| l["kind"] == kind)
            .map(|l| l["actor"].as_u64())
            .collect()
    };
    let (sec, ch) = (Some(secretary.me.0), Some(chair.me.0));
    assert!(
        actor("removed").iter().all(|a| *a == sec),
        "{:?}",
        actor("removed")
    );
    assert!(actor("share_stopped").iter().all(|a| *a == sec));
    assert!(actor("mute_requested").iter().all(|a| *a == sec));
    assert!(actor("item_taken_up") == vec![ch]);
    assert!(actor("floor_limit_changed") == vec![sec]);
    let list_changes = actor("speakers_changed");
    assert!(list_changes.contains(&sec) && list_changes.contains(&ch));
    assert!(
        list_changes.contains(&Some(france.me.0)),
        "the inscriptions are the delegations' own acts"
    );
    // The secretary's joining line says who acted: the secretariat, not the chair.
    let joined = record
        .iter()
        .find(|l| l["kind"] == "joined" && l["participant"] == secretary.me.0)
        .expect("the secretary's seat");
    assert_eq!(joined["event"]["participant"]["role"], "secretariat");
    // The minutes' draft in French holds it all.
    let draft = m
        .secretary
        .get(&format!(
            "/api/v1/meetings/{id}/minutes/from-record?language=fr"
        ))
        .await;
    assert_eq!(draft.status, 200, "{}", draft.text);
    for said in [
        "### Point 17 de l’ordre du jour : Item 17",
        "Le Secrétaire de la séance, au nom du Président, inscrit",
        "Le Secrétaire de la séance, au nom du Président, raye",
        "Le Secrétaire de la séance, au nom du Président, clôt la liste des orateurs.",
        ", sur une motion d’ordre (",
        ", dans l’exercice du droit de réponse (",
        "Le Secrétaire de la séance, au nom du Président, fait sortir",
        "La séance est levée.",
    ] {
        assert!(
            draft.text.contains(said),
            "{said} is not in the draft:\n{}",
            draft.text
        );
    }
    drop((other_staff, india, brazil));
}

/// Every chat message `live` receives until `marker`, then the state's.
async fn chat_until(live: &mut Live, marker: &str) -> (Vec<String>, Vec<String>) {
    let mut seen = Vec::new();
    loop {
        match live.try_recv(Duration::from_secs(15)).await {
            Some(ServerMessage::Update { events, .. }) => {
                for e in events {
                    if let Event::Chat { message } = e {
                        seen.push(message.text.clone());
                        if message.text == marker {
                            let state = live.state().await;
                            return (seen, state.chat.into_iter().map(|m| m.text).collect());
                        }
                    }
                }
            }
            Some(_) => {}
            None => panic!("no {marker} before the deadline"),
        }
    }
}

async fn private_messages_reach_those_who_preside_only(b: Backend) {
    let hub = Hub::start(b).await;
    private_messages(&hub, &hub).await;
}

/// The chair and France on `one` node, the secretary, another member of
/// the secretariat and Kenya on `other`.
async fn private_messages(one: &Hub, other: &Hub) {
    let m = formal(one, json!([600, 300])).await;
    let id = m.id.clone();
    let mut chair = join(one, &m.chair, &id).await;
    let mut secretary = join(other, &m.secretary, &id).await;
    let mut staff = join(other, &one.user("secretariat", None).await, &id).await;
    let (fra_c, _) = delegate(one, "FRA").await;
    let (ken_c, _) = delegate(one, "KEN").await;
    let mut france = join(one, &fra_c, &id).await;
    let mut kenya = join(other, &ken_c, &id).await;
    chair.ok(json!({"command": "open"})).await;
    // The secretary presides from the other node.
    secretary
        .ok(json!({"command": "take_up_item", "position": 2}))
        .await;
    assert_eq!(
        staff
            .request(json!({"command": "take_up_item", "position": 1}))
            .await,
        Err("not_chair".into())
    );

    // Delegates write to those who preside, never to each other.
    assert_eq!(
        france
            .request(json!({"command": "chat", "text": "psst", "to": {"participant": kenya.me.0}}))
            .await,
        Err("private_to_presiding".into())
    );
    france
        .ok(json!({"command": "chat", "text": "France asks the floor after Kenya", "to": "presiding"}))
        .await;
    secretary
        .ok(json!({"command": "chat", "text": "Noted, France.", "to": {"participant": france.me.0}}))
        .await;
    chair
        .ok(json!({"command": "chat", "text": "The meeting resumes.", "to": "everyone"}))
        .await;
    let marker = "The meeting resumes.";
    let private = ["France asks the floor after Kenya", "Noted, France."];
    // The member of the secretariat sent nothing, so it reads every update
    // on the wire; the others' requests read past the updates up to their
    // answers, so their state says what they were sent.
    let all: Vec<&str> = private.iter().copied().chain([marker]).collect();
    let (seen, _) = chat_until(&mut staff, marker).await;
    assert_eq!(seen, all, "the secretariat's wire");
    for (who, live) in [
        ("chair", &mut chair),
        ("secretary", &mut secretary),
        ("secretariat", &mut staff),
        ("France", &mut france),
    ] {
        let kept: Vec<String> = live
            .state()
            .await
            .chat
            .into_iter()
            .map(|m| m.text)
            .collect();
        assert_eq!(kept, all, "{who}");
    }
    let (seen, kept) = chat_until(&mut kenya, marker).await;
    assert_eq!(seen, vec![marker], "Kenya was sent a private message");
    assert_eq!(kept, vec![marker], "Kenya's state holds a private message");
    // The secretariat reads it all in the record, with who it was for.
    secretary.ok(json!({"command": "adjourn"})).await;
    let record = record_to_the_end(&m.secretary, &id).await;
    let to: Vec<Value> = record
        .iter()
        .filter(|l| l["kind"] == "chat")
        .map(|l| l["event"]["message"]["to"].clone())
        .collect();
    assert_eq!(
        to,
        vec![
            json!("presiding"),
            json!({"participant": france.me.0}),
            json!("everyone")
        ]
    );
    // And on a page of the meeting: the secretariat and the chair, not a delegate.
    let page = format!("/meetings/{id}/record");
    for reader in [&m.secretary, &m.chair] {
        let r = reader.get(&page).await;
        assert_eq!(r.status, 200, "{}", r.text);
        assert!(
            r.text.contains("France asks the floor after Kenya"),
            "{}",
            r.text
        );
        assert!(
            r.text.contains("(to the chair and the secretariat)"),
            "{}",
            r.text
        );
        assert!(r.text.contains("privately to Test delegate"), "{}", r.text);
    }
    fra_c.get(&page).await.assert_problem(403, "forbidden");
}

async fn a_list_prepared_before_the_meeting_outlives_the_sitting(b: Backend) {
    let hub = Hub::start(b).await;
    let m = formal(&hub, json!([600, 300])).await;
    let (fra_c, fra) = delegate(&hub, "FRA").await;
    let (ken_c, ken) = delegate(&hub, "KEN").await;
    // Inscribed in advance, on item 18; the meeting takes up item 18 and
    // hears France, then adjourns.
    let mut france = join(&hub, &fra_c, &m.id).await;
    let mut kenya = join(&hub, &ken_c, &m.id).await;
    france
        .ok(json!({"command": "inscribe", "kind": "statement", "item": 2}))
        .await;
    kenya
        .ok(json!({"command": "inscribe", "kind": "statement", "item": 2}))
        .await;
    let mut chair = join(&hub, &m.chair, &m.id).await;
    chair.ok(json!({"command": "open"})).await;
    chair
        .ok(json!({"command": "take_up_item", "position": 2}))
        .await;
    chair
        .ok(json!({"command": "give_floor", "participant": null}))
        .await;
    chair.ok(json!({"command": "adjourn"})).await;
    record_to_the_end(&m.secretary, &m.id).await;
    drop((france, kenya, chair));

    // The body's next sitting takes item 18 up again, second on its agenda
    // this time, beside an item without a number: Kenya is still inscribed.
    let next = sitting(&m.manager, &m.body, &["", "18"]).await;
    let (_, gha) = delegate(&hub, "GHA").await;
    let ghana = join(&hub, &hub.user("delegate", Some(&gha)).await, &next).await;
    let lines = &ghana.welcome.lists[&2].lines;
    assert_eq!(
        lines
            .iter()
            .map(|l| (l.delegation.map(|d| d.to_string()), l.participant))
            .collect::<Vec<_>>(),
        vec![(Some(ken.clone()), None)],
        "the list of item 18, by delegation, without the last sitting's seats"
    );
    assert!(!ghana.welcome.lists.contains_key(&1));
    assert_ne!(lines[0].delegation.map(|d| d.to_string()), Some(fra));
}

async fn the_secretary_is_named_by_staff_and_must_be_of_the_secretariat(b: Backend) {
    let hub = Hub::start(b).await;
    let m = formal(&hub, json!([600, 300])).await;
    let path = format!("/api/v1/meetings/{}/secretary", m.id);
    let secretariat = hub.user("secretariat", None).await;
    let someone = user_id(&secretariat).await;
    // A delegate may not name one; staff may.
    let delegate = hub.delegate().await;
    let r = delegate
        .send(Method::PUT, &path, Some(json!({"secretary_id": someone})))
        .await;
    r.assert_problem(403, "forbidden");
    let r = secretariat
        .send(Method::PUT, &path, Some(json!({"secretary_id": someone})))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["secretary_id"], someone);
    // A delegate cannot be the secretary; nor can a user who does not exist.
    let r = m
        .manager
        .send(
            Method::PUT,
            &path,
            Some(json!({"secretary_id": user_id(&delegate).await})),
        )
        .await;
    let problem = r.assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["rule"], "not_secretariat", "{problem}");
    let r = m
        .manager
        .send(
            Method::PUT,
            &path,
            Some(json!({"secretary_id": "01a249a6-0000-7000-8000-000000000000"})),
        )
        .await;
    r.assert_problem(422, "validation_failed");
    // Delegates are not told who the secretary is.
    let r = delegate.get(&format!("/api/v1/meetings/{}", m.id)).await;
    assert_eq!(r.json()["secretary_id"], Value::Null);
    // Bodies set their rights of reply within bounds.
    for bad in [
        json!([5]),
        json!([600, 300, 300, 300, 300, 300]),
        json!([7200]),
    ] {
        let r = m
            .manager
            .post(
                "/api/v1/bodies",
                json!({"name": format!("Committee {}", fresh_code()), "reply_limits_s": bad}),
            )
            .await;
        let problem = r.assert_problem(422, "validation_failed");
        assert_eq!(problem["errors"][0]["rule"], "reply_limits", "{problem}");
    }
    let bodies = m.manager.get("/api/v1/bodies").await.json();
    let ours = bodies
        .as_array()
        .and_then(|b| b.iter().find(|b| b["id"] == m.body.as_str()))
        .expect("the body")
        .clone();
    assert_eq!(ours["reply_limits_s"], json!([600, 300]));
}

/// Each of the chair's powers, over the socket: the chair and the secretary
/// of the meeting each use it; another member of the secretariat and a
/// delegate are refused it.
async fn every_power_is_the_chairs_and_the_secretarys_and_no_one_elses(b: Backend) {
    let hub = Hub::start(b).await;
    let m = formal(&hub, json!([600, 300])).await;
    let id = m.id.clone();
    let mut chair = join(&hub, &m.chair, &id).await;
    let mut secretary = join(&hub, &m.secretary, &id).await;
    let mut staff = join(&hub, &hub.user("secretariat", None).await, &id).await;
    let (fra_c, fra) = delegate(&hub, "FRA").await;
    let (ken_c, _) = delegate(&hub, "KEN").await;
    let mut france = join(&hub, &fra_c, &id).await;
    let kenya_user = ken_c.get("/api/v1/session").await.json()["user"]["id"].clone();
    for who in ["chair", "secretary"] {
        let live = if who == "chair" {
            &mut chair
        } else {
            &mut secretary
        };
        // A Kenyan seat for the powers that need someone to act on.
        let kenya = join(&hub, &ken_c, &id).await;
        let k = kenya.me.0;
        let line = |n: u64| json!({"command": "strike_speaker", "line": n, "item": 1});
        let powers = [
            json!({"command": "open"}),
            json!({"command": "take_up_item", "position": 1}),
            json!({"command": "insert_speaker", "delegation": fra, "at": 0, "item": 1}),
            json!({"command": "close_list", "closed": true}),
            json!({"command": "close_list", "closed": false}),
            json!({"command": "set_list_limit", "limit_ms": 120000}),
            json!({"command": "set_speaking_limit", "limit_ms": 180000}),
            json!({"command": "give_floor", "participant": k}),
            json!({"command": "set_floor_limit", "limit_ms": 60000}),
            json!({"command": "end_floor"}),
            json!({"command": "ask_mute", "participant": k}),
            json!({"command": "unmute", "participant": k}),
            json!({"command": "mute_all"}),
            json!({"command": "stop_share", "participant": k}),
            json!({"command": "lock", "locked": true}),
            json!({"command": "lock", "locked": false}),
            json!({"command": "record_decision", "text": "The Committee took note of the report."}),
            json!({"command": "suspend"}),
            json!({"command": "resume"}),
            json!({"command": "remove", "participant": k}),
            json!({"command": "readmit", "user": kenya_user}),
        ];
        for power in powers {
            // Opened once, by the chair: the secretary finds it open.
            if who == "secretary" && power["command"] == "open" {
                continue;
            }
            for refused in [&mut staff, &mut france] {
                assert_eq!(
                    refused.request(power.clone()).await,
                    Err("not_chair".into()),
                    "{power} by a member of the secretariat or a delegate"
                );
            }
            live.request(power.clone())
                .await
                .unwrap_or_else(|e| panic!("{power} by the {who}: {e}"));
            // Within each user's message budget (a burst of 30, then a few a second).
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        // The inserted line, struck.
        let lines = live.state().await.lists[&1].lines.clone();
        for l in lines {
            live.ok(line(l.line)).await;
        }
        drop(kenya);
    }
    // And the record says who did each.
    secretary.ok(json!({"command": "adjourn"})).await;
    let record = record_to_the_end(&m.secretary, &id).await;
    for kind in [
        "removed",
        "share_stopped",
        "lock_changed",
        "decision_recorded",
        "floor_limit_changed",
    ] {
        let actors: Vec<Option<u64>> = record
            .iter()
            .filter(|l| l["kind"] == kind)
            .map(|l| l["actor"].as_u64())
            .collect();
        assert!(actors.contains(&Some(chair.me.0)), "{kind}: {actors:?}");
        assert!(actors.contains(&Some(secretary.me.0)), "{kind}: {actors:?}");
    }
}
