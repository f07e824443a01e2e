//! The employer's pages, under `/nha-tuyen-dung`: the dashboard of its
//! vacancies, its profile, posting and editing vacancies, the applications
//! received, the recommended candidates and their invitations, and the
//! job-fair sessions it takes a booth at.
//!
//! Every page needs an employer account linked to an employer record: a
//! visitor without an account is sent to the login page, another role gets
//! 403 as the API would answer it. Every read and write goes through the
//! shared modules the API uses (`records`, `employers`, `exchange`,
//! `matching`, `invitations`), so a page never shows or changes more than
//! the API would for the same account.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use vieclam_domain::registry::{SizeBand, VacancyStatus};
use vieclam_domain::{AuditAction, Role, UnitKey, UnitLevel, UnitStructure};
use vieclam_exchange::ApplicationStatus;
use vieclam_store::{ApplicationFilter, Area, EmployerRecord, VacancyRecord};

use super::account::login_required;
use super::format;
use super::labels;
use super::page::{render, PageQuery};
use super::public::Choice;
use super::{Lang, Page, WebError};
use crate::{vietnam_today, AppState};

pub mod applications;
pub mod candidates;
pub mod profile;
pub mod sessions;
pub mod vacancy;

/// The most vacancies the dashboard lists.
const LISTED: u32 = 500;

/// The employer record the signed-in account speaks for, or the answer
/// that takes the page's place: the login page for a visitor, 403 for
/// another role or an employer account not yet linked to a record.
pub async fn signed_in_employer(page: &Page, state: &AppState) -> Result<i64, Response> {
    if page.caller.account.is_none() {
        return Err(login_required(page));
    }
    if page.role() != Role::Employer {
        return Err(WebError::new(
            StatusCode::FORBIDDEN,
            "Trang này dành cho tài khoản nhà tuyển dụng",
            "This page is for employer accounts",
        )
        .render(page));
    }
    match crate::records::own_employer(state, &page.caller.principal).await {
        Ok(Some(id)) => Ok(id),
        Ok(None) => Err(WebError::new(
            StatusCode::FORBIDDEN,
            "Tài khoản này chưa gắn với đơn vị sử dụng lao động nào; hãy liên hệ Trung tâm Dịch vụ việc làm",
            "This account is not linked to an employer yet; contact the employment service centre",
        )
        .render(page)),
        Err(error) => Err(WebError::from(error).render(page)),
    }
}

/// Runs `$body` (a `Result<Response, WebError>`) for the signed-in
/// employer `$id`, or answers with the guard's page.
macro_rules! as_employer {
    ($page:expr, $state:expr, |$id:ident| $body:expr) => {{
        let page = &$page;
        match $crate::web::employer::signed_in_employer(page, &$state).await {
            Ok($id) => page.respond($body.await),
            Err(response) => response,
        }
    }};
}
pub(crate) use as_employer;

/// The problems of a form: each with its field's id (the summary links to
/// it) and its message in the page's language.
#[derive(Default)]
pub struct Problems(pub Vec<(String, String)>);

impl Problems {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push((field.to_owned(), message.into()));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message of a field, for the template.
    pub fn of(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, message)| message.as_str())
    }

    /// The problems of a refused write: each field problem of its details
    /// (mapped onto the form's fields by `field_of`), or the refusal's own
    /// message on `fallback`.
    pub fn of_error(
        &mut self,
        error: &crate::error::ApiError,
        lang: Lang,
        fallback: &str,
        field_of: &dyn Fn(&str) -> String,
    ) {
        let before = self.0.len();
        if let Some(serde_json::Value::Array(problems)) = &error.details {
            for problem in problems {
                let field = problem["field"].as_str().unwrap_or("");
                let message = match lang {
                    Lang::Vi => problem["reason_vi"].as_str(),
                    Lang::En => problem["reason_en"].as_str(),
                };
                if let Some(message) = message {
                    self.add(&field_of(field), message);
                }
            }
        }
        if self.0.len() == before {
            self.add(fallback, lang.pick(&error.message_vi, &error.message_en));
        }
    }
}

/// Choices of a select: `options` as (value, label), `current` selected.
pub fn choices(options: Vec<(String, String)>, current: &str) -> Vec<Choice> {
    options
        .into_iter()
        .map(|(value, label)| Choice {
            selected: value == current,
            value,
            label,
        })
        .collect()
}

/// A size band's name in the page's language.
pub fn size_band(value: SizeBand, lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => value.name_vi(),
        Lang::En => match value {
            SizeBand::Micro => "Under 10 employees",
            SizeBand::Small => "10–49 employees",
            SizeBand::Medium => "50–199 employees",
            SizeBand::Large => "200–999 employees",
            SizeBand::VeryLarge => "1,000 employees or more",
        },
    }
}

/// The communes of the 2025 province `around` lies in, in Vietnamese
/// alphabetical order (`vieclam_text::collation_key`), as (key, name); the
/// unit `keep` is added first when it is not one of them (a unit recorded
/// in the old structure, or a province), so that editing never loses it.
pub fn commune_choices(
    state: &AppState,
    around: &UnitKey,
    keep: Option<&UnitKey>,
) -> Vec<(String, String)> {
    let province = state
        .units
        .current_province_code(around)
        .ok()
        .map(|code| UnitKey {
            structure: UnitStructure::TwoTier2025,
            code,
        });
    let mut communes: Vec<&vieclam_domain::AdminUnit> = match &province {
        Some(province) => state
            .units
            .children(province)
            .filter(|unit| unit.level == UnitLevel::Commune)
            .collect(),
        None => Vec::new(),
    };
    // By the name without its kind ("Hòa Xá", not "Xã Hòa Xá"), so that
    // wards and communes interleave as people look for them.
    communes.sort_by_cached_key(|unit| {
        (
            vieclam_text::collation_key(&unit.short_name),
            vieclam_text::collation_key(&unit.name),
        )
    });
    let mut options: Vec<(String, String)> = Vec::with_capacity(communes.len() + 1);
    if let Some(keep) = keep {
        if !communes.iter().any(|unit| &unit.key() == keep) {
            options.push((keep.to_string(), labels::place(&state.units, keep)));
        }
    }
    options.extend(
        communes
            .into_iter()
            .map(|unit| (unit.key().to_string(), unit.name.clone())),
    );
    options
}

/// The 2025 commune a unit is, or the one it went into (for a default).
pub fn current_commune(state: &AppState, unit: &UnitKey) -> Option<UnitKey> {
    let found = state.units.get(unit).ok()?;
    match (found.structure, found.level) {
        (UnitStructure::TwoTier2025, UnitLevel::Commune) => Some(unit.clone()),
        (UnitStructure::Legacy, UnitLevel::Commune) => state
            .units
            .links_from_legacy(found)
            .next()
            .map(|link| UnitKey {
                structure: UnitStructure::TwoTier2025,
                code: link.code_2025.clone(),
            }),
        _ => None,
    }
}

/// A vacancy's line on the dashboard.
pub struct VacancyRow {
    pub id: i64,
    pub title: String,
    pub status: String,
    pub open: bool,
    pub deadline: String,
    pub wage: String,
    /// "Đã nhận 2 · Sơ tuyển 1", or empty.
    pub applications: Vec<String>,
    pub n_applications: u64,
}

#[derive(Template)]
#[template(path = "employer/dashboard.html")]
struct DashboardPage<'a> {
    page: &'a Page,
    name: String,
    tax_code: String,
    kind: String,
    place: String,
    vacancies: Vec<VacancyRow>,
    n_open: String,
    notice: Option<String>,
}

#[derive(Deserialize)]
pub struct Notice {
    /// What was just done (`dang`, `luu`, `dong`): a notice to show.
    xong: Option<String>,
}

/// The notice of a change just made, from the redirect's query.
pub fn notice_of(done: Option<&str>, lang: Lang) -> Option<String> {
    let text = match done? {
        "dang" => lang.pick("Đã đăng tin tuyển dụng.", "The vacancy is posted."),
        "luu" => lang.pick("Đã lưu thay đổi.", "The changes are saved."),
        "dong" => lang.pick(
            "Đã đóng tin tuyển dụng: tin không còn hiện khi tìm việc.",
            "The vacancy is closed: it no longer shows in job search.",
        ),
        "moi" => lang.pick(
            "Đã gửi lời mời ứng tuyển. Khi người lao động nhận lời, hồ sơ của họ sẽ có trong danh sách hồ sơ ứng tuyển.",
            "The invitation is sent. When the worker accepts, their profile appears among the applications.",
        ),
        "dang-ky" => lang.pick("Đã đăng ký tham gia phiên.", "Registered for the session."),
        "huy" => lang.pick("Đã hủy đăng ký.", "The registration is cancelled."),
        _ => return None,
    };
    Some(text.to_owned())
}

/// The employer's own vacancies, open ones first, newest first within
/// each (the listing the API gives an employer account).
pub async fn own_vacancies(
    state: &AppState,
    employer_id: i64,
) -> Result<Vec<VacancyRecord>, WebError> {
    let mut records = state
        .store
        .list_vacancies(
            &Area::All,
            Some(employer_id),
            None,
            vieclam_store::Page {
                limit: LISTED,
                offset: 0,
            },
        )
        .await?;
    let today = vietnam_today();
    records.sort_by_key(|record| {
        (
            record.posting.status_on(today) != VacancyStatus::Open,
            std::cmp::Reverse(record.id),
        )
    });
    Ok(records)
}

/// The employer's dashboard: who it is, its vacancies with their status,
/// deadline and applications by status, and what it can do with each.
pub async fn dashboard(
    page: Page,
    State(state): State<AppState>,
    PageQuery(notice): PageQuery<Notice>,
) -> Response {
    as_employer!(page, state, |id| dashboard_page(
        &page,
        &state,
        id,
        notice.xong.as_deref()
    ))
}

async fn dashboard_page(
    page: &Page,
    state: &AppState,
    id: i64,
    done: Option<&str>,
) -> Result<Response, WebError> {
    let lang = page.lang;
    let employer: EmployerRecord =
        crate::records::load_employer(state, &page.caller, id, AuditAction::Read).await?;
    let records = own_vacancies(state, id).await?;
    // Counts only: no applicant is named on the dashboard.
    let applications = state
        .store
        .list_applications(
            &ApplicationFilter {
                employer_id: Some(id),
                ..ApplicationFilter::default()
            },
            vieclam_store::Page {
                limit: 10_000,
                offset: 0,
            },
        )
        .await?;
    let today = vietnam_today();
    let mut n_open = 0_u64;
    let vacancies = records
        .into_iter()
        .map(|record| {
            let status = record.posting.status_on(today);
            let open = status == VacancyStatus::Open;
            n_open += u64::from(open);
            let mine: Vec<&vieclam_store::ApplicationRecord> = applications
                .iter()
                .filter(|application| application.vacancy_id == record.id)
                .collect();
            let counts = ApplicationStatus::ALL
                .iter()
                .filter_map(|status| {
                    let n = mine.iter().filter(|a| a.status == *status).count() as u64;
                    (n > 0).then(|| {
                        format!(
                            "{} {}",
                            lang.pick(status.name_vi(), status.name_en()),
                            format::number(n, lang)
                        )
                    })
                })
                .collect();
            VacancyRow {
                id: record.id,
                title: record.posting.title.clone(),
                status: labels::vacancy_status(status, lang).to_owned(),
                open,
                deadline: record
                    .posting
                    .deadline
                    .map(|day| format::date(day, lang))
                    .unwrap_or_else(|| lang.pick("Không hạn", "None").to_owned()),
                wage: format::wage(&record.posting.wage, lang),
                applications: counts,
                n_applications: mine.len() as u64,
            }
        })
        .collect();
    let profile = &employer.profile;
    render(&DashboardPage {
        page,
        name: profile.name.clone(),
        tax_code: profile
            .tax_code
            .as_ref()
            .map(|code| code.as_str().to_owned())
            .unwrap_or_else(|| "—".to_owned()),
        kind: labels::employer_kind(profile.kind, lang).to_owned(),
        place: labels::place(&state.units, &profile.address_unit),
        vacancies,
        n_open: format::number(n_open, lang),
        notice: notice_of(done, lang),
    })
}
