//! Archive throughput and memory: uploads and downloads of 1 MiB, 64 MiB and
//! 1 GiB through the hub (the real `plenary` binary, SQLite + Garage) against
//! the same transfers made directly to Garage, in one run; and the hub's peak
//! memory above idle across them.
//!
//! Run with Garage started (`infra/services.sh start && infra/garage.sh start`,
//! then `eval "$(infra/garage.sh env)"`):
//!     cargo build --release -p plenary-server && cargo bench -p plenary-tests --bench archive
//! (`PLENARY_BENCH_SIZES=1,64` runs only those sizes, in MiB.)

use bytes::Bytes;
use futures_util::StreamExt;
use object_store::ObjectStoreExt;
use plenary_server::objects::{Objects, ObjectsConfig};
use plenary_tests::fixtures::{garage, garage_settings, plenary_binary, Session};
use std::time::{Duration, Instant};

const MIB: u64 = 1 << 20;

/// `len` bytes in 1 MiB chunks, generated on the fly (never held whole).
fn body(
    len: u64,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    let chunk = Bytes::from((0..MIB).map(|i| (i * 7 % 251) as u8).collect::<Vec<u8>>());
    futures_util::stream::iter((0..len.div_ceil(MIB)).map(move |i| {
        let take = (len - i * MIB).min(MIB) as usize;
        Ok(chunk.slice(..take))
    }))
}

fn kib_of(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn mib_per_s(bytes: u64, took: Duration) -> f64 {
    bytes as f64 / MIB as f64 / took.as_secs_f64()
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("port");
    let mut hub = std::process::Command::new(plenary_binary())
        // The benchmark's own setting, which the hub would log as unknown.
        .env_remove("PLENARY_BENCH_SIZES")
        .current_dir(dir.path())
        .env("PLENARY_DATA", dir.path())
        .env("PLENARY_ADDR", format!("127.0.0.1:{port}"))
        .env("PLENARY_LOG", "warn")
        .env("PLENARY_ADMIN_EMAIL", "bench@example.org")
        .env("PLENARY_ADMIN_PASSWORD", "bench password 2026")
        .env("PLENARY_MAX_UPLOAD_BYTES", (2u64 << 30).to_string())
        .envs(garage_settings())
        .spawn()
        .expect("start the hub");
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !http
        .get(format!("{base}/readyz"))
        .send()
        .await
        .is_ok_and(|r| r.status() == 200)
    {
        assert!(Instant::now() < deadline, "hub not ready");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let Session { cookie, csrf, .. } =
        Session::sign_in(&base, "bench@example.org", "bench password 2026").await;
    let direct = Objects::open(&ObjectsConfig::S3 {
        endpoint: garage("PLENARY_TEST_S3_ENDPOINT"),
        bucket: garage("PLENARY_TEST_S3_BUCKET"),
        region: garage("PLENARY_TEST_S3_REGION"),
        access_key_id: garage("PLENARY_TEST_S3_ACCESS_KEY_ID"),
        secret_access_key: garage("PLENARY_TEST_S3_SECRET_ACCESS_KEY"),
    })
    .expect("direct client");
    let idle_kib = kib_of(hub.id(), "VmRSS:");

    println!("| size | upload hub MiB/s | upload direct MiB/s | ratio | download hub MiB/s | download direct MiB/s | ratio |");
    println!("|---|---|---|---|---|---|---|");
    // PLENARY_BENCH_SIZES=1,64 (in MiB) runs fewer sizes.
    let sizes: Vec<u64> = std::env::var("PLENARY_BENCH_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1, 64, 1024]);
    for (n, size) in sizes.into_iter().map(|s| s * MIB).enumerate() {
        let symbol = format!("A/BENCH/{n}/{}", std::process::id());
        let doc: serde_json::Value = http
            .post(format!("{base}/api/v1/documents"))
            .header("cookie", &cookie)
            .header("x-csrf-token", &csrf)
            .json(&serde_json::json!({"symbol": symbol, "title": "Benchmark", "distribution": "general"}))
            .send()
            .await
            .expect("create")
            .json()
            .await
            .expect("json");
        let id = doc["id"].as_str().expect("id").to_string();

        // Several rounds for the smaller sizes (one transfer of 1 MiB takes a
        // few milliseconds), hub and direct alternating; throughput is the
        // total bytes over the total time of each.
        let rounds = match size {
            s if s <= MIB => 40,
            s if s <= 64 * MIB => 4,
            _ => 1,
        };
        let (mut up_hub, mut down_hub, mut up_direct, mut down_direct) = (
            Duration::ZERO,
            Duration::ZERO,
            Duration::ZERO,
            Duration::ZERO,
        );
        for round in 0..rounds {
            let started = Instant::now();
            let r = http
                .put(format!(
                    "{base}/api/v1/documents/{id}/files/en?filename=bench.bin"
                ))
                .header("cookie", &cookie)
                .header("x-csrf-token", &csrf)
                .header("content-length", size)
                .body(reqwest::Body::wrap_stream(body(size)))
                .send()
                .await
                .expect("upload");
            assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
            up_hub += started.elapsed();

            let started = Instant::now();
            let mut stream = http
                .get(format!("{base}/api/v1/documents/{id}/files/en"))
                .send()
                .await
                .expect("download")
                .bytes_stream();
            let mut got = 0u64;
            while let Some(chunk) = stream.next().await {
                got += chunk.expect("chunk").len() as u64;
            }
            assert_eq!(got, size);
            down_hub += started.elapsed();

            let key = format!("bench/{}/{n}/{round}", std::process::id());
            let started = Instant::now();
            direct
                .put_stream(&key, Box::pin(body(size)), u64::MAX)
                .await
                .expect("direct upload");
            up_direct += started.elapsed();
            let started = Instant::now();
            let mut stream = direct.read(&key, None).await.expect("direct read");
            let mut got = 0u64;
            while let Some(chunk) = stream.next().await {
                got += chunk.expect("chunk").len() as u64;
            }
            assert_eq!(got, size);
            down_direct += started.elapsed();
            direct
                .raw()
                .delete(&object_store::path::Path::from(key.as_str()))
                .await
                .expect("cleanup");
        }
        let size = size * rounds;
        let (uh, ud, dh, dd) = (
            mib_per_s(size, up_hub),
            mib_per_s(size, up_direct),
            mib_per_s(size, down_hub),
            mib_per_s(size, down_direct),
        );
        println!(
            "| {} MiB × {rounds} | {uh:.0} | {ud:.0} | {:.2} | {dh:.0} | {dd:.0} | {:.2} |",
            size / rounds / MIB,
            uh / ud,
            dh / dd
        );
    }
    let peak_kib = kib_of(hub.id(), "VmHWM:");
    println!(
        "\nhub memory: idle {:.1} MiB, peak {:.1} MiB, peak above idle {:.1} MiB",
        idle_kib as f64 / 1024.0,
        peak_kib as f64 / 1024.0,
        peak_kib.saturating_sub(idle_kib) as f64 / 1024.0
    );
    let _ = hub.kill();
    let _ = hub.wait();
}
