//! The `plenary` binary as operators run it: first start, configuration
//! errors, the user subcommands, SIGTERM, and durability across kill -9.
//! These use the embedded SQLite store, whose durability is Plenary's own
//! configuration (PostgreSQL's is PostgreSQL's).

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_plenary");

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

fn plenary(data: &Path, port: u16) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(data)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("PLENARY_DATA", data)
        .env("PLENARY_ADDR", format!("127.0.0.1:{port}"))
        .env("PLENARY_LOG", "warn");
    cmd
}

fn run(cmd: &mut Command, stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("wait")
}

/// A running server; killed (and reaped) if a test fails before stopping it.
struct Server(Option<Child>);

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Starts the server and waits (with a deadline) until it answers.
async fn serve(data: &Path, port: u16, extra: &[(&str, &str)]) -> Server {
    let mut cmd = plenary(data, port);
    for (k, v) in extra {
        cmd.env(k, v);
    }
    cmd.stdout(Stdio::piped()).stderr(Stdio::inherit());
    ready(&mut cmd, port).await
}

/// Spawns the server `cmd` describes and waits (with a deadline) until it answers.
async fn ready(cmd: &mut Command, port: u16) -> Server {
    let server = Server(Some(cmd.spawn().expect("spawn server")));
    let deadline = Instant::now() + Duration::from_secs(30);
    let url = format!("http://127.0.0.1:{port}/readyz");
    while !reqwest::get(&url).await.is_ok_and(|r| r.status() == 200) {
        assert!(Instant::now() < deadline, "server did not become ready");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    server
}

/// SIGTERM, then the exit status and what the server printed on stdout.
fn stop(mut server: Server) -> (bool, String) {
    let Some(child) = server.0.take() else {
        return (false, String::new());
    };
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let out = child.wait_with_output().expect("wait");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

async fn sign_in(port: u16, email: &str, password: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}/api/v1/session"))
        .header("content-type", "application/json")
        .body(format!(r#"{{"email":"{email}","password":"{password}"}}"#))
        .send()
        .await
        .expect("request")
}

/// Signs in and returns the session cookie and its CSRF token.
async fn session(port: u16, email: &str, password: &str) -> (String, String) {
    let r = sign_in(port, email, password).await;
    let cookie = r
        .headers()
        .get("set-cookie")
        .and_then(|c| c.to_str().ok())
        .and_then(|c| c.split(';').next())
        .expect("cookie")
        .to_string();
    let body: serde_json::Value = r.json().await.expect("session JSON");
    (
        cookie,
        body["csrf_token"].as_str().expect("csrf").to_string(),
    )
}

#[tokio::test]
async fn first_start_prints_generated_admin_credentials_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let (ok, stdout) = stop(serve(dir.path(), port, &[]).await);
    assert!(ok, "graceful exit on SIGTERM");
    let password = stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("password:"))
        .map(|p| p.trim().to_string())
        .unwrap_or_else(|| panic!("credentials printed: {stdout}"));
    assert!(
        dir.path().join("plenary.db").exists(),
        "SQLite under PLENARY_DATA"
    );

    let child = serve(dir.path(), port, &[]).await;
    assert_eq!(
        sign_in(port, "admin@plenary.local", &password)
            .await
            .status(),
        200
    );
    let (ok, stdout) = stop(child);
    assert!(ok);
    assert!(!stdout.contains("password"), "shown only once: {stdout}");
}

#[tokio::test]
async fn first_start_with_admin_variables_creates_that_admin() {
    let dir = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let child = serve(
        dir.path(),
        port,
        &[
            ("PLENARY_ADMIN_EMAIL", "chief@un.example.org"),
            ("PLENARY_ADMIN_PASSWORD", "chief password 2026"),
        ],
    )
    .await;
    assert_eq!(
        sign_in(port, "chief@un.example.org", "chief password 2026")
            .await
            .status(),
        200
    );
    let (ok, stdout) = stop(child);
    assert!(ok);
    assert!(!stdout.contains("password:"), "{stdout}");
}

#[test]
fn a_bad_setting_stops_the_start_naming_the_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run(
        plenary(dir.path(), free_port()).env("PLENARY_SESSION_HOURS", "forever"),
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("PLENARY_SESSION_HOURS") && err.contains("from 1 to 720"),
        "{err}"
    );

    std::fs::write(dir.path().join("plenary.toml"), "adddr = \"127.0.0.1:1\"\n").expect("write");
    let out = run(&mut plenary(dir.path(), free_port()), None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown key `adddr`") && err.contains("addr"),
        "{err}"
    );
}

#[test]
fn operators_add_list_and_reset_users_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let out = run(
        plenary(dir.path(), port).args([
            "user",
            "add",
            "--email",
            "Sec@UN.example.org",
            "--name",
            "Secretariat officer",
            "--role",
            "secretariat",
            "--password-stdin",
        ]),
        Some("the first password\n"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(plenary(dir.path(), port).args(["user", "list"]), None);
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(
        list.contains("sec@un.example.org") && list.contains("secretariat"),
        "{list}"
    );

    let out = run(
        plenary(dir.path(), port).args([
            "user",
            "add",
            "--email",
            "d@un.example.org",
            "--name",
            "D",
            "--role",
            "delegate",
        ]),
        None,
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("a delegate must belong to a delegation"));
    let out = run(
        plenary(dir.path(), port).args([
            "user",
            "add",
            "--email",
            "sec@un.example.org",
            "--name",
            "Again",
            "--role",
            "admin",
        ]),
        None,
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("exists"));

    let out = run(
        plenary(dir.path(), port).args(["user", "reset-password", "--email", "sec@un.example.org"]),
        None,
    );
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let new_password = stdout
        .lines()
        .find_map(|l| l.strip_prefix("password: "))
        .expect("generated password")
        .to_string();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let child = serve(dir.path(), port, &[]).await;
        assert_eq!(
            sign_in(port, "sec@un.example.org", "the first password")
                .await
                .status(),
            401
        );
        assert_eq!(
            sign_in(port, "sec@un.example.org", &new_password)
                .await
                .status(),
            200
        );
        stop(child);
    });
}

/// Signs in as the admin of `CHIEF` and issues A/57/L.12 in English with `bytes`; returns its id.
async fn issue_document(port: u16, bytes: &[u8]) -> String {
    let (cookie, csrf) = session(port, CHIEF.0, CHIEF.1).await;
    let client = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}/api/v1");
    let doc: serde_json::Value = client
        .post(format!("{base}/documents"))
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .header("content-type", "application/json")
        .body(r#"{"symbol":"A/57/L.12","title":"Draft","distribution":"general"}"#)
        .send()
        .await
        .expect("create")
        .json()
        .await
        .expect("document JSON");
    let id = doc["id"].as_str().expect("id").to_string();
    let put = client
        .put(format!("{base}/documents/{id}/files/en?filename=a.pdf"))
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .body(bytes.to_vec())
        .send()
        .await
        .expect("upload");
    assert_eq!(put.status(), 201);
    id
}

const CHIEF: (&str, &str) = ("chief@un.example.org", "chief password 2026");
const CHIEF_ENV: [(&str, &str); 2] = [
    ("PLENARY_ADMIN_EMAIL", CHIEF.0),
    ("PLENARY_ADMIN_PASSWORD", CHIEF.1),
];

#[tokio::test]
async fn search_rebuild_restores_a_lost_index() {
    let dir = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let server = serve(dir.path(), port, &CHIEF_ENV).await;
    issue_document(port, b"Sustainable fisheries in the high seas").await;
    let search = |port: u16| async move {
        let r = reqwest::get(format!("http://127.0.0.1:{port}/api/v1/search?q=fisheries"))
            .await
            .expect("search");
        let body: serde_json::Value = r.json().await.expect("results");
        body["total"].as_u64()
    };
    // The hub indexes within a fraction of a second of the upload.
    let found = |port: u16| async move {
        let deadline = Instant::now() + Duration::from_secs(20);
        while search(port).await != Some(1) {
            assert!(Instant::now() < deadline, "not found in the index");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    found(port).await;
    let busy = run(plenary(dir.path(), port).args(["search", "rebuild"]), None);
    assert_eq!(busy.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&busy.stderr).contains("in use by a running hub"),
        "{}",
        String::from_utf8_lossy(&busy.stderr)
    );
    stop(server);

    // The index is lost (or written by an older version): rebuilt from SQL and the archive.
    std::fs::remove_dir_all(dir.path().join("search")).expect("remove index");
    let out = run(plenary(dir.path(), port).args(["search", "rebuild"]), None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("rebuilt: 1 documents"));
    let server = serve(dir.path(), port, &[]).await;
    assert_eq!(search(port).await, Some(1));
    stop(server);

    // A hub that finds no index builds one by itself at start.
    std::fs::remove_dir_all(dir.path().join("search")).expect("remove index");
    let server = serve(dir.path(), port, &[]).await;
    found(port).await;
    stop(server);
}

#[tokio::test]
async fn archive_verify_exits_non_zero_on_an_altered_object() {
    let dir = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let server = serve(dir.path(), port, &CHIEF_ENV).await;
    let id = issue_document(port, b"%PDF-1.7 original").await;
    stop(server);

    let ok = run(plenary(dir.path(), port).args(["archive", "verify"]), None);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    // Alter the stored file directly in the object folder.
    let folder = dir
        .path()
        .join("objects")
        .join("documents")
        .join(&id)
        .join("en");
    let file = std::fs::read_dir(&folder)
        .expect("object folder")
        .next()
        .expect("one object")
        .expect("entry")
        .path();
    std::fs::write(&file, b"%PDF-1.7 tampered").expect("alter");
    let out = run(plenary(dir.path(), port).args(["archive", "verify"]), None);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("altered") && stdout.contains("A/57/L.12 (en)"),
        "{stdout}"
    );
}

#[tokio::test]
async fn an_acknowledged_write_survives_kill_9() {
    let dir = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let env = [
        ("PLENARY_ADMIN_EMAIL", "chief@un.example.org"),
        ("PLENARY_ADMIN_PASSWORD", "chief password 2026"),
    ];
    let mut server = serve(dir.path(), port, &env).await;
    let (cookie, csrf) = session(port, "chief@un.example.org", "chief password 2026").await;
    let client = reqwest::Client::new();
    let mut created = Vec::new();
    for i in 0..20 {
        let r = client
            .post(format!("http://127.0.0.1:{port}/api/v1/rooms"))
            .header("cookie", &cookie)
            .header("x-csrf-token", &csrf)
            .header("content-type", "application/json")
            .body(format!(r#"{{"name":"Room {i}"}}"#))
            .send()
            .await
            .expect("request");
        assert_eq!(r.status(), 201);
        created.push(format!("Room {i}"));
    }
    // No shutdown, no flush: the process dies at once.
    let mut child = server.0.take().expect("running");
    child.kill().expect("kill -9");
    let _ = child.wait();

    let child = serve(dir.path(), port, &env).await;
    let rooms = reqwest::get(format!("http://127.0.0.1:{port}/api/v1/rooms"))
        .await
        .expect("get")
        .text()
        .await
        .expect("text");
    for name in created {
        assert!(rooms.contains(&name), "{name} survived: {rooms}");
    }
    stop(child);
}

/// A fresh PostgreSQL database for two nodes to share.
async fn shared_database() -> String {
    let admin = std::env::var("PLENARY_TEST_POSTGRES_URL")
        .expect("PLENARY_TEST_POSTGRES_URL is set by infra/test.sh");
    sqlx::any::install_default_drivers();
    let name = format!("p_{}", uuid::Uuid::new_v4().simple());
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin)
        .await
        .expect("PostgreSQL answers");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create database");
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    format!("{base}/{name}")
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Opens a meeting's websocket on `port` and returns it with its welcome.
async fn live(
    port: u16,
    meeting: &str,
    cookie: &str,
    origin: &str,
    resume: Option<&str>,
) -> (Socket, serde_json::Value) {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let mut url = format!("ws://127.0.0.1:{port}/api/v1/meetings/{meeting}/live?v=1");
    if let Some(r) = resume {
        url.push_str(&format!("&resume={r}"));
    }
    let mut request = url.into_client_request().expect("request");
    request
        .headers_mut()
        .insert("cookie", cookie.parse().expect("cookie"));
    request
        .headers_mut()
        .insert("origin", origin.parse().expect("origin"));
    let (mut socket, _) = tokio_tungstenite::connect_async(request)
        .await
        .expect("websocket");
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .expect("welcome in time")
            .expect("open")
            .expect("frame");
        if let tokio_tungstenite::tungstenite::Message::Text(t) = frame {
            let welcome: serde_json::Value = serde_json::from_str(&t).expect("JSON");
            assert_eq!(welcome["type"], "welcome", "{welcome}");
            return (socket, welcome);
        }
    }
}

/// Sends a command and reads until its acknowledgement.
async fn act(socket: &mut Socket, id: u64, command: serde_json::Value) {
    use futures_util::{SinkExt, StreamExt};
    let text = serde_json::json!({"type": "act", "id": id, "command": command}).to_string();
    socket
        .send(tokio_tungstenite::tungstenite::Message::Text(text.into()))
        .await
        .expect("send");
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .expect("answer in time")
            .expect("open")
            .expect("frame");
        if let tokio_tungstenite::tungstenite::Message::Text(t) = frame {
            let m: serde_json::Value = serde_json::from_str(&t).expect("JSON");
            if m["id"] == id {
                assert_eq!(m["type"], "ack", "{m}");
                return;
            }
        }
    }
}

/// Two `plenary` processes share PostgreSQL and Redis; the one serving the
/// delegates is killed with SIGKILL; they reconnect to the other with their
/// resume tokens and keep their seats, their places and the floor.
#[tokio::test]
async fn a_killed_node_s_participants_resume_on_another_node() {
    let database = shared_database().await;
    let redis = std::env::var("PLENARY_TEST_REDIS_URL")
        .expect("PLENARY_TEST_REDIS_URL is set by infra/test.sh");
    let (dir1, dir2) = (
        tempfile::tempdir().expect("tempdir"),
        tempfile::tempdir().expect("tempdir"),
    );
    let (port1, port2) = (free_port(), free_port());
    let origin = format!("http://127.0.0.1:{port1}");
    let shared = [
        ("PLENARY_ADMIN_EMAIL", CHIEF.0),
        ("PLENARY_ADMIN_PASSWORD", CHIEF.1),
        ("PLENARY_DATABASE_URL", database.as_str()),
        ("PLENARY_REDIS_URL", redis.as_str()),
        ("PLENARY_PUBLIC_URL", origin.as_str()),
    ];
    let first = serve(dir1.path(), port1, &shared).await;
    let second = serve(dir2.path(), port2, &shared).await;

    // The admin schedules a public meeting and takes the chair.
    let (cookie, csrf) = session(port1, CHIEF.0, CHIEF.1).await;
    let http = reqwest::Client::new();
    let post = |path: String, body: serde_json::Value| {
        http.post(format!("{origin}{path}"))
            .header("cookie", &cookie)
            .header("x-csrf-token", &csrf)
            .json(&body)
            .send()
    };
    let body: serde_json::Value = post(
        "/api/v1/bodies".into(),
        serde_json::json!({"name": "Sixth Committee", "symbol_prefix": "A/C.6"}),
    )
    .await
    .expect("body")
    .json()
    .await
    .expect("JSON");
    let meeting: serde_json::Value = post(
        "/api/v1/meetings".into(),
        serde_json::json!({"title": "3rd meeting", "body_id": body["id"], "starts_local": "2031-10-01T10:00",
                           "ends_local": "2031-10-01T13:00", "time_zone": "Europe/Vienna"}),
    )
    .await
    .expect("meeting")
    .json()
    .await
    .expect("JSON");
    let id = meeting["id"].as_str().expect("id").to_string();
    let me: serde_json::Value = http
        .get(format!("{origin}/api/v1/session"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("session")
        .json()
        .await
        .expect("JSON");
    let chair = http
        .put(format!("{origin}/api/v1/meetings/{id}/chair"))
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .json(&serde_json::json!({"chair_id": me["user"]["id"]}))
        .send()
        .await
        .expect("chair");
    assert_eq!(chair.status(), 200);

    let (mut chair, _) = live(port1, &id, &cookie, &origin, None).await;
    act(&mut chair, 1, serde_json::json!({"command": "open"})).await;
    // Two more seats (the same account, as two devices) on the second node.
    let (mut a, welcome_a) = live(port2, &id, &cookie, &origin, None).await;
    let (mut b, welcome_b) = live(port2, &id, &cookie, &origin, None).await;
    act(
        &mut a,
        1,
        serde_json::json!({"command": "inscribe", "kind": "statement"}),
    )
    .await;
    act(&mut b, 1, serde_json::json!({"command": "raise_hand"})).await;
    act(
        &mut chair,
        2,
        serde_json::json!({"command": "give_floor", "participant": null}),
    )
    .await;

    let mut second = second;
    if let Some(child) = second.0.as_mut() {
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
    }
    drop((a, b));
    for welcome in [&welcome_a, &welcome_b] {
        let token = welcome["resume_token"].as_str().expect("token");
        let (_, back) = live(port1, &id, &cookie, &origin, Some(token)).await;
        assert_eq!(
            back["you"], welcome["you"],
            "the same seat on the other node"
        );
        let state = &back["state"];
        assert_eq!(
            state["floor"]["participant"], welcome_a["you"],
            "the floor is kept"
        );
        assert_eq!(state["hands"][0], welcome_b["you"], "the hand is kept");
    }
    stop(first);
}

/// A JSON request with the session cookie and CSRF token; the status and body.
async fn call(
    port: u16,
    auth: &(String, String),
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
    idempotency_key: Option<&str>,
) -> Result<(u16, serde_json::Value), reqwest::Error> {
    let mut req = reqwest::Client::new()
        .request(method, format!("http://127.0.0.1:{port}/api/v1{path}"))
        .header("cookie", &auth.0)
        .header("x-csrf-token", &auth.1);
    if let Some(b) = body {
        req = req
            .header("content-type", "application/json")
            .body(b.to_string());
    }
    if let Some(k) = idempotency_key {
        req = req.header("idempotency-key", k);
    }
    let r = req.send().await?;
    let status = r.status().as_u16();
    let text = r.text().await?;
    Ok((status, serde_json::from_str(&text).unwrap_or_default()))
}

#[tokio::test]
async fn a_crash_between_storing_and_recording_a_publication_leaves_no_version() {
    use reqwest::Method;
    let dir = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let mut env = CHIEF_ENV.to_vec();
    env.push(("PLENARY_CRASH_AT", "publish-stored"));
    let mut server = serve(dir.path(), port, &env).await;
    let auth = session(port, CHIEF.0, CHIEF.1).await;
    let ok = |r: Result<(u16, serde_json::Value), reqwest::Error>, want: u16| {
        let (status, body) = r.expect("the hub answers");
        assert_eq!(status, want, "{body}");
        body
    };
    let body = ok(
        call(
            port,
            &auth,
            Method::POST,
            "/bodies",
            Some(serde_json::json!({"name": "Second Committee"})),
            None,
        )
        .await,
        201,
    );
    let meeting = ok(
        call(
            port,
            &auth,
            Method::POST,
            "/meetings",
            Some(
                serde_json::json!({"title": "12th meeting", "body_id": body["id"],
                "starts_local": "2030-10-01T10:00", "ends_local": "2030-10-01T13:00",
                "time_zone": "America/New_York"}),
            ),
            None,
        )
        .await,
        201,
    );
    let minutes = format!("/meetings/{}/minutes", meeting["id"].as_str().expect("id"));
    ok(
        call(
            port,
            &auth,
            Method::POST,
            &minutes,
            Some(serde_json::json!({"symbol": "A/C.2/57/SR.12", "language": "en"})),
            None,
        )
        .await,
        201,
    );
    ok(
        call(
            port,
            &auth,
            Method::POST,
            &format!("{minutes}/revisions"),
            Some(serde_json::json!({"based_on": 0, "content": "Summary."})),
            None,
        )
        .await,
        201,
    );
    ok(
        call(
            port,
            &auth,
            Method::POST,
            &format!("{minutes}/review"),
            Some(serde_json::json!({"revision": 1})),
            None,
        )
        .await,
        200,
    );
    // The process dies after the files are stored and before SQL records them.
    let publish = |auth| {
        let minutes = minutes.clone();
        async move {
            call(
                port,
                &auth,
                Method::POST,
                &format!("{minutes}/publish"),
                Some(serde_json::json!({"revision": 1})),
                Some("crash-1"),
            )
            .await
        }
    };
    assert!(
        publish(auth.clone()).await.is_err(),
        "no answer from a crashed hub"
    );
    let status = server.0.take().expect("child").wait().expect("wait");
    assert!(
        !status.success(),
        "the hub stopped at the failpoint: {status}"
    );
    let stored: Vec<_> = walk(&dir.path().join("objects").join("minutes"));
    assert_eq!(stored.len(), 4, "the files were stored: {stored:?}");

    // After a restart: no version, the minutes still in review, and the archive whole.
    let server = serve(dir.path(), port, &[]).await;
    let auth = session(port, CHIEF.0, CHIEF.1).await;
    let m = ok(
        call(port, &auth, Method::GET, &minutes, None, None).await,
        200,
    );
    assert_eq!(m["state"], "in_review");
    assert_eq!(m["versions"], serde_json::json!([]));
    // The archive is whole; the stored files of the interrupted publish are
    // reported as unreferenced, which does not fail the check.
    let verify = run(plenary(dir.path(), port).args(["archive", "verify"]), None);
    let stdout = String::from_utf8_lossy(&verify.stdout);
    assert!(verify.status.success(), "{stdout}");
    assert_eq!(
        stdout.matches("unreferenced  minutes/").count(),
        4,
        "{stdout}"
    );
    assert!(
        stdout.contains("0 missing or altered, 4 unreferenced"),
        "{stdout}"
    );
    // A sweep keeps them while they are young (an upload may be in progress),
    // and removes them once old enough; the archive stays whole.
    let sweep = |minutes: &str| {
        let out = run(
            plenary(dir.path(), port).args(["archive", "sweep", "--older-than-minutes", minutes]),
            None,
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(sweep("60").contains("0 unreferenced objects removed"));
    let swept = sweep("0");
    assert_eq!(swept.matches("removed  minutes/").count(), 4, "{swept}");
    assert!(walk(&dir.path().join("objects").join("minutes")).is_empty());
    // Publishing again with the same key makes the one version.
    let v = ok(publish(auth.clone()).await, 201);
    assert_eq!(v["version"], 1);
    assert_eq!(v["symbol"], "A/C.2/57/SR.12");
    let again = ok(publish(auth.clone()).await, 200);
    assert_eq!(again["version"], 1);
    stop(server);
}

/// Every file under `dir`, recursively.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// What the hub writes to its log, and the folder it made, tried as an
/// operator would read them: no secret a request carried, no client-chosen
/// request id, and a data folder only its owner can open.
#[tokio::test]
async fn the_log_keeps_no_secret_and_the_data_folder_is_the_owners() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().expect("temp");
    let data = tmp.path().join("fresh").join("data");
    let port = free_port();
    let log = std::fs::File::create(tmp.path().join("hub.log")).expect("log file");
    let mut cmd = plenary(tmp.path(), port);
    cmd.env("PLENARY_DATA", &data)
        .env("PLENARY_LOG", "info")
        .env("PLENARY_ADMIN_EMAIL", "chief@example.org")
        .env("PLENARY_ADMIN_PASSWORD", "the chief's long password")
        .stdout(Stdio::null())
        .stderr(Stdio::from(log));
    let server = ready(&mut cmd, port).await;
    let base = format!("http://127.0.0.1:{port}");
    let mode = std::fs::metadata(&data)
        .expect("data folder")
        .permissions()
        .mode();
    assert_eq!(
        mode & 0o077,
        0,
        "the data folder is open to others: {mode:o}"
    );

    // A personal feed (its token in the path), a chosen request id, a
    // refused sign-in with an email typed.
    let (cookie, csrf) = session(port, "chief@example.org", "the chief's long password").await;
    let http = reqwest::Client::new();
    let feed: serde_json::Value = http
        .post(format!("{base}/api/v1/session/feed"))
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .expect("feed")
        .json()
        .await
        .expect("feed JSON");
    let url = feed["url"].as_str().expect("feed url").to_string();
    let token = url
        .split("/feeds/")
        .nth(1)
        .and_then(|t| t.split('/').next())
        .expect("token")
        .to_string();
    assert_eq!(http.get(&url).send().await.expect("feed").status(), 200);
    http.get(format!("{base}/healthz"))
        .header("x-request-id", "client-chosen-request-id")
        .send()
        .await
        .expect("healthz");
    assert_eq!(
        sign_in(port, "typed-by-mistake@example.org", "wrong password here")
            .await
            .status(),
        401
    );
    let (stopped, _) = stop(server);
    assert!(stopped);
    let written = std::fs::read_to_string(tmp.path().join("hub.log")).expect("log");
    assert!(written.contains("route="), "requests are logged: {written}");
    for secret in [
        token.as_str(),
        "client-chosen-request-id",
        "typed-by-mistake",
        "the chief's long password",
    ] {
        assert!(!written.contains(secret), "{secret} in the log:\n{written}");
    }
}
