//! Statements handed in before speaking, on both backends: who may hand
//! one in, who reads it before the delegation takes the floor (the
//! secretariat, the meeting's interpreters, the delegation) and who after
//! (all who may read the meeting), byte for byte from the archive.

use plenary_tests::{Backend, Client, Hub, Live};
use reqwest::Method;
use serde_json::{json, Value};
use std::time::Duration;

plenary_tests::on_both_backends!(
    a_statement_is_read_by_the_interpreters_before_the_floor_and_by_everyone_after,
);

fn statement_pdf() -> Vec<u8> {
    plenary_tests::text_pdf("Monsieur le Président, la France se félicite de ce projet.")
}

async fn hand_in(
    client: &Client,
    meeting: &str,
    language: &str,
    bytes: Vec<u8>,
) -> plenary_tests::Resp {
    client
        .raw(
            Method::PUT,
            &format!("/api/v1/meetings/{meeting}/statements/{language}?filename=France_17.pdf"),
            Some("application/pdf"),
            bytes,
        )
        .await
}

/// Statements `client` may list, by delegation code and whether delivered.
async fn listed(client: &Client, meeting: &str) -> Vec<(String, bool)> {
    let r = client
        .get(&format!("/api/v1/meetings/{meeting}/statements"))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.json()
        .as_array()
        .expect("statements")
        .iter()
        .map(|s| {
            (
                s["delegation"]["code"].as_str().expect("code").to_string(),
                !s["delivered_at"].is_null(),
            )
        })
        .collect()
}

async fn a_statement_is_read_by_the_interpreters_before_the_floor_and_by_everyone_after(
    b: Backend,
) {
    let hub = Hub::start(b).await;
    let manager = hub.user("conference_manager", None).await;
    let body = plenary_tests::Scheduler(&manager)
        .body("Second Committee")
        .await;
    let (amelie_id, amelie) = hub.interpreter("Amélie", &["fr"]).await;
    let (sarah_id, _) = hub.interpreter("Sarah", &["fr"]).await;
    let (_, other_interpreter) = hub.interpreter("Otto", &["fr"]).await;
    let r = manager
        .post(
            "/api/v1/meetings",
            json!({"title": "Plenary meeting", "body_id": body, "starts_local": "2030-10-01T10:00",
                   "ends_local": "2030-10-01T13:00", "time_zone": "UTC", "access": "public",
                   "agenda": [{"number": "17", "title": "Item 17"}],
                   "interpreters": {"fr": [amelie_id, sarah_id]}}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json()["id"].as_str().expect("id").to_string();
    let chair = hub.delegate().await;
    hub.set_chair(&manager, &id, &chair).await;
    let fra = hub.delegation("FRA").await;
    let ken = hub.delegation("KEN").await;
    let france = hub.user("delegate", Some(&fra)).await;
    let kenya = hub.user("delegate", Some(&ken)).await;
    let secretariat = hub.user("secretariat", None).await;
    let anon = hub.anonymous();

    // Not inscribed yet: refused, nothing kept.
    let r = hand_in(&france, &id, "fr", statement_pdf()).await;
    let problem = r.assert_problem(403, "forbidden");
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("inscribed")),
        "{problem}"
    );
    assert_eq!(hub.count("statements").await, 0);
    hand_in(&secretariat, &id, "fr", statement_pdf())
        .await
        .assert_problem(403, "forbidden");

    // France inscribes on item 17 before the meeting, then hands it in.
    let mut france_live = Live::join(&hub.url, &france, &id).await;
    france_live
        .ok(json!({"command": "inscribe", "kind": "statement", "item": 1}))
        .await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    let handed = loop {
        // The list reaches SQL with the record, a moment after the act.
        let r = hand_in(&france, &id, "fr", statement_pdf()).await;
        if r.status == 201 {
            break r.json();
        }
        r.assert_problem(403, "forbidden");
        assert!(tokio::time::Instant::now() < deadline, "never inscribed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(handed["delivered_at"], Value::Null);
    assert_eq!(handed["language"], "fr");
    let file = handed["url"].as_str().expect("url").to_string();
    // Bad input: an unknown language, a bad file name, an empty file.
    hand_in(&france, &id, "de", statement_pdf())
        .await
        .assert_problem(404, "not_found");
    france
        .raw(
            Method::PUT,
            &format!("/api/v1/meetings/{id}/statements/fr?filename=../x.pdf"),
            Some("application/pdf"),
            statement_pdf(),
        )
        .await
        .assert_problem(422, "validation_failed");
    hand_in(&france, &id, "fr", Vec::new())
        .await
        .assert_problem(422, "validation_failed");
    assert_eq!(hub.count("statements").await, 1);

    // Before the floor: the secretariat, the meeting's interpreters and
    // France read it; Kenya, the public and another interpreter do not.
    for (who, reader) in [
        ("secretariat", &secretariat),
        ("the booth's interpreter", &amelie),
        ("France", &france),
    ] {
        let (status, _, bytes) = reader.download(&file, &[]).await;
        assert_eq!(status, 200, "{who}");
        assert_eq!(bytes, statement_pdf(), "{who}");
        assert_eq!(
            listed(reader, &id).await,
            [("FRA".to_string(), false)],
            "{who}"
        );
    }
    for (who, reader) in [("Kenya", &kenya), ("the public", &anon)] {
        let (status, _, _) = reader.download(&file, &[]).await;
        assert_eq!(status, 404, "{who}");
        assert_eq!(listed(reader, &id).await, [], "{who}");
    }
    let (status, _, _) = other_interpreter.download(&file, &[]).await;
    assert_eq!(status, 404, "an interpreter of another meeting");
    let page = amelie.get(&format!("/meetings/{id}?lang=en")).await;
    assert!(
        page.text.contains("statements-to-come") && page.text.contains("Delegation FRA"),
        "the interpreters' view shows what is to come"
    );

    // The chair opens, takes up item 17 and gives France the floor.
    let mut chair_live = Live::join(&hub.url, &chair, &id).await;
    chair_live.ok(json!({"command": "open"})).await;
    chair_live
        .ok(json!({"command": "take_up_item", "position": 1}))
        .await;
    chair_live
        .ok(json!({"command": "give_floor", "participant": null}))
        .await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    while listed(&anon, &id).await != [("FRA".to_string(), true)] {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the statement is not released when France takes the floor"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for (who, reader) in [("Kenya", &kenya), ("the public", &anon)] {
        let (status, headers, bytes) = reader.download(&file, &[]).await;
        assert_eq!(status, 200, "{who}");
        assert_eq!(bytes, statement_pdf(), "{who}");
        assert_eq!(headers["content-language"], "fr");
        assert!(headers["cache-control"]
            .to_str()
            .is_ok_and(|c| c.contains("private")));
    }
    let page = anon.get(&format!("/meetings/{id}?lang=en")).await;
    assert!(
        page.text.contains("delivered-statements") && page.text.contains("Check against delivery"),
        "{}",
        page.text
    );
    // Having spoken, France is no longer inscribed: nothing more to hand in.
    hand_in(&france, &id, "fr", statement_pdf())
        .await
        .assert_problem(403, "forbidden");

    // The archive checks it like any document's file.
    let report = plenary_server::archive::verify(&hub.state.db, &hub.state.objects, |_, _| {})
        .await
        .expect("verify");
    assert_eq!(report.checked, 1);
    assert!(report.findings.is_empty());
    france_live.close().await;
    chair_live.close().await;
}
