//! The browser test harness: a small demo city served by the real binary,
//! headless Chromium driven through chromedriver (WebDriver), full-page
//! screenshots and axe-core accessibility checks.
//!
//! The demo city is made once per test process and shared by every test; each
//! browser is a chromedriver and a Chromium of its own, so tests run in
//! parallel as the test runner schedules them (one per core; set
//! `RUST_TEST_THREADS` to change that). Without chromedriver the tests print
//! `browser tests skipped: …` and pass, unless `VIECLAM_REQUIRE_BROWSER=1`
//! (as in CI), where they fail.
//!
//! The helpers panic with the step, the selector and the page's address
//! rather than return errors: a journey test reads as the steps a person
//! takes, and its failure says which step went wrong.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, Once, OnceLock};
use std::time::{Duration, Instant};

use base64::Engine as _;
use fantoccini::elements::Element;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// The password of every demo account (see `vieclam demo`).
pub const DEMO_PASSWORD: &str = "vieclam-demo-2026";

/// Set to `1` (CI does) to make a missing browser a failure, not a skip.
const REQUIRE_BROWSER: &str = "VIECLAM_REQUIRE_BROWSER";

/// How long a page, an element or the server may take before a test fails.
/// Generous: the server is a debug build and the machine has two cores.
const WAIT: Duration = Duration::from_secs(20);

/// axe-core, vendored (see vendor/README.md); injected into the page under test
/// through WebDriver, so nothing of it is served by vieclam itself.
const AXE_SOURCE: &str = include_str!("vendor/axe.min.js");

/// The chromedriver executable: `CHROMEDRIVER`, else Debian's.
pub fn chromedriver_path() -> PathBuf {
    std::env::var_os("CHROMEDRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromedriver"))
}

/// The Chromium executable: `CHROMIUM`, else Debian's.
pub fn chromium_path() -> PathBuf {
    std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// Whether the browser tests can run here. Prints the skip notice once per
/// process when they cannot; panics instead under `VIECLAM_REQUIRE_BROWSER=1`.
pub fn browser_available() -> bool {
    let missing: Vec<String> = [chromedriver_path(), chromium_path()]
        .into_iter()
        .filter(|path| !path.exists())
        .map(|path| path.display().to_string())
        .collect();
    if missing.is_empty() {
        return true;
    }
    let why = format!(
        "{} not found (apt-get install chromium chromium-driver fonts-noto-core, \
         or set CHROMEDRIVER and CHROMIUM)",
        missing.join(" and ")
    );
    if std::env::var(REQUIRE_BROWSER).as_deref() == Ok("1") {
        panic!("{REQUIRE_BROWSER}=1 but the browser tests cannot run: {why}");
    }
    static NOTICE: Once = Once::new();
    // Straight to the process's stderr: the test runner captures eprintln!
    // of passing tests, and a skip must be seen.
    NOTICE.call_once(|| {
        let _ = writeln!(std::io::stderr(), "browser tests skipped: {why}");
    });
    false
}

/// The workspace's target folder: `CARGO_TARGET_DIR` (relative to the
/// workspace root when relative), else `<workspace>/target`.
pub fn target_dir() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let workspace = workspace.canonicalize().unwrap_or(workspace);
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => workspace.join(dir),
        None => workspace.join("target"),
    }
}

/// Where [`Browser::shot`] writes: `<target>/screenshots`.
pub fn screenshot_dir() -> PathBuf {
    target_dir().join("screenshots")
}

/// A port that was free a moment ago on 127.0.0.1.
fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("no free port on 127.0.0.1")
}

/// One HTTP/1.1 request over a plain socket, answering the status code. The
/// harness uses it where no async runtime may be at hand: while the shared
/// demo starts, and in `Drop`.
fn http_status(port: u16, method: &str, path: &str) -> std::io::Result<u16> {
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(2))?;
    stream.set_read_timeout(Some(Duration::from_secs(15)))?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head)?;
    let head = String::from_utf8_lossy(&head);
    head.get(9..12)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("not an HTTP answer: {head:?}")))
}

/// The last lines of a log file, for a failure message.
fn log_tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

/// The small demo city, served by `vieclam serve` on a free 127.0.0.1 port.
#[derive(Debug, Clone)]
pub struct Demo {
    base_url: String,
}

/// The one server of this test process.
struct DemoServer {
    base_url: String,
    /// The write end of the watchdog's stdin: it closes when this process
    /// ends, however it ends, and the watchdog then stops the server.
    _watchdog_stdin: Mutex<ChildStdin>,
    _watchdog: Mutex<Child>,
}

static DEMO: OnceLock<Result<DemoServer, String>> = OnceLock::new();

/// Runs `vieclam serve "$@"` and stops it when stdin closes (the test process
/// has ended), then removes the demo's folder. Exits with the server's status
/// when the server stops by itself.
const WATCHDOG: &str = r#"
exec 3<&0
"$0" "$@" </dev/null &
server=$!
{ read -r _ <&3; kill "$server" 2>/dev/null; } &
watcher=$!
wait "$server"
status=$?
kill "$watcher" 2>/dev/null
rm -rf "$VIECLAM_BROWSER_FOLDER"
exit "$status"
"#;

impl Demo {
    /// The demo city, made and served on the first call of this process
    /// (about half a minute in a debug build), shared after that. `None`
    /// (after the skip notice) where there is no browser to test with.
    pub async fn start() -> Option<Demo> {
        if !browser_available() {
            return None;
        }
        let server = tokio::task::spawn_blocking(|| DEMO.get_or_init(DemoServer::launch))
            .await
            .expect("the demo's start panicked");
        match server {
            Ok(server) => Some(Demo {
                base_url: server.base_url.clone(),
            }),
            Err(why) => panic!("the demo city could not be served: {why}"),
        }
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The absolute address of a path on the demo server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// The size in bytes of the body served at `path` to an anonymous
    /// client, fetched outside the browser (what a phone downloads).
    pub async fn page_bytes(&self, path: &str) -> usize {
        body_bytes(&self.url(path)).await
    }
}

/// The size in bytes of the body served at `url` to an anonymous client.
async fn body_bytes(url: &str) -> usize {
    let response = reqwest::get(url)
        .await
        .unwrap_or_else(|error| panic!("GET {url}: {error}"));
    assert!(
        response.status().is_success(),
        "GET {url}: {}",
        response.status()
    );
    response
        .bytes()
        .await
        .unwrap_or_else(|error| panic!("GET {url}: {error}"))
        .len()
}

impl DemoServer {
    fn launch() -> Result<DemoServer, String> {
        let binary = env!("CARGO_BIN_EXE_vieclam");
        let folder = tempfile::Builder::new()
            .prefix("vieclam-browser-")
            .tempdir()
            .map_err(|error| format!("temp dir: {error}"))?
            .keep();
        let db = format!("sqlite://{}", folder.join("demo.db").display());
        let log_file = |name: &str| {
            std::fs::File::create(folder.join(name)).map_err(|error| format!("{name}: {error}"))
        };

        let started = Instant::now();
        let demo_log = log_file("demo.log")?;
        let status = Command::new(binary)
            .args(["--db", &db, "demo", "--size", "small", "--no-serve"])
            .env_remove("VIECLAM_DB")
            .env_remove("VIECLAM_ADDR")
            .stdin(Stdio::null())
            .stdout(demo_log.try_clone().map_err(|error| error.to_string())?)
            .stderr(demo_log)
            .status()
            .map_err(|error| format!("running {binary}: {error}"))?;
        if !status.success() {
            let tail = log_tail(&folder.join("demo.log"));
            let _ = std::fs::remove_dir_all(&folder);
            return Err(format!("`vieclam demo` exited with {status}:\n{tail}"));
        }
        let demo_seconds = started.elapsed().as_secs_f64();

        let port = free_port();
        let server_log = log_file("server.log")?;
        let mut watchdog = Command::new("sh")
            .args([
                "-c", WATCHDOG, binary, "--db", &db, "serve", "--city", "01", "--addr",
            ])
            .arg(format!("127.0.0.1:{port}"))
            .env("VIECLAM_BROWSER_FOLDER", &folder)
            .env_remove("VIECLAM_DB")
            .env_remove("VIECLAM_ADDR")
            .env(
                "RUST_LOG",
                std::env::var("RUST_LOG").unwrap_or("warn".into()),
            )
            .stdin(Stdio::piped())
            .stdout(server_log.try_clone().map_err(|error| error.to_string())?)
            .stderr(server_log)
            .spawn()
            .map_err(|error| format!("starting the server: {error}"))?;
        let stdin = watchdog.stdin.take().expect("piped stdin");

        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if http_status(port, "GET", "/healthz").ok() == Some(200) {
                break;
            }
            let server_log = folder.join("server.log");
            if let Ok(Some(status)) = watchdog.try_wait() {
                return Err(format!(
                    "`vieclam serve` exited with {status}:\n{}",
                    log_tail(&server_log)
                ));
            }
            if Instant::now() > deadline {
                let tail = log_tail(&server_log);
                drop(stdin);
                let _ = watchdog.wait();
                return Err(format!("/healthz did not answer 200 within 60 s:\n{tail}"));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        let _ = writeln!(
            std::io::stderr(),
            "browser tests: demo city made in {demo_seconds:.1} s, served on 127.0.0.1:{port} \
             after {:.1} s",
            started.elapsed().as_secs_f64()
        );
        Ok(DemoServer {
            base_url: format!("http://127.0.0.1:{port}"),
            _watchdog_stdin: Mutex::new(stdin),
            _watchdog: Mutex::new(watchdog),
        })
    }
}

/// The window of [`Browser::start`]: a common Android phone, in CSS pixels.
pub const PHONE: (u32, u32) = (412, 915);
/// The window of [`Browser::desktop`].
pub const DESKTOP: (u32, u32) = (1280, 900);

/// One headless Chromium with its own chromedriver, ended on drop.
pub struct Browser {
    client: Client,
    driver: Child,
    driver_port: u16,
    session_id: String,
    base_url: Option<String>,
    js: bool,
}

impl std::fmt::Debug for Browser {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Browser")
            .field("driver_port", &self.driver_port)
            .field("js", &self.js)
            .field("base_url", &self.base_url)
            .finish()
    }
}

/// A vendor command of chromedriver: one Chrome DevTools Protocol call
/// (`POST /session/{id}/goog/cdp/execute`), for what WebDriver lacks, such as
/// a screenshot of the whole page.
#[derive(Debug)]
struct DevToolsCommand {
    method: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for DevToolsCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (reqwest::Method, Option<String>) {
        let body = json!({ "cmd": self.method, "params": self.params });
        (reqwest::Method::POST, Some(body.to_string()))
    }
}

/// One accessibility rule that a page breaks, as axe-core reports it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Violation {
    /// The rule, e.g. `image-alt`, `label`, `color-contrast`.
    pub id: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: Option<String>,
    /// What the rule asks for, in a sentence.
    pub help: String,
    /// A CSS selector of each failing element.
    pub targets: Vec<String>,
}

impl Violation {
    /// Whether it blocks or seriously hinders a person: the ones a page
    /// must not have.
    pub fn is_serious(&self) -> bool {
        matches!(self.impact.as_deref(), Some("serious" | "critical"))
    }
}

/// The failure message of [`Browser::assert_accessible`]: every serious or
/// critical violation, or `None` when there is none.
pub fn accessibility_failures(name: &str, violations: &[Violation]) -> Option<String> {
    let serious: Vec<String> = violations
        .iter()
        .filter(|violation| violation.is_serious())
        .map(|violation| {
            format!(
                "  [{}] {}: {}\n    at {}",
                violation.impact.as_deref().unwrap_or("?"),
                violation.id,
                violation.help,
                violation.targets.join(", ")
            )
        })
        .collect();
    if serious.is_empty() {
        return None;
    }
    Some(format!(
        "{name}: {} serious or critical accessibility violation(s):\n{}",
        serious.len(),
        serious.join("\n")
    ))
}

/// Runs axe on the page and hands back a JSON string of the violations (a
/// string, so that WebDriver's serialisation of DOM nodes never gets in the
/// way).
const AXE_RUN: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ["violations"] })
  .then((results) => done(JSON.stringify(results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(" ")),
  })))))
  .catch((error) => done(JSON.stringify({ error: String(error) })));
"#;

/// The timers axe sees where the page's own never fire: a zero delay runs
/// the callback as a microtask; a longer one is one of axe's guards for
/// frames that do not answer (there are none to wait for without
/// JavaScript), and never fires.
const AXE_TIMERS_WITHOUT_JS: &str = r#"
const setTimeout = (callback, delay, ...args) => {
  if (!(delay > 0)) Promise.resolve().then(() => callback(...args));
  return 0;
};
const clearTimeout = () => {};
"#;

impl Browser {
    /// A phone-sized browser ([`PHONE`]); `js` false turns JavaScript off
    /// for every page, as with a browser that has it blocked.
    pub async fn start(js: bool) -> Browser {
        Browser::launch(js, PHONE).await
    }

    /// A desktop-sized browser ([`DESKTOP`]).
    pub async fn desktop(js: bool) -> Browser {
        Browser::launch(js, DESKTOP).await
    }

    async fn launch(js: bool, (width, height): (u32, u32)) -> Browser {
        let mobile = (width, height) == PHONE;
        assert!(
            browser_available(),
            "no browser here: check harness::browser_available() or Demo::start() first"
        );
        let driver_port = free_port();
        let mut driver = Command::new(chromedriver_path())
            .arg(format!("--port={driver_port}"))
            // Chromium's interface language on Linux.
            .env("LANGUAGE", "vi")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("starting {}: {error}", chromedriver_path().display()));

        let deadline = Instant::now() + WAIT;
        while http_status(driver_port, "GET", "/status").ok() != Some(200) {
            if let Ok(Some(status)) = driver.try_wait() {
                panic!("chromedriver exited with {status} before it answered");
            }
            if Instant::now() > deadline {
                let _ = driver.kill();
                let _ = driver.wait();
                panic!("chromedriver did not answer on port {driver_port} within {WAIT:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }

        let javascript = if js { 1 } else { 2 };
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium_path(),
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--lang=vi",
                    "--hide-scrollbars",
                    format!("--window-size={width},{height}"),
                ],
                // The window alone is no exact viewport: Chromium keeps a
                // window at least 500 pixels wide and takes its frame off the
                // height. The emulated device sets the viewport itself, and a
                // phone's page is laid out as on a phone (its
                // `<meta name=viewport>` honoured). Touch stays off: with it
                // and JavaScript off, chromedriver's click never returns.
                "mobileEmulation": {
                    "deviceMetrics": {
                        "width": width,
                        "height": height,
                        "pixelRatio": 1.0,
                        "mobile": mobile,
                        "touch": false,
                    },
                },
                "prefs": {
                    "intl.accept_languages": "vi-VN,vi",
                    "profile.managed_default_content_settings.javascript": javascript,
                },
            },
        });
        let capabilities = match capabilities {
            Value::Object(map) => map,
            _ => unreachable!("a JSON object literal"),
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{driver_port}"))
            .await;
        let client = match client {
            Ok(client) => client,
            Err(error) => {
                let _ = driver.kill();
                let _ = driver.wait();
                panic!("chromedriver could not start Chromium: {error}");
            }
        };
        let session_id = client
            .session_id()
            .await
            .ok()
            .flatten()
            .expect("a new session has an id");
        let browser = Browser {
            client,
            driver,
            driver_port,
            session_id,
            base_url: None,
            js,
        };
        browser
            .client
            .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
                Some(Duration::from_secs(60)),
                Some(WAIT),
                Some(Duration::ZERO),
            ))
            .await
            .expect("setting WebDriver timeouts");
        browser
    }

    /// The same browser, with paths in [`Browser::goto`] taken on `demo`.
    pub fn on(mut self, demo: &Demo) -> Browser {
        self.base_url = Some(demo.base_url().to_owned());
        self
    }

    /// The same browser, with paths taken on `base_url`.
    pub fn with_base_url(mut self, base_url: &str) -> Browser {
        self.base_url = Some(base_url.trim_end_matches('/').to_owned());
        self
    }

    /// Whether this browser runs JavaScript.
    pub fn js(&self) -> bool {
        self.js
    }

    /// The WebDriver client, for what the helpers below do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Opens a path (on the base URL) or an absolute URL, and waits for the
    /// page to load.
    pub async fn goto(&self, path: &str) {
        let url = match &self.base_url {
            Some(base) if path.starts_with('/') => format!("{base}{path}"),
            _ => path.to_owned(),
        };
        self.client
            .goto(&url)
            .await
            .unwrap_or_else(|error| panic!("goto {url}: {error}"));
    }

    /// The address of the page, for failure messages.
    pub async fn current_url(&self) -> String {
        self.client
            .current_url()
            .await
            .map(|url| url.to_string())
            .unwrap_or_else(|error| format!("<no address: {error}>"))
    }

    /// The path of the page (`/viec-lam`), without the query.
    pub async fn current_path(&self) -> String {
        self.client
            .current_url()
            .await
            .map(|url| url.path().to_owned())
            .unwrap_or_else(|error| panic!("current_url: {error}"))
    }

    /// The first element matching `css`, now.
    pub async fn find(&self, css: &str) -> Element {
        match self.client.find(Locator::Css(css)).await {
            Ok(element) => element,
            Err(error) => panic!("find {css:?} on {}: {error}", self.current_url().await),
        }
    }

    /// Every element matching `css`, now.
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        match self.client.find_all(Locator::Css(css)).await {
            Ok(elements) => elements,
            Err(error) => panic!("find_all {css:?} on {}: {error}", self.current_url().await),
        }
    }

    /// The first element matching `css`, waiting for it to appear.
    pub async fn wait_for(&self, css: &str) -> Element {
        let found = self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await;
        match found {
            Ok(element) => element,
            Err(error) => panic!(
                "wait_for {css:?} on {} ({WAIT:?}): {error}",
                self.current_url().await
            ),
        }
    }

    /// Types `text` into the field matching `css`, replacing its value.
    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        let typed = async {
            field.clear().await?;
            field.send_keys(text).await
        };
        if let Err(error) = typed.await {
            panic!("fill {css:?} on {}: {error}", self.current_url().await);
        }
    }

    /// Clicks the element matching `css` (a link, a button). It does not wait
    /// for a page that the click loads: see [`Browser::click_and_load`].
    pub async fn click(&self, css: &str) {
        let element = self.find(css).await;
        if let Err(error) = element.click().await {
            panic!("click {css:?} on {}: {error}", self.current_url().await);
        }
    }

    /// Clicks the element matching `css` and waits until the page it loads
    /// (a link followed, a form sent) has loaded: chromedriver's click does
    /// not always wait for it.
    pub async fn click_and_load(&self, css: &str) {
        // A mark on the page as it is: the next page has none.
        let marked = self
            .client
            .execute(
                "document.documentElement.dataset.harnessLeft = '1'; return true;",
                vec![],
            )
            .await;
        if let Err(error) = marked {
            panic!(
                "marking {} before a click: {error}",
                self.current_url().await
            );
        }
        self.click(css).await;
        let deadline = Instant::now() + WAIT;
        loop {
            // Errors while the old page unloads mean "not yet".
            let loaded = self
                .client
                .execute(
                    "return document.documentElement.dataset.harnessLeft === undefined \
                     && document.readyState === 'complete';",
                    vec![],
                )
                .await;
            if matches!(loaded, Ok(Value::Bool(true))) {
                return;
            }
            if Instant::now() > deadline {
                panic!(
                    "click {css:?}: no new page loaded within {WAIT:?} (still on {})",
                    self.current_url().await
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Sends the form matching `form_css` with its first submit button, as a
    /// person would (it works without JavaScript), and waits for the page
    /// that answers. A form that htmx sends without loading a page is not
    /// for this: click its button and [`Browser::wait_for`] what it shows.
    pub async fn submit(&self, form_css: &str) {
        self.click_and_load(&format!(
            "{form_css} button[type=submit], {form_css} input[type=submit]"
        ))
        .await;
    }

    /// The size in bytes of the page now open as served to an anonymous
    /// client (without this browser's session), fetched outside the browser.
    pub async fn page_bytes(&self) -> usize {
        body_bytes(&self.current_url().await).await
    }

    /// The visible text of the element matching `css`.
    pub async fn text_of(&self, css: &str) -> String {
        let element = self.find(css).await;
        match element.text().await {
            Ok(text) => text,
            Err(error) => panic!("text_of {css:?} on {}: {error}", self.current_url().await),
        }
    }

    /// Logs in through the login page (`/dang-nhap`) with its `username` and
    /// `password` fields.
    pub async fn login(&self, username: &str, password: &str) {
        self.goto("/dang-nhap").await;
        self.fill("input[name=username]", username).await;
        self.fill("input[name=password]", password).await;
        self.click_and_load("button[type=submit]").await;
    }

    /// One Chrome DevTools Protocol call through chromedriver.
    async fn devtools(&self, method: &'static str, params: Value) -> Value {
        match self
            .client
            .issue_cmd(DevToolsCommand { method, params })
            .await
        {
            Ok(value) => value,
            Err(error) => panic!("DevTools {method}: {error}"),
        }
    }

    /// A PNG of the whole page (not only the window) in
    /// `<target>/screenshots/<name>.png`; answers its path.
    pub async fn shot(&self, name: &str) -> PathBuf {
        let metrics = self.devtools("Page.getLayoutMetrics", json!({})).await;
        let size = &metrics["cssContentSize"];
        let (width, height) = (
            size["width"].as_f64().unwrap_or(f64::from(PHONE.0)).ceil(),
            size["height"].as_f64().unwrap_or(f64::from(PHONE.1)).ceil(),
        );
        let shot = self
            .devtools(
                "Page.captureScreenshot",
                json!({
                    "format": "png",
                    "captureBeyondViewport": true,
                    "clip": { "x": 0, "y": 0, "width": width, "height": height, "scale": 1 },
                }),
            )
            .await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().expect("a screenshot has data"))
            .expect("a screenshot is base64");
        let folder = screenshot_dir();
        std::fs::create_dir_all(&folder)
            .unwrap_or_else(|error| panic!("creating {}: {error}", folder.display()));
        let path = folder.join(format!("{name}.png"));
        std::fs::write(&path, png)
            .unwrap_or_else(|error| panic!("writing {}: {error}", path.display()));
        path
    }

    /// The page printed by Chromium as a person would print it (A4, the
    /// print styles applied) in `<target>/screenshots/<name>.pdf`; answers
    /// the PDF's text, read back from the file.
    pub async fn pdf(&self, name: &str) -> String {
        let printed = self
            .devtools(
                "Page.printToPDF",
                json!({
                    "paperWidth": 8.27,
                    "paperHeight": 11.69,
                    "printBackground": false,
                    "preferCSSPageSize": true,
                }),
            )
            .await;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(printed["data"].as_str().expect("a printed page has data"))
            .expect("a printed page is base64");
        let folder = screenshot_dir();
        std::fs::create_dir_all(&folder)
            .unwrap_or_else(|error| panic!("creating {}: {error}", folder.display()));
        let path = folder.join(format!("{name}.pdf"));
        std::fs::write(&path, &bytes)
            .unwrap_or_else(|error| panic!("writing {}: {error}", path.display()));
        match pdf_extract::extract_text_from_mem(&bytes) {
            Ok(text) => text,
            Err(error) => panic!("reading {}: {error}", path.display()),
        }
    }

    /// Runs axe-core on the page and answers every violation. The script is
    /// injected through WebDriver, which the page's Content-Security-Policy
    /// does not govern, and runs even where the page's own JavaScript is off.
    pub async fn axe(&self) -> Vec<Violation> {
        // With JavaScript off, scripts injected through WebDriver run but the
        // page's timers never fire, and axe finishes its run in one. axe is
        // evaluated inside the injected function, so a `setTimeout` declared
        // there is the one it sees (the page's own stays as it is).
        let timers = if self.js { "" } else { AXE_TIMERS_WITHOUT_JS };
        let loaded = self
            .client
            .execute(
                &format!("{timers}\n{AXE_SOURCE}\n;return typeof axe;"),
                vec![],
            )
            .await;
        match loaded {
            Ok(Value::String(kind)) if kind == "object" => {}
            other => panic!(
                "axe-core did not load on {}: {other:?}",
                self.current_url().await
            ),
        }
        let answer = self.client.execute_async(AXE_RUN, vec![]).await;
        let text = match answer {
            Ok(Value::String(text)) => text,
            other => panic!("axe.run on {}: {other:?}", self.current_url().await),
        };
        match serde_json::from_str(&text) {
            Ok(violations) => violations,
            Err(_) => panic!("axe.run on {}: {text}", self.current_url().await),
        }
    }

    /// Fails listing every serious or critical accessibility violation of
    /// the page; `name` says which page in the message.
    pub async fn assert_accessible(&self, name: &str) {
        let violations = self.axe().await;
        if let Some(failures) = accessibility_failures(name, &violations) {
            panic!("{failures}\n(on {})", self.current_url().await);
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ending the session makes chromedriver quit Chromium; killing
        // chromedriver alone would leave Chromium running. Blocking is fine
        // here: the test is over, and the call goes to another process.
        let _ = http_status(
            self.driver_port,
            "DELETE",
            &format!("/session/{}", self.session_id),
        );
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
