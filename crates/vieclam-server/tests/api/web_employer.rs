//! The employer's pages over HTTP, as a browser without JavaScript uses
//! them: the journey from posting a vacancy to a booth at a job fair, and
//! the denials — another employer's records, another role, the public, a
//! form without its token, input that breaks the rules.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::json;
use vieclam_domain::registry::{occupations, VacancyStatus, WageRange};
use vieclam_domain::Role;
use vieclam_exchange::{ApplicationStatus, Party, RegistrationState};
use vieclam_store::{ApplicationFilter, Area, Page, VacancyRecord};

use crate::exchange::{add_employer, city, employer_account, open_session, worker_account};
use crate::helpers::{spawn_app, TestApp};
use crate::webkit::{Html, Web};

const ALL: Page = Page {
    limit: 1_000,
    offset: 0,
};

/// An employer account linked to a new employer at Hòa Xá (one open
/// vacancy, "Thợ hàn điện"), logged in through the login page.
async fn employer<'a>(app: &'a TestApp, name: &str, serial: u32) -> (Web<'a>, i64, i64) {
    let (_, employer_id, vacancy_id) = employer_account(app, name, serial).await;
    let mut web = Web::new(app);
    web.login(name).await;
    (web, employer_id, vacancy_id)
}

async fn vacancies_of(app: &TestApp, employer_id: i64) -> Vec<VacancyRecord> {
    app.store
        .list_vacancies(&Area::All, Some(employer_id), None, ALL)
        .await
        .unwrap()
}

fn days_from_today(days: i64) -> String {
    ((Utc::now() + Duration::hours(7)).date_naive() + Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

/// The vacancy form's fields for a welder.
fn welder_form(deadline: &str) -> Vec<(&'static str, String)> {
    vec![
        ("title", "Thợ hàn".to_owned()),
        ("occupation", "7212".to_owned()),
        ("wage_min", "9".to_owned()),
        ("wage_max", "12,5".to_owned()),
        ("headcount", "3".to_owned()),
        ("qualification", "intermediate".to_owned()),
        ("experience_years", "2".to_owned()),
        ("skills", "hàn TIG, hàn MIG".to_owned()),
        ("hours", "full_time".to_owned()),
        ("contract_type", "fixed_term".to_owned()),
        ("deadline", deadline.to_owned()),
        ("disability_friendly", "true".to_owned()),
        ("work_unit", "2025:10417".to_owned()),
        ("description", "Hàn kết cấu thép tại xưởng.".to_owned()),
        ("action", "luu".to_owned()),
    ]
}

async fn post_form(web: &mut Web<'_>, path: &str, fields: &[(&str, String)]) -> Html {
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect();
    web.post(path, &fields).await
}

fn with(fields: &[(&'static str, String)], name: &str, value: &str) -> Vec<(&'static str, String)> {
    fields
        .iter()
        .map(|(field, old)| {
            if *field == name {
                (*field, value.to_owned())
            } else {
                (*field, old.clone())
            }
        })
        .collect()
}

#[tokio::test]
async fn an_employer_posts_edits_copies_and_closes_a_vacancy_through_the_forms() {
    let app = spawn_app().await;
    let (mut web, employer_id, _) = employer(&app, "dn.han", 301).await;

    let home = web.get("/nha-tuyen-dung").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.has("Công ty TNHH Thử nghiệm số 301"));
    assert!(home.has("Thợ hàn điện"), "its vacancy is listed");

    // The form starts at the employer's commune, communes by name.
    let form = web.get("/nha-tuyen-dung/tin/moi").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.has("<option value=\"2025:10417\" selected>Xã Hòa Xá</option>"));
    assert!(form.has("hx-get=\"/nha-tuyen-dung/goi-y-nghe\""));
    // In Vietnamese order by name, wards and communes together.
    let at = |name: &str| form.body.find(&format!(">{name}</option>")).unwrap();
    assert!(at("Phường Ba Đình") < at("Xã Hòa Xá"));
    assert!(at("Xã Hòa Xá") < at("Phường Hoàn Kiếm"), "Hòa before Hoàn");

    // The occupation is suggested from the title: as a fragment while
    // typing, and by the button without JavaScript (nothing written).
    let fragment = web
        .get("/nha-tuyen-dung/goi-y-nghe?title=Th%E1%BB%A3+h%C3%A0n")
        .await;
    assert_eq!(fragment.status, StatusCode::OK);
    assert!(fragment.has("value=\"7212\""), "{}", fragment.body);
    assert!(!fragment.has("<html"), "a fragment only");
    let before = vacancies_of(&app, employer_id).await.len();
    let suggested = web
        .post(
            "/nha-tuyen-dung/tin/moi",
            &[
                ("title", "Thợ hàn"),
                ("action", "goi-y"),
                ("headcount", "1"),
            ],
        )
        .await;
    assert_eq!(suggested.status, StatusCode::OK);
    assert!(suggested.has("value=\"7212\""));
    let welder_name = &occupations().get("7212").unwrap().name_vi;
    assert!(suggested.has(welder_name), "occupations by name");
    assert_eq!(vacancies_of(&app, employer_id).await.len(), before);

    // Posted: the wage read in millions, the vacancy in the public search.
    let fields = welder_form(&days_from_today(30));
    let posted = post_form(&mut web, "/nha-tuyen-dung/tin/moi", &fields).await;
    assert_eq!(posted.status, StatusCode::OK);
    assert_eq!(posted.path, "/nha-tuyen-dung");
    assert!(posted.has("Đã đăng tin tuyển dụng"));
    let all = vacancies_of(&app, employer_id).await;
    assert_eq!(all.len(), before + 1);
    let welder = all.iter().find(|v| v.posting.title == "Thợ hàn").unwrap();
    let id = welder.id;
    assert_eq!(
        welder.posting.wage,
        WageRange::new(Some(9_000_000), Some(12_500_000)).unwrap()
    );
    assert_eq!(welder.posting.occupation.as_ref().unwrap().as_str(), "7212");
    assert!(!welder.posting.occupation_inferred);
    assert_eq!(welder.posting.skills, ["hàn TIG", "hàn MIG"]);
    assert!(welder.posting.disability_friendly);
    assert_eq!(welder.posting.status, VacancyStatus::Open);
    let found = web.get("/viec-lam?q=tho+han").await;
    assert!(
        found.has(&format!("href=\"/viec-lam/{id}\"")),
        "in the search"
    );
    assert!(found.has("9–12,5 triệu"));

    // Edited: the form holds the record; a change is saved.
    let edit = web.get(&format!("/nha-tuyen-dung/tin/{id}")).await;
    assert_eq!(edit.status, StatusCode::OK);
    assert!(edit.has("value=\"Thợ hàn\""));
    assert!(edit.has("value=\"9.000.000\""));
    let changed = with(&fields, "title", "Thợ hàn điện bậc 3/7");
    let changed = with(&changed, "headcount", "4");
    let saved = post_form(&mut web, &format!("/nha-tuyen-dung/tin/{id}"), &changed).await;
    assert_eq!(saved.path, "/nha-tuyen-dung", "{}", saved.body);
    let record = app.store.get_vacancy(id).await.unwrap().unwrap();
    assert_eq!(record.posting.title, "Thợ hàn điện bậc 3/7");
    assert_eq!(record.posting.headcount, 4);

    // Bad input: every problem next to its field and in the summary (400),
    // nothing written.
    let bad = with(&changed, "title", " ");
    let bad = with(&bad, "wage_min", "nhiều");
    let bad = with(&bad, "headcount", "0");
    let refused = post_form(&mut web, &format!("/nha-tuyen-dung/tin/{id}"), &bad).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    for field in ["title", "wage_min", "headcount"] {
        assert!(refused.has(&format!("href=\"#{field}\"")), "{field}");
    }
    assert!(refused.has("class=\"error-summary\""));
    assert_eq!(app.store.get_vacancy(id).await.unwrap().unwrap(), record);
    let upside_down = with(&fields, "wage_min", "20");
    let upside_down = with(&upside_down, "wage_max", "10.000.000");
    let refused = post_form(&mut web, "/nha-tuyen-dung/tin/moi", &upside_down).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.has("href=\"#wage_max\""));
    let past = with(&fields, "deadline", &days_from_today(-3));
    let refused = post_form(&mut web, "/nha-tuyen-dung/tin/moi", &past).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.has("href=\"#deadline\""));
    assert_eq!(vacancies_of(&app, employer_id).await.len(), before + 1);

    // Copied: a new form filled from the vacancy, posted as a new one.
    let copy = web.get(&format!("/nha-tuyen-dung/tin/{id}/sao-chep")).await;
    assert_eq!(copy.status, StatusCode::OK);
    assert!(copy.has("action=\"/nha-tuyen-dung/tin/moi\""));
    assert!(copy.has("value=\"Thợ hàn điện bậc 3/7\""));
    // The very same vacancy (title, place, deadline) twice is a conflict,
    // shown on the form.
    let twice = post_form(&mut web, "/nha-tuyen-dung/tin/moi", &changed).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert!(twice.has("href=\"#title\""));
    let copied = with(&changed, "deadline", &days_from_today(45));
    let copied = post_form(&mut web, "/nha-tuyen-dung/tin/moi", &copied).await;
    assert_eq!(copied.path, "/nha-tuyen-dung");
    assert_eq!(vacancies_of(&app, employer_id).await.len(), before + 2);

    // Closed: out of the search, still on the dashboard.
    let closed = web
        .post(&format!("/nha-tuyen-dung/tin/{id}/dong"), &[])
        .await;
    assert_eq!(closed.path, "/nha-tuyen-dung");
    assert!(closed.has("Đã đóng tin tuyển dụng"));
    let record = app.store.get_vacancy(id).await.unwrap().unwrap();
    assert_eq!(record.posting.status, VacancyStatus::Closed);
    let found = web.get("/viec-lam?q=tho+han").await;
    assert!(!found.has(&format!("href=\"/viec-lam/{id}\"")), "closed");

    // A form without its token is refused, and writes nothing.
    let forged = web
        .post_without_token(
            "/nha-tuyen-dung/tin/moi",
            &[
                ("title", "Thợ hàn"),
                ("headcount", "1"),
                ("work_unit", "2025:10417"),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(vacancies_of(&app, employer_id).await.len(), before + 2);
    // Writes are on the audit trail.
    let trail = app
        .audit(vieclam_store::AuditFilter {
            subject_kind: Some("vacancy".to_owned()),
            limit: 100,
            ..vieclam_store::AuditFilter::default()
        })
        .await;
    assert!(trail.len() >= 4, "{}", trail.len());
}

#[tokio::test]
async fn the_profile_is_changed_through_the_rules_of_the_register() {
    let app = spawn_app().await;
    let (mut web, employer_id, _) = employer(&app, "dn.hoso", 302).await;
    let before = app.store.get_employer(employer_id).await.unwrap().unwrap();
    let form = web.get("/nha-tuyen-dung/ho-so").await;
    assert_eq!(form.status, StatusCode::OK);
    let tax_code = before.profile.tax_code.clone().unwrap();
    assert!(form.has(tax_code.as_str()));
    assert!(!form.has("name=\"tax_code\""), "the tax code is not edited");
    let fields = |name: &'static str, phone: &'static str| {
        vec![
            ("name", name),
            ("kind", "company"),
            ("industry", "25"),
            ("size", "small"),
            ("address_unit", "2025:10417"),
            ("address_line", "Thôn Hòa Xá"),
            ("contact_name", "Nguyễn Thị Lan"),
            ("contact_phone", phone),
            ("contact_email", "tuyendung@example.vn"),
        ]
    };
    let refused = web.post("/nha-tuyen-dung/ho-so", &fields(" ", "12")).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.has("href=\"#name\"") && refused.has("href=\"#contact_phone\""));
    assert_eq!(
        app.store.get_employer(employer_id).await.unwrap().unwrap(),
        before
    );
    let saved = web
        .post(
            "/nha-tuyen-dung/ho-so",
            &fields("Công ty TNHH Cơ khí Hòa Xá", "0912345678"),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK);
    assert_eq!(saved.path, "/nha-tuyen-dung/ho-so");
    assert!(saved.has("Đã lưu thay đổi"));
    let after = app.store.get_employer(employer_id).await.unwrap().unwrap();
    assert_eq!(after.profile.name, "Công ty TNHH Cơ khí Hòa Xá");
    assert_eq!(after.profile.tax_code, before.profile.tax_code);
    assert_eq!(after.profile.contact_phone.unwrap().as_str(), "0912345678");
    assert_eq!(after.profile.industry.unwrap().as_str(), "25");
}

#[tokio::test]
async fn an_employer_moves_an_application_and_a_hire_waits_for_the_interview() {
    let app = spawn_app().await;
    let (mut web, _, vacancy_id) = employer(&app, "dn.tuyen", 303).await;
    let (worker_token, worker_id) = worker_account(&app, "nld.ungtuyen", 303, "2025:10417").await;
    let (status, application) = app
        .post(
            &format!("/api/v1/vacancies/{vacancy_id}/applications"),
            Some(&worker_token),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{application}");
    let application_id = application["id"].as_i64().unwrap();
    let path = format!("/nha-tuyen-dung/tin/{vacancy_id}/ho-so-ung-tuyen");
    let list = web.get(&path).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.has("Đặng Văn Khoa"));
    assert!(
        list.has("0988123456") && list.has("khoa@example.vn"),
        "shared by applying"
    );
    assert!(list.has("Trung cấp"), "qualification by name");
    assert!(list.has(&occupations().get("7212").unwrap().name_vi));
    assert!(list.has("Đã nhận hồ sơ"));

    let moves = format!("{path}/{application_id}");
    let early = web.post(&moves, &[("status", "hired")]).await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert!(early.has("Chưa phỏng vấn thì chưa thể ghi nhận trúng tuyển"));
    for to in ["shortlisted", "interview", "hired"] {
        let moved = web.post(&moves, &[("status", to)]).await;
        assert_eq!(moved.status, StatusCode::OK, "{to}");
        assert_eq!(moved.path, path);
    }
    let record = app
        .store
        .get_application(application_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(record.status, ApplicationStatus::Hired);
    assert_eq!(record.worker_id, worker_id);
    let done = web.get(&path).await;
    assert!(done.has("Trúng tuyển"));
    assert!(
        !done.has(&format!("action=\"{moves}\"")),
        "no moves after a hire"
    );
    let counts = web.get("/nha-tuyen-dung").await;
    assert!(
        counts.has("Trúng tuyển 1"),
        "counts by status on the dashboard"
    );
}

#[tokio::test]
async fn candidates_show_no_name_or_contact_until_they_accept_an_invitation() {
    let app = spawn_app().await;
    let (mut web, _, vacancy_id) = employer(&app, "dn.moi", 304).await;
    let (worker_token, worker_id) = worker_account(&app, "nld.dongy", 304, "2025:10417").await;
    let private = {
        let mut profile = crate::registers::worker(305, "2025:10417");
        profile.consent_share_with_employers = false;
        let id = app
            .store
            .create_worker(
                vieclam_store::WorkerWrite {
                    profile: &profile,
                    province_code: "01",
                    registered_on: chrono::NaiveDate::from_ymd_opt(2024, 1, 2).unwrap(),
                    source: vieclam_domain::registry::EventSource::SelfDeclared,
                    actor: None,
                },
                Utc::now(),
            )
            .await
            .unwrap()
            .id;
        app.follow_worker(id).await;
        id
    };
    let path = format!("/nha-tuyen-dung/tin/{vacancy_id}/ung-vien");
    let list = web.get(&path).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.has(&format!("id=\"ung-vien-{worker_id}\"")),
        "{}",
        list.body
    );
    assert!(
        !list.has(&format!("id=\"ung-vien-{private}\"")),
        "no consent, not shown"
    );
    assert!(
        list.has("Đ. V. K.") && list.has("Xã Hòa Xá"),
        "initials and commune"
    );
    assert!(list.has("Vì sao phù hợp"), "with reasons");
    assert!(!list.has("Đặng Văn Khoa") && !list.has("0988123456") && !list.has("khoa@example"));

    let invite = format!("{path}/{worker_id}/moi");
    let sent = web.post(&invite, &[]).await;
    assert_eq!(sent.status, StatusCode::OK);
    assert!(sent.has("Đã gửi lời mời"));
    assert!(!sent.has("Đặng Văn Khoa"));
    let again = web.post(&invite, &[]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.has("class=\"error-summary\""));
    let hidden = web.post(&format!("{path}/{private}/moi"), &[]).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);

    // The worker accepts (their own page will do it through the same
    // module; here through the API): the contact is on the application.
    let (status, mine) = app
        .get(
            &format!("/api/v1/workers/{worker_id}/invitations"),
            Some(&worker_token),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    let (status, body) = app
        .post(
            &format!("/api/v1/invitations/{}/answer", mine[0]["id"]),
            Some(&worker_token),
            &json!({ "accept": true }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let applications = web
        .get(&format!("/nha-tuyen-dung/tin/{vacancy_id}/ho-so-ung-tuyen"))
        .await;
    assert!(applications.has("Đặng Văn Khoa") && applications.has("0988123456"));
    let list = web.get(&path).await;
    assert!(list.has("Đặng Văn Khoa"), "named once accepted");
    assert!(list.has("Đã nhận lời"));
    let applied = app
        .store
        .list_applications(
            &ApplicationFilter {
                vacancy_id: Some(vacancy_id),
                ..ApplicationFilter::default()
            },
            ALL,
        )
        .await
        .unwrap();
    assert_eq!(applied.len(), 1);
}

#[tokio::test]
async fn an_employer_takes_a_booth_and_chooses_the_vacancies_it_brings() {
    let app = spawn_app().await;
    let city = city(&app).await;
    let session = open_session(&app, &city, 10, 1).await;
    let (mut web, employer_id, vacancy_id) = employer(&app, "dn.phien", 306).await;
    let (mut other, other_id, _) = employer(&app, "dn.cho", 307).await;
    let list = web.get("/nha-tuyen-dung/phien").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.has("Phiên giao dịch việc làm hàng ngày"));
    assert!(list.has(&format!(
        "action=\"/nha-tuyen-dung/phien/{session}/dang-ky\""
    )));

    let registered = web
        .post(
            &format!("/nha-tuyen-dung/phien/{session}/dang-ky"),
            &[("vacancies", &vacancy_id.to_string())],
        )
        .await;
    assert_eq!(registered.status, StatusCode::OK);
    assert!(
        registered.has("Đã nhận gian tuyển dụng số 1"),
        "{}",
        registered.body
    );
    let mine = app
        .store
        .registrations_of(Party::Employer, employer_id, ALL)
        .await
        .unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].vacancies, [vacancy_id]);
    let booth = mine[0].id;

    // The only booth is taken: the next employer waits in line.
    other.get("/nha-tuyen-dung/phien").await;
    let waiting = other
        .post(&format!("/nha-tuyen-dung/phien/{session}/dang-ky"), &[])
        .await;
    assert!(
        waiting.has("Trong danh sách chờ, thứ tự 1"),
        "{}",
        waiting.body
    );
    let again = web
        .post(&format!("/nha-tuyen-dung/phien/{session}/dang-ky"), &[])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.has("class=\"error-summary\""));

    // Vacancies chosen again: none; another employer's booth is not theirs.
    let chosen = web
        .post(&format!("/nha-tuyen-dung/gian/{booth}/vi-tri"), &[])
        .await;
    assert_eq!(chosen.status, StatusCode::OK);
    let record = app.store.get_registration(booth).await.unwrap().unwrap();
    assert!(record.vacancies.is_empty());
    let theirs = other
        .post(&format!("/nha-tuyen-dung/gian/{booth}/huy"), &[])
        .await;
    assert_eq!(theirs.status, StatusCode::FORBIDDEN);
    let brought = other
        .post(
            &format!("/nha-tuyen-dung/phien/{session}/dang-ky"),
            &[("vacancies", &vacancy_id.to_string())],
        )
        .await;
    assert_ne!(brought.status, StatusCode::OK, "not its vacancy");

    // Cancelled: the first in line takes the booth.
    let cancelled = web
        .post(&format!("/nha-tuyen-dung/gian/{booth}/huy"), &[])
        .await;
    assert_eq!(cancelled.status, StatusCode::OK);
    assert!(cancelled.has("Đã hủy đăng ký"));
    let record = app.store.get_registration(booth).await.unwrap().unwrap();
    assert_eq!(record.state, RegistrationState::Cancelled);
    let promoted = app
        .store
        .registrations_of(Party::Employer, other_id, ALL)
        .await
        .unwrap();
    assert_eq!(promoted[0].state, RegistrationState::Accepted);
}

#[tokio::test]
async fn nobody_but_the_employer_reaches_its_pages() {
    let app = spawn_app().await;
    let (mut web, _, own) = employer(&app, "dn.a", 308).await;
    let (b_employer, b_vacancy) = add_employer(&app, 309, "2025:10417").await;
    let (worker_token, _) = worker_account(&app, "nld.b", 309, "2025:10417").await;
    let (status, _) = app
        .post(
            &format!("/api/v1/vacancies/{b_vacancy}/applications"),
            Some(&worker_token),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);

    // Another employer's vacancy: refused, never shown; a guessed id: 404.
    for path in [
        format!("/nha-tuyen-dung/tin/{b_vacancy}"),
        format!("/nha-tuyen-dung/tin/{b_vacancy}/ho-so-ung-tuyen"),
        format!("/nha-tuyen-dung/tin/{b_vacancy}/ung-vien"),
        format!("/nha-tuyen-dung/tin/{b_vacancy}/sao-chep"),
    ] {
        let page = web.get(&path).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
        assert!(
            !page.has("name=\"title\"") && !page.has("Đặng Văn Khoa"),
            "{path}"
        );
        assert!(!page.has("Đ. V. K."), "{path}");
    }
    for path in [
        "/nha-tuyen-dung/tin/999999",
        "/nha-tuyen-dung/tin/999999/ho-so-ung-tuyen",
        "/nha-tuyen-dung/tin/999999/ung-vien",
        "/nha-tuyen-dung/tin/999999/sao-chep",
        "/nha-tuyen-dung/tin/abc",
    ] {
        assert_eq!(web.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    web.get("/nha-tuyen-dung").await;
    let close = web
        .post(&format!("/nha-tuyen-dung/tin/{b_vacancy}/dong"), &[])
        .await;
    assert_eq!(close.status, StatusCode::FORBIDDEN);
    let invite = web
        .post(
            &format!("/nha-tuyen-dung/tin/{b_vacancy}/ung-vien/1/moi"),
            &[],
        )
        .await;
    assert_eq!(invite.status, StatusCode::FORBIDDEN);
    let edit = web
        .post(
            &format!("/nha-tuyen-dung/tin/{b_vacancy}"),
            &[
                ("title", "Chiếm tin"),
                ("headcount", "1"),
                ("work_unit", "2025:10417"),
            ],
        )
        .await;
    assert_eq!(edit.status, StatusCode::FORBIDDEN);
    let applications = app
        .store
        .list_applications(
            &ApplicationFilter {
                vacancy_id: Some(b_vacancy),
                ..ApplicationFilter::default()
            },
            ALL,
        )
        .await
        .unwrap();
    let moved = web
        .post(
            &format!(
                "/nha-tuyen-dung/tin/{b_vacancy}/ho-so-ung-tuyen/{}",
                applications[0].id
            ),
            &[("status", "shortlisted")],
        )
        .await;
    assert_eq!(moved.status, StatusCode::FORBIDDEN);
    let b = app.store.get_vacancy(b_vacancy).await.unwrap().unwrap();
    assert_eq!(b.posting.status, VacancyStatus::Open);
    assert_eq!(b.posting.title, "Thợ hàn điện");
    assert_eq!(b.posting.employer_id, b_employer);
    let after = app
        .store
        .get_application(applications[0].id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.status, ApplicationStatus::Received);
    // Its own vacancy's form is there.
    assert_eq!(
        web.get(&format!("/nha-tuyen-dung/tin/{own}")).await.status,
        StatusCode::OK
    );

    // The public is sent to the login page, coming back after it.
    let mut public = Web::new(&app);
    for path in [
        "/nha-tuyen-dung",
        "/nha-tuyen-dung/tin/moi",
        "/nha-tuyen-dung/phien",
    ] {
        let page = public.get(path).await;
        assert_eq!(page.path, "/dang-nhap", "{path}");
        assert!(
            page.has(&format!("name=\"next\" value=\"{path}\"")),
            "{path}"
        );
    }
    let refused = public
        .post(&format!("/nha-tuyen-dung/tin/{own}/dong"), &[])
        .await;
    assert_eq!(
        refused.path, "/dang-nhap",
        "a visitor posting is sent to log in"
    );
    // A worker's account gets no employer page.
    app.add_account("nld.tk", Role::Worker, None).await;
    let mut worker = Web::new(&app);
    worker.login("nld.tk").await;
    for path in [
        "/nha-tuyen-dung".to_owned(),
        "/nha-tuyen-dung/ho-so".to_owned(),
        format!("/nha-tuyen-dung/tin/{own}"),
        format!("/nha-tuyen-dung/tin/{own}/ung-vien"),
        "/nha-tuyen-dung/goi-y-nghe?title=han".to_owned(),
    ] {
        assert_eq!(
            worker.get(&path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let closed = worker
        .post(&format!("/nha-tuyen-dung/tin/{own}/dong"), &[])
        .await;
    assert_eq!(closed.status, StatusCode::FORBIDDEN);
    let record = app.store.get_vacancy(own).await.unwrap().unwrap();
    assert_eq!(record.posting.status, VacancyStatus::Open);
    // An employer account not linked to a record: told so, nothing shown.
    app.add_account("dn.chualienket", Role::Employer, None)
        .await;
    let mut unlinked = Web::new(&app);
    unlinked.login("dn.chualienket").await;
    let page = unlinked.get("/nha-tuyen-dung").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.has("chưa gắn với đơn vị"));
}
