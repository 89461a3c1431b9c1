//! Debian's Chromium driven through chromedriver, and its Firefox ESR through
//! geckodriver (both over WebDriver, with fantoccini; Firefox's uncaught
//! errors through WebDriver BiDi), for the browser tests and the first-render
//! benchmark: a fake camera and microphone, Chromium headless and Firefox on
//! a virtual screen, one profile per page, screenshots kept as artifacts.

use crate::Hub;
use fantoccini::{Client as Page, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One chromedriver for the test; each [`Browser`] is its own Chromium with
/// its own profile (and so its own cookies).
#[derive(Debug)]
pub struct Driver {
    /// chromedriver; Firefox pages have a geckodriver each (it drives one
    /// session at a time).
    child: Option<Child>,
    url: String,
    profiles: String,
    firefox: bool,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The Chromiums it started too, even after a failed test (they
        // leave chromedriver's process group): each has a profile folder
        // named for this test process.
        let _ = Command::new("pkill")
            .args(["-KILL", "-f", &self.profiles])
            .status();
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
        // And their profile folders, which a failed test never closes.
        let (folder, prefix) = self
            .profiles
            .rsplit_once('/')
            .unwrap_or((".", self.profiles.as_str()));
        if let Ok(entries) = std::fs::read_dir(folder) {
            for entry in entries.flatten() {
                if entry.file_name().to_string_lossy().starts_with(prefix) {
                    let _ = std::fs::remove_dir_all(entry.path());
                }
            }
        }
    }
}

/// Starts a WebDriver server on a free port and waits until it answers.
async fn webdriver(command: &mut Command, program: &str) -> (Child, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let child = spawn_quiet(command.arg(format!("--port={port}")), program);
    let url = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    while reqwest::get(format!("{url}/status")).await.is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{program} did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (child, url)
}

/// The browser engines the room is tested in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Chromium,
    Firefox,
}

impl Driver {
    /// Pages of `engine`.
    pub async fn of(engine: Engine) -> Driver {
        match engine {
            Engine::Chromium => Driver::start().await,
            Engine::Firefox => Driver::firefox().await,
        }
    }

    /// Chromium pages.
    pub async fn start() -> Driver {
        let (child, url) = webdriver(&mut Command::new("chromedriver"), "chromedriver").await;
        Driver {
            child: Some(child),
            url,
            profiles: profile_prefix(),
            firefox: false,
        }
    }

    /// Firefox pages, through `PLENARY_TEST_GECKODRIVER` (infra/setup.sh
    /// test builds it) or `geckodriver` on the path.
    pub async fn firefox() -> Driver {
        Driver {
            child: None,
            url: String::new(),
            profiles: profile_prefix(),
            firefox: true,
        }
    }

    pub async fn browser(&self, name: &str) -> Browser {
        let mut caps = serde_json::Map::new();
        // Firefox's screen: an Xvfb for each page (headless Firefox has no
        // screen to share, so `getDisplayMedia` finds nothing; on a screen
        // of its own, its window always has the focus sharing asks for).
        let screen = if self.firefox {
            Some(screen().await)
        } else {
            None
        };
        let (driver, url) = if !self.firefox {
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
            (None, self.url.clone())
        } else {
            let program = std::env::var("PLENARY_TEST_GECKODRIVER")
                .unwrap_or_else(|_| "geckodriver".to_string());
            let mut command = Command::new(&program);
            // Firefox on its screen, and WebDriver BiDi on a free port.
            command.arg("--websocket-port=0");
            if let Some((_, display)) = &screen {
                command.env("DISPLAY", display);
            }
            let (child, url) = webdriver(&mut command, &program).await;
            let profile = format!("{}{name}", self.profiles);
            std::fs::create_dir_all(&profile).expect("a profile folder");
            caps.insert("browserName".into(), json!("firefox"));
            // WebDriver BiDi beside the classic commands: it reports the
            // page's uncaught errors, which no script in the page can see.
            caps.insert("webSocketUrl".into(), json!(true));
            caps.insert(
                "moz:firefoxOptions".into(),
                json!({
                    "binary": "/usr/bin/firefox-esr",
                    "args": ["--width=1280", "--height=1000", "-profile", profile],
                    "prefs": {
                        "media.navigator.streams.fake": true,
                        "media.navigator.permission.disabled": true,
                        "media.autoplay.default": 0,
                        "media.autoplay.blocking_policy": 0,
                        // The tests' network is loopback, which Firefox
                        // leaves out of ICE unless told (Chromium does not).
                        "media.peerconnection.ice.loopback": true,
                        "media.peerconnection.ice.obfuscate_host_addresses": false,
                    }
                }),
            );
            (Some(child), url)
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let page = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&url)
            .await
            .expect("a browser session");
        let bidi_url = page
            .capabilities()
            .and_then(|c| c.get("webSocketUrl"))
            .and_then(|v| v.as_str())
            .map(str::to_string);
        let entries = match bidi_url {
            Some(url) => Some(log_entries(&url).await),
            None => None,
        };
        if let Some(entries) = &entries {
            // An error thrown on purpose must be reported, or an empty list
            // later would prove nothing.
            page.execute(
                "setTimeout(() => { throw new Error('plenary-bidi-probe'); }); return 1;",
                vec![],
            )
            .await
            .expect("the probe runs");
            let started = Instant::now();
            loop {
                let probed = {
                    let mut seen = entries.lock().unwrap_or_else(|p| p.into_inner());
                    let probed = seen.iter().any(|e| e.contains("plenary-bidi-probe"));
                    if probed {
                        seen.clear();
                    }
                    probed
                };
                if probed {
                    break;
                }
                assert!(
                    started.elapsed() < Duration::from_secs(10),
                    "WebDriver BiDi does not report the page's errors"
                );
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
        Browser {
            page,
            entries,
            screen,
            name: name.to_string(),
            profile: format!("{}{name}", self.profiles),
            driver,
        }
    }
}

#[derive(Debug)]
pub struct Browser {
    pub page: Page,
    pub name: String,
    profile: String,
    /// A Firefox page's own geckodriver.
    driver: Option<Child>,
    /// What WebDriver BiDi reported of a Firefox page's log: `type level: text`.
    entries: Option<Arc<Mutex<Vec<String>>>>,
    /// A Firefox page's Xvfb, and its name.
    screen: Option<(Child, String)>,
}

/// Subscribes to a BiDi session's log entries; they are kept as they come.
async fn log_entries(url: &str) -> Arc<Mutex<Vec<String>>> {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;
    let (mut socket, _) = tokio_tungstenite::connect_async(url)
        .await
        .unwrap_or_else(|e| panic!("WebDriver BiDi at {url}: {e}"));
    let subscribe = json!({"id": 1, "method": "session.subscribe",
                           "params": {"events": ["log.entryAdded"]}});
    socket
        .send(Message::text(subscribe.to_string()))
        .await
        .expect("BiDi subscribe");
    let kept = Arc::new(Mutex::new(Vec::new()));
    let entries = kept.clone();
    tokio::spawn(async move {
        while let Some(Ok(message)) = socket.next().await {
            let Ok(text) = message.to_text() else {
                continue;
            };
            let Ok(event) = serde_json::from_str::<Value>(text) else {
                continue;
            };
            if event["method"] == "log.entryAdded" {
                let p = &event["params"];
                let entry = format!(
                    "{} {}: {}",
                    p["type"].as_str().unwrap_or("?"),
                    p["level"].as_str().unwrap_or("?"),
                    p["text"].as_str().unwrap_or("")
                );
                entries
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(entry);
            }
        }
    });
    kept
}

impl Drop for Browser {
    fn drop(&mut self) {
        // geckodriver and the Firefox it started (named by its profile),
        // even after a failed test.
        if let Some(child) = &mut self.driver {
            let _ = child.kill();
            let _ = child.wait();
            let _ = Command::new("pkill")
                .args(["-KILL", "-f", &self.profile])
                .status();
        }
        if let Some((child, _)) = &mut self.screen {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Starts `command` in a process group of its own, its output dropped.
fn spawn_quiet(command: &mut Command, what: &str) -> Child {
    command
        .process_group(0)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{what} runs (infra/setup.sh test installs it): {e}"))
}

/// A virtual screen (Xvfb, from `infra/setup.sh test`) on a free display
/// number, once it is up; its name, such as `:143`.
async fn screen() -> (Child, String) {
    for _ in 0..20 {
        let n = 100 + (uuid::Uuid::new_v4().as_u128() % 900) as u32;
        if std::path::Path::new(&format!("/tmp/.X{n}-lock")).exists() {
            continue;
        }
        let name = format!(":{n}");
        let mut child = spawn_quiet(
            Command::new("Xvfb")
                // Only this user's processes reach it: no TCP, a socket in /tmp.
                .args([
                    name.as_str(),
                    "-ac",
                    "-nolisten",
                    "tcp",
                    "-screen",
                    "0",
                    "1280x1000x24",
                ]),
            "Xvfb",
        );
        let socket = format!("/tmp/.X11-unix/X{n}");
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(10) {
            if std::path::Path::new(&socket).exists() {
                return (child, name);
            }
            if let Ok(Some(_)) = child.try_wait() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    panic!("no Xvfb screen could be started");
}

/// The start of every profile folder a driver gives its Chromiums.
fn profile_prefix() -> String {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    std::env::temp_dir()
        .join(format!("plenary-browser-{}-{n}-", std::process::id()))
        .display()
        .to_string()
}

pub fn artifacts() -> PathBuf {
    let dir = std::env::var("PLENARY_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/artifacts"))
        .join("browser");
    std::fs::create_dir_all(&dir).expect("artifacts folder");
    dir
}

impl Browser {
    /// The page's log as WebDriver BiDi reports it, `type level: text`
    /// (Firefox pages; Chromium's have none to report).
    pub fn log_entries(&self) -> Vec<String> {
        self.entries
            .as_ref()
            .map(|e| e.lock().unwrap_or_else(|p| p.into_inner()).clone())
            .unwrap_or_default()
    }

    /// The page's uncaught JavaScript errors so far.
    pub fn script_errors(&self) -> Vec<String> {
        self.log_entries()
            .into_iter()
            .filter(|entry| entry.starts_with("javascript "))
            .collect()
    }

    pub async fn sign_in(&self, hub: &Hub, email: &str, password: &str, next: &str) {
        self.sign_in_at(&hub.url, email, password, next).await;
    }

    /// Signs in through the form of the hub at `base`, then goes to `next`
    /// (or to the second step's page), and waits until that page has
    /// loaded: a step right after must not find the sign-in page still
    /// there under load.
    pub async fn sign_in_at(&self, base: &str, email: &str, password: &str, next: &str) {
        self.page
            .goto(&format!("{base}/sign-in?next={next}"))
            .await
            .expect("sign-in page");
        self.fill("email", email).await;
        self.fill("password", password).await;
        self.page
            .find(Locator::Css("form.sign-in button[type=submit]"))
            .await
            .expect("submit")
            .click()
            .await
            .expect("click");
        self.until(
            "the sign-in leads on",
            std::time::Duration::from_secs(30),
            "return location.pathname !== '/sign-in' && document.readyState === 'complete'",
        )
        .await;
    }

    pub async fn shot(&self, step: &str) {
        let png = self.page.screenshot().await.expect("screenshot");
        std::fs::write(artifacts().join(format!("{step}-{}.png", self.name)), png)
            .expect("write screenshot");
    }

    pub async fn eval(&self, script: &str) -> Value {
        self.page
            .execute(script, vec![])
            .await
            .expect("script runs")
    }

    /// Runs `script` with `args` as its `arguments`, so values need no quoting.
    pub async fn eval_with(&self, script: &str, args: Vec<Value>) -> Value {
        self.page.execute(script, args).await.expect("script runs")
    }

    /// Whether `script` (a function body) returns true within `within`.
    pub async fn wait(&self, within: Duration, script: &str) -> bool {
        let started = Instant::now();
        while started.elapsed() < within {
            // A page on its way (a reload, a form's next page) may not hold
            // what the script reads yet: that is not yet, not a failure.
            if let Ok(Value::Bool(true)) = self.page.execute(script, vec![]).await {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        false
    }

    /// Waits until `script` (a function body returning a value) returns true.
    pub async fn until(&self, what: &str, within: Duration, script: &str) {
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
    pub async fn record_console(&self) {
        self.eval(
            "window.__log = []; for (const k of ['warn', 'error', 'info']) { const o = console[k]; \
             console[k] = (...a) => { window.__log.push(k + ': ' + a.map(String).join(' ')); o.apply(console, a); }; }",
        )
        .await;
    }

    pub async fn click(&self, css: &str) {
        self.page
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{}: no {css}: {e}", self.name))
            .click()
            .await
            .unwrap_or_else(|e| panic!("{}: clicking {css}: {e}", self.name));
    }

    /// Types `keys` (WebDriver's key codes included: `\u{E004}` Tab,
    /// `\u{E007}` Enter, `\u{E00A}` Alt, `\u{E008}` Shift, `\u{E000}` to
    /// release them) into whatever has the focus, as a keyboard would.
    pub async fn keys(&self, keys: &str) {
        self.page
            .active_element()
            .await
            .unwrap_or_else(|e| panic!("{}: no focused element: {e}", self.name))
            .send_keys(keys)
            .await
            .unwrap_or_else(|e| panic!("{}: typing {keys:?}: {e}", self.name));
    }

    /// Presses Tab until the focus is on `css` (at most `steps` times); panics otherwise.
    pub async fn tab_to(&self, css: &str, steps: usize) {
        let script = format!(
            "return document.activeElement?.matches({}) === true",
            json!(css)
        );
        for _ in 0..steps {
            if self.eval(&script).await == json!(true) {
                return;
            }
            self.keys("\u{E004}").await;
        }
        if self.eval(&script).await != json!(true) {
            let at = self.eval("return document.activeElement?.outerHTML").await;
            panic!(
                "{}: Tab never reached {css}; the focus is on {at}",
                self.name
            );
        }
    }

    /// Sizes the window (a 13-inch laptop, a tablet) for the screenshots that follow.
    pub async fn resize(&self, width: u32, height: u32) {
        self.page
            .set_window_size(width, height)
            .await
            .unwrap_or_else(|e| panic!("{}: resizing: {e}", self.name));
    }

    /// axe-core's serious and critical findings on the page as it is now.
    pub async fn accessibility(&self) -> Vec<String> {
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

    /// Types into the field with this id (at the end of its text).
    pub async fn fill(&self, id: &str, text: &str) {
        let field = self
            .page
            .find(Locator::Id(id))
            .await
            .unwrap_or_else(|e| panic!("{}: no #{id}: {e}", self.name));
        if let Err(e) = field.send_keys(text).await {
            self.shot(&format!("failed-typing-{id}")).await;
            let html = self.eval("return document.body.outerHTML").await;
            panic!("{}: typing into #{id}: {e}; page: {html}", self.name);
        }
    }

    /// Sets a field's value as a picker would (date and time pickers, selects), with its events.
    pub async fn set(&self, id: &str, value: &str) {
        let done = self
            .page
            .execute(
                "const e = document.getElementById(arguments[0]); if (!e) return false; e.value = arguments[1]; \
                 e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true})); \
                 return e.value === arguments[1];",
                vec![json!(id), json!(value)],
            )
            .await
            .expect("script runs");
        if done != json!(true) {
            let field = self
                .page
                .execute(
                    "return document.getElementById(arguments[0])?.outerHTML",
                    vec![json!(id)],
                )
                .await
                .expect("script runs");
            panic!("{}: #{id} does not take {value:?}: {field}", self.name);
        }
    }

    /// Goes to a page of the hub.
    pub async fn open(&self, hub: &Hub, path: &str) {
        self.page
            .goto(&format!("{}{path}", hub.url))
            .await
            .unwrap_or_else(|e| panic!("{}: {path}: {e}", self.name));
    }

    /// The page's path once the browser has gone somewhere other than `from`.
    pub async fn moved_from(&self, from: &str) -> String {
        self.until(
            "the next page",
            Duration::from_secs(15),
            &format!(
                "return location.pathname !== {} && document.readyState === 'complete'",
                json!(from)
            ),
        )
        .await;
        self.eval("return location.pathname")
            .await
            .as_str()
            .expect("a path")
            .to_string()
    }

    /// Waits for the islands to come to life (the browser part loaded and hydrated).
    pub async fn hydrated(&self) {
        self.until(
            "the page hydrates",
            Duration::from_secs(20),
            "return document.documentElement.dataset.hydrated === 'true'",
        )
        .await;
    }

    pub async fn close(self) {
        let _ = self.page.clone().close().await;
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}
