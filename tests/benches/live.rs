//! Live-meeting fan-out: N websocket clients in one meeting, on one Plenary
//! node (in-process live state), on two nodes sharing Redis and PostgreSQL,
//! and on a Node.js `ws` relay of equal function (`ws-relay.js`), in one run.
//!
//! For each N: the join storm (the clients arrive 500 a second, each
//! announced to everyone; measured is how long after the last arrival the
//! last is welcomed), a wait until the servers fall idle,
//! then ten clients send chat messages (each within its rate limit) and every
//! client timestamps what it receives: delivery latency p50/p99, deliveries
//! per second, and deliveries per CPU-second of the server processes.
//!
//! Needs `PLENARY_TEST_POSTGRES_URL` and `PLENARY_TEST_REDIS_URL`
//! (`infra/services.sh start`), `node` and `npm` (installs `ws` once into
//! `~/.cache/plenary/node-ws`). Run: `cargo build --release -p plenary-server && cargo bench -p plenary-tests --bench live`.

use futures_util::{SinkExt, StreamExt};
use plenary_tests::fixtures::{
    connect, cpu_seconds, free_port, shared_services, spawn_node, wait_ready, Session, Socket,
};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;

const SIZES: [usize; 4] = [100, 500, 1000, 2000];
const SENDERS: usize = 10;
/// Ten seconds of chat: long enough that the CPU counted per delivery is not noise.
const MESSAGES: usize = 200;
/// One message every 50 ms, so each sender sends two a second (under the limit of ten).
const SEND_EVERY: Duration = Duration::from_millis(50);
/// Newcomers arriving per second in the join storm: 2000 within 4 s.
const ARRIVALS_PER_S: f64 = 500.0;
const EMAIL: &str = "bench@example.org";
const PASSWORD: &str = "bench password 2026";

/// A server under test: its processes, and how to open a client to it.
struct Peer {
    name: &'static str,
    children: Vec<Child>,
    /// Plenary: node URLs, the admin's cookie, and the Origin to send.
    plenary: Option<(Vec<String>, String, String)>,
    /// Plenary: one signed-in account's cookie per client, as a hub's users
    /// come (one account holds three seats and one message budget at most).
    members: Vec<String>,
    relay_url: Option<String>,
}

impl Drop for Peer {
    fn drop(&mut self) {
        for c in &mut self.children {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Signs in; the session's cookie and CSRF token.
async fn sign_in(public: &str, email: &str, password: &str) -> (String, String) {
    let session = Session::sign_in(public, email, password).await;
    (session.cookie, session.csrf)
}

async fn plenary(nodes: usize, dirs: &[tempfile::TempDir], clients: usize) -> Peer {
    let ports: Vec<u16> = (0..nodes).map(|_| free_port()).collect();
    let public = format!("http://127.0.0.1:{}", ports[0]);
    let mut shared: Vec<(&str, String)> = vec![("PLENARY_PUBLIC_URL", public.clone())];
    shared.push(("PLENARY_LIVE_MAX_PARTICIPANTS", "5000".into()));
    shared.push(("PLENARY_LIVE_GRACE_SECS", "5".into()));
    if nodes > 1 {
        shared.extend(shared_services(&format!("bench_live_{}", std::process::id())).await);
    }
    let mut children = Vec::new();
    for (i, port) in ports.iter().enumerate() {
        children.push(spawn_node(
            dirs[i].path(),
            *port,
            (EMAIL, PASSWORD),
            &shared,
        ));
        // The first node runs the migrations and creates the admin.
        wait_ready(&format!("http://127.0.0.1:{port}")).await;
    }
    let (cookie, csrf) = sign_in(&public, EMAIL, PASSWORD).await;
    let members = Session::new(&public, &cookie, &csrf)
        .members(clients, PASSWORD)
        .await;
    let urls = ports
        .iter()
        .map(|p| format!("http://127.0.0.1:{p}"))
        .collect();
    Peer {
        name: if nodes == 1 {
            "plenary, 1 node"
        } else {
            "plenary, 2 nodes + Redis"
        },
        children,
        plenary: Some((urls, format!("{cookie}\n{csrf}"), public)),
        members,
        relay_url: None,
    }
}

/// The version of the `ws` library the Node.js relay runs on.
const WS_VERSION: &str = "8.23.1";

async fn relay() -> Peer {
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    // The peer at a pinned version, in a folder of its own per version.
    let prefix = format!("{home}/.cache/plenary/node-ws-{WS_VERSION}");
    if !std::path::Path::new(&format!("{prefix}/node_modules/ws")).exists() {
        let ok = Command::new("npm")
            .args([
                "install",
                "--prefix",
                &prefix,
                "--no-audit",
                "--no-fund",
                &format!("ws@{WS_VERSION}"),
            ])
            .status()
            .expect("npm runs");
        assert!(ok.success(), "npm install ws failed");
    }
    let port = free_port();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/ws-relay.js");
    let mut child = Command::new("node")
        .arg(script)
        .arg(port.to_string())
        .env("NODE_PATH", format!("{prefix}/node_modules"))
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs");
    let mut line = String::new();
    let stdout = child.stdout.take().expect("stdout");
    std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line)
        .expect("relay starts");
    assert!(line.contains("listening"), "{line}");
    Peer {
        name: "Node.js ws relay",
        children: vec![child],
        plenary: None,
        members: Vec::new(),
        relay_url: Some(format!("ws://127.0.0.1:{port}/")),
    }
}

/// A new meeting on a Plenary peer; returns the websocket URL per node.
async fn meeting(peer: &Peer, n: usize) -> Vec<String> {
    let Some((urls, session, _)) = &peer.plenary else {
        return vec![peer.relay_url.clone().expect("relay url")];
    };
    let (cookie, csrf) = session.split_once('\n').expect("session");
    let id = Session::new(&urls[0], cookie, csrf)
        .meeting(&format!("Committee {n} {}", std::process::id()))
        .await;
    urls.iter()
        .map(|u| {
            format!(
                "{}/api/v1/meetings/{id}/live?v=1",
                u.replacen("http://", "ws://", 1)
            )
        })
        .collect()
}

/// Chat texts in an update: the send instants (microseconds since `epoch`).
fn chat_stamps(text: &str) -> Vec<u64> {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    if v["type"] != "update" {
        return Vec::new();
    }
    v["events"]
        .as_array()
        .map(|events| {
            events
                .iter()
                .filter(|e| e["event"] == "chat")
                .filter_map(|e| e["message"]["text"].as_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

struct Row {
    join: Duration,
    joined: usize,
    p50: f64,
    p99: f64,
    per_sec: f64,
    per_cpu: f64,
    lost: usize,
}

async fn run(peer: &Peer, n: usize) -> Row {
    let urls = meeting(peer, n).await;
    let headers = |i: usize| -> Vec<(String, String)> {
        match &peer.plenary {
            Some((_, _, origin)) => vec![
                ("cookie".into(), peer.members[i].clone()),
                ("origin".into(), origin.clone()),
            ],
            None => Vec::new(),
        }
    };
    let epoch = Instant::now();
    // Arrivals on a schedule, whether or not those before were seated (as a
    // plenary's delegations arrive at its opening): the storm is how long
    // after the last arrival the last newcomer is welcomed.
    let arrival = |i: usize| epoch + Duration::from_secs_f64(i as f64 / ARRIVALS_PER_S);
    let joins: Vec<(Option<Socket>, Instant)> = futures_util::future::join_all((0..n).map(|i| {
        let url = urls[i % urls.len()].clone();
        let headers = headers(i);
        async move {
            tokio::time::sleep_until(arrival(i).into()).await;
            let socket = connect(&url, &headers).await;
            (socket, Instant::now())
        }
    }))
    .await;
    let last_arrival = arrival(n.saturating_sub(1));
    let join = joins
        .iter()
        .map(|(_, at)| at.saturating_duration_since(last_arrival))
        .max()
        .unwrap_or_default();
    let sockets: Vec<Socket> = joins.into_iter().filter_map(|(s, _)| s).collect();
    let joined = sockets.len();

    let pids: Vec<u32> = peer.children.iter().map(Child::id).collect();
    let expected = MESSAGES * joined;
    let received = Arc::new(std::sync::Mutex::new(Vec::<u64>::with_capacity(expected)));
    let (last_tx, mut last_rx) = tokio::sync::mpsc::unbounded_channel::<Instant>();
    let mut sinks = Vec::new();
    let mut readers = Vec::new();
    for socket in sockets {
        let (sink, mut stream) = socket.split();
        sinks.push(sink);
        let received = received.clone();
        let last_tx = last_tx.clone();
        readers.push(tokio::spawn(async move {
            let mut mine = Vec::with_capacity(MESSAGES);
            while mine.len() < MESSAGES {
                match tokio::time::timeout(Duration::from_secs(20), stream.next()).await {
                    // Presence updates of the join storm pass by unparsed.
                    Ok(Some(Ok(Message::Text(t)))) if t.contains("\"event\":\"chat\"") => {
                        let now = epoch.elapsed().as_micros() as u64;
                        for sent in chat_stamps(&t) {
                            mine.push(now.saturating_sub(sent));
                        }
                    }
                    Ok(Some(Ok(_))) => {}
                    _ => break,
                }
            }
            let _ = last_tx.send(Instant::now());
            received
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .extend(mine);
            stream
        }));
    }
    drop(last_tx);
    // Everyone is told of every newcomer: let that fan-out finish (the
    // servers and the clients here, reading, fall idle) so the broadcast is measured
    // on a settled meeting.
    let mut watched = pids.clone();
    watched.push(std::process::id());
    let quiet_deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let before: f64 = watched.iter().map(|p| cpu_seconds(*p)).sum();
        tokio::time::sleep(Duration::from_millis(300)).await;
        let used: f64 = watched.iter().map(|p| cpu_seconds(*p)).sum::<f64>() - before;
        if used < 0.03 || Instant::now() > quiet_deadline {
            break;
        }
    }
    let cpu_before: f64 = pids.iter().map(|p| cpu_seconds(*p)).sum();
    let send_start = Instant::now();
    for k in 0..MESSAGES {
        let stamp = epoch.elapsed().as_micros() as u64;
        let text = serde_json::json!({"type": "act", "id": k + 1,
            "command": {"command": "chat", "text": stamp.to_string()}})
        .to_string();
        let sender = k % SENDERS.min(sinks.len());
        let _ = sinks[sender].send(Message::Text(text.into())).await;
        tokio::time::sleep(SEND_EVERY).await;
    }
    let mut last = send_start;
    while let Some(t) = last_rx.recv().await {
        last = last.max(t);
    }
    let cpu: f64 = pids.iter().map(|p| cpu_seconds(*p)).sum::<f64>() - cpu_before;
    let mut streams = Vec::new();
    for r in readers {
        if let Ok(s) = r.await {
            streams.push(s);
        }
    }
    for (sink, stream) in sinks.into_iter().zip(streams) {
        if let Ok(mut socket) = sink.reunite(stream) {
            let _ = socket.close(None).await;
        }
    }
    let mut latencies = std::mem::take(&mut *received.lock().unwrap_or_else(|p| p.into_inner()));
    latencies.sort_unstable();
    let pct = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
            .map_or(f64::NAN, |us| *us as f64 / 1000.0)
    };
    let delivered = latencies.len();
    Row {
        join,
        joined,
        p50: pct(0.50),
        p99: pct(0.99),
        per_sec: delivered as f64 / last.duration_since(send_start).as_secs_f64(),
        per_cpu: delivered as f64 / cpu.max(0.01),
        lost: expected.saturating_sub(delivered),
    }
}

#[tokio::main]
async fn main() {
    let dirs: Vec<tempfile::TempDir> = (0..3)
        .map(|_| tempfile::tempdir().expect("tempdir"))
        .collect();
    println!("| server | clients | joined | last welcomed after the last arrival s | p50 ms | p99 ms | deliveries/s | deliveries per server CPU-s | lost |");
    println!("|---|---|---|---|---|---|---|---|---|");
    // PLENARY_BENCH_SIZES=100,500 runs fewer sizes.
    let sizes: Vec<usize> = std::env::var("PLENARY_BENCH_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| SIZES.to_vec());
    let most = sizes.iter().copied().max().unwrap_or(0);
    let one = plenary(1, &dirs[..1], most).await;
    let two = plenary(2, &dirs[1..3], most).await;
    let peer = relay().await;
    // The order of the servers alternates from size to size and from run to
    // run (PLENARY_BENCH_RUN=1, 2, ...), so none always goes first.
    let round: usize = std::env::var("PLENARY_BENCH_RUN")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1);
    for (k, n) in sizes.into_iter().enumerate() {
        let mut order = [&one, &two, &peer];
        if (k + round).is_multiple_of(2) {
            order.reverse();
        }
        for p in order {
            let r = run(p, n).await;
            println!(
                "| {} | {n} | {} | {:.2} | {:.1} | {:.1} | {:.0} | {:.0} | {} |",
                p.name,
                r.joined,
                r.join.as_secs_f64(),
                r.p50,
                r.p99,
                r.per_sec,
                r.per_cpu,
                r.lost
            );
            // Let held seats expire and sockets close before the next run.
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }
}
