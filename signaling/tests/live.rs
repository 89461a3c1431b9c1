//! Live state against its two backends: in process, and a real Redis shared
//! by two stores standing for two nodes.

use plenary_protocol::api::MeetingStatus;
use plenary_protocol::signal::{MeetingRole, Millis, ParticipantId};
use plenary_protocol::{MeetingId, UserId};
use plenary_signaling::live::{LiveStore, Notice, Update};
use plenary_signaling::meeting::{Command, Event, Joiner, MeetingError, MeetingState, Rules};
use std::time::Duration;
use tokio::sync::broadcast;

fn redis_url() -> String {
    std::env::var("PLENARY_TEST_REDIS_URL")
        .unwrap_or_else(|_| panic!("PLENARY_TEST_REDIS_URL is not set: run ./infra/test.sh, which starts Redis for the tests"))
}

/// Two handles on the same live state: two nodes (Redis) or one process (memory).
async fn two_nodes(redis: bool) -> (LiveStore, LiveStore) {
    if redis {
        let url = redis_url();
        (
            LiveStore::redis(&url).await.expect("node A"),
            LiveStore::redis(&url).await.expect("node B"),
        )
    } else {
        let store = LiveStore::memory();
        (store.clone(), store)
    }
}

fn chair() -> Joiner {
    Joiner {
        user: UserId(uuid::Uuid::new_v4()),
        name: "Chair".into(),
        role: MeetingRole::Chair,
        delegation: None,
    }
}

/// Waits for the next update, skipping resync notices, with a deadline.
async fn next_update(rx: &mut broadcast::Receiver<Notice>) -> Update {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Ok(Notice::Update(u))) => return u.update.clone(),
            Ok(Ok(Notice::Resync)) => continue,
            other => panic!("no update before the deadline: {other:?}"),
        }
    }
}

/// Creates a meeting whose chair has joined and opened it; returns the chair.
async fn opened(store: &LiveStore, meeting: MeetingId) -> ParticipantId {
    store
        .create(meeting, &MeetingState::new(Rules::default(), false))
        .await
        .expect("create");
    let (chair, _) = store
        .update(meeting, &|m| m.join(chair()))
        .await
        .expect("backend")
        .expect("join");
    store
        .update(meeting, &|m| {
            m.apply(chair, Command::Open, Millis(0)).map(|e| ((), e))
        })
        .await
        .expect("backend")
        .expect("open");
    chair
}

async fn updates_reach_the_other_node_in_version_order(redis: bool) {
    let (a, b) = two_nodes(redis).await;
    let meeting = MeetingId(uuid::Uuid::new_v4());
    let mut rx = b.subscribe(meeting);
    // Let node B's subscription settle before the first publish.
    if redis {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let chair = opened(&a, meeting).await;
    let first = next_update(&mut rx).await;
    let second = next_update(&mut rx).await;
    assert_eq!(second.version, first.version + 1);
    assert!(second.events.contains(&Event::StatusChanged {
        status: MeetingStatus::InProgress
    }));

    let (_, update) = a
        .update(meeting, &|m| {
            m.apply(
                chair,
                Command::Chat {
                    text: "Good morning".into(),
                    to: Default::default(),
                },
                Millis(5),
            )
            .map(|e| ((), e))
        })
        .await
        .expect("backend")
        .expect("chat");
    let seen = next_update(&mut rx).await;
    assert_eq!(seen, update);
    let (version, state) = b.get(meeting).await.expect("get").expect("exists");
    assert_eq!(version, update.version);
    assert_eq!(
        state.chat.back().map(|c| c.text.as_str()),
        Some("Good morning")
    );
}

async fn a_refused_command_writes_nothing(redis: bool) {
    let (a, _) = two_nodes(redis).await;
    let meeting = MeetingId(uuid::Uuid::new_v4());
    opened(&a, meeting).await;
    let before = a.get(meeting).await.expect("get");
    let refused = a
        .update(meeting, &|m| {
            m.apply(ParticipantId(999), Command::RaiseHand, Millis(1))
                .map(|e| ((), e))
        })
        .await
        .expect("backend");
    assert_eq!(refused.map(|_| ()), Err(MeetingError::NoSuchParticipant));
    assert_eq!(a.get(meeting).await.expect("get"), before);
}

async fn concurrent_changes_from_two_nodes_lose_nothing(redis: bool) {
    let (a, b) = two_nodes(redis).await;
    let meeting = MeetingId(uuid::Uuid::new_v4());
    let chair = opened(&a, meeting).await;
    let (start, _) = a.get(meeting).await.expect("get").expect("exists");
    let mut tasks = Vec::new();
    for (node, store) in [("a", a.clone()), ("b", b.clone())] {
        for i in 0..40 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                let text = format!("{node}{i}");
                store
                    .update(meeting, &move |m| {
                        m.apply(
                            chair,
                            Command::Chat {
                                text: text.clone(),
                                to: Default::default(),
                            },
                            Millis(1),
                        )
                        .map(|e| ((), e))
                    })
                    .await
                    .expect("backend")
                    .expect("chat");
            }));
        }
    }
    for t in tasks {
        t.await.expect("task");
    }
    let (version, state) = b.get(meeting).await.expect("get").expect("exists");
    assert_eq!(version, start + 80, "every change got its own version");
    assert_eq!(state.chat.len(), 80, "no change overwrote another");
}

/// A node judges a change on the state it last wrote only if nobody wrote
/// since: what another node did in between counts.
async fn a_node_sees_what_another_node_wrote_since_its_own_change(redis: bool) {
    let (a, b) = two_nodes(redis).await;
    let meeting = MeetingId(uuid::Uuid::new_v4());
    let chair = opened(&a, meeting).await;
    // Node A writes last, then a delegate joins and inscribes through node B.
    a.update(meeting, &|m| {
        m.apply(
            chair,
            Command::Chat {
                text: "first".into(),
                to: Default::default(),
            },
            Millis(1),
        )
        .map(|e| ((), e))
    })
    .await
    .expect("backend")
    .expect("chat");
    let delegate = Joiner {
        user: UserId(uuid::Uuid::new_v4()),
        name: "Delegate".into(),
        role: MeetingRole::Delegate,
        delegation: Some(plenary_protocol::DelegationId(uuid::Uuid::new_v4())),
    };
    let (d, _) = b
        .update(meeting, &|m| m.join(delegate.clone()))
        .await
        .expect("backend")
        .expect("join");
    b.update(meeting, &|m| {
        m.apply(
            d,
            Command::Inscribe {
                kind: plenary_protocol::signal::SpeakerKind::Statement,
                level: Default::default(),
                item: None,
            },
            Millis(2),
        )
        .map(|e| ((), e))
    })
    .await
    .expect("backend")
    .expect("inscribe");
    // On A's own last state the list is empty; on the shared one it is not.
    let (_, events) = a
        .update(meeting, &|m| {
            m.apply(chair, Command::GiveFloor { participant: None }, Millis(3))
                .map(|e| ((), e))
        })
        .await
        .expect("backend")
        .expect("the floor goes to the delegate B inscribed");
    assert!(events
        .events
        .iter()
        .any(|e| matches!(e, Event::FloorGiven { floor } if floor.participant == d)));
    // And a change that changes nothing on A's old state is not taken as a no-op.
    let (_, lowered) = a
        .update(meeting, &|m| {
            m.apply(d, Command::RaiseHand, Millis(4)).map(|e| ((), e))
        })
        .await
        .expect("backend")
        .expect("raise");
    assert!(!lowered.events.is_empty());
}

/// A node reads the state it knows again without moving it (Redis sends
/// only its version), and reads what another node wrote since in full.
async fn a_read_sees_every_change_another_node_made_since_the_last(redis: bool) {
    let (a, b) = two_nodes(redis).await;
    let meeting = MeetingId(uuid::Uuid::new_v4());
    let chair = opened(&a, meeting).await;
    let chat = |text: &'static str| {
        move |m: &mut MeetingState| {
            m.apply(
                chair,
                Command::Chat {
                    text: text.into(),
                    to: Default::default(),
                },
                Millis(1),
            )
            .map(|e| ((), e))
        }
    };
    let texts = |state: &MeetingState| -> Vec<String> {
        state.chat.iter().map(|c| c.text.clone()).collect()
    };
    a.update(meeting, &chat("from A"))
        .await
        .expect("backend")
        .expect("chat");
    let (v1, first) = a.get(meeting).await.expect("get").expect("exists");
    let (again, same) = a.get(meeting).await.expect("get").expect("exists");
    assert_eq!((again, texts(&same)), (v1, texts(&first)));
    // B reads (and so knows) this version too, then writes.
    b.get(meeting).await.expect("get").expect("exists");
    b.update(meeting, &chat("from B"))
        .await
        .expect("backend")
        .expect("chat");
    let (v2, seen) = a.get(meeting).await.expect("get").expect("exists");
    assert_eq!(v2, v1 + 1);
    assert_eq!(texts(&seen), ["from A", "from B"]);
    // And A's next change is judged on it.
    a.update(meeting, &chat("A again"))
        .await
        .expect("backend")
        .expect("chat");
    let (v3, last) = b.get(meeting).await.expect("get").expect("exists");
    assert_eq!(v3, v2 + 1);
    assert_eq!(texts(&last), ["from A", "from B", "A again"]);
}

macro_rules! on_both_backends {
    ($($case:ident),* $(,)?) => {
        mod memory { $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $case() { super::$case(false).await } )* }
        mod redis { $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $case() { super::$case(true).await } )* }
    };
}

on_both_backends!(
    updates_reach_the_other_node_in_version_order,
    a_refused_command_writes_nothing,
    concurrent_changes_from_two_nodes_lose_nothing,
    a_node_sees_what_another_node_wrote_since_its_own_change,
    a_read_sees_every_change_another_node_made_since_the_last,
);

/// A Redis server of this test's own, so it can be stopped and started.
struct OwnRedis {
    dir: tempfile::TempDir,
    port: u16,
    child: Option<std::process::Child>,
}

impl OwnRedis {
    fn start(dir: tempfile::TempDir, port: u16) -> OwnRedis {
        // Append-only with fsync on every write: state survives the restart.
        let child = std::process::Command::new("redis-server")
            .args([
                "--bind",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--save",
                "",
                "--appendonly",
                "yes",
            ])
            .args(["--appendfsync", "always", "--dir"])
            .arg(dir.path())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("redis-server runs (installed by infra/setup.sh)");
        OwnRedis {
            dir,
            port,
            child: Some(child),
        }
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    fn stop(mut self) -> tempfile::TempDir {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
        let dir = tempfile::tempdir().expect("tempdir");
        std::mem::replace(&mut self.dir, dir)
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

async fn wait_until<F: std::future::Future<Output = bool>>(
    what: &str,
    mut check: impl FnMut() -> F,
) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    while !check().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{what} before the deadline"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_restart_is_survived_and_subscribers_resync() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("port");
    let redis = OwnRedis::start(tempfile::tempdir().expect("tempdir"), port);
    let url = redis.url();
    let probe = ::redis::Client::open(url.as_str()).expect("client");
    wait_until("Redis answers", || {
        let probe = probe.clone();
        async move { probe.get_multiplexed_async_connection().await.is_ok() }
    })
    .await;

    let a = LiveStore::redis(&url).await.expect("node A");
    let b = LiveStore::redis(&url).await.expect("node B");
    let meeting = MeetingId(uuid::Uuid::new_v4());
    let mut rx = b.subscribe(meeting);
    let chair = opened(&a, meeting).await;
    let (version_before, _) = a.get(meeting).await.expect("get").expect("exists");
    while next_update(&mut rx).await.version < version_before {}

    let dir = redis.stop();
    // While Redis is away, changes fail with a backend error rather than hanging or panicking.
    let down = a
        .update(meeting, &|m| {
            m.apply(chair, Command::Suspend, Millis(1)).map(|e| ((), e))
        })
        .await;
    assert!(down.is_err(), "a change with Redis down is a backend error");

    let _redis = OwnRedis::start(dir, port);
    // Node B is told to resync once its subscription is back.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Ok(Notice::Resync)) => break,
            Ok(Ok(Notice::Update(_))) | Ok(Err(broadcast::error::RecvError::Lagged(_))) => continue,
            other => panic!("no resync after Redis came back: {other:?}"),
        }
    }
    // The state is whole, and changes flow between the nodes again.
    wait_until("node A writes again", || {
        let a = a.clone();
        async move {
            a.update(meeting, &|m| {
                m.apply(chair, Command::Suspend, Millis(2)).map(|e| ((), e))
            })
            .await
            .is_ok()
        }
    })
    .await;
    let seen = next_update(&mut rx).await;
    assert_eq!(seen.version, version_before + 1);
    let (_, state) = b
        .get(meeting)
        .await
        .expect("get")
        .expect("state survived the restart");
    assert_eq!(state.status, MeetingStatus::Suspended);
}
