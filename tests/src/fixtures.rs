//! What the benchmarks share with each other and with a hub's real users:
//! a signed-in HTTP session against a running hub (a release binary or a
//! hub the test harness started), and the few objects every benchmark
//! makes before it measures (a body, a meeting).

use serde_json::{json, Value};

/// A signed-in session: the cookie and the CSRF token the hub gave.
#[derive(Debug, Clone)]
pub struct Session {
    pub base: String,
    pub cookie: String,
    pub csrf: String,
    http: reqwest::Client,
}

impl Session {
    /// Signs in at `base` (`http://host:port`) as a browser does.
    pub async fn sign_in(base: &str, email: &str, password: &str) -> Session {
        let http = reqwest::Client::new();
        let login = http
            .post(format!("{base}/api/v1/session"))
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .expect("sign in");
        assert!(login.status().is_success(), "sign in: {}", login.status());
        let cookie = login.headers()["set-cookie"]
            .to_str()
            .expect("cookie")
            .split(';')
            .next()
            .expect("cookie")
            .to_string();
        let csrf = login.json::<Value>().await.expect("json")["csrf_token"]
            .as_str()
            .expect("csrf")
            .to_string();
        Session {
            base: base.to_string(),
            cookie,
            csrf,
            http,
        }
    }

    /// A session signed in elsewhere (its cookie and CSRF token).
    pub fn new(base: &str, cookie: &str, csrf: &str) -> Session {
        Session {
            base: base.to_string(),
            cookie: cookie.to_string(),
            csrf: csrf.to_string(),
            http: reqwest::Client::new(),
        }
    }

    /// `n` new secretariat accounts (`password` each), each signed in:
    /// their cookies. One account holds a few seats of a meeting at most,
    /// so a benchmark's participants sign in with accounts of their own.
    pub async fn members(&self, n: usize, password: &str) -> Vec<String> {
        use futures_util::StreamExt;
        futures_util::stream::iter(0..n)
            .map(|i| async move {
                let email = format!("member-{i}@bench.example.org");
                let created = self
                    .request(reqwest::Method::POST, "/api/v1/users")
                    .json(&json!({"email": email, "name": format!("Member {i}"),
                                  "role": "secretariat", "password": password}))
                    .send()
                    .await
                    .expect("create member");
                assert!(
                    created.status().is_success(),
                    "create member: {}",
                    created.status()
                );
                Session::sign_in(&self.base, &email, password).await.cookie
            })
            // Each account costs two password hashes; the hub checks four at once.
            .buffered(4)
            .collect()
            .await
    }

    /// `n` delegates, each signed in (`password` each): their cookies. The
    /// first 193 each found a member state's delegation; those after join
    /// them in turn, as a delegation's second and third members.
    pub async fn delegates(&self, n: usize, password: &str) -> Vec<String> {
        use futures_util::StreamExt;
        let names: Vec<&str> = crate::MEMBER_STATES.lines().take(n).collect();
        let delegations: Vec<Value> = futures_util::stream::iter(names.iter().enumerate())
            .map(|(i, name)| {
                self.post(
                    "/api/v1/delegations",
                    json!({"code": format!("M{i:03}"), "name": name, "kind": "member_state"}),
                )
            })
            .buffered(4)
            .collect()
            .await;
        futures_util::stream::iter(0..n)
            .map(|i| {
                let (name, delegation) = (names[i % names.len()], &delegations[i % names.len()]);
                async move {
                    let email = format!("delegate-{i}@bench.example.org");
                    self.post(
                        "/api/v1/users",
                        json!({"email": email, "name": format!("Delegate of {name}"), "role": "delegate",
                               "delegation_id": delegation["id"], "password": password}),
                    )
                    .await;
                    Session::sign_in(&self.base, &email, password).await.cookie
                }
            })
            // Each account costs two password hashes; the hub checks four at once.
            .buffered(4)
            .collect()
            .await
    }

    /// A request with the session's cookie and CSRF token.
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
    }

    /// POSTs `body` and returns the JSON answer, which must be a success.
    pub async fn post(&self, path: &str, body: Value) -> Value {
        let r = self
            .request(reqwest::Method::POST, path)
            .json(&body)
            .send()
            .await
            .expect("post");
        assert!(r.status().is_success(), "POST {path}: {}", r.status());
        r.json().await.expect("json")
    }

    /// A new body and a meeting of it; the meeting's id.
    pub async fn meeting(&self, body_name: &str) -> String {
        let body = self
            .post(
                "/api/v1/bodies",
                json!({"name": body_name, "symbol_prefix": "A/C.2"}),
            )
            .await;
        let meeting = self
            .post(
                "/api/v1/meetings",
                json!({"title": "Bench", "body_id": body["id"], "starts_local": "2031-01-10T10:00",
                       "ends_local": "2031-01-10T13:00", "time_zone": "UTC"}),
            )
            .await;
        meeting["id"].as_str().expect("meeting id").to_string()
    }
}

/// A setting of the test Garage (`PLENARY_TEST_S3_*`, from
/// `eval "$(infra/garage.sh env)"`).
pub fn garage(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: start Garage with infra/garage.sh and eval its env")
    })
}

/// The settings that store a hub's files in the test Garage.
pub fn garage_settings() -> Vec<(&'static str, String)> {
    [
        ("PLENARY_S3_ENDPOINT", "PLENARY_TEST_S3_ENDPOINT"),
        ("PLENARY_S3_BUCKET", "PLENARY_TEST_S3_BUCKET"),
        ("PLENARY_S3_REGION", "PLENARY_TEST_S3_REGION"),
        ("PLENARY_S3_ACCESS_KEY_ID", "PLENARY_TEST_S3_ACCESS_KEY_ID"),
        (
            "PLENARY_S3_SECRET_ACCESS_KEY",
            "PLENARY_TEST_S3_SECRET_ACCESS_KEY",
        ),
    ]
    .into_iter()
    .map(|(hub, test)| (hub, garage(test)))
    .collect()
}

/// The value at fraction `p` of `sorted` (nearest rank).
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// A TCP port free on loopback now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// User plus system CPU time a process has used, from `/proc`.
pub fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which may hold spaces), from its closing paren.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are the 14th and 15th fields; `fields` starts at the 3rd.
    (ticks(11) + ticks(12)) / 100.0
}

/// Resident memory of a process, in MiB, from `/proc`.
pub fn resident_mib(pid: u32) -> f64 {
    let pages: f64 = std::fs::read_to_string(format!("/proc/{pid}/statm"))
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0.0);
    pages * 4096.0 / (1024.0 * 1024.0)
}

/// Sockets a process holds open (TCP, UDP and others), from `/proc`.
pub fn open_sockets(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|dir| {
            dir.filter_map(Result::ok)
                .filter(|e| {
                    std::fs::read_link(e.path())
                        .is_ok_and(|l| l.to_string_lossy().starts_with("socket:"))
                })
                .count()
        })
        .unwrap_or(0)
}

/// The release `plenary` binary beside the running benchmark (built first by
/// `cargo build --release -p plenary-server`).
pub fn plenary_binary() -> std::path::PathBuf {
    // The bench runs from <target>/release/deps; the hub is <target>/release/plenary.
    let exe = std::env::current_exe().expect("bench path");
    let bin = exe
        .parent()
        .and_then(|deps| deps.parent())
        .map(|release| release.join("plenary"))
        .expect("target folder");
    assert!(
        bin.exists(),
        "{} is missing: run `cargo build --release -p plenary-server` first",
        bin.display()
    );
    bin
}

/// Waits (30 s at most) until the hub at `url` answers `/readyz`.
pub async fn wait_ready(url: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !reqwest::get(format!("{url}/readyz"))
        .await
        .is_ok_and(|r| r.status() == 200)
    {
        assert!(std::time::Instant::now() < deadline, "{url} not ready");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Starts a release node on `port` with its data in `data`, the admin
/// `admin` (email, password) made at first start, and `extra` settings.
pub fn spawn_node(
    data: &std::path::Path,
    port: u16,
    admin: (&str, &str),
    extra: &[(&str, String)],
) -> std::process::Child {
    let mut cmd = std::process::Command::new(plenary_binary());
    // The benchmarks' own settings, which the hub would log as unknown.
    cmd.env_remove("PLENARY_BENCH_SIZES")
        .env_remove("PLENARY_BENCH_RUN")
        .env_remove("PLENARY_BENCH_RUNS")
        .env_remove("PLENARY_BENCH_VIEWERS")
        .env_remove("PLENARY_CACHE")
        .current_dir(data)
        .env("PLENARY_DATA", data)
        .env("PLENARY_ADDR", format!("127.0.0.1:{port}"))
        .env("PLENARY_LOG", "warn")
        .env("PLENARY_ADMIN_EMAIL", admin.0)
        .env("PLENARY_ADMIN_PASSWORD", admin.1)
        .stdout(std::process::Stdio::null());
    for (k, v) in extra {
        cmd.env(k, v);
    }
    cmd.spawn().expect("start plenary")
}

/// The settings that make nodes share one hub: a new PostgreSQL database
/// (named `name`, dropped first if a run before left it) on the test
/// server, and the test Redis. Needs `PLENARY_TEST_POSTGRES_URL` and
/// `PLENARY_TEST_REDIS_URL` (`infra/services.sh start` and its `env`).
pub async fn shared_services(name: &str) -> Vec<(&'static str, String)> {
    let env = |key: &str| {
        std::env::var(key).unwrap_or_else(|_| {
            panic!("{key} is not set: infra/services.sh start and eval its env")
        })
    };
    sqlx::any::install_default_drivers();
    let admin = env("PLENARY_TEST_POSTGRES_URL");
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin)
        .await
        .expect("PostgreSQL answers");
    for statement in [
        format!("DROP DATABASE IF EXISTS {name}"),
        format!("CREATE DATABASE {name}"),
    ] {
        sqlx::query(&statement)
            .execute(&mut conn)
            .await
            .expect(&statement);
    }
    let base = admin
        .rsplit_once('/')
        .map_or(admin.as_str(), |(b, _)| b)
        .to_string();
    vec![
        ("PLENARY_DATABASE_URL", format!("{base}/{name}")),
        ("PLENARY_REDIS_URL", env("PLENARY_TEST_REDIS_URL")),
    ]
}

/// A websocket client's connection.
pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Opens the meeting's websocket at `url` with `headers` (a cookie, the
/// Origin): the connection once the hub has welcomed it, else `None`.
pub async fn connect(url: &str, headers: &[(String, String)]) -> Option<Socket> {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::{client::IntoClientRequest, Message};
    let mut request = url.into_client_request().ok()?;
    for (k, v) in headers {
        request.headers_mut().insert(
            reqwest::header::HeaderName::from_bytes(k.as_bytes()).ok()?,
            v.parse().ok()?,
        );
    }
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.ok()?;
    while let Some(Ok(m)) = socket.next().await {
        if let Message::Text(t) = m {
            if t.contains("\"type\":\"welcome\"") {
                return Some(socket);
            }
            return None;
        }
    }
    None
}

/// A counter or gauge of the node whose metrics are served at `addr`,
/// summed over the series whose line starts with `name` (a name, or a name
/// and the start of its labels).
pub async fn metric(addr: &str, name: &str) -> f64 {
    let text = reqwest::get(format!("http://{addr}/metrics"))
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    text.lines()
        .filter(|l| l.starts_with(name))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}
