//! Test harness: starts a real hub on 127.0.0.1 against SQLite or a real
//! PostgreSQL and talks to it over HTTP like a browser would (session cookie,
//! CSRF header).
//!
//! PostgreSQL comes from `PLENARY_TEST_POSTGRES_URL` (set by `infra/test.sh`);
//! each hub gets a database of its own so tests run in parallel.

pub mod bot;
pub mod browser;
pub mod cut;
pub mod fixtures;
pub mod organisation;

use plenary_server::{App, AppState, Config};
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::HashMap;
use tokio::sync::oneshot;

/// Runs each named `async fn case(Backend)` twice: on the embedded backends
/// (SQLite, a local folder, in-process live state) and on the real services
/// (PostgreSQL, Garage, Redis).
#[macro_export]
macro_rules! on_both_backends {
    ($($case:ident),* $(,)?) => {
        mod embedded { $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $case() { super::$case($crate::Backend::Sqlite).await } )* }
        mod real_services { $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $case() { super::$case($crate::Backend::Postgres).await } )* }
    };
}

/// A code unique within this test process (`QAA`, `QAB`, …), for
/// delegations and bodies that tests create side by side.
pub fn fresh_code() -> String {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let letter = |i: usize| char::from(b'A' + u8::try_from(i % 26).unwrap_or(0));
    format!("Q{}{}{}", letter(n / 676), letter(n / 26), letter(n))
}

pub const ADMIN_EMAIL: &str = "admin@hub.example.org";
pub const ADMIN_PASSWORD: &str = "admin password for tests";

/// The browser part the test command builds (`infra/wasm.sh`), for hubs
/// that serve the meeting room.
pub fn browser_dir() -> String {
    std::env::var("PLENARY_TEST_BROWSER_DIR").unwrap_or_else(|_| {
        panic!("PLENARY_TEST_BROWSER_DIR is not set: run ./infra/test.sh, which builds the browser part")
    })
}

/// The `plenary` binary, which the hub runs to read PDFs' text (a test's
/// own binary cannot): cargo builds it beside the test binaries when the
/// workspace is tested.
pub fn plenary_binary() -> String {
    let exe = std::env::current_exe().expect("test binary path");
    let path = exe
        .parent()
        .and_then(std::path::Path::parent)
        .map(|dir| dir.join("plenary"))
        .filter(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!("no plenary binary beside {}: run `cargo build -p plenary-server` (the test command builds it)", exe.display())
        });
    path.display().to_string()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running hub; stops when dropped.
#[derive(Debug)]
pub struct Hub {
    pub url: String,
    pub state: AppState,
    /// The settings it started with, for a second node sharing its stores.
    env: HashMap<String, String>,
    shutdown: Option<oneshot::Sender<()>>,
    _dir: tempfile::TempDir,
}

async fn postgres_database() -> String {
    let admin_url = std::env::var("PLENARY_TEST_POSTGRES_URL").unwrap_or_else(|_| {
        panic!("PLENARY_TEST_POSTGRES_URL is not set: run ./infra/test.sh, which starts PostgreSQL for the tests")
    });
    sqlx::any::install_default_drivers();
    let name = format!("t_{}", uuid::Uuid::new_v4().simple());
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin_url)
        .await
        .expect("PostgreSQL for tests answers");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create test database");
    let base = admin_url
        .rsplit_once('/')
        .map_or(admin_url.as_str(), |(b, _)| b);
    format!("{base}/{name}")
}

impl Hub {
    pub async fn start(backend: Backend) -> Hub {
        Hub::start_with(backend, &[]).await
    }

    /// Starts a hub with extra `PLENARY_*` settings.
    pub async fn start_with(backend: Backend, extra: &[(&str, &str)]) -> Hub {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        Hub::start_on(backend, listener, extra).await
    }

    /// Starts a hub that signs people in through the OpenID provider
    /// `infra/oidc.sh` runs (registered there as a client of its own, with
    /// its own redirect URI), with extra `PLENARY_*` settings.
    pub async fn start_with_organisation(backend: Backend, extra: &[(&str, &str)]) -> Hub {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let provider = organisation::Provider::from_env();
        let redirect = format!("http://{addr}/sign-in/organisation/callback");
        let (id, secret) = provider.register(&redirect).await;
        let mut settings = vec![
            ("PLENARY_OIDC_ISSUER", provider.issuer.as_str()),
            ("PLENARY_OIDC_CLIENT_ID", id.as_str()),
            ("PLENARY_OIDC_CLIENT_SECRET", secret.as_str()),
        ];
        settings.extend_from_slice(extra);
        Hub::start_on(backend, listener, &settings).await
    }

    async fn start_on(
        backend: Backend,
        listener: tokio::net::TcpListener,
        extra: &[(&str, &str)],
    ) -> Hub {
        let dir = tempfile::tempdir().expect("temp dir");
        let addr = listener.local_addr().expect("local addr");
        let mut env: HashMap<String, String> = HashMap::new();
        env.insert(
            "PLENARY_CONFIG".into(),
            dir.path().join("absent.toml").display().to_string(),
        );
        env.insert("PLENARY_DATA".into(), dir.path().display().to_string());
        env.insert("PLENARY_ADDR".into(), addr.to_string());
        env.insert("PLENARY_ADMIN_EMAIL".into(), ADMIN_EMAIL.into());
        env.insert("PLENARY_ADMIN_PASSWORD".into(), ADMIN_PASSWORD.into());
        env.insert("PLENARY_DB_MAX_CONNECTIONS".into(), "5".into());
        env.insert("PLENARY_PDF_TEXT_PROGRAM".into(), plenary_binary());
        if backend == Backend::Postgres {
            // The "real services" hub: PostgreSQL, Garage and Redis.
            env.insert("PLENARY_DATABASE_URL".into(), postgres_database().await);
            let redis = std::env::var("PLENARY_TEST_REDIS_URL").unwrap_or_else(|_| {
                panic!("PLENARY_TEST_REDIS_URL is not set: run ./infra/test.sh, which starts Redis for the tests")
            });
            env.insert("PLENARY_REDIS_URL".into(), redis);
            // TURN for delegates behind firewalls, as production hands it out.
            for (test, key) in [("TURN_URL", "TURN_URLS"), ("TURN_SECRET", "TURN_SECRET")] {
                let value = std::env::var(format!("PLENARY_TEST_{test}")).unwrap_or_else(|_| {
                    panic!("PLENARY_TEST_{test} is not set: run ./infra/test.sh, which starts coturn for the tests")
                });
                env.insert(format!("PLENARY_{key}"), value);
            }
            for key in [
                "S3_ENDPOINT",
                "S3_BUCKET",
                "S3_REGION",
                "S3_ACCESS_KEY_ID",
                "S3_SECRET_ACCESS_KEY",
            ] {
                let value = std::env::var(format!("PLENARY_TEST_{key}")).unwrap_or_else(|_| {
                    panic!("PLENARY_TEST_{key} is not set: run ./infra/test.sh, which starts Garage for the tests")
                });
                env.insert(format!("PLENARY_{key}"), value);
            }
        }
        for (k, v) in extra {
            env.insert((*k).into(), (*v).into());
        }
        Hub::serve(env, listener, dir).await
    }

    /// Another node of the same hub: its own process state, data folder and
    /// port, sharing PostgreSQL, Garage and Redis with this one (and its
    /// public URL, as behind one load balancer).
    pub async fn second_node(&self) -> Hub {
        let dir = tempfile::tempdir().expect("temp dir");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let mut env = self.env.clone();
        env.insert("PLENARY_DATA".into(), dir.path().display().to_string());
        env.insert("PLENARY_ADDR".into(), addr.to_string());
        env.insert(
            "PLENARY_PUBLIC_URL".into(),
            self.state.config.public_url.clone(),
        );
        Hub::serve(env, listener, dir).await
    }

    async fn serve(
        env: HashMap<String, String>,
        listener: tokio::net::TcpListener,
        dir: tempfile::TempDir,
    ) -> Hub {
        let addr = listener.local_addr().expect("local addr");
        let mut env = env;
        // Each node its own URL, as several nodes behind one hub have.
        env.insert("PLENARY_NODE_URL".into(), format!("http://{addr}"));
        let config = Config::from_sources(&env, None).expect("test config is valid");
        let (state, _) = App::start(config).await.expect("hub starts");
        let (tx, rx) = oneshot::channel::<()>();
        let serving = state.clone();
        tokio::spawn(async move {
            let _ = plenary_server::run(listener, serving, async {
                let _ = rx.await;
            })
            .await;
        });
        Hub {
            url: format!("http://{addr}"),
            state,
            env,
            shutdown: Some(tx),
            _dir: dir,
        }
    }

    /// A client with no session.
    pub fn anonymous(&self) -> Client {
        Client {
            http: reqwest::Client::new(),
            base: self.url.clone(),
            cookie: None,
            csrf: None,
        }
    }

    /// A client with no session that sees redirects instead of following
    /// them, as a test of what the server answers.
    pub fn unredirected(&self) -> Client {
        let mut client = self.anonymous();
        client.http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        client
    }

    /// Signs in; panics when refused.
    pub async fn sign_in(&self, email: &str, password: &str) -> Client {
        let mut client = self.anonymous();
        let r = client
            .post(
                "/api/v1/session",
                json!({"email": email, "password": password}),
            )
            .await;
        assert_eq!(r.status, 200, "sign-in of {email}: {}", r.text);
        let cookie = r
            .header("set-cookie")
            .and_then(|c| c.split(';').next().map(str::to_string))
            .expect("session cookie");
        client.cookie = Some(cookie);
        client.csrf = r.json()["csrf_token"].as_str().map(str::to_string);
        client
    }

    pub async fn admin(&self) -> Client {
        self.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await
    }

    /// Creates a user through the admin API and signs them in.
    pub async fn user(&self, role: &str, delegation: Option<&str>) -> Client {
        let (email, password) = self
            .account(role, &format!("Test {role}"), delegation)
            .await;
        self.sign_in(&email, password).await
    }

    /// An interpreter working into `languages`, signed in: their user id and session.
    pub async fn interpreter(&self, name: &str, languages: &[&str]) -> (String, Client) {
        let email = format!("{}@interpreters.example.org", uuid::Uuid::new_v4().simple());
        let r = self
            .admin()
            .await
            .post(
                "/api/v1/users",
                json!({"email": email, "name": name, "role": "interpreter", "languages": languages,
                       "password": "a password long enough"}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        let id = r.json()["id"].as_str().expect("id").to_string();
        (id, self.sign_in(&email, "a password long enough").await)
    }

    /// Creates a user through the admin API; returns their email and password.
    pub async fn account(
        &self,
        role: &str,
        name: &str,
        delegation: Option<&str>,
    ) -> (String, &'static str) {
        let email = format!(
            "{}-{}@hub.example.org",
            role.replace('_', "-"),
            uuid::Uuid::new_v4().simple()
        );
        let password = "a password long enough";
        let r = self
            .admin()
            .await
            .post(
                "/api/v1/users",
                json!({"email": email, "name": name, "role": role,
                       "delegation_id": delegation, "password": password,
                       // An interpreter's account needs languages.
                       "languages": if role == "interpreter" { json!(["fr"]) } else { json!([]) }}),
            )
            .await;
        assert_eq!(r.status, 201, "create {role}: {}", r.text);
        (email, password)
    }

    /// Creates a delegation and returns its id.
    pub async fn delegation(&self, code: &str) -> String {
        let r = self
            .admin()
            .await
            .post(
                "/api/v1/delegations",
                json!({"code": code, "name": format!("Delegation {code}"), "kind": "member_state"}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        r.json()["id"].as_str().expect("id").to_string()
    }

    /// `n` member-state delegations named after the United Nations' Member
    /// States (at most 193), each with one delegate signed in. Made through
    /// the hub's stores (its validation, its password hashing, its
    /// sessions): the sign-in page's throttle is for people, not fixtures.
    pub async fn member_states(&self, n: usize) -> Vec<Member> {
        use plenary_protocol::api::{CreateUser, Delegation, DelegationKind, Role};
        let db = &self.state.db;
        let names: Vec<&str> = MEMBER_STATES.lines().take(n).collect();
        let prefix = fresh_code();
        let mut made = Vec::with_capacity(names.len());
        for chunk in names.chunks(16) {
            let batch = chunk.iter().map(|name| {
                let prefix = prefix.clone();
                async move {
                    let delegation = Delegation {
                        id: plenary_protocol::DelegationId(uuid::Uuid::now_v7()),
                        code: format!("{prefix}-{}", uuid::Uuid::new_v4().simple()),
                        name: (*name).to_string(),
                        kind: DelegationKind::MemberState,
                    };
                    plenary_server::users::insert_delegation(db, &delegation)
                        .await
                        .expect("delegation");
                    let user = plenary_server::users::create_user(
                        db,
                        CreateUser {
                            email: format!(
                                "delegate-{}@hub.example.org",
                                uuid::Uuid::new_v4().simple()
                            ),
                            name: format!("Delegate of {name}"),
                            role: Role::Delegate,
                            delegation_id: Some(delegation.id),
                            languages: Vec::new(),
                            signs_for_delegation: false,
                            password: "a password long enough".into(),
                        },
                    )
                    .await
                    .expect("delegate");
                    let (token, caller) = plenary_server::auth::create_session(
                        db,
                        user,
                        std::time::Duration::from_secs(3600),
                        plenary_protocol::api::SessionStage::Complete,
                    )
                    .await
                    .expect("session");
                    let secure = self.state.config.public_url.starts_with("https://");
                    Member {
                        delegation: delegation.id.to_string(),
                        name: delegation.name,
                        client: Client {
                            http: reqwest::Client::new(),
                            base: self.url.clone(),
                            cookie: Some(format!(
                                "{}={token}",
                                plenary_server::auth::session_cookie_name(secure)
                            )),
                            csrf: Some(caller.csrf_token),
                        },
                    }
                }
            });
            made.extend(futures_util::future::join_all(batch).await);
        }
        made
    }

    /// Another delegate of `member`'s delegation, signed in.
    pub async fn second_delegate(&self, member: &Member) -> Client {
        self.user("delegate", Some(&member.delegation)).await
    }

    /// A new observer delegation (a non-member state, say); its id.
    pub async fn observer(&self) -> String {
        let code = fresh_code();
        let r = self
            .admin()
            .await
            .post(
                "/api/v1/delegations",
                json!({"code": code, "name": format!("Observer {code}"), "kind": "observer"}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        r.json()["id"].as_str().expect("id").to_string()
    }

    /// Another node of this hub as a process of its own (the `plenary`
    /// binary, sharing PostgreSQL, Garage and Redis), which a test may kill.
    pub async fn node_process(&self) -> NodeProcess {
        self.node_process_with(&[]).await
    }

    /// Another node's process, with extra `PLENARY_*` settings of its own.
    pub async fn node_process_with(&self, extra: &[(&str, &str)]) -> NodeProcess {
        let dir = tempfile::tempdir().expect("temp dir");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("free port");
        let url = format!("http://127.0.0.1:{port}");
        let mut env = self.env.clone();
        env.remove("PLENARY_CONFIG");
        env.insert("PLENARY_DATA".into(), dir.path().display().to_string());
        env.insert("PLENARY_ADDR".into(), format!("127.0.0.1:{port}"));
        env.insert("PLENARY_NODE_URL".into(), url.clone());
        env.insert(
            "PLENARY_PUBLIC_URL".into(),
            self.state.config.public_url.clone(),
        );
        env.insert("PLENARY_LOG".into(), "warn".into());
        for (key, value) in extra {
            env.insert((*key).into(), (*value).into());
        }
        let mut node = NodeProcess {
            url,
            env,
            child: None,
            dir,
        };
        node.start().await;
        node
    }

    /// A delegate of a new member-state delegation.
    pub async fn delegate(&self) -> Client {
        self.user("delegate", Some(&self.delegation(&fresh_code()).await))
            .await
    }

    /// A meeting chaired by a new delegate, with `access` and the invited
    /// delegations' ids; returns (chair, meeting id).
    pub async fn chaired_meeting(&self, access: &str, invited: &[String]) -> (Client, String) {
        let manager = self.user("conference_manager", None).await;
        let body = Scheduler(&manager)
            .body(&format!("Committee {}", fresh_code()))
            .await;
        let r = manager
            .post(
                "/api/v1/meetings",
                json!({"title": "12th meeting", "body_id": body, "starts_local": "2030-10-01T10:00",
                       "ends_local": "2030-10-01T13:00", "time_zone": "America/New_York",
                       "access": access, "invited_delegations": invited}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        let id = r.json()["id"].as_str().expect("id").to_string();
        let chair = self.delegate().await;
        self.set_chair(&manager, &id, &chair).await;
        (chair, id)
    }

    /// Makes the user signed in as `chair` the chair of `meeting`, as a
    /// conference manager does.
    pub async fn set_chair(&self, manager: &Client, meeting: &str, chair: &Client) {
        let me = chair.get("/api/v1/session").await.json();
        let r = manager
            .send(
                reqwest::Method::PUT,
                &format!("/api/v1/meetings/{meeting}/chair"),
                Some(json!({"chair_id": me["user"]["id"]})),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }

    /// Brings the search index up to date now (the hub does it by itself
    /// within a fraction of a second; tests want it exact).
    pub async fn index(&self) {
        self.state
            .search
            .sync(&self.state.db, &self.state.objects)
            .await
            .expect("search index update");
    }

    /// Counts rows of a table straight from SQL, to prove nothing was written.
    /// Overwrites an archived object behind the hub's back, as a fault or
    /// an intruder would (what `plenary archive verify` must catch).
    pub async fn alter_object(&self, key: &str, bytes: &'static [u8]) {
        use object_store::ObjectStoreExt;
        self.state
            .objects
            .raw()
            .put(
                &object_store::path::Path::from(key),
                bytes::Bytes::from_static(bytes).into(),
            )
            .await
            .expect("alter behind the hub's back");
    }

    /// The audit log's entries for `query` (as `/api/v1/audit` takes it),
    /// newest first, once there are `at_least` (a live meeting's are written
    /// with its record, a moment after the act); panics after ten seconds.
    pub async fn audited(&self, query: &str, at_least: usize) -> Vec<Value> {
        let admin = self.admin().await;
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let r = admin.get(&format!("/api/v1/audit?{query}")).await;
            assert_eq!(r.status, 200, "{}", r.text);
            let entries = r.json()["entries"].as_array().cloned().unwrap_or_default();
            if entries.len() >= at_least {
                return entries;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{at_least} audit entries for {query}, got {entries:?}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    pub async fn count(&self, table: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) AS n FROM {table}");
        let row = sqlx::query(&sql)
            .fetch_one(&self.state.db)
            .await
            .expect("count");
        sqlx::Row::try_get(&row, "n").expect("n")
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Everything a logger writes, kept for a test to read (for a test binary
/// of its own: a log is the whole process's).
#[derive(Clone, Default, Debug)]
pub struct KeptLog(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for KeptLog {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl KeptLog {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(
            &self
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
        .into_owned()
    }
}

/// The 193 Member States of the United Nations, by the names the
/// Organization uses, one a line.
pub const MEMBER_STATES: &str = include_str!("../data/member_states.txt");

/// A member-state delegation and its delegate, signed in.
#[derive(Debug)]
pub struct Member {
    pub delegation: String,
    pub name: String,
    pub client: Client,
}

/// A node running as its own process; killed with SIGKILL when dropped.
#[derive(Debug)]
pub struct NodeProcess {
    pub url: String,
    env: HashMap<String, String>,
    child: Option<std::process::Child>,
    dir: tempfile::TempDir,
}

impl NodeProcess {
    /// SIGKILL: the node stops at once, writing nothing more.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// The node's data folder (its spool of recordings among others).
    pub fn data(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// Starts the node (again, on the same data and address) and waits
    /// until it is ready.
    pub async fn start(&mut self) {
        self.kill();
        let mut cmd = std::process::Command::new(plenary_binary());
        cmd.current_dir(self.dir.path())
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .envs(&self.env)
            .stdout(std::process::Stdio::null());
        self.child = Some(cmd.spawn().expect("the node starts"));
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        let ready = format!("{}/readyz", self.url);
        while !reqwest::get(&ready).await.is_ok_and(|r| r.status() == 200) {
            assert!(
                std::time::Instant::now() < deadline,
                "the node did not become ready"
            );
            if let Some(Ok(Some(status))) = self.child.as_mut().map(std::process::Child::try_wait) {
                panic!("the node stopped: {status}");
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
}

impl Drop for NodeProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// An HTTP client holding at most one session, like one browser tab.
#[derive(Debug, Clone)]
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    pub cookie: Option<String>,
    pub csrf: Option<String>,
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts a problem+json answer with this status and code.
    pub fn assert_problem(&self, status: u16, code: &str) -> Value {
        assert_eq!(
            self.status, status,
            "expected {status} {code}, got: {}",
            self.text
        );
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "{}",
            self.text
        );
        let body = self.json();
        assert_eq!(body["code"], code, "{}", self.text);
        assert_eq!(body["status"], status);
        assert!(body["type"].as_str().is_some_and(|t| t.ends_with(code)));
        body
    }
}

impl Client {
    /// Sends raw bytes with a content type; adds the session cookie and CSRF header.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> Resp {
        self.raw_with(method, path, content_type, body, &[]).await
    }

    /// `raw` with extra request headers.
    pub async fn raw_with(
        &self,
        method: Method,
        path: &str,
        content_type: Option<&str>,
        body: Vec<u8>,
        headers: &[(&str, &str)],
    ) -> Resp {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        if let Some(c) = &self.cookie {
            req = req.header("cookie", c);
        }
        if let Some(t) = &self.csrf {
            req = req.header("x-csrf-token", t);
        }
        if let Some(ct) = content_type {
            req = req.header("content-type", ct);
        }
        let r = req
            .body(body)
            .send()
            .await
            .expect("request reaches the hub");
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let text = r.text().await.unwrap_or_default();
        Resp {
            status,
            headers,
            text,
        }
    }

    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Resp {
        match body {
            Some(v) => {
                self.raw(
                    method,
                    path,
                    Some("application/json"),
                    v.to_string().into_bytes(),
                )
                .await
            }
            None => self.raw(method, path, None, Vec::new()).await,
        }
    }

    /// GETs `path` with these extra headers, its body as bytes (for files).
    pub async fn download(
        &self,
        path: &str,
        headers: &[(&str, &str)],
    ) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
        let mut req = self.http.get(format!("{}{path}", self.base));
        if let Some(c) = &self.cookie {
            req = req.header("cookie", c);
        }
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        let r = req.send().await.expect("download");
        let (status, headers) = (r.status().as_u16(), r.headers().clone());
        (status, headers, r.bytes().await.expect("body").to_vec())
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.send(Method::GET, path, None).await
    }
    pub async fn post(&self, path: &str, body: Value) -> Resp {
        self.send(Method::POST, path, Some(body)).await
    }
    pub async fn patch(&self, path: &str, body: Value) -> Resp {
        self.send(Method::PATCH, path, Some(body)).await
    }
    pub async fn delete(&self, path: &str) -> Resp {
        self.send(Method::DELETE, path, None).await
    }
}

/// A PDF's text as poppler's pdftotext reads it (an independent reader
/// that keeps right-to-left text in reading order), without whitespace.
/// pdftotext reverses each right-to-left cluster as a whole, which puts a
/// letter's Arabic vowel marks before it: they are put back after it.
pub fn pdf_text(pdf: &[u8]) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("pdftotext (Debian's poppler-utils: run ./infra/setup.sh)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(pdf)
        .expect("PDF written");
    let out = child.wait_with_output().expect("pdftotext ran");
    let is_mark = |c: char| ('\u{064B}'..='\u{065F}').contains(&c) || c == '\u{0670}';
    let (mut text, mut marks) = (String::new(), String::new());
    for c in String::from_utf8_lossy(&out.stdout).chars().filter(|c| {
        !c.is_whitespace() && !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}')
    }) {
        if is_mark(c) {
            marks.push(c);
        } else {
            text.push(c);
            text.push_str(&marks);
            marks.clear();
        }
    }
    text + &marks
}

/// Bodies, rooms and meetings as a conference manager makes them.
#[derive(Debug)]
pub struct Scheduler<'a>(pub &'a Client);

impl Scheduler<'_> {
    pub async fn body(&self, name: &str) -> String {
        let r = self
            .0
            .post(
                "/api/v1/bodies",
                json!({"name": name, "symbol_prefix": "A/C.2"}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        r.json()["id"].as_str().expect("id").into()
    }
    pub async fn room(&self, name: &str) -> String {
        let r = self
            .0
            .post("/api/v1/rooms", json!({"name": name, "capacity": 200}))
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        r.json()["id"].as_str().expect("id").into()
    }
    /// Posts a meeting and returns the raw response.
    pub async fn meeting(
        &self,
        body: &str,
        room: Option<&str>,
        start: &str,
        end: &str,
        tz: &str,
    ) -> Resp {
        self.0
            .post(
                "/api/v1/meetings",
                json!({"title": "Meeting", "body_id": body, "room_id": room, "starts_local": start,
                       "ends_local": end, "time_zone": tz,
                       "agenda": [{"number": "17", "title": "Macroeconomic policy questions"}]}),
            )
            .await
    }
}

/// A Garage node of a test's own (same binary, bucket and key as the shared
/// one), so the test can stop and restart storage under a running hub.
#[derive(Debug)]
pub struct OwnGarage {
    env: Vec<(String, String)>,
    pub endpoint: String,
    _dir: tempfile::TempDir,
}

impl OwnGarage {
    fn script(&self, action: &str) {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../infra/garage.sh");
        let out = std::process::Command::new("bash")
            .arg(script)
            .arg(action)
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .output()
            .expect("run infra/garage.sh");
        assert!(
            out.status.success(),
            "garage.sh {action}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// A fresh node with its bucket and key, on free loopback ports.
    pub fn start() -> OwnGarage {
        let dir = tempfile::tempdir().expect("temp dir");
        let port = || {
            std::net::TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .expect("free port")
                .port()
        };
        let (s3, rpc, admin) = (port(), port(), port());
        let env = vec![
            (
                "PLENARY_TEST_STATE".into(),
                dir.path().display().to_string(),
            ),
            ("PLENARY_TEST_S3_PORT".into(), s3.to_string()),
            ("PLENARY_TEST_GARAGE_RPC_PORT".into(), rpc.to_string()),
            ("PLENARY_TEST_GARAGE_ADMIN_PORT".into(), admin.to_string()),
        ];
        let garage = OwnGarage {
            env,
            endpoint: format!("http://127.0.0.1:{s3}"),
            _dir: dir,
        };
        garage.script("start");
        garage
    }

    /// Stops the node (its data stays).
    pub fn stop(&self) {
        self.script("stop");
    }

    /// Starts the stopped node again.
    pub fn resume(&self) {
        self.script("resume");
    }
}

impl Drop for OwnGarage {
    fn drop(&mut self) {
        self.script("stop");
    }
}

/// `seconds` of a test pattern as VP8 frames (320×240, 30 a second, a key
/// frame each second), encoded by Debian's ffmpeg (libvpx) and read out of
/// its IVF file (a 32-byte header, then each frame behind 12 bytes: its
/// length and time).
pub fn vp8_frames(seconds: u32) -> Vec<Vec<u8>> {
    let dir = tempfile::tempdir().expect("temp");
    let ivf = dir.path().join("pattern.ivf");
    let out = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-f", "lavfi", "-i"])
        .arg(format!("testsrc=size=320x240:rate=30:duration={seconds}"))
        .args([
            "-c:v", "libvpx", "-g", "30", "-b:v", "300k", "-f", "ivf", "-y",
        ])
        .arg(&ivf)
        .output()
        .expect("ffmpeg runs (infra/setup.sh test installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&ivf).expect("ivf");
    let mut frames = Vec::new();
    let mut at = 32;
    while let Some(head) = bytes.get(at..at + 12) {
        let len = u32::from_le_bytes(head[..4].try_into().expect("4 bytes")) as usize;
        frames.push(bytes[at + 12..at + 12 + len].to_vec());
        at += 12 + len;
    }
    frames
}

/// A small, valid PDF whose one page shows `text` in Helvetica, as a word
/// processor would write it (ASCII text only).
pub fn text_pdf(text: &str) -> Vec<u8> {
    padded_pdf(text, 0)
}

/// [`text_pdf`] padded with blanks in its content stream to `len` bytes or
/// a little more: a real document's size, still readable.
pub fn padded_pdf(text: &str, len: usize) -> Vec<u8> {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('(', "\\(")
        .replace(')', "\\)");
    let mut content = format!("BT /F1 12 Tf 72 720 Td ({escaped}) Tj ET").into_bytes();
    let bare = one_page_pdf("", &content).len();
    content.resize(content.len() + len.saturating_sub(bare), b' ');
    one_page_pdf("", &content)
}

/// A decompression bomb: a one-page PDF of about a megabyte whose content
/// stream inflates to `inflated_mib` MiB of zeros. Built from one deflate
/// segment repeated (a full flush ends each byte-aligned with the window
/// reset, so copies of it decode one after another), fast to make in a test.
pub fn bomb_pdf(inflated_mib: u32) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    let zeros = vec![0u8; 1 << 20];
    let mut z = Compress::new(Compression::best(), true);
    let mut segment = || {
        let mut out = Vec::with_capacity(8 << 10);
        z.compress_vec(&zeros, &mut out, FlushCompress::Full)
            .expect("deflate");
        assert_eq!(z.total_in() % (1 << 20), 0, "the whole MiB went in");
        out
    };
    // The first segment carries the zlib header.
    let head = segment();
    let body = segment();
    assert_eq!(body, segment(), "full-flush segments repeat");
    let mut stream = head;
    for _ in 1..inflated_mib {
        stream.extend_from_slice(&body);
    }
    // An empty final block (fixed codes), then the Adler-32 of n zero bytes:
    // a stays 1, b is n mod 65521.
    stream.extend_from_slice(&[0x03, 0x00]);
    let n = u64::from(inflated_mib) << 20;
    let adler = ((n % 65521) << 16 | 1) as u32;
    stream.extend_from_slice(&adler.to_be_bytes());
    one_page_pdf("/Filter /FlateDecode ", &stream)
}

/// A one-page PDF whose content stream is `content` (with `filter` entries
/// in its dictionary) in Helvetica.
fn one_page_pdf(filter: &str, content: &[u8]) -> Vec<u8> {
    let objects: [Vec<u8>; 5] = [
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_vec(),
        [
            format!("<< {filter}/Length {} >>\nstream\n", content.len()).as_bytes(),
            content,
            b"\nendstream",
        ]
        .concat(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        pdf.extend_from_slice(body);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

/// One participant's websocket to a live meeting, as a browser holds it.
#[derive(Debug)]
pub struct Live {
    socket: tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
    next_id: u64,
    /// From the welcome: this participant's seat and resume token.
    pub me: plenary_protocol::signal::ParticipantId,
    pub resume_token: String,
    /// The state in the welcome.
    pub welcome: plenary_protocol::signal::MeetingView,
    /// The Origin this connection was opened with.
    pub origin: String,
}

/// The answer to a websocket upgrade that was refused: its HTTP status and
/// body, or, for a seat refused once the socket opened, 101 and the
/// goodbye's code.
#[derive(Debug)]
pub struct Refused {
    pub status: u16,
    pub body: String,
}

impl Live {
    /// Opens the meeting's websocket with `client`'s session cookie and this
    /// hub's Origin, then reads the welcome.
    pub async fn connect(
        url: &str,
        client: &Client,
        meeting: &str,
        resume: Option<&str>,
    ) -> Result<Live, Refused> {
        let mut path = format!("/api/v1/meetings/{meeting}/live?v=1");
        if let Some(r) = resume {
            path.push_str(&format!("&resume={r}"));
        }
        let mut headers = vec![("origin".to_string(), client.base.clone())];
        if let Some(cookie) = &client.cookie {
            headers.push(("cookie".into(), cookie.clone()));
        }
        Live::open(url, &path, &headers).await
    }

    /// `connect` for a participant who must be let in.
    pub async fn join(url: &str, client: &Client, meeting: &str) -> Live {
        Live::connect(url, client, meeting, None)
            .await
            .unwrap_or_else(|r| panic!("join refused: {} {}", r.status, r.body))
    }

    /// Opens a websocket at `path` with exactly these headers.
    pub async fn open(
        url: &str,
        path: &str,
        headers: &[(String, String)],
    ) -> Result<Live, Refused> {
        use tokio_tungstenite::tungstenite::client::IntoClientRequest;
        let ws_url = format!("{}{path}", url.replacen("http://", "ws://", 1));
        let mut request = ws_url.into_client_request().expect("websocket request");
        for (k, v) in headers {
            request.headers_mut().insert(
                reqwest::header::HeaderName::from_bytes(k.as_bytes()).expect("header name"),
                v.parse().expect("header value"),
            );
        }
        let socket = match tokio_tungstenite::connect_async(request).await {
            Ok((socket, _)) => socket,
            Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
                let status = response.status().as_u16();
                let body = response
                    .body()
                    .as_ref()
                    .map(|b| String::from_utf8_lossy(b).into_owned())
                    .unwrap_or_default();
                return Err(Refused { status, body });
            }
            Err(e) => panic!("websocket connect failed: {e}"),
        };
        let mut live = Live {
            socket,
            next_id: 1,
            me: plenary_protocol::signal::ParticipantId(0),
            resume_token: String::new(),
            welcome: empty_view(),
            origin: headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("origin"))
                .map(|(_, v)| v.clone())
                .unwrap_or_default(),
        };
        match live.recv().await {
            plenary_protocol::signal::ServerMessage::Welcome {
                you,
                resume_token,
                state,
                ..
            } => {
                live.me = you;
                live.resume_token = resume_token;
                live.welcome = state;
                Ok(live)
            }
            plenary_protocol::signal::ServerMessage::Goodbye { code, .. } => Err(Refused {
                status: 101,
                body: serde_json::to_value(code)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default(),
            }),
            other => panic!("expected a welcome, got {other:?}"),
        }
    }

    /// Opens a media-only websocket at a full `ws://` URL (from
    /// `media_elsewhere`), with this Origin; no welcome comes on it.
    pub async fn open_media(url: &str, origin: &str) -> Live {
        use tokio_tungstenite::tungstenite::client::IntoClientRequest;
        let mut request = url.into_client_request().expect("websocket request");
        request
            .headers_mut()
            .insert("origin", origin.parse().expect("origin"));
        let (socket, _) = tokio_tungstenite::connect_async(request)
            .await
            .expect("media websocket opens");
        Live {
            socket,
            next_id: 1,
            me: plenary_protocol::signal::ParticipantId(0),
            resume_token: String::new(),
            welcome: empty_view(),
            origin: origin.to_string(),
        }
    }

    /// Sends a text frame as it is.
    pub async fn send_raw(&mut self, text: &str) {
        use futures_util::SinkExt;
        self.socket
            .send(tokio_tungstenite::tungstenite::Message::Text(text.into()))
            .await
            .expect("send");
    }

    /// Sends any frame as it is (a ping, binary data).
    pub async fn send_frame(&mut self, frame: tokio_tungstenite::tungstenite::Message) {
        use futures_util::SinkExt;
        self.socket.send(frame).await.expect("send");
    }

    /// Sends a command; returns its request id.
    pub async fn act(&mut self, command: serde_json::Value) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send_raw(&json!({"type": "act", "id": id, "command": command}).to_string())
            .await;
        id
    }

    /// Sends a command that must be accepted; panics with the refusal otherwise.
    pub async fn ok(&mut self, command: serde_json::Value) {
        let shown = command.to_string();
        if let Err(code) = self.request(command).await {
            panic!("{shown} refused: {code}");
        }
    }

    /// Sends a command and waits for its answer: `Ok(())` for an ack, the error code otherwise.
    pub async fn request(&mut self, command: serde_json::Value) -> Result<(), String> {
        use plenary_protocol::signal::ServerMessage;
        let id = self.act(command).await;
        loop {
            match self.recv().await {
                ServerMessage::Ack { id: i } if i == id => return Ok(()),
                ServerMessage::Error {
                    id: Some(i), code, ..
                } if i == id => {
                    return Err(serde_json::to_value(code)
                        .ok()
                        .and_then(|v| v.as_str().map(String::from))
                        .unwrap_or_default())
                }
                _ => {}
            }
        }
    }

    /// `request`, for a connection that may die meanwhile: `None` when it
    /// closed (or said nothing for 10 s) before the answer.
    pub async fn try_request(&mut self, command: serde_json::Value) -> Option<Result<(), String>> {
        use plenary_protocol::signal::ServerMessage;
        let id = self.next_id;
        self.next_id += 1;
        let text = json!({"type": "act", "id": id, "command": command}).to_string();
        {
            use futures_util::SinkExt;
            self.socket
                .send(tokio_tungstenite::tungstenite::Message::Text(text.into()))
                .await
                .ok()?;
        }
        loop {
            match self.try_recv(std::time::Duration::from_secs(10)).await? {
                ServerMessage::Ack { id: i } if i == id => return Some(Ok(())),
                ServerMessage::Error {
                    id: Some(i), code, ..
                } if i == id => {
                    return Some(Err(serde_json::to_value(code)
                        .ok()
                        .and_then(|v| v.as_str().map(String::from))
                        .unwrap_or_default()))
                }
                _ => {}
            }
        }
    }

    /// The next server message (pings answered by the library); panics after 10 s.
    pub async fn recv(&mut self) -> plenary_protocol::signal::ServerMessage {
        self.try_recv(std::time::Duration::from_secs(10))
            .await
            .expect("a server message within 10 s")
    }

    /// The next server message within `wait`, or `None` (also when the socket closed).
    pub async fn try_recv(
        &mut self,
        wait: std::time::Duration,
    ) -> Option<plenary_protocol::signal::ServerMessage> {
        use futures_util::StreamExt;
        use tokio_tungstenite::tungstenite::Message;
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let frame = tokio::time::timeout_at(deadline, self.socket.next())
                .await
                .ok()??;
            match frame {
                Ok(Message::Text(t)) => {
                    return Some(serde_json::from_str(&t).unwrap_or_else(|e| {
                        panic!("server sent a message outside the protocol ({e}): {t}")
                    }))
                }
                Ok(Message::Close(_)) | Err(_) => return None,
                Ok(_) => {}
            }
        }
    }

    /// Reads until an update holds an event matching `want`; returns that event.
    pub async fn wait_for(
        &mut self,
        what: &str,
        want: impl Fn(&plenary_protocol::signal::Event) -> bool,
    ) -> plenary_protocol::signal::Event {
        use plenary_protocol::signal::ServerMessage;
        self.read_until(what, |message| match message {
            ServerMessage::Update { events, .. } => events.into_iter().find(|e| want(e)),
            _ => None,
        })
        .await
    }

    /// Reads for up to 15 s until `pick` takes a message; panics, naming
    /// `what`, past that or when the socket closes.
    pub async fn read_until<T>(
        &mut self,
        what: &str,
        mut pick: impl FnMut(plenary_protocol::signal::ServerMessage) -> Option<T>,
    ) -> T {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(15);
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.try_recv(left).await {
                Some(message) => {
                    if let Some(picked) = pick(message) {
                        return picked;
                    }
                }
                None => panic!("no {what} before the deadline or the socket closed"),
            }
        }
    }

    /// Reads until the server says goodbye; returns its code, or `None` if the socket just closed.
    pub async fn goodbye(&mut self) -> Option<plenary_protocol::signal::SignalError> {
        use plenary_protocol::signal::ServerMessage;
        loop {
            if let ServerMessage::Goodbye { code, .. } =
                self.try_recv(std::time::Duration::from_secs(15)).await?
            {
                return Some(code);
            }
        }
    }

    /// The whole state, asked for now.
    pub async fn state(&mut self) -> plenary_protocol::signal::MeetingView {
        use plenary_protocol::signal::ServerMessage;
        let id = self.next_id;
        self.next_id += 1;
        self.send_raw(&json!({"type": "sync", "id": id}).to_string())
            .await;
        loop {
            if let ServerMessage::State {
                id: Some(answer),
                state,
                ..
            } = self.recv().await
            {
                if answer == id {
                    return state;
                }
            }
        }
    }

    /// Reads until the server sends the meeting's state of its own accord
    /// (on admission from the lobby, or after a gap) and `check` holds of
    /// it: what a page waits for before it can act on it.
    pub async fn wait_state(
        &mut self,
        what: &str,
        check: impl Fn(&plenary_protocol::signal::MeetingView) -> bool,
    ) -> plenary_protocol::signal::MeetingView {
        use plenary_protocol::signal::ServerMessage;
        self.read_until(what, |message| match message {
            ServerMessage::State { state, .. } if check(&state) => Some(state),
            _ => None,
        })
        .await
    }

    /// Closes the connection as a browser tab would.
    pub async fn close(mut self) {
        let _ = self.socket.close(None).await;
    }

    /// Drops the connection without a close frame, as a lost network would.
    pub fn drop_connection(self) {
        drop(self);
    }
}

/// The lines of the list of speakers of the item under discussion.
pub fn speakers(
    view: &plenary_protocol::signal::MeetingView,
) -> Vec<plenary_protocol::signal::Inscription> {
    view.current_list()
        .map(|l| l.lines.clone())
        .unwrap_or_default()
}

fn empty_view() -> plenary_protocol::signal::MeetingView {
    plenary_protocol::signal::MeetingView {
        status: plenary_protocol::api::MeetingStatus::Scheduled,
        closed: false,
        locked: false,
        formal: false,
        participants: Vec::new(),
        hands: Vec::new(),
        lists: Default::default(),
        floor: None,
        chat: Vec::new(),
        speaking_limit_ms: None,
        current_item: None,
        secretary: None,
        reply_limits_ms: Vec::new(),
        vote: None,
        interpretation: None,
    }
}
