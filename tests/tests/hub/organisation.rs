//! Signing in through the organisation's OpenID provider: the real,
//! certified `oidc-provider` that `infra/oidc.sh` runs, reached over raw
//! HTTP redirect by redirect. Who is let in (matched by the subject, first
//! linked by a verified email), who is not, the request tied to its browser
//! and used once, roles and delegations mapped from claims, a second factor
//! after the provider, and password sign-in switched off.

use plenary_tests::organisation::{Browser, DELEGATE, NO_ROLE, OFFICER, STRANGER, UNVERIFIED};
use plenary_tests::{Backend, Client, Hub};
use serde_json::{json, Value};

plenary_tests::on_both_backends!(
    a_delegate_signs_in_through_the_organisation_and_lands_on_the_journal,
    sign_ins_the_hub_cannot_match_are_refused_and_link_nothing,
    the_answer_counts_once_and_only_in_the_browser_that_asked,
    roles_and_delegations_come_from_claims_when_the_operator_maps_them,
    a_role_that_needs_two_factors_is_asked_for_a_code_after_the_provider,
    password_sign_in_switched_off_leaves_the_organisation_only,
);

/// The session a browser holds, as a client of the API.
fn client_of(hub: &Hub, browser: &Browser) -> Client {
    let mut client = hub.anonymous();
    client.cookie = Some(browser.session().expect("a session cookie"));
    client
}

async fn me(hub: &Hub, browser: &Browser) -> Value {
    let r = client_of(hub, browser).get("/api/v1/session").await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.json()
}

async fn a_delegate_signs_in_through_the_organisation_and_lands_on_the_journal(backend: Backend) {
    let hub = Hub::start_with_organisation(backend, &[("PLENARY_OIDC_NAME", "Unite ID")]).await;
    let kenya = hub.delegation("KEN").await;
    let id = hub
        .provision((DELEGATE.0, "Provisioned"), "delegate", Some(&kenya))
        .await;

    // The sign-in page offers the organisation's account, by the name its
    // people know, beside the password.
    let page = hub.anonymous().get("/sign-in?lang=en").await;
    assert!(
        page.text.contains(">Sign in with Unite ID</a>"),
        "{}",
        page.text
    );
    assert!(page.text.contains("id=\"password\""));
    let page = hub.anonymous().get("/sign-in?lang=fr").await;
    assert!(
        page.text.contains(">Se connecter avec Unite ID</a>"),
        "{}",
        page.text
    );

    let mut browser = Browser::default();
    let r = browser.sign_in(&hub, DELEGATE).await;
    assert_eq!(r.status, 303, "{}", r.text);
    assert_eq!(r.header("location"), Some("/journal"));
    assert_eq!(me(&hub, &browser).await["user"]["id"], id.as_str());
    // The request cookie is spent with the request.
    assert_eq!(browser.hub.get("plenary_sign_in"), None);
    let journal = client_of(&hub, &browser).get("/journal?lang=en").await;
    assert_eq!(journal.status, 200);

    let linked = hub.audited("action=identity_linked", 1).await;
    assert_eq!(linked[0]["subject"], format!("user:{id}"));
    let signed = hub.audited("action=signed_in", 1).await;
    assert!(
        signed.iter().any(|e| e["detail"]["via"] == "organisation"),
        "{signed:?}"
    );

    // Known by the subject from now on: a changed email at the hub does
    // not lose the person, and the role stays the hub's (no mapping).
    sqlx::query("UPDATE users SET email = 'amina.new@kenya.example' WHERE id = $1")
        .bind(&id)
        .execute(&hub.state.db)
        .await
        .expect("email changed");
    let mut again = Browser::default();
    let r = again.sign_in(&hub, DELEGATE).await;
    assert_eq!(r.status, 303, "{}", r.text);
    let session = me(&hub, &again).await;
    assert_eq!(session["user"]["id"], id.as_str());
    assert_eq!(session["user"]["role"], "delegate");
    assert_eq!(hub.count("user_identities").await, 1);
}

async fn sign_ins_the_hub_cannot_match_are_refused_and_link_nothing(backend: Backend) {
    let hub = Hub::start_with_organisation(backend, &[]).await;
    let france = hub.delegation("FRA").await;
    let kenya = hub.delegation("KEN").await;
    hub.provision((UNVERIFIED.0, "Provisioned"), "delegate", Some(&france))
        .await;

    // No account has the email.
    let r = Browser::default().sign_in(&hub, STRANGER).await;
    assert_eq!(r.status, 403, "{}", r.text);
    assert!(r.text.contains("no account with your email"), "{}", r.text);
    // An account has it, but the provider never verified it: anyone may
    // type anyone's address into a provider that lets people register.
    let r = Browser::default().sign_in(&hub, UNVERIFIED).await;
    assert_eq!(r.status, 403, "{}", r.text);
    assert!(r.text.contains("has not verified your email"), "{}", r.text);

    // An account already linked to another of the provider's subjects is
    // not taken over by a second one with the same email.
    let id = hub
        .provision((DELEGATE.0, "Provisioned"), "delegate", Some(&kenya))
        .await;
    sqlx::query(
        "INSERT INTO user_identities (issuer, subject, user_id, linked_at) VALUES ($1, 'someone-else', $2, 0)",
    )
    .bind(std::env::var("PLENARY_TEST_OIDC_ISSUER").expect("issuer"))
    .bind(&id)
    .execute(&hub.state.db)
    .await
    .expect("linked elsewhere");
    let r = Browser::default().sign_in(&hub, DELEGATE).await;
    assert_eq!(r.status, 403, "{}", r.text);
    assert!(r.text.contains("did not let you in"), "{}", r.text);
    assert_eq!(hub.count("user_identities").await, 1);

    // A disabled account stays out, linked or not.
    sqlx::query("DELETE FROM user_identities")
        .execute(&hub.state.db)
        .await
        .expect("unlinked");
    let r = hub
        .admin()
        .await
        .patch(&format!("/api/v1/users/{id}"), json!({"disabled": true}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = Browser::default().sign_in(&hub, DELEGATE).await;
    assert_eq!(r.status, 403, "{}", r.text);
    assert_eq!(hub.count("user_identities").await, 0);
    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE user_id = $1")
        .bind(&id)
        .fetch_one(&hub.state.db)
        .await
        .expect("count");
    assert_eq!(sessions, 0);

    let refused = hub.audited("action=sign_in_refused", 4).await;
    let reasons: Vec<&str> = refused
        .iter()
        .filter_map(|e| e["detail"]["reason"].as_str())
        .collect();
    for reason in [
        "organisation_no_account",
        "organisation_email_not_verified",
        "organisation_linked_elsewhere",
        "disabled",
    ] {
        assert!(reasons.contains(&reason), "{reason} in {reasons:?}");
    }
}

async fn the_answer_counts_once_and_only_in_the_browser_that_asked(backend: Backend) {
    let hub = Hub::start_with_organisation(backend, &[]).await;
    let kenya = hub.delegation("KEN").await;
    hub.provision((DELEGATE.0, "Provisioned"), "delegate", Some(&kenya))
        .await;

    // Someone begins a sign-in and sends the link with their code to
    // another browser: it is not signed in as them.
    let mut asker = Browser::default();
    let form = asker.to_provider_form(&hub, "/journal").await;
    asker.hub = Default::default();
    let r = asker.sign_in_at_provider(&form, DELEGATE).await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert!(r.text.contains("another browser"), "{}", r.text);
    assert!(asker.session().is_none());

    // The answer is good once: replayed, even in the right browser, no.
    let mut browser = Browser::default();
    let form = browser.to_provider_form(&hub, "/journal").await;
    let mut replay = Browser {
        hub: browser.hub.clone(),
        ..Browser::default()
    };
    let state = replay.sign_in_state();
    let r = browser.sign_in_at_provider(&form, DELEGATE).await;
    assert_eq!(r.status, 303, "{}", r.text);
    let r = replay
        .callback(&hub, &format!("state={state}&code=used"))
        .await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert!(replay.session().is_none());

    // A state the hub never made, with a cookie to match.
    let mut forger = Browser::default();
    forger.hub.set("plenary_sign_in", "forged");
    let r = forger.callback(&hub, "state=forged&code=x").await;
    assert_eq!(r.status, 400, "{}", r.text);

    // The person cancels at the provider: refused, and the request is spent.
    let mut cancels = Browser::default();
    cancels.to_provider_form(&hub, "/journal").await;
    let state = cancels.sign_in_state();
    let r = cancels
        .callback(&hub, &format!("state={state}&error=access_denied"))
        .await;
    assert_eq!(r.status, 403, "{}", r.text);
    let left: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sign_in_requests WHERE state_hash = $1")
            .bind(plenary_server::crypto::token_hash(&state))
            .fetch_one(&hub.state.db)
            .await
            .expect("count");
    assert_eq!(left, 0, "the cancelled request is spent");

    // Only local paths are gone on to afterwards.
    let mut elsewhere = Browser::default();
    let r = elsewhere
        .get(
            &format!("{}/sign-in/organisation?next=//evil.example/x", hub.url),
            true,
        )
        .await;
    assert_eq!(r.status, 303);
    let state = elsewhere.sign_in_state();
    let next: String =
        sqlx::query_scalar("SELECT next FROM sign_in_requests WHERE state_hash = $1")
            .bind(plenary_server::crypto::token_hash(&state))
            .fetch_one(&hub.state.db)
            .await
            .expect("the request");
    assert_eq!(next, "/journal");
}

async fn roles_and_delegations_come_from_claims_when_the_operator_maps_them(backend: Backend) {
    let hub = Hub::start_with_organisation(
        backend,
        &[
            (
                "PLENARY_OIDC_SCOPES",
                "openid email profile groups delegation",
            ),
            ("PLENARY_OIDC_ROLE_CLAIM", "groups"),
            (
                "PLENARY_OIDC_ROLES",
                "plenary-secretariat=secretariat, delegates=delegate",
            ),
            ("PLENARY_OIDC_DELEGATION_CLAIM", "delegation"),
        ],
    )
    .await;
    let kenya = hub.delegation("KEN").await;
    let france = hub.delegation("FRA").await;
    // Provisioned as a delegate of France; the provider says secretariat.
    let officer = hub
        .provision((OFFICER.0, "Provisioned"), "delegate", Some(&france))
        .await;
    // Provisioned for France; the provider's claim names Kenya.
    let delegate = hub
        .provision((DELEGATE.0, "Provisioned"), "delegate", Some(&france))
        .await;
    // In no mapped group.
    let visitor = hub
        .provision((NO_ROLE.0, "Provisioned"), "delegate", Some(&kenya))
        .await;

    let mut browser = Browser::default();
    assert_eq!(browser.sign_in(&hub, OFFICER).await.status, 303);
    let session = me(&hub, &browser).await;
    assert_eq!(session["user"]["id"], officer.as_str());
    assert_eq!(session["user"]["role"], "secretariat");
    assert_eq!(session["user"]["delegation_id"], Value::Null);

    let mut browser = Browser::default();
    assert_eq!(browser.sign_in(&hub, DELEGATE).await.status, 303);
    let session = me(&hub, &browser).await;
    assert_eq!(session["user"]["id"], delegate.as_str());
    assert_eq!(session["user"]["role"], "delegate");
    assert_eq!(session["user"]["delegation_id"], kenya.as_str());

    let r = Browser::default().sign_in(&hub, NO_ROLE).await;
    assert_eq!(r.status, 403, "{}", r.text);
    let admin = hub.admin().await;
    let user = admin.get(&format!("/api/v1/users/{visitor}")).await.json();
    assert_eq!(
        user["role"], "delegate",
        "a refused sign-in changes nothing"
    );

    let changed = hub.audited("action=role_changed", 1).await;
    assert_eq!(changed[0]["subject"], format!("user:{officer}"));
    assert_eq!(changed[0]["detail"]["via"], "organisation");
    let moved = hub.audited("action=delegation_changed", 2).await;
    assert!(moved
        .iter()
        .any(|e| e["subject"] == format!("user:{delegate}")));
    let refused = hub.audited("action=sign_in_refused", 1).await;
    assert_eq!(refused[0]["detail"]["reason"], "organisation_no_role");
}

async fn a_role_that_needs_two_factors_is_asked_for_a_code_after_the_provider(backend: Backend) {
    let hub =
        Hub::start_with_organisation(backend, &[("PLENARY_TWO_FACTOR_ROLES", "secretariat")]).await;
    hub.provision((OFFICER.0, "Provisioned"), "secretariat", None)
        .await;
    let mut browser = Browser::default();
    let r = browser.sign_in(&hub, OFFICER).await;
    assert_eq!(r.status, 303, "{}", r.text);
    let location = r.header("location").expect("location");
    assert!(
        location.starts_with("/account/two-factor?lang=en"),
        "{location}"
    );
    assert_eq!(me(&hub, &browser).await["stage"], "enrol");
    // Not yet signed in for anything else.
    let r = client_of(&hub, &browser).get("/api/v1/users").await;
    assert_eq!(r.status, 401, "{}", r.text);
}

async fn password_sign_in_switched_off_leaves_the_organisation_only(backend: Backend) {
    let hub = Hub::start_with_organisation(backend, &[("PLENARY_PASSWORD_SIGN_IN", "false")]).await;
    // Provisioned as the command line or an import would: nobody can sign
    // in with a password to do it.
    let kenya = plenary_protocol::api::Delegation {
        id: plenary_protocol::DelegationId(uuid::Uuid::new_v4()),
        code: "KEN".into(),
        name: "Kenya".into(),
        kind: plenary_protocol::api::DelegationKind::MemberState,
    };
    plenary_server::users::insert_delegation(&hub.state.db, &kenya)
        .await
        .expect("delegation");
    plenary_server::users::create_user(
        &hub.state.db,
        plenary_protocol::api::CreateUser {
            email: DELEGATE.0.into(),
            name: "Amina Otieno".into(),
            role: plenary_protocol::api::Role::Delegate,
            delegation_id: Some(kenya.id),
            languages: vec![],
            signs_for_delegation: false,
            password: "a password nobody types".into(),
        },
    )
    .await
    .expect("user");

    let page = hub.anonymous().get("/sign-in?lang=en").await;
    assert!(
        page.text.contains("id=\"sign-in-organisation\""),
        "{}",
        page.text
    );
    assert!(!page.text.contains("id=\"password\""), "{}", page.text);
    // Raw requests with the right password are refused, over the API and the form.
    let r = hub
        .anonymous()
        .post(
            "/api/v1/session",
            json!({"email": plenary_tests::ADMIN_EMAIL, "password": plenary_tests::ADMIN_PASSWORD}),
        )
        .await;
    let problem = r.assert_problem(403, "forbidden");
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("not with a password")),
        "{problem}"
    );
    let r = hub
        .anonymous()
        .raw(
            reqwest::Method::POST,
            "/sign-in?lang=en",
            Some("application/x-www-form-urlencoded"),
            format!(
                "email={}&password={}&next=%2Fjournal",
                plenary_tests::ADMIN_EMAIL.replace('@', "%40"),
                plenary_tests::ADMIN_PASSWORD.replace(' ', "+")
            )
            .into_bytes(),
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.text);
    assert!(r.header("set-cookie").is_none());
    // The organisation still signs people in.
    let mut browser = Browser::default();
    let r = browser.sign_in(&hub, DELEGATE).await;
    assert_eq!(r.status, 303, "{}", r.text);
    assert_eq!(me(&hub, &browser).await["user"]["role"], "delegate");
}
