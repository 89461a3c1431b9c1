//! A recorded vote of the 193 Member States on two nodes sharing
//! PostgreSQL and Redis: the chair opens it, every delegation's delegate
//! (alternately on either node) casts its vote the moment the opening
//! reaches it, then the chair closes it.
//!
//! Per vote: the time from the chair's opening to the last acknowledgement
//! (a vote is acknowledged only once it is in SQL), the acknowledgement
//! latency of each cast (p50, p99), and the time from the chair's close
//! until the result has reached every delegate. Several votes in a row
//! (`PLENARY_BENCH_RUNS`, default 5) on one meeting; mean ± standard
//! deviation over them.
//!
//! Needs `infra/services.sh start` and its `env`. Run:
//! `cargo build --release -p plenary-server && cargo bench -p plenary-tests --bench votes`.

use futures_util::{SinkExt, StreamExt};
use plenary_tests::fixtures::{
    connect, free_port, percentile, shared_services, spawn_node, wait_ready, Session,
};
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

const EMAIL: &str = "bench@example.org";
const PASSWORD: &str = "bench password 2026";
const DEADLINE: Duration = Duration::from_secs(30);

/// What a delegate's client saw, and when.
enum Seen {
    Acked { at: Instant, latency: Duration },
    Refused(String),
    Closed { at: Instant },
}

/// The vote a message opens or closes: (opened, number) from an update.
fn vote_event(v: &Value) -> Option<(bool, u64)> {
    v["events"]
        .as_array()?
        .iter()
        .find_map(|e| match e["event"].as_str()? {
            "vote_opened" => Some((true, e["vote"]["number"].as_u64()?)),
            "vote_closed" => Some((false, e["vote"]["number"].as_u64()?)),
            _ => None,
        })
}

/// A delegate: casts Yes as soon as a vote opens; reports acknowledgements and closes.
fn delegate(socket: plenary_tests::fixtures::Socket, tx: mpsc::UnboundedSender<Seen>) {
    tokio::spawn(async move {
        let (mut sink, mut stream) = socket.split();
        let mut sent = Instant::now();
        while let Some(Ok(message)) = stream.next().await {
            let Message::Text(text) = message else {
                continue;
            };
            // Most updates are others' votes on the board: skip them unparsed.
            if !(text.contains("\"vote_opened\"")
                || text.contains("\"vote_closed\"")
                || text.contains("\"type\":\"ack\"")
                || text.contains("\"type\":\"error\""))
            {
                continue;
            }
            let Ok(v) = serde_json::from_str::<Value>(&text) else {
                continue;
            };
            let seen = match (v["type"].as_str(), vote_event(&v)) {
                (Some("update"), Some((true, number))) => {
                    sent = Instant::now();
                    let cast = json!({"type": "act", "id": number,
                        "command": {"command": "cast_vote", "number": number, "cast": {"position": "yes"}}});
                    if sink
                        .send(Message::Text(cast.to_string().into()))
                        .await
                        .is_err()
                    {
                        return;
                    }
                    continue;
                }
                (Some("update"), Some((false, _))) => Seen::Closed { at: Instant::now() },
                (Some("ack"), _) => {
                    let at = Instant::now();
                    Seen::Acked {
                        at,
                        latency: at - sent,
                    }
                }
                (Some("error"), _) => Seen::Refused(v["code"].to_string()),
                _ => continue,
            };
            if tx.send(seen).is_err() {
                return;
            }
        }
    });
}

fn mean_sd(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    (mean, var.sqrt())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let runs: usize = std::env::var("PLENARY_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let ports = [free_port(), free_port()];
    let urls: Vec<String> = ports
        .iter()
        .map(|p| format!("http://127.0.0.1:{p}"))
        .collect();
    let mut shared = vec![("PLENARY_PUBLIC_URL", urls[0].clone())];
    shared.extend(shared_services(&format!("bench_votes_{}", std::process::id())).await);
    let dirs = [
        tempfile::tempdir().expect("dir"),
        tempfile::tempdir().expect("dir"),
    ];
    let mut nodes = Vec::new();
    for (i, port) in ports.iter().enumerate() {
        nodes.push(spawn_node(
            dirs[i].path(),
            *port,
            (EMAIL, PASSWORD),
            &shared,
        ));
        // The first node runs the migrations and creates the admin.
        wait_ready(&urls[i]).await;
    }
    let admin = Session::sign_in(&urls[0], EMAIL, PASSWORD).await;
    let cookies = admin.delegates(193, PASSWORD).await;
    let meeting = admin
        .meeting(&format!("General Assembly {}", std::process::id()))
        .await;
    let me = admin
        .request(reqwest::Method::GET, "/api/v1/session")
        .send()
        .await
        .expect("session")
        .json::<Value>()
        .await
        .expect("json");
    let chaired = admin
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/meetings/{meeting}/chair"),
        )
        .json(&json!({"chair_id": me["user"]["id"]}))
        .send()
        .await
        .expect("chair");
    assert!(chaired.status().is_success(), "chair: {}", chaired.status());
    let live = |i: usize| {
        format!(
            "{}/api/v1/meetings/{meeting}/live?v=1",
            urls[i % 2].replacen("http://", "ws://", 1)
        )
    };
    let headers = |cookie: &str| {
        vec![
            ("cookie".to_string(), cookie.to_string()),
            ("origin".to_string(), urls[0].clone()),
        ]
    };
    let mut chair = connect(&live(0), &headers(&admin.cookie))
        .await
        .expect("the chair joins");
    let (tx, mut rx) = mpsc::unbounded_channel();
    for (i, cookie) in cookies.iter().enumerate() {
        let socket = connect(&live(i), &headers(cookie))
            .await
            .expect("a delegate joins");
        delegate(socket, tx.clone());
    }
    drop(tx);
    let members = cookies.len();
    // The chair's socket: commands out, everything in drained.
    let (chair_tx, mut chair_rx) = mpsc::unbounded_channel::<Value>();
    tokio::spawn(async move {
        let mut id = 1_000_000u64;
        loop {
            tokio::select! {
                command = chair_rx.recv() => {
                    let Some(command) = command else { return };
                    id += 1;
                    let act = json!({"type": "act", "id": id, "command": command});
                    if chair.send(Message::Text(act.to_string().into())).await.is_err() { return; }
                }
                message = chair.next() => if !matches!(message, Some(Ok(_))) { return },
            }
        }
    });
    chair_tx.send(json!({"command": "open"})).expect("chair");
    tokio::time::sleep(Duration::from_secs(1)).await;

    println!(
        "| vote | all acknowledged ms | ack p50 ms | ack p99 ms | result on every client ms |"
    );
    println!("|---|---|---|---|---|");
    let (mut all, mut p50s, mut p99s, mut results) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for number in 1..=runs {
        let opened = Instant::now();
        chair_tx
            .send(json!({"command": "open_vote", "spec": {"kind": "recorded",
                "title": format!("Draft resolution A/81/L.{number}")}}))
            .expect("chair");
        let mut latencies = Vec::with_capacity(members);
        let mut last = opened;
        while latencies.len() < members {
            match tokio::time::timeout(DEADLINE, rx.recv()).await {
                Ok(Some(Seen::Acked { at, latency })) => {
                    latencies.push(latency.as_secs_f64() * 1000.0);
                    last = last.max(at);
                }
                Ok(Some(Seen::Refused(code))) => panic!("a vote refused: {code}"),
                Ok(Some(Seen::Closed { .. })) => {}
                _ => panic!("{} of {members} votes acknowledged", latencies.len()),
            }
        }
        latencies.sort_by(f64::total_cmp);
        // The board settles before the close is timed.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let closing = Instant::now();
        chair_tx
            .send(json!({"command": "close_vote", "number": number}))
            .expect("chair");
        let (mut told, mut reached) = (0, closing);
        while told < members {
            match tokio::time::timeout(DEADLINE, rx.recv()).await {
                Ok(Some(Seen::Closed { at })) => {
                    told += 1;
                    reached = reached.max(at);
                }
                Ok(Some(_)) => {}
                _ => panic!("{told} of {members} delegates saw the result"),
            }
        }
        let row = (
            (last - opened).as_secs_f64() * 1000.0,
            percentile(&latencies, 0.5),
            percentile(&latencies, 0.99),
            (reached - closing).as_secs_f64() * 1000.0,
        );
        println!(
            "| {number} | {:.0} | {:.1} | {:.1} | {:.0} |",
            row.0, row.1, row.2, row.3
        );
        all.push(row.0);
        p50s.push(row.1);
        p99s.push(row.2);
        results.push(row.3);
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let f = |xs: &[f64], digits: usize| {
        let (m, s) = mean_sd(xs);
        format!("{m:.digits$} ± {s:.digits$}")
    };
    println!(
        "| mean ± sd of {runs} | {} | {} | {} | {} |",
        f(&all, 0),
        f(&p50s, 1),
        f(&p99s, 1),
        f(&results, 0)
    );
    for mut node in nodes {
        let _ = node.kill();
        let _ = node.wait();
    }
}
