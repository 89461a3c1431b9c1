//! The audit log: what it keeps (who, when, from where, what), who may read
//! and export it, and that nothing changes or deletes an entry.

use plenary_tests::{Backend, Client, Hub};
use reqwest::Method;
use serde_json::{json, Value};

plenary_tests::on_both_backends!(
    accounts_and_sign_ins_are_audited_with_who_and_from_where,
    documents_and_restricted_downloads_are_audited,
    only_administrators_read_and_export_the_audit_log,
    no_entry_of_the_audit_log_can_be_changed_or_deleted,
);

/// A hub behind a trusted proxy on loopback: `X-Forwarded-For` names the client.
async fn behind_proxy(b: Backend) -> Hub {
    Hub::start_with(b, &[("PLENARY_TRUSTED_PROXIES", "127.0.0.1")]).await
}

/// The entries of `action`, newest first (as an administrator reads them).
async fn entries(admin: &Client, query: &str) -> Vec<Value> {
    let r = admin.get(&format!("/api/v1/audit?{query}")).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.json()["entries"].as_array().expect("entries").clone()
}

async fn user_id(admin: &Client, email: &str) -> String {
    let users = admin.get("/api/v1/users").await.json();
    users
        .as_array()
        .expect("users")
        .iter()
        .find(|u| u["email"] == email)
        .and_then(|u| u["id"].as_str())
        .expect("the user")
        .to_string()
}

async fn accounts_and_sign_ins_are_audited_with_who_and_from_where(b: Backend) {
    let hub = behind_proxy(b).await;
    let admin = hub.admin().await;
    let admin_id = admin.get("/api/v1/session").await.json()["user"]["id"]
        .as_str()
        .expect("admin id")
        .to_string();
    let fra = hub.delegation("FRA").await;
    let ken = hub.delegation("KEN").await;
    let (email, password) = hub.account("delegate", "Amina", Some(&fra)).await;
    let id = user_id(&admin, &email).await;
    let subject = format!("user:{id}");

    let created = entries(&admin, "action=user_created").await;
    let created = created
        .iter()
        .find(|e| e["subject"] == subject)
        .expect("the creation");
    assert_eq!(created["actor"], admin_id);
    assert_eq!(created["detail"]["role"], "delegate");

    // Sign-ins, refused and accepted, from the address the proxy saw.
    let anonymous = hub.anonymous();
    let sign_in = |password: &'static str, from: &'static str| {
        let anonymous = anonymous.clone();
        let email = email.clone();
        async move {
            anonymous
                .raw_with(
                    Method::POST,
                    "/api/v1/session",
                    Some("application/json"),
                    json!({"email": email, "password": password})
                        .to_string()
                        .into_bytes(),
                    &[("x-forwarded-for", from)],
                )
                .await
        }
    };
    assert_eq!(sign_in("not the password", "203.0.113.7").await.status, 401);
    assert_eq!(sign_in(password, "198.51.100.20").await.status, 200);
    let unknown = anonymous
        .raw_with(
            Method::POST,
            "/api/v1/session",
            Some("application/json"),
            json!({"email": "nobody@hub.example.org", "password": "whatever it is"})
                .to_string()
                .into_bytes(),
            &[("x-forwarded-for", "192.0.2.44")],
        )
        .await;
    assert_eq!(unknown.status, 401);

    let refused = entries(&admin, "action=sign_in_refused").await;
    let wrong = refused
        .iter()
        .find(|e| e["subject"] == subject)
        .expect("the refused sign-in");
    assert_eq!(wrong["address"], "203.0.113.7");
    assert_eq!(wrong["actor"], Value::Null);
    assert_eq!(wrong["detail"]["reason"], "password");
    let stranger = refused
        .iter()
        .find(|e| e["address"] == "192.0.2.44")
        .expect("the unknown email");
    assert_eq!(stranger["subject"], Value::Null);
    assert_eq!(stranger["detail"]["reason"], "unknown_email");
    // No entry carries what was typed.
    let everything = admin.get("/api/v1/audit/export").await.text;
    assert!(!everything.contains("not the password"));
    assert!(!everything.contains("nobody@hub.example.org"));

    let signed_in = entries(&admin, &format!("action=signed_in&actor={id}")).await;
    assert_eq!(signed_in.len(), 1, "{signed_in:?}");
    assert_eq!(signed_in[0]["address"], "198.51.100.20");
    assert_eq!(signed_in[0]["actor_email"], email);

    // An administrator's changes, each an entry with before and after.
    let r = admin
        .raw_with(
            Method::PATCH,
            &format!("/api/v1/users/{id}"),
            Some("application/json"),
            json!({"delegation_id": ken, "password": "another password long enough"})
                .to_string()
                .into_bytes(),
            &[("x-forwarded-for", "10.1.2.3")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = admin
        .patch(&format!("/api/v1/users/{id}"), json!({"disabled": true}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = admin
        .patch(
            &format!("/api/v1/users/{id}"),
            json!({"disabled": false, "role": "secretariat", "delegation_id": null}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = admin.delete(&format!("/api/v1/users/{id}/sessions")).await;
    assert_eq!(r.status, 204, "{}", r.text);

    let about: Vec<Value> = entries(&admin, &format!("subject={subject}")).await;
    let actions: Vec<&str> = about
        .iter()
        .rev()
        .map(|e| e["action"].as_str().expect("action"))
        .collect();
    assert_eq!(
        actions,
        [
            "user_created",
            "sign_in_refused",
            "signed_in",
            "password_changed",
            "delegation_changed",
            "account_disabled",
            "role_changed",
            "delegation_changed",
            "account_enabled",
            "sessions_revoked",
        ]
    );
    let moved = about
        .iter()
        .rev()
        .find(|e| e["action"] == "delegation_changed")
        .expect("moved");
    assert_eq!(moved["detail"], json!({"from": fra, "to": ken}));
    assert_eq!(moved["address"], "10.1.2.3");
    let role = about
        .iter()
        .find(|e| e["action"] == "role_changed")
        .expect("role");
    assert_eq!(
        role["detail"],
        json!({"from": "delegate", "to": "secretariat"})
    );
    assert!(about
        .iter()
        .filter(|e| e["action"] != "sign_in_refused" && e["action"] != "signed_in")
        .all(|e| e["actor"] == admin_id));

    // A refused change writes no entry.
    let before = hub.count("audit_log").await;
    let r = admin
        .patch(&format!("/api/v1/users/{id}"), json!({"password": "short"}))
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(hub.count("audit_log").await, before);
}

fn pdf() -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend((0..4096).map(|i| (i * 31 % 251) as u8));
    bytes
}

async fn issue(client: &Client, symbol: &str, distribution: &str, to: &[&str]) -> String {
    let r = client
        .post(
            "/api/v1/documents",
            json!({"symbol": symbol, "title": "Conference room paper", "distribution": distribution, "restricted_to": to}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json()["id"].as_str().expect("id").to_string();
    let r = client
        .raw(
            Method::PUT,
            &format!("/api/v1/documents/{id}/files/en?filename=paper.pdf"),
            Some("application/pdf"),
            pdf(),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    id
}

async fn documents_and_restricted_downloads_are_audited(b: Backend) {
    let hub = behind_proxy(b).await;
    let admin = hub.admin().await;
    let fra = hub.delegation("FRA").await;
    let secretariat = hub.user("secretariat", None).await;
    let french = hub.user("delegate", Some(&fra)).await;
    let french_id = french.get("/api/v1/session").await.json()["user"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    let restricted = issue(&secretariat, "A/57/CRP.4", "restricted", &[&fra]).await;
    let general = issue(&secretariat, "A/57/5", "general", &[]).await;

    let issued = entries(&admin, &format!("subject=document:{restricted}")).await;
    let details: Vec<&Value> = issued.iter().rev().map(|e| &e["detail"]).collect();
    assert_eq!(details[0]["symbol"], "A/57/CRP.4");
    assert_eq!(details[0]["restricted_to"], json!([fra]));
    assert_eq!(details[1]["language"], "en");
    assert_eq!(details[1]["size"], pdf().len());

    // A restricted file read from its start is an entry; the ranges a
    // viewer reads next and a general document are not.
    let path = format!("/api/v1/documents/{restricted}/files/en");
    let r = french
        .raw_with(
            Method::GET,
            &path,
            None,
            Vec::new(),
            &[("x-forwarded-for", "203.0.113.9")],
        )
        .await;
    assert_eq!(r.status, 200);
    let r = french
        .raw_with(
            Method::GET,
            &path,
            None,
            Vec::new(),
            &[("range", "bytes=100-199")],
        )
        .await;
    assert_eq!(r.status, 206);
    let r = french
        .get(&format!("/api/v1/documents/{general}/files/en"))
        .await;
    assert_eq!(r.status, 200);
    // A reader who may not read it gets nothing, and no entry either.
    let kenyan = hub
        .user("delegate", Some(&hub.delegation("KEN").await))
        .await;
    assert_eq!(kenyan.get(&path).await.status, 404);
    let downloads = entries(&admin, "action=restricted_download").await;
    assert_eq!(downloads.len(), 1, "{downloads:?}");
    assert_eq!(downloads[0]["actor"], french_id);
    assert_eq!(downloads[0]["address"], "203.0.113.9");
    assert_eq!(downloads[0]["subject"], format!("document:{restricted}"));
    assert_eq!(downloads[0]["detail"]["language"], "en");

    let r = secretariat
        .post(
            &format!("/api/v1/documents/{restricted}/withdraw"),
            json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let withdrawn = entries(&admin, "action=document_withdrawn").await;
    assert_eq!(withdrawn.len(), 1);
    assert_eq!(withdrawn[0]["detail"]["symbol"], "A/57/CRP.4");
}

async fn only_administrators_read_and_export_the_audit_log(b: Backend) {
    let hub = Hub::start(b).await;
    let admin = hub.admin().await;
    for _ in 0..3 {
        hub.admin().await;
    }
    let delegate = hub.delegate().await;
    let secretariat = hub.user("secretariat", None).await;
    let manager = hub.user("conference_manager", None).await;
    for path in ["/api/v1/audit", "/api/v1/audit/export", "/admin/audit"] {
        for (who, client) in [
            ("delegate", &delegate),
            ("secretariat", &secretariat),
            ("manager", &manager),
        ] {
            let r = client.get(path).await;
            assert_eq!(r.status, 403, "{who} {path}: {}", r.text);
        }
        // Not followed: a page sends a visitor to sign in first.
        let r = hub.unredirected().get(path).await;
        let expected = if path == "/admin/audit" { 303 } else { 401 };
        assert_eq!(r.status, expected, "anonymous {path}");
        assert_eq!(admin.get(path).await.status, 200, "admin {path}");
    }

    // Pages, newest first, that meet without overlap.
    let first = admin
        .get("/api/v1/audit?action=signed_in&limit=2")
        .await
        .json();
    let first_seqs: Vec<i64> = first["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["seq"].as_i64().expect("seq"))
        .collect();
    assert_eq!(first_seqs.len(), 2);
    assert!(first_seqs[0] > first_seqs[1]);
    let before = first["next_before"].as_i64().expect("more");
    let second = admin
        .get(&format!(
            "/api/v1/audit?action=signed_in&limit=2&before={before}"
        ))
        .await
        .json();
    let second_seqs: Vec<i64> = second["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["seq"].as_i64().expect("seq"))
        .collect();
    assert!(second_seqs.iter().all(|s| *s < first_seqs[1]));

    // The export: JSON Lines, oldest first, each an entry.
    let r = admin.get("/api/v1/audit/export?action=signed_in").await;
    assert_eq!(r.header("content-type"), Some("application/jsonl"));
    let lines: Vec<Value> = r
        .text
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let signed_in = hub.count("audit_log WHERE action = 'signed_in'").await;
    assert_eq!(lines.len() as i64, signed_in);
    assert!(lines
        .windows(2)
        .all(|w| w[0]["seq"].as_i64() < w[1]["seq"].as_i64()));
    assert!(lines.iter().all(|e| e["action"] == "signed_in"));
    // Today's entries are all of them; tomorrow's none.
    let today = chrono::Utc::now().date_naive();
    let tomorrow = today.succ_opt().expect("tomorrow");
    assert_eq!(
        entries(
            &admin,
            &format!("action=signed_in&since={today}&until={today}&limit=500")
        )
        .await
        .len() as i64,
        signed_in
    );
    assert!(entries(&admin, &format!("since={tomorrow}"))
        .await
        .is_empty());

    // The page shows the entries and links the export with the same filter.
    let page = admin.get("/admin/audit?action=signed_in&lang=fr").await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("Journal d’audit"), "{}", page.text);
    assert!(page.text.contains("/api/v1/audit/export?action=signed_in"));
    assert_eq!(
        page.text.matches("data-action=\"signed_in\"").count() as i64,
        signed_in.min(100)
    );

    // A bad filter is a problem naming each field, read before any query.
    let r = admin
        .get("/api/v1/audit?action=dropped&since=05/12/2026&limit=501")
        .await;
    let problem = r.assert_problem(422, "validation_failed");
    let fields: Vec<(&str, &str)> = problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["field"].as_str().expect("field"),
                e["rule"].as_str().expect("rule"),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("action", "audit_action"),
            ("since", "date_shape"),
            ("limit", "limit")
        ]
    );
}

async fn no_entry_of_the_audit_log_can_be_changed_or_deleted(b: Backend) {
    let hub = Hub::start(b).await;
    let admin = hub.admin().await;
    let entries = hub.count("audit_log").await;
    assert!(entries > 0);
    // The hub has no way to change an entry...
    for method in [Method::PUT, Method::PATCH, Method::DELETE, Method::POST] {
        let r = admin
            .raw(
                method.clone(),
                "/api/v1/audit",
                Some("application/json"),
                b"{}".to_vec(),
            )
            .await;
        assert_eq!(r.status, 405, "{method}");
    }
    // ...and the database refuses one made behind its back.
    for sql in [
        "UPDATE audit_log SET action = 'signed_out'",
        "DELETE FROM audit_log",
    ] {
        let e = sqlx::query(sql)
            .execute(&hub.state.db)
            .await
            .expect_err(sql);
        assert!(e.to_string().contains("append-only"), "{sql}: {e}");
    }
    assert_eq!(hub.count("audit_log").await, entries);
    // Appending still works.
    hub.admin().await;
    assert_eq!(hub.count("audit_log").await, entries + 1);
}
