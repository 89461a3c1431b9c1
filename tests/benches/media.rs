//! Media forwarding: Plenary's SFU (the release `plenary` binary) against
//! Pion's (infra/pion-sfu, Pion WebRTC v3 from Debian), same workload, same
//! run. The load generator is this process: webrtc-rs participants sending
//! synthetic Opus (50 packets/s) and VP8 (60 packets/s) stamped with their
//! send time, and counting what they receive.
//!
//! ```sh
//! cargo build --release -p plenary-server
//! cargo bench -p plenary-tests --bench media
//! ```
//!
//! Reported per workload and SFU: forwarded packets per second, SFU CPU
//! microseconds per forwarded packet (from /proc of the SFU process only),
//! loss, send-to-receive latency p50/p99 through the SFU, and SFU memory per
//! peer connection; then the largest one-speaker room each holds under 1 %
//! loss and p99 under 50 ms.

use plenary_protocol::signal::{MediaSource, ParticipantId};
use plenary_tests::bot::{Bot, BotOptions, PlainPeer, Received};
use plenary_tests::fixtures::{
    cpu_seconds, free_port, metric, plenary_binary, resident_mib, shared_services, spawn_node,
    wait_ready, Session,
};
use plenary_tests::Live;
use rtc::peer_connection::sdp::RTCSessionDescription;
use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const EMAIL: &str = "bench@plenary.local";
const PASSWORD: &str = "media benchmark password";
const WINDOW: Duration = Duration::from_secs(15);
const MIC: MediaSource = MediaSource::Microphone;
const CAM: MediaSource = MediaSource::Camera;

type Counts = Arc<Mutex<HashMap<(ParticipantId, MediaSource), Received>>>;
type Sent = Arc<Mutex<HashMap<MediaSource, u64>>>;

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Plenary,
    Pion,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Plenary => "Plenary (webrtc-rs)",
            Kind::Pion => "Pion v3 broadcast",
        }
    }
}

struct Sfu {
    kind: Kind,
    /// One process, or (the plenary on several nodes) one per node.
    children: Vec<Child>,
    url: String,
    /// Each node's URL (the first is `url`).
    urls: Vec<String>,
    /// Each Plenary node's metrics address (several nodes).
    metrics: Vec<String>,
    /// Plenary: the admin's cookie.
    cookie: String,
    csrf: String,
    _dirs: Vec<tempfile::TempDir>,
}

impl Drop for Sfu {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn pion_binary() -> String {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../infra/pion-sfu.sh");
    let out = Command::new(script)
        .arg("build")
        .output()
        .expect("infra/pion-sfu.sh runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

async fn start(kind: Kind) -> Sfu {
    let dir = tempfile::tempdir().expect("temp dir");
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");
    let child = match kind {
        Kind::Plenary => Command::new(plenary_binary())
            .env_remove("PLENARY_BENCH_RUN")
            .env_remove("PLENARY_BENCH_VIEWERS")
            .current_dir(dir.path())
            .env("PLENARY_DATA", dir.path())
            .env("PLENARY_ADDR", format!("127.0.0.1:{port}"))
            .env("PLENARY_LOG", "warn")
            .env("PLENARY_ADMIN_EMAIL", EMAIL)
            .env("PLENARY_ADMIN_PASSWORD", PASSWORD)
            .env("PLENARY_LIVE_MAX_PARTICIPANTS", "2000")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start plenary"),
        // Pion with the threads Plenary gives a room: one (a meeting's media
        // lives on one media thread; Go would otherwise use every core).
        Kind::Pion => Command::new(pion_binary())
            .env("GOMAXPROCS", "1")
            .arg("-addr")
            .arg(format!("127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .spawn()
            .expect("start the Pion SFU"),
    };
    let ready = if kind == Kind::Plenary {
        "/readyz"
    } else {
        "/tracks"
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while !reqwest::get(format!("{url}{ready}"))
        .await
        .is_ok_and(|r| r.status() == 200)
    {
        assert!(Instant::now() < deadline, "{url} not ready");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (mut cookie, mut csrf) = (String::new(), String::new());
    if kind == Kind::Plenary {
        let login = reqwest::Client::new()
            .post(format!("{url}/api/v1/session"))
            .json(&serde_json::json!({"email": EMAIL, "password": PASSWORD}))
            .send()
            .await
            .expect("sign in");
        cookie = login.headers()["set-cookie"]
            .to_str()
            .expect("cookie")
            .split(';')
            .next()
            .expect("cookie")
            .to_string();
        csrf = login.json::<serde_json::Value>().await.expect("json")["csrf_token"]
            .as_str()
            .expect("csrf")
            .to_string();
    }
    Sfu {
        kind,
        children: vec![child],
        urls: vec![url.clone()],
        metrics: Vec::new(),
        url,
        cookie,
        csrf,
        _dirs: vec![dir],
    }
}

impl Sfu {
    /// CPU time of its processes so far.
    fn cpu(&self) -> Duration {
        self.children.iter().map(|c| cpu(c.id())).sum()
    }

    fn resident_mib(&self) -> f64 {
        self.children.iter().map(|c| resident_mib(c.id())).sum()
    }
}

const RELAY_SECRET: &str = "benchmark-relay-secret-0123456789abcdef";

/// `n` Plenary nodes sharing a new PostgreSQL database and the test Redis,
/// with the node relay: each carries the media of those seated on it.
async fn start_nodes(n: usize) -> Sfu {
    let ports: Vec<u16> = (0..n).map(|_| free_port()).collect();
    let urls: Vec<String> = ports
        .iter()
        .map(|p| format!("http://127.0.0.1:{p}"))
        .collect();
    let mut shared = vec![
        ("PLENARY_PUBLIC_URL", urls[0].clone()),
        ("PLENARY_LIVE_MAX_PARTICIPANTS", "2000".to_string()),
        ("PLENARY_MEDIA_RELAY_PORT", "0".to_string()),
        ("PLENARY_MEDIA_RELAY_SECRET", RELAY_SECRET.to_string()),
    ];
    shared.extend(
        shared_services(&format!(
            "bench_plenary_{}_{}",
            std::process::id(),
            free_port()
        ))
        .await,
    );
    let mut children = Vec::new();
    let mut dirs = Vec::new();
    let mut metrics = Vec::new();
    for (port, url) in ports.iter().zip(&urls) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut mine = shared.clone();
        mine.push(("PLENARY_NODE_URL", url.clone()));
        let addr = format!("127.0.0.1:{}", free_port());
        mine.push(("PLENARY_METRICS_ADDR", addr.clone()));
        metrics.push(addr);
        children.push(spawn_node(dir.path(), *port, (EMAIL, PASSWORD), &mine));
        // The first node runs the migrations and creates the admin.
        wait_ready(url).await;
        dirs.push(dir);
    }
    let admin = Session::sign_in(&urls[0], EMAIL, PASSWORD).await;
    Sfu {
        kind: Kind::Plenary,
        children,
        url: urls[0].clone(),
        urls,
        metrics,
        cookie: admin.cookie,
        csrf: admin.csrf,
        _dirs: dirs,
    }
}

/// CPU time of a process so far (user + system).
fn cpu(pid: u32) -> Duration {
    Duration::from_secs_f64(cpu_seconds(pid))
}

/// One participant of the load: who it is, what it sends, what it counts.
struct Participant {
    owner: ParticipantId,
    sent: Sent,
    received: Counts,
    bot: Option<Bot>,
    plain: Vec<PlainPeer>,
}

impl Participant {
    async fn close(self) {
        if let Some(b) = self.bot {
            b.close().await;
        }
        for p in self.plain {
            p.close().await;
        }
    }
}

struct Workload {
    name: &'static str,
    publishers: usize,
    /// Receive-only participants; 0 with `mesh`.
    subscribers: usize,
    sources: &'static [MediaSource],
    /// Every publisher also receives every other.
    mesh: bool,
    /// Plenary's receivers are viewers (from a link: no seat, nothing
    /// published); Pion's are its subscribers as always.
    viewers: bool,
}

async fn plenary_meeting(sfu: &Sfu) -> String {
    Session::new(&sfu.url, &sfu.cookie, &sfu.csrf)
        .meeting(&format!("Media bench {}", free_port()))
        .await
}

/// A viewer's link to `meeting`: its token.
async fn viewer_link(sfu: &Sfu, meeting: &str) -> String {
    let link = Session::new(&sfu.url, &sfu.cookie, &sfu.csrf)
        .post(
            &format!("/api/v1/meetings/{meeting}/viewer-links"),
            serde_json::json!({}),
        )
        .await;
    link["token"].as_str().expect("token").to_string()
}

/// A viewer from a link: no account, no seat, receiving only.
async fn plenary_viewer(sfu: &Sfu, meeting: &str, token: &str) -> Bot {
    let live = Live::open(
        &sfu.url,
        &format!("/api/v1/meetings/{meeting}/live?v=1&watch={token}"),
        &[("origin".to_string(), sfu.url.clone())],
    )
    .await
    .unwrap_or_else(|r| panic!("viewer refused: {} {}", r.status, r.body));
    Bot::start(live, BotOptions::default()).await
}

/// A participant signed in with `cookie` (an account of its own: one
/// account holds a few seats at most).
async fn plenary_bot(sfu: &Sfu, meeting: &str, cookie: String) -> Bot {
    let headers = vec![
        ("cookie".to_string(), cookie),
        ("origin".to_string(), sfu.url.clone()),
    ];
    let live = Live::open(
        &sfu.url,
        &format!("/api/v1/meetings/{meeting}/live?v=1"),
        &headers,
    )
    .await
    .unwrap_or_else(|r| panic!("join refused: {} {}", r.status, r.body));
    Bot::start(live, BotOptions::default()).await
}

async fn pion_publish(sfu: &Sfu, owner: ParticipantId, sources: &[MediaSource]) -> PlainPeer {
    let peer = PlainPeer::new().await;
    for s in sources {
        peer.publish(owner, *s).await;
    }
    let offer = peer.pc.create_offer(None).await.expect("offer");
    let sdp = peer.complete(offer).await;
    let answer = reqwest::Client::new()
        .post(format!("{}/publish", sfu.url))
        .body(sdp)
        .send()
        .await
        .expect("publish")
        .text()
        .await
        .expect("answer");
    peer.pc
        .set_remote_description(RTCSessionDescription::answer(answer).expect("answer sdp"))
        .await
        .expect("remote answer");
    peer
}

async fn pion_subscribe(sfu: &Sfu, owner: Option<ParticipantId>) -> PlainPeer {
    let mut url = format!("{}/subscribe", sfu.url);
    if let Some(o) = owner {
        url.push_str(&format!("?owner={}", o.0));
    }
    let offer: serde_json::Value = reqwest::Client::new()
        .post(url)
        .send()
        .await
        .expect("subscribe")
        .json()
        .await
        .expect("json");
    let peer = PlainPeer::new().await;
    let sdp = offer["sdp"].as_str().expect("sdp").to_string();
    peer.pc
        .set_remote_description(RTCSessionDescription::offer(sdp).expect("offer sdp"))
        .await
        .expect("remote offer");
    let answer = peer.pc.create_answer(None).await.expect("answer");
    let sdp = peer.complete(answer).await;
    reqwest::Client::new()
        .post(format!("{}/answer?id={}", sfu.url, offer["id"]))
        .body(sdp)
        .send()
        .await
        .expect("answer");
    peer
}

/// Sets the workload up; returns (publishers, receivers, peer connections on the SFU).
async fn set_up(
    sfu: &Sfu,
    w: &Workload,
    cookies: Vec<String>,
) -> (Vec<Participant>, Vec<Participant>, usize) {
    let mut publishers = Vec::new();
    let mut receivers = Vec::new();
    match sfu.kind {
        Kind::Plenary => {
            let meeting = plenary_meeting(sfu).await;
            let mut cookies = cookies.into_iter();
            let mut cookie = || cookies.next().expect("an account per participant");
            for _ in 0..w.publishers {
                let bot = plenary_bot(sfu, &meeting, cookie()).await;
                bot.publish(w.sources).await.expect("publish");
                publishers.push(Participant {
                    owner: bot.me,
                    sent: bot.sent_counts(),
                    received: bot.received.clone(),
                    bot: Some(bot),
                    plain: Vec::new(),
                });
            }
            let link = match w.viewers {
                true => Some(viewer_link(sfu, &meeting).await),
                false => None,
            };
            for _ in 0..w.subscribers {
                let bot = match &link {
                    Some(token) => plenary_viewer(sfu, &meeting, token).await,
                    None => plenary_bot(sfu, &meeting, cookie()).await,
                };
                receivers.push(Participant {
                    owner: bot.me,
                    sent: bot.sent_counts(),
                    received: bot.received.clone(),
                    bot: Some(bot),
                    plain: Vec::new(),
                });
            }
            let pcs = publishers.len() + receivers.len();
            (publishers, receivers, pcs)
        }
        Kind::Pion => {
            for i in 0..w.publishers {
                let owner = ParticipantId(i as u64 + 1);
                let peer = pion_publish(sfu, owner, w.sources).await;
                publishers.push(Participant {
                    owner,
                    sent: peer.sent.clone(),
                    received: peer.received.clone(),
                    bot: None,
                    plain: vec![peer],
                });
            }
            // Subscribers take the tracks published when they arrive.
            let want = w.publishers * w.sources.len();
            let deadline = Instant::now() + Duration::from_secs(30);
            loop {
                let n: usize = reqwest::get(format!("{}/tracks", sfu.url))
                    .await
                    .expect("tracks")
                    .text()
                    .await
                    .expect("text")
                    .trim()
                    .parse()
                    .unwrap_or(0);
                if n >= want {
                    break;
                }
                assert!(Instant::now() < deadline, "{n} of {want} tracks published");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            let mut pcs = publishers.len();
            if w.mesh {
                for p in &mut publishers {
                    let sub = pion_subscribe(sfu, Some(p.owner)).await;
                    p.received = sub.received.clone();
                    p.plain.push(sub);
                    pcs += 1;
                }
            }
            for i in 0..w.subscribers {
                let sub = pion_subscribe(sfu, None).await;
                receivers.push(Participant {
                    owner: ParticipantId(1_000_000 + i as u64),
                    sent: sub.sent.clone(),
                    received: sub.received.clone(),
                    bot: None,
                    plain: vec![sub],
                });
                pcs += 1;
            }
            (publishers, receivers, pcs)
        }
    }
}

struct Row {
    pps: f64,
    cpu_us: f64,
    loss: f64,
    p50_ms: f64,
    p99_ms: f64,
    mib_per_pc: f64,
}

/// What a window measured: packets forwarded and expected, the SFU's CPU,
/// the window's length, and every packet's latency.
struct Window {
    forwarded: u64,
    expected: u64,
    cpu: Duration,
    elapsed: f64,
    latencies_us: Vec<u32>,
}

impl Row {
    fn of(mut w: Window, mib_per_pc: f64) -> Row {
        w.latencies_us.sort_unstable();
        let pct = |q: f64| {
            w.latencies_us
                .get(((w.latencies_us.len() as f64 - 1.0) * q) as usize)
                .map_or(f64::NAN, |v| f64::from(*v) / 1000.0)
        };
        Row {
            pps: w.forwarded as f64 / w.elapsed,
            cpu_us: w.cpu.as_secs_f64() * 1e6 / w.forwarded.max(1) as f64,
            // Packets in flight as the window opens arrive inside it without
            // having been sent in it: a hundredth of a percent either way is
            // that edge, not loss or duplication.
            loss: (1.0 - w.forwarded as f64 / w.expected.max(1) as f64).max(0.0),
            p50_ms: pct(0.5),
            p99_ms: pct(0.99),
            mib_per_pc,
        }
    }
}

fn packets(counts: &Counts) -> HashMap<(ParticipantId, MediaSource), u64> {
    counts
        .lock()
        .expect("lock")
        .iter()
        .map(|(k, r)| (*k, r.packets))
        .collect()
}

async fn measure(sfu: &Sfu, w: &Workload) -> Row {
    // The participants' accounts first: signing in hashes passwords, whose
    // memory the hub's allocator keeps, and that is not the peer connections'.
    let cookies = match sfu.kind {
        Kind::Plenary => {
            Session::new(&sfu.url, &sfu.cookie, &sfu.csrf)
                .members(
                    w.publishers + if w.viewers { 0 } else { w.subscribers },
                    PASSWORD,
                )
                .await
        }
        Kind::Pion => Vec::new(),
    };
    let idle = sfu.resident_mib();
    let (publishers, receivers, pcs) = set_up(sfu, w, cookies).await;
    // Who receives what: every receiver gets every publisher's tracks but its own.
    let listeners: Vec<&Participant> = if w.mesh {
        publishers.iter().collect()
    } else {
        receivers.iter().collect()
    };
    let expected_keys = |me: ParticipantId| -> Vec<(ParticipantId, MediaSource)> {
        publishers
            .iter()
            .filter(|p| p.owner != me)
            .flat_map(|p| w.sources.iter().map(move |s| (p.owner, *s)))
            .collect()
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let all = listeners.iter().all(|l| {
            let got = packets(&l.received);
            expected_keys(l.owner)
                .iter()
                .all(|k| got.get(k).is_some_and(|n| *n > 0))
        });
        if all {
            break;
        }
        if Instant::now() > deadline {
            let missing = listeners
                .iter()
                .filter(|l| {
                    let got = packets(&l.received);
                    !expected_keys(l.owner)
                        .iter()
                        .all(|k| got.get(k).is_some_and(|n| *n > 0))
                })
                .count();
            panic!(
                "{}: {missing} receivers still miss tracks after 60 s",
                w.name
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let connected = sfu.resident_mib();
    for l in &listeners {
        for r in l.received.lock().expect("lock").values_mut() {
            r.latencies_us.clear();
        }
    }
    let sent_before: Vec<HashMap<MediaSource, u64>> = publishers
        .iter()
        .map(|p| p.sent.lock().expect("lock").clone())
        .collect();
    let got_before: Vec<_> = listeners.iter().map(|l| packets(&l.received)).collect();
    let cpu_before = sfu.cpu();
    let started = Instant::now();
    tokio::time::sleep(WINDOW).await;
    let cpu_used = sfu.cpu() - cpu_before;
    let elapsed = started.elapsed().as_secs_f64();
    let got_after: Vec<_> = listeners.iter().map(|l| packets(&l.received)).collect();
    let sent_after: Vec<HashMap<MediaSource, u64>> = publishers
        .iter()
        .map(|p| p.sent.lock().expect("lock").clone())
        .collect();
    let mut latencies: Vec<u32> = Vec::new();
    for l in &listeners {
        for r in l.received.lock().expect("lock").values() {
            latencies.extend(&r.latencies_us);
        }
    }
    let sent_in = |p: usize, s: MediaSource| {
        sent_after[p].get(&s).copied().unwrap_or(0) - sent_before[p].get(&s).copied().unwrap_or(0)
    };
    let mut forwarded = 0u64;
    let mut expected = 0u64;
    for (i, l) in listeners.iter().enumerate() {
        for (p, publisher) in publishers.iter().enumerate() {
            if publisher.owner == l.owner {
                continue;
            }
            for s in w.sources {
                let key = (publisher.owner, *s);
                forwarded += got_after[i].get(&key).copied().unwrap_or(0)
                    - got_before[i].get(&key).copied().unwrap_or(0);
                expected += sent_in(p, *s);
            }
        }
    }
    let row = Row::of(
        Window {
            forwarded,
            expected,
            cpu: cpu_used,
            elapsed,
            latencies_us: latencies,
        },
        (connected - idle) / pcs as f64,
    );
    for p in publishers {
        p.close().await;
    }
    for r in receivers {
        r.close().await;
    }
    row
}

/// A plenary's figures beyond a workload's.
struct Plenary {
    row: Row,
    /// The SFU's CPU per viewer: milliseconds of CPU per second.
    cpu_ms_per_viewer: f64,
    /// From ending the floor to the last viewer's first packet of the
    /// chair's camera (the stage's next).
    floor_switch_ms: f64,
    /// Datagrams the nodes' relays received per second (several nodes).
    relayed_per_s: f64,
    /// Tracks crossing between nodes (several nodes).
    tracks_crossing: f64,
}

/// The plenary on Plenary: the floor speaker (microphone, camera in three
/// simulcast layers) and the chair (microphone, camera), and `viewers`
/// viewers from a link spread over the nodes, each receiving the floor's
/// audio (the speaker's and the chair's microphones) and the stage's camera.
async fn measure_plenary(sfu: &Sfu, viewers: usize) -> Plenary {
    let admin = Session::new(&sfu.url, &sfu.cookie, &sfu.csrf);
    let meeting = admin
        .meeting(&format!("General Assembly {}", free_port()))
        .await;
    let me: serde_json::Value = admin
        .request(reqwest::Method::GET, "/api/v1/session")
        .send()
        .await
        .expect("session")
        .json()
        .await
        .expect("json");
    let chaired = admin
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/meetings/{meeting}/chair"),
        )
        .json(&serde_json::json!({"chair_id": me["user"]["id"]}))
        .send()
        .await
        .expect("chair");
    assert!(chaired.status().is_success(), "chair: {}", chaired.status());
    let speaker_cookie = admin.members(1, PASSWORD).await.pop().expect("an account");
    let chair = plenary_bot(sfu, &meeting, sfu.cookie.clone()).await;
    chair
        .act(serde_json::json!({"command": "open"}))
        .await
        .expect("open");
    chair.publish(&[MIC, CAM]).await.expect("publish");
    let speaker = {
        let live = Live::open(
            &sfu.url,
            &format!("/api/v1/meetings/{meeting}/live?v=1"),
            &[
                ("cookie".to_string(), speaker_cookie),
                ("origin".to_string(), sfu.url.clone()),
            ],
        )
        .await
        .unwrap_or_else(|r| panic!("join refused: {} {}", r.status, r.body));
        let simulcast = BotOptions {
            simulcast: true,
            ..BotOptions::default()
        };
        Bot::start(live, simulcast).await
    };
    speaker.publish(&[MIC, CAM]).await.expect("publish");
    chair
        .act(serde_json::json!({"command": "give_floor", "participant": speaker.me}))
        .await
        .expect("floor");
    let token = viewer_link(sfu, &meeting).await;
    let mut watching = Vec::new();
    for i in 0..viewers {
        let url = &sfu.urls[i % sfu.urls.len()];
        let live = Live::open(
            url,
            &format!("/api/v1/meetings/{meeting}/live?v=1&watch={token}"),
            &[("origin".to_string(), sfu.url.clone())],
        )
        .await
        .unwrap_or_else(|r| panic!("viewer refused: {} {}", r.status, r.body));
        watching.push(Bot::start(live, BotOptions::default()).await);
    }
    let keys = [(speaker.me, MIC), (speaker.me, CAM), (chair.me, MIC)];
    let deadline = Instant::now() + Duration::from_secs(60);
    while !watching.iter().all(|v| {
        keys.iter()
            .all(|(owner, source)| v.received_from(*owner, *source).packets > 0)
    }) {
        assert!(
            Instant::now() < deadline,
            "viewers still miss the floor after 60 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    for v in &watching {
        for r in v.received.lock().expect("lock").values_mut() {
            r.latencies_us.clear();
        }
    }
    let counts = |v: &Bot| -> (u64, u64) {
        keys.iter().fold((0, 0), |(p, e), (owner, source)| {
            let r = v.received_from(*owner, *source);
            (p + r.packets, e + r.expected())
        })
    };
    let relayed = || async {
        let mut sum = 0.0;
        for addr in &sfu.metrics {
            sum += metric(addr, "plenary_relay_datagrams_total{direction=\"received\"").await;
        }
        sum
    };
    let before: Vec<(u64, u64)> = watching.iter().map(counts).collect();
    let relayed_before = relayed().await;
    let cpu_before = sfu.cpu();
    let started = Instant::now();
    tokio::time::sleep(WINDOW).await;
    let cpu_used = sfu.cpu() - cpu_before;
    let elapsed = started.elapsed().as_secs_f64();
    let relayed_in = relayed().await - relayed_before;
    let after: Vec<(u64, u64)> = watching.iter().map(counts).collect();
    let mut tracks_crossing = 0.0;
    for addr in &sfu.metrics {
        tracks_crossing += metric(addr, "plenary_relay_tracks_out").await;
    }
    let (forwarded, expected) = before
        .iter()
        .zip(&after)
        .fold((0u64, 0u64), |(f, e), (b, a)| {
            (f + a.0 - b.0, e + a.1 - b.1)
        });
    let mut latencies: Vec<u32> = Vec::new();
    for v in &watching {
        for r in v.received.lock().expect("lock").values() {
            latencies.extend(&r.latencies_us);
        }
    }
    // The floor ends: the stage shows the chair, whose camera no viewer
    // receives while the speaker holds the floor.
    let chair_cam = |v: &Bot| v.received_from(chair.me, CAM).packets;
    let held: Vec<u64> = watching.iter().map(chair_cam).collect();
    let ended = Instant::now();
    chair
        .act(serde_json::json!({"command": "end_floor"}))
        .await
        .expect("end floor");
    let mut switched_at: Vec<Option<Instant>> = vec![None; watching.len()];
    let deadline = ended + Duration::from_secs(10);
    let switched = loop {
        let now = Instant::now();
        for (i, v) in watching.iter().enumerate() {
            if switched_at[i].is_none() && chair_cam(v) > held[i] {
                switched_at[i] = Some(now);
            }
        }
        if switched_at.iter().all(Option::is_some) {
            break switched_at
                .iter()
                .flatten()
                .max()
                .map(|last| last.duration_since(ended));
        }
        if now > deadline {
            let missing: Vec<String> = switched_at
                .iter()
                .enumerate()
                .filter(|(_, at)| at.is_none())
                .map(|(i, _)| format!("{i} (node {})", i % sfu.urls.len()))
                .collect();
            let first = switched_at.iter().position(Option::is_none).unwrap_or(0);
            eprintln!(
                "floor switch: viewers {missing:?} never saw the chair's camera; the first of them is shown {:?} (the chair is {:?}, the speaker {:?}) and had {} of its packets before",
                watching[first].shown(),
                chair.me,
                speaker.me,
                held[first]
            );
            break None;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    };
    let row = Row::of(
        Window {
            forwarded,
            expected,
            cpu: cpu_used,
            elapsed,
            latencies_us: latencies,
        },
        // Not measured here: viewers' connections are the bulk, and the
        // other workloads measure them.
        f64::NAN,
    );
    for v in watching {
        v.close().await;
    }
    speaker.close().await;
    chair.close().await;
    Plenary {
        row,
        cpu_ms_per_viewer: cpu_used.as_secs_f64() * 1000.0 / elapsed / viewers as f64,
        floor_switch_ms: switched.map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0),
        relayed_per_s: relayed_in / elapsed,
        tracks_crossing,
    }
}

/// The plenary on each system, `viewers` at a time, the order of the
/// systems turned from run to run.
async fn plenaries(viewer_counts: &[usize], round: usize) {
    println!("| viewers | system | forwarded packets/s | SFU CPU µs per packet | loss | p50 ms | p99 ms | CPU ms/s per viewer | viewers per core | floor switch ms | relay datagrams/s | tracks crossing |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (k, viewers) in viewer_counts.iter().enumerate() {
        let mut systems = vec![1usize, 2, 0];
        systems.rotate_left((k + round) % 3);
        for nodes in systems {
            let (name, p) = match nodes {
                0 => {
                    let sfu = start(Kind::Pion).await;
                    let w = Workload {
                        name: "plenary",
                        publishers: 2,
                        subscribers: *viewers,
                        sources: &[MIC, CAM],
                        mesh: false,
                        viewers: false,
                    };
                    let row = measure(&sfu, &w).await;
                    (
                        "Pion v3 broadcast, 1 node",
                        Plenary {
                            cpu_ms_per_viewer: row.cpu_us * row.pps / 1000.0 / *viewers as f64,
                            row,
                            floor_switch_ms: f64::NAN,
                            relayed_per_s: f64::NAN,
                            tracks_crossing: f64::NAN,
                        },
                    )
                }
                1 => (
                    "Plenary, 1 node",
                    measure_plenary(&start_nodes(1).await, *viewers).await,
                ),
                _ => (
                    "Plenary, 2 nodes",
                    measure_plenary(&start_nodes(2).await, *viewers).await,
                ),
            };
            let r = &p.row;
            let per_viewer = p.cpu_ms_per_viewer;
            println!(
                "| {viewers} | {name} | {:.0} | {:.1} | {:.2} % | {:.1} | {:.1} | {:.2} | {:.0} | {:.0} | {:.0} | {:.0} |",
                r.pps,
                r.cpu_us,
                r.loss * 100.0,
                r.p50_ms,
                r.p99_ms,
                per_viewer,
                1000.0 / per_viewer,
                p.floor_switch_ms,
                p.relayed_per_s,
                p.tracks_crossing
            );
        }
    }
}

fn print_row(kind: Kind, name: &str, r: &Row) {
    println!(
        "| {name} | {} | {:.0} | {:.1} | {:.2} % | {:.1} | {:.1} | {:.2} |",
        kind.name(),
        r.pps,
        r.cpu_us,
        r.loss * 100.0,
        r.p50_ms,
        r.p99_ms,
        r.mib_per_pc
    );
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let only = std::env::args().nth(1).filter(|a| !a.starts_with('-'));
    let workloads = [
        Workload {
            name: "1 to 50 (audio + video)",
            publishers: 1,
            subscribers: 50,
            sources: &[MIC, CAM],
            mesh: false,
            viewers: false,
        },
        Workload {
            name: "1 to 50 viewers (audio + video)",
            publishers: 1,
            subscribers: 50,
            sources: &[MIC, CAM],
            mesh: false,
            viewers: true,
        },
        Workload {
            name: "6 to 30 (audio + video)",
            publishers: 6,
            subscribers: 30,
            sources: &[MIC, CAM],
            mesh: false,
            viewers: false,
        },
        Workload {
            name: "20 audio, full mesh",
            publishers: 20,
            subscribers: 0,
            sources: &[MIC],
            mesh: true,
            viewers: false,
        },
    ];
    println!("| workload | SFU | forwarded packets/s | SFU CPU µs per packet | loss | p50 ms | p99 ms | SFU MiB per peer connection |");
    println!("|---|---|---|---|---|---|---|---|");
    let mut ratios = Vec::new();
    // The order of the two SFUs alternates from workload to workload and
    // from run to run (PLENARY_BENCH_RUN=1, 2, ...), so neither always goes first.
    let round: usize = std::env::var("PLENARY_BENCH_RUN")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1);
    if only.as_deref() == Some("plenary") {
        let viewers: Vec<usize> = std::env::var("PLENARY_BENCH_VIEWERS")
            .unwrap_or_else(|_| "100,200".into())
            .split(',')
            .filter_map(|v| v.trim().parse().ok())
            .collect();
        plenaries(&viewers, round).await;
        return;
    }
    for (k, w) in workloads.iter().enumerate() {
        if only.as_deref().is_some_and(|o| !w.name.contains(o)) {
            continue;
        }
        let mut order = [Kind::Plenary, Kind::Pion];
        if (k + round).is_multiple_of(2) {
            order.reverse();
        }
        let (mut plenary, mut pion) = (f64::NAN, f64::NAN);
        for kind in order {
            let sfu = start(kind).await;
            let row = measure(&sfu, w).await;
            print_row(kind, w.name, &row);
            match kind {
                Kind::Plenary => plenary = row.cpu_us,
                Kind::Pion => pion = row.cpu_us,
            }
        }
        ratios.push((w.name, plenary / pion));
    }
    for (name, ratio) in ratios {
        println!("{name}: Plenary CPU per packet = {ratio:.2} x Pion's");
    }
    if only.is_none() || only.as_deref() == Some("largest") {
        println!();
        println!("Largest one-speaker room (audio + video) under 1 % loss and p99 under 50 ms:");
        for kind in [Kind::Plenary, Kind::Pion] {
            let mut largest = 0;
            for subscribers in [100, 200, 300, 400] {
                let sfu = start(kind).await;
                let w = Workload {
                    name: "largest",
                    publishers: 1,
                    subscribers,
                    sources: &[MIC, CAM],
                    mesh: false,
                    viewers: false,
                };
                let row = measure(&sfu, &w).await;
                print_row(kind, &format!("1 to {subscribers}"), &row);
                if row.loss < 0.01 && row.p99_ms < 50.0 {
                    largest = subscribers;
                } else {
                    break;
                }
            }
            println!("{}: {largest} subscribers", kind.name());
        }
    }
}
