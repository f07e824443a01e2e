//! The worker's pages over HTTP: the CV built step by step, the
//! occupation typed as words and confirmed, recommendations with reasons,
//! applying and following; and every denial (the public, other roles,
//! another worker's data by any address).

use reqwest::StatusCode;
use vieclam_domain::registry::VacancyStatus;
use vieclam_domain::Role;

use crate::exchange::{add_employer, city, worker_account};
use crate::helpers::spawn_app;
use crate::registers::vacancy;
use crate::webkit::Web;

#[tokio::test]
async fn a_worker_builds_the_cv_one_step_at_a_time_and_applies() {
    let app = spawn_app().await;
    let city = city(&app).await;
    let (_, worker_id) = worker_account(&app, "nld.hoaxa", 1, "2025:10417").await;
    let (employer, _) = add_employer(&app, 7, "2025:10417").await;
    // A welder's vacancy through the API, so that matching sees it.
    let (code, body) = app
        .post(
            "/api/v1/vacancies",
            Some(&city.commune),
            &serde_json::to_value({
                let mut posting = vacancy(employer, VacancyStatus::Open);
                posting.title = "Thợ hàn điện ca đêm".to_owned();
                posting
            })
            .unwrap(),
        )
        .await;
    assert_eq!(code, StatusCode::CREATED, "{body}");
    let vacancy_id = body["id"].as_i64().unwrap();

    let mut web = Web::new(&app);
    let home = web.login("nld.hoaxa").await;
    assert_eq!(home.path, "/nguoi-lao-dong");
    assert!(home.has("Đặng Văn Khoa"));

    // The wanted occupation, typed as words, classified, confirmed.
    web.get("/nguoi-lao-dong/ho-so/nghe").await;
    let found = web
        .post(
            "/nguoi-lao-dong/ho-so/nghe",
            &[("text", "thợ hàn"), ("action", "find")],
        )
        .await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(found.has("value=\"7212\""), "thợ hàn is offered as 7212");
    assert!(found.has("Thợ hàn và thợ cắt kim loại"));
    // Saving without a choice is refused with the reason, linked.
    let refused = web
        .post(
            "/nguoi-lao-dong/ho-so/nghe",
            &[("text", "xyz qwv"), ("action", "save")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.has("error-summary") && refused.has("href=\"#code\""));
    let saved = web
        .post(
            "/nguoi-lao-dong/ho-so/nghe",
            &[("text", "thợ hàn"), ("code", "7212"), ("action", "save")],
        )
        .await;
    assert_eq!(saved.path, "/nguoi-lao-dong/ho-so/kinh-nghiem");
    // More wanted occupations in order, without JavaScript: "save and add
    // another" stays on the page, which lists the kept ones, ticked.
    let again = web
        .post(
            "/nguoi-lao-dong/ho-so/nghe",
            &[
                ("keep", "7212"),
                ("text", "công nhân may"),
                ("code", "8153"),
                ("action", "add"),
            ],
        )
        .await;
    assert_eq!(again.path, "/nguoi-lao-dong/ho-so/nghe");
    assert!(again.has("name=\"keep\" value=\"7212\" checked"));
    assert!(again.has("name=\"keep\" value=\"8153\" checked"));
    let mut six = vec![("keep", "7212"), ("keep", "8153")];
    for (text, code) in [
        ("lái xe tải", "8332"),
        ("đầu bếp", "5120"),
        ("bảo vệ", "5414"),
    ] {
        six.push(("keep", code));
        let saved = web
            .post(
                "/nguoi-lao-dong/ho-so/nghe",
                &[
                    ("keep", "7212"),
                    ("keep", "8153"),
                    ("keep", "8332"),
                    ("keep", "5120"),
                    ("text", text),
                    ("code", code),
                    ("action", "add"),
                ],
            )
            .await;
        assert_eq!(saved.path, "/nguoi-lao-dong/ho-so/nghe", "{text}");
    }
    six.extend([("text", "thu ngân"), ("code", "5230"), ("action", "add")]);
    let too_many = web.post("/nguoi-lao-dong/ho-so/nghe", &six).await;
    assert_eq!(too_many.status, StatusCode::BAD_REQUEST);
    assert!(too_many.has("tối đa 5"));
    // Unticking keeps the rest in order; the first is the old field.
    let kept = web
        .post(
            "/nguoi-lao-dong/ho-so/nghe",
            &[("keep", "7212"), ("keep", "8153"), ("action", "save")],
        )
        .await;
    assert_eq!(kept.path, "/nguoi-lao-dong/ho-so/kinh-nghiem");
    let own = app.token("nld.hoaxa").await;
    let (_, read) = app
        .get(&format!("/api/v1/workers/{worker_id}"), Some(&own))
        .await;
    assert_eq!(read["profile"]["wanted_occupation"], "7212");
    assert_eq!(read["profile"]["wanted_occupations"][0]["words"], "thợ hàn");
    assert_eq!(read["profile"]["wanted_occupations"][1]["code"], "8153");
    assert_eq!(read["profile"]["wanted_occupations"][1]["confirmed"], true);
    // Experience: one more trade with its years; a bad number refused.
    let bad_years = web
        .post(
            "/nguoi-lao-dong/ho-so/kinh-nghiem",
            &[
                ("keep", "7212"),
                ("text", "lái xe tải"),
                ("code", "8332"),
                ("years", "nhiều"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(bad_years.status, StatusCode::BAD_REQUEST);
    let experience = web
        .post(
            "/nguoi-lao-dong/ho-so/kinh-nghiem",
            &[
                ("keep", "7212"),
                ("text", "lái xe tải"),
                ("code", "8332"),
                ("years", "3"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(experience.path, "/nguoi-lao-dong/ho-so/trinh-do");
    let qualification = web
        .post(
            "/nguoi-lao-dong/ho-so/trinh-do",
            &[
                ("qualification", "intermediate"),
                ("qualification_field", "Hàn"),
                ("languages", "ko"),
                ("languages", "en"),
            ],
        )
        .await;
    assert_eq!(qualification.path, "/nguoi-lao-dong/ho-so/ky-nang");
    let skills = web
        .post(
            "/nguoi-lao-dong/ho-so/ky-nang",
            &[
                ("skills", "hàn TIG, hàn MIG"),
                ("skill_add", "đọc bản vẽ"),
                ("certificates", "Chứng chỉ hàn 3G"),
            ],
        )
        .await;
    assert_eq!(skills.path, "/nguoi-lao-dong/ho-so/mong-muon");
    // A wage that is not a number: the field's error, nothing saved.
    let bad_wage = web
        .post(
            "/nguoi-lao-dong/ho-so/mong-muon",
            &[("wanted_wage", "mười triệu"), ("place", "province")],
        )
        .await;
    assert_eq!(bad_wage.status, StatusCode::BAD_REQUEST);
    assert!(bad_wage.has("href=\"#wanted_wage\""));
    // A commute of no km, or past the bound: the field's error.
    for km in ["xa", "0", "500"] {
        let bad_commute = web
            .post(
                "/nguoi-lao-dong/ho-so/mong-muon",
                &[("max_commute_km", km), ("place", "province")],
            )
            .await;
        assert_eq!(bad_commute.status, StatusCode::BAD_REQUEST, "{km}");
        assert!(bad_commute.has("href=\"#max_commute_km\""), "{km}");
    }
    let wishes = web
        .post(
            "/nguoi-lao-dong/ho-so/mong-muon",
            &[
                ("wanted_wage", "9,5"),
                ("wanted_wage_period", "month"),
                ("broad_wishes", "any_factory_work"),
                ("wanted_hours", "shifts"),
                ("place", "province"),
                ("max_commute_km", "25"),
                ("abroad_countries", "JP"),
                ("abroad_countries", "KR"),
            ],
        )
        .await;
    assert_eq!(wishes.path, "/nguoi-lao-dong/ho-so/kiem-tra");
    for text in [
        "Thợ hàn và thợ cắt kim loại",
        "Lái xe tải nặng", // 8332
        "3 năm",
        "Trung cấp — Hàn",
        "Tiếng Hàn, Tiếng Anh",
        "hàn TIG, hàn MIG, đọc bản vẽ",
        "Chứng chỉ hàn 3G",
        "Từ 9,5 triệu",
        "Theo ca",
        "Thành phố Hà Nội",
        "25 km",
        "Nhật Bản, Hàn Quốc",
    ] {
        assert!(wishes.has(text), "the check page shows {text:?}");
    }
    // What the pages saved is what the API reads.
    let token = app.token("nld.hoaxa").await;
    let (_, me) = app
        .get(&format!("/api/v1/workers/{worker_id}"), Some(&token))
        .await;
    assert_eq!(me["profile"]["wanted_occupation"], "7212");
    assert_eq!(me["profile"]["wanted_wage"]["min_vnd"], 9_500_000);
    assert_eq!(me["profile"]["max_commute_km"], 25);
    assert_eq!(me["profile"]["abroad"]["countries"][0], "JP");
    assert_eq!(me["profile"]["abroad"]["countries"][1], "KR");

    // Recommendations with reasons; the welder's vacancy first.
    let jobs = web.get("/nguoi-lao-dong/goi-y").await;
    assert!(
        jobs.has(&format!("href=\"/viec-lam/{vacancy_id}\"")),
        "the welder's job is recommended"
    );
    assert!(jobs.has("✓ Cùng nghề"), "with its reasons");
    // Apply from the vacancy's page; the application is followed.
    let page = web.get(&format!("/viec-lam/{vacancy_id}")).await;
    assert!(page.has(&format!(
        "action=\"/nguoi-lao-dong/ung-tuyen/{vacancy_id}\""
    )));
    let applied = web
        .post(&format!("/nguoi-lao-dong/ung-tuyen/{vacancy_id}"), &[])
        .await;
    assert_eq!(applied.path, "/nguoi-lao-dong/ung-tuyen");
    assert!(applied.has("Đã gửi hồ sơ ứng tuyển"));
    assert!(applied.has("Thợ hàn điện ca đêm"));
    assert!(
        applied.has("Đã nhận hồ sơ") || applied.has("Đã nộp"),
        "the status by name"
    );
    // Twice is refused with the reason.
    web.get(&format!("/viec-lam/{vacancy_id}")).await;
    let twice = web
        .post(&format!("/nguoi-lao-dong/ung-tuyen/{vacancy_id}"), &[])
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_worker_pages_refuse_everyone_but_the_worker() {
    let app = spawn_app().await;
    let city = city(&app).await;
    worker_account(&app, "nld.mot", 1, "2025:10417").await;
    let (_, other_id) = worker_account(&app, "nld.hai", 2, "2025:10417").await;
    let (employer, _) = add_employer(&app, 8, "2025:10417").await;
    let user = app.add_account("dn.web", Role::Employer, None).await;
    app.store
        .link_account(user, None, Some(employer))
        .await
        .unwrap();
    let pages = [
        "/nguoi-lao-dong",
        "/nguoi-lao-dong/goi-y",
        "/nguoi-lao-dong/ung-tuyen",
        "/nguoi-lao-dong/ho-so/nghe",
        "/nguoi-lao-dong/ho-so/kiem-tra",
    ];
    // The public is sent to the login page, coming back after.
    let mut public = Web::new(&app);
    for path in pages {
        let page = public.get(path).await;
        assert_eq!(page.path, "/dang-nhap", "{path}");
        assert!(
            page.has(&format!("value=\"{path}\"")),
            "{path}: comes back after login"
        );
    }
    // Other roles: 403.
    for username in ["dn.web", "xa.hoaxa"] {
        let mut web = Web::new(&app);
        web.login(username).await;
        for path in pages {
            assert_eq!(
                web.get(path).await.status,
                StatusCode::FORBIDDEN,
                "{username} {path}"
            );
        }
    }
    // A worker reads only their own: no page takes a worker's id, and the
    // API refuses another's.
    let mut web = Web::new(&app);
    web.login("nld.mot").await;
    let mine = web.get("/nguoi-lao-dong/ho-so/kiem-tra").await;
    assert!(mine.has("Đặng Văn Khoa"));
    for path in [
        format!("/nguoi-lao-dong/ho-so/{other_id}"),
        format!("/nguoi-lao-dong/{other_id}"),
        format!("/nguoi-lao-dong/ho-so/kiem-tra?worker={other_id}"),
    ] {
        let page = web.get(&path).await;
        assert!(
            page.status == StatusCode::NOT_FOUND || !page.has("nld.hai"),
            "{path}"
        );
    }
    let token = app.token("nld.mot").await;
    let (status, _) = app
        .get(&format!("/api/v1/workers/{other_id}"), Some(&token))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A step form without the token is refused and saves nothing.
    let forged = web
        .post_without_token("/nguoi-lao-dong/ho-so/ky-nang", &[("skills", "giả mạo")])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let check = web.get("/nguoi-lao-dong/ho-so/kiem-tra").await;
    assert!(!check.has("giả mạo"));
    let _ = city;
}

#[tokio::test]
async fn a_worker_registers_for_a_session_and_answers_an_invitation() {
    let app = spawn_app().await;
    let city = city(&app).await;
    let session = crate::exchange::open_session(&app, &city, 1, 1).await;
    let (_, worker_id) = worker_account(&app, "nld.phien", 3, "2025:10417").await;
    let (token, _, vacancy) = crate::exchange::employer_account(&app, "dn.moi", 9).await;
    let mut web = Web::new(&app);
    web.login("nld.phien").await;
    let page = web.get("/nguoi-lao-dong/phien").await;
    let action = format!("action=\"/nguoi-lao-dong/phien/{session}/dang-ky\"");
    assert!(page.has(&action), "a button to register");
    let registered = web
        .post(&format!("/nguoi-lao-dong/phien/{session}/dang-ky"), &[])
        .await;
    assert_eq!(registered.path, "/nguoi-lao-dong/phien");
    assert!(registered.has("Đã đăng ký"));
    assert!(registered.has("Hủy đăng ký"));
    // Twice is refused with the exchange's reason.
    let twice = web
        .post(&format!("/nguoi-lao-dong/phien/{session}/dang-ky"), &[])
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    // Cancel through the page.
    let page = web.get("/nguoi-lao-dong/phien").await;
    let start = page
        .body
        .find("action=\"/nguoi-lao-dong/dang-ky-phien/")
        .unwrap()
        + 8;
    let end = page.body[start..].find('"').unwrap() + start;
    let cancel = page.body[start..end].to_owned();
    let cancelled = web.post(&cancel, &[]).await;
    assert!(cancelled.has(&action), "can register again");
    // Another worker cannot cancel it (a guessed registration id).
    let mut other = Web::new(&app);
    worker_account(&app, "nld.khac", 4, "2025:10417").await;
    other.login("nld.khac").await;
    assert!(other.post(&cancel, &[]).await.status.is_client_error());

    // An invitation from an employer: accepted, it becomes an application.
    let (code, body) = app
        .post(
            &format!("/api/v1/vacancies/{vacancy}/invitations"),
            Some(&token),
            &serde_json::json!({ "worker_id": worker_id }),
        )
        .await;
    assert_eq!(code, StatusCode::CREATED, "{body}");
    let invitation = body["id"].as_i64().unwrap();
    let home = web.get("/nguoi-lao-dong").await;
    assert!(home.has("Lời mời ứng tuyển"));
    assert!(home.has(&format!("action=\"/nguoi-lao-dong/loi-moi/{invitation}\"")));
    // Another worker cannot answer it.
    other.get("/nguoi-lao-dong").await;
    let stolen = other
        .post(
            &format!("/nguoi-lao-dong/loi-moi/{invitation}"),
            &[("answer", "accept")],
        )
        .await;
    assert!(stolen.status.is_client_error());
    let accepted = web
        .post(
            &format!("/nguoi-lao-dong/loi-moi/{invitation}"),
            &[("answer", "accept")],
        )
        .await;
    assert_eq!(accepted.path, "/nguoi-lao-dong/ung-tuyen");
    assert!(accepted.has("Thợ hàn điện"));
}
