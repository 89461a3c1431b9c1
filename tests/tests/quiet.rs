//! The hub's log while a participant publishes tracks the SFU refuses: a
//! binary of its own, since a log is the whole process's and no other
//! test's lines may land in it.

use plenary_protocol::signal::MediaSource;
use plenary_tests::bot::Bot;
use plenary_tests::{Backend, Hub, KeptLog};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_publisher_whose_tracks_are_refused_leaves_the_log_quiet() {
    let kept = KeptLog::default();
    let writer = kept.clone();
    // The node's own logger, as `plenary` sets it up.
    plenary_server::logging::install(plenary_server::logging::logger(
        "info",
        move || writer.clone(),
        false,
        plenary_server::logging::SUMMARY_EVERY,
    ))
    .expect("the logger");
    let hub = Hub::start(Backend::Sqlite).await;
    let (chair_client, id) = hub.chaired_meeting("public", &[]).await;
    let chair = Bot::join(&hub, &chair_client, &id).await;
    let delegate = Bot::join(&hub, &hub.delegate().await, &id).await;
    chair
        .publish(&[MediaSource::Microphone])
        .await
        .expect("publish");
    delegate
        .publish_undeclared(&[MediaSource::Microphone, MediaSource::Camera])
        .await
        .expect("the offer is answered");
    assert!(
        delegate
            .until(Duration::from_secs(15), |d| d
                .received_from(chair.me, MediaSource::Microphone)
                .packets
                > 10)
            .await,
        "media flows where it was declared"
    );
    let before = kept.text().lines().count();
    // Half a minute of the refused publisher sending what it can.
    tokio::time::sleep(Duration::from_secs(30)).await;
    let text = kept.text();
    let during: Vec<&str> = text.lines().skip(before).collect();
    assert!(
        during.len() <= 2,
        "the log grew by {} lines in 30 s:\n{}",
        during.len(),
        during.join("\n")
    );
    assert!(!text.contains("RtpPacket"), "{text}");
}
