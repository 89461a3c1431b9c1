//! Sponsors of draft resolutions over real HTTP, on both backends: who may
//! name, join, withdraw and close, each refusal writing nothing, the kept
//! history, and the draft's Atom feed read by an independent parser.

use plenary_tests::{Backend, Client, Hub, Scheduler};
use reqwest::Method;
use serde_json::{json, Value};

plenary_tests::on_both_backends!(
    delegations_co_sponsor_a_draft_until_the_secretariat_closes_the_list,
    observers_sponsor_only_where_the_body_allows_it,
    delegates_of_one_delegation_adding_it_at_once_add_it_once,
    only_a_delegate_is_given_the_right_to_sign_and_it_is_audited,
    a_drafts_history_is_bounded,
);

/// A delegate of `delegation` who may sign for it, signed in.
async fn signatory(hub: &Hub, delegation: &str) -> Client {
    let email = format!("signs-{}@hub.example.org", uuid::Uuid::new_v4().simple());
    let password = "a password long enough";
    let r = hub
        .admin()
        .await
        .post(
            "/api/v1/users",
            json!({"email": email, "name": format!("Signatory of {delegation}"),
                   "role": "delegate", "delegation_id": delegation,
                   "signs_for_delegation": true, "password": password}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json()["signs_for_delegation"], true);
    hub.sign_in(&email, password).await
}

async fn draft(secretariat: &Client, symbol: &str, body: &str, restricted_to: &[&str]) -> String {
    let distribution = if restricted_to.is_empty() {
        "general"
    } else {
        "restricted"
    };
    let r = secretariat
        .post(
            "/api/v1/documents",
            json!({"symbol": symbol, "title": "Draft resolution", "body_id": body,
                   "distribution": distribution, "restricted_to": restricted_to}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.json()["id"].as_str().expect("id").to_string()
}

async fn body(hub: &Hub, observers_may_sponsor: bool) -> String {
    let manager = hub.user("conference_manager", None).await;
    let r = manager
        .post(
            "/api/v1/bodies",
            json!({"name": format!("Committee {}", uuid::Uuid::new_v4().simple()),
                   "symbol_prefix": "A/C.2", "observers_may_sponsor": observers_may_sponsor}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json()["observers_may_sponsor"], observers_may_sponsor);
    // The list of bodies says it too.
    let id = r.json()["id"].as_str().expect("id").to_string();
    let listed = Scheduler(&manager).0.get("/api/v1/bodies").await.json();
    let listed = listed
        .as_array()
        .expect("bodies")
        .iter()
        .find(|b| b["id"] == id.as_str())
        .cloned()
        .expect("listed");
    assert_eq!(listed["observers_may_sponsor"], observers_may_sponsor);
    id
}

fn join(draft: &str, delegation: &str) -> String {
    format!("/api/v1/documents/{draft}/co-sponsors/{delegation}")
}

async fn put(client: &Client, path: &str) -> plenary_tests::Resp {
    client.send(Method::PUT, path, None).await
}

fn codes(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|d| d["code"].as_str().expect("code").to_string())
        .collect()
}

/// A refusal: its status and code, a detail that says why, and nothing
/// written.
async fn refused(hub: &Hub, r: plenary_tests::Resp, status: u16, code: &str, before: i64) {
    let problem = r.assert_problem(status, code);
    // A conflict says which one.
    if matches!(code, "invalid_state" | "already_exists") {
        assert!(
            problem["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{problem}"
        );
    }
    assert_eq!(
        hub.count("sponsor_changes").await,
        before,
        "nothing written"
    );
}

async fn delegations_co_sponsor_a_draft_until_the_secretariat_closes_the_list(b: Backend) {
    let hub = Hub::start(b).await;
    let secretariat = hub.user("secretariat", None).await;
    let committee = body(&hub, false).await;
    let (fra, gbr, ken) = (
        hub.delegation("FRA").await,
        hub.delegation("GBR").await,
        hub.delegation("KEN").await,
    );
    let id = draft(&secretariat, "A/C.2/81/L.7", &committee, &[]).await;
    let france = signatory(&hub, &fra).await;
    let kenya = signatory(&hub, &ken).await;
    let french_without_right = hub.user("delegate", Some(&fra)).await;
    let anon = hub.anonymous();
    let sponsors = format!("/api/v1/documents/{id}/sponsors");

    let r = anon.get(&sponsors).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.json(),
        json!({"document_id": id, "open": true, "main": [], "co": [], "history": []})
    );

    // The secretariat names the main sponsor; nobody else may.
    let main = format!("/api/v1/documents/{id}/main-sponsors");
    let r = secretariat.post(&main, json!({"delegation_id": gbr})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(codes(&r.json()["main"]), ["GBR"]);
    refused(
        &hub,
        france.post(&main, json!({"delegation_id": fra})).await,
        403,
        "forbidden",
        1,
    )
    .await;
    refused(
        &hub,
        secretariat
            .post(&main, json!({"delegation_id": uuid::Uuid::new_v4()}))
            .await,
        422,
        "validation_failed",
        1,
    )
    .await;
    refused(
        &hub,
        secretariat.post(&main, json!({"delegation_id": gbr})).await,
        409,
        "already_exists",
        1,
    )
    .await;

    // Each bad co-sponsorship refused with its reason.
    refused(
        &hub,
        put(&french_without_right, &join(&id, &fra)).await,
        403,
        "forbidden",
        1,
    )
    .await;
    let r = put(&kenya, &join(&id, &fra)).await;
    let detail = r.json()["detail"].as_str().unwrap_or_default().to_string();
    refused(&hub, r, 403, "forbidden", 1).await;
    assert!(detail.contains("own delegation"), "{detail}");
    refused(
        &hub,
        put(&secretariat, &join(&id, &fra)).await,
        403,
        "forbidden",
        1,
    )
    .await;
    refused(
        &hub,
        put(&anon, &join(&id, &fra)).await,
        401,
        "unauthenticated",
        1,
    )
    .await;
    refused(
        &hub,
        put(&france, &join(&id, &uuid::Uuid::new_v4().to_string())).await,
        404,
        "not_found",
        1,
    )
    .await;
    refused(
        &hub,
        put(&france, &format!("/api/v1/documents/{id}/co-sponsors/FRA")).await,
        404,
        "not_found",
        1,
    )
    .await;
    // The refusal is said in the reader's language.
    let r = french_without_right
        .raw_with(
            Method::PUT,
            &join(&id, &fra),
            None,
            Vec::new(),
            &[("accept-language", "fr")],
        )
        .await;
    assert!(
        r.json()["detail"]
            .as_str()
            .is_some_and(|d| d.contains("signer pour votre délégation")),
        "{}",
        r.text
    );

    // France joins, cannot join twice, withdraws, comes back.
    let r = put(&france, &join(&id, &fra)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(codes(&r.json()["co"]), ["FRA"]);
    refused(
        &hub,
        put(&france, &join(&id, &fra)).await,
        409,
        "already_exists",
        2,
    )
    .await;
    let r = put(&kenya, &join(&id, &ken)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = france.delete(&join(&id, &fra)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(codes(&r.json()["co"]), ["KEN"]);
    refused(
        &hub,
        france.delete(&join(&id, &fra)).await,
        409,
        "invalid_state",
        4,
    )
    .await;
    let r = put(&france, &join(&id, &fra)).await;
    assert_eq!(codes(&r.json()["co"]), ["KEN", "FRA"], "back at the end");

    // A document that is not a draft has no sponsors.
    let report = draft(&secretariat, "A/C.2/81/3", &committee, &[]).await;
    anon.get(&format!("/api/v1/documents/{report}/sponsors"))
        .await
        .assert_problem(409, "invalid_state");
    refused(
        &hub,
        put(&france, &join(&report, &fra)).await,
        409,
        "invalid_state",
        5,
    )
    .await;

    // A restricted draft is not there for those who may not read it.
    let ours = draft(&secretariat, "A/C.2/81/L.8", &committee, &[&fra]).await;
    refused(
        &hub,
        put(&kenya, &join(&ours, &ken)).await,
        404,
        "not_found",
        5,
    )
    .await;
    kenya
        .get(&format!("/api/v1/documents/{ours}/sponsors"))
        .await
        .assert_problem(404, "not_found");
    assert_eq!(put(&france, &join(&ours, &fra)).await.status, 200);

    // Closing is the secretariat's; after it nothing changes.
    let close = format!("/api/v1/documents/{id}/sponsors/close");
    refused(
        &hub,
        france.post(&close, json!({})).await,
        403,
        "forbidden",
        6,
    )
    .await;
    let r = secretariat.post(&close, json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["open"], false);
    refused(
        &hub,
        france.delete(&join(&id, &fra)).await,
        409,
        "invalid_state",
        7,
    )
    .await;
    refused(
        &hub,
        secretariat.post(&main, json!({"delegation_id": ken})).await,
        409,
        "invalid_state",
        7,
    )
    .await;
    refused(
        &hub,
        secretariat.post(&close, json!({})).await,
        409,
        "invalid_state",
        7,
    )
    .await;

    // The history: every change with when; who, for staff only.
    let acts = |v: &Value| -> Vec<(String, String)> {
        v["history"]
            .as_array()
            .expect("history")
            .iter()
            .map(|c| {
                (
                    c["act"].as_str().expect("act").to_string(),
                    c["delegation"]["code"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let public = anon.get(&sponsors).await.json();
    let expected: Vec<(String, String)> = [
        ("main", "GBR"),
        ("add", "FRA"),
        ("add", "KEN"),
        ("withdraw", "FRA"),
        ("add", "FRA"),
        ("close", ""),
    ]
    .iter()
    .map(|(a, d)| (a.to_string(), d.to_string()))
    .collect();
    assert_eq!(acts(&public), expected);
    assert!(public["history"]
        .as_array()
        .expect("history")
        .iter()
        .all(|c| c["by"].is_null() && c["at"].is_string()));
    let staff = secretariat.get(&sponsors).await.json();
    assert_eq!(
        staff["history"][1]["by"],
        "Signatory of ".to_string() + &fra
    );
    assert_eq!(codes(&staff["main"]), ["GBR"]);
    assert_eq!(codes(&staff["co"]), ["KEN", "FRA"]);
    // Kept: no route changes it, and SQL refuses to.
    let changed = sqlx::query("DELETE FROM sponsor_changes")
        .execute(&hub.state.db)
        .await;
    assert!(changed.is_err(), "the history is append-only");

    // The draft's feed, newest first, in the reader's language.
    let r = anon
        .get(&format!("/api/v1/documents/{id}/sponsors.atom?lang=fr"))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.header("content-type"),
        Some("application/atom+xml; charset=utf-8")
    );
    let feed = feed_rs::parser::parse(r.text.as_bytes()).expect("an Atom feed");
    assert_eq!(feed.language.as_deref(), Some("fr"));
    let titles: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.title.as_ref().expect("title").content.clone())
        .collect();
    assert_eq!(titles.len(), 6);
    assert_eq!(titles[0], "liste close");
    assert_eq!(titles[1], "Delegation FRA: s’est porté coauteur");
    assert_eq!(titles[5], "Delegation GBR: nommé auteur principal");
    anon.get(&format!("/api/v1/documents/{ours}/sponsors.atom"))
        .await
        .assert_problem(404, "not_found");

    // The page shows the lists and the history (the forms are the browser
    // part's, tried in Chromium).
    let page = anon.get(&format!("/documents/{id}?lang=en")).await;
    assert_eq!(page.status, 200);
    for shown in [
        "Delegation KEN",
        "The list is closed.",
        "named main sponsor",
    ] {
        assert!(page.text.contains(shown), "{shown}: {}", page.text);
    }
}

async fn observers_sponsor_only_where_the_body_allows_it(b: Backend) {
    let hub = Hub::start(b).await;
    let secretariat = hub.user("secretariat", None).await;
    let (closed, open) = (body(&hub, false).await, body(&hub, true).await);
    let observer = hub.observer().await;
    let signs = signatory(&hub, &observer).await;
    let theirs = draft(&secretariat, "A/C.2/81/L.20", &closed, &[]).await;
    let ours = draft(&secretariat, "A/C.2/81/L.21", &open, &[]).await;
    let r = put(&signs, &join(&theirs, &observer)).await;
    let detail = r.json()["detail"].as_str().unwrap_or_default().to_string();
    refused(&hub, r, 403, "forbidden", 0).await;
    assert!(detail.contains("Observers"), "{detail}");
    refused(
        &hub,
        secretariat
            .post(
                &format!("/api/v1/documents/{theirs}/main-sponsors"),
                json!({"delegation_id": observer}),
            )
            .await,
        403,
        "forbidden",
        0,
    )
    .await;
    let r = put(&signs, &join(&ours, &observer)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["co"][0]["kind"], "observer");
}

async fn delegates_of_one_delegation_adding_it_at_once_add_it_once(b: Backend) {
    let hub = Hub::start(b).await;
    let secretariat = hub.user("secretariat", None).await;
    let committee = body(&hub, false).await;
    let fra = hub.delegation("FRA").await;
    let id = draft(&secretariat, "A/C.2/81/L.30", &committee, &[]).await;
    let mut signatories = Vec::new();
    for _ in 0..4 {
        signatories.push(signatory(&hub, &fra).await);
    }
    let path = join(&id, &fra);
    let tries = signatories
        .iter()
        .flat_map(|s| [s.clone(), s.clone()])
        .map(|s| {
            let path = path.clone();
            tokio::spawn(async move { put(&s, &path).await.status })
        });
    let mut statuses = Vec::new();
    for t in tries {
        statuses.push(t.await.expect("a try"));
    }
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409, 409, 409, 409, 409, 409, 409]);
    assert_eq!(hub.count("sponsor_changes").await, 1);
}

async fn only_a_delegate_is_given_the_right_to_sign_and_it_is_audited(b: Backend) {
    let hub = Hub::start(b).await;
    let admin = hub.admin().await;
    let fra = hub.delegation("FRA").await;
    let r = admin
        .post(
            "/api/v1/users",
            json!({"email": "staff-signs@hub.example.org", "name": "Staff", "role": "secretariat",
                   "signs_for_delegation": true, "password": "a password long enough"}),
        )
        .await;
    let problem = r.assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "signs_for_delegation");
    let r = admin
        .post(
            "/api/v1/users",
            json!({"email": "delegate-signs@hub.example.org", "name": "Delegate", "role": "delegate",
                   "delegation_id": fra, "password": "a password long enough"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json()["signs_for_delegation"], false);
    let user = r.json()["id"].as_str().expect("id").to_string();
    let r = admin
        .patch(
            &format!("/api/v1/users/{user}"),
            json!({"signs_for_delegation": true}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["signs_for_delegation"], true);
    let entries = hub.audited("action=signing_right_changed", 1).await;
    assert_eq!(entries[0]["subject"], format!("user:{user}"));
    // A delegate may not give it to themselves.
    let delegate = hub
        .sign_in("delegate-signs@hub.example.org", "a password long enough")
        .await;
    delegate
        .patch(
            &format!("/api/v1/users/{user}"),
            json!({"signs_for_delegation": true}),
        )
        .await
        .assert_problem(403, "forbidden");
    // The right goes with the role.
    let r = admin
        .patch(
            &format!("/api/v1/users/{user}"),
            json!({"role": "secretariat", "delegation_id": null}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["signs_for_delegation"], false);
}

async fn a_drafts_history_is_bounded(b: Backend) {
    let hub = Hub::start(b).await;
    let secretariat = hub.user("secretariat", None).await;
    let committee = body(&hub, false).await;
    let fra = hub.delegation("FRA").await;
    let id = draft(&secretariat, "A/C.2/81/L.40", &committee, &[]).await;
    let france = signatory(&hub, &fra).await;
    assert_eq!(put(&france, &join(&id, &fra)).await.status, 200);
    let by: String = sqlx::Row::try_get(
        &sqlx::query("SELECT by_user FROM sponsor_changes")
            .fetch_one(&hub.state.db)
            .await
            .expect("the change"),
        "by_user",
    )
    .expect("by");
    // A long-lived draft whose signatory joined and left 999 more times.
    for n in 1..2000 {
        let act = if n % 2 == 1 { "withdraw" } else { "add" };
        sqlx::query(
            "INSERT INTO sponsor_changes (document_id, act, delegation_id, by_user, at_ms) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(act)
        .bind(&fra)
        .bind(&by)
        .bind(1_900_000_000_000_i64 + n)
        .execute(&hub.state.db)
        .await
        .expect("a change");
    }
    let r = france.delete(&join(&id, &fra)).await;
    let problem = r.assert_problem(409, "invalid_state");
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("2000")),
        "{problem}"
    );
    assert_eq!(hub.count("sponsor_changes").await, 2000);
}
