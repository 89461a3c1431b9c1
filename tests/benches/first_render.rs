//! Time from navigation to first render, measured in Debian's Chromium
//! (issue 7's benchmark): the Journal, a meeting's page, a document's page
//! and the meeting room, each first in a fresh profile (nothing cached) and
//! then warm. For pages with islands, also the time until they are live.
//!
//!   ./infra/wasm.sh build
//!   PLENARY_TEST_BROWSER_DIR=$CARGO_TARGET_DIR/pkg cargo bench -p plenary-tests --bench first_render
//!
//! The hub runs on the embedded backends, on loopback; the figures are the
//! browser's own (Navigation Timing, Paint Timing, a `plenary-hydrated` mark).

use plenary_tests::browser::{Browser, Driver};
use plenary_tests::{Backend, Hub, Scheduler};
use serde_json::{json, Value};
use std::time::Duration;

const WARM_RUNS: usize = 20;

/// What one navigation took, in milliseconds from its start.
#[derive(Debug, Clone, Copy)]
struct Timing {
    first_byte: f64,
    first_paint: f64,
    /// Until the islands are live (pages with islands only).
    live: Option<f64>,
}

const READ: &str = "const n = performance.getEntriesByType('navigation')[0]; \
    const p = performance.getEntriesByName('first-contentful-paint')[0]; \
    const h = performance.getEntriesByName('plenary-hydrated')[0]; \
    if (!n || !p || n.loadEventEnd === 0) return null; \
    return {first_byte: n.responseStart, first_paint: p.startTime, live: h ? h.startTime : null};";

async fn measure(page: &Browser, url: &str, interactive: bool) -> Timing {
    page.page.goto(url).await.expect("navigation");
    let mut v = Value::Null;
    for _ in 0..200 {
        v = page.page.execute(READ, vec![]).await.unwrap_or(Value::Null);
        if let (Some(first_byte), Some(first_paint)) =
            (v["first_byte"].as_f64(), v["first_paint"].as_f64())
        {
            let live = v["live"].as_f64();
            if !interactive || live.is_some() {
                return Timing {
                    first_byte,
                    first_paint,
                    live,
                };
            }
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let entries = page
        .page
        .execute("return JSON.stringify(performance.getEntries().map(e => [e.entryType, e.name, e.startTime])) + document.body.innerText.slice(0, 500) + JSON.stringify(document.documentElement.dataset) + (window.__e || '')", vec![])
        .await;
    panic!("{url}: no paint timing: {v}; {entries:?}");
}

fn quantile(values: &mut [f64], q: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let i = ((values.len() as f64 - 1.0) * q).round() as usize;
    values[i]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let dir = plenary_tests::browser_dir();
    let hub = Hub::start_with(Backend::Sqlite, &[("PLENARY_BROWSER_DIR", dir.as_str())]).await;
    let manager = hub.user("conference_manager", None).await;
    let body = Scheduler(&manager).body("Second Committee").await;
    let agenda: Vec<Value> = (1..=12)
        .map(|n| json!({"number": n.to_string(), "title": format!("Agenda item {n}")}))
        .collect();
    let r = manager
        .post(
            "/api/v1/meetings",
            json!({"title": "12th meeting", "body_id": body, "starts_local": "2030-10-01T10:00",
                   "ends_local": "2030-10-01T13:00", "time_zone": "America/New_York", "agenda": agenda}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let meeting = r.json()["id"].as_str().expect("id").to_string();
    let clerk = hub.user("secretariat", None).await;
    let mut document = String::new();
    for n in 1..=12 {
        let r = clerk
            .post(
                "/api/v1/documents",
                json!({"symbol": format!("A/C.2/85/L.{n}"), "title": format!("Draft resolution {n}"),
                       "distribution": "general", "meeting_id": meeting, "agenda_position": n - 1}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        document = r.json()["id"].as_str().expect("id").to_string();
    }
    let delegation = hub.delegation("FRA").await;
    let (email, password) = hub
        .account("delegate", "Delegate of France", Some(&delegation))
        .await;

    let pages = [
        (
            "Journal",
            "/journal?date=2030-10-01&time_zone=Europe/Zurich".to_string(),
            true,
        ),
        ("A meeting's page", format!("/meetings/{meeting}"), false),
        ("A document's page", format!("/documents/{document}"), false),
        (
            "The meeting room",
            format!("/meetings/{meeting}/room"),
            true,
        ),
    ];
    let driver = Driver::start().await;
    println!(
        "Time from navigation start, in ms, Chromium {}; {WARM_RUNS} warm runs each.\n",
        chromium_version()
    );
    println!("| page | cold: first byte | cold: first paint | cold: live | warm first paint p50 | warm p90 | warm live p50 | warm live p90 |");
    println!("|---|---|---|---|---|---|---|---|");
    for (n, (name, path, interactive)) in pages.iter().enumerate() {
        let browser = driver.browser(&format!("bench-{n}")).await;
        // Signed in on a page without islands: the browser part stays uncached until measured.
        browser.sign_in(&hub, &email, password, "/documents").await;
        browser.moved_from("/sign-in").await;
        let url = format!("{}{path}", hub.url);
        let cold = measure(&browser, &url, *interactive).await;
        let mut paints = Vec::new();
        let mut lives = Vec::new();
        for _ in 0..WARM_RUNS {
            let t = measure(&browser, &url, *interactive).await;
            paints.push(t.first_paint);
            lives.extend(t.live);
        }
        let live = |v: Option<f64>| v.map_or("—".to_string(), |x| format!("{x:.0}"));
        let (live50, live90) = if lives.is_empty() {
            ("—".to_string(), "—".to_string())
        } else {
            (
                format!("{:.0}", quantile(&mut lives, 0.5)),
                format!("{:.0}", quantile(&mut lives, 0.9)),
            )
        };
        println!(
            "| {name} | {:.0} | {:.0} | {} | {:.0} | {:.0} | {live50} | {live90} |",
            cold.first_byte,
            cold.first_paint,
            live(cold.live),
            quantile(&mut paints, 0.5),
            quantile(&mut paints, 0.9),
        );
        browser.close().await;
    }
}

fn chromium_version() -> String {
    std::process::Command::new("chromium")
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| "(version unknown)".into())
}
