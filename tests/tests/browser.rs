//! The hub in a real browser: Debian's Chromium, headless, with a fake camera
//! and microphone, driven through chromedriver against a hub on PostgreSQL,
//! Redis and Garage. Each step leaves a screenshot in
//! `$PLENARY_ARTIFACTS/browser/` (default `target/artifacts/browser/`).

use fantoccini::{Client as Page, ClientBuilder, Locator};
use plenary_tests::{Backend, Hub, Scheduler};
use serde_json::{json, Value};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// One chromedriver for the test; each [`Browser`] is its own Chromium with
/// its own profile (and so its own cookies).
struct Driver {
    child: Child,
    url: String,
    profiles: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The Chromiums it started too, even after a failed test (they
        // leave chromedriver's process group): each has a profile folder
        // named for this test process.
        let _ = Command::new("pkill")
            .args(["-KILL", "-f", &self.profiles])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    async fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver runs (infra/setup.sh test installs chromium-driver)");
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while reqwest::get(format!("{url}/status")).await.is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Driver {
            child,
            url,
            profiles: profile_prefix(),
        }
    }

    async fn browser(&self, name: &str) -> Browser {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                    "--autoplay-policy=no-user-gesture-required", "--window-size=1280,1000",
                    format!("--user-data-dir={}{name}", self.profiles),
                ]
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let page = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&self.url)
            .await
            .expect("a Chromium session");
        Browser {
            page,
            name: name.to_string(),
            profile: format!("{}{name}", self.profiles),
        }
    }
}

struct Browser {
    page: Page,
    name: String,
    profile: String,
}

/// The start of every profile folder a driver gives its Chromiums.
fn profile_prefix() -> String {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    std::env::temp_dir()
        .join(format!("plenary-chromium-{}-{n}-", std::process::id()))
        .display()
        .to_string()
}

fn artifacts() -> PathBuf {
    let dir = std::env::var("PLENARY_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/artifacts"))
        .join("browser");
    std::fs::create_dir_all(&dir).expect("artifacts folder");
    dir
}

impl Browser {
    async fn sign_in(&self, hub: &Hub, email: &str, password: &str, next: &str) {
        self.page
            .goto(&format!("{}/sign-in?next={next}", hub.url))
            .await
            .expect("sign-in page");
        self.page
            .find(Locator::Id("email"))
            .await
            .expect("email field")
            .send_keys(email)
            .await
            .expect("type");
        self.page
            .find(Locator::Id("password"))
            .await
            .expect("password field")
            .send_keys(password)
            .await
            .expect("type");
        self.page
            .find(Locator::Css("form.sign-in button[type=submit]"))
            .await
            .expect("submit")
            .click()
            .await
            .expect("click");
    }

    async fn shot(&self, step: &str) {
        let png = self.page.screenshot().await.expect("screenshot");
        std::fs::write(artifacts().join(format!("{step}-{}.png", self.name)), png)
            .expect("write screenshot");
    }

    async fn eval(&self, script: &str) -> Value {
        self.page
            .execute(script, vec![])
            .await
            .expect("script runs")
    }

    /// Whether `script` (a function body) returns true within `within`.
    async fn wait(&self, within: Duration, script: &str) -> bool {
        let started = Instant::now();
        while started.elapsed() < within {
            if self.eval(script).await == Value::Bool(true) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        false
    }

    /// Waits until `script` (a function body returning a value) returns true.
    async fn until(&self, what: &str, within: Duration, script: &str) {
        if self.wait(within, script).await {
            return;
        }
        self.shot(&format!("failed-{}", what.replace(' ', "-")))
            .await;
        let html = self.eval("return document.body.outerHTML").await;
        let log = self.eval("return window.__log || []").await;
        panic!(
            "{}: {what} did not happen within {within:?}; console: {log}; page: {html}",
            self.name
        );
    }

    /// Keeps the page's console messages for a failure's report.
    async fn record_console(&self) {
        self.eval(
            "window.__log = []; for (const k of ['warn', 'error', 'info']) { const o = console[k]; \
             console[k] = (...a) => { window.__log.push(k + ': ' + a.map(String).join(' ')); o.apply(console, a); }; }",
        )
        .await;
    }

    async fn click(&self, css: &str) {
        self.page
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{}: no {css}: {e}", self.name))
            .click()
            .await
            .unwrap_or_else(|e| panic!("{}: clicking {css}: {e}", self.name));
    }

    /// axe-core's serious and critical findings on the page as it is now.
    async fn accessibility(&self) -> Vec<String> {
        let path = std::env::var("PLENARY_TEST_AXE")
            .expect("PLENARY_TEST_AXE is set by ./infra/test.sh (infra/axe.sh)");
        let axe = std::fs::read_to_string(&path).expect("axe-core's script");
        self.page
            .execute(&format!("{axe}; return true;"), vec![])
            .await
            .expect("axe-core loads");
        let found = self
            .page
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 axe.run(document, { resultTypes: ['violations'] }).then(r => done(r.violations \
                   .filter(v => v.impact === 'serious' || v.impact === 'critical') \
                   .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))));",
                vec![],
            )
            .await
            .expect("axe-core runs");
        serde_json::from_value(found).expect("a list of findings")
    }

    async fn close(self) {
        let _ = self.page.close().await;
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// The participant id the room shows for a user's name.
const SEAT_OF: &str = "const li = [...document.querySelectorAll('.participants li')].find(l => l.textContent.startsWith(arguments[0])); return li ? Number(li.dataset.participant) : null;";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_delegates_and_a_chair_meet_in_the_browser() {
    let dir = plenary_tests::browser_dir();
    let hub = Hub::start_with(Backend::Postgres, &[("PLENARY_BROWSER_DIR", dir.as_str())]).await;
    let manager = hub.user("conference_manager", None).await;
    let body = Scheduler(&manager).body("Second Committee").await;
    let r = manager
        .post(
            "/api/v1/meetings",
            json!({"title": "12th meeting", "body_id": body, "starts_local": "2030-10-01T10:00",
                   "ends_local": "2030-10-01T13:00", "time_zone": "America/New_York",
                   "access": "public", "invited_delegations": [],
                   "agenda": [{"number": "18", "title": "Sustainable development"}]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json()["id"].as_str().expect("id").to_string();
    let chair_account = hub
        .account("delegate", "Chair Ana", Some(&hub.delegation("CHR").await))
        .await;
    let france = hub
        .account(
            "delegate",
            "Delegate of France",
            Some(&hub.delegation("FRA").await),
        )
        .await;
    let kenya = hub
        .account(
            "delegate",
            "Delegate of Kenya",
            Some(&hub.delegation("KEN").await),
        )
        .await;
    let chair_id = hub
        .sign_in(&chair_account.0, chair_account.1)
        .await
        .get("/api/v1/session")
        .await
        .json()["user"]["id"]
        .clone();
    let r = manager
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/meetings/{id}/chair"),
            Some(json!({"chair_id": chair_id})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);

    let driver = Driver::start().await;
    let room = format!("/meetings/{id}/room");
    let chair = driver.browser("chair").await;
    let a = driver.browser("france").await;
    let b = driver.browser("kenya").await;
    for (page, (email, password)) in [(&chair, &chair_account), (&a, &france), (&b, &kenya)] {
        page.sign_in(&hub, email, password, &room).await;
        page.until(
            "the room connects",
            Duration::from_secs(20),
            "return document.querySelector('.link')?.dataset.link === 'connected'",
        )
        .await;
    }
    chair.shot("1-room").await;
    assert_eq!(
        chair.accessibility().await,
        Vec::<String>::new(),
        "the chair's room"
    );

    // The chair opens the meeting; everyone sees it.
    chair.click("button.open").await;
    for page in [&chair, &a, &b] {
        page.until(
            "the meeting is open",
            Duration::from_secs(10),
            "return !!document.querySelector('button.raise-hand')",
        )
        .await;
    }

    let seat_a = a
        .page
        .execute(SEAT_OF, vec![json!("Delegate of France")])
        .await
        .expect("seat");
    let seat_b = a
        .page
        .execute(SEAT_OF, vec![json!("Delegate of Kenya")])
        .await
        .expect("seat");
    // Camera and microphone on, through the SFU: each delegate's page decodes the other's video.
    for page in [&a, &b] {
        page.record_console().await;
        page.click("button.join-media").await;
    }
    for (page, other) in [(&a, &seat_b), (&b, &seat_a)] {
        let decoded = page.wait(
            Duration::from_secs(30),
            &format!("const t = document.querySelector('.tile[data-owner=\"{other}\"][data-source=\"camera\"]'); return !!t && Number(t.dataset.framesDecoded || 0) > 10;"),
        )
        .await;
        if !decoded {
            for p in [&a, &b] {
                let state = p
                    .eval("return JSON.stringify(document.querySelector('#grid').dataset) + ' ' + JSON.stringify(window.__log) + ' ' + [...document.querySelectorAll('.tile')].map(t => JSON.stringify(t.dataset)).join(' ')")
                    .await;
                eprintln!("{}: {state}", p.name);
            }
            page.shot("failed-video").await;
            panic!("{}: the other delegate's video did not decode", page.name);
        }
    }
    a.shot("2-video").await;
    b.shot("2-video").await;

    // A hand goes up; the chair sets two minutes and gives France the floor.
    a.click("button.raise-hand").await;
    chair.until("the chair sees the hand", Duration::from_secs(10),
        &format!("return !!document.querySelector('.participants li.hand[data-participant=\"{seat_a}\"]')")).await;
    chair.shot("3-hand").await;
    chair.click("#speaking-limit").await;
    chair.click("#speaking-limit option[value=\"2\"]").await;
    chair
        .until(
            "the limit is set",
            Duration::from_secs(10),
            "return document.querySelector('#speaking-limit').value === '2'",
        )
        .await;
    chair
        .click(&format!(
            ".participants li[data-participant=\"{seat_a}\"] button.give-floor"
        ))
        .await;
    for page in [&a, &b] {
        page.until("the countdown runs", Duration::from_secs(10),
            "const c = document.querySelector('.countdown'); const ms = Number(c?.dataset.remainingMs); return ms > 100000 && ms <= 120000;").await;
        let first = page
            .eval("return Number(document.querySelector('.countdown').dataset.remainingMs)")
            .await;
        let text = page
            .eval("return document.querySelector('.countdown').textContent")
            .await;
        assert!(
            text.as_str()
                .is_some_and(|t| t.starts_with("1:") || t == "2:00"),
            "{text}"
        );
        let first = first.as_f64().expect("a number");
        page.until(
            "the countdown goes down",
            Duration::from_secs(5),
            &format!(
                "return Number(document.querySelector('.countdown').dataset.remainingMs) < {} ",
                first - 1000.0
            ),
        )
        .await;
        page.until(
            "the floor shows France",
            Duration::from_secs(5),
            "return document.querySelector('.holder').textContent.includes('Delegate of France')",
        )
        .await;
    }
    a.shot("4-floor").await;
    b.shot("4-floor").await;
    assert_eq!(
        b.accessibility().await,
        Vec::<String>::new(),
        "a delegate's room"
    );
    // The pages around the room, as a signed-in delegate reads them.
    for path in [
        format!("/meetings/{id}"),
        "/journal?date=2030-10-01&time_zone=America/New_York".to_string(),
    ] {
        b.page
            .goto(&format!("{}{path}", hub.url))
            .await
            .expect("page");
        assert_eq!(b.accessibility().await, Vec::<String>::new(), "{path}");
    }

    for page in [chair, a, b] {
        page.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_arabic_interface_is_right_to_left() {
    let dir = plenary_tests::browser_dir();
    let hub = Hub::start_with(Backend::Sqlite, &[("PLENARY_BROWSER_DIR", dir.as_str())]).await;
    let driver = Driver::start().await;
    let page = driver.browser("arabic").await;
    page.page
        .goto(&format!("{}/journal?lang=ar", hub.url))
        .await
        .expect("journal");
    assert_eq!(
        page.eval("return document.documentElement.dir").await,
        json!("rtl")
    );
    assert_eq!(
        page.eval("return getComputedStyle(document.body).direction")
            .await,
        json!("rtl")
    );
    page.shot("arabic-journal").await;
    assert_eq!(
        page.accessibility().await,
        Vec::<String>::new(),
        "the Arabic Journal"
    );
    page.page
        .goto(&format!("{}/sign-in?lang=ar", hub.url))
        .await
        .expect("sign-in");
    assert_eq!(
        page.eval("return document.documentElement.dir").await,
        json!("rtl")
    );
    // Text starts on the right: the heading's right edge is the page's right side.
    let edge = page
        .eval("const r = document.createRange(); r.selectNodeContents(document.querySelector('h1')); const h = r.getBoundingClientRect(); return document.documentElement.clientWidth - h.right < h.left")
        .await;
    assert_eq!(edge, json!(true), "the heading sits on the right");
    page.shot("arabic-sign-in").await;
    assert_eq!(
        page.accessibility().await,
        Vec::<String>::new(),
        "the Arabic sign-in page"
    );
    page.close().await;
}
