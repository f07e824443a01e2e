//! The public pages: home, job search, a vacancy, the job-fair sessions
//! to come, and the public figures of the city and each commune. Nothing
//! here shows a person's data: open vacancies, sessions and aggregates.

use std::time::Duration;

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::Datelike;
use serde::Deserialize;
use vieclam_domain::access::{disclose, is_public_indicator, Disclosed};
use vieclam_domain::registry::{ContractType, Qualification};
use vieclam_domain::{AdminUnits, UnitKey, UnitLevel};
use vieclam_exchange::SessionStatus;
use vieclam_plans::{Indicators, MeasureUnit, Period};
use vieclam_search::{SuggestionKind, VacancyQuery};
use vieclam_store::{EmployerRecord, SessionFilter, VacancyRecord};

use super::format;
use super::labels;
use super::page::{render, PagePath, PageQuery};
use super::{html, Lang, Page, WebError};
use crate::exchange::SessionView;
use crate::jobsearch::{self, SearchParams};
use crate::paging::PagingRule;
use crate::views::run_search;
use crate::{vietnam_today, AppState};

/// Results on one page of the search.
pub const PAGE_SIZE: u64 = 20;
/// How long a page waits for the statistics after a start.
const FIGURES_WAIT: Duration = Duration::from_secs(2);

/// A vacancy as a result card shows it.
pub struct VacancyCard {
    pub id: i64,
    pub title: String,
    pub employer: String,
    pub place: String,
    pub wage: String,
    pub headcount: String,
    pub deadline: Option<String>,
    pub posted: String,
    pub tags: Vec<String>,
}

/// The names of the employers of these vacancies, read at once.
async fn employer_names(
    state: &AppState,
    records: &[VacancyRecord],
) -> Result<Vec<EmployerRecord>, WebError> {
    let mut ids: Vec<i64> = records.iter().map(|r| r.posting.employer_id).collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(state.store.get_employers(&ids).await?)
}

/// Result cards of these vacancies, in their order.
pub async fn cards(
    state: &AppState,
    records: Vec<VacancyRecord>,
    lang: Lang,
) -> Result<Vec<VacancyCard>, WebError> {
    let employers = employer_names(state, &records).await?;
    Ok(records
        .into_iter()
        .map(|record| card(&state.units, &employers, record, lang))
        .collect())
}

fn card(
    units: &AdminUnits,
    employers: &[EmployerRecord],
    record: VacancyRecord,
    lang: Lang,
) -> VacancyCard {
    let posting = &record.posting;
    let employer = employers
        .iter()
        .find(|employer| employer.id == posting.employer_id)
        .map(|employer| employer.profile.name.clone())
        .unwrap_or_default();
    let mut tags = Vec::new();
    if let Some(occupation) = &posting.occupation {
        tags.push(labels::occupation(occupation.as_str(), lang));
    }
    if let Some(hours) = posting.hours {
        tags.push(labels::hours(hours, lang).to_owned());
    }
    if posting.disability_friendly {
        tags.push(
            lang.pick("Phù hợp người khuyết tật", "Disability-friendly")
                .to_owned(),
        );
    }
    if let Some(country) = posting.abroad_country {
        tags.push(format!(
            "{} {}",
            lang.pick("Làm việc tại", "Work in"),
            country.name_vi()
        ));
    }
    VacancyCard {
        id: record.id,
        title: posting.title.clone(),
        employer,
        place: labels::unit_name(units, &posting.work_unit.to_string()),
        wage: format::wage(&posting.wage, lang),
        headcount: format::number(u64::from(posting.headcount), lang),
        deadline: posting.deadline.map(|day| format::date(day, lang)),
        posted: format::date(
            record
                .created_at
                .with_timezone(&vietnam_offset())
                .date_naive(),
            lang,
        ),
        tags,
    }
}

fn vietnam_offset() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(7 * 3600)
        .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).unwrap())
}

/// A session as the lists show it.
pub struct SessionCard {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub status: String,
    pub date: String,
    pub time: String,
    pub place: String,
    pub organiser: String,
    pub seats_left: String,
    pub booths_left: String,
}

impl SessionCard {
    pub fn of(view: SessionView, lang: Lang) -> SessionCard {
        SessionCard {
            id: view.id,
            title: view.title,
            kind: lang.pick(view.kind.name_vi, view.kind.name_en).to_owned(),
            status: lang
                .pick(view.status.name_vi, view.status.name_en)
                .to_owned(),
            date: format::date(view.date, lang),
            time: format!(
                "{}–{}",
                view.starts.format("%H:%M"),
                view.ends.format("%H:%M")
            ),
            place: view.unit_name.unwrap_or(view.unit),
            organiser: view.organiser,
            seats_left: format::number(
                u64::from(view.seats.saturating_sub(view.seats_taken)),
                lang,
            ),
            booths_left: format::number(
                u64::from(view.booths.saturating_sub(view.booths_taken)),
                lang,
            ),
        }
    }
}

/// The sessions to come (planned or open, from today), soonest first.
pub async fn upcoming_sessions(
    state: &AppState,
    limit: u64,
    lang: Lang,
) -> Result<(u64, Vec<SessionCard>), WebError> {
    let mut total = 0;
    let mut views = Vec::new();
    for status in [SessionStatus::Open, SessionStatus::Planned] {
        let filter = SessionFilter {
            status: Some(status),
            from: Some(vietnam_today()),
            ..SessionFilter::default()
        };
        total += state.store.count_sessions(&filter).await?;
        let page = vieclam_store::Page {
            limit: u32::try_from(limit).unwrap_or(50),
            offset: 0,
        };
        views.extend(state.store.list_sessions(&filter, page).await?);
    }
    views.sort_by_key(|record| (record.session.date, record.session.starts, record.id));
    views.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok((
        total,
        views
            .into_iter()
            .map(|record| SessionCard::of(SessionView::of(state, record), lang))
            .collect(),
    ))
}

/// One figure of the home page.
pub struct Figure {
    pub label: String,
    pub value: String,
    pub href: Option<String>,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage<'a> {
    page: &'a Page,
    place: String,
    figures: Vec<Figure>,
    groups: Vec<FacetLink>,
    latest: Vec<VacancyCard>,
    sessions: Vec<SessionCard>,
}

/// The home page: the search box, the city's live figures, the latest
/// vacancies and the sessions to come.
pub async fn home(page: Page, State(state): State<AppState>) -> Response {
    page.respond(home_page(&page, &state).await)
}

/// The city the installation serves, if its settings name one.
fn city(state: &AppState) -> Option<UnitKey> {
    state.config.city.clone()
}

fn everything_query(limit: usize) -> VacancyQuery {
    VacancyQuery {
        limit,
        ..VacancyQuery::default()
    }
}

async fn home_page(page: &Page, state: &AppState) -> Result<Response, WebError> {
    let lang = page.lang;
    let city = city(state);
    let mut query = everything_query(6);
    query.unit = city.as_ref().map(ToString::to_string);
    query.sort = vieclam_search::SortOrder::Newest;
    let results = run_search(state, move |search| search.vacancies.search(&query)).await?;
    let ids: Vec<i64> = results.hits.iter().map(|hit| hit.id).collect();
    let latest = ordered(state.store.get_vacancies(&ids).await?, &ids);
    let latest = cards(state, latest, lang).await?;
    let (n_sessions, sessions) = upcoming_sessions(state, 4, lang).await?;
    let this_month = vieclam_plans::period::Month::of(vietnam_today());
    let new_jobs = match &city {
        Some(city) => {
            let indicator = Indicators::embedded()
                .get("new_jobs")
                .map_err(|_| WebError::from(crate::error::ApiError::internal()))?;
            crate::plans::unit_figures(
                state,
                &[indicator],
                vec![city.clone()],
                Period::month(this_month),
                FIGURES_WAIT,
            )
            .await
            .ok()
            .and_then(|rows| rows.into_iter().next())
            .and_then(|row| row.into_iter().next())
            .map(|actual| shown(disclose(actual.value, None, true, false), false, lang))
        }
        None => None,
    };
    let mut figures = vec![
        Figure {
            label: page.t("Vị trí đang tuyển", "Open vacancies").to_owned(),
            value: format::number(results.total, lang),
            href: Some("/viec-lam".to_owned()),
        },
        Figure {
            label: page
                .t("Chỗ làm việc cần tuyển", "Positions to fill")
                .to_owned(),
            value: format::number(results.total_headcount, lang),
            href: Some("/viec-lam".to_owned()),
        },
    ];
    if let Some(value) = new_jobs {
        figures.push(Figure {
            label: format!(
                "{} {:02}/{}",
                page.t("Việc làm mới tháng", "New jobs in"),
                this_month.month(),
                this_month.year()
            ),
            value,
            href: Some("/chi-so".to_owned()),
        });
    }
    figures.push(Figure {
        label: page
            .t("Phiên giao dịch sắp tới", "Job fairs to come")
            .to_owned(),
        value: format::number(n_sessions, lang),
        href: Some("/phien-giao-dich".to_owned()),
    });
    let groups = results
        .by_occupation_group
        .iter()
        .take(8)
        .map(|facet| FacetLink {
            label: labels::occupation(&facet.value, lang),
            count: format::number(facet.count, lang),
            href: format!("/viec-lam?occupation={}", facet.value),
            active: false,
        })
        .collect();
    render(&HomePage {
        page,
        place: match &city {
            Some(city) => labels::unit_name(&state.units, &city.to_string()),
            None => String::new(),
        },
        figures,
        groups,
        latest,
        sessions,
    })
}

/// Records in the order of `ids`.
fn ordered(mut records: Vec<VacancyRecord>, ids: &[i64]) -> Vec<VacancyRecord> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(position) = records.iter().position(|record| record.id == *id) {
            out.push(records.swap_remove(position));
        }
    }
    out
}

/// A disclosed figure as text.
fn shown(disclosed: Disclosed, percent: bool, lang: Lang) -> String {
    match disclosed {
        Disclosed::Value(value) if percent => format::percent(value, lang),
        Disclosed::Value(value) => format::number(value.round().max(0.0) as u64, lang),
        Disclosed::FewerThan(bound) => format!(
            "{} {}",
            lang.pick("dưới", "fewer than"),
            format::number(bound as u64, lang)
        ),
        Disclosed::Withheld => lang.pick("(quá ít người)", "(too few people)").to_owned(),
        Disclosed::NoData => "—".to_owned(),
    }
}

/// The search form as a browser sends it: every field text, an empty
/// field is no filter. The names are those of the API's parameters, so a
/// page's address and an API call read the same.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SearchForm {
    pub q: Option<String>,
    pub unit: Option<String>,
    pub occupation: Option<String>,
    pub wage_min: Option<String>,
    pub qualification: Option<String>,
    pub contract_type: Option<String>,
    pub disability_friendly: Option<String>,
    pub abroad: Option<String>,
    pub posted_within: Option<String>,
    pub sort: Option<String>,
    pub page: Option<String>,
}

fn given(value: &Option<String>) -> Option<&str> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty())
}

impl SearchForm {
    /// The API's parameters, or what is wrong with the form.
    fn params(&self) -> Result<(SearchParams, u64), WebError> {
        let bad = |vi: &str, en: &str| WebError::new(StatusCode::BAD_REQUEST, vi, en);
        let wage_min = match given(&self.wage_min) {
            Some(text) => Some(
                text.replace(['.', ','], "")
                    .parse::<i64>()
                    .ok()
                    .filter(|wage| (0..=vieclam_domain::registry::MAX_MONTHLY_WAGE).contains(wage))
                    .ok_or_else(|| {
                        bad(
                            "Mức lương tối thiểu không hợp lệ",
                            "The minimum wage is not valid",
                        )
                    })?,
            ),
            None => None,
        };
        let posted_after = match given(&self.posted_within) {
            Some(text) => {
                let days: i64 = text
                    .parse()
                    .ok()
                    .filter(|days| (1..=365).contains(days))
                    .ok_or_else(|| {
                        bad(
                            "Khoảng thời gian đăng không hợp lệ",
                            "The time posted is not valid",
                        )
                    })?;
                vietnam_today().checked_sub_signed(chrono::Duration::days(days))
            }
            None => None,
        };
        let page_number: u64 = match given(&self.page) {
            Some(text) => text
                .parse()
                .ok()
                .filter(|n| *n >= 1)
                .ok_or_else(|| bad("Số trang không hợp lệ", "The page number is not valid"))?,
            None => 1,
        };
        let max_page = u64::from(PagingRule::SEARCH.max_offset) / PAGE_SIZE + 1;
        let page_number = page_number.min(max_page);
        let flag = |value: &Option<String>| given(value).map(|text| text == "true" || text == "1");
        let qualification = match given(&self.qualification) {
            Some(text) => Some(
                Qualification::parse(text)
                    .map_err(|_| bad("Trình độ không hợp lệ", "The qualification is not valid"))?
                    .as_str()
                    .to_owned(),
            ),
            None => None,
        };
        let contract_type = match given(&self.contract_type) {
            Some(text) => Some(
                ContractType::parse(text)
                    .map_err(|_| {
                        bad(
                            "Loại hợp đồng không hợp lệ",
                            "The contract type is not valid",
                        )
                    })?
                    .as_str()
                    .to_owned(),
            ),
            None => None,
        };
        Ok((
            SearchParams {
                q: given(&self.q).map(|text| text.chars().take(200).collect()),
                unit: given(&self.unit).map(str::to_owned),
                occupation: given(&self.occupation).map(str::to_owned),
                wage_min,
                qualification,
                contract_type,
                disability_friendly: flag(&self.disability_friendly).filter(|on| *on),
                abroad: flag(&self.abroad),
                posted_after,
                sort: given(&self.sort).map(str::to_owned),
                limit: Some(PAGE_SIZE),
                offset: Some((page_number - 1) * PAGE_SIZE),
            },
            page_number,
        ))
    }

    /// This search's address with one parameter changed (`None` removes
    /// it) and the page reset, unless the change is the page itself.
    fn href_with(&self, name: &str, value: Option<&str>) -> String {
        let fields: [(&str, &Option<String>); 11] = [
            ("q", &self.q),
            ("unit", &self.unit),
            ("occupation", &self.occupation),
            ("wage_min", &self.wage_min),
            ("qualification", &self.qualification),
            ("contract_type", &self.contract_type),
            ("disability_friendly", &self.disability_friendly),
            ("abroad", &self.abroad),
            ("posted_within", &self.posted_within),
            ("sort", &self.sort),
            ("page", &self.page),
        ];
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        for (field, current) in fields {
            if field == name {
                if let Some(value) = value {
                    pairs.push((field, value));
                }
            } else if field == "page" {
                continue;
            } else if let Some(current) = given(current) {
                pairs.push((field, current));
            }
        }
        let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        if query.is_empty() {
            "/viec-lam".to_owned()
        } else {
            format!("/viec-lam?{query}")
        }
    }
}

/// One value of a facet, as a link that filters by it.
pub struct FacetLink {
    pub label: String,
    pub count: String,
    pub href: String,
    pub active: bool,
}

/// A facet: its title and values.
pub struct FacetGroup {
    pub title: String,
    pub links: Vec<FacetLink>,
    /// Removes this facet's filter, when one is set.
    pub clear: Option<String>,
}

/// A choice of a `<select>`.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

fn choices(current: Option<&str>, options: &[(&str, String)]) -> Vec<Choice> {
    options
        .iter()
        .map(|(value, label)| Choice {
            value: (*value).to_owned(),
            label: label.clone(),
            selected: current == Some(*value),
        })
        .collect()
}

/// A link of the pager.
pub struct PageLink {
    pub label: String,
    pub href: Option<String>,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage<'a> {
    page: &'a Page,
    results: ResultsPart<'a>,
    q: String,
    wage_choices: Vec<Choice>,
    qualification_choices: Vec<Choice>,
    contract_choices: Vec<Choice>,
    posted_choices: Vec<Choice>,
    sort_choices: Vec<Choice>,
    unit: String,
    occupation: String,
    disability_friendly: bool,
    abroad: bool,
    /// Open the "more filters" box when one of its filters is set.
    filters_open: bool,
}

/// The part of the search page that changes with each search (what htmx
/// swaps in).
#[derive(Template)]
#[template(path = "search_results.html")]
struct ResultsPart<'a> {
    page: &'a Page,
    summary: String,
    error: Option<String>,
    cards: Vec<VacancyCard>,
    pager: Vec<PageLink>,
    facets: Vec<FacetGroup>,
}

/// The job search: every filter of the API, facets with names and counts,
/// sorting and paging, in a shareable address. With htmx it searches as
/// one types and swaps only the results.
pub async fn search(
    page: Page,
    State(state): State<AppState>,
    headers: HeaderMap,
    PageQuery(form): PageQuery<SearchForm>,
) -> Response {
    let partial = headers.get("hx-request").is_some()
        && headers
            .get("hx-target")
            .and_then(|value| value.to_str().ok())
            == Some("ket-qua");
    page.respond(search_page(&page, &state, form, partial).await)
}

async fn search_page(
    page: &Page,
    state: &AppState,
    form: SearchForm,
    partial: bool,
) -> Result<Response, WebError> {
    let lang = page.lang;
    let outcome = match form.params() {
        Ok((params, page_number)) => match jobsearch::run(state, &params).await {
            Ok((results, records)) => Ok((results, records, page_number)),
            Err(error) => Err(WebError::from(error)),
        },
        Err(error) => Err(error),
    };
    let status = match &outcome {
        Err(error) => error.status,
        Ok(_) => StatusCode::OK,
    };
    let (results, records, page_number, error) = match outcome {
        Ok((results, records, page_number)) => (Some(results), records, page_number, None),
        Err(error) if error.status.is_client_error() => (
            None,
            Vec::new(),
            1,
            Some(page.t(&error.message_vi, &error.message_en).to_owned()),
        ),
        Err(error) => return Err(error),
    };
    let cards = cards(state, records, lang).await?;
    let summary = match &results {
        Some(results) => match lang {
            Lang::Vi => format!(
                "{} vị trí, cần tuyển {} người",
                format::number(results.total, lang),
                format::number(results.total_headcount, lang)
            ),
            Lang::En => format!(
                "{} vacancies, {} positions",
                format::number(results.total, lang),
                format::number(results.total_headcount, lang)
            ),
        },
        None => String::new(),
    };
    let pager = match &results {
        Some(results) => pager(&form, results.total, page_number, lang),
        None => Vec::new(),
    };
    let facets = match &results {
        Some(results) => facets(state, &form, results, lang),
        None => Vec::new(),
    };
    let part = ResultsPart {
        page,
        summary,
        error,
        cards,
        pager,
        facets,
    };
    if partial {
        return Ok(html(status, part.render()?));
    }
    let wage_options: Vec<(&str, String)> = [3, 5, 8, 10, 15, 20, 30]
        .iter()
        .map(|millions| {
            let value: &'static str = match millions {
                3 => "3000000",
                5 => "5000000",
                8 => "8000000",
                10 => "10000000",
                15 => "15000000",
                20 => "20000000",
                _ => "30000000",
            };
            (
                value,
                match lang {
                    Lang::Vi => format!("Từ {millions} triệu"),
                    Lang::En => format!("From VND {millions} million"),
                },
            )
        })
        .collect();
    let mut wage_options_all = vec![("", page.t("Mọi mức lương", "Any wage").to_owned())];
    wage_options_all.extend(wage_options);
    let mut qualification_options =
        vec![("", page.t("Mọi trình độ", "Any qualification").to_owned())];
    qualification_options.extend(Qualification::ALL.iter().map(|value| {
        (
            value.as_str(),
            labels::qualification(*value, lang).to_owned(),
        )
    }));
    let mut contract_options = vec![("", page.t("Mọi loại hợp đồng", "Any contract").to_owned())];
    contract_options.extend(
        ContractType::ALL
            .iter()
            .map(|value| (value.as_str(), labels::contract(*value, lang).to_owned())),
    );
    let posted_options = vec![
        ("", page.t("Bất kỳ lúc nào", "Any time").to_owned()),
        ("1", page.t("24 giờ qua", "Last 24 hours").to_owned()),
        ("7", page.t("7 ngày qua", "Last 7 days").to_owned()),
        ("30", page.t("30 ngày qua", "Last 30 days").to_owned()),
    ];
    let sort_options = vec![
        ("relevance", page.t("Phù hợp nhất", "Best match").to_owned()),
        ("newest", page.t("Mới nhất", "Newest").to_owned()),
        ("wage", page.t("Lương cao nhất", "Highest wage").to_owned()),
    ];
    let template = SearchPage {
        page,
        q: form.q.clone().unwrap_or_default(),
        wage_choices: choices(given(&form.wage_min), &wage_options_all),
        qualification_choices: choices(given(&form.qualification), &qualification_options),
        contract_choices: choices(given(&form.contract_type), &contract_options),
        posted_choices: choices(given(&form.posted_within), &posted_options),
        sort_choices: choices(
            Some(given(&form.sort).unwrap_or("relevance")),
            &sort_options,
        ),
        unit: given(&form.unit).unwrap_or_default().to_owned(),
        occupation: given(&form.occupation).unwrap_or_default().to_owned(),
        disability_friendly: given(&form.disability_friendly).is_some(),
        abroad: given(&form.abroad) == Some("true"),
        filters_open: [
            &form.wage_min,
            &form.qualification,
            &form.contract_type,
            &form.posted_within,
            &form.sort,
            &form.disability_friendly,
            &form.abroad,
        ]
        .iter()
        .any(|value| given(value).is_some()),
        results: part,
    };
    Ok(html(status, template.render()?))
}

fn pager(form: &SearchForm, total: u64, current: u64, lang: Lang) -> Vec<PageLink> {
    let reachable = total.min(u64::from(PagingRule::SEARCH.max_offset) + PAGE_SIZE);
    let last = reachable.div_ceil(PAGE_SIZE).max(1);
    if last == 1 {
        return Vec::new();
    }
    let mut links = Vec::new();
    if current > 1 {
        links.push(PageLink {
            label: lang.pick("« Trước", "« Previous").to_owned(),
            href: Some(form.href_with("page", Some(&(current - 1).to_string()))),
            current: false,
        });
    }
    let first = current.saturating_sub(2).max(1);
    let end = (first + 4).min(last);
    for number in first..=end {
        links.push(PageLink {
            label: number.to_string(),
            href: Some(form.href_with("page", Some(&number.to_string()))),
            current: number == current,
        });
    }
    if current < last {
        links.push(PageLink {
            label: lang.pick("Sau »", "Next »").to_owned(),
            href: Some(form.href_with("page", Some(&(current + 1).to_string()))),
            current: false,
        });
    }
    links
}

fn facets(
    state: &AppState,
    form: &SearchForm,
    results: &vieclam_search::SearchResults,
    lang: Lang,
) -> Vec<FacetGroup> {
    let group = |title: &str,
                 name: &str,
                 current: Option<&str>,
                 values: &[vieclam_search::FacetCount],
                 label: &dyn Fn(&str) -> String| {
        let mut links: Vec<FacetLink> = values
            .iter()
            .take(12)
            .map(|facet| FacetLink {
                label: label(&facet.value),
                count: format::number(facet.count, lang),
                href: form.href_with(name, Some(&facet.value)),
                active: current == Some(facet.value.as_str()),
            })
            .collect();
        // Largest first; ties in Vietnamese alphabetical order.
        links.sort_by(|a, b| {
            let count = |link: &FacetLink| {
                link.count
                    .replace(['.', ','], "")
                    .parse::<u64>()
                    .unwrap_or(0)
            };
            count(b).cmp(&count(a)).then_with(|| {
                vieclam_text::collation_key(&a.label).cmp(&vieclam_text::collation_key(&b.label))
            })
        });
        FacetGroup {
            title: title.to_owned(),
            links,
            clear: current.map(|_| form.href_with(name, None)),
        }
    };
    vec![
        group(
            lang.pick("Nơi làm việc", "Place of work"),
            "unit",
            given(&form.unit),
            &results.by_commune,
            &|value| labels::unit_name(&state.units, value),
        ),
        group(
            lang.pick("Nhóm nghề", "Occupation group"),
            "occupation",
            given(&form.occupation),
            &results.by_occupation_group,
            &|value| labels::occupation(value, lang),
        ),
        group(
            lang.pick("Trình độ", "Qualification"),
            "qualification",
            given(&form.qualification),
            &results.by_qualification,
            &|value| labels::qualification_code(value, lang),
        ),
    ]
}

/// What the typeahead reads: `kind` (occupation, skill, employer, unit;
/// jobs by default) and the text typed, under `q` or the name of the
/// field asking.
pub type SuggestForm = std::collections::HashMap<String, String>;

#[derive(Template)]
#[template(path = "suggest.html")]
struct SuggestPart {
    options: Vec<String>,
}

/// Typeahead: `<option>`s for the search box's datalist.
pub async fn suggest(
    page: Page,
    State(state): State<AppState>,
    PageQuery(form): PageQuery<SuggestForm>,
) -> Response {
    let kinds = match form.get("kind").map(String::as_str) {
        Some("occupation") => vec![SuggestionKind::Occupation],
        Some("skill") => vec![SuggestionKind::Skill],
        Some("unit") => vec![SuggestionKind::Unit],
        Some("employer") => vec![SuggestionKind::Employer],
        _ => vec![
            SuggestionKind::Occupation,
            SuggestionKind::Skill,
            SuggestionKind::Employer,
        ],
    };
    let text: String = form
        .get("q")
        .or_else(|| {
            form.iter()
                .find(|(name, _)| name.as_str() != "kind")
                .map(|(_, value)| value)
        })
        .cloned()
        .unwrap_or_default()
        .chars()
        .take(100)
        .collect::<String>();
    let text = vieclam_text::nfc(text.trim());
    if form.get("kind").map(String::as_str) == Some("unit") {
        // Communes and wards of today, with their province and code, as
        // the forms read them back.
        let options: Vec<String> = state
            .units
            .search(
                &text,
                &vieclam_domain::UnitSearch {
                    structure: Some(vieclam_domain::UnitStructure::valid_on(vietnam_today())),
                    level: Some(UnitLevel::Commune),
                    province_code: None,
                    limit: 8,
                },
            )
            .into_iter()
            .map(|found| super::signup::commune_option(&state.units, &found.unit.key()))
            .collect();
        return page.respond(
            SuggestPart { options }
                .render()
                .map(|body| html(StatusCode::OK, body))
                .map_err(WebError::from),
        );
    }
    let result = async {
        let options = if text.chars().count() < 2 {
            Vec::new()
        } else {
            run_search(&state, move |search| {
                Ok(search
                    .suggestions
                    .read()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .suggest(&text, &kinds, 8))
            })
            .await?
            .into_iter()
            .map(|suggestion| suggestion.text)
            .collect()
        };
        Ok(html(StatusCode::OK, SuggestPart { options }.render()?))
    }
    .await;
    page.respond(result)
}

/// A vacancy's page as it is shown.
pub struct VacancyFacts {
    pub id: i64,
    pub title: String,
    pub status: String,
    pub open: bool,
    pub employer: String,
    pub employer_kind: String,
    pub employer_place: String,
    pub place: String,
    pub wage: String,
    pub headcount: String,
    pub occupation: Option<String>,
    pub occupation_inferred: bool,
    pub qualification: String,
    pub experience: String,
    pub skills: Vec<String>,
    pub languages: Vec<String>,
    pub hours: Option<String>,
    pub contract: Option<String>,
    pub deadline: Option<String>,
    pub abroad: Option<String>,
    pub disability_friendly: bool,
    pub description: Option<String>,
    pub posted: String,
}

#[derive(Template)]
#[template(path = "vacancy.html")]
struct VacancyPage<'a> {
    page: &'a Page,
    vacancy: VacancyFacts,
    similar: Vec<VacancyCard>,
    sessions: Vec<SessionCard>,
}

/// A vacancy: the employer, the place, the wage, what it asks for, the
/// deadline, how to apply and similar vacancies. Only open vacancies for
/// the public (as the API); officers and the employer see their own
/// whatever its status.
pub async fn vacancy(
    page: Page,
    State(state): State<AppState>,
    PagePath(id): PagePath<i64>,
) -> Response {
    page.respond(vacancy_page(&page, &state, id).await)
}

async fn vacancy_page(page: &Page, state: &AppState, id: i64) -> Result<Response, WebError> {
    let lang = page.lang;
    let record = crate::views::load_vacancy(state, id)
        .await
        .map_err(|_| WebError::not_found())?;
    let status = record.posting.status_on(vietnam_today());
    let open = status == vieclam_domain::registry::VacancyStatus::Open;
    if !open && !page.role().reads_closed_vacancies() {
        let own = crate::records::own_employer(state, &page.caller.principal).await?
            == Some(record.posting.employer_id);
        if !own {
            return Err(WebError::not_found());
        }
    }
    let employer = state
        .store
        .get_employer(record.posting.employer_id)
        .await?
        .ok_or_else(WebError::not_found)?;
    let posting = &record.posting;
    let facts = VacancyFacts {
        id: record.id,
        title: posting.title.clone(),
        status: labels::vacancy_status(status, lang).to_owned(),
        open,
        employer: employer.profile.name.clone(),
        employer_kind: labels::employer_kind(employer.profile.kind, lang).to_owned(),
        employer_place: labels::place(&state.units, &employer.profile.address_unit),
        place: labels::place(&state.units, &posting.work_unit),
        wage: format::wage(&posting.wage, lang),
        headcount: format::number(u64::from(posting.headcount), lang),
        occupation: posting
            .occupation
            .as_ref()
            .map(|code| labels::occupation(code.as_str(), lang)),
        occupation_inferred: posting.occupation_inferred,
        qualification: posting.qualification.map_or_else(
            || lang.pick("Không yêu cầu", "Not required").to_owned(),
            |value| labels::qualification(value, lang).to_owned(),
        ),
        experience: if posting.experience_years == 0 {
            lang.pick("Không yêu cầu", "Not required").to_owned()
        } else {
            match lang {
                Lang::Vi => format!("{} năm", posting.experience_years),
                Lang::En => format!("{} years", posting.experience_years),
            }
        },
        skills: posting.skills.clone(),
        languages: posting
            .languages
            .iter()
            .map(|language| labels::language(*language, lang).to_owned())
            .collect(),
        hours: posting
            .hours
            .map(|hours| labels::hours(hours, lang).to_owned()),
        contract: posting
            .contract_type
            .map(|contract| labels::contract(contract, lang).to_owned()),
        deadline: posting.deadline.map(|day| format::date(day, lang)),
        abroad: posting
            .abroad_country
            .map(|country| country.name_vi().to_owned()),
        disability_friendly: posting.disability_friendly,
        description: posting.description.clone(),
        posted: format::date(
            record
                .created_at
                .with_timezone(&vietnam_offset())
                .date_naive(),
            lang,
        ),
    };
    // Similar: the same occupation (unit group, else the minor group),
    // open, nearest first by the search's own ranking, without this one.
    let similar = match &posting.occupation {
        Some(code) => {
            let mut query = everything_query(6);
            query.occupation = Some(code.as_str().to_owned());
            query.text = posting.title.clone();
            let results = run_search(state, move |search| search.vacancies.search(&query)).await?;
            let ids: Vec<i64> = results
                .hits
                .iter()
                .map(|hit| hit.id)
                .filter(|other| *other != record.id)
                .take(5)
                .collect();
            let records = ordered(state.store.get_vacancies(&ids).await?, &ids);
            cards(state, records, lang).await?
        }
        None => Vec::new(),
    };
    let (_, sessions) = upcoming_sessions(state, 3, lang).await?;
    render(&VacancyPage {
        page,
        vacancy: facts,
        similar,
        sessions,
    })
}

#[derive(Template)]
#[template(path = "sessions.html")]
struct SessionsPage<'a> {
    page: &'a Page,
    total: String,
    sessions: Vec<SessionCard>,
}

/// The job-fair sessions to come.
pub async fn sessions(page: Page, State(state): State<AppState>) -> Response {
    let result = async {
        let (total, sessions) = upcoming_sessions(&state, 50, page.lang).await?;
        render(&SessionsPage {
            page: &page,
            total: format::number(total, page.lang),
            sessions,
        })
    }
    .await;
    page.respond(result)
}

/// A row of the public figures: a unit and its figures.
pub struct FigureRow {
    pub name: String,
    pub href: Option<String>,
    pub vacancies: String,
    pub values: Vec<String>,
}

#[derive(Template)]
#[template(path = "indicators.html")]
struct IndicatorsPage<'a> {
    page: &'a Page,
    title: String,
    year: i32,
    columns: Vec<String>,
    own: FigureRow,
    rows: Vec<FigureRow>,
    up: Option<(String, String)>,
}

/// The city's public figures and those of each unit directly below it.
pub async fn indicators(page: Page, State(state): State<AppState>) -> Response {
    let unit = city(&state);
    page.respond(indicators_page(&page, &state, unit).await)
}

/// One unit's public figures (and the units below it).
pub async fn unit_indicators(
    page: Page,
    State(state): State<AppState>,
    PagePath(code): PagePath<String>,
) -> Response {
    let result = async {
        let key = UnitKey::parse(&code, vietnam_today()).map_err(|_| WebError::not_found())?;
        state.units.get(&key).map_err(|_| WebError::not_found())?;
        indicators_page(&page, &state, Some(key)).await
    }
    .await;
    page.respond(result)
}

async fn indicators_page(
    page: &Page,
    state: &AppState,
    unit: Option<UnitKey>,
) -> Result<Response, WebError> {
    let year = vietnam_today().year();
    let indicators: Vec<&'static vieclam_plans::Indicator> = Indicators::embedded()
        .all()
        .iter()
        .filter(|indicator| is_public_indicator(&indicator.code))
        .collect();
    let Some(unit) = unit else {
        // No city set: the provinces are the units to choose from.
        return indicators_of_units(page, state, None, year, &indicators).await;
    };
    indicators_of_units(page, state, Some(unit), year, &indicators).await
}

async fn indicators_of_units(
    page: &Page,
    state: &AppState,
    unit: Option<UnitKey>,
    year: i32,
    indicators: &[&'static vieclam_plans::Indicator],
) -> Result<Response, WebError> {
    let lang = page.lang;
    let structure = vieclam_domain::UnitStructure::valid_on(vietnam_today());
    let mut below: Vec<&vieclam_domain::AdminUnit> = match &unit {
        Some(unit) => state.units.children(unit).collect(),
        None => state
            .units
            .all()
            .iter()
            .filter(|candidate| {
                candidate.level == UnitLevel::Province && candidate.structure == structure
            })
            .collect(),
    };
    below.sort_by_key(|unit| vieclam_text::collation_key(&unit.short_name));
    let mut keys: Vec<UnitKey> = Vec::with_capacity(below.len() + 1);
    if let Some(unit) = &unit {
        keys.push(unit.clone());
    }
    keys.extend(below.iter().map(|unit| unit.key()));
    let actuals = crate::plans::unit_figures(
        state,
        indicators,
        keys.clone(),
        Period::year(year),
        FIGURES_WAIT,
    )
    .await
    .unwrap_or_default();
    // Open vacancies by commune from the index, rolled up to each unit.
    let mut query = everything_query(1);
    query.unit = unit.as_ref().map(ToString::to_string);
    let results = run_search(state, move |search| search.vacancies.search(&query)).await?;
    let vacancies_in = |key: &UnitKey| -> u64 {
        if unit.as_ref() == Some(key) {
            return results.total;
        }
        results
            .by_commune
            .iter()
            .filter(|facet| {
                UnitKey::parse(&facet.value, vietnam_today())
                    .is_ok_and(|commune| state.units.is_within(&commune, key))
            })
            .map(|facet| facet.count)
            .sum()
    };
    let row = |key: &UnitKey, index: usize, link: bool| -> FigureRow {
        let values = indicators
            .iter()
            .enumerate()
            .map(|(column, indicator)| {
                let actual = actuals.get(index).and_then(|row| row.get(column));
                let is_rate = indicator.unit == MeasureUnit::Percent;
                let counts_people = indicator.unit == MeasureUnit::People;
                shown(
                    disclose(
                        actual.and_then(|a| a.value),
                        actual.and_then(|a| a.denominator),
                        counts_people,
                        is_rate,
                    ),
                    is_rate,
                    lang,
                )
            })
            .collect();
        FigureRow {
            name: labels::unit_name(&state.units, &key.to_string()),
            href: link.then(|| format!("/chi-so/{}", key.code.as_str())),
            vacancies: format::number(vacancies_in(key), lang),
            values,
        }
    };
    let offset = usize::from(unit.is_some());
    let own = match &unit {
        Some(key) => row(key, 0, false),
        None => FigureRow {
            name: page.t("Cả nước", "Whole country").to_owned(),
            href: None,
            vacancies: format::number(results.total, lang),
            values: indicators.iter().map(|_| "—".to_owned()).collect(),
        },
    };
    let rows = below
        .iter()
        .enumerate()
        .map(|(index, below)| row(&below.key(), index + offset, true))
        .collect();
    let up = unit
        .as_ref()
        .and_then(|key| state.units.get(key).ok())
        .and_then(|unit| unit.parent_code.clone().map(|code| (code, unit.structure)))
        .map(|(code, _)| {
            (
                format!("/chi-so/{}", code.as_str()),
                labels::unit_name(&state.units, code.as_str()),
            )
        });
    render(&IndicatorsPage {
        page,
        title: own.name.clone(),
        year,
        columns: indicators
            .iter()
            .map(|indicator| lang.pick(&indicator.name_vi, &indicator.name_en).to_owned())
            .collect(),
        own,
        rows,
        up,
    })
}

/// Today's date as the pages write it (for templates).
pub fn today(lang: Lang) -> String {
    format::date(vietnam_today(), lang)
}
