//! The workers of the officer's unit: the search (filters by place,
//! status, qualification and occupation in the address; a name or a
//! citizen ID only in a POST form), a worker's profile with the timeline
//! of labour events, an event recorded, and the profile edited with a
//! required reason.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use vieclam_domain::registry::{
    parse_date, parse_list, Country, Email, EventKind, EventSource, LabourEvent, OccupationCode,
    PersonName, PhoneNumber, PriorityGroup, Qualification,
};
use vieclam_domain::{AuditAction, Reach, UnitKey};
use vieclam_store::{AuditFilter, EventRecord, WorkerRecord};

use super::{facet, filled, href, notice_of, pager, Fact, PAGE_SIZE};
use crate::error::ApiError;
use crate::paging::PagingRule;
use crate::registers::{identifiers_shown, WorkerSearch};
use crate::web::form::{FormField, FormModel};
use crate::web::officer::{as_officer, Area, Frame, Officer};
use crate::web::page::{render, see_other, PagePath, PageQuery};
use crate::web::public::{FacetGroup, PageLink};
use crate::web::{format, html, labels, Lang, Page, Posted, WebError};
use crate::{vietnam_today, AppState};

/// The filters of the search, as the address carries them: codes only.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Filters {
    /// A commune (`structure:code`).
    pub unit: Option<String>,
    /// An employment status code.
    pub status: Option<String>,
    /// A qualification code.
    pub qualification: Option<String>,
    /// An occupation group (2 digits).
    pub occupation: Option<String>,
    /// A priority group code.
    pub priority: Option<String>,
    /// The page of results, from 1.
    pub page: Option<u64>,
}

/// The fields of a posted form, in order (a checkbox may repeat).
pub type Fields = Vec<(String, String)>;

/// The first value of field `name`, or empty.
fn field(fields: &Fields, name: &str) -> String {
    fields
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.clone())
        .unwrap_or_default()
}

/// The search form posted with a name or a citizen ID, and the filters;
/// a page that is not a number is refused as a malformed address is.
fn name_search(fields: &Fields) -> Result<(String, Filters), WebError> {
    let text = |name: &str| Some(field(fields, name)).filter(|value| !value.is_empty());
    let page = match text("page") {
        Some(number) => Some(number.parse::<u64>().map_err(|_| {
            WebError::new(
                StatusCode::BAD_REQUEST,
                "Số trang không hợp lệ",
                "The page number is not valid",
            )
        })?),
        None => None,
    };
    Ok((
        field(fields, "q"),
        Filters {
            unit: text("unit"),
            status: text("status"),
            qualification: text("qualification"),
            occupation: text("occupation"),
            priority: text("priority"),
            page,
        },
    ))
}

impl Filters {
    fn pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("unit", filled(&self.unit).unwrap_or_default()),
            ("status", filled(&self.status).unwrap_or_default()),
            (
                "qualification",
                filled(&self.qualification).unwrap_or_default(),
            ),
            ("occupation", filled(&self.occupation).unwrap_or_default()),
            ("priority", filled(&self.priority).unwrap_or_default()),
        ]
    }

    /// This search's address with `name` set to `value` (empty: unset),
    /// back on its first page.
    fn href_with(&self, name: &str, value: &str) -> String {
        let pairs: Vec<(&str, String)> = self
            .pairs()
            .into_iter()
            .map(|(key, old)| {
                if key == name {
                    (key, value.to_owned())
                } else {
                    (key, old)
                }
            })
            .collect();
        let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        href("/can-bo/nguoi-lao-dong", &borrowed)
    }

    fn href_page(&self, number: u64) -> String {
        let number = number.to_string();
        let mut pairs = self.pairs();
        pairs.push(("page", if number == "1" { String::new() } else { number }));
        let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        href("/can-bo/nguoi-lao-dong", &borrowed)
    }
}

/// A worker's line in the results.
pub struct WorkerRow {
    pub id: i64,
    pub name: String,
    pub birth: String,
    pub citizen_id: String,
    pub place: String,
    pub status: String,
    pub qualification: String,
}

#[derive(Template)]
#[template(path = "officer/registers/workers.html")]
struct SearchPage<'a> {
    page: &'a Page,
    frame: Frame,
    /// The name or ID searched (shown only in the POST form's field).
    q: String,
    /// The filters as hidden fields of the POST forms.
    hidden: Vec<(&'static str, String)>,
    facets: Vec<FacetGroup>,
    rows: Vec<WorkerRow>,
    summary: String,
    /// Pages as links (a GET search) …
    pager: Vec<PageLink>,
    /// … or as buttons of a POST form (a search by name).
    post_pages: Vec<PageLink>,
}

/// The search by filters (GET): the address holds no personal data.
pub async fn search(
    State(state): State<AppState>,
    page: Page,
    PageQuery(filters): PageQuery<Filters>,
) -> Response {
    as_officer!(page, state, Area::Workers, |officer| search_page(
        &page, &state, &officer, filters, None
    ))
}

/// The search by a name or a citizen ID (POST): the result is the page
/// itself, so that the name never appears in an address or a history.
pub async fn search_by_name(
    State(state): State<AppState>,
    Posted(page, fields): Posted<Fields>,
) -> Response {
    as_officer!(page, state, Area::Workers, |officer| async {
        let (q, filters) = name_search(&fields)?;
        search_page(&page, &state, &officer, filters, Some(q)).await
    })
}

fn worker_row(state: &AppState, record: &WorkerRecord, officer: &Officer, lang: Lang) -> WorkerRow {
    let shown = identifiers_shown(&record.profile, officer.role, Reach::Many);
    WorkerRow {
        id: record.id,
        name: record.profile.full_name.as_str().to_owned(),
        birth: shown_birth(&shown.birth_date, lang),
        citizen_id: shown.citizen_id.unwrap_or_else(|| "—".to_owned()),
        place: labels::place(&state.units, &record.state.residence),
        status: labels::employment_status(record.state.status, lang).to_owned(),
        qualification: labels::qualification(record.profile.qualification, lang).to_owned(),
    }
}

/// A birth date as shown: the date, or only its year when masked.
pub fn shown_birth(text: &str, lang: Lang) -> String {
    match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(day) => format::date(day, lang),
        Err(_) => text.split('-').next().unwrap_or(text).to_owned(),
    }
}

async fn search_page(
    page: &Page,
    state: &AppState,
    officer: &Officer,
    filters: Filters,
    q: Option<String>,
) -> Result<Response, WebError> {
    let lang = page.lang;
    let number = filters.page.unwrap_or(1);
    if number == 0 {
        return Err(WebError::new(
            StatusCode::BAD_REQUEST,
            "Số trang bắt đầu từ 1",
            "Pages are numbered from 1",
        ));
    }
    let offset = (number - 1).saturating_mul(PAGE_SIZE);
    let q = q.unwrap_or_default();
    let found = crate::registers::search_workers(
        state,
        &page.caller,
        WorkerSearch {
            text: q.clone(),
            unit: filled(&filters.unit),
            occupation: filled(&filters.occupation),
            qualification: filled(&filters.qualification),
            status: filled(&filters.status),
            priority_group: filled(&filters.priority),
            limit: Some(PAGE_SIZE),
            offset: Some(offset),
        },
    )
    .await?;
    let rows = found
        .workers
        .iter()
        .map(|record| worker_row(state, record, officer, lang))
        .collect();
    let current = |value: &Option<String>| filled(value).unwrap_or_default();
    let by_name = !q.trim().is_empty();
    let link = |name: &'static str| {
        let filters = filters.clone();
        move |value: &str| filters.href_with(name, value)
    };
    let facets = vec![
        facet(
            page.t("Tình trạng việc làm", "Employment status"),
            found
                .by_status
                .iter()
                .map(|f| {
                    (
                        f.value.clone(),
                        labels::employment_status_code(&f.value, lang),
                        f.count,
                    )
                })
                .collect(),
            &current(&filters.status),
            &link("status"),
            lang,
        ),
        facet(
            page.t("Xã, phường nơi ở", "Commune of residence"),
            found
                .by_commune
                .iter()
                .map(|f| {
                    (
                        f.value.clone(),
                        labels::unit_name(&state.units, &f.value),
                        f.count,
                    )
                })
                .collect(),
            &current(&filters.unit),
            &link("unit"),
            lang,
        ),
        facet(
            page.t("Trình độ chuyên môn", "Qualification"),
            found
                .by_qualification
                .iter()
                .map(|f| {
                    (
                        f.value.clone(),
                        labels::qualification_code(&f.value, lang),
                        f.count,
                    )
                })
                .collect(),
            &current(&filters.qualification),
            &link("qualification"),
            lang,
        ),
        facet(
            page.t("Nhóm nghề", "Occupation group"),
            found
                .by_occupation_group
                .iter()
                .filter(|f| f.value != "none")
                .map(|f| (f.value.clone(), labels::occupation(&f.value, lang), f.count))
                .collect(),
            &current(&filters.occupation),
            &link("occupation"),
            lang,
        ),
    ]
    .into_iter()
    .filter(|group| !group.links.is_empty())
    .collect();
    let last_reachable = u64::from(PagingRule::SEARCH.max_offset) + PAGE_SIZE;
    // A search by name pages by buttons of its POST form (the page's
    // number as their value), any other by links.
    let pages = if by_name {
        pager(
            found.total,
            number,
            last_reachable,
            &|n| n.to_string(),
            lang,
        )
    } else {
        pager(
            found.total,
            number,
            last_reachable,
            &|n| filters.href_page(n),
            lang,
        )
    };
    let (pager_links, post_pages) = if by_name {
        (Vec::new(), pages)
    } else {
        (pages, Vec::new())
    };
    let summary = format!(
        "{} {}",
        format::number(found.total, lang),
        page.t("người lao động", "workers")
    );
    let frame = officer
        .frame(page, Area::Workers)
        .crumb(Area::Workers.href(), Area::Workers.name(lang));
    let hidden = filters
        .pairs()
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .collect();
    render(&SearchPage {
        page,
        frame,
        q,
        hidden,
        facets,
        rows,
        summary,
        pager: pager_links,
        post_pages,
    })
}

/// A labour event in the timeline.
pub struct EventRow {
    pub date: String,
    pub kind: String,
    pub source: String,
    pub recorded_by: String,
    pub recorded_at: String,
    pub details: Vec<String>,
}

/// An edit of the profile, with its reason.
pub struct EditRow {
    pub at: String,
    pub by: String,
    pub reason: String,
}

/// A section of the profile.
pub struct Section {
    pub id: &'static str,
    pub title: String,
    pub facts: Vec<Fact>,
}

#[derive(Template)]
#[template(path = "officer/registers/worker.html")]
struct ProfilePage<'a> {
    page: &'a Page,
    frame: Frame,
    id: i64,
    name: String,
    status: String,
    status_since: String,
    sections: Vec<Section>,
    timeline: Vec<EventRow>,
    edits: Vec<EditRow>,
    form: FormModel,
    notice: Option<String>,
}

#[derive(Deserialize)]
pub struct Done {
    xong: Option<String>,
}

/// A worker's profile and timeline, with the form that records an event.
pub async fn profile(
    State(state): State<AppState>,
    page: Page,
    PagePath(id): PagePath<i64>,
    PageQuery(done): PageQuery<Done>,
) -> Response {
    as_officer!(page, state, Area::Workers, |officer| async {
        let (record, events) =
            crate::registers::worker_with_events(&state, &page.caller, id).await?;
        let form = event_form(&state, &page, &record, &EventForm::default()).await?;
        profile_page(
            &page,
            &state,
            &officer,
            record,
            events,
            form,
            notice_of(done.xong.as_deref(), page.lang),
        )
        .await
    })
}

/// The names of the accounts that recorded or changed something.
async fn account_names(
    state: &AppState,
    ids: impl Iterator<Item = i64>,
) -> Result<HashMap<i64, String>, WebError> {
    let mut names = HashMap::new();
    for id in ids {
        if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(id) {
            if let Some(user) = state.store.get_user(id).await? {
                slot.insert(user.display_name);
            }
        }
    }
    Ok(names)
}

async fn employer_names(
    state: &AppState,
    ids: impl Iterator<Item = i64>,
) -> Result<HashMap<i64, String>, WebError> {
    let ids: Vec<i64> = ids.collect();
    Ok(state
        .store
        .get_employers(&ids)
        .await?
        .into_iter()
        .map(|employer| (employer.id, employer.profile.name))
        .collect())
}

fn event_row(
    state: &AppState,
    record: &EventRecord,
    accounts: &HashMap<i64, String>,
    employers: &HashMap<i64, String>,
    lang: Lang,
) -> EventRow {
    let event = &record.event;
    let mut details = Vec::new();
    if let Some(status) = event.status {
        details.push(labels::employment_status(status, lang).to_owned());
    }
    if let Some(employer) = event.employer_id {
        let name = employers
            .get(&employer)
            .cloned()
            .unwrap_or_else(|| format!("#{employer}"));
        details.push(format!("{}: {name}", lang.pick("Đơn vị", "Employer")));
    }
    if let Some(code) = &event.occupation {
        details.push(format!(
            "{}: {}",
            lang.pick("Nghề", "Occupation"),
            labels::occupation(code.as_str(), lang)
        ));
    }
    if let Some(unit) = &event.unit {
        details.push(format!(
            "{}: {}",
            lang.pick("Nơi ở mới", "New residence"),
            labels::place(&state.units, unit)
        ));
    }
    if let Some(country) = event.country {
        details.push(format!(
            "{}: {}",
            lang.pick("Nước đến", "Country"),
            country.name_vi()
        ));
    }
    if let Some(detail) = &event.detail {
        details.push(detail.clone());
    }
    EventRow {
        date: format::date(event.date, lang),
        kind: labels::event_kind(event.kind, lang).to_owned(),
        source: labels::event_source(event.source, lang).to_owned(),
        recorded_by: record
            .recorded_by
            .and_then(|id| accounts.get(&id).cloned())
            .unwrap_or_else(|| lang.pick("Hệ thống", "The system").to_owned()),
        recorded_at: format::date(
            (record.recorded_at + chrono::Duration::hours(7)).date_naive(),
            lang,
        ),
        details,
    }
}

fn yes_no(value: bool, lang: Lang) -> &'static str {
    if value {
        lang.pick("Có", "Yes")
    } else {
        lang.pick("Không", "No")
    }
}

/// The profile's sections, the identifiers as the officer's role sees one
/// record.
pub fn sections(
    state: &AppState,
    record: &WorkerRecord,
    officer: &Officer,
    lang: Lang,
) -> Vec<Section> {
    let profile = &record.profile;
    let shown = identifiers_shown(profile, officer.role, Reach::One);
    let none = "—";
    let list = |items: Vec<String>| {
        if items.is_empty() {
            none.to_owned()
        } else {
            items.join(", ")
        }
    };
    vec![
        Section {
            id: "ca-nhan",
            title: lang
                .pick("Thông tin cá nhân", "Personal details")
                .to_owned(),
            facts: vec![
                Fact::new(
                    lang.pick("Họ và tên", "Full name"),
                    profile.full_name.as_str(),
                ),
                Fact::new(
                    lang.pick("Số định danh cá nhân", "Citizen ID"),
                    shown.citizen_id.unwrap_or_else(|| none.to_owned()),
                ),
                Fact::new(
                    lang.pick("Ngày sinh", "Date of birth"),
                    shown_birth(&shown.birth_date, lang),
                ),
                Fact::new(
                    lang.pick("Giới tính", "Sex"),
                    match lang {
                        Lang::Vi => profile.sex.name_vi(),
                        Lang::En => match profile.sex.as_str() {
                            "male" => "Male",
                            _ => "Female",
                        },
                    },
                ),
                Fact::new(
                    lang.pick("Nơi ở", "Residence"),
                    labels::place(&state.units, &record.state.residence),
                ),
                Fact::new(
                    lang.pick("Điện thoại", "Phone"),
                    shown.phone.unwrap_or_else(|| none.to_owned()),
                ),
                Fact::new(
                    lang.pick("Thư điện tử", "E-mail"),
                    shown.email.unwrap_or_else(|| none.to_owned()),
                ),
            ],
        },
        Section {
            id: "trinh-do",
            title: lang
                .pick("Trình độ và kỹ năng", "Qualification and skills")
                .to_owned(),
            facts: vec![
                Fact::new(
                    lang.pick("Trình độ chuyên môn", "Qualification"),
                    labels::qualification(profile.qualification, lang),
                ),
                Fact::new(
                    lang.pick("Chuyên ngành", "Field"),
                    profile
                        .qualification_field
                        .clone()
                        .unwrap_or_else(|| none.to_owned()),
                ),
                Fact::new(
                    lang.pick("Nghề đã làm", "Occupations held"),
                    list(
                        profile
                            .occupations
                            .iter()
                            .map(|held| {
                                format!(
                                    "{} ({} {})",
                                    labels::occupation(held.code.as_str(), lang),
                                    held.years,
                                    lang.pick("năm", "years")
                                )
                            })
                            .collect(),
                    ),
                ),
                Fact::new(lang.pick("Kỹ năng", "Skills"), list(profile.skills.clone())),
                Fact::new(
                    lang.pick("Chứng chỉ", "Certificates"),
                    list(
                        profile
                            .certificates
                            .iter()
                            .chain(&record.state.certificates)
                            .cloned()
                            .collect(),
                    ),
                ),
                Fact::new(
                    lang.pick("Ngoại ngữ", "Languages"),
                    list(
                        profile
                            .languages
                            .iter()
                            .map(|value| labels::language(*value, lang).to_owned())
                            .collect(),
                    ),
                ),
            ],
        },
        Section {
            id: "nhu-cau",
            title: lang.pick("Nhu cầu việc làm", "Work wanted").to_owned(),
            facts: vec![
                Fact::new(
                    lang.pick("Nghề mong muốn", "Occupation wanted"),
                    profile
                        .wanted_occupation
                        .as_ref()
                        .map(|code| labels::occupation(code.as_str(), lang))
                        .unwrap_or_else(|| none.to_owned()),
                ),
                Fact::new(
                    lang.pick("Mức lương mong muốn", "Wage wanted"),
                    format::wage(&profile.wanted_wage, lang),
                ),
                Fact::new(
                    lang.pick("Nơi muốn làm việc", "Where"),
                    list(
                        profile
                            .wanted_units
                            .iter()
                            .map(|unit| labels::place(&state.units, unit))
                            .collect(),
                    ),
                ),
                Fact::new(
                    lang.pick("Thời gian làm việc", "Hours"),
                    profile
                        .wanted_hours
                        .map(|hours| labels::hours(hours, lang).to_owned())
                        .unwrap_or_else(|| none.to_owned()),
                ),
            ],
        },
        Section {
            id: "chinh-sach",
            title: lang
                .pick(
                    "Đối tượng ưu tiên và bảo hiểm",
                    "Priority groups and insurance",
                )
                .to_owned(),
            facts: vec![
                Fact::new(
                    lang.pick("Đối tượng ưu tiên", "Priority groups"),
                    list(
                        profile
                            .priority_groups
                            .iter()
                            .map(|group| labels::priority_group(*group, lang).to_owned())
                            .collect(),
                    ),
                ),
                Fact::new(
                    lang.pick("Bảo hiểm xã hội", "Social insurance"),
                    profile.social_insurance.name_vi(),
                ),
                Fact::new(
                    lang.pick("Bảo hiểm thất nghiệp", "Unemployment insurance"),
                    yes_no(profile.unemployment_insurance, lang),
                ),
                Fact::new(
                    lang.pick(
                        "Đồng ý chia sẻ hồ sơ với nhà tuyển dụng",
                        "Shares the profile with employers",
                    ),
                    yes_no(profile.consent_share_with_employers, lang),
                ),
            ],
        },
    ]
}

async fn profile_page(
    page: &Page,
    state: &AppState,
    officer: &Officer,
    record: WorkerRecord,
    mut events: Vec<EventRecord>,
    form: FormModel,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let lang = page.lang;
    // Newest first; events of one day in the order recorded, newest first.
    events.sort_by_key(|event| std::cmp::Reverse((event.event.date, event.id)));
    let edits = state
        .store
        .list_audit(&AuditFilter {
            subject_kind: Some(vieclam_domain::audit::subject::WORKER.to_owned()),
            subject_id: Some(record.id.to_string()),
            outcome: Some(vieclam_domain::AuditOutcome::Allowed),
            limit: 200,
            ..AuditFilter::default()
        })
        .await?
        .into_iter()
        .filter(|entry| entry.entry.action == AuditAction::Update && entry.entry.reason.is_some())
        .collect::<Vec<_>>();
    let accounts = account_names(
        state,
        events
            .iter()
            .filter_map(|event| event.recorded_by)
            .chain(edits.iter().filter_map(|edit| edit.entry.actor_user_id)),
    )
    .await?;
    let employers = employer_names(
        state,
        events
            .iter()
            .filter_map(|event| event.event.employer_id)
            .chain(record.state.employer_id),
    )
    .await?;
    let timeline = events
        .iter()
        .map(|event| event_row(state, event, &accounts, &employers, lang))
        .collect();
    let edits = edits
        .into_iter()
        .map(|edit| EditRow {
            at: format::date(
                (edit.entry.at + chrono::Duration::hours(7)).date_naive(),
                lang,
            ),
            by: edit
                .entry
                .actor_user_id
                .and_then(|id| accounts.get(&id).cloned())
                .unwrap_or_else(|| "—".to_owned()),
            reason: edit.entry.reason.unwrap_or_default(),
        })
        .collect();
    let mut status = labels::employment_status(record.state.status, lang).to_owned();
    if let Some(employer) = record.state.employer_id.and_then(|id| employers.get(&id)) {
        status = format!("{status} – {employer}");
    }
    let status_since = record
        .state
        .status_since
        .map(|day| format::date(day, lang))
        .unwrap_or_default();
    let name = record.profile.full_name.as_str().to_owned();
    let frame = officer
        .frame(page, Area::Workers)
        .crumb(Area::Workers.href(), Area::Workers.name(lang));
    let status_code = if form.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let body = ProfilePage {
        page,
        frame,
        id: record.id,
        sections: sections(state, &record, officer, lang),
        name,
        status,
        status_since,
        timeline,
        edits,
        form,
        notice,
    }
    .render()?;
    Ok(html(status_code, body))
}

/// The event form as a browser sends it: every field text.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct EventForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    employer_id: String,
    #[serde(default)]
    occupation: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    detail: String,
}

/// The kinds an officer records by hand (registration is the record's
/// creation).
fn recordable_kinds() -> impl Iterator<Item = EventKind> {
    EventKind::ALL
        .iter()
        .copied()
        .filter(|kind| *kind != EventKind::Registered)
}

async fn event_form(
    state: &AppState,
    page: &Page,
    record: &WorkerRecord,
    form: &EventForm,
) -> Result<FormModel, WebError> {
    let lang = page.lang;
    let none = (
        String::new(),
        lang.pick("— Không chọn —", "— None —").to_owned(),
    );
    let kinds: Vec<(String, String)> = std::iter::once((
        String::new(),
        lang.pick("— Chọn loại biến động —", "— Choose what happened —")
            .to_owned(),
    ))
    .chain(recordable_kinds().map(|kind| {
        (
            kind.as_str().to_owned(),
            labels::event_kind(kind, lang).to_owned(),
        )
    }))
    .collect();
    let sources: Vec<(String, String)> = EventSource::ALL
        .iter()
        .filter(|source| **source != EventSource::Import)
        .map(|source| {
            (
                source.as_str().to_owned(),
                labels::event_source(*source, lang).to_owned(),
            )
        })
        .collect();
    // The employers of the officer's unit, as the API lists them.
    let employers = crate::employers::employers_of_area(
        state,
        &page.caller,
        vieclam_store::Page {
            limit: 500,
            offset: 0,
        },
    )
    .await
    .unwrap_or_default();
    let mut employer_choices = vec![none.clone()];
    let mut sorted: Vec<(String, String)> = employers
        .into_iter()
        .map(|employer| (employer.id.to_string(), employer.profile.name))
        .collect();
    sorted.sort_by_cached_key(|(_, name)| vieclam_text::collation_key(name));
    employer_choices.extend(sorted);
    let mut units = vec![none.clone()];
    units.extend(crate::web::employer::commune_choices(
        state,
        &record.state.residence,
        None,
    ));
    let mut countries = vec![none];
    countries.extend(
        Country::ALL
            .iter()
            .map(|country| (country.as_str().to_owned(), country.name_vi().to_owned())),
    );
    let date = if form.date.is_empty() {
        vietnam_today().format("%Y-%m-%d").to_string()
    } else {
        form.date.clone()
    };
    let source = if form.source.is_empty() {
        EventSource::UnitSurvey.as_str().to_owned()
    } else {
        form.source.clone()
    };
    Ok(FormModel::new(
        lang.pick("Ghi biến động", "Record an event"),
        &format!("/can-bo/nguoi-lao-dong/{}/bien-dong", record.id),
        lang.pick("Ghi biến động", "Record the event"),
    )
    .field(
        FormField::new(
            "kind",
            lang.pick("Loại biến động", "What happened"),
            "select",
        )
        .choices(&kinds, std::slice::from_ref(&form.kind)),
    )
    .field(
        FormField::new("date", lang.pick("Ngày biến động", "Date"), "date")
            .value(&date)
            .hint(lang.pick("Không được ở tương lai.", "Not in the future.")),
    )
    .field(
        FormField::new(
            "source",
            lang.pick("Nguồn thông tin", "Reported by"),
            "select",
        )
        .choices(&sources, &[source]),
    )
    .field(
        FormField::new(
            "employer_id",
            lang.pick("Đơn vị sử dụng lao động", "Employer"),
            "select",
        )
        .hint(lang.pick(
            "Khi có việc làm, nếu đơn vị có trong sổ đăng ký.",
            "For a job found, when the employer is registered here.",
        ))
        .choices(&employer_choices, std::slice::from_ref(&form.employer_id)),
    )
    .field(
        FormField::text(
            "occupation",
            lang.pick("Mã nghề", "Occupation code"),
            &form.occupation,
        )
        .hint(lang.pick(
            "Khi có việc làm hoặc được đào tạo: mã nghề 4 chữ số, ví dụ 7212 (thợ hàn).",
            "For a job found or a training: a 4-digit code, e.g. 7212 (welder).",
        ))
        .list("occupation"),
    )
    .field(
        FormField::new("unit", lang.pick("Nơi ở mới", "New residence"), "select")
            .hint(lang.pick("Chỉ khi chuyển nơi cư trú.", "Only for a move."))
            .choices(&units, std::slice::from_ref(&form.unit)),
    )
    .field(
        FormField::new("country", lang.pick("Nước đến", "Country"), "select")
            .hint(lang.pick("Chỉ khi đi làm việc ở nước ngoài.", "Only for work abroad."))
            .choices(&countries, std::slice::from_ref(&form.country)),
    )
    .field(
        FormField::new("detail", lang.pick("Ghi chú", "Note"), "textarea")
            .value(&form.detail)
            .hint(lang.pick(
                "Khóa học, chứng chỉ hoặc ghi chú ngắn.",
                "The course, the certificate or a short note.",
            )),
    ))
}

/// Reads the event form into an event, with every problem on its field.
fn read_event(form: &EventForm, lang: Lang, model: &mut FormModel) -> Option<LabourEvent> {
    let kind = match EventKind::parse(&form.kind) {
        Ok(kind) if kind != EventKind::Registered => Some(kind),
        _ => {
            model.problem(
                "kind",
                lang.pick("Hãy chọn loại biến động", "Choose what happened"),
            );
            None
        }
    };
    let date = match parse_date(&form.date) {
        Ok(date) => Some(date),
        Err(invalid) => {
            model.problem("date", lang.pick(&invalid.reason_vi, &invalid.reason_en));
            None
        }
    };
    let source = EventSource::parse(&form.source).unwrap_or(EventSource::UnitSurvey);
    let kind_is = |wanted: &[EventKind]| kind.is_some_and(|kind| wanted.contains(&kind));
    let employer_id = if kind_is(&[EventKind::Employed]) && !form.employer_id.is_empty() {
        match form.employer_id.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                model.problem(
                    "employer_id",
                    lang.pick("Đơn vị không hợp lệ", "The employer is not valid"),
                );
                None
            }
        }
    } else {
        None
    };
    let occupation = if kind_is(&[EventKind::Employed, EventKind::Trained])
        && !form.occupation.trim().is_empty()
    {
        match OccupationCode::parse(form.occupation.trim()) {
            Ok(code) => Some(code),
            Err(invalid) => {
                model.problem(
                    "occupation",
                    lang.pick(&invalid.reason_vi, &invalid.reason_en),
                );
                None
            }
        }
    } else {
        None
    };
    let unit = if kind_is(&[EventKind::Moved]) {
        match UnitKey::parse(&form.unit, vietnam_today()) {
            Ok(unit) => Some(unit),
            Err(_) => {
                model.problem(
                    "unit",
                    lang.pick("Hãy chọn nơi ở mới", "Choose the new residence"),
                );
                None
            }
        }
    } else {
        None
    };
    let country = if kind_is(&[EventKind::WentAbroad]) && !form.country.is_empty() {
        Country::parse(&form.country).ok()
    } else {
        None
    };
    let detail = Some(form.detail.trim().to_owned()).filter(|text| !text.is_empty());
    if !model.errors.is_empty() {
        return None;
    }
    Some(LabourEvent {
        date: date?,
        kind: kind?,
        source,
        status: None,
        unit,
        employer_id,
        occupation,
        country,
        detail,
        session_id: None,
        vacancy_id: None,
    })
}

/// Is this refusal about who asks or which record (an answer of its own,
/// not a problem of the form)?
fn is_refusal(error: &ApiError) -> bool {
    matches!(
        error.status,
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
    )
}

/// Records a labour event (`registers::add_event`, the API's own path):
/// the worker's status, the search index and the unit's figures follow.
pub async fn add_event(
    State(state): State<AppState>,
    PagePath(id): PagePath<i64>,
    Posted(page, form): Posted<EventForm>,
) -> Response {
    as_officer!(page, state, Area::Workers, |officer| async {
        // The record is checked first: an officer of another unit is
        // refused whatever the form holds.
        let (record, events) =
            crate::registers::worker_with_events(&state, &page.caller, id).await?;
        let lang = page.lang;
        let mut model = event_form(&state, &page, &record, &form).await?;
        if let Some(event) = read_event(&form, lang, &mut model) {
            match crate::registers::add_event(&state, &page.caller, id, &event).await {
                Ok(_) => {
                    return Ok(see_other(&format!(
                        "/can-bo/nguoi-lao-dong/{id}?xong=bien-dong#dong-thoi-gian"
                    )))
                }
                Err(error) if is_refusal(&error) => return Err(error.into()),
                Err(error) => model.problems_of(&error, lang, &|field| field.to_owned()),
            }
        }
        profile_page(&page, &state, &officer, record, events, model, None).await
    })
}

/// The profile edit form as a browser sends it.
#[derive(Clone, Debug, Default)]
pub struct EditForm {
    full_name: String,
    phone: String,
    email: String,
    qualification: String,
    qualification_field: String,
    skills: String,
    wanted_occupation: String,
    priority_groups: Vec<String>,
    reason: String,
}

/// The longest reason of an edit.
const MAX_REASON_CHARS: usize = 500;

impl EditForm {
    /// The form as posted (the priority groups' checkboxes repeat).
    fn posted(fields: &Fields) -> EditForm {
        EditForm {
            full_name: field(fields, "full_name"),
            phone: field(fields, "phone"),
            email: field(fields, "email"),
            qualification: field(fields, "qualification"),
            qualification_field: field(fields, "qualification_field"),
            skills: field(fields, "skills"),
            wanted_occupation: field(fields, "wanted_occupation"),
            priority_groups: fields
                .iter()
                .filter(|(key, _)| key == "priority_groups")
                .map(|(_, value)| value.clone())
                .collect(),
            reason: field(fields, "reason"),
        }
    }

    fn of(record: &WorkerRecord) -> EditForm {
        let profile = &record.profile;
        EditForm {
            full_name: profile.full_name.as_str().to_owned(),
            phone: profile
                .phone
                .as_ref()
                .map(|phone| phone.as_str().to_owned())
                .unwrap_or_default(),
            email: profile
                .email
                .as_ref()
                .map(|email| email.as_str().to_owned())
                .unwrap_or_default(),
            qualification: profile.qualification.as_str().to_owned(),
            qualification_field: profile.qualification_field.clone().unwrap_or_default(),
            skills: profile.skills.join(", "),
            wanted_occupation: profile
                .wanted_occupation
                .as_ref()
                .map(|code| code.as_str().to_owned())
                .unwrap_or_default(),
            priority_groups: profile
                .priority_groups
                .iter()
                .map(|group| group.as_str().to_owned())
                .collect(),
            reason: String::new(),
        }
    }
}

#[derive(Template)]
#[template(path = "officer/registers/edit.html")]
struct EditPage<'a> {
    page: &'a Page,
    frame: Frame,
    heading: String,
    back: String,
    form: FormModel,
}

fn edit_model(record: &WorkerRecord, form: &EditForm, lang: Lang) -> FormModel {
    let qualifications: Vec<(String, String)> = Qualification::ALL
        .iter()
        .map(|value| {
            (
                value.as_str().to_owned(),
                labels::qualification(*value, lang).to_owned(),
            )
        })
        .collect();
    let groups: Vec<(String, String)> = PriorityGroup::ALL
        .iter()
        .map(|value| {
            (
                value.as_str().to_owned(),
                labels::priority_group(*value, lang).to_owned(),
            )
        })
        .collect();
    FormModel::new(
        lang.pick("Sửa hồ sơ", "Edit the profile"),
        &format!("/can-bo/nguoi-lao-dong/{}/sua", record.id),
        lang.pick("Lưu thay đổi", "Save the changes"),
    )
    .field(FormField::text(
        "full_name",
        lang.pick("Họ và tên", "Full name"),
        &form.full_name,
    ))
    .field(
        FormField::new("phone", lang.pick("Số điện thoại", "Phone number"), "tel")
            .value(&form.phone),
    )
    .field(
        FormField::new("email", lang.pick("Thư điện tử", "E-mail"), "email").value(&form.email),
    )
    .field(
        FormField::new(
            "qualification",
            lang.pick("Trình độ chuyên môn", "Qualification"),
            "select",
        )
        .choices(&qualifications, std::slice::from_ref(&form.qualification)),
    )
    .field(FormField::text(
        "qualification_field",
        lang.pick("Chuyên ngành", "Field of study"),
        &form.qualification_field,
    ))
    .field(
        FormField::text("skills", lang.pick("Kỹ năng", "Skills"), &form.skills)
            .hint(lang.pick("Cách nhau bằng dấu phẩy.", "Separated by commas.")),
    )
    .field(
        FormField::text(
            "wanted_occupation",
            lang.pick("Mã nghề mong muốn", "Occupation wanted (code)"),
            &form.wanted_occupation,
        )
        .list("occupation"),
    )
    .field(
        FormField::new(
            "priority_groups",
            lang.pick("Đối tượng ưu tiên", "Priority groups"),
            "checkboxes",
        )
        .choices(&groups, &form.priority_groups),
    )
    .field(
        FormField::new(
            "reason",
            lang.pick("Lý do sửa (bắt buộc)", "Reason for the change (required)"),
            "textarea",
        )
        .value(&form.reason)
        .hint(lang.pick(
            "Ví dụ: người lao động báo số điện thoại mới. Lý do được ghi vào lịch sử hồ sơ.",
            "For example: the worker gave a new phone number. The reason is kept in the record's history.",
        )),
    )
}

/// The form that edits a worker's profile.
pub async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    PagePath(id): PagePath<i64>,
) -> Response {
    as_officer!(page, state, Area::Workers, |officer| async {
        let record =
            crate::records::load_checked(&state, &page.caller, id, AuditAction::Read).await?;
        let model = edit_model(&record, &EditForm::of(&record), page.lang);
        edit_page(&page, &officer, &record, model)
    })
}

fn edit_page(
    page: &Page,
    officer: &Officer,
    record: &WorkerRecord,
    form: FormModel,
) -> Result<Response, WebError> {
    let lang = page.lang;
    let name = record.profile.full_name.as_str().to_owned();
    let back = format!("/can-bo/nguoi-lao-dong/{}", record.id);
    let frame = officer
        .frame(page, Area::Workers)
        .crumb(Area::Workers.href(), Area::Workers.name(lang))
        .crumb(back.clone(), name.clone());
    let status = if form.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let body = EditPage {
        page,
        frame,
        heading: format!("{}: {name}", lang.pick("Sửa hồ sơ", "Edit the profile")),
        back,
        form,
    }
    .render()?;
    Ok(html(status, body))
}

/// Saves an edit of the profile with its reason, through the API's own
/// path (`records::update_worker_profile_because`); without a reason
/// nothing is saved.
pub async fn edit_save(
    State(state): State<AppState>,
    PagePath(id): PagePath<i64>,
    Posted(page, fields): Posted<Fields>,
) -> Response {
    as_officer!(page, state, Area::Workers, |officer| async {
        let form = EditForm::posted(&fields);
        let record =
            crate::records::load_checked(&state, &page.caller, id, AuditAction::Read).await?;
        let lang = page.lang;
        let mut model = edit_model(&record, &form, lang);
        let mut profile = record.profile.clone();
        match PersonName::parse(&form.full_name) {
            Ok(name) => profile.full_name = name,
            Err(invalid) => model.problem(
                "full_name",
                lang.pick(&invalid.reason_vi, &invalid.reason_en),
            ),
        }
        profile.phone = match form.phone.trim() {
            "" => None,
            text => match PhoneNumber::parse(text) {
                Ok(phone) => Some(phone),
                Err(invalid) => {
                    model.problem("phone", lang.pick(&invalid.reason_vi, &invalid.reason_en));
                    None
                }
            },
        };
        profile.email = match form.email.trim() {
            "" => None,
            text => match Email::parse(text) {
                Ok(email) => Some(email),
                Err(invalid) => {
                    model.problem("email", lang.pick(&invalid.reason_vi, &invalid.reason_en));
                    None
                }
            },
        };
        match Qualification::parse(&form.qualification) {
            Ok(value) => profile.qualification = value,
            Err(invalid) => model.problem(
                "qualification",
                lang.pick(&invalid.reason_vi, &invalid.reason_en),
            ),
        }
        profile.qualification_field =
            Some(form.qualification_field.trim().to_owned()).filter(|text| !text.is_empty());
        profile.skills = parse_list(&form.skills);
        profile.wanted_occupation = match form.wanted_occupation.trim() {
            "" => None,
            text => match OccupationCode::parse(text) {
                Ok(code) => Some(code),
                Err(invalid) => {
                    model.problem(
                        "wanted_occupation",
                        lang.pick(&invalid.reason_vi, &invalid.reason_en),
                    );
                    None
                }
            },
        };
        profile.priority_groups = form
            .priority_groups
            .iter()
            .filter_map(|code| PriorityGroup::parse(code).ok())
            .collect();
        let reason = form.reason.trim();
        if reason.is_empty() {
            model.problem(
                "reason",
                lang.pick("Hãy ghi lý do sửa hồ sơ", "Give the reason for the change"),
            );
        } else if reason.chars().count() > MAX_REASON_CHARS {
            model.problem(
                "reason",
                lang.pick(
                    "Lý do dài quá 500 ký tự",
                    "The reason is longer than 500 characters",
                ),
            );
        }
        if model.errors.is_empty() {
            match crate::records::update_worker_profile_because(
                &state,
                &page.caller,
                id,
                profile,
                Some(reason),
            )
            .await
            {
                Ok(_) => return Ok(see_other(&format!("/can-bo/nguoi-lao-dong/{id}?xong=sua"))),
                Err(error) if is_refusal(&error) => return Err(error.into()),
                Err(error) => model.problems_of(&error, lang, &|field| field.to_owned()),
            }
        }
        edit_page(&page, &officer, &record, model)
    })
}
