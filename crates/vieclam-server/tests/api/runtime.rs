//! The runtime under heavy requests: imports that rebuild the indexes and
//! the statistics must not stall other requests nor take search and the
//! figures offline. Ordering, never wall-clock time: a rebuild is held at
//! a hook while the test looks at the server.

use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

use chrono::Datelike;
use reqwest::StatusCode;
use serde_json::Value;
use vieclam_domain::Role;
use vieclam_store::Area;

use crate::helpers::{spawn_app_and_state, spawn_app_and_state_with, TestApp};

/// A worker sheet of `n` rows in Hòa Xá, citizen IDs from `first`.
fn worker_sheet(first: u32, n: u32) -> Vec<u8> {
    let mut sheet = String::from("Họ và tên,Ngày sinh,Giới tính,Số CCCD,Mã xã,Số điện thoại\n");
    for serial in first..first + n {
        sheet.push_str(&format!(
            "Nguyễn Văn An,12/04/1995,Nam,001095{serial:06},10417,\n"
        ));
    }
    sheet.into_bytes()
}

async fn import_workers(address: String, token: String, sheet: Vec<u8>) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .post(format!("{address}/api/v1/import/workers"))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(sheet)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// A hook that tells the test it was reached, then waits until the test
/// lets it go (or, should the runtime itself be blocked so that the test
/// can never let it go, gives up after a while so the test fails instead
/// of hanging).
struct Hold {
    reached: tokio::sync::mpsc::UnboundedReceiver<()>,
    release: mpsc::Sender<()>,
}

fn hold(live_hook: impl FnOnce(Box<dyn Fn() + Send + Sync>)) -> Hold {
    let (reached_sender, reached) = tokio::sync::mpsc::unbounded_channel();
    let (release, released) = mpsc::channel::<()>();
    let released = Arc::new(Mutex::new(released));
    live_hook(Box::new(move || {
        let _ = reached_sender.send(());
        let _ = released
            .lock()
            .unwrap()
            .recv_timeout(Duration::from_secs(300));
    }));
    Hold { reached, release }
}

async fn total_of_workers(app: &TestApp, token: &str) -> u64 {
    let (status, body) = app.get("/api/v1/workers/search", Some(token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["total"].as_u64().unwrap()
}

async fn unemployed_in_hoa_xa(app: &TestApp, token: &str) -> Value {
    let today = vieclam_server::vietnam_today();
    let path = format!(
        "/api/v1/indicators/unemployment_rate/values?unit=2025:10417&period={}-{:02}",
        today.year(),
        today.month()
    );
    let (status, body) = app.get(&path, Some(token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body[0]["numerator"].clone()
}

/// Two 30 KB imports in flight at once used to rebuild the indexes and the cube on
/// the async threads: `/healthz` stalled for seconds, worker search came
/// back partial (the live index was cleared first) and indicators answered
/// 503 until the cube was built again. Now the rebuilds run beside the live
/// copies on blocking threads: while both are held mid-rebuild (so neither
/// import has answered yet), the server answers health, search with every
/// worker of before, and the figures of before; once let go, both imports
/// answer and the new copies hold every row.
#[tokio::test]
async fn health_search_and_figures_answer_while_two_imports_rebuild() {
    let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    let (app, state) = spawn_app_and_state().await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    let token = app.token("xa.hoaxa").await;
    let (status, report) =
        import_workers(app.address.clone(), token.clone(), worker_sheet(1, 2)).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(total_of_workers(&app, &token).await, 2);
    assert_eq!(unemployed_in_hoa_xa(&app, &token).await, 2.0);

    let mut index_hold = hold(|hook| state.search.workers.live().set_build_hook(hook));
    let mut cube_hold = hold(|hook| state.plans.live().set_build_hook(hook));
    let n_rows = 500;
    let first = tokio::spawn(import_workers(
        app.address.clone(),
        token.clone(),
        worker_sheet(1_000, n_rows),
    ));
    index_hold.reached.recv().await.unwrap();
    cube_hold.reached.recv().await.unwrap();
    // The second import starts once the first has written its rows (two
    // SQLite write transactions at once are the store's own matter) and
    // asks for a rebuild while the first one's is held.
    let second = tokio::spawn(import_workers(
        app.address.clone(),
        token.clone(),
        worker_sheet(2_000, n_rows),
    ));
    let everyone = 2 + 2 * u64::from(n_rows);
    while app.store.count_workers(&Area::All).await.unwrap() < everyone && !second.is_finished() {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // Both rebuilds are held: the runtime still answers, and the live
    // copies answer whole.
    let (status, health) = app.get("/healthz", None).await;
    assert_eq!(status, StatusCode::OK, "{health}");
    assert_eq!(total_of_workers(&app, &token).await, 2);
    assert_eq!(unemployed_in_hoa_xa(&app, &token).await, 2.0);
    assert!(
        !first.is_finished() && !second.is_finished(),
        "each import waits for the rebuild it asked for"
    );

    drop(index_hold.release);
    drop(cube_hold.release);
    for import in [first, second] {
        let (status, report) = import.await.unwrap();
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["inserted"], n_rows);
    }
    assert_eq!(total_of_workers(&app, &token).await, everyone);
    assert_eq!(unemployed_in_hoa_xa(&app, &token).await, everyone as f64);
}

/// A rebuild that crashes mid-way (a panic, as a store failure or a bug
/// would end it) used to leave worker search partial and every indicator
/// answering 503 until a restart. Now the copies in force keep answering,
/// whole, and the import still answers.
#[tokio::test]
async fn a_rebuild_that_crashes_leaves_search_and_figures_as_they_were() {
    let (app, state) = spawn_app_and_state().await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    let token = app.token("xa.hoaxa").await;
    let (status, report) =
        import_workers(app.address.clone(), token.clone(), worker_sheet(1, 2)).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    state
        .search
        .workers
        .live()
        .set_build_hook(|| panic!("the worker index build crashed"));
    state
        .plans
        .live()
        .set_build_hook(|| panic!("the statistics build crashed"));
    let (status, report) =
        import_workers(app.address.clone(), token.clone(), worker_sheet(100, 3)).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["inserted"], 3);
    assert_eq!(total_of_workers(&app, &token).await, 2);
    assert_eq!(unemployed_in_hoa_xa(&app, &token).await, 2.0);
    // A single change still reaches the copies in force.
    let (status, created) = app
        .post(
            "/api/v1/workers",
            Some(&token),
            &serde_json::to_value(crate::registers::worker(777, "2025:10417")).unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(total_of_workers(&app, &token).await, 3);
    assert_eq!(unemployed_in_hoa_xa(&app, &token).await, 3.0);
}

/// The request timeout used to cancel a rebuild run inside the request,
/// leaving the index half-built. Now the import is answered 408 while its
/// rebuild is held, and the rebuild, a task of its own, finishes after.
#[tokio::test]
async fn a_request_timeout_does_not_cancel_the_rebuild_it_asked_for() {
    let config = vieclam_server::ServerConfig {
        request_timeout: Duration::from_secs(3),
        ..vieclam_server::ServerConfig::default()
    };
    let (app, state) = spawn_app_and_state_with(config).await;
    app.add_account("xa.hoaxa", Role::UnitOfficer, Some("2025:10417"))
        .await;
    let token = app.token("xa.hoaxa").await;
    let mut index_hold = hold(|hook| state.search.workers.live().set_build_hook(hook));
    let import = tokio::spawn(import_workers(
        app.address.clone(),
        token.clone(),
        worker_sheet(1, 4),
    ));
    index_hold.reached.recv().await.unwrap();
    let (status, body) = import.await.unwrap();
    assert_eq!(status, StatusCode::REQUEST_TIMEOUT, "{body}");
    drop(index_hold.release);
    // Rebuild 1 ran at start; the import's is rebuild 2.
    let rebuilt = state
        .search
        .workers
        .live()
        .wait_rebuilt(2, Duration::from_secs(600))
        .await;
    assert_eq!(rebuilt, vieclam_server::live::Rebuilt::Done);
    assert_eq!(total_of_workers(&app, &token).await, 4);
}
