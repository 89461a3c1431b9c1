//! The media side's long run: a thousand joins and leaves leave no tasks,
//! sockets or memory behind. A binary of its own, so that what it measures
//! of this process is its hub and participants alone, never another test's.

use plenary_protocol::signal::{MediaSource, ParticipantId};
use plenary_tests::bot::Bot;
use plenary_tests::fixtures::{open_sockets, resident_mib};
use plenary_tests::{Backend, Hub};
use std::time::{Duration, Instant};

const MIC: MediaSource = MediaSource::Microphone;

/// A participant leaves the media room and joins it again with a new peer
/// connection, then receives the publisher's audio.
async fn cycle(b: &Bot, publisher: ParticipantId) {
    let before = b.received_from(publisher, MIC).packets;
    b.rejoin_media().await;
    let got = b
        .until(Duration::from_secs(20), |b| {
            b.received_from(publisher, MIC).packets > before + 2
        })
        .await;
    assert!(
        got,
        "a rejoining participant received media: {:?}",
        b.failures.lock().expect("lock")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_join_leave_cycles_leave_no_growth() {
    let hub = Hub::start(Backend::Sqlite).await;
    let (chair_client, id) = hub.chaired_meeting("public", &[]).await;
    let chair = Bot::join(&hub, &chair_client, &id).await;
    chair.publish(&[MIC]).await.expect("publish");
    let mut bots = Vec::new();
    for _ in 0..8 {
        bots.push(Bot::join(&hub, &hub.delegate().await, &id).await);
    }
    let me = std::process::id();
    let metrics = tokio::runtime::Handle::current().metrics();
    let media = hub.state.live.media().clone();
    // The hub's tasks: the test's runtime and the media threads.
    let tasks = || metrics.num_alive_tasks() + media.alive_tasks();
    let round = |n: usize| {
        let bots = &bots;
        let publisher = chair.me;
        async move {
            for _ in 0..n / bots.len() {
                futures_util::future::join_all(bots.iter().map(|b| cycle(b, publisher))).await;
            }
        }
    };
    // Warm up: pools, caches and the allocator reach their working size.
    round(200).await;
    let settle = || tokio::time::sleep(Duration::from_secs(2));
    settle().await;
    let (tasks_before, sockets, memory) = (tasks(), open_sockets(me), resident_mib(me));
    let started = Instant::now();
    round(1000).await;
    settle().await;
    let (tasks_after, sockets_after, memory_after) = (tasks(), open_sockets(me), resident_mib(me));
    eprintln!(
        "1000 media join/leave cycles in {:.1} s: tasks {tasks_before} -> {tasks_after}, sockets {sockets} -> {sockets_after}, resident {memory:.1} -> {memory_after:.1} MiB",
        started.elapsed().as_secs_f64()
    );
    assert!(
        tasks_after <= tasks_before + 8,
        "tasks grew from {tasks_before} to {tasks_after}"
    );
    assert!(
        sockets_after <= sockets + 4,
        "sockets grew from {sockets} to {sockets_after}"
    );
    assert!(
        memory_after <= memory + 16.0,
        "resident memory grew from {memory:.1} to {memory_after:.1} MiB"
    );
    for b in bots {
        b.close().await;
    }
    chair.close().await;
}
