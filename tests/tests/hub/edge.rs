//! The HTTP edge against clients that are slow, silent or many, over raw TCP
//! (an HTTP client library would never send a request this badly).

use plenary_tests::{Backend, Hub};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

plenary_tests::on_both_backends!(
    a_client_trickling_a_header_byte_a_second_is_cut_off,
    a_connection_that_says_nothing_is_closed,
    a_body_trickled_past_the_request_timeout_gets_408,
    past_the_connection_cap_newcomers_wait_for_a_free_slot,
);

async fn connect(hub: &Hub) -> TcpStream {
    TcpStream::connect(hub.url.trim_start_matches("http://"))
        .await
        .expect("connect")
}

/// What the hub sends until it closes the connection, waiting at most `wait`;
/// `None` when it neither sent nor closed in that time.
async fn until_closed(tcp: &mut TcpStream, wait: Duration) -> Option<String> {
    let mut got = Vec::new();
    let read = tokio::time::timeout(wait, tcp.read_to_end(&mut got)).await;
    match read {
        Ok(_) => Some(String::from_utf8_lossy(&got).into_owned()),
        Err(_) => None,
    }
}

async fn a_client_trickling_a_header_byte_a_second_is_cut_off(b: Backend) {
    let hub = Hub::start_with(b, &[("PLENARY_HTTP_HEADER_TIMEOUT_SECS", "2")]).await;
    // About a minute's worth of bytes at one a second.
    let head = format!(
        "GET /healthz HTTP/1.1\r\nHost: hub\r\nX-Slow: {}\r\n\r\n",
        "a".repeat(40)
    );
    let mut tcp = connect(&hub).await;
    let mut sent = 0;
    let mut answer = None;
    for byte in head.bytes() {
        if tcp.write_all(&[byte]).await.is_err() {
            answer = Some(String::new());
            break;
        }
        sent += 1;
        let mut buf = [0u8; 512];
        match tokio::time::timeout(Duration::from_secs(1), tcp.read(&mut buf)).await {
            Err(_) => continue,
            Ok(Ok(n)) => {
                answer = Some(String::from_utf8_lossy(&buf[..n]).into_owned());
                break;
            }
            Ok(Err(_)) => {
                answer = Some(String::new());
                break;
            }
        }
    }
    let answer = answer.unwrap_or_else(|| panic!("the whole head of {sent} bytes was read"));
    assert!(sent < head.len(), "cut off only after the whole head");
    assert!(!answer.contains(" 200 "), "served: {answer}");
    // The hub is no worse for it.
    assert_eq!(hub.anonymous().get("/healthz").await.status, 200);
}

async fn a_connection_that_says_nothing_is_closed(b: Backend) {
    let hub = Hub::start_with(b, &[("PLENARY_HTTP_HEADER_TIMEOUT_SECS", "2")]).await;
    let mut silent = connect(&hub).await;
    let closed = until_closed(&mut silent, Duration::from_secs(30)).await;
    assert!(closed.is_some(), "a silent connection stayed open");
    // A kept-alive connection that goes quiet after a request closes too.
    let mut kept = connect(&hub).await;
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: hub\r\n\r\n")
        .await
        .expect("write");
    let answer = until_closed(&mut kept, Duration::from_secs(30))
        .await
        .expect("the kept-alive connection stayed open");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

async fn a_body_trickled_past_the_request_timeout_gets_408(b: Backend) {
    let hub = Hub::start_with(b, &[("PLENARY_HTTP_REQUEST_TIMEOUT_SECS", "2")]).await;
    let mut tcp = connect(&hub).await;
    let body = br#"{"email":"someone@hub.example.org","password":"a password"}"#;
    let head = format!(
        "POST /api/v1/session HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    tcp.write_all(head.as_bytes()).await.expect("head");
    let mut answer = String::new();
    for byte in body {
        if tcp.write_all(&[*byte]).await.is_err() {
            break;
        }
        let mut buf = [0u8; 2048];
        if let Ok(Ok(n)) =
            tokio::time::timeout(Duration::from_millis(500), tcp.read(&mut buf)).await
        {
            answer = String::from_utf8_lossy(&buf[..n]).into_owned();
            break;
        }
    }
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer:?}");
    assert!(answer.contains("request_timeout"), "{answer}");
}

async fn past_the_connection_cap_newcomers_wait_for_a_free_slot(b: Backend) {
    let hub = Hub::start_with(
        b,
        &[
            ("PLENARY_HTTP_MAX_CONNECTIONS", "2"),
            ("PLENARY_HTTP_HEADER_TIMEOUT_SECS", "60"),
        ],
    )
    .await;
    let first = connect(&hub).await;
    let _second = connect(&hub).await;
    let mut third = connect(&hub).await;
    third
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n")
        .await
        .expect("write");
    assert_eq!(
        until_closed(&mut third, Duration::from_secs(1)).await,
        None,
        "served past the cap"
    );
    drop(first);
    let answer = until_closed(&mut third, Duration::from_secs(30))
        .await
        .expect("never served once a slot was free");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}
