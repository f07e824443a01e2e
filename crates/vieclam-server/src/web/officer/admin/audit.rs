//! The audit trail, `/can-bo/quan-tri/nhat-ky`: who did what to which
//! record, when and with what outcome — filtered by account, record (kind
//! and id), outcome and days, newest first, paged. It shows what the
//! API's trail answers the same caller (a province officer only the
//! province's entries) and nothing beyond what the audit holds: accounts
//! by number and role, never by name.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;
use vieclam_domain::AuditOutcome;

use super::super::{as_officer, role_name, Area, Frame};
use crate::audit_trail::AuditAsk;
use crate::web::page::{render, PageQuery};
use crate::web::{labels, Lang, Page, WebError};
use crate::AppState;

/// The filter as a GET form sends it: empty fields are no filter.
#[derive(Clone, Default, Deserialize)]
pub struct TrailForm {
    #[serde(default)]
    tai_khoan: String,
    #[serde(default)]
    loai: String,
    #[serde(default)]
    ma: String,
    #[serde(default)]
    ket_qua: String,
    #[serde(default)]
    tu: String,
    #[serde(default)]
    den: String,
    limit: Option<u64>,
    offset: Option<u64>,
}

/// One entry as the table shows it.
pub struct EntryRow {
    pub at: String,
    pub actor: String,
    pub role: &'static str,
    pub action: &'static str,
    pub record: String,
    pub unit: String,
    pub outcome: &'static str,
    pub outcome_class: &'static str,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "officer/admin/audit.html")]
struct TrailPage<'a> {
    page: &'a Page,
    frame: Frame,
    form: TrailForm,
    rows: Vec<EntryRow>,
    first: u32,
    previous: Option<String>,
    next: Option<String>,
}

fn bad(vi: &str, en: &str) -> WebError {
    WebError::new(StatusCode::BAD_REQUEST, vi, en)
}

fn text(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

fn day(value: &str) -> Result<Option<NaiveDate>, WebError> {
    text(value)
        .map(|value| {
            NaiveDate::parse_from_str(&value, "%Y-%m-%d").map_err(|_| {
                bad(
                    "Ngày phải viết dạng năm-tháng-ngày, ví dụ 2026-12-05",
                    "A day is written year-month-day, e.g. 2026-12-05",
                )
            })
        })
        .transpose()
}

/// The API's question from the page's form (hostile values are 400).
fn ask_of(form: &TrailForm) -> Result<AuditAsk, WebError> {
    let actor_user_id = text(&form.tai_khoan)
        .map(|value| {
            value.trim_start_matches('#').parse::<i64>().map_err(|_| {
                bad(
                    "Số tài khoản phải là một số",
                    "The account number must be a number",
                )
            })
        })
        .transpose()?;
    let subject_kind = text(&form.loai);
    let id = text(&form.ma);
    // A record's number with its kind also finds the searches and exports
    // that returned it, as the API's `record_id` does.
    let record_id = match (&subject_kind, id.as_deref().map(str::parse::<i64>)) {
        (Some(_), Some(Ok(number))) => Some(number),
        _ => None,
    };
    Ok(AuditAsk {
        actor_user_id,
        subject_id: if record_id.is_some() { None } else { id },
        subject_kind,
        outcome: text(&form.ket_qua),
        record_id,
        from: day(&form.tu)?,
        to: day(&form.den)?,
        limit: form.limit,
        offset: form.offset,
    })
}

fn action_name(action: vieclam_domain::AuditAction, lang: Lang) -> &'static str {
    use vieclam_domain::AuditAction::*;
    match action {
        Read => lang.pick("Xem", "Read"),
        Create => lang.pick("Tạo", "Create"),
        Update => lang.pick("Sửa", "Update"),
        Delete => lang.pick("Xoá", "Delete"),
        Export => lang.pick("Xuất", "Export"),
        Login => lang.pick("Đăng nhập", "Log in"),
        Logout => lang.pick("Đăng xuất", "Log out"),
    }
}

fn outcome_word(outcome: AuditOutcome, lang: Lang) -> (&'static str, &'static str) {
    match outcome {
        AuditOutcome::Allowed => (lang.pick("Được phép", "Allowed"), "achieved"),
        AuditOutcome::Denied => (lang.pick("Bị từ chối", "Denied"), "behind"),
        AuditOutcome::Failed => (lang.pick("Không thành công", "Failed"), "none"),
    }
}

/// This page's address with the same filters and another first row.
fn page_link(form: &TrailForm, limit: u32, offset: u32) -> String {
    let query = serde_urlencoded::to_string([
        ("tai_khoan", form.tai_khoan.as_str()),
        ("loai", form.loai.as_str()),
        ("ma", form.ma.as_str()),
        ("ket_qua", form.ket_qua.as_str()),
        ("tu", form.tu.as_str()),
        ("den", form.den.as_str()),
        ("limit", &limit.to_string()),
        ("offset", &offset.to_string()),
    ])
    .unwrap_or_default();
    format!("/can-bo/quan-tri/nhat-ky?{query}")
}

/// The audit trail with its filters.
pub async fn trail(
    State(state): State<AppState>,
    page: Page,
    PageQuery(form): PageQuery<TrailForm>,
) -> Response {
    as_officer!(page, state, Area::Admin, |officer| async {
        let lang = page.lang;
        let ask = ask_of(&form)?;
        let (entries, paging) = crate::audit_trail::read_audit(&state, &page.caller, ask).await?;
        let rows = entries
            .into_iter()
            .map(|stored| {
                let entry = stored.entry;
                let at = entry.at + chrono::Duration::hours(7);
                let (outcome, outcome_class) = outcome_word(entry.outcome, lang);
                EntryRow {
                    at: at.format("%d/%m/%Y %H:%M:%S").to_string(),
                    actor: entry
                        .actor_user_id
                        .map(|id| format!("#{id}"))
                        .unwrap_or_else(|| page.t("Hệ thống", "The system").to_owned()),
                    role: role_name(entry.actor_role, lang),
                    action: action_name(entry.action, lang),
                    record: format!("{} {}", entry.subject_kind, entry.subject_id),
                    unit: entry
                        .unit
                        .as_ref()
                        .map(|key| labels::place(&state.units, key))
                        .unwrap_or_default(),
                    outcome,
                    outcome_class,
                    reason: entry.reason.unwrap_or_default(),
                }
            })
            .collect::<Vec<_>>();
        let previous = (paging.offset > 0).then(|| {
            page_link(
                &form,
                paging.limit,
                paging.offset.saturating_sub(paging.limit),
            )
        });
        let next = (rows.len() as u32 == paging.limit).then(|| {
            page_link(
                &form,
                paging.limit,
                paging.offset.saturating_add(paging.limit),
            )
        });
        render(&TrailPage {
            frame: officer
                .frame(&page, Area::Admin)
                .crumb("/can-bo/quan-tri", page.t("Quản trị", "Administration")),
            page: &page,
            first: paging.offset + 1,
            form,
            rows,
            previous,
            next,
        })
    })
}
