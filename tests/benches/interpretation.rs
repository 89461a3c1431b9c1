//! Interpretation in the SFU (the release `plenary` binary): a meeting with
//! the floor and six booths, listeners spread over the seven channels,
//! against the same listeners on a meeting without channels; the time a
//! switch of channel takes to reach the listener; and what recording the
//! seven channels costs.
//!
//! ```sh
//! cargo build --release -p plenary-server
//! cargo bench -p plenary-tests --bench interpretation
//! ```
//!
//! Three workloads, in an order rotated run by run (`PLENARY_BENCH_RUNS`,
//! default 5), each on a fresh meeting of one hub process:
//! - `plain`: one floor speaker, `PLENARY_BENCH_LISTENERS` listeners
//!   (default 420: as many as the generator drives on two cores beside the
//!   hub, every packet delivered), no interpretation;
//! - `channels`: the floor speaker and one interpreter on air in each of six
//!   booths, the listeners spread evenly over the floor and the booths; the
//!   meeting not yet open, so nothing is recorded;
//! - `recorded`: the same, the meeting open, every channel recorded.
//!
//! Reported per run: SFU CPU microseconds per packet forwarded to the
//! listeners (from /proc of the hub only), and for `recorded` the CPU over
//! `channels` as a share of one core; then the mean and spread of each, and
//! the switch time (a listener's `listen_to` sent, to the first packet of
//! the new channel's interpreter on its channel track) p50 and p99 over
//! every switch of every run.

use plenary_protocol::signal::{MediaSource, ParticipantId};
use plenary_tests::bot::{Bot, BotOptions};
use plenary_tests::fixtures::{cpu_seconds, free_port, spawn_node, wait_ready, Session};
use plenary_tests::Live;
use serde_json::json;
use std::time::{Duration, Instant};

const EMAIL: &str = "bench@plenary.local";
const PASSWORD: &str = "interpretation benchmark password";
const WINDOW: Duration = Duration::from_secs(10);
const MIC: MediaSource = MediaSource::Microphone;
const BOOTHS: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Workload {
    Plain,
    Channels,
    Recorded,
}

struct Hub {
    child: std::process::Child,
    session: Session,
    /// Listener accounts' cookies, and the interpreters' (two per booth, in `BOOTHS` order).
    listeners: Vec<String>,
    interpreters: Vec<(String, String)>,
    _dir: tempfile::TempDir,
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start(listeners: usize) -> Hub {
    let dir = tempfile::tempdir().expect("temp dir");
    let port = free_port();
    let child = spawn_node(
        dir.path(),
        port,
        (EMAIL, PASSWORD),
        &[("PLENARY_LIVE_MAX_PARTICIPANTS", "2000".into())],
    );
    let url = format!("http://127.0.0.1:{port}");
    wait_ready(&url).await;
    let session = Session::sign_in(&url, EMAIL, PASSWORD).await;
    // One listener account more: the floor speaker.
    let listeners = session.members(listeners + 1, PASSWORD).await;
    let mut interpreters = Vec::new();
    for (i, language) in BOOTHS.iter().flat_map(|l| [l, l]).enumerate() {
        let email = format!("interpreter-{i}@bench.example.org");
        let user = session
            .post(
                "/api/v1/users",
                json!({"email": email, "name": format!("Interpreter {i}"), "role": "interpreter",
                       "languages": [language], "password": PASSWORD}),
            )
            .await;
        let cookie = Session::sign_in(&url, &email, PASSWORD).await.cookie;
        interpreters.push((user["id"].as_str().expect("id").to_string(), cookie));
    }
    Hub {
        child,
        session,
        listeners,
        interpreters,
        _dir: dir,
    }
}

async fn bot(hub: &Hub, meeting: &str, cookie: &str) -> Bot {
    let headers = vec![
        ("cookie".to_string(), cookie.to_string()),
        ("origin".to_string(), hub.session.base.clone()),
    ];
    let live = Live::open(
        &hub.session.base,
        &format!("/api/v1/meetings/{meeting}/live?v=1"),
        &headers,
    )
    .await
    .unwrap_or_else(|r| panic!("join refused: {} {}", r.status, r.body));
    Bot::start(live, BotOptions::default()).await
}

/// A meeting with six booths (or none).
async fn meeting(hub: &Hub, booths: bool) -> String {
    let body = hub
        .session
        .post(
            "/api/v1/bodies",
            json!({"name": format!("Bench body {}", free_port()), "symbol_prefix": "A/C.2"}),
        )
        .await;
    let mut interpreters = serde_json::Map::new();
    if booths {
        for (i, language) in BOOTHS.iter().enumerate() {
            let team: Vec<&str> = hub.interpreters[2 * i..2 * i + 2]
                .iter()
                .map(|(id, _)| id.as_str())
                .collect();
            interpreters.insert(language.to_string(), json!(team));
        }
    }
    // Each meeting an hour of its own, so no interpreter is booked twice at once.
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let day = 1 + n / 20;
    let hour = n % 20;
    let m = hub
        .session
        .post(
            "/api/v1/meetings",
            json!({"title": "Bench", "body_id": body["id"],
                   "starts_local": format!("2031-02-{day:02}T{hour:02}:00"),
                   "ends_local": format!("2031-02-{day:02}T{hour:02}:50"), "time_zone": "UTC",
                   "interpreters": interpreters}),
        )
        .await;
    m["id"].as_str().expect("meeting id").to_string()
}

/// Packets the listeners received so far: on the floor's track and on their channel.
fn received(listeners: &[Bot], speaker: ParticipantId) -> u64 {
    listeners
        .iter()
        .map(|l| {
            l.received_from(speaker, MIC).packets + l.channel.lock().expect("lock").len() as u64
        })
        .sum()
}

struct Run {
    cpu_us_per_packet: f64,
    cpu_share: f64,
    /// Packets the listeners received, of the 50 a second each was sent:
    /// whether the generator kept up.
    delivered: f64,
    switches_ms: Vec<f64>,
}

async fn run(hub: &Hub, w: Workload) -> Run {
    let booths = w != Workload::Plain;
    let m = meeting(hub, booths).await;
    let speaker = bot(hub, &m, &hub.listeners[0]).await;
    if w == Workload::Recorded {
        speaker.act(json!({"command": "open"})).await.expect("open");
    }
    speaker.publish(&[MIC]).await.expect("publish");
    let mut interpreters = Vec::new();
    if booths {
        for i in 0..BOOTHS.len() {
            let b = bot(hub, &m, &hub.interpreters[2 * i].1).await;
            b.publish(&[MIC]).await.expect("publish");
            b.act(json!({"command": "on_air", "on": true}))
                .await
                .expect("on air");
            interpreters.push(b);
        }
    }
    let mut listeners = Vec::new();
    for (i, cookie) in hub.listeners[1..].iter().enumerate() {
        let l = bot(hub, &m, cookie).await;
        // Spread over the floor and the six booths.
        if booths && i % 7 != 0 {
            l.act(json!({"command": "listen_to", "channel": BOOTHS[i % 7 - 1]}))
                .await
                .expect("listen");
        }
        listeners.push(l);
    }
    // Every listener hears something before the window opens.
    let deadline = Instant::now() + Duration::from_secs(60);
    while !listeners.iter().all(|l| {
        l.received_from(speaker.me, MIC).packets > 0 || !l.channel.lock().expect("lock").is_empty()
    }) {
        assert!(
            Instant::now() < deadline,
            "listeners still silent after 60 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let pid = hub.child.id();
    let before = received(&listeners, speaker.me);
    let cpu_before = cpu_seconds(pid);
    let started = Instant::now();
    tokio::time::sleep(WINDOW).await;
    let cpu = cpu_seconds(pid) - cpu_before;
    let elapsed = started.elapsed().as_secs_f64();
    let forwarded = received(&listeners, speaker.me) - before;

    // Switches, after the window: each listener on a booth moves to the next booth.
    let mut switches_ms = Vec::new();
    if booths {
        for (i, l) in listeners
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 7 != 0)
            .take(30)
        {
            let next = (i % 7) % 6;
            let target = interpreters[next].me;
            let asked = Instant::now();
            l.act(json!({"command": "listen_to", "channel": BOOTHS[next]}))
                .await
                .expect("switch");
            let came = l
                .until(Duration::from_secs(5), |b| {
                    b.channel
                        .lock()
                        .expect("lock")
                        .iter()
                        .any(|(at, who)| *who == target && *at >= asked)
                })
                .await;
            assert!(came, "a switch never arrived");
            let first = l
                .channel
                .lock()
                .expect("lock")
                .iter()
                .find(|(at, who)| *who == target && *at >= asked)
                .map(|(at, _)| *at)
                .expect("first");
            switches_ms.push((first - asked).as_secs_f64() * 1000.0);
        }
    }
    let sent = listeners.len() as f64 * 50.0 * elapsed;
    for b in listeners.into_iter().chain(interpreters).chain([speaker]) {
        b.close().await;
    }
    Run {
        cpu_us_per_packet: cpu * 1e6 / forwarded.max(1) as f64,
        cpu_share: cpu / elapsed,
        delivered: forwarded as f64 / sent,
        switches_ms,
    }
}

fn mean_spread(values: &[f64]) -> String {
    let mean = values.iter().sum::<f64>() / values.len().max(1) as f64;
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    format!("{mean:.2} ({min:.2}–{max:.2})")
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let runs: usize = std::env::var("PLENARY_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let listeners: usize = std::env::var("PLENARY_BENCH_LISTENERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(420);
    let hub = start(listeners).await;
    let order = [Workload::Plain, Workload::Channels, Workload::Recorded];
    let (mut plain, mut channels, mut recorded) = (Vec::new(), Vec::new(), Vec::new());
    let mut ratios = Vec::new();
    let mut recording_share = Vec::new();
    let mut switches = Vec::new();
    println!("| run | workload | CPU µs per forwarded packet | hub CPU (share of a core) | delivered | slowest switch |");
    println!("|---|---|---|---|---|---|");
    for r in 0..runs {
        let mut this = std::collections::HashMap::new();
        for k in 0..order.len() {
            let w = order[(r + k) % order.len()];
            let result = run(&hub, w).await;
            let mut times = result.switches_ms.clone();
            times.sort_by(f64::total_cmp);
            let worst = times
                .last()
                .map_or("—".to_string(), |t| format!("{t:.0} ms"));
            println!(
                "| {} | {w:?} | {:.2} | {:.3} | {:.1} % | {worst} |",
                r + 1,
                result.cpu_us_per_packet,
                result.cpu_share,
                result.delivered * 100.0
            );
            switches.extend(result.switches_ms.iter().copied());
            this.insert(format!("{w:?}"), result);
        }
        let (p, c, rec) = (&this["Plain"], &this["Channels"], &this["Recorded"]);
        plain.push(p.cpu_us_per_packet);
        channels.push(c.cpu_us_per_packet);
        recorded.push(rec.cpu_us_per_packet);
        ratios.push(c.cpu_us_per_packet / p.cpu_us_per_packet);
        recording_share.push((rec.cpu_share - c.cpu_share) * 100.0);
    }
    switches.sort_by(f64::total_cmp);
    let pct = |q: f64| switches[((switches.len() as f64 - 1.0) * q) as usize];
    println!();
    println!("{listeners} listeners, {runs} runs, mean (min–max):");
    println!(
        "- CPU µs per forwarded packet: plain {}, channels {}, recorded {}",
        mean_spread(&plain),
        mean_spread(&channels),
        mean_spread(&recorded)
    );
    println!(
        "- channels / plain: {} (goal at most 1.1)",
        mean_spread(&ratios)
    );
    println!(
        "- recording seven channels: {} % of one core (goal under 5 %)",
        mean_spread(&recording_share)
    );
    println!(
        "- switch of channel, {} switches: p50 {:.0} ms, p99 {:.0} ms (goal under 300 ms)",
        switches.len(),
        pct(0.5),
        pct(0.99)
    );
}
