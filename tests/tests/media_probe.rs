use plenary_protocol::signal::MediaSource;
use plenary_tests::bot::{Bot, BotOptions};
use plenary_tests::{Backend, Hub, Live, Scheduler};
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn probe() {
    let hub = Hub::start(Backend::Sqlite).await;
    let manager = hub.user("conference_manager", None).await;
    let body = Scheduler(&manager).body("Committee P").await;
    let r = manager.post("/api/v1/meetings", json!({"title": "x", "body_id": body, "starts_local": "2030-10-01T10:00",
                   "ends_local": "2030-10-01T13:00", "time_zone": "Europe/Vienna", "access": "public", "invited_delegations": []})).await;
    let id = r.json()["id"].as_str().unwrap().to_string();
    let c1 = hub.user("delegate", Some(&hub.delegation("PPA").await)).await;
    let c2 = hub.user("delegate", Some(&hub.delegation("PPB").await)).await;
    let p = Bot::start(Live::join(&hub.url, &c1, &id).await, BotOptions::default()).await;
    p.publish(&[MediaSource::Microphone]).await.unwrap();
    let b = Bot::start(Live::join(&hub.url, &c2, &id).await, BotOptions::default()).await;
    for _ in 0..10 {
        let before = b.received_from(p.me, MediaSource::Microphone).packets;
        let t = Instant::now();
        b.rejoin_media().await;
        let joined = t.elapsed();
        b.until(Duration::from_secs(20), |b| b.is_connected()).await;
        let connected = t.elapsed();
        b.until(Duration::from_secs(20), |b| b.received_from(p.me, MediaSource::Microphone).packets > before).await;
        eprintln!("joined {:?} connected {:?} media {:?}", joined, connected, t.elapsed());
    }
}
