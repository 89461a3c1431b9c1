//! The hub's log, at its most detailed, through a secret ballot: a binary
//! of its own, since a log is the whole process's. Nothing in it links a
//! ballot to the delegation that cast it.

use plenary_tests::{Backend, Hub, KeptLog, Live};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_ballot_leaves_nothing_in_the_log_that_links_it_to_its_delegation() {
    let kept = KeptLog::default();
    let writer = kept.clone();
    // The node's own logger, as `plenary` sets it up, at debug level
    // (every SQL statement included).
    plenary_server::logging::install(plenary_server::logging::logger(
        "debug",
        move || writer.clone(),
        false,
        plenary_server::logging::SUMMARY_EVERY,
    ))
    .expect("the logger");
    let hub = Hub::start(Backend::Postgres).await;
    let (chair, id) = hub.chaired_meeting("public", &[]).await;
    let mut chair = Live::join(&hub.url, &chair, &id).await;
    chair.ok(json!({"command": "open"})).await;
    let members = hub.member_states(3).await;
    let mut seated = Vec::new();
    for m in &members {
        seated.push(Live::join(&hub.url, &m.client, &id).await);
    }
    chair
        .ok(json!({"command": "open_vote", "spec": {"kind": "secret", "title": "Election of a Rapporteur",
            "election": {"candidates": ["Candidate Alpha", "Candidate Beta"], "seats": 1}}}))
        .await;
    let before = kept.text().len();
    for (i, live) in seated.iter_mut().enumerate() {
        live.ok(json!({"command": "cast_vote", "number": 1, "cast": {"ballot": [i % 2]}}))
            .await;
    }
    chair
        .ok(json!({"command": "close_vote", "number": 1}))
        .await;
    let text = kept.text();
    let during = &text[before..];
    assert!(
        during.contains("vote_tallies"),
        "the log is at debug level, statements included:\n{during}"
    );
    // The statements each ballot ran are the same, whatever it named.
    let statements = |needle: &str| during.lines().filter(|l| l.contains(needle)).count();
    // Three ballots, each rewriting the three counts (two candidates, blank).
    assert_eq!(statements("UPDATE vote_tallies"), 9, "{during}");
    for m in &members {
        for line in text.lines().filter(|l| l.contains(&m.delegation)) {
            assert!(
                !["Alpha", "Beta", "ballot", "marks", "option"]
                    .iter()
                    .any(|w| line.contains(w)),
                "a log line links {} to a ballot: {line}",
                m.name
            );
        }
    }
}
