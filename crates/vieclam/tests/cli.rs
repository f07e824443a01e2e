//! The `vieclam` command line as a person uses it: exit codes, messages in
//! both languages, and the first-admin workflow.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn vieclam(args: &[&str], stdin: Option<&str>, folder: &std::path::Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vieclam"))
        .args(args)
        .current_dir(folder)
        .env_remove("VIECLAM_DB")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn units_search_finds_ung_hoa_without_diacritics() {
    let folder = tempfile::tempdir().unwrap();
    let output = vieclam(&["units", "search", "ung hoa"], None, folder.path());
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.contains("Huyện Ứng Hòa"), "{stdout}");
    assert!(stdout.contains("Xã Ứng Hòa"), "{stdout}");
    assert!(
        !folder.path().join("vieclam.db").exists(),
        "units needs no database"
    );
}

#[test]
fn a_reused_code_is_read_by_date() {
    let folder = tempfile::tempdir().unwrap();
    let now = vieclam(&["units", "show", "00004"], None, folder.path());
    assert!(text(&now.stdout).contains("Phường Ba Đình"));
    let before = vieclam(
        &["units", "show", "00004", "--date", "2021-01-21"],
        None,
        folder.path(),
    );
    let stdout = text(&before.stdout);
    assert!(stdout.contains("Phường Trúc Bạch"), "{stdout}");
    assert!(
        stdout.contains("rolls up into: 00004 Phường Ba Đình"),
        "{stdout}"
    );
}

#[test]
fn bad_input_exits_non_zero_with_both_languages() {
    let folder = tempfile::tempdir().unwrap();
    let cases: [&[&str]; 5] = [
        &["units", "show", "99999"],
        &["units", "show", "12ab"],
        &["units", "search", "không có nơi nào như thế"],
        &["--db", "mysql://localhost/x", "migrate"],
        &["--db", "postgres://u@h:notaport/db", "migrate"],
    ];
    for args in cases {
        let output = vieclam(args, None, folder.path());
        assert!(!output.status.success(), "{args:?} must fail");
        let stderr = text(&output.stderr);
        assert!(
            stderr.contains("Lỗi: ") && stderr.contains("Error: "),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn the_first_admin_is_created_from_the_command_line() {
    let folder = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", folder.path().join("cli.db").display());
    let add = |args: &[&str], password: &str| {
        let mut all = vec!["--db", db.as_str(), "user", "add", "--password-stdin"];
        all.extend_from_slice(args);
        vieclam(&all, Some(password), folder.path())
    };
    let output = add(
        &["--username", "admin", "--role", "admin"],
        "một mật khẩu dài\n",
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("admin"));

    let duplicate = add(
        &["--username", "Admin", "--role", "admin"],
        "một mật khẩu dài\n",
    );
    assert!(!duplicate.status.success());
    assert!(text(&duplicate.stderr).contains("Đã tồn tại"));

    let short = add(&["--username", "other", "--role", "worker"], "ngắn\n");
    assert!(!short.status.success());
    assert!(text(&short.stderr).contains("ít nhất 10 ký tự"));

    let no_unit = add(
        &["--username", "officer", "--role", "unit_officer"],
        "một mật khẩu dài\n",
    );
    assert!(!no_unit.status.success());
    let bad_unit = add(
        &[
            "--username",
            "officer",
            "--role",
            "unit_officer",
            "--unit",
            "99999",
        ],
        "một mật khẩu dài\n",
    );
    assert!(!bad_unit.status.success());
    let officer = add(
        &[
            "--username",
            "officer",
            "--role",
            "unit_officer",
            "--unit",
            "legacy:001",
        ],
        "một mật khẩu dài\n",
    );
    assert!(officer.status.success(), "{}", text(&officer.stderr));

    let list = vieclam(&["--db", &db, "user", "list"], None, folder.path());
    let stdout = text(&list.stdout);
    assert!(
        stdout.contains("admin") && stdout.contains("legacy:001"),
        "{stdout}"
    );
}

/// The small demo, set up once for the tests that read it (it takes a
/// while): its folder, database, the output of a first and a second run,
/// and the exchange's counts after each.
struct SmallDemo {
    folder: tempfile::TempDir,
    db: String,
    first: Output,
    second: Output,
    exchange_after_first: Vec<u64>,
    exchange_after_second: Vec<u64>,
}

fn small_demo() -> &'static SmallDemo {
    static DEMO: std::sync::OnceLock<SmallDemo> = std::sync::OnceLock::new();
    DEMO.get_or_init(|| {
        let folder = tempfile::tempdir().unwrap();
        let db = format!("sqlite://{}", folder.path().join("demo.db").display());
        let run = || {
            vieclam(
                &["--db", &db, "demo", "--no-serve", "--size", "small"],
                None,
                folder.path(),
            )
        };
        let first = run();
        let exchange_after_first = exchange_counts(&db);
        let second = run();
        let exchange_after_second = exchange_counts(&db);
        SmallDemo {
            folder,
            db,
            first,
            second,
            exchange_after_first,
            exchange_after_second,
        }
    })
}

#[test]
fn demo_sets_up_accounts_for_every_role_and_is_idempotent() {
    let demo = small_demo();
    let (folder, db) = (&demo.folder, demo.db.clone());
    let first = &demo.first;
    assert!(first.status.success(), "{}", text(&first.stderr));
    let stdout = text(&first.stdout);
    assert!(stdout.contains("accounts created: 9"), "{stdout}");
    assert!(stdout.contains("workers: 10000"), "{stdout}");
    assert!(stdout.contains("/api/v1/auth/login"), "{stdout}");
    let second = &demo.second;
    let stdout = text(&second.stdout);
    assert!(stdout.contains("accounts created: 0"), "{stdout}");
    assert!(
        stdout.contains("workers: 10000"),
        "the city is generated once: {stdout}"
    );
    // The demo city is matched both ways, every result with its reasons.
    for target in ["--worker", "--vacancy"] {
        let output = vieclam(
            &["--db", &db, "match", target, "1", "--k", "3"],
            None,
            folder.path(),
        );
        assert!(output.status.success(), "{}", text(&output.stderr));
        let printed = text(&output.stdout);
        let results = printed
            .lines()
            .filter(|l| !l.trim_start().starts_with('·'))
            .count();
        let reasons = printed
            .lines()
            .filter(|l| l.trim_start().starts_with('·'))
            .count();
        assert!(results >= 1 && reasons >= results, "{printed}");
    }
    let output = vieclam(
        &["--db", &db, "match", "--worker", "99999999"],
        None,
        folder.path(),
    );
    assert!(!output.status.success());
    assert!(text(&output.stderr).contains("No worker"));
    // The seed plans are loaded once, with their headline targets.
    assert!(
        text(&first.stdout).contains("seed plans: 4"),
        "{}",
        text(&first.stdout)
    );
    let plans = vieclam(&["--db", &db, "report", "plans"], None, folder.path());
    assert!(plans.status.success(), "{}", text(&plans.stderr));
    let printed = text(&plans.stdout);
    for expected in [
        "hanoi-2021  Kế hoạch 14/KH-UBND ngày 21/01/2021 của UBND thành phố Hà Nội",
        "Số lao động được giải quyết việc làm mới năm 2021: 160.000 người",
        "Tỷ lệ thất nghiệp khu vực thành thị năm 2025: < 3 %",
        "hcmc-d11-2030  Kế hoạch 270/KH-UBND ngày 30/09/2024 của UBND Quận 11",
        "Xã Hòa Xá (2025:10417)",
    ] {
        assert!(printed.contains(expected), "{expected}\n{printed}");
    }
    // The 2025 schedule with the demo's figures, and its workbook.
    let xlsx = folder.path().join("tien-do.xlsx");
    let progress = vieclam(
        &[
            "--db",
            &db,
            "report",
            "progress",
            "--plan",
            "hanoi-2025",
            "--period",
            "2025-Q1",
            "--as-of",
            "2025-12-31",
            "--xlsx",
            xlsx.to_str().unwrap(),
        ],
        None,
        folder.path(),
    );
    assert!(progress.status.success(), "{}", text(&progress.stderr));
    let printed = text(&progress.stdout);
    let sessions = printed
        .lines()
        .find(|l| l.starts_with("Số phiên giao dịch việc làm ") && l.contains("quý I/2025"))
        .unwrap_or_else(|| panic!("{printed}"));
    assert!(sessions.contains(" 53 "), "{sessions}");
    assert!(
        printed.contains("Vốn vay giải quyết việc làm đã giải ngân"),
        "{printed}"
    );
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 1000);
    let bad = vieclam(
        &[
            "--db",
            &db,
            "report",
            "progress",
            "--plan",
            "hanoi-2025",
            "--period",
            "quý 1",
        ],
        None,
        folder.path(),
    );
    assert!(!bad.status.success());
    let stderr = text(&bad.stderr);
    assert!(
        stderr.contains("Lỗi:") && stderr.contains("Error: malformed period"),
        "{stderr}"
    );
}

fn count_workers(db: &str) -> u64 {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = vieclam_store::connect(db).await.unwrap();
        store
            .count_workers(&vieclam_store::Area::All)
            .await
            .unwrap()
    })
}

/// A worker sheet of `n` generated workers.
fn generated_sheet(n: u64) -> Vec<u8> {
    let units = vieclam_domain::AdminUnits::embedded().unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let city = vieclam_demo::CityGenerator::new(7, &units, "01", today).unwrap();
    vieclam_sheets::write_sheet(
        vieclam_sheets::ExportFormat::Csv,
        "workers",
        vieclam_sheets::WORKER_COLUMNS,
        (0..n).map(|index| vieclam_sheets::worker_cells(&city.worker(index).profile, false)),
    )
    .unwrap()
}

#[test]
fn an_interrupted_import_leaves_no_partial_rows() {
    let folder = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", folder.path().join("kill.db").display());
    let file = folder.path().join("workers.csv");
    std::fs::write(&file, generated_sheet(20_000)).unwrap();
    // Create the database first, so that the kill lands in the import.
    assert!(vieclam(&["--db", &db, "migrate"], None, folder.path())
        .status
        .success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_vieclam"))
        .args(["--db", &db, "import", "workers", file.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let _ = child.kill();
    let _ = child.wait();
    let after_kill = count_workers(&db);
    assert!(
        after_kill == 0 || after_kill == 20_000,
        "partial import: {after_kill} rows"
    );

    let output = vieclam(
        &["--db", &db, "import", "workers", file.to_str().unwrap()],
        None,
        folder.path(),
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(count_workers(&db), 20_000);
    let again = vieclam(
        &["--db", &db, "import", "workers", file.to_str().unwrap()],
        None,
        folder.path(),
    );
    assert!(
        text(&again.stdout)
            .contains("0 mới / new, 0 cập nhật / updated, 20000 không đổi / unchanged"),
        "{}",
        text(&again.stdout)
    );
}

#[test]
fn classify_prints_ranked_codes_and_refuses_no_words() {
    let folder = tempfile::tempdir().unwrap();
    let output = vieclam(&["classify", "tho han", "--top", "3"], None, folder.path());
    assert!(output.status.success(), "{}", text(&output.stderr));
    let printed = text(&output.stdout);
    let first = printed.lines().next().unwrap();
    assert!(first.starts_with("7212"), "{printed}");
    assert_eq!(printed.lines().count(), 3, "{printed}");
    let output = vieclam(&["classify", "!!!"], None, folder.path());
    assert!(!output.status.success());
    let message = text(&output.stderr);
    assert!(
        message.contains("Không nhận ra") && message.contains("No occupation"),
        "{message}"
    );
}

/// The figures of `vieclam evaluate`, by row label.
fn figures(printed: &str, direction: &str) -> Vec<f64> {
    let line = printed
        .lines()
        .find(|line| line.starts_with(direction) && line.contains("default"))
        .unwrap_or_else(|| panic!("no {direction:?} row in {printed}"));
    line.split_whitespace()
        .filter_map(|word| word.parse::<f64>().ok())
        .collect()
}

#[test]
fn the_evaluation_reaches_its_aims_on_a_small_market() {
    let folder = tempfile::tempdir().unwrap();
    let output = vieclam(
        &[
            "evaluate",
            "--vacancies",
            "300",
            "--workers-per-vacancy",
            "3",
        ],
        None,
        folder.path(),
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    let printed = text(&output.stdout);
    // n, recall@10, nDCG@10, MRR
    for direction in ["jobs for a worker", "candidates for a vacancy"] {
        let row = figures(&printed, direction);
        assert!(row[1] >= 0.9, "recall@10 of {direction}: {printed}");
        assert!(row[2] >= 0.85, "nDCG@10 of {direction}: {printed}");
    }
    assert!(printed.contains("unit group"), "{printed}");
}

#[test]
fn match_weights_are_read_from_configuration_and_bad_ones_refused() {
    let folder = tempfile::tempdir().unwrap();
    let bad = folder.path().join("weights.json");
    std::fs::write(&bad, r#"{"place": -1}"#).unwrap();
    let db = format!("sqlite://{}", folder.path().join("w.db").display());
    let args = [
        "--db",
        &db,
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--match-weights",
    ];
    let output = vieclam(
        &[&args[..], &[bad.to_str().unwrap()]].concat(),
        None,
        folder.path(),
    );
    assert!(!output.status.success());
    let message = text(&output.stderr);
    assert!(
        message.contains("ngoài khoảng") && message.contains("outside"),
        "{message}"
    );
    std::fs::write(&bad, "{not json").unwrap();
    let output = vieclam(
        &[&args[..], &[bad.to_str().unwrap()]].concat(),
        None,
        folder.path(),
    );
    assert!(!output.status.success());
    assert!(text(&output.stderr).contains("not valid"));
}

fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Runtime::new().unwrap().block_on(future)
}

const ALL: vieclam_store::Page = vieclam_store::Page {
    limit: 100_000,
    offset: 0,
};

/// The exchange's records by kind: venues, sessions, applications,
/// counsellings, claims, and the exchange's hires (`employed` events of
/// the workers hired at sessions).
fn exchange_counts(db: &str) -> Vec<u64> {
    use vieclam_store::exchange::{
        ApplicationFilter, ClaimFilter, CounsellingFilter, SessionFilter,
    };
    block_on(async {
        let store = vieclam_store::connect(db).await.unwrap();
        let venues = store
            .list_venues(&vieclam_store::Area::All, ALL)
            .await
            .unwrap();
        let sessions = store
            .count_sessions(&SessionFilter::default())
            .await
            .unwrap();
        let applications = store
            .list_applications(&ApplicationFilter::default(), ALL)
            .await
            .unwrap();
        let counsellings = store
            .list_counselling(&CounsellingFilter::default(), ALL)
            .await
            .unwrap();
        let claims = store
            .list_claims(&ClaimFilter::default(), ALL)
            .await
            .unwrap();
        vec![
            venues.len() as u64,
            sessions,
            applications.len() as u64,
            counsellings.len() as u64,
            claims.len() as u64,
        ]
    })
}

#[test]
fn demo_exchange_follows_the_plan_and_files_its_reports() {
    use vieclam_exchange::{Outcome, SessionStatus};
    use vieclam_store::exchange::SessionFilter;

    let demo = small_demo();
    assert!(demo.first.status.success(), "{}", text(&demo.first.stderr));
    let printed = text(&demo.first.stdout);
    let summary = printed
        .lines()
        .find(|line| line.contains("demo exchange:"))
        .unwrap_or_else(|| panic!("{printed}"));
    assert!(summary.contains("11 sàn / venues"), "{summary}");
    // A second run adds nothing.
    assert!(
        !text(&demo.second.stdout).contains("demo exchange:"),
        "{}",
        text(&demo.second.stdout)
    );
    assert_eq!(demo.exchange_after_first, demo.exchange_after_second);
    let counts = &demo.exchange_after_first;
    assert!(counts.iter().all(|&n| n > 0), "{counts:?}");

    block_on(async {
        let store = vieclam_store::connect(&demo.db).await.unwrap();
        // The 2025 plan's sessions, quarter by quarter, as the plan says.
        for (quarter, planned) in [(1, 53), (2, 67), (3, 67), (4, 68)] {
            let period = vieclam_plans::Period::quarter(2025, quarter);
            let scheduled = store
                .count_sessions(&SessionFilter {
                    plan_id: Some("hanoi-2025".to_owned()),
                    from: Some(period.first_day()),
                    to: Some(period.last_day()),
                    ..SessionFilter::default()
                })
                .await
                .unwrap();
            assert_eq!(scheduled, planned, "2025-Q{quarter}");
        }
        // Cancelled sessions are made up: 2025 holds nearly all 255.
        let held_2025: u32 = store
            .session_counts(Some("01"))
            .await
            .unwrap()
            .iter()
            .filter(|count| count.month.format("%Y").to_string() == "2025")
            .map(|count| count.held)
            .sum();
        assert!((250..=262).contains(&held_2025), "{held_2025}");
        // Upcoming fairs to show.
        let today = vieclam_server::vietnam_today();
        for status in [SessionStatus::Planned, SessionStatus::Open] {
            let upcoming = store
                .count_sessions(&SessionFilter {
                    status: Some(status),
                    from: Some(today),
                    ..SessionFilter::default()
                })
                .await
                .unwrap();
            assert!(upcoming > 0, "no {status:?} sessions ahead");
        }
        // Every reported session has its report, and each hire is an
        // `employed` event naming its session.
        let reported = store
            .list_sessions(
                &SessionFilter {
                    status: Some(SessionStatus::Reported),
                    ..SessionFilter::default()
                },
                ALL,
            )
            .await
            .unwrap();
        assert!(reported.len() > 400, "{}", reported.len());
        let mut n_hires = 0;
        for session in &reported {
            let filed = store.session_report(session.id).await.unwrap();
            let report: vieclam_exchange::report::SessionReport =
                serde_json::from_value(filed.expect("a filed report")).unwrap();
            assert_eq!(report.session.id, session.id);
            let outcomes = store.list_outcomes(session.id).await.unwrap();
            for hire in outcomes.iter().filter(|o| o.outcome == Outcome::Hired) {
                n_hires += 1;
                let event_id = hire.event_id.expect("a hire records its event");
                let events = store.list_events(hire.worker_id).await.unwrap();
                let event = events
                    .iter()
                    .find(|event| event.id == event_id)
                    .expect("the hire's event");
                assert_eq!(
                    event.event.kind,
                    vieclam_domain::registry::EventKind::Employed
                );
                assert_eq!(event.event.session_id, Some(session.id));
                assert_eq!(event.event.date, session.session.date);
                // The worker's record says so now.
                let worker = store.get_worker(hire.worker_id).await.unwrap().unwrap();
                assert_eq!(worker.state.employer_id, Some(hire.employer_id));
            }
        }
        assert!(n_hires > 50, "{n_hires}");
        // Generated free text is marked as demo data.
        let applications = store
            .list_applications(&Default::default(), ALL)
            .await
            .unwrap();
        assert!(applications
            .iter()
            .flat_map(|application| &application.steps)
            .all(|step| step
                .note
                .as_deref()
                .is_some_and(|n| n.contains("dữ liệu demo"))));
        let counsellings = store
            .list_counselling(&Default::default(), ALL)
            .await
            .unwrap();
        assert!(counsellings
            .iter()
            .all(|record| record.advice.contains("dữ liệu demo")));
    });
}

#[test]
fn exchange_commands_list_schedule_and_report() {
    use vieclam_exchange::SessionStatus;
    use vieclam_store::exchange::SessionFilter;

    let demo = small_demo();
    let folder = demo.folder.path();
    let db = demo.db.as_str();
    let run = |args: &[&str]| {
        let mut all = vec!["--db", db, "exchange"];
        all.extend_from_slice(args);
        vieclam(&all, None, folder)
    };
    let refused = |output: &Output, expected_en: &str| {
        assert!(!output.status.success(), "{}", text(&output.stdout));
        let stderr = text(&output.stderr);
        assert!(
            stderr.contains("Lỗi: ") && stderr.contains(expected_en),
            "{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    };

    // Sessions, with places taken.
    let listed = run(&[
        "sessions",
        "--from",
        "2025-03-01",
        "--to",
        "2025-03-31",
        "--kind",
        "daily",
    ]);
    assert!(listed.status.success(), "{}", text(&listed.stderr));
    let printed = text(&listed.stdout);
    assert!(
        printed.contains("booths") && printed.contains("reported"),
        "{printed}"
    );
    assert!(
        printed.lines().filter(|l| l.contains("2025-03-")).count() >= 10,
        "{printed}"
    );
    let hoa_xa = run(&["sessions", "--unit", "10417", "--kind", "mobile"]);
    assert!(
        text(&hoa_xa.stdout).contains("Xã Hòa Xá"),
        "{}",
        text(&hoa_xa.stdout)
    );
    refused(
        &run(&["sessions", "--status", "held"]),
        "unknown session status",
    );

    // A quarter already scheduled from the plan is refused; another plan's
    // quarter is scheduled, once.
    refused(
        &run(&["schedule", "--plan", "hanoi-2025", "--quarter", "2025-Q3"]),
        "already scheduled from plan hanoi-2025",
    );
    let scheduled = run(&["schedule", "--plan", "hanoi-2021", "--quarter", "2021-Q1"]);
    assert!(scheduled.status.success(), "{}", text(&scheduled.stderr));
    let printed = text(&scheduled.stdout);
    assert!(
        printed.contains("scheduled 61 sessions of 2021-Q1"),
        "{printed}"
    );
    for (kind, n) in [("daily", 56), ("online", 1), ("thematic", 1), ("mobile", 3)] {
        assert!(
            printed
                .lines()
                .any(|l| l.contains(&format!("({kind})")) && l.contains(&format!(" {n} "))),
            "{kind}: {printed}"
        );
    }
    refused(
        &run(&["schedule", "--plan", "hanoi-2021", "--quarter", "2021-Q1"]),
        "already scheduled",
    );
    refused(
        &run(&["schedule", "--plan", "hanoi-2021", "--quarter", "2021"]),
        "not a quarter",
    );
    refused(
        &run(&["schedule", "--plan", "no-such-plan", "--quarter", "2021-Q1"]),
        "No plan",
    );

    // A filed report, printed and as a workbook; a closed one built now.
    let (reported, closed) = block_on(async {
        let store = vieclam_store::connect(db).await.unwrap();
        let first = |status| {
            let store = store.clone();
            async move {
                store
                    .list_sessions(
                        &SessionFilter {
                            status: Some(status),
                            ..SessionFilter::default()
                        },
                        vieclam_store::Page {
                            limit: 1,
                            offset: 0,
                        },
                    )
                    .await
                    .unwrap()
                    .pop()
                    .map(|session| session.id.to_string())
            }
        };
        (
            first(SessionStatus::Reported).await.unwrap(),
            first(SessionStatus::Closed).await,
        )
    });
    let report = run(&["report", "--session", &reported]);
    assert!(report.status.success(), "{}", text(&report.stderr));
    let printed = text(&report.stdout);
    for expected in [
        "Số doanh nghiệp tham gia",
        "Số lao động trúng tuyển",
        "filed",
    ] {
        assert!(printed.contains(expected), "{expected}: {printed}");
    }
    if let Some(closed) = closed {
        let report = run(&["report", "--session", &closed]);
        assert!(
            text(&report.stdout).contains("not filed"),
            "{}",
            text(&report.stdout)
        );
    }
    let xlsx = folder.join("bao-cao-phien.xlsx");
    let written = run(&[
        "report",
        "--session",
        &reported,
        "--xlsx",
        xlsx.to_str().unwrap(),
    ]);
    assert!(written.status.success(), "{}", text(&written.stderr));
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 1000);
    refused(
        &run(&["report", "--session", "99999999"]),
        "No session #99999999",
    );
}
