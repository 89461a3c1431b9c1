//! The issue-day rush: a 2 MiB PDF issued in six languages, then 2,000
//! downloads by 500 concurrent clients signed in as delegates (a mix of
//! languages) through the hub (the release binary, SQLite + Garage), against
//! the same downloads made straight from Garage with boto3, and with the
//! hub's plain GETs on URLs boto3 presigned, in one run. The clients are one
//! Python program for every side (`issue_day.py`), so their own cost weighs
//! the same on each. Reports throughput, p50/p99 latency and
//! the hub's memory against its file cache's bound.
//!
//! Run with Garage started:
//!     infra/services.sh start && infra/garage.sh start && eval "$(infra/garage.sh env)"
//!     cargo build --release -p plenary-server
//!     for r in 1 2 3 4 5; do PLENARY_BENCH_RUN=$r cargo bench -p plenary-tests --bench issue_day; done
//! (run r measures side r first, turning the order by one each run).

use plenary_tests::fixtures::{
    cpu_seconds, free_port, garage, garage_settings, percentile, resident_mib, spawn_node,
    wait_ready, Session,
};
use serde_json::{json, Value};
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

const PASSWORD: &str = "bench password 2026";
const LANGUAGES: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];
const FILE_BYTES: usize = 2 << 20;
const CLIENTS: usize = 500;
const DOWNLOADS: usize = 2_000;
/// The hub's file cache: the six files fit many times over.
const CACHE_BYTES: u64 = 64 << 20;

/// Runs the Python clients on `job`; their JSON answer.
fn clients(python: &str, job: &Value) -> Value {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/issue_day.py");
    let mut child = std::process::Command::new(python)
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start the clients");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(job.to_string().as_bytes())
        .expect("job");
    let out = child.wait_with_output().expect("the clients");
    assert!(out.status.success(), "the clients failed: {}", out.status);
    serde_json::from_slice(&out.stdout).expect("the clients' answer")
}

/// `DOWNLOADS` GETs by `CLIENTS` concurrent clients of one `reqwest`
/// client, in the Python clients' order (request i is client i % CLIENTS's,
/// of file i % urls.len()) and answer.
async fn reqwest_clients(urls: &[String], cookies: &[String], sizes: &[usize]) -> Value {
    use futures_util::StreamExt;
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(CLIENTS)
        .build()
        .expect("client");
    let next = AtomicU64::new(0);
    let started = std::time::Instant::now();
    let timings: Vec<Vec<(usize, f64, f64, usize)>> =
        futures_util::future::join_all((0..CLIENTS).map(|_| async {
            let mut mine = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed) as usize;
                if i >= DOWNLOADS {
                    return mine;
                }
                let at = std::time::Instant::now();
                let mut request = http.get(&urls[i % urls.len()]);
                if !cookies.is_empty() {
                    request = request.header("cookie", &cookies[i % CLIENTS % cookies.len()]);
                }
                let response = request.send().await.expect("download");
                assert_eq!(response.status(), 200, "download {i}");
                let first = at.elapsed().as_secs_f64() * 1000.0;
                let mut body = response.bytes_stream();
                let mut got = 0;
                while let Some(chunk) = body.next().await {
                    got += chunk.expect("a chunk").len();
                }
                assert_eq!(got, sizes[i % sizes.len()], "download {i}");
                mine.push((i, first, at.elapsed().as_secs_f64() * 1000.0, got));
            }
        }))
        .await;
    let seconds = started.elapsed().as_secs_f64();
    let all: Vec<_> = timings.into_iter().flatten().collect();
    json!({
        "seconds": seconds,
        "bytes": all.iter().map(|t| t.3).sum::<usize>(),
        "first_byte_ms": all.iter().map(|t| t.1).collect::<Vec<_>>(),
        "latencies_ms": all.iter().map(|t| t.2).collect::<Vec<_>>(),
    })
}

/// One side's row: MiB/s, downloads/s, then p50 and p99 in ms to the
/// first byte and to the last, and the servers' CPU ms per download.
fn row(side: &str, answer: &Value, cpu_s: f64) -> String {
    let seconds = answer["seconds"].as_f64().expect("seconds");
    let bytes = answer["bytes"].as_f64().expect("bytes");
    let sorted = |field: &str| {
        let mut ms: Vec<f64> = answer[field]
            .as_array()
            .expect("latencies")
            .iter()
            .filter_map(Value::as_f64)
            .collect();
        ms.sort_by(f64::total_cmp);
        ms
    };
    let (first, last) = (sorted("first_byte_ms"), sorted("latencies_ms"));
    format!(
        "| {side} | {:.0} | {:.0} | {:.0} | {:.0} | {:.0} | {:.0} | {:.2} |",
        bytes / f64::from(1 << 20) / seconds,
        last.len() as f64 / seconds,
        percentile(&first, 0.5),
        percentile(&first, 0.99),
        percentile(&last, 0.5),
        percentile(&last, 0.99),
        cpu_s * 1000.0 / last.len() as f64,
    )
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let run: usize = std::env::var("PLENARY_BENCH_RUN")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1);
    let infra = concat!(env!("CARGO_MANIFEST_DIR"), "/../infra/boto3.sh");
    let python = std::process::Command::new(infra)
        .output()
        .expect("infra/boto3.sh");
    assert!(python.status.success(), "infra/boto3.sh failed");
    let python = String::from_utf8(python.stdout)
        .expect("a path")
        .trim()
        .to_string();
    let s3 = json!({
        "endpoint": garage("PLENARY_TEST_S3_ENDPOINT"),
        "bucket": garage("PLENARY_TEST_S3_BUCKET"),
        "region": garage("PLENARY_TEST_S3_REGION"),
        "access_key_id": garage("PLENARY_TEST_S3_ACCESS_KEY_ID"),
        "secret_access_key": garage("PLENARY_TEST_S3_SECRET_ACCESS_KEY"),
    });

    let data = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let admin = ("bench@example.org", PASSWORD);
    let mut hub = spawn_node(
        data.path(),
        port,
        admin,
        &[
            vec![("PLENARY_FILE_CACHE_BYTES", CACHE_BYTES.to_string())],
            garage_settings(),
        ]
        .concat(),
    );
    let base = format!("http://127.0.0.1:{port}");
    wait_ready(&base).await;
    let admin = Session::sign_in(&base, admin.0, admin.1).await;
    eprintln!("signing in {CLIENTS} delegates");
    let cookies = admin.delegates(CLIENTS, PASSWORD).await;

    // Issued: a general document, six language versions.
    let pid = std::process::id();
    let doc = admin
        .post(
            "/api/v1/documents",
            json!({"symbol": format!("A/81/L.{pid}"), "title": "Issue day", "distribution": "general"}),
        )
        .await;
    let id = doc["id"].as_str().expect("id");
    let files = tempfile::tempdir().expect("tempdir");
    let mut stored = Vec::new();
    let mut sizes = Vec::new();
    for (n, lang) in LANGUAGES.iter().enumerate() {
        let bytes = plenary_tests::padded_pdf(&format!("Issue day {n}"), FILE_BYTES);
        let path = files.path().join(format!("{lang}.pdf"));
        std::fs::write(&path, &bytes).expect("file");
        sizes.push(bytes.len());
        let r = admin
            .request(
                reqwest::Method::PUT,
                &format!("/api/v1/documents/{id}/files/{lang}?filename={lang}.pdf"),
            )
            .header("content-type", "application/pdf")
            .body(bytes)
            .send()
            .await
            .expect("upload");
        assert_eq!(r.status(), 201, "upload {lang}");
        stored.push(json!([format!("bench/issue-day/{pid}/{lang}.pdf"), path]));
    }
    let mut put = s3.clone();
    put["mode"] = json!("put");
    put["files"] = json!(stored);
    clients(&python, &put);

    let hub_urls: Vec<String> = LANGUAGES
        .iter()
        .map(|l| format!("{base}/api/v1/documents/{id}/files/{l}"))
        .collect();
    let hub_job = json!({
        "mode": "hub", "clients": CLIENTS, "downloads": DOWNLOADS, "sizes": sizes,
        "cookies": cookies, "urls": hub_urls,
    });
    let keys = json!(stored.iter().map(|s| s[0].clone()).collect::<Vec<_>>());
    let garage_job = |mode: &str| {
        let mut job = s3.clone();
        job["mode"] = json!(mode);
        job["clients"] = json!(CLIENTS);
        job["downloads"] = json!(DOWNLOADS);
        job["sizes"] = json!(sizes);
        job["keys"] = keys.clone();
        job
    };
    let presigned: Vec<String> =
        serde_json::from_value(clients(&python, &garage_job("sign"))["urls"].take())
            .expect("presigned URLs");
    // Each side: its name, and the Python clients' job (none: reqwest's GETs
    // of these URLs with these cookies).
    let sides = [
        ("hub (reqwest)", None, hub_urls, cookies.clone()),
        ("Garage, presigned (reqwest)", None, presigned, Vec::new()),
        ("hub (urllib3)", Some(hub_job), Vec::new(), Vec::new()),
        (
            "Garage (boto3)",
            Some(garage_job("direct")),
            Vec::new(),
            Vec::new(),
        ),
    ];

    let hub_pid = hub.id();
    let garage_pid: u32 = std::process::Command::new("pgrep")
        .args(["-x", "garage"])
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8(o.stdout)
                .ok()?
                .lines()
                .next()?
                .parse()
                .ok()
        })
        .expect("Garage runs (pgrep -x garage)");
    // The CPU both servers spent (the hub's is idle while Garage serves).
    let servers_cpu = || cpu_seconds(hub_pid) + cpu_seconds(garage_pid);
    let idle = resident_mib(hub_pid);
    let mut rows = vec![String::new(); sides.len()];
    let mut peak = 0.0;
    // Turned by one each run, so no side always goes first.
    for k in 0..sides.len() {
        let i = (k + run - 1) % sides.len();
        let (name, job, urls, cookies) = &sides[i];
        let most = Arc::new(AtomicU64::new(0));
        // The hub's resident memory, sampled while it serves.
        let sampler = name.starts_with("hub").then(|| {
            let most = most.clone();
            tokio::spawn(async move {
                loop {
                    let kib = (resident_mib(hub_pid) * 1024.0) as u64;
                    most.fetch_max(kib, Ordering::Relaxed);
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            })
        });
        let cpu_before = servers_cpu();
        let answer = match job {
            Some(job) => tokio::task::spawn_blocking({
                let (python, job) = (python.clone(), job.clone());
                move || clients(&python, &job)
            })
            .await
            .expect("the clients"),
            None => reqwest_clients(urls, cookies, &sizes).await,
        };
        if let Some(sampler) = sampler {
            sampler.abort();
            peak = f64::max(peak, most.load(Ordering::Relaxed) as f64 / 1024.0);
        }
        rows[i] = row(name, &answer, servers_cpu() - cpu_before);
    }
    println!("run {run}: {DOWNLOADS} downloads of 2 MiB by {CLIENTS} clients");
    println!("| side | MiB/s | downloads/s | first byte p50 ms | p99 | last byte p50 ms | p99 | servers' CPU ms per download |");
    println!("|---|---|---|---|---|---|---|---|");
    for row in rows {
        println!("{row}");
    }
    println!(
        "hub memory: idle {idle:.1} MiB, peak {peak:.1} MiB, peak above idle {:.1} MiB (file cache bound {} MiB)",
        peak - idle,
        CACHE_BYTES >> 20
    );
    let mut delete = s3;
    delete["mode"] = json!("delete");
    delete["keys"] = keys;
    clients(&python, &delete);
    let _ = hub.kill();
    let _ = hub.wait();
}
