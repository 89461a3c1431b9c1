//! Media through the SFU: webrtc-rs bots join real meetings over the real
//! signaling websocket and exchange synthetic RTP on loopback.

use plenary_protocol::signal::{MediaSource, ParticipantId, ServerMessage, SignalError};
use plenary_tests::bot::{Bot, BotOptions};
use plenary_tests::fixtures::metric;
use plenary_tests::{Backend, Hub, Live};
use serde_json::json;
use std::time::{Duration, Instant};

const MIC: MediaSource = MediaSource::Microphone;
const CAM: MediaSource = MediaSource::Camera;

plenary_tests::on_both_backends!(
    media_flows_between_everyone_and_the_chairs_mute_is_enforced,
    listeners_hear_the_channel_they_choose_without_renegotiation,
    every_channel_is_recorded_and_archived_at_adjournment,
    a_recording_cut_off_by_a_stop_is_recovered_and_plays,
    a_long_recording_goes_to_the_archive_in_parts_while_it_is_made,
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_meeting_on_two_nodes_has_its_media_on_one() {
    let hub = Hub::start(Backend::Postgres).await;
    let second = hub.second_node().await;
    let (chair_client, id) = hub.chaired_meeting("public", &[]).await;
    // The chair joins on the first node, which then carries the media.
    let chair = Bot::join(&hub, &chair_client, &id).await;
    assert!(!chair.media_elsewhere);
    chair.act(json!({"command": "open"})).await.expect("open");
    // Three delegates: two seated on the second node, one on the first.
    let mut delegates = Vec::new();
    for node in [&second, &second, &hub] {
        let client = hub.delegate().await;
        let d = Bot::start(
            Live::join(&node.url, &client, &id).await,
            BotOptions::default(),
        )
        .await;
        assert_eq!(
            d.media_elsewhere,
            node.url == second.url,
            "a delegate seated on the second node is sent to the first for media"
        );
        delegates.push(d);
    }
    for p in delegates.iter().chain([&chair]) {
        p.publish(&[MIC, CAM]).await.expect("publish");
    }
    // The meeting is formal: the chair (first node) gives the floor to a
    // delegate seated on the second; the others' microphones stay closed.
    chair
        .act(json!({"command": "give_floor", "participant": delegates[0].me}))
        .await
        .expect("floor");
    let heard = [chair.me, delegates[0].me];
    let everyone: Vec<&Bot> = delegates.iter().chain([&chair]).collect();
    for r in &everyone {
        let others: Vec<ParticipantId> = everyone
            .iter()
            .map(|b| b.me)
            .filter(|m| *m != r.me)
            .collect();
        let all = r
            .until(Duration::from_secs(20), |r| {
                others.iter().all(|o| {
                    r.received_from(*o, CAM).packets > 20
                        && (!heard.contains(o) || r.received_from(*o, MIC).packets > 20)
                })
            })
            .await;
        assert!(all, "{:?} receives everyone across the two nodes", r.me);
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    for r in &everyone {
        for from in everyone.iter().filter(|f| f.me != r.me) {
            assert_whole(r, from, CAM);
            if heard.contains(&from.me) {
                assert_whole(r, from, MIC);
            } else {
                assert_eq!(
                    r.received_from(from.me, MIC).packets,
                    0,
                    "{:?} heard {:?}, who has not the floor",
                    r.me,
                    from.me
                );
            }
        }
    }
    // The chair (first node) mutes a delegate seated on the second: its
    // audio stops for everyone within 200 ms; its video goes on.
    let muted = &delegates[0];
    chair
        .act(json!({"command": "ask_mute", "participant": muted.me}))
        .await
        .expect("mute");
    tokio::time::sleep(Duration::from_millis(200)).await;
    let listeners: Vec<&&Bot> = everyone.iter().filter(|b| b.me != muted.me).collect();
    let then: Vec<(u64, u64)> = listeners
        .iter()
        .map(|l| {
            (
                l.received_from(muted.me, MIC).packets,
                l.received_from(muted.me, CAM).packets,
            )
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(600)).await;
    for (l, (mic, cam)) in listeners.iter().zip(then) {
        assert_eq!(
            l.received_from(muted.me, MIC).packets,
            mic,
            "{:?} still hears the muted delegate",
            l.me
        );
        assert!(l.received_from(muted.me, CAM).packets > cam + 5);
    }

    // A media ticket is good once.
    let other = hub.delegate().await;
    let mut raw = Live::join(&second.url, &other, &id).await;
    raw.send_raw(&json!({"type": "media_join", "id": 1}).to_string())
        .await;
    let url = loop {
        if let ServerMessage::MediaElsewhere { url, .. } = raw.recv().await {
            break url;
        }
    };
    let mut media = Live::open_media(&url, &raw.origin).await;
    media
        .send_raw(
            &json!({"type": "act", "id": 2, "command": {"command": "raise_hand"}}).to_string(),
        )
        .await;
    loop {
        if let ServerMessage::Error {
            id: Some(2), code, ..
        } = media.recv().await
        {
            assert_eq!(
                code,
                SignalError::BadMessage,
                "media connections carry media only"
            );
            break;
        }
    }
    let path = url
        .split_once("/api/")
        .map(|(_, p)| format!("/api/{p}"))
        .expect("path");
    let again = Live::open(
        &hub.url,
        &path,
        &[("origin".to_string(), raw.origin.clone())],
    )
    .await;
    assert_eq!(
        again.err().map(|r| r.status),
        Some(401),
        "a used ticket is refused"
    );
    // The seat ends on the second node: its media connection on the first,
    // which no meeting update reaches, ends as well.
    media_join(&mut media, 3).await;
    chair
        .act(json!({"command": "remove", "participant": raw.me.0}))
        .await
        .expect("remove");
    assert_eq!(raw.goodbye().await, Some(SignalError::Removed));
    assert_eq!(media.goodbye().await, Some(SignalError::Removed));
    assert!(
        media.try_recv(Duration::from_secs(2)).await.is_none(),
        "closed"
    );
    for d in delegates {
        d.close().await;
    }
    chair.close().await;
}

const RELAY_SECRET: &str = "north-lawn-relay-secret-for-the-tests";

/// Three nodes share Redis and PostgreSQL, each with the node relay: the
/// chair publishes on the first, two delegates watch on each of the others,
/// each on the node their signaling is on. Every subscriber receives 99 %
/// of the packets, and each track crosses once to each node: a node's relay
/// receives what one of its subscribers does, not that times two. The
/// second node is killed: its subscribers are back on the third within
/// 10 s, and the third's own subscribers go on receiving.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_meeting_spans_three_nodes_and_each_track_crosses_once_to_each() {
    let relay = [
        ("PLENARY_MEDIA_RELAY_PORT", "0"),
        ("PLENARY_MEDIA_RELAY_SECRET", RELAY_SECRET),
    ];
    let hub = Hub::start_with(Backend::Postgres, &relay).await;
    let mut nodes = Vec::new();
    let mut metrics = Vec::new();
    for _ in 0..2 {
        let addr = format!("127.0.0.1:{}", free_port().await);
        let mut settings = relay.to_vec();
        settings.push(("PLENARY_METRICS_ADDR", addr.as_str()));
        nodes.push(hub.node_process_with(&settings).await);
        metrics.push(addr);
    }
    let (chair_client, id) = hub.chaired_meeting("public", &[]).await;
    let chair = Bot::join(&hub, &chair_client, &id).await;
    chair.act(json!({"command": "open"})).await.expect("open");
    chair.publish(&[MIC, CAM]).await.expect("publish");
    let mut watchers = Vec::new();
    for node in [&nodes[0], &nodes[0], &nodes[1], &nodes[1]] {
        let client = hub.delegate().await;
        let bot = Bot::start(
            Live::join(&node.url, &client, &id).await,
            BotOptions::default(),
        )
        .await;
        assert!(
            !bot.media_elsewhere,
            "media on the node the delegate is seated on"
        );
        watchers.push((client, bot));
    }
    for (_, w) in &watchers {
        let both = w
            .until(Duration::from_secs(20), |w| {
                w.received_from(chair.me, MIC).packets > 50
                    && w.received_from(chair.me, CAM).packets > 50
            })
            .await;
        assert!(both, "{:?} receives the chair across the relay", w.me);
    }
    // Over a window: a node's relay counts its control datagrams from the
    // start (a handful a second), which a slow setup would make weigh.
    const RECEIVED: &str = "plenary_relay_datagrams_total{direction=\"received\"";
    let one_subscriber = |i: usize| -> u64 {
        [MIC, CAM]
            .iter()
            .map(|s| watchers[2 * i].1.received_from(chair.me, *s).packets)
            .sum()
    };
    let mut before = Vec::new();
    for (i, addr) in metrics.iter().enumerate() {
        before.push((metric(addr, RECEIVED).await, one_subscriber(i)));
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    for (_, w) in &watchers {
        assert_whole(w, &chair, MIC);
        assert_whole(w, &chair, CAM);
    }
    // Each node's relay received about what one subscriber did (control
    // datagrams besides: a handful a second).
    for (i, addr) in metrics.iter().enumerate() {
        let received = metric(addr, RECEIVED).await - before[i].0;
        let one = one_subscriber(i) - before[i].1;
        assert!(
            received >= one as f64 * 0.95 && received < one as f64 * 1.4,
            "node {i}: its relay received {received} datagrams for subscribers that received {one} packets each"
        );
        assert_eq!(
            metric(addr, "plenary_relay_tracks_out").await,
            0.0,
            "nothing published there"
        );
    }

    // The second node dies; its delegates come back on the third.
    nodes[0].kill();
    let killed = Instant::now();
    let on_third: Vec<(u64, u64)> = watchers[2..]
        .iter()
        .map(|(_, w)| {
            (
                w.received_from(chair.me, MIC).packets,
                w.received_from(chair.me, CAM).packets,
            )
        })
        .collect();
    let mut back = Vec::new();
    for (client, _) in &watchers[..2] {
        let bot = Bot::start(
            Live::join(&nodes[1].url, client, &id).await,
            BotOptions::default(),
        )
        .await;
        let receives = bot
            .until(Duration::from_secs(10), |b| {
                b.received_from(chair.me, CAM).packets > 0
                    && b.received_from(chair.me, MIC).packets > 0
            })
            .await;
        assert!(
            receives,
            "a delegate of the killed node receives again on the third"
        );
        back.push(bot);
    }
    let took = killed.elapsed();
    assert!(took < Duration::from_secs(10), "back within {took:?}");
    tokio::time::sleep(Duration::from_secs(1)).await;
    for ((_, w), (mic, cam)) in watchers[2..].iter().zip(on_third) {
        let (mic_now, cam_now) = (
            w.received_from(chair.me, MIC).packets,
            w.received_from(chair.me, CAM).packets,
        );
        assert!(
            mic_now > mic + 40 && cam_now > cam + 40,
            "{:?} went on receiving",
            w.me
        );
        assert_whole(w, &chair, MIC);
    }
    for b in back {
        b.close().await;
    }
    for (_, w) in watchers.into_iter().skip(2) {
        w.close().await;
    }
    chair.close().await;
}

/// A formal meeting on two nodes with the relay: the floor holder is
/// seated on the second node and heard on the first; a delegate there
/// without the floor is heard by nobody on either node, whatever it sends;
/// given the floor, it is heard across the relay too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_floor_decides_who_is_heard_on_every_node_of_a_meeting() {
    let relay = [
        ("PLENARY_MEDIA_RELAY_PORT", "0"),
        ("PLENARY_MEDIA_RELAY_SECRET", RELAY_SECRET),
    ];
    let hub = Hub::start_with(Backend::Postgres, &relay).await;
    let second = hub.node_process_with(&relay).await;
    let (chair_client, id) = hub.chaired_meeting("public", &[]).await;
    let chair = Bot::join(&hub, &chair_client, &id).await;
    chair.act(json!({"command": "open"})).await.expect("open");
    let listener = delegate_bot_on(&hub, &hub.url, &id).await;
    let speaker = delegate_bot_on(&hub, &second.url, &id).await;
    let other = delegate_bot_on(&hub, &second.url, &id).await;
    let neighbour = delegate_bot_on(&hub, &second.url, &id).await;
    chair.publish(&[MIC, CAM]).await.expect("publish");
    let link = chair_client
        .post(&format!("/api/v1/meetings/{id}/viewer-links"), json!({}))
        .await;
    assert_eq!(link.status, 201, "{}", link.text);
    let token = link.json()["token"].as_str().expect("token").to_string();
    let watch = Live::open(
        &second.url,
        &format!("/api/v1/meetings/{id}/live?v=1&watch={token}"),
        &[("origin".to_string(), hub.url.clone())],
    )
    .await
    .unwrap_or_else(|r| panic!("viewer refused: {} {}", r.status, r.body));
    let viewer = Bot::start(watch, BotOptions::default()).await;
    assert!(!viewer.media_elsewhere);
    for b in [&speaker, &other] {
        assert!(!b.media_elsewhere);
        b.publish(&[MIC, CAM]).await.expect("publish");
    }
    chair
        .act(json!({"command": "give_floor", "participant": speaker.me}))
        .await
        .expect("floor");
    for l in [&listener, &chair, &neighbour] {
        let heard = l
            .until(Duration::from_secs(15), |l| {
                l.received_from(speaker.me, MIC).packets > 20
                    && l.received_from(speaker.me, CAM).packets > 20
            })
            .await;
        assert!(heard, "{:?} hears and sees the floor", l.me);
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    for l in [&listener, &chair, &neighbour] {
        assert_eq!(
            l.received_from(other.me, MIC).packets,
            0,
            "{:?} heard a delegate without the floor",
            l.me
        );
    }
    // The floor moves to the other delegate of the second node: heard on
    // the first within a second, and the first speaker no longer.
    chair
        .act(json!({"command": "give_floor", "participant": other.me}))
        .await
        .expect("floor");
    let moved = listener
        .until(Duration::from_secs(1), |l| {
            l.received_from(other.me, MIC).packets > 0
        })
        .await;
    assert!(moved, "the new floor holder is heard across the relay");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before = listener.received_from(speaker.me, MIC).packets;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(listener.received_from(speaker.me, MIC).packets, before);
    // A viewer on the second node sees the stage's camera: the floor's,
    // and once the floor ends the chair's, which crosses from the first.
    let floor_seen = viewer
        .until(Duration::from_secs(5), |v| {
            v.received_from(other.me, CAM).packets > 0
        })
        .await;
    assert!(floor_seen, "the viewer sees the floor");
    chair
        .act(json!({"command": "end_floor"}))
        .await
        .expect("end");
    let chair_seen = viewer
        .until(Duration::from_secs(2), |v| {
            v.received_from(chair.me, CAM).packets > 0
        })
        .await;
    assert!(chair_seen, "the viewer sees the chair once the floor ends");
    for b in [listener, speaker, other, neighbour, chair, viewer] {
        b.close().await;
    }
}

/// A node takes media connections up to its capacity; the next joiner
/// seated there goes to the node carrying the meeting with room, and
/// receives the chair through the relay from there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_node_sends_the_next_joiner_to_a_node_with_room() {
    let relay = [
        ("PLENARY_MEDIA_RELAY_PORT", "0"),
        ("PLENARY_MEDIA_RELAY_SECRET", RELAY_SECRET),
    ];
    let mut first = relay.to_vec();
    first.push(("PLENARY_MEDIA_NODE_CAPACITY", "1"));
    let hub = Hub::start_with(Backend::Postgres, &first).await;
    let mut roomy = relay.to_vec();
    roomy.push(("PLENARY_MEDIA_NODE_CAPACITY", "1000"));
    let second = hub.node_process_with(&roomy).await;
    let (chair_client, id) = hub.chaired_meeting("public", &[]).await;
    let chair = Bot::join(&hub, &chair_client, &id).await;
    assert!(!chair.media_elsewhere, "the first node has room for one");
    chair.act(json!({"command": "open"})).await.expect("open");
    chair.publish(&[MIC, CAM]).await.expect("publish");
    let on_second = delegate_bot_on(&hub, &second.url, &id).await;
    assert!(!on_second.media_elsewhere);
    // Once the second node is in the meeting's directory (it reads and
    // writes it every two seconds), a joiner seated on the full first
    // node is sent there.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let client = hub.delegate().await;
    let mut raw = Live::join(&hub.url, &client, &id).await;
    raw.send_raw(&json!({"type": "media_join", "id": 1}).to_string())
        .await;
    let url = loop {
        match raw.recv().await {
            ServerMessage::MediaElsewhere { url, .. } => break url,
            ServerMessage::MediaJoined { .. } => panic!("taken by the full node"),
            _ => {}
        }
    };
    let port = second.url.rsplit(':').next().expect("port");
    assert!(
        url.contains(&format!(":{port}/")),
        "sent to the second node: {url}"
    );
    drop(raw);
    let sent = Bot::start(
        Live::join(&hub.url, &client, &id).await,
        BotOptions::default(),
    )
    .await;
    assert!(sent.media_elsewhere);
    let receives = sent
        .until(Duration::from_secs(10), |b| {
            b.received_from(chair.me, CAM).packets > 20
                && b.received_from(chair.me, MIC).packets > 20
        })
        .await;
    assert!(receives, "the chair reaches it through the relay");

    // The node it was sent to dies. Its entry in the directory lapses
    // within seconds, so a media join from the full first node is no longer
    // sent there but taken where it is: back within 10 s of the kill.
    let mut second = second;
    second.kill();
    let killed = Instant::now();
    drop(sent);
    let mut raw = Live::join(&hub.url, &client, &id).await;
    let mut asked = 1;
    loop {
        asked += 1;
        raw.send_raw(&json!({"type": "media_join", "id": asked}).to_string())
            .await;
        let placed_here = loop {
            match raw.recv().await {
                ServerMessage::MediaElsewhere { .. } => break false,
                ServerMessage::MediaJoined { .. } => break true,
                _ => {}
            }
        };
        if placed_here {
            break;
        }
        assert!(
            killed.elapsed() < Duration::from_secs(10),
            "still sent to the dead node {:?} after the kill",
            killed.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    drop(raw);
    let back = delegate_bot_on(&hub, &hub.url, &id).await;
    assert!(!back.media_elsewhere, "taken by the first node");
    let receives = back
        .until(Duration::from_secs(5), |b| {
            b.received_from(chair.me, CAM).packets > 20
        })
        .await;
    assert!(receives, "the chair's camera again");
    let took = killed.elapsed();
    assert!(took < Duration::from_secs(10), "back within {took:?}");
    back.close().await;
    on_second.close().await;
    chair.close().await;
}

async fn delegate_bot_on(hub: &Hub, url: &str, meeting: &str) -> Bot {
    let client = hub.delegate().await;
    Bot::start(
        Live::join(url, &client, meeting).await,
        BotOptions::default(),
    )
    .await
}

/// Who of `speakers` `listener` receives audio from now (a packet in the
/// last 300 ms).
fn hears_now(listener: &Bot, speakers: &[&Bot]) -> Vec<ParticipantId> {
    receives_now(listener, speakers, MIC)
}

/// Whose `source` of `from` `listener` receives now (a packet in the last
/// 300 ms).
fn receives_now(listener: &Bot, from: &[&Bot], source: MediaSource) -> Vec<ParticipantId> {
    from.iter()
        .filter(|s| {
            listener
                .received_from(s.me, source)
                .last_at
                .is_some_and(|at| at.elapsed() < Duration::from_millis(300))
        })
        .map(|s| s.me)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
/// Last-N: with ten delegations and the chair on camera, a subscriber
/// receives the cameras of as many participants as it asked for (the chair,
/// then the others in the order they came), each publisher those of nine;
/// given the floor, a delegate's camera reaches the subscriber within
/// 500 ms and comes first; asking for none is audio only.
async fn each_subscriber_receives_the_cameras_it_asked_for_and_the_floor_first() {
    let hub = Hub::start(Backend::Sqlite).await;
    let (chair_client, id) = hub.chaired_meeting("public", &[]).await;
    let chair = Bot::join(&hub, &chair_client, &id).await;
    chair.act(json!({"command": "open"})).await.expect("open");
    chair.publish(&[MIC, CAM]).await.expect("publish");
    let mut delegates = Vec::new();
    for _ in 0..10 {
        let d = delegate_bot(&hub, &id).await;
        d.publish(&[MIC, CAM]).await.expect("publish");
        delegates.push(d);
    }
    let watcher = delegate_bot(&hub, &id).await;
    watcher.videos(4).await.expect("four cameras");
    let everyone: Vec<&Bot> = [&chair].into_iter().chain(delegates.iter()).collect();
    let first_four: Vec<ParticipantId> = everyone.iter().take(4).map(|b| b.me).collect();
    assert!(
        watcher
            .until(Duration::from_secs(20), |w| w.shown() == Some(first_four.clone())
                && receives_now(w, &everyone, CAM) == first_four)
            .await,
        "the watcher receives the chair's and the first three delegates' cameras: shown {:?}, receiving {:?}",
        watcher.shown(),
        receives_now(&watcher, &everyone, CAM)
    );
    // Each publisher receives nine cameras of the ten others.
    let last = &delegates[9];
    assert!(
        last.until(Duration::from_secs(10), |b| receives_now(b, &everyone, CAM)
            .len()
            == 9)
            .await,
        "{:?}",
        receives_now(last, &everyone, CAM)
    );
    assert_eq!(last.shown().map(|s| s.len()), Some(9));
    assert_eq!(receives_now(&watcher, &everyone, CAM), first_four);

    // The floor to the last delegate, whose camera the watcher never had.
    assert_eq!(watcher.received_from(last.me, CAM).packets, 0);
    let given = Instant::now();
    chair
        .act(json!({"command": "give_floor", "participant": last.me}))
        .await
        .expect("floor");
    let now_shown = vec![last.me, chair.me, delegates[0].me, delegates[1].me];
    assert!(
        watcher
            .until(Duration::from_secs(5), |w| w.shown()
                == Some(now_shown.clone()))
            .await
    );
    assert!(
        watcher
            .until(Duration::from_secs(3), |w| w
                .received_from(last.me, CAM)
                .packets
                > 10)
            .await
    );
    let arrived = watcher
        .received_from(last.me, CAM)
        .first_at
        .expect("first packet")
        .saturating_duration_since(given);
    assert!(
        arrived <= Duration::from_millis(500),
        "the floor's camera reached the watcher {arrived:?} after the floor was given"
    );
    let mut expected = now_shown.clone();
    expected.sort();
    assert!(
        watcher
            .until(Duration::from_secs(3), |w| {
                let mut now = receives_now(w, &everyone, CAM);
                now.sort();
                now == expected
            })
            .await,
        "the third delegate's camera gave way: {:?}",
        receives_now(&watcher, &everyone, CAM)
    );
    assert!(
        watcher
            .until(Duration::from_secs(3), |w| hears_now(w, &everyone)
                == vec![chair.me, last.me])
            .await,
        "the floor and the chair are heard"
    );

    // Audio only: no camera at all, the floor still heard.
    watcher.videos(0).await.expect("audio only");
    assert!(
        watcher
            .until(Duration::from_secs(3), |w| w.shown() == Some(Vec::new())
                && receives_now(w, &everyone, CAM).is_empty())
            .await
    );
    assert!(hears_now(&watcher, &everyone).contains(&last.me));
    for bot in delegates.into_iter().chain([chair, watcher]) {
        bot.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
/// Simulcast: delegates send their cameras in three layers. A subscriber
/// asking for thumbnails receives the low layer of each, and the floor's
/// high one; when the floor changes, the new speaker's high layer reaches
/// it within 500 ms and the old one's falls to low. A subscriber whose link
/// loses half its packets is moved down to the low layers, and still
/// receives every camera; a clean link is not moved.
async fn each_camera_comes_in_the_layer_it_is_shown_at_and_a_poor_link_is_moved_down() {
    let hub = Hub::start(Backend::Sqlite).await;
    let (chair_client, id) = hub.chaired_meeting("public", &[]).await;
    let chair = Bot::join(&hub, &chair_client, &id).await;
    chair.act(json!({"command": "open"})).await.expect("open");
    let simulcast = BotOptions {
        simulcast: true,
        ..BotOptions::default()
    };
    let mut delegates = Vec::new();
    for _ in 0..3 {
        let live = Live::join(&hub.url, &hub.delegate().await, &id).await;
        let d = Bot::start(live, simulcast.clone()).await;
        d.publish(&[MIC, CAM]).await.expect("publish");
        delegates.push(d);
    }
    let (first, second) = (&delegates[0], &delegates[1]);
    chair
        .act(json!({"command": "give_floor", "participant": first.me}))
        .await
        .expect("floor");
    let watcher = delegate_bot(&hub, &id).await;
    watcher.quality("high", "low").await.expect("thumbnails");
    let lossy = Bot::start(
        Live::join(&hub.url, &hub.delegate().await, &id).await,
        BotOptions {
            lossy: Some(50),
            ..BotOptions::default()
        },
    )
    .await;
    let layer = |b: &Bot, from: &Bot| b.received_from(from.me, CAM).layer();
    assert!(
        watcher
            .until(Duration::from_secs(20), |w| layer(w, first) == Some(2)
                && delegates[1..].iter().all(|d| layer(w, d) == Some(0)))
            .await,
        "the floor high, the thumbnails low: {:?}",
        delegates
            .iter()
            .map(|d| layer(&watcher, d))
            .collect::<Vec<_>>()
    );

    // The floor to the second delegate.
    let given = Instant::now();
    chair
        .act(json!({"command": "give_floor", "participant": second.me}))
        .await
        .expect("floor");
    assert!(
        watcher
            .until(Duration::from_secs(3), |w| layer(w, second) == Some(2)
                && layer(w, first) == Some(0))
            .await,
        "{:?}",
        delegates
            .iter()
            .map(|d| layer(&watcher, d))
            .collect::<Vec<_>>()
    );
    let high = watcher
        .received_from(second.me, CAM)
        .layer_since(2)
        .expect("the high layer")
        .saturating_duration_since(given);
    assert!(
        high <= Duration::from_millis(500),
        "the new speaker's high layer came {high:?} after the floor was given"
    );

    // The lossy link: its reports say so, and it is moved down, every
    // camera still coming.
    assert!(
        lossy
            .until(Duration::from_secs(30), |l| delegates
                .iter()
                .all(|d| layer(l, d) == Some(0)))
            .await,
        "a poor link is moved down to the low layers: {:?}",
        delegates
            .iter()
            .map(|d| layer(&lossy, d))
            .collect::<Vec<_>>()
    );
    assert!(
        delegates.iter().any(|d| lossy
            .received_from(d.me, CAM)
            .layers
            .iter()
            .any(|(_, l)| *l > 0)),
        "it came down from higher layers: {:?}",
        delegates
            .iter()
            .map(|d| lossy.received_from(d.me, CAM).layers)
            .collect::<Vec<_>>()
    );
    assert_eq!(
        receives_now(&lossy, &delegates.iter().collect::<Vec<_>>(), CAM).len(),
        3,
        "moved down, not dropped"
    );
    // The watcher's link is clean: its floor stays high.
    assert_eq!(layer(&watcher, second), Some(2));
    for bot in delegates.into_iter().chain([chair, watcher, lossy]) {
        bot.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
/// Prometheus (Debian's) scrapes a running hub's `/metrics` on the address
/// of its own the operator gave, and reads back through its HTTP API the
/// packets the SFU forwarded while two delegates met, the websockets open
/// and the requests by route template.
async fn prometheus_scrapes_the_hub_and_sees_a_meeting_s_media() {
    let prometheus = std::env::var("PLENARY_TEST_PROMETHEUS").unwrap_or_else(|_| {
        panic!("PLENARY_TEST_PROMETHEUS is not set: run ./infra/test.sh, which installs Prometheus")
    });
    let metrics_port = free_port().await;
    let metrics_addr = format!("127.0.0.1:{metrics_port}");
    let hub = Hub::start_with(
        Backend::Sqlite,
        &[("PLENARY_METRICS_ADDR", metrics_addr.as_str())],
    )
    .await;
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("prometheus.yml");
    std::fs::write(
        &config,
        format!(
            "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: plenary\n    static_configs:\n      - targets: ['{metrics_addr}']\n"
        ),
    )
    .expect("config");
    let web_port = free_port().await;
    let mut server = tokio::process::Command::new(prometheus)
        .arg(format!("--config.file={}", config.display()))
        .arg(format!(
            "--storage.tsdb.path={}",
            dir.path().join("data").display()
        ))
        .arg(format!("--web.listen-address=127.0.0.1:{web_port}"))
        .arg("--log.level=warn")
        .kill_on_drop(true)
        .spawn()
        .expect("prometheus starts");

    let (chair_client, id) = hub.chaired_meeting("public", &[]).await;
    let chair = Bot::join(&hub, &chair_client, &id).await;
    chair.act(json!({"command": "open"})).await.expect("open");
    chair.publish(&[MIC, CAM]).await.expect("publish");
    let delegate = delegate_bot(&hub, &id).await;
    assert!(
        delegate
            .until(Duration::from_secs(20), |d| d
                .received_from(chair.me, CAM)
                .packets
                > 50)
            .await
    );

    let api = format!("http://127.0.0.1:{web_port}/api/v1/query");
    let http = reqwest::Client::new();
    let query = |q: &'static str| {
        let (http, api) = (http.clone(), api.clone());
        async move {
            let answer = http.get(&api).query(&[("query", q)]).send().await.ok()?;
            let body: serde_json::Value = answer.json().await.ok()?;
            body["data"]["result"][0]["value"][1]
                .as_str()
                .and_then(|v| v.parse::<f64>().ok())
        }
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    let (mut forwarded, mut sockets, mut requests) = (None, None, None);
    while Instant::now() < deadline {
        forwarded = query("sum(plenary_sfu_forwarded_packets_total)").await;
        sockets = query("sum(plenary_websockets_open)").await;
        requests = query(
            r#"sum(plenary_http_requests_total{route="/api/v1/meetings/{id}/live",status="101"})"#,
        )
        .await;
        if forwarded.is_some_and(|f| f > 50.0)
            && sockets.is_some_and(|s| s >= 2.0)
            && requests.is_some_and(|r| r >= 2.0)
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert!(
        forwarded.is_some_and(|f| f > 50.0),
        "forwarded packets in Prometheus: {forwarded:?}"
    );
    assert!(
        sockets.is_some_and(|s| s >= 2.0),
        "websockets open: {sockets:?}"
    );
    assert!(
        requests.is_some_and(|r| r >= 2.0),
        "the meeting's websockets, by route template: {requests:?}"
    );
    // Labels are route templates, never a path as requested.
    let raw = http
        .get(format!("http://{metrics_addr}/metrics"))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    assert!(!raw.contains(&id), "a meeting's id in a label");
    for bot in [chair, delegate] {
        bot.close().await;
    }
    let _ = server.kill().await;
}

async fn free_port() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    listener.local_addr().expect("addr").port()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
/// A formal meeting is heard through the floor: a delegate without it is
/// heard by nobody, whatever their browser sends; given the floor they are
/// heard by everyone within 300 ms, and not once it is taken back, with no
/// renegotiation and no gap in the stream. Informal, the few who spoke last
/// are heard, and someone who starts speaking takes the place of one who
/// stopped.
async fn a_formal_meeting_is_heard_through_the_floor_and_an_informal_one_by_its_last_speakers() {
    let hub = Hub::start(Backend::Postgres).await;
    let (chair_client, id) = hub.chaired_meeting("public", &[]).await;
    let chair = Bot::join(&hub, &chair_client, &id).await;
    chair.act(json!({"command": "open"})).await.expect("open");
    let a = delegate_bot(&hub, &id).await;
    let b = delegate_bot(&hub, &id).await;
    for p in [&chair, &a, &b] {
        p.publish(&[MIC]).await.expect("publish");
    }
    assert!(
        b.until(Duration::from_secs(15), |b| b
            .received_from(chair.me, MIC)
            .packets
            > 50)
            .await,
        "the chair is heard"
    );
    assert_eq!(b.received_from(a.me, MIC).packets, 0, "A has not the floor");
    assert_eq!(chair.received_from(a.me, MIC).packets, 0);
    assert!(
        b.tracks
            .lock()
            .expect("lock")
            .iter()
            .any(|t| t.owner == a.me),
        "A's microphone is negotiated, only not forwarded"
    );
    let offers = *b.offers.lock().expect("lock");

    let given = Instant::now();
    chair
        .act(json!({"command": "give_floor", "participant": a.me}))
        .await
        .expect("floor");
    for listener in [&b, &chair] {
        assert!(
            listener
                .until(Duration::from_secs(3), |l| l
                    .received_from(a.me, MIC)
                    .packets
                    > 25)
                .await
        );
        let first = listener
            .received_from(a.me, MIC)
            .first_at
            .expect("first packet");
        let opened = first.saturating_duration_since(given);
        assert!(
            opened <= Duration::from_millis(300),
            "A heard by {:?} {opened:?} after the floor was given",
            listener.me
        );
    }
    let ended = Instant::now();
    chair
        .act(json!({"command": "end_floor"}))
        .await
        .expect("end floor");
    tokio::time::sleep(Duration::from_millis(800)).await;
    let last = b.received_from(a.me, MIC).last_at.expect("heard");
    assert!(
        last.saturating_duration_since(ended) <= Duration::from_millis(300),
        "A still heard {:?} after the floor ended",
        last.saturating_duration_since(ended)
    );
    assert!(b
        .received_from(chair.me, MIC)
        .last_at
        .is_some_and(|t| t.elapsed() < Duration::from_millis(200)));
    // Again: one stream across both turns, on the tracks negotiated before.
    chair
        .act(json!({"command": "give_floor", "participant": a.me}))
        .await
        .expect("floor");
    let before = b.received_from(a.me, MIC).packets;
    assert!(
        b.until(Duration::from_secs(3), |b| b
            .received_from(a.me, MIC)
            .packets
            > before + 25)
            .await
    );
    assert_whole(&b, &a, MIC);
    assert_eq!(*b.offers.lock().expect("lock"), offers, "no renegotiation");
    chair
        .act(json!({"command": "end_floor"}))
        .await
        .expect("end floor");

    // Informal, five microphones: the three who spoke last are heard.
    let c = delegate_bot(&hub, &id).await;
    let d = delegate_bot(&hub, &id).await;
    let listener = delegate_bot(&hub, &id).await;
    for p in [&c, &d] {
        p.publish(&[MIC]).await.expect("publish");
    }
    chair.speak(false);
    a.speak(false);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    chair
        .act(json!({"command": "set_formal", "formal": false}))
        .await
        .expect("informal");
    let all = [&chair, &a, &b, &c, &d];
    let mut expected = vec![b.me, c.me, d.me];
    expected.sort();
    assert!(
        listener
            .until(Duration::from_secs(5), |l| {
                let mut now = hears_now(l, &all);
                now.sort();
                now == expected
            })
            .await,
        "the listener hears B, C and D: {:?}",
        hears_now(&listener, &all)
    );
    // B falls silent and A speaks: A takes B's place.
    b.speak(false);
    a.speak(true);
    let mut expected = vec![a.me, c.me, d.me];
    expected.sort();
    assert!(
        listener
            .until(Duration::from_secs(5), |l| {
                let mut now = hears_now(l, &all);
                now.sort();
                now == expected
            })
            .await,
        "the listener hears A, C and D: {:?}",
        hears_now(&listener, &all)
    );
    for bot in [chair, a, b, c, d, listener] {
        bot.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn media_ports_come_from_the_configured_range() {
    let hub = Hub::start_with(
        Backend::Sqlite,
        &[
            ("PLENARY_MEDIA_PORTS", "47100-47119"),
            ("PLENARY_MEDIA_BIND", "127.0.0.1"),
        ],
    )
    .await;
    let (chair_client, id) = hub.chaired_meeting("public", &[]).await;
    let chair = Bot::join(&hub, &chair_client, &id).await;
    let a = delegate_bot(&hub, &id).await;
    chair.publish(&[MIC]).await.expect("publish");
    a.publish(&[MIC]).await.expect("publish");
    assert!(
        a.until(Duration::from_secs(15), |a| a
            .received_from(chair.me, MIC)
            .packets
            > 10)
            .await
    );
    for b in [&chair, &a] {
        let candidates = b.server_candidates.lock().expect("lock").clone();
        assert!(!candidates.is_empty());
        for c in candidates {
            let fields: Vec<&str> = c.split_whitespace().collect();
            let port: u16 = fields[5].parse().expect("port");
            assert!((47100..=47119).contains(&port), "{c}");
            assert_eq!(fields[4], "127.0.0.1", "{c}");
        }
    }
    chair.close().await;
    a.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relay_only_media_flows_through_turn() {
    let hub = Hub::start(Backend::Postgres).await;
    let (chair_client, id) = hub.chaired_meeting("public", &[]).await;
    let client = hub.delegate().await;
    let behind_firewall = Bot::start(
        Live::join(&hub.url, &client, &id).await,
        BotOptions {
            relay_only: true,
            ..BotOptions::default()
        },
    )
    .await;
    // The hub handed out TURN with REST API credentials that expire.
    let turn = behind_firewall
        .ice_servers
        .iter()
        .find(|s| s.urls.iter().any(|u| u.starts_with("turn:")))
        .expect("a TURN server");
    let username = turn.username.clone().expect("username");
    let (expiry, owner) = turn_user(&username);
    assert_eq!(owner, format!("{id}:{}", behind_firewall.me.0));
    let now = unix_now();
    // Minutes, not hours (turn_ttl_secs defaults to 300).
    assert!(expiry > now && expiry <= now + 300, "{username}");
    let chair = Bot::join(&hub, &chair_client, &id).await;
    behind_firewall.publish(&[MIC, CAM]).await.expect("publish");
    chair.publish(&[MIC]).await.expect("publish");
    let flowing = behind_firewall
        .until(Duration::from_secs(20), |b| {
            b.received_from(chair.me, MIC).packets > 50
        })
        .await
        && chair
            .until(Duration::from_secs(5), |c| {
                c.received_from(behind_firewall.me, CAM).packets > 50
            })
            .await;
    assert!(
        flowing,
        "media through TURN: failures {:?}, candidates {:?}",
        behind_firewall.failures.lock().expect("lock"),
        behind_firewall.candidates.lock().expect("lock")
    );
    // Only relayed candidates left the firewalled side: the media went through coturn.
    let candidates = behind_firewall.candidates.lock().expect("lock").clone();
    assert!(!candidates.is_empty());
    assert!(
        candidates.iter().all(|c| c.contains(" typ relay")),
        "{candidates:?}"
    );
    assert_whole(&behind_firewall, &chair, MIC);
    assert_whole(&chair, &behind_firewall, CAM);
    behind_firewall.close().await;
    chair.close().await;
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs()
}

/// A TURN username's expiry and the rest (`<meeting>:<participant>`).
fn turn_user(username: &str) -> (u64, String) {
    let (expiry, rest) = username
        .split_once(':')
        .expect("expiry:meeting:participant");
    (expiry.parse().expect("expiry"), rest.to_string())
}

/// The TURN username in a list of ICE servers.
fn turn_username(servers: &[plenary_protocol::signal::IceServer]) -> String {
    servers
        .iter()
        .find(|s| s.urls.iter().any(|u| u.starts_with("turn:")))
        .and_then(|s| s.username.clone())
        .expect("a TURN server with a username")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn turn_credentials_name_the_seat_and_are_renewed_while_it_lasts() {
    let hub = Hub::start_with(Backend::Postgres, &[("PLENARY_TURN_TTL_SECS", "10")]).await;
    let (chair_client, id) = hub.chaired_meeting("public", &[]).await;
    let mut chair = Live::join(&hub.url, &chair_client, &id).await;
    chair.ok(json!({"command": "open"})).await;
    let client = hub.delegate().await;
    let mut delegate = Live::join(&hub.url, &client, &id).await;
    // Not in the media room: no credentials come, however long the seat lasts.
    let quiet = delegate.try_recv(Duration::from_secs(6)).await;
    assert!(
        !matches!(quiet, Some(ServerMessage::IceServers { .. })),
        "{quiet:?}"
    );
    delegate
        .send_raw(&json!({"type": "media_join", "id": 1}).to_string())
        .await;
    let first = loop {
        match delegate.recv().await {
            ServerMessage::MediaJoined { ice_servers, .. } => break turn_username(&ice_servers),
            ServerMessage::Error { code, .. } => panic!("media_join: {code:?}"),
            _ => {}
        }
    };
    let (first_expiry, owner) = turn_user(&first);
    assert_eq!(owner, format!("{id}:{}", delegate.me.0));
    assert!(first_expiry <= unix_now() + 10);
    // At half their lifetime, fresh ones with a later expiry.
    let renewed = loop {
        match delegate.try_recv(Duration::from_secs(9)).await {
            Some(ServerMessage::IceServers { ice_servers }) => break turn_username(&ice_servers),
            Some(_) => {}
            None => panic!("no fresh TURN credentials within 9 s of a 10 s lifetime"),
        }
    };
    let (renewed_expiry, renewed_owner) = turn_user(&renewed);
    assert_eq!(renewed_owner, owner);
    assert!(renewed_expiry > first_expiry, "{first} then {renewed}");
    // The seat ends: so do the credentials.
    chair
        .ok(json!({"command": "remove", "participant": delegate.me.0}))
        .await;
    assert_eq!(delegate.goodbye().await, Some(SignalError::Removed));
    assert!(delegate.try_recv(Duration::from_secs(6)).await.is_none());
}

/// A coturn of its own on loopback, from a configuration file and settings
/// given on its command line; stopped when dropped.
struct Coturn {
    child: std::process::Child,
    _dir: tempfile::TempDir,
}

impl Drop for Coturn {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_udp_port() -> u16 {
    std::net::UdpSocket::bind("127.0.0.1:0")
        .and_then(|s| s.local_addr())
        .expect("a free UDP port")
        .port()
}

fn coturn(config: &str, port: u16, secret: &str) -> Coturn {
    let dir = tempfile::tempdir().expect("temp dir");
    let child = std::process::Command::new("turnserver")
        .args(["-c", config])
        .arg(format!("--listening-port={port}"))
        .args(["--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1"])
        .arg(format!("--static-auth-secret={secret}"))
        .args(["--no-tls", "--no-dtls", "--no-stdout-log"])
        .arg(format!(
            "--log-file={}",
            dir.path().join("turn.log").display()
        ))
        .arg(format!(
            "--pidfile={}",
            dir.path().join("turn.pid").display()
        ))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("turnserver (infra/setup.sh installs coturn)");
    let started = Instant::now();
    while !dir.path().join("turn.pid").exists() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "coturn did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Coturn { child, _dir: dir }
}

/// Whether a TURN client (coturn's own) gets two messages through `port` to
/// `peer` and back; a relay that refuses the peer answers 403.
fn relays_to(port: u16, secret: &str, peer: &str, peer_port: u16) -> bool {
    let out = std::process::Command::new("timeout")
        .args(["20", "turnutils_uclient", "-c", "-X", "-n", "2"])
        .args(["-p", &port.to_string(), "-W", secret, "-u", "m:p"])
        .args(["-e", peer, "-r", &peer_port.to_string(), "127.0.0.1"])
        .output()
        .expect("turnutils_uclient (from coturn)");
    let log =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    let through = out.status.success() && log.contains("tot_recv_msgs=2");
    assert!(
        through || log.contains("403"),
        "neither relayed nor refused: {log}"
    );
    through
}

#[test]
fn the_production_coturn_configuration_refuses_loopback_and_private_peers() {
    let production = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../infra/coturn/production.conf"
    );
    let secret = "a secret only this test knows";
    let port = free_udp_port();
    let _turn = coturn(production, port, secret);
    let peer_port = free_udp_port();
    let mut peer = std::process::Command::new("turnutils_peer")
        .args(["-L", "127.0.0.1", "-p", &peer_port.to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("turnutils_peer (from coturn)");
    std::thread::sleep(Duration::from_millis(300));
    for denied in [
        "127.0.0.1",
        "10.1.2.3",
        "192.168.1.1",
        "172.16.0.9",
        "169.254.1.1",
    ] {
        assert!(
            !relays_to(port, secret, denied, peer_port),
            "the production configuration relayed to {denied}"
        );
    }
    // The test configuration (infra/services.sh) relays to loopback: the
    // same client, peer and check tell a relay that works.
    let test_url = std::env::var("PLENARY_TEST_TURN_URL").expect("PLENARY_TEST_TURN_URL");
    let test_port: u16 = test_url
        .trim_start_matches("turn:127.0.0.1:")
        .split('?')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("the test coturn's port");
    let test_secret = std::env::var("PLENARY_TEST_TURN_SECRET").expect("PLENARY_TEST_TURN_SECRET");
    assert!(relays_to(test_port, &test_secret, "127.0.0.1", peer_port));
    let _ = peer.kill();
    let _ = peer.wait();
}

async fn media_join(live: &mut Live, id: u64) {
    live.send_raw(&json!({"type": "media_join", "id": id}).to_string())
        .await;
    loop {
        match live.recv().await {
            ServerMessage::MediaJoined { id: i, .. } if i == id => return,
            ServerMessage::Error {
                id: Some(i), code, ..
            } if i == id => panic!("media_join: {code:?}"),
            _ => {}
        }
    }
}

/// Sends a media request on a plain websocket and returns the error code it got.
async fn refused(live: &mut Live, message: serde_json::Value) -> SignalError {
    let shown = message.to_string();
    answered(live, message)
        .await
        .expect_err(&format!("{shown} was accepted"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_media_input_gets_errors_or_silence_and_others_are_unaffected() {
    if std::env::var("PLENARY_TEST_LOG").is_ok() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter("plenary_signaling=trace,webrtc=off,rtc=off")
            .with_test_writer()
            .try_init();
    }
    let hub = Hub::start(Backend::Sqlite).await;
    let (chair_client, id) = hub.chaired_meeting("public", &[]).await;
    let chair = Bot::join(&hub, &chair_client, &id).await;
    // Informal: everyone's microphone is heard.
    chair
        .act(json!({"command": "set_formal", "formal": false}))
        .await
        .expect("informal");
    let a = delegate_bot(&hub, &id).await;
    chair.publish(&[MIC, CAM]).await.expect("publish");
    a.publish(&[MIC]).await.expect("publish");
    assert!(
        a.until(Duration::from_secs(15), |a| a
            .received_from(chair.me, CAM)
            .packets
            > 20)
            .await
    );

    // Bad requests, in a meeting of its own so no offer of the server's is pending.
    let (other_chair, other) = hub.chaired_meeting("public", &[]).await;
    let mut raw = Live::join(&hub.url, &other_chair, &other).await;
    // Media requests before joining the media room.
    assert_eq!(
        refused(
            &mut raw,
            json!({"type": "media_answer", "id": 1, "sdp": "v=0"})
        )
        .await,
        SignalError::NotInMedia
    );
    media_join(&mut raw, 2).await;
    // Malformed SDP, absurd candidates, too many or doubled tracks, unknown fields.
    for (n, message, code) in [
        (
            3,
            json!({"type": "media_offer", "id": 3, "sdp": "v=0\r\nthis is not SDP", "tracks": []}),
            SignalError::BadSdp,
        ),
        (
            4,
            json!({"type": "media_offer", "id": 4, "sdp": "", "tracks": []}),
            SignalError::BadSdp,
        ),
        (
            5,
            json!({"type": "media_candidate", "id": 5, "candidate": {"candidate": "candidate:1 1 UDP 99999999999 999.1.1.1 99999 typ host", "sdpMid": "0", "sdpMLineIndex": 0}}),
            SignalError::BadSdp,
        ),
        (
            6,
            json!({"type": "media_candidate", "id": 6, "candidate": {"candidate": "x".repeat(5000), "sdpMid": "0"}}),
            SignalError::BadSdp,
        ),
        (
            7,
            json!({"type": "media_offer", "id": 7, "sdp": "v=0", "tracks": [
            {"track_id": "a", "source": "camera"}, {"track_id": "b", "source": "camera"}]}),
            SignalError::BadValue,
        ),
        (
            8,
            json!({"type": "media_offer", "id": 8, "sdp": "v=0", "tracks": [
            {"track_id": "a", "source": "camera"}, {"track_id": "b", "source": "screen"},
            {"track_id": "c", "source": "microphone"}, {"track_id": "d", "source": "microphone"}]}),
            SignalError::BadValue,
        ),
        (
            9,
            json!({"type": "media_offer", "id": 9, "sdp": "v=0", "tracks": [{"track_id": "", "source": "camera"}]}),
            SignalError::BadValue,
        ),
        (
            10,
            json!({"type": "media_offer", "id": 10, "sdp": "v=0", "tracks": [], "extra": 1}),
            SignalError::BadMessage,
        ),
        (
            11,
            json!({"type": "media_answer", "id": 11, "sdp": "v=0"}),
            SignalError::InvalidTransition,
        ),
    ] {
        assert_eq!(
            refused(&mut raw, message.clone()).await,
            code,
            "case {n}: {message}"
        );
    }
    raw.state().await;
    raw.close().await;

    // A client in the busy meeting that never answers the server's offer.
    let client = hub.delegate().await;
    let mut raw = Live::join(&hub.url, &client, &id).await;
    media_join(&mut raw, 1).await;
    // A garbage answer is refused and the offer stays unanswered.
    assert_eq!(
        refused(
            &mut raw,
            json!({"type": "media_answer", "id": 2, "sdp": "v=0\r\nnot an answer"})
        )
        .await,
        SignalError::BadSdp
    );

    // Garbage datagrams at every media port the server announced.
    let garbage = tokio::net::UdpSocket::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let ports: Vec<String> = a
        .server_candidates
        .lock()
        .expect("lock")
        .iter()
        .filter_map(|c| {
            let parts: Vec<&str> = c.split_whitespace().collect();
            Some(format!("{}:{}", parts.get(4)?, parts.get(5)?))
        })
        .collect();
    assert!(!ports.is_empty(), "the server announced its candidates");
    let before = a.received_from(chair.me, CAM).packets;
    for i in 0..2000u32 {
        let size = 1 + (i as usize * 37) % 1400;
        let datagram: Vec<u8> = (0..size).map(|j| (i as usize * 31 + j * 7) as u8).collect();
        for port in &ports {
            let _ = garbage.send_to(&datagram, port).await;
        }
        if i % 100 == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    // A client that never answers the server's offer is closed after the
    // answer timeout; the others notice nothing.
    let closed = loop {
        match raw.try_recv(Duration::from_secs(20)).await {
            Some(ServerMessage::MediaClosed { code, .. }) => break code,
            Some(_) => {}
            None => panic!("the silent client's media was not closed"),
        }
    };
    assert_eq!(closed, SignalError::MediaTimeout);
    assert!(a.received_from(chair.me, CAM).packets > before + 100);
    assert_whole(&a, &chair, CAM);
    assert_whole(&a, &chair, MIC);
    assert_whole(&chair, &a, MIC);
    // The signaling connection of the silent client is still there.
    raw.state().await;
    chair.close().await;
    a.close().await;
}

async fn delegate_bot(hub: &Hub, meeting: &str) -> Bot {
    Bot::join(hub, &hub.delegate().await, meeting).await
}

/// Everyone receives at least 99% of everyone else's packets, in order.
fn assert_whole(receiver: &Bot, from: &Bot, source: MediaSource) {
    let r = receiver.received_from(from.me, source);
    assert!(
        r.packets > 0,
        "{:?} received nothing of {:?}'s {source:?}",
        receiver.me,
        from.me
    );
    let share = r.packets as f64 / r.expected() as f64;
    let in_order = 1.0 - r.out_of_order as f64 / r.packets as f64;
    assert!(
        share >= 0.99 && in_order >= 0.99,
        "{:?} from {:?} {source:?}: {} of {} packets ({share:.3}), {in_order:.3} in order",
        receiver.me,
        from.me,
        r.packets,
        r.expected()
    );
}

async fn media_flows_between_everyone_and_the_chairs_mute_is_enforced(b: Backend) {
    if std::env::var("PLENARY_TEST_LOG").is_ok() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter("plenary_signaling=trace,webrtc=warn,rtc=warn")
            .with_test_writer()
            .try_init();
    }
    let hub = Hub::start(b).await;
    let (chair_client, id) = hub.chaired_meeting("public", &[]).await;
    let chair = Bot::join(&hub, &chair_client, &id).await;
    chair.act(json!({"command": "open"})).await.expect("open");
    // Informal, with no more microphones than it forwards: all are heard.
    chair
        .act(json!({"command": "set_formal", "formal": false}))
        .await
        .expect("informal");
    let a = delegate_bot(&hub, &id).await;
    let c = delegate_bot(&hub, &id).await;
    for p in [&chair, &a, &c] {
        p.publish(&[MIC, CAM]).await.expect("publish");
    }
    let bots = [&chair, &a, &c];
    // Every track reaches everyone else.
    for r in bots {
        let others: Vec<ParticipantId> = bots.iter().map(|b| b.me).filter(|m| *m != r.me).collect();
        let all = r
            .until(Duration::from_secs(15), |r| {
                others.iter().all(|o| {
                    r.received_from(*o, MIC).packets > 20 && r.received_from(*o, CAM).packets > 20
                })
            })
            .await;
        assert!(
            all,
            "{:?} did not receive everyone: {:?}",
            r.me,
            r.received
                .lock()
                .map(|m| m.keys().copied().collect::<Vec<_>>())
        );
        let tracks = r.tracks.lock().expect("lock").clone();
        assert_eq!(tracks.len(), 4, "each of two others' microphone and camera");
        assert!(tracks.iter().all(|t| others.contains(&t.owner)));
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    // Everyone speaks (RFC 6464 levels in the audio): an active speaker is named to all.
    for r in bots {
        let speaker = r.heard.lock().expect("lock").iter().find_map(|m| match m {
            ServerMessage::ActiveSpeaker {
                participant: Some(p),
            } => Some(*p),
            _ => None,
        });
        assert!(
            speaker.is_some_and(|s| bots.iter().any(|b| b.me == s)),
            "{:?} was told of an active speaker",
            r.me
        );
    }
    for r in bots {
        for from in bots.iter().filter(|f| f.me != r.me) {
            assert_whole(r, from, MIC);
            assert_whole(r, from, CAM);
        }
    }

    // The chair mutes A: A's microphone stops reaching the others within
    // 200 ms, whatever A's client does; the camera goes on.
    let muted_at = Instant::now();
    chair
        .act(json!({"command": "ask_mute", "participant": a.me}))
        .await
        .expect("mute");
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mic_then = c.received_from(a.me, MIC).packets;
    let cam_then = c.received_from(a.me, CAM).packets;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(
        c.received_from(a.me, MIC).packets,
        mic_then,
        "A's microphone still reached C more than 200 ms after the mute"
    );
    let last = c
        .received_from(a.me, MIC)
        .last_at
        .expect("some audio before");
    assert!(last.saturating_duration_since(muted_at) <= Duration::from_millis(200));
    assert!(
        c.received_from(a.me, CAM).packets > cam_then + 10,
        "the camera goes on"
    );

    // Giving A the floor lifts the mute: the microphone flows again, in
    // order for the receiver (no gap in sequence numbers).
    chair
        .act(json!({"command": "give_floor", "participant": a.me}))
        .await
        .expect("floor");
    let resumed = c
        .until(Duration::from_secs(5), |c| {
            c.received_from(a.me, MIC).packets > mic_then + 20
        })
        .await;
    assert!(resumed, "A's microphone resumed after the floor was given");
    assert_whole(&c, &a, MIC);

    // A leaves: its tracks go from everyone and nothing more arrives.
    let a_id = a.me;
    a.close().await;
    for r in [&chair, &c] {
        let gone = r
            .until(Duration::from_secs(10), |r| {
                r.tracks
                    .lock()
                    .expect("lock")
                    .iter()
                    .all(|t| t.owner != a_id)
            })
            .await;
        assert!(
            gone,
            "A's tracks were removed from {:?}'s connection: failures {:?}, heard {:?}",
            r.me,
            r.failures.lock().expect("lock"),
            errors(r)
        );
        assert_eq!(r.tracks.lock().expect("lock").len(), 2);
    }
    let stopped = c.received_from(a_id, CAM).packets;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(c.received_from(a_id, CAM).packets, stopped);
    chair.close().await;
    c.close().await;
}

fn errors(bot: &Bot) -> Vec<SignalError> {
    bot.heard
        .lock()
        .expect("lock")
        .iter()
        .filter_map(|m| match m {
            ServerMessage::Error { code, .. } => Some(*code),
            _ => None,
        })
        .collect()
}

/// Sends a media request on a plain websocket: `Ok` when it was accepted
/// (acknowledged, joined or answered), else the error code.
async fn answered(live: &mut Live, message: serde_json::Value) -> Result<(), SignalError> {
    let id = message["id"].as_u64().expect("id");
    live.send_raw(&message.to_string()).await;
    loop {
        match live.recv().await {
            ServerMessage::Error {
                id: Some(i), code, ..
            } if i == id => return Err(code),
            ServerMessage::MediaAnswer { id: i, .. }
            | ServerMessage::MediaJoined { id: i, .. }
            | ServerMessage::Ack { id: i }
                if i == id =>
            {
                return Ok(())
            }
            _ => {}
        }
    }
}

fn candidate(id: u64, address: &str) -> serde_json::Value {
    json!({"type": "media_candidate", "id": id, "candidate": {
        "candidate": format!("candidate:1 1 udp 2130706431 {address} 6379 typ host"),
        "sdpMid": "0", "sdpMLineIndex": 0}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn candidates_naming_inside_addresses_are_refused_where_the_node_is_public() {
    // A node that serves the public: a client may not have it probe its own
    // network or loopback.
    let hub = Hub::start_with(
        Backend::Sqlite,
        &[("PLENARY_MEDIA_PEER_ADDRESSES", "public")],
    )
    .await;
    let (chair, id) = hub.chaired_meeting("public", &[]).await;
    let mut raw = Live::join(&hub.url, &chair, &id).await;
    media_join(&mut raw, 1).await;
    for (n, address) in [
        (2, "127.0.0.1"),
        (3, "10.0.0.5"),
        (4, "169.254.169.254"),
        (5, "::1"),
    ] {
        assert_eq!(
            answered(&mut raw, candidate(n, address)).await,
            Err(SignalError::BadSdp),
            "{address}"
        );
    }
    assert_eq!(
        answered(&mut raw, candidate(6, "198.51.100.7")).await,
        Ok(())
    );

    // A node on loopback (one machine, as here) takes loopback candidates.
    let local = Hub::start(Backend::Sqlite).await;
    let (chair, id) = local.chaired_meeting("public", &[]).await;
    let mut raw = Live::join(&local.url, &chair, &id).await;
    media_join(&mut raw, 1).await;
    assert_eq!(answered(&mut raw, candidate(2, "127.0.0.1")).await, Ok(()));
}

/// A publisher whose offer declares none of its tracks: the answer refuses
/// each (the SFU receives nothing on them, so the client stops sending) and
/// nobody gets them. Before, the tracks were accepted and left unread, and
/// their packets piled up in the connection's queue.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tracks_not_declared_are_refused_in_the_answer() {
    let hub = Hub::start(Backend::Sqlite).await;
    let (chair_client, id) = hub.chaired_meeting("public", &[]).await;
    let chair = Bot::join(&hub, &chair_client, &id).await;
    let a = delegate_bot(&hub, &id).await;
    chair.publish(&[MIC]).await.expect("publish");
    a.publish_undeclared(&[MIC, CAM])
        .await
        .expect("the offer is answered");
    let answer = a
        .answers
        .lock()
        .expect("lock")
        .last()
        .cloned()
        .expect("an answer");
    let lines: Vec<&str> = answer.split("\nm=").skip(1).collect();
    assert_eq!(lines.len(), 2, "{answer}");
    for line in lines {
        assert!(
            line.lines()
                .any(|l| matches!(l.trim(), "a=inactive" | "a=sendonly")),
            "the SFU takes up an undeclared track: {line}"
        );
    }
    // The declared side still works: the chair's microphone reaches the delegate.
    assert!(
        a.until(Duration::from_secs(15), |a| a
            .received_from(chair.me, MIC)
            .packets
            > 10)
            .await,
        "the delegate hears the chair"
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    for source in [MIC, CAM] {
        assert_eq!(chair.received_from(a.me, source).packets, 0);
    }
}

/// When packets from `from` reached `bot`'s channel since `after`.
fn channel_arrivals(bot: &Bot, from: ParticipantId, after: Instant) -> Vec<Instant> {
    bot.channel
        .lock()
        .expect("lock")
        .iter()
        .filter(|(at, sender)| *sender == from && *at >= after)
        .map(|(at, _)| *at)
        .collect()
}

/// Waits for `from`'s first packet on `bot`'s channel since `after`: how
/// long after `after` it came.
async fn first_on_channel(bot: &Bot, from: ParticipantId, after: Instant) -> Duration {
    let came = bot
        .until(Duration::from_secs(5), |b| {
            !channel_arrivals(b, from, after).is_empty()
        })
        .await;
    assert!(came, "{:?}'s channel never carried {from:?}", bot.me);
    channel_arrivals(bot, from, after)[0] - after
}

/// `listener` switches to `channel`, whose interpreter on air is `on_air`:
/// their packets arrive on the channel within 300 ms.
async fn switch(listener: &Bot, channel: &str, on_air: ParticipantId) {
    let asked = Instant::now();
    listener
        .act(json!({"command": "listen_to", "channel": channel}))
        .await
        .expect("listen");
    let switched = first_on_channel(listener, on_air, asked).await;
    assert!(
        switched < Duration::from_millis(300),
        "{channel} in {switched:?}"
    );
}

/// Packets of the floor's microphone `bot` receives over `window`.
async fn floor_heard(bot: &Bot, speaker: ParticipantId, window: Duration) -> u64 {
    let before = bot.received_from(speaker, MIC).packets;
    tokio::time::sleep(window).await;
    bot.received_from(speaker, MIC).packets - before
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
/// A viewer from a link (no account, no seat) receives the stage's one
/// camera (the chair's, then the floor's once given), the floor's sound or
/// the booth it chooses on its channel, and nothing it could send is taken.
async fn a_viewer_from_a_link_sees_the_floor_and_hears_the_booth_it_chooses() {
    let hub = Hub::start(Backend::Postgres).await;
    let manager = hub.user("conference_manager", None).await;
    let body = plenary_tests::Scheduler(&manager)
        .body("Third Committee")
        .await;
    let (amelie, amelie_c) = hub.interpreter("Amélie Dubois", &["fr"]).await;
    let (bruno, _) = hub.interpreter("Bruno Marchand", &["fr"]).await;
    let r = manager
        .post(
            "/api/v1/meetings",
            json!({"title": "Webcast", "body_id": body, "starts_local": "2030-10-03T10:00",
                   "ends_local": "2030-10-03T13:00", "time_zone": "UTC",
                   "interpreters": {"fr": [amelie, bruno]}}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let m = r.json()["id"].as_str().expect("id").to_string();
    let secretariat = hub.user("secretariat", None).await;
    let desk = Bot::join(&hub, &secretariat, &m).await;
    desk.act(json!({"command": "open"})).await.expect("open");
    let speaker = Bot::join(&hub, &hub.delegate().await, &m).await;
    let interpreter = Bot::join(&hub, &amelie_c, &m).await;
    desk.publish(&[MIC, CAM]).await.expect("publish");
    speaker.publish(&[MIC, CAM]).await.expect("publish");
    interpreter.publish(&[MIC]).await.expect("publish");

    let link = secretariat
        .post(&format!("/api/v1/meetings/{m}/viewer-links"), json!({}))
        .await;
    assert_eq!(link.status, 201, "{}", link.text);
    let token = link.json()["token"].as_str().expect("token").to_string();
    let live = Live::open(
        &hub.url,
        &format!("/api/v1/meetings/{m}/live?v=1&watch={token}"),
        &[("origin".to_string(), hub.url.clone())],
    )
    .await
    .unwrap_or_else(|r| panic!("viewer refused: {} {}", r.status, r.body));
    let viewer = Bot::start(live, BotOptions::default()).await;
    assert!(viewer.me.is_viewer());
    let wait = Duration::from_secs(15);
    let everyone = [&desk, &speaker, &interpreter];
    // The stage's camera alone (the one who presides), and who presides heard.
    assert!(
        viewer
            .until(wait, |v| receives_now(v, &everyone, CAM) == vec![desk.me]
                && hears_now(v, &everyone) == vec![desk.me])
            .await,
        "cameras {:?}, sound {:?}",
        receives_now(&viewer, &everyone, CAM),
        hears_now(&viewer, &everyone)
    );
    assert_eq!(viewer.shown(), Some(vec![desk.me]));
    // The floor to the speaker: its camera replaces the chair's, its sound is heard.
    desk.act(json!({"command": "give_floor", "participant": speaker.me}))
        .await
        .expect("floor");
    assert!(
        viewer
            .until(wait, |v| receives_now(v, &everyone, CAM)
                == vec![speaker.me]
                && hears_now(v, &everyone) == vec![desk.me, speaker.me])
            .await,
        "cameras {:?}, sound {:?}",
        receives_now(&viewer, &everyone, CAM),
        hears_now(&viewer, &everyone)
    );
    // French: the interpreter on the viewer's channel, the floor withheld.
    interpreter
        .act(json!({"command": "on_air", "on": true}))
        .await
        .expect("on air");
    viewer.listen(Some("fr")).await.expect("French");
    let chose = Instant::now();
    first_on_channel(&viewer, interpreter.me, chose).await;
    assert!(
        viewer
            .until(wait, |v| hears_now(v, &everyone).is_empty())
            .await,
        "the floor is withheld on the French channel: {:?}",
        hears_now(&viewer, &everyone)
    );
    // Back to the floor.
    viewer.listen(None).await.expect("the floor");
    assert!(
        viewer
            .until(wait, |v| hears_now(v, &everyone)
                == vec![desk.me, speaker.me])
            .await
    );
    // Nothing a viewer sends is taken: its offer is refused.
    assert_eq!(
        viewer
            .publish(&[MIC])
            .await
            .map_err(|e| e.contains("Viewing")),
        Err(true)
    );
    // The meeting's seats did not grow by the viewer.
    let seats = desk_seats(&hub, &secretariat, &m).await;
    assert!(!seats.iter().any(|p| p.is_viewer()), "{seats:?}");
    for bot in [desk, speaker, interpreter, viewer] {
        bot.close().await;
    }
}

/// The seats of a live meeting, as a new connection is shown them.
async fn desk_seats(hub: &Hub, client: &plenary_tests::Client, m: &str) -> Vec<ParticipantId> {
    let live = Live::join(&hub.url, client, m).await;
    live.welcome.participants.iter().map(|p| p.id).collect()
}

/// Over the SFU: a delegate's channel carries the interpreter on air of the
/// booth they chose, the floor's microphone stops reaching them, switching
/// and handing over move the source on the track they already have (no
/// offer), and the floor speaking French puts the floor on the French
/// channel. Packets carry who sent them.
async fn listeners_hear_the_channel_they_choose_without_renegotiation(b: Backend) {
    let hub = Hub::start(b).await;
    let manager = hub.user("conference_manager", None).await;
    let body = plenary_tests::Scheduler(&manager)
        .body("Second Committee")
        .await;
    let (amelie, amelie_c) = hub.interpreter("Amélie Dubois", &["fr"]).await;
    let (bruno, bruno_c) = hub.interpreter("Bruno Marchand", &["fr"]).await;
    let (carla, carla_c) = hub.interpreter("Carla Ruiz", &["es"]).await;
    let (diego, _) = hub.interpreter("Diego Paz", &["es"]).await;
    let r = manager
        .post(
            "/api/v1/meetings",
            json!({"title": "Plenary", "body_id": body, "starts_local": "2030-10-02T10:00",
                   "ends_local": "2030-10-02T13:00", "time_zone": "UTC",
                   "interpreters": {"fr": [amelie, bruno], "es": [carla, diego]}}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let m = r.json()["id"].as_str().expect("id").to_string();
    let desk = Bot::join(&hub, &hub.user("secretariat", None).await, &m).await;
    desk.act(json!({"command": "open"})).await.expect("open");
    let kenya = hub.delegation("KEN").await;
    let ghana = hub.delegation("GHA").await;
    let speaker = Bot::join(&hub, &hub.user("delegate", Some(&kenya)).await, &m).await;
    let listener = Bot::join(&hub, &hub.user("delegate", Some(&ghana)).await, &m).await;
    let a = Bot::join(&hub, &amelie_c, &m).await;
    let b2 = Bot::join(&hub, &bruno_c, &m).await;
    let c = Bot::join(&hub, &carla_c, &m).await;
    for bot in [&speaker, &a, &b2, &c] {
        bot.publish(&[MIC]).await.expect("publish");
    }
    desk.act(json!({"command": "give_floor", "participant": speaker.me}))
        .await
        .expect("floor");
    let wait = Duration::from_secs(15);
    assert!(
        listener
            .until(wait, |l| l.received_from(speaker.me, MIC).packets > 20)
            .await
    );
    assert!(
        a.until(wait, |x| x.received_from(speaker.me, MIC).packets > 20)
            .await,
        "the booth hears the floor"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    for bot in [&listener, &speaker, &desk, &a] {
        for interpreter in [&b2, &c] {
            assert_eq!(
                bot.received_from(interpreter.me, MIC).packets,
                0,
                "an interpreter is heard through the channels only"
            );
        }
    }
    let tracks = listener.tracks.lock().expect("lock").clone();
    assert!(
        tracks
            .iter()
            .any(|t| t.owner == listener.me && t.source == MediaSource::Interpretation),
        "the listener has its channel track: {tracks:?}"
    );
    let offers = *listener.offers.lock().expect("lock");

    // French, Amélie on air: her packets on the channel, the floor silent.
    a.act(json!({"command": "on_air", "on": true}))
        .await
        .expect("on air");
    switch(&listener, "fr", a.me).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        floor_heard(&listener, speaker.me, Duration::from_millis(400)).await,
        0,
        "the floor is not heard under French"
    );

    // Spanish: Carla's packets within 300 ms, Amélie's stop.
    c.act(json!({"command": "on_air", "on": true}))
        .await
        .expect("on air");
    switch(&listener, "es", c.me).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let settled = Instant::now();
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(channel_arrivals(&listener, a.me, settled).is_empty());
    assert!(channel_arrivals(&listener, c.me, settled).len() >= 10);

    // Spanish takes relay from French: Carla hears Amélie, not the floor.
    c.act(json!({"command": "relay", "from": "fr"}))
        .await
        .expect("relay");
    first_on_channel(&c, a.me, Instant::now()).await;

    // Handover in the French booth: the channel moves from Amélie to Bruno
    // with no gap over 200 ms.
    let asked = Instant::now();
    listener
        .act(json!({"command": "listen_to", "channel": "fr"}))
        .await
        .expect("French again");
    first_on_channel(&listener, a.me, asked).await;
    a.act(json!({"command": "ask_handover", "to": b2.me.0}))
        .await
        .expect("ask");
    let asked = Instant::now();
    b2.act(json!({"command": "accept_handover"}))
        .await
        .expect("accept");
    let came = first_on_channel(&listener, b2.me, asked).await;
    let first_bruno = asked + came;
    let last_amelie = channel_arrivals(&listener, a.me, asked - Duration::from_secs(1))
        .into_iter()
        .filter(|at| *at <= first_bruno)
        .max()
        .expect("Amélie before");
    let gap = first_bruno - last_amelie;
    assert!(gap <= Duration::from_millis(200), "handover gap {gap:?}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        channel_arrivals(&listener, a.me, first_bruno + Duration::from_millis(100)).is_empty(),
        "Amélie is off the channel"
    );
    // One stream on the track: its sequence numbers ran on across every change.
    let whole = listener.received_from(listener.me, MediaSource::Interpretation);
    assert!(
        whole.out_of_order <= 3,
        "{} of {} channel packets out of sequence",
        whole.out_of_order,
        whole.packets
    );

    // A newcomer who chose French before joining the media hears French as
    // soon as its connection's first negotiation is through.
    let mut seat = Live::join(&hub.url, &hub.user("delegate", Some(&ghana)).await, &m).await;
    seat.ok(json!({"command": "listen_to", "channel": "fr"}))
        .await;
    let late = Bot::start(seat, BotOptions::default()).await;
    first_on_channel(&late, b2.me, Instant::now()).await;
    late.close().await;

    // The floor speaks French: the French channel carries the floor.
    desk.act(json!({"command": "give_floor", "participant": speaker.me.0}))
        .await
        .expect("floor");
    speaker
        .act(json!({"command": "floor_language", "language": "fr"}))
        .await
        .expect("French on the floor");
    assert!(
        listener
            .until(Duration::from_secs(2), |l| {
                channel_arrivals(l, b2.me, Instant::now() - Duration::from_millis(200)).is_empty()
            })
            .await
    );
    assert!(
        floor_heard(&listener, speaker.me, Duration::from_millis(400)).await >= 10,
        "the floor is heard on French"
    );
    assert_eq!(
        *listener.offers.lock().expect("lock"),
        offers,
        "no change of channel or source renegotiated"
    );
    for bot in [desk, speaker, listener, a, b2, c] {
        bot.close().await;
    }
}

/// ffprobe's view of an Ogg file: (codec, duration in seconds, packets, LANGUAGE tag).
fn probe(bytes: &[u8]) -> (String, f64, u64, String) {
    let dir = tempfile::tempdir().expect("temp");
    let file = dir.path().join("recording.ogg");
    std::fs::write(&file, bytes).expect("write");
    let out = std::process::Command::new("ffprobe")
        .args(["-v", "error", "-count_packets", "-of", "json"])
        .args([
            "-show_entries",
            "stream=codec_name,nb_read_packets:stream_tags=LANGUAGE:format=duration",
        ])
        .arg(&file)
        .output()
        .expect("ffprobe runs (infra/setup.sh test installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let stream = &v["streams"][0];
    (
        stream["codec_name"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        v["format"]["duration"]
            .as_str()
            .and_then(|d| d.parse().ok())
            .unwrap_or(0.0),
        stream["nb_read_packets"]
            .as_str()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0),
        stream["tags"]["LANGUAGE"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    )
}

async fn object_bytes(hub: &Hub, key: &str) -> Vec<u8> {
    use futures_util::StreamExt;
    let mut stream = hub.state.objects.read(key, None).await.expect("object");
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        bytes.extend_from_slice(&chunk.expect("chunk"));
    }
    bytes
}

/// While the meeting sits every channel is recorded as its listeners hear
/// it; at adjournment each is an archived Ogg Opus object with its size and
/// SHA-256 in SQL, which ffprobe reads and the archive verifier checks.
async fn every_channel_is_recorded_and_archived_at_adjournment(b: Backend) {
    let hub = Hub::start(b).await;
    let manager = hub.user("conference_manager", None).await;
    let body = plenary_tests::Scheduler(&manager)
        .body("Second Committee")
        .await;
    let (amelie, amelie_c) = hub.interpreter("Amélie Dubois", &["fr"]).await;
    let (bruno, _) = hub.interpreter("Bruno Marchand", &["fr"]).await;
    let (carla, _) = hub.interpreter("Carla Ruiz", &["es"]).await;
    let (diego, _) = hub.interpreter("Diego Paz", &["es"]).await;
    let kenya = hub.delegation("KEN").await;
    let r = manager
        .post(
            "/api/v1/meetings",
            json!({"title": "Recorded plenary", "body_id": body, "starts_local": "2030-10-02T10:00",
                   "ends_local": "2030-10-02T13:00", "time_zone": "UTC",
                   "access": "closed", "invited_delegations": [kenya],
                   "interpreters": {"fr": [amelie, bruno], "es": [carla, diego]}}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let m = r.json()["id"].as_str().expect("id").to_string();
    let desk = Bot::join(&hub, &hub.user("secretariat", None).await, &m).await;
    desk.act(json!({"command": "open"})).await.expect("open");
    // A closed meeting seats its delegates in the lobby: the desk admits.
    let kenyan = hub.user("delegate", Some(&kenya)).await;
    let mut seat = Live::join(&hub.url, &kenyan, &m).await;
    desk.act(json!({"command": "admit", "participant": seat.me.0}))
        .await
        .expect("admit");
    seat.state().await;
    let video = BotOptions {
        video: Some(std::sync::Arc::new(plenary_tests::vp8_frames(2))),
        ..BotOptions::default()
    };
    let speaker = Bot::start(seat, video).await;
    let a = Bot::join(&hub, &amelie_c, &m).await;
    speaker.publish(&[MIC, CAM]).await.expect("publish");
    a.publish(&[MIC]).await.expect("publish");
    desk.act(json!({"command": "give_floor", "participant": speaker.me.0}))
        .await
        .expect("floor");
    let frames_before = speaker.sent(CAM);
    a.act(json!({"command": "on_air", "on": true}))
        .await
        .expect("on air");
    assert!(
        a.until(Duration::from_secs(15), |x| x.sent(MIC) > 150)
            .await
            && speaker
                .until(Duration::from_secs(15), |x| x.sent(CAM)
                    > frames_before + 120)
                .await,
        "three seconds of speech, four of the speaker's camera with the floor"
    );
    desk.act(json!({"command": "adjourn"}))
        .await
        .expect("adjourn");

    let mut rows = Vec::new();
    for _ in 0..100 {
        rows =
            plenary_server::recordings::of_meeting(&hub.state.db, m.parse().expect("meeting id"))
                .await
                .expect("recordings");
        if rows.len() >= 4 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let channels: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r.channel.as_str(), r.format.extension()))
        .collect();
    assert_eq!(
        channels,
        [
            ("floor", "ogg"),
            ("floor", "webm"),
            ("es", "ogg"),
            ("fr", "ogg")
        ],
        "one recording per channel, and the floor's video"
    );
    let floor_video = rows.remove(1);
    assert!(!floor_video.recovered);
    let (codec, width, frames, seconds) =
        probe_video(&object_bytes(&hub, &floor_video.object_key).await);
    assert_eq!((codec.as_str(), width), ("vp8", 320));
    assert_eq!(frames, floor_video.packets, "every frame recorded is read");
    assert!(frames >= 60, "{frames} frames: some seconds of the speaker");
    assert!(
        (seconds * 1000.0 - floor_video.duration_ms as f64).abs() < 100.0,
        "ffprobe {seconds} s, recorded {} ms",
        floor_video.duration_ms
    );
    for r in &rows {
        assert!(!r.recovered);
        assert!(r.packets >= 50, "{}: {} packets", r.channel, r.packets);
        let bytes = object_bytes(&hub, &r.object_key).await;
        assert_eq!(bytes.len() as u64, r.size);
        let (codec, seconds, packets, language) = probe(&bytes);
        assert_eq!(codec, "opus", "{}", r.channel);
        assert_eq!(language, r.channel);
        assert!(
            (seconds * 1000.0 - r.duration_ms as f64).abs() < 200.0,
            "{}: ffprobe {seconds} s, recorded {} ms",
            r.channel,
            r.duration_ms
        );
        assert!(
            packets >= r.packets,
            "{}: {packets} < {}",
            r.channel,
            r.packets
        );
    }
    // The archive verifier covers recordings, and catches an altered one.
    let report = plenary_server::archive::verify(&hub.state.db, &hub.state.objects, |_, _| {})
        .await
        .expect("verify");
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    // (The bucket is shared with other tests' hubs: only this meeting's count.)
    let ours = format!("recordings/{m}/");
    assert!(
        !report.unreferenced.iter().any(|k| k.starts_with(&ours)),
        "{:?}",
        report.unreferenced
    );
    hub.alter_object(&rows[2].object_key, b"OggS not quite")
        .await;
    let report = plenary_server::archive::verify(&hub.state.db, &hub.state.objects, |_, _| {})
        .await
        .expect("verify");
    assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
    assert_eq!(report.findings[0].what, "Recorded plenary (recording, fr)");

    // The meeting's readers list and play them; others find no meeting.
    let listed = kenyan
        .get(&format!("/api/v1/meetings/{m}/recordings"))
        .await;
    assert_eq!(listed.status, 200, "{}", listed.text);
    let floor = listed.json()[0].clone();
    assert_eq!(floor["channel"], "floor");
    let url = floor["url"].as_str().expect("url").to_string();
    let (status, headers, whole) = kenyan.download(&url, &[]).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "audio/ogg");
    assert_eq!(headers["accept-ranges"], "bytes");
    let (_, seconds, _, _) = probe(&whole);
    assert!(seconds > 0.5, "{seconds} s");
    // A browser seeking: a range, sent as asked.
    let (status, headers, part) = kenyan.download(&url, &[("range", "bytes=100-199")]).await;
    assert_eq!(status, 206);
    assert_eq!(part, whole[100..200]);
    assert_eq!(
        headers["content-range"],
        format!("bytes 100-199/{}", whole.len()).as_str()
    );
    let (status, _, _) = kenyan.download(&url, &[("range", "bytes=99999999-")]).await;
    assert_eq!(status, 416);
    let page = kenyan.get(&format!("/meetings/{m}?lang=fr")).await;
    assert!(
        page.text.contains("Enregistrements")
            && page.text.matches("<audio").count() == 3
            && page.text.matches("<video").count() == 1,
        "the meeting's page plays each channel and the floor's video"
    );
    let listed = listed.json();
    assert_eq!(listed[1]["content_type"], "video/webm");
    let (status, headers, _) = kenyan
        .download(
            listed[1]["url"].as_str().expect("url"),
            &[("range", "bytes=0-99")],
        )
        .await;
    assert_eq!(status, 206);
    assert_eq!(headers["content-type"], "video/webm");
    let ghana = hub.delegation("GHA").await;
    let outsider = hub.user("delegate", Some(&ghana)).await;
    for path in [format!("/api/v1/meetings/{m}/recordings"), url.clone()] {
        outsider.get(&path).await.assert_problem(404, "not_found");
    }
    assert!(!outsider
        .get(&format!("/meetings/{m}"))
        .await
        .text
        .contains("<audio"));
    for bot in [desk, speaker, a] {
        bot.close().await;
    }
}

/// ffprobe's view of a video file: (codec, width, frames, duration in seconds).
fn probe_video(bytes: &[u8]) -> (String, u64, u64, f64) {
    let dir = tempfile::tempdir().expect("temp");
    let file = dir.path().join("recording.webm");
    std::fs::write(&file, bytes).expect("write");
    let out = std::process::Command::new("ffprobe")
        .args(["-v", "error", "-count_packets", "-of", "json"])
        .args([
            "-show_entries",
            "stream=codec_name,width,nb_read_packets:format=duration",
        ])
        .arg(&file)
        .output()
        .expect("ffprobe runs (infra/setup.sh test installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let stream = &v["streams"][0];
    (
        stream["codec_name"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        stream["width"].as_u64().unwrap_or(0),
        stream["nb_read_packets"]
            .as_str()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0),
        v["format"]["duration"]
            .as_str()
            .and_then(|d| d.parse().ok())
            .unwrap_or(0.0),
    )
}

/// A node that stops in the middle leaves its spool: the next start cuts
/// each recording at its last whole page and archives it, and it plays.
async fn a_recording_cut_off_by_a_stop_is_recovered_and_plays(b: Backend) {
    use plenary_signaling::recording::{OggOpus, Recordings};
    let hub = Hub::start(b).await;
    let (_, meeting) = hub.chaired_meeting("public", &[]).await;
    let spool = tempfile::tempdir().expect("temp");
    let recordings = plenary_server::recordings::SpoolRecordings::new(
        spool.path().to_path_buf(),
        hub.state.db.clone(),
        hub.state.objects.clone(),
    )
    .expect("spool");
    let mut writer = recordings
        .start(
            meeting.parse().expect("id"),
            "fr",
            plenary_signaling::recording::Format::OggOpus,
            plenary_protocol::signal::Millis(1_790_000_000_000),
        )
        .expect("start");
    let (mut stream, headers) = OggOpus::new(1, &[("LANGUAGE", "fr")]);
    writer.write(&headers).expect("write");
    for i in 0..260u64 {
        let pages = stream.push(i * 20, &[0xFC, 0xFF, 0xFE]).expect("opus");
        writer.write(&pages).expect("write");
    }
    // The stop: half of a page more, and no finish.
    let tail = stream.finish();
    writer.write(&tail[..tail.len() / 2]).expect("write");
    drop(writer);

    let recovered = plenary_server::recordings::recover(&recordings).await;
    assert_eq!(recovered.len(), 1);
    let r = &recovered[0];
    assert!(r.recovered);
    assert_eq!(r.packets, 250, "five whole pages of fifty");
    assert_eq!(r.duration_ms, 250 * 20 - 80, "less the pre-skip");
    let (codec, seconds, packets, language) = probe(&object_bytes(&hub, &r.object_key).await);
    assert_eq!((codec.as_str(), language.as_str()), ("opus", "fr"));
    assert_eq!(packets, 250);
    assert!((seconds - 5.0).abs() < 0.1, "{seconds} s");
    assert_eq!(
        std::fs::read_dir(spool.path()).expect("dir").count(),
        0,
        "the spool is emptied"
    );
    let report = plenary_server::archive::verify(&hub.state.db, &hub.state.objects, |_, _| {})
        .await
        .expect("verify");
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}

/// A recording longer than two parts goes to the archive in parts while it
/// is made (S3; a local folder takes the whole file at the end), the first
/// part last with its header filled in; one a stop interrupts is given up
/// and the spool's copy archived instead, under a key of its own.
async fn a_long_recording_goes_to_the_archive_in_parts_while_it_is_made(b: Backend) {
    use plenary_server::recordings::PART;
    use plenary_signaling::recording::{Format, OggOpus, Patch, Recordings, Summary};
    use sha2::Digest;
    let s3 = b == Backend::Postgres;
    let hub = Hub::start(b).await;
    let (_, meeting) = hub.chaired_meeting("public", &[]).await;
    let spool = tempfile::tempdir().expect("temp");
    let recordings = plenary_server::recordings::SpoolRecordings::new(
        spool.path().to_path_buf(),
        hub.state.db.clone(),
        hub.state.objects.clone(),
    )
    .expect("spool");
    // Opus packets of 60 kB (an Ogg page each): some 20 MiB in all.
    let big = {
        let mut p = vec![0xFCu8; 60_000];
        p[1] = 0x42;
        p
    };
    let notes = |dir: &std::path::Path| -> Vec<String> {
        std::fs::read_dir(dir)
            .expect("dir")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".upload"))
            .map(|e| std::fs::read_to_string(e.path()).expect("note"))
            .collect()
    };
    let write_long = |writer: &mut Box<dyn plenary_signaling::recording::RecordingWriter>| {
        let (mut stream, headers) = OggOpus::new(1, &[("LANGUAGE", "es")]);
        let mut bytes = headers.clone();
        writer.write(&headers).expect("write");
        for i in 0..350u64 {
            let pages = stream.push(i * 20, &big).expect("opus");
            writer.write(&pages).expect("write");
            bytes.extend(pages);
        }
        (stream, bytes)
    };
    let id = meeting.parse().expect("id");
    let started = plenary_protocol::signal::Millis(1_790_000_000_000);
    let mut writer = recordings
        .start(id, "es", Format::OggOpus, started)
        .expect("start");
    let (stream, mut bytes) = write_long(&mut writer);
    assert!(bytes.len() as u64 > 2 * PART);
    // While the recording is still being made, its parts go up.
    let mut sent = Vec::new();
    for _ in 0..200 {
        sent = notes(spool.path());
        if !s3 || sent.first().is_some_and(|n| n.lines().count() >= 2) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    if s3 {
        assert_eq!(sent.len(), 1, "one upload in progress");
        assert_eq!(
            sent[0].lines().nth(1),
            Some("1"),
            "the second part went first"
        );
    } else {
        assert!(sent.is_empty(), "a local folder takes no parts");
    }
    let summary = Summary {
        ended: plenary_protocol::signal::Millis(started.0 + 7_000),
        duration_ms: stream.duration_ms(),
        packets: stream.packets(),
    };
    let last = stream.finish();
    writer.write(&last).expect("write");
    bytes.extend(&last);
    // A header filled in at the end reaches the archive: the first part goes last.
    let patch = Patch {
        at: 100,
        bytes: b"patched".to_vec(),
    };
    bytes[100..107].copy_from_slice(&patch.bytes);
    writer.finish(summary, vec![patch]).await.expect("archived");
    let rows = plenary_server::recordings::of_meeting(&hub.state.db, id)
        .await
        .expect("rows");
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(r.size, bytes.len() as u64);
    let sha256: String = sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(r.sha256, sha256);
    assert!(
        object_bytes(&hub, &r.object_key).await == bytes,
        "the archived object is the recording"
    );
    assert_eq!(
        std::fs::read_dir(spool.path()).expect("dir").count(),
        0,
        "the spool is emptied"
    );

    // A stop while the parts go up: the upload is given up at the next
    // start and the spool's copy archived, recovered, under its own key.
    let mut writer = recordings
        .start(id, "fr", Format::OggOpus, started)
        .expect("start");
    let (_, bytes) = write_long(&mut writer);
    for _ in 0..200 {
        if !s3
            || notes(spool.path())
                .first()
                .is_some_and(|n| n.lines().count() >= 2)
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    drop(writer);
    let recovered = plenary_server::recordings::recover(&recordings).await;
    assert_eq!(recovered.len(), 1);
    let r = &recovered[0];
    assert!(
        r.recovered && r.object_key.ends_with("-fr.recovered.ogg"),
        "{}",
        r.object_key
    );
    let archived = object_bytes(&hub, &r.object_key).await;
    assert!(archived.len() <= bytes.len() && archived[..] == bytes[..archived.len()]);
    assert!(notes(spool.path()).is_empty(), "the upload's note is gone");
    let report = plenary_server::archive::verify(&hub.state.db, &hub.state.objects, |_, _| {})
        .await
        .expect("verify");
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}

/// A node killed with SIGKILL in the middle of a sitting: at its next
/// start it finds the floor's audio and video in its spool, finishes and
/// archives them, and both play.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_killed_mid_sitting_leaves_recordings_that_play() {
    let hub = Hub::start(Backend::Postgres).await;
    let mut node = hub.node_process().await;
    let (chair_client, m) = hub.chaired_meeting("public", &[]).await;
    let video = BotOptions {
        video: Some(std::sync::Arc::new(plenary_tests::vp8_frames(2))),
        ..BotOptions::default()
    };
    let chair = Bot::start(Live::join(&node.url, &chair_client, &m).await, video).await;
    chair.act(json!({"command": "open"})).await.expect("open");
    chair.publish(&[MIC, CAM]).await.expect("publish");
    assert!(
        chair
            .until(Duration::from_secs(20), |x| x.sent(MIC) > 250
                && x.sent(CAM) > 150)
            .await,
        "five seconds of the chair"
    );
    let spooled = |node: &plenary_tests::NodeProcess| -> usize {
        std::fs::read_dir(node.data().join("recordings"))
            .map(|d| {
                d.flatten()
                    .filter(|e| e.metadata().is_ok_and(|m| m.len() > 4096))
                    .count()
            })
            .unwrap_or(0)
    };
    assert_eq!(
        spooled(&node),
        2,
        "the floor's audio and video are being spooled"
    );
    node.kill();
    chair.close().await;
    let id = m.parse().expect("id");
    assert!(
        plenary_server::recordings::of_meeting(&hub.state.db, id)
            .await
            .expect("rows")
            .is_empty(),
        "nothing archived yet"
    );
    node.start().await;
    let rows = plenary_server::recordings::of_meeting(&hub.state.db, id)
        .await
        .expect("rows");
    let kinds: Vec<(&str, &str, bool)> = rows
        .iter()
        .map(|r| (r.channel.as_str(), r.format.extension(), r.recovered))
        .collect();
    assert_eq!(kinds, [("floor", "ogg", true), ("floor", "webm", true)]);
    let (codec, seconds, packets, _) = probe(&object_bytes(&hub, &rows[0].object_key).await);
    assert_eq!(codec, "opus");
    assert_eq!(packets, rows[0].packets);
    assert!(seconds > 3.0, "{seconds} s of audio");
    let (codec, _, frames, seconds) = probe_video(&object_bytes(&hub, &rows[1].object_key).await);
    assert_eq!((codec.as_str(), frames), ("vp8", rows[1].packets));
    assert!(seconds > 3.0, "{seconds} s of video");
    assert_eq!(spooled(&node), 0, "the spool is emptied");
}
