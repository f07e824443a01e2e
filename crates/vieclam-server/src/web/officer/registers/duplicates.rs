//! The queue of likely duplicates of the officer's unit: two records side
//! by side with their differences named, and the verdict — "two people"
//! or "the same person" — recorded through the API's own path
//! (`registers::resolve_duplicate`). Neither verdict merges or deletes a
//! record; the page says what happens to each.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use vieclam_domain::{AuditAction, Reach};
use vieclam_store::{DuplicateFlag, WorkerRecord};

use super::{notice_of, Fact};
use crate::records::may_access_worker;
use crate::registers::identifiers_shown;
use crate::web::officer::{as_officer, Area, Frame, Officer};
use crate::web::page::{render, see_other, PagePath, PageQuery};
use crate::web::{format, labels, Lang, Page, Posted, WebError};
use crate::AppState;

/// The most flags the queue lists.
const LISTED: u32 = 500;

/// A flag's status in words.
fn status_name(status: &str, lang: Lang) -> &'static str {
    match status {
        "open" => lang.pick("Chờ xem xét", "To review"),
        "distinct" => lang.pick("Hai người khác nhau", "Two different people"),
        "same_person" => lang.pick("Cùng một người (chờ gộp)", "Same person (to merge)"),
        _ => lang.pick("Không rõ", "Unknown"),
    }
}

/// Why a pair was flagged, in words (the store keeps a code).
fn reason_name(reason: &str, lang: Lang) -> String {
    match reason {
        "same_name_birth_date_commune" => lang
            .pick(
                "Cùng họ tên, ngày sinh và xã, phường; không có số định danh",
                "Same name, birth date and commune; no citizen ID",
            )
            .to_owned(),
        other => other.replace('_', " "),
    }
}

/// A flag's line in the queue.
pub struct FlagRow {
    pub id: i64,
    pub first: String,
    pub second: String,
    pub place: String,
    pub since: String,
    pub status: String,
    pub open: bool,
}

#[derive(Template)]
#[template(path = "officer/registers/duplicates.html")]
struct QueuePage<'a> {
    page: &'a Page,
    frame: Frame,
    open: Vec<FlagRow>,
    decided: Vec<FlagRow>,
    notice: Option<String>,
}

#[derive(Deserialize)]
pub struct Done {
    xong: Option<String>,
}

/// A worker of a flag, when the caller may read them.
async fn readable(
    state: &AppState,
    page: &Page,
    id: i64,
) -> Result<Option<WorkerRecord>, WebError> {
    let Some(record) = state.store.get_worker(id).await? else {
        return Ok(None);
    };
    Ok(may_access_worker(state, &page.caller.principal, &record)
        .await?
        .is_ok()
        .then_some(record))
}

/// The queue: flags to review first, then those decided.
pub async fn queue(
    State(state): State<AppState>,
    page: Page,
    PageQuery(done): PageQuery<Done>,
) -> Response {
    as_officer!(page, state, Area::Duplicates, |officer| async {
        let lang = page.lang;
        let flags = crate::registers::duplicates_of_area(
            &state,
            &page.caller,
            vieclam_store::Page {
                limit: LISTED,
                offset: 0,
            },
        )
        .await?;
        let mut open = Vec::new();
        let mut decided = Vec::new();
        for flag in flags {
            let row = flag_row(&state, &page, &flag, lang).await?;
            if row.open {
                open.push(row);
            } else {
                decided.push(row);
            }
        }
        let frame = officer
            .frame(&page, Area::Duplicates)
            .crumb(Area::Duplicates.href(), Area::Duplicates.name(lang));
        render(&QueuePage {
            page: &page,
            frame,
            open,
            decided,
            notice: notice_of(done.xong.as_deref(), lang),
        })
    })
}

async fn flag_row(
    state: &AppState,
    page: &Page,
    flag: &DuplicateFlag,
    lang: Lang,
) -> Result<FlagRow, WebError> {
    let first = readable(state, page, flag.worker_id).await?;
    let second = readable(state, page, flag.other_worker_id).await?;
    let name = |record: &Option<WorkerRecord>, id: i64| match record {
        Some(record) => format!("{} (#{id})", record.profile.full_name.as_str()),
        None => format!(
            "#{id} {}",
            lang.pick("(hồ sơ do đơn vị khác quản lý)", "(kept by another unit)")
        ),
    };
    Ok(FlagRow {
        id: flag.id,
        first: name(&first, flag.worker_id),
        second: name(&second, flag.other_worker_id),
        place: first
            .as_ref()
            .map(|record| labels::place(&state.units, &record.state.residence))
            .unwrap_or_default(),
        since: format::date(
            (flag.created_at + chrono::Duration::hours(7)).date_naive(),
            lang,
        ),
        status: status_name(&flag.status, lang).to_owned(),
        open: flag.status == "open",
    })
}

/// A line of the comparison: the field, each record's value, and whether
/// they differ (said in a word, not only a colour).
pub struct CompareRow {
    pub label: String,
    pub first: String,
    pub second: String,
    pub differs: bool,
}

#[derive(Template)]
#[template(path = "officer/registers/duplicate.html")]
struct ComparePage<'a> {
    page: &'a Page,
    frame: Frame,
    id: i64,
    first_id: i64,
    second_id: i64,
    reason: String,
    status: String,
    open: bool,
    rows: Vec<CompareRow>,
    n_differ: usize,
    /// The second record is kept by another unit: not shown.
    second_hidden: bool,
    problem: Option<String>,
}

/// The facts compared, as the officer's role sees one record.
fn facts(state: &AppState, record: &WorkerRecord, officer: &Officer, lang: Lang) -> Vec<Fact> {
    let profile = &record.profile;
    let shown = identifiers_shown(profile, officer.role, Reach::One);
    let none = || "—".to_owned();
    vec![
        Fact::new(
            lang.pick("Họ và tên", "Full name"),
            profile.full_name.as_str(),
        ),
        Fact::new(
            lang.pick("Ngày sinh", "Date of birth"),
            super::workers::shown_birth(&shown.birth_date, lang),
        ),
        Fact::new(lang.pick("Giới tính", "Sex"), profile.sex.name_vi()),
        Fact::new(
            lang.pick("Số định danh", "Citizen ID"),
            shown.citizen_id.unwrap_or_else(none),
        ),
        Fact::new(
            lang.pick("Điện thoại", "Phone"),
            shown.phone.unwrap_or_else(none),
        ),
        Fact::new(
            lang.pick("Thư điện tử", "E-mail"),
            shown.email.unwrap_or_else(none),
        ),
        Fact::new(
            lang.pick("Nơi ở", "Residence"),
            labels::place(&state.units, &record.state.residence),
        ),
        Fact::new(
            lang.pick("Trình độ", "Qualification"),
            labels::qualification(profile.qualification, lang),
        ),
        Fact::new(
            lang.pick("Tình trạng việc làm", "Employment status"),
            labels::employment_status(record.state.status, lang),
        ),
        Fact::new(
            lang.pick("Nghề mong muốn", "Occupation wanted"),
            profile
                .wanted_occupation
                .as_ref()
                .map(|code| labels::occupation(code.as_str(), lang))
                .unwrap_or_else(none),
        ),
        Fact::new(
            lang.pick("Ngày vào sổ", "Registered on"),
            format::date(
                (record.created_at + chrono::Duration::hours(7)).date_naive(),
                lang,
            ),
        ),
    ]
}

/// Two records side by side.
pub async fn compare(
    State(state): State<AppState>,
    page: Page,
    PagePath(id): PagePath<i64>,
) -> Response {
    as_officer!(page, state, Area::Duplicates, |officer| compare_page(
        &page, &state, &officer, id, None
    ))
}

async fn compare_page(
    page: &Page,
    state: &AppState,
    officer: &Officer,
    id: i64,
    problem: Option<String>,
) -> Result<Response, WebError> {
    let lang = page.lang;
    let flag = crate::registers::load_flag(state, &page.caller, id, AuditAction::Read).await?;
    let first = crate::records::load_worker(state, flag.worker_id).await?;
    // The second record is shown only to an officer who may read it (the
    // same check, audited, as reading it by its id).
    let second = match readable(state, page, flag.other_worker_id).await? {
        Some(_) => Some(
            crate::records::load_checked(
                state,
                &page.caller,
                flag.other_worker_id,
                AuditAction::Read,
            )
            .await?,
        ),
        None => None,
    };
    let first_facts = facts(state, &first, officer, lang);
    let second_facts = second
        .as_ref()
        .map(|record| facts(state, record, officer, lang));
    let rows: Vec<CompareRow> = first_facts
        .into_iter()
        .enumerate()
        .map(|(index, fact)| {
            let other = second_facts
                .as_ref()
                .and_then(|facts| facts.get(index))
                .map(|fact| fact.value.clone());
            CompareRow {
                differs: other.as_ref().is_some_and(|other| *other != fact.value),
                label: fact.label,
                second: other.unwrap_or_else(|| "—".to_owned()),
                first: fact.value,
            }
        })
        .collect();
    let n_differ = rows.iter().filter(|row| row.differs).count();
    let frame = officer
        .frame(page, Area::Duplicates)
        .crumb(Area::Duplicates.href(), Area::Duplicates.name(lang));
    let body = ComparePage {
        page,
        frame,
        id,
        first_id: flag.worker_id,
        second_id: flag.other_worker_id,
        reason: reason_name(&flag.reason, lang),
        status: status_name(&flag.status, lang).to_owned(),
        open: flag.status == "open",
        rows,
        n_differ,
        second_hidden: second.is_none(),
        problem: problem.clone(),
    };
    if problem.is_some() {
        return Ok(crate::web::html(StatusCode::BAD_REQUEST, body.render()?));
    }
    render(&body)
}

/// The verdict as the form sends it.
#[derive(Deserialize)]
pub struct Verdict {
    #[serde(default)]
    verdict: String,
}

/// Records the verdict on a flag (`registers::resolve_duplicate`).
pub async fn resolve(
    State(state): State<AppState>,
    PagePath(id): PagePath<i64>,
    Posted(page, form): Posted<Verdict>,
) -> Response {
    as_officer!(page, state, Area::Duplicates, |officer| async {
        // Where the flag's worker is, checked before anything else.
        crate::registers::load_flag(&state, &page.caller, id, AuditAction::Read).await?;
        let done = match form.verdict.as_str() {
            "distinct" => "khac-nhau",
            "same_person" => "cung-nguoi",
            _ => {
                let problem = page
                    .t(
                        "Hãy chọn: hai người khác nhau, hoặc cùng một người",
                        "Choose: two different people, or the same person",
                    )
                    .to_owned();
                return compare_page(&page, &state, &officer, id, Some(problem)).await;
            }
        };
        crate::registers::resolve_duplicate(&state, &page.caller, id, &form.verdict).await?;
        Ok(see_other(&format!("/can-bo/trung-lap?xong={done}")))
    })
}
