//! The worker's pages, under `/nguoi-lao-dong`: their dashboard, the
//! digital CV built one thing per page (the wanted occupation typed as
//! words and classified on the spot, for the worker to confirm), the
//! recommendations with their reasons, applying and following
//! applications.
//!
//! Every page reads the caller's own record only (`records::own_worker`,
//! then `load_checked`, which audits): no page takes a worker's id from
//! the request.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use vieclam_classify::Classifier;
use vieclam_domain::registry::{
    AbroadWish, BroadWish, Country, GeneralEducation, ItSkill, Language, OccupationCode,
    OccupationExperience, Qualification, WagePeriod, WageRange, WantedOccupation, WorkHours,
    MAX_COMMUTE_KM, MAX_WANTED_OCCUPATIONS,
};
use vieclam_domain::{AuditAction, Role};
use vieclam_exchange::ApplicationStatus;
use vieclam_store::exchange::{ApplicationFilter, InterviewFilter};
use vieclam_store::WorkerRecord;

use super::account::login_required;
use super::form::{self, FormField, FormModel};
use super::format;
use super::labels;
use super::page::{render, see_other, PagePath, PageQuery};
use super::public::{cards, Choice, VacancyCard};
use super::{html, Lang, Page, Posted, WebError};
use crate::records::{load_checked, own_worker, update_worker_profile};
use crate::AppState;

/// The caller's own worker record, or the page to answer instead: the
/// login form for a visitor, 403 for another role, a notice for a worker
/// account without a profile.
pub async fn own_record(page: &Page, state: &AppState) -> Result<WorkerRecord, Response> {
    if !page.signed_in() {
        return Err(login_required(page));
    }
    if page.role() != Role::Worker {
        return Err(WebError::new(
            StatusCode::FORBIDDEN,
            "Trang này dành cho người lao động",
            "This page is for workers",
        )
        .render(page));
    }
    let id = match own_worker(state, &page.caller.principal).await {
        Ok(Some(id)) => id,
        Ok(None) => {
            return Err(WebError::new(
                StatusCode::NOT_FOUND,
                "Tài khoản chưa gắn với hồ sơ người lao động. Hãy liên hệ cán bộ xã, phường nơi bạn cư trú.",
                "This account has no worker profile yet. Ask the officer of your commune or ward.",
            )
            .render(page))
        }
        Err(error) => return Err(WebError::from(error).render(page)),
    };
    load_checked(state, &page.caller, id, AuditAction::Read)
        .await
        .map_err(|error| WebError::from(error).render(page))
}

/// The steps of the CV, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Occupation,
    Experience,
    Qualification,
    Skills,
    Wishes,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Step::Occupation,
        Step::Experience,
        Step::Qualification,
        Step::Skills,
        Step::Wishes,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Step::Occupation => "nghe",
            Step::Experience => "kinh-nghiem",
            Step::Qualification => "trinh-do",
            Step::Skills => "ky-nang",
            Step::Wishes => "mong-muon",
        }
    }

    fn parse(slug: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|step| step.slug() == slug)
    }

    fn title(self, lang: Lang) -> &'static str {
        match self {
            Step::Occupation => lang.pick("Bạn muốn làm nghề gì?", "What work do you want?"),
            Step::Experience => lang.pick(
                "Bạn đã làm nghề gì, bao nhiêu năm?",
                "What work have you done, and for how long?",
            ),
            Step::Qualification => lang.pick("Trình độ của bạn", "Your education and training"),
            Step::Skills => lang.pick("Kỹ năng và chứng chỉ", "Skills and certificates"),
            Step::Wishes => lang.pick(
                "Nơi làm, mức lương, thời gian mong muốn",
                "Where, pay and hours",
            ),
        }
    }

    fn number(self) -> usize {
        Step::ALL.iter().position(|step| *step == self).unwrap_or(0) + 1
    }

    fn href(self) -> String {
        format!("/nguoi-lao-dong/ho-so/{}", self.slug())
    }

    fn next_href(self) -> String {
        match Step::ALL.get(self.number()) {
            Some(next) => next.href(),
            None => "/nguoi-lao-dong/ho-so/kiem-tra".to_owned(),
        }
    }

    fn counter(self, lang: Lang) -> String {
        match lang {
            Lang::Vi => format!("Bước {} / {}", self.number(), Step::ALL.len()),
            Lang::En => format!("Step {} of {}", self.number(), Step::ALL.len()),
        }
    }
}

/// One line of the "what is still missing" list.
pub struct Todo {
    pub label: String,
    pub href: String,
}

/// One recommended vacancy with its reasons.
pub struct RecommendationCard {
    pub card: VacancyCard,
    pub reasons: Vec<String>,
}

/// An application as the worker follows it.
pub struct ApplicationLine {
    pub vacancy_id: i64,
    pub title: String,
    pub employer: String,
    pub status: String,
    pub steps: Vec<String>,
}

/// An interview slot of the worker.
pub struct InterviewLine {
    pub when: String,
    pub booth: Option<u32>,
    pub vacancy_id: i64,
    pub mode: String,
}

#[derive(Template)]
#[template(path = "worker/home.html")]
struct HomePage<'a> {
    page: &'a Page,
    name: String,
    todo: Vec<Todo>,
    recommendations: Vec<RecommendationCard>,
    applications: Vec<ApplicationLine>,
    interviews: Vec<InterviewLine>,
    invitations: Vec<InvitationLine>,
}

fn todo_of(record: &WorkerRecord, lang: Lang) -> Vec<Todo> {
    let profile = &record.profile;
    let mut todo = Vec::new();
    if profile.wanted_occupation.is_none() {
        todo.push(Todo {
            label: lang
                .pick("Nghề bạn muốn làm", "The work you want")
                .to_owned(),
            href: Step::Occupation.href(),
        });
    }
    if profile.occupations.is_empty() {
        todo.push(Todo {
            label: lang
                .pick("Kinh nghiệm làm việc", "Your experience")
                .to_owned(),
            href: Step::Experience.href(),
        });
    }
    if profile.skills.is_empty() {
        todo.push(Todo {
            label: lang.pick("Kỹ năng", "Your skills").to_owned(),
            href: Step::Skills.href(),
        });
    }
    if profile.wanted_wage.min_vnd.is_none() && profile.wanted_hours.is_none() {
        todo.push(Todo {
            label: lang
                .pick("Mức lương, thời gian mong muốn", "Pay and hours wanted")
                .to_owned(),
            href: Step::Wishes.href(),
        });
    }
    todo
}

/// The worker's dashboard.
pub async fn home(page: Page, State(state): State<AppState>) -> Response {
    let record = match own_record(&page, &state).await {
        Ok(record) => record,
        Err(response) => return response,
    };
    let result = async {
        let lang = page.lang;
        let recommendations = recommendations_of(&page, &state, record.id, 3).await?;
        let applications = applications_of(&state, record.id, lang).await?;
        let interviews = interviews_of(&state, record.id, lang).await?;
        let invitations = invitations_of(&page, &state, record.id).await?;
        render(&HomePage {
            page: &page,
            name: record.profile.full_name.as_str().to_owned(),
            todo: todo_of(&record, lang),
            recommendations,
            applications,
            interviews,
            invitations,
        })
    }
    .await;
    page.respond(result)
}

async fn recommendations_of(
    page: &Page,
    state: &AppState,
    worker_id: i64,
    k: usize,
) -> Result<Vec<RecommendationCard>, WebError> {
    let found = crate::matching::recommendations_for(state, &page.caller, worker_id, k).await?;
    let reasons: Vec<Vec<String>> = found
        .iter()
        .map(|recommendation| {
            recommendation
                .reasons
                .iter()
                .map(|reason| page.t(&reason.vi, &reason.en).to_owned())
                .collect()
        })
        .collect();
    let ids: Vec<i64> = found.iter().map(|r| r.vacancy.id).collect();
    let records = state.store.get_vacancies(&ids).await?;
    let mut ordered = Vec::new();
    for id in &ids {
        if let Some(record) = records.iter().find(|record| record.id == *id) {
            ordered.push(record.clone());
        }
    }
    let cards = cards(state, ordered, page.lang).await?;
    Ok(cards
        .into_iter()
        .zip(reasons)
        .map(|(card, reasons)| RecommendationCard { card, reasons })
        .collect())
}

fn status_name(status: ApplicationStatus, lang: Lang) -> String {
    lang.pick(status.name_vi(), status.name_en()).to_owned()
}

async fn applications_of(
    state: &AppState,
    worker_id: i64,
    lang: Lang,
) -> Result<Vec<ApplicationLine>, WebError> {
    let filter = ApplicationFilter {
        worker_id: Some(worker_id),
        ..ApplicationFilter::default()
    };
    let records = state
        .store
        .list_applications(
            &filter,
            vieclam_store::Page {
                limit: 100,
                offset: 0,
            },
        )
        .await?;
    let ids: Vec<i64> = records.iter().map(|r| r.vacancy_id).collect();
    let vacancies = state.store.get_vacancies(&ids).await?;
    let mut employer_ids: Vec<i64> = records.iter().map(|r| r.employer_id).collect();
    employer_ids.sort_unstable();
    employer_ids.dedup();
    let employers = state.store.get_employers(&employer_ids).await?;
    Ok(records
        .into_iter()
        .map(|record| ApplicationLine {
            vacancy_id: record.vacancy_id,
            title: vacancies
                .iter()
                .find(|v| v.id == record.vacancy_id)
                .map(|v| v.posting.title.clone())
                .unwrap_or_default(),
            employer: employers
                .iter()
                .find(|e| e.id == record.employer_id)
                .map(|e| e.profile.name.clone())
                .unwrap_or_default(),
            status: status_name(record.status, lang),
            steps: record
                .steps
                .iter()
                .map(|step| {
                    format!(
                        "{} {}",
                        format::date(
                            step.at
                                .with_timezone(
                                    &chrono::FixedOffset::east_opt(7 * 3600).unwrap_or_else(|| {
                                        chrono::FixedOffset::east_opt(0).unwrap()
                                    })
                                )
                                .date_naive(),
                            lang
                        ),
                        status_name(step.status, lang)
                    )
                })
                .collect(),
        })
        .collect())
}

async fn interviews_of(
    state: &AppState,
    worker_id: i64,
    lang: Lang,
) -> Result<Vec<InterviewLine>, WebError> {
    let filter = InterviewFilter {
        worker_id: Some(worker_id),
        ..InterviewFilter::default()
    };
    let records = state
        .store
        .list_interviews(
            &filter,
            vieclam_store::Page {
                limit: 50,
                offset: 0,
            },
        )
        .await?;
    Ok(records
        .into_iter()
        .map(|record| InterviewLine {
            when: format!(
                "{} {}–{}",
                format::date(record.starts.date(), lang),
                record.starts.format("%H:%M"),
                record.ends.format("%H:%M")
            ),
            booth: record.booth,
            vacancy_id: record.vacancy_id,
            mode: lang
                .pick(record.mode.name_vi(), record.mode.name_en())
                .to_owned(),
        })
        .collect())
}

#[derive(Template)]
#[template(path = "worker/recommendations.html")]
struct RecommendationsPage<'a> {
    page: &'a Page,
    recommendations: Vec<RecommendationCard>,
    todo: Vec<Todo>,
}

/// Jobs for the worker, best first, each with its reasons.
pub async fn recommendations(page: Page, State(state): State<AppState>) -> Response {
    let record = match own_record(&page, &state).await {
        Ok(record) => record,
        Err(response) => return response,
    };
    let result = async {
        let recommendations = recommendations_of(&page, &state, record.id, 20).await?;
        render(&RecommendationsPage {
            page: &page,
            recommendations,
            todo: todo_of(&record, page.lang),
        })
    }
    .await;
    page.respond(result)
}

#[derive(Template)]
#[template(path = "worker/applications.html")]
struct ApplicationsPage<'a> {
    page: &'a Page,
    applications: Vec<ApplicationLine>,
    interviews: Vec<InterviewLine>,
    applied: bool,
}

#[derive(Deserialize)]
pub struct AppliedQuery {
    #[serde(rename = "da-gui")]
    sent: Option<String>,
}

/// The worker's applications and where each stands.
pub async fn applications(
    page: Page,
    State(state): State<AppState>,
    PageQuery(query): PageQuery<AppliedQuery>,
) -> Response {
    let record = match own_record(&page, &state).await {
        Ok(record) => record,
        Err(response) => return response,
    };
    let result = async {
        render(&ApplicationsPage {
            page: &page,
            applications: applications_of(&state, record.id, page.lang).await?,
            interviews: interviews_of(&state, record.id, page.lang).await?,
            applied: query.sent.is_some(),
        })
    }
    .await;
    page.respond(result)
}

#[derive(Deserialize)]
pub struct Nothing {}

/// Applies to a vacancy with the worker's own profile (the API's path).
pub async fn apply(
    State(state): State<AppState>,
    PagePath(vacancy_id): PagePath<i64>,
    Posted(page, _): Posted<Nothing>,
) -> Response {
    if let Err(response) = own_record(&page, &state).await {
        return response;
    }
    match crate::exchange::apply_to(&state, &page.caller, vacancy_id, None, None).await {
        Ok(_) => see_other("/nguoi-lao-dong/ung-tuyen?da-gui=1"),
        Err(error) if error.status == StatusCode::NOT_FOUND => WebError::not_found().render(&page),
        Err(error) => WebError::from(error).render(&page),
    }
}

/// A form's fields as sent (repeated names kept, for checkboxes).
pub type Fields = Vec<(String, String)>;

pub fn field<'a>(fields: &'a Fields, name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.trim())
        .filter(|value| !value.is_empty())
}

pub fn fields_all<'a>(fields: &'a Fields, name: &str) -> Vec<&'a str> {
    fields
        .iter()
        .filter(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
        .collect()
}

/// Options of a coded list for a form: (code, name).
fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    name: impl Fn(T) -> String,
) -> Vec<(String, String)> {
    all.iter()
        .map(|value| (code(*value).to_owned(), name(*value)))
        .collect()
}

#[derive(Template)]
#[template(path = "worker/occupation.html")]
struct OccupationStep<'a> {
    page: &'a Page,
    step: Step,
    counter: String,
    title: String,
    text: String,
    years: String,
    with_years: bool,
    choices: Vec<Choice>,
    kept: Vec<Choice>,
    error: Option<(String, String)>,
}

/// The occupations the classifier reads in `text`, as choices (none
/// chosen: the worker confirms).
fn occupation_choices(text: &str, chosen: Option<&str>, lang: Lang) -> Vec<Choice> {
    let text: String = text.chars().take(200).collect();
    Classifier::embedded()
        .classify(&text, 3)
        .into_iter()
        .map(|prediction| Choice {
            selected: chosen == Some(prediction.code.as_str()),
            label: format!(
                "{} ({})",
                match lang {
                    Lang::Vi => prediction.name_vi,
                    Lang::En => prediction.name_en,
                },
                prediction.code
            ),
            value: prediction.code,
        })
        .collect()
}

/// The occupation page of a step: the wanted occupation, or one practised
/// with its years.
fn occupation_page<'a>(
    page: &'a Page,
    step: Step,
    record: &WorkerRecord,
    text: Option<&str>,
    chosen: Option<&str>,
    years: Option<&str>,
) -> OccupationStep<'a> {
    let lang = page.lang;
    let profile = &record.profile;
    // The wanted occupations are listed as kept, in order; the words field
    // adds one more, so nothing is pre-filled.
    let current: Option<String> = None;
    let text = text
        .map(str::to_owned)
        .or_else(|| {
            current
                .as_deref()
                .map(|code| labels::occupation(code, lang))
        })
        .unwrap_or_default();
    let mut choices = if text.is_empty() {
        Vec::new()
    } else {
        occupation_choices(&text, chosen.or(current.as_deref()), lang)
    };
    // The current choice stays offered even when the words changed.
    if let Some(code) = &current {
        if !choices.iter().any(|choice| &choice.value == code) {
            choices.push(Choice {
                value: code.clone(),
                label: format!("{} ({code})", labels::occupation(code, lang)),
                selected: chosen.is_none() || chosen == Some(code.as_str()),
            });
        }
    }
    let kept = match step {
        Step::Experience => profile
            .occupations
            .iter()
            .map(|experience| Choice {
                value: experience.code.as_str().to_owned(),
                label: match lang {
                    Lang::Vi => format!(
                        "{} — {} năm",
                        labels::occupation(experience.code.as_str(), lang),
                        experience.years
                    ),
                    Lang::En => format!(
                        "{} — {} years",
                        labels::occupation(experience.code.as_str(), lang),
                        experience.years
                    ),
                },
                selected: true,
            })
            .collect(),
        Step::Occupation => profile
            .wanted()
            .iter()
            .enumerate()
            .map(|(index, wanted)| Choice {
                value: wanted.code.as_str().to_owned(),
                label: format!(
                    "{}. {} ({})",
                    index + 1,
                    labels::occupation(wanted.code.as_str(), lang),
                    wanted.code
                ),
                selected: true,
            })
            .collect(),
        _ => Vec::new(),
    };
    OccupationStep {
        page,
        step,
        counter: step.counter(lang),
        title: step.title(lang).to_owned(),
        text,
        years: years.unwrap_or("").to_owned(),
        with_years: step == Step::Experience,
        choices,
        kept,
        error: None,
    }
}

#[derive(Deserialize)]
pub struct OccupationQuery {
    text: Option<String>,
}

#[derive(Template)]
#[template(path = "worker/occupation_choices.html")]
struct ChoicesPart<'a> {
    page: &'a Page,
    choices: Vec<Choice>,
}

/// The classifier's reading of the words typed so far (htmx fragment).
pub async fn occupation_suggestions(
    page: Page,
    PageQuery(query): PageQuery<OccupationQuery>,
) -> Response {
    let text = query.text.unwrap_or_default();
    let choices = occupation_choices(text.trim(), None, page.lang);
    page.respond(
        ChoicesPart {
            page: &page,
            choices,
        }
        .render()
        .map(|body| html(StatusCode::OK, body))
        .map_err(WebError::from),
    )
}

/// A step of the CV, as a form filled from the record.
pub async fn step_form(
    page: Page,
    State(state): State<AppState>,
    PagePath(slug): PagePath<String>,
) -> Response {
    let Some(step) = Step::parse(&slug) else {
        return WebError::not_found().render(&page);
    };
    let record = match own_record(&page, &state).await {
        Ok(record) => record,
        Err(response) => return response,
    };
    let result = match step {
        Step::Occupation | Step::Experience => {
            render(&occupation_page(&page, step, &record, None, None, None))
        }
        _ => form::show(&page, &step_model(&page, step, &record, None)),
    };
    page.respond(result)
}

/// The form of a plain step, from the record or from what was sent.
fn step_model(page: &Page, step: Step, record: &WorkerRecord, sent: Option<&Fields>) -> FormModel {
    let lang = page.lang;
    let profile = &record.profile;
    let sent_or = |name: &str, stored: String| -> String {
        match sent {
            Some(fields) => field(fields, name).unwrap_or("").to_owned(),
            None => stored,
        }
    };
    let mut model = FormModel::new(
        step.title(lang),
        &step.href(),
        lang.pick("Lưu và tiếp tục", "Save and continue"),
    );
    model.step = Some(step.counter(lang));
    model.back = Some(match Step::ALL.get(step.number().saturating_sub(2)) {
        Some(previous) if step.number() > 1 => previous.href(),
        _ => "/nguoi-lao-dong".to_owned(),
    });
    match step {
        Step::Qualification => {
            let qualification = sent_or("qualification", profile.qualification.as_str().to_owned());
            let education = sent_or(
                "general_education",
                profile
                    .general_education
                    .map(|value| value.as_str().to_owned())
                    .unwrap_or_default(),
            );
            let it = sent_or(
                "it_skill",
                profile
                    .it_skill
                    .map(|value| value.as_str().to_owned())
                    .unwrap_or_default(),
            );
            let languages: Vec<String> = match sent {
                Some(fields) => fields_all(fields, "languages")
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
                None => profile
                    .languages
                    .iter()
                    .map(|language| language.as_str().to_owned())
                    .collect(),
            };
            let mut education_options =
                vec![(String::new(), lang.pick("Chọn", "Choose").to_owned())];
            education_options.extend(options(
                GeneralEducation::ALL,
                GeneralEducation::as_str,
                |value| value.name_vi().to_owned(),
            ));
            let mut it_options = vec![(String::new(), lang.pick("Chọn", "Choose").to_owned())];
            it_options.extend(options(ItSkill::ALL, ItSkill::as_str, |value| {
                value.name_vi().to_owned()
            }));
            model = model
                .field(
                    FormField::new(
                        "qualification",
                        lang.pick(
                            "Trình độ chuyên môn kỹ thuật cao nhất",
                            "Highest vocational or academic qualification",
                        ),
                        "radios",
                    )
                    .choices(
                        &options(Qualification::ALL, Qualification::as_str, |value| {
                            labels::qualification(value, lang).to_owned()
                        }),
                        &[qualification],
                    ),
                )
                .field(
                    FormField::text(
                        "qualification_field",
                        lang.pick("Chuyên ngành đào tạo", "Field of study"),
                        &sent_or(
                            "qualification_field",
                            profile.qualification_field.clone().unwrap_or_default(),
                        ),
                    )
                    .hint(lang.pick(
                        "Ví dụ: Kế toán, Điện công nghiệp, Hàn",
                        "e.g. Accounting, Industrial electrics, Welding",
                    )),
                )
                .field(
                    FormField::new(
                        "general_education",
                        lang.pick("Trình độ học vấn", "General education"),
                        "select",
                    )
                    .choices(&education_options, &[education]),
                )
                .field(
                    FormField::new(
                        "it_skill",
                        lang.pick("Tin học", "Computer skills"),
                        "select",
                    )
                    .choices(&it_options, &[it]),
                )
                .field(
                    FormField::new(
                        "languages",
                        lang.pick("Ngoại ngữ", "Languages"),
                        "checkboxes",
                    )
                    .hint(lang.pick(
                        "Chọn tất cả những ngôn ngữ bạn dùng được",
                        "Choose every language you can use",
                    ))
                    .choices(
                        &options(Language::ALL, Language::as_str, |value| {
                            labels::language(value, lang).to_owned()
                        }),
                        &languages,
                    ),
                );
        }
        Step::Skills => {
            model = model
                .field(
                    FormField::new(
                        "skills",
                        lang.pick("Kỹ năng của bạn", "Your skills"),
                        "textarea",
                    )
                    .value(&sent_or("skills", profile.skills.join(", ")))
                    .hint(lang.pick(
                        "Cách nhau bằng dấu phẩy, ví dụ: hàn TIG, đọc bản vẽ",
                        "Separated by commas, e.g. TIG welding, reading drawings",
                    )),
                )
                .field(
                    FormField::text(
                        "skill_add",
                        lang.pick("Thêm một kỹ năng", "Add a skill"),
                        &sent_or("skill_add", String::new()),
                    )
                    .hint(lang.pick(
                        "Gõ vài chữ để xem gợi ý",
                        "Type a few letters for suggestions",
                    ))
                    .list("skill"),
                )
                .field(
                    FormField::new(
                        "certificates",
                        lang.pick("Chứng chỉ, giấy phép", "Certificates and licences"),
                        "textarea",
                    )
                    .value(&sent_or("certificates", profile.certificates.join(", ")))
                    .hint(lang.pick(
                        "Ví dụ: Bằng lái xe hạng C, Chứng chỉ hàn 3G",
                        "e.g. Class C driving licence, 3G welding certificate",
                    )),
                );
        }
        Step::Wishes => {
            let wage = sent_or(
                "wanted_wage",
                profile
                    .wanted_wage
                    .min_vnd
                    .map(millions_text)
                    .unwrap_or_default(),
            );
            let hours = sent_or(
                "wanted_hours",
                profile
                    .wanted_hours
                    .map(|value| value.as_str().to_owned())
                    .unwrap_or_default(),
            );
            let place_now = if profile.wanted_units.is_empty() {
                "anywhere"
            } else if profile.wanted_units.contains(&profile.residence) {
                "commune"
            } else {
                "province"
            };
            let place = sent_or("place", place_now.to_owned());
            let period = sent_or(
                "wanted_wage_period",
                profile.wanted_wage_period.as_str().to_owned(),
            );
            let commute = sent_or(
                "max_commute_km",
                profile
                    .max_commute_km
                    .map(|km| km.to_string())
                    .unwrap_or_default(),
            );
            let abroad: Vec<String> = match sent {
                Some(fields) => fields_all(fields, "abroad_countries")
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
                None => match &profile.abroad {
                    None => Vec::new(),
                    Some(wish) if wish.countries.is_empty() => vec![ANY_COUNTRY.to_owned()],
                    Some(wish) => wish
                        .countries
                        .iter()
                        .map(|country| country.as_str().to_owned())
                        .collect(),
                },
            };
            let mut abroad_choices: Vec<(String, String)> = ABROAD_OFFERED
                .iter()
                .map(|country| (country.as_str().to_owned(), country.name_vi().to_owned()))
                .collect();
            // A country recorded by an officer stays offered, so that saving
            // the page keeps it.
            if let Some(wish) = &profile.abroad {
                for country in &wish.countries {
                    if !ABROAD_OFFERED.contains(country) {
                        abroad_choices
                            .push((country.as_str().to_owned(), country.name_vi().to_owned()));
                    }
                }
            }
            abroad_choices.push((
                ANY_COUNTRY.to_owned(),
                lang.pick("Nước nào cũng được", "Any country").to_owned(),
            ));
            let broad: Vec<String> = match sent {
                Some(fields) => fields_all(fields, "broad_wishes")
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
                None => profile
                    .broad_wishes
                    .iter()
                    .map(|wish| wish.as_str().to_owned())
                    .collect(),
            };
            model = model
                .field(
                    FormField::text(
                        "wanted_wage",
                        lang.pick(
                            "Mức lương thấp nhất bạn nhận (triệu đồng một tháng)",
                            "Lowest monthly pay you would take (million VND)",
                        ),
                        &wage,
                    )
                    .hint(lang.pick(
                        "Ví dụ: 8 hoặc 8,5. Để trống nếu thỏa thuận. Nếu tính theo giờ hoặc theo ngày, ghi số nghìn đồng (25 là 25.000 đồng) và chọn kỳ trả lương bên dưới.",
                        "e.g. 8 or 8.5. Leave empty if negotiable. By the hour or the day, write thousands of VND (25 is VND 25,000) and choose the period below.",
                    )),
                )
                .field(
                    FormField::new(
                        "wanted_wage_period",
                        lang.pick("Kỳ trả lương", "Paid by the"),
                        "radios",
                    )
                    .choices(
                        &[
                            (
                                WagePeriod::Month.as_str().to_owned(),
                                lang.pick("Theo tháng", "Month").to_owned(),
                            ),
                            (
                                WagePeriod::Day.as_str().to_owned(),
                                lang.pick("Theo ngày", "Day").to_owned(),
                            ),
                            (
                                WagePeriod::Hour.as_str().to_owned(),
                                lang.pick("Theo giờ", "Hour").to_owned(),
                            ),
                        ],
                        &[period],
                    ),
                )
                .field(
                    FormField::new(
                        "broad_wishes",
                        lang.pick(
                            "Bạn cũng nhận những việc chung này",
                            "You would also take any of this work",
                        ),
                        "checkboxes",
                    )
                    .choices(
                        &options(BroadWish::ALL, BroadWish::as_str, |wish| {
                            wish.name_vi().to_owned()
                        }),
                        &broad,
                    ),
                )
                .field(
                    FormField::new(
                        "wanted_hours",
                        lang.pick("Thời gian làm việc", "Working hours"),
                        "radios",
                    )
                    .choices(
                        &options(WorkHours::ALL, WorkHours::as_str, |value| {
                            labels::hours(value, lang).to_owned()
                        }),
                        &[hours],
                    ),
                )
                .field(
                    FormField::new(
                        "place",
                        lang.pick("Bạn muốn làm việc ở đâu?", "Where do you want to work?"),
                        "radios",
                    )
                    .choices(
                        &[
                            (
                                "commune".to_owned(),
                                lang.pick(
                                    "Gần nhà, trong xã, phường nơi tôi ở",
                                    "Near home, in my commune or ward",
                                )
                                .to_owned(),
                            ),
                            (
                                "province".to_owned(),
                                lang.pick(
                                    "Trong tỉnh, thành phố nơi tôi ở",
                                    "In my province or city",
                                )
                                .to_owned(),
                            ),
                            (
                                "anywhere".to_owned(),
                                lang.pick("Ở đâu cũng được", "Anywhere").to_owned(),
                            ),
                        ],
                        &[place],
                    ),
                )
                .field(
                    FormField::text(
                        "max_commute_km",
                        lang.pick(
                            "Đi làm xa nhất bao nhiêu km từ nhà",
                            "The farthest you would travel to work, km from home",
                        ),
                        &commute,
                    )
                    .hint(lang.pick(
                        "Ví dụ: 15. Để trống nếu không giới hạn.",
                        "e.g. 15. Leave empty for no limit.",
                    )),
                )
                .field(
                    FormField::new(
                        "abroad_countries",
                        lang.pick(
                            "Muốn đi làm việc ở nước ngoài theo hợp đồng? Chọn nước bạn muốn đến",
                            "Want to work abroad under contract? Choose where",
                        ),
                        "checkboxes",
                    )
                    .choices(&abroad_choices, &abroad),
                );
        }
        Step::Occupation | Step::Experience => {}
    }
    model
}

/// The destinations the wishes page offers: the usual ones of contract
/// work abroad from Hanoi's communes, then "any country".
const ABROAD_OFFERED: [Country; 4] = [
    Country::Japan,
    Country::Korea,
    Country::Taiwan,
    Country::Germany,
];

/// The value of "any country will do" among the destinations.
const ANY_COUNTRY: &str = "any";

/// "8.500.000" → "8,5" (millions, as the form asks).
fn millions_text(vnd: i64) -> String {
    let tenths = (vnd + 50_000) / 100_000;
    if tenths % 10 == 0 {
        (tenths / 10).to_string()
    } else {
        format!("{},{}", tenths / 10, tenths % 10)
    }
}

/// A monthly wage typed in millions ("8", "8,5", "8.5") or in full
/// ("8.500.000", "8500000").
pub fn parse_wage(text: &str) -> Option<i64> {
    let text = text.trim().replace(' ', "");
    let digits_only = text.replace(['.', ','], "");
    if digits_only.len() >= 6 && digits_only.bytes().all(|b| b.is_ascii_digit()) {
        return digits_only.parse().ok();
    }
    let millions: f64 = text.replace(',', ".").parse().ok()?;
    if !(0.0..=1_000.0).contains(&millions) {
        return None;
    }
    Some((millions * 1_000_000.0).round() as i64)
}

/// Saves a step and goes to the next; a problem shows the step again.
pub async fn step_save(
    State(state): State<AppState>,
    PagePath(slug): PagePath<String>,
    Posted(page, fields): Posted<Fields>,
) -> Response {
    let Some(step) = Step::parse(&slug) else {
        return WebError::not_found().render(&page);
    };
    let record = match own_record(&page, &state).await {
        Ok(record) => record,
        Err(response) => return response,
    };
    let result = match step {
        Step::Occupation | Step::Experience => {
            save_occupation(&page, &state, step, &record, &fields).await
        }
        _ => save_plain(&page, &state, step, &record, &fields).await,
    };
    page.respond(result)
}

async fn save_occupation(
    page: &Page,
    state: &AppState,
    step: Step,
    record: &WorkerRecord,
    fields: &Fields,
) -> Result<Response, WebError> {
    let lang = page.lang;
    let text = field(fields, "text");
    let chosen = field(fields, "code");
    let years = field(fields, "years");
    let finding = field(fields, "action") == Some("find");
    let mut view = occupation_page(page, step, record, text, chosen, years);
    if finding {
        if text.is_none() {
            view.error = Some((
                "text".to_owned(),
                lang.pick(
                    "Hãy gõ tên nghề hoặc công việc",
                    "Type the name of a trade or job",
                )
                .to_owned(),
            ));
            return Ok(html(StatusCode::BAD_REQUEST, view.render()?));
        }
        return render(&view);
    }
    let mut profile = record.profile.clone();
    match step {
        Step::Occupation => {
            // The kept wishes in their order, then the one chosen now (the
            // worker confirmed the classifier's reading of their words).
            let kept: Vec<&str> = fields_all(fields, "keep");
            let mut wanted: Vec<WantedOccupation> = profile
                .wanted()
                .into_iter()
                .filter(|wanted| kept.contains(&wanted.code.as_str()))
                .collect();
            let chosen_code = chosen.and_then(|code| OccupationCode::parse(code).ok());
            if let Some(code) = chosen_code.clone() {
                if !wanted.iter().any(|known| known.code == code) {
                    let confidence = text.and_then(|text| {
                        Classifier::embedded()
                            .classify(&text.chars().take(200).collect::<String>(), 5)
                            .into_iter()
                            .find(|prediction| prediction.code == code.as_str())
                            .map(|prediction| prediction.confidence)
                    });
                    wanted.push(WantedOccupation {
                        code,
                        words: text.map(|text| text.chars().take(200).collect()),
                        confidence,
                        confirmed: true,
                    });
                }
            }
            if wanted.len() > MAX_WANTED_OCCUPATIONS {
                view.error = Some((
                    "text".to_owned(),
                    match lang {
                        Lang::Vi => format!(
                            "Ghi tối đa {MAX_WANTED_OCCUPATIONS} nghề mong muốn: bỏ chọn một nghề trước khi thêm"
                        ),
                        Lang::En => format!(
                            "At most {MAX_WANTED_OCCUPATIONS} wanted occupations: untick one before adding"
                        ),
                    },
                ));
                return Ok(html(StatusCode::BAD_REQUEST, view.render()?));
            }
            if chosen_code.is_none() && (wanted.is_empty() || text.is_some()) {
                view.error = Some((
                    "code".to_owned(),
                    lang.pick(
                        "Hãy chọn một nghề trong danh sách, hoặc gõ lại rồi bấm “Tìm nghề”",
                        "Choose a trade from the list, or type again and press “Find”",
                    )
                    .to_owned(),
                ));
                return Ok(html(StatusCode::BAD_REQUEST, view.render()?));
            }
            profile.wanted_occupation = wanted.first().map(|wanted| wanted.code.clone());
            profile.wanted_occupations = wanted;
        }
        _ => {
            let kept: Vec<&str> = fields_all(fields, "keep");
            profile
                .occupations
                .retain(|experience| kept.contains(&experience.code.as_str()));
            if let Some(code) = chosen.and_then(|code| OccupationCode::parse(code).ok()) {
                let Some(years) = years
                    .and_then(|years| years.parse::<u8>().ok())
                    .filter(|years| *years <= 60)
                else {
                    view.error = Some((
                        "years".to_owned(),
                        lang.pick(
                            "Số năm kinh nghiệm là số nguyên từ 0 đến 60",
                            "Years of experience is a whole number from 0 to 60",
                        )
                        .to_owned(),
                    ));
                    return Ok(html(StatusCode::BAD_REQUEST, view.render()?));
                };
                profile
                    .occupations
                    .retain(|experience| experience.code != code);
                profile
                    .occupations
                    .push(OccupationExperience { code, years });
            }
        }
    }
    // "Save and add another" stays on the page, for the next wish.
    let next = if field(fields, "action") == Some("add") {
        step.href()
    } else {
        step.next_href()
    };
    match update_worker_profile(state, &page.caller, record.id, profile).await {
        Ok(_) => Ok(see_other(&next)),
        Err(error) if error.status.is_client_error() => {
            view.error = Some((
                "code".to_owned(),
                lang.pick(&error.message_vi, &error.message_en).to_owned(),
            ));
            Ok(html(StatusCode::BAD_REQUEST, view.render()?))
        }
        Err(error) => Err(error.into()),
    }
}

async fn save_plain(
    page: &Page,
    state: &AppState,
    step: Step,
    record: &WorkerRecord,
    fields: &Fields,
) -> Result<Response, WebError> {
    let lang = page.lang;
    let mut model = step_model(page, step, record, Some(fields));
    let mut profile = record.profile.clone();
    match step {
        Step::Qualification => {
            match field(fields, "qualification").map(Qualification::parse) {
                Some(Ok(value)) => profile.qualification = value,
                _ => model.problem(
                    "qualification",
                    lang.pick("Hãy chọn trình độ", "Choose a qualification"),
                ),
            }
            profile.qualification_field =
                field(fields, "qualification_field").map(|text| text.chars().take(200).collect());
            profile.general_education = match field(fields, "general_education") {
                None => None,
                Some(text) => match GeneralEducation::parse(text) {
                    Ok(value) => Some(value),
                    Err(_) => {
                        model.problem(
                            "general_education",
                            lang.pick(
                                "Trình độ học vấn không hợp lệ",
                                "Not a valid level of education",
                            ),
                        );
                        None
                    }
                },
            };
            profile.it_skill = field(fields, "it_skill").and_then(|text| ItSkill::parse(text).ok());
            let mut languages = Vec::new();
            for code in fields_all(fields, "languages") {
                match Language::parse(code) {
                    Ok(language) if !languages.contains(&language) => languages.push(language),
                    Ok(_) => {}
                    Err(_) => model.problem(
                        "languages",
                        lang.pick("Ngoại ngữ không hợp lệ", "Not a valid language"),
                    ),
                }
            }
            profile.languages = languages;
        }
        Step::Skills => {
            let mut skills: Vec<String> = field(fields, "skills")
                .map(vieclam_domain::registry::parse_list)
                .unwrap_or_default();
            if let Some(extra) = field(fields, "skill_add") {
                for skill in vieclam_domain::registry::parse_list(extra) {
                    if !skills.iter().any(|known| {
                        vieclam_text::exact_key(known) == vieclam_text::exact_key(&skill)
                    }) {
                        skills.push(skill);
                    }
                }
            }
            profile.skills = skills;
            profile.certificates = field(fields, "certificates")
                .map(vieclam_domain::registry::parse_list)
                .unwrap_or_default();
        }
        Step::Wishes => {
            let period = field(fields, "wanted_wage_period")
                .and_then(|text| WagePeriod::parse(text).ok())
                .unwrap_or_default();
            let min = match field(fields, "wanted_wage") {
                None => None,
                Some(text) => match if period == WagePeriod::Month {
                    parse_wage(text)
                } else {
                    period.parse_amount(text).ok()
                } {
                    Some(vnd) => Some(vnd),
                    None => {
                        model.problem(
                            "wanted_wage",
                            lang.pick(
                                "Hãy ghi số triệu đồng, ví dụ 8 hoặc 8,5",
                                "Write a number of millions, e.g. 8 or 8.5",
                            ),
                        );
                        None
                    }
                },
            };
            // A maximum of another period means nothing in this one.
            let max = profile
                .wanted_wage
                .max_vnd
                .filter(|_| profile.wanted_wage_period == period)
                .filter(|max| min.is_none_or(|min| *max >= min));
            profile.wanted_wage_period = period;
            let mut broad_wishes = std::collections::BTreeSet::new();
            for code in fields_all(fields, "broad_wishes") {
                match BroadWish::parse(code) {
                    Ok(wish) => {
                        broad_wishes.insert(wish);
                    }
                    Err(_) => model.problem(
                        "broad_wishes",
                        lang.pick("Mong muốn không hợp lệ", "Not a valid wish"),
                    ),
                }
            }
            profile.broad_wishes = broad_wishes;
            profile.max_commute_km = match field(fields, "max_commute_km") {
                None => None,
                Some(text) => match text.trim().trim_end_matches("km").trim().parse::<u16>() {
                    Ok(km) if (1..=MAX_COMMUTE_KM).contains(&km) => Some(km),
                    _ => {
                        model.problem(
                            "max_commute_km",
                            &format!(
                                "{} {MAX_COMMUTE_KM}",
                                lang.pick(
                                    "Hãy ghi một số km từ 1 đến",
                                    "Write a number of km from 1 to"
                                ),
                            ),
                        );
                        profile.max_commute_km
                    }
                },
            };
            let mut countries = Vec::new();
            let mut any_country = false;
            for code in fields_all(fields, "abroad_countries") {
                if code == ANY_COUNTRY {
                    any_country = true;
                    continue;
                }
                match Country::parse(code) {
                    Ok(country) if !countries.contains(&country) => countries.push(country),
                    Ok(_) => {}
                    Err(_) => model.problem(
                        "abroad_countries",
                        lang.pick("Nước không hợp lệ", "Not a valid country"),
                    ),
                }
            }
            let note = profile.abroad.as_ref().and_then(|wish| wish.note.clone());
            profile.abroad = if any_country {
                // "Any country" is a wish with no country named.
                Some(AbroadWish {
                    countries: Vec::new(),
                    note,
                })
            } else if countries.is_empty() {
                None
            } else {
                Some(AbroadWish { countries, note })
            };
            match WageRange::new(min, max) {
                Ok(range) => profile.wanted_wage = range,
                Err(invalid) => model.problem(
                    "wanted_wage",
                    lang.pick(&invalid.reason_vi, &invalid.reason_en),
                ),
            }
            profile.wanted_hours =
                field(fields, "wanted_hours").and_then(|text| WorkHours::parse(text).ok());
            profile.wanted_units = match field(fields, "place") {
                Some("commune") => vec![profile.residence.clone()],
                Some("province") => state
                    .units
                    .get(&profile.residence)
                    .ok()
                    .and_then(|unit| {
                        state
                            .units
                            .ancestors(unit)
                            .last()
                            .map(|province| province.key())
                    })
                    .into_iter()
                    .collect(),
                _ => Vec::new(),
            };
        }
        Step::Occupation | Step::Experience => {}
    }
    if !model.errors.is_empty() {
        return form::show(page, &model);
    }
    match update_worker_profile(state, &page.caller, record.id, profile).await {
        Ok(_) => Ok(see_other(&step.next_href())),
        Err(error) if error.status.is_client_error() => {
            model.problems_of(&error, lang, &|field| field.to_owned());
            form::show(page, &model)
        }
        Err(error) => Err(error.into()),
    }
}

/// A row of the check-your-answers page.
pub struct Answer {
    pub question: String,
    pub answer: String,
    pub change: String,
}

#[derive(Template)]
#[template(path = "worker/check.html")]
struct CheckPage<'a> {
    page: &'a Page,
    answers: Vec<Answer>,
}

/// Check your answers: the whole CV, each line with a link to change it.
pub async fn check(page: Page, State(state): State<AppState>) -> Response {
    let record = match own_record(&page, &state).await {
        Ok(record) => record,
        Err(response) => return response,
    };
    let lang = page.lang;
    let profile = &record.profile;
    let none = || lang.pick("Chưa có", "Not given").to_owned();
    let answers = vec![
        Answer {
            question: lang.pick("Họ và tên", "Full name").to_owned(),
            answer: profile.full_name.as_str().to_owned(),
            change: String::new(),
        },
        Answer {
            question: lang.pick("Nơi cư trú", "Where you live").to_owned(),
            answer: labels::place(&state.units, &profile.residence),
            change: String::new(),
        },
        Answer {
            question: lang.pick("Nghề muốn làm", "Work wanted").to_owned(),
            answer: profile
                .wanted_occupation
                .as_ref()
                .map_or_else(none, |code| labels::occupation(code.as_str(), lang)),
            change: Step::Occupation.href(),
        },
        Answer {
            question: lang.pick("Kinh nghiệm", "Experience").to_owned(),
            answer: if profile.occupations.is_empty() {
                none()
            } else {
                profile
                    .occupations
                    .iter()
                    .map(|experience| match lang {
                        Lang::Vi => format!(
                            "{} ({} năm)",
                            labels::occupation(experience.code.as_str(), lang),
                            experience.years
                        ),
                        Lang::En => format!(
                            "{} ({} years)",
                            labels::occupation(experience.code.as_str(), lang),
                            experience.years
                        ),
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            },
            change: Step::Experience.href(),
        },
        Answer {
            question: lang.pick("Trình độ", "Qualification").to_owned(),
            answer: {
                let mut text = labels::qualification(profile.qualification, lang).to_owned();
                if let Some(field) = &profile.qualification_field {
                    text = format!("{text} — {field}");
                }
                text
            },
            change: Step::Qualification.href(),
        },
        Answer {
            question: lang.pick("Ngoại ngữ", "Languages").to_owned(),
            answer: if profile.languages.is_empty() {
                none()
            } else {
                profile
                    .languages
                    .iter()
                    .map(|language| labels::language(*language, lang))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            change: Step::Qualification.href(),
        },
        Answer {
            question: lang.pick("Kỹ năng", "Skills").to_owned(),
            answer: if profile.skills.is_empty() {
                none()
            } else {
                profile.skills.join(", ")
            },
            change: Step::Skills.href(),
        },
        Answer {
            question: lang.pick("Chứng chỉ", "Certificates").to_owned(),
            answer: if profile.certificates.is_empty() {
                none()
            } else {
                profile.certificates.join(", ")
            },
            change: Step::Skills.href(),
        },
        Answer {
            question: lang.pick("Mức lương mong muốn", "Pay wanted").to_owned(),
            answer: format::wage(&profile.wanted_wage, lang),
            change: Step::Wishes.href(),
        },
        Answer {
            question: lang.pick("Thời gian làm việc", "Hours").to_owned(),
            answer: profile
                .wanted_hours
                .map_or_else(none, |hours| labels::hours(hours, lang).to_owned()),
            change: Step::Wishes.href(),
        },
        Answer {
            question: lang
                .pick("Nơi muốn làm việc", "Where you want to work")
                .to_owned(),
            answer: if profile.wanted_units.is_empty() {
                lang.pick("Ở đâu cũng được", "Anywhere").to_owned()
            } else {
                profile
                    .wanted_units
                    .iter()
                    .map(|unit| labels::unit_name(&state.units, &unit.to_string()))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            change: Step::Wishes.href(),
        },
        Answer {
            question: lang
                .pick("Đi làm xa nhất", "The farthest trip to work")
                .to_owned(),
            answer: profile
                .max_commute_km
                .map_or_else(none, |km| format!("{km} km")),
            change: Step::Wishes.href(),
        },
        Answer {
            question: lang
                .pick("Đi làm việc ở nước ngoài", "Work abroad")
                .to_owned(),
            answer: match &profile.abroad {
                None => none(),
                Some(wish) if wish.countries.is_empty() => {
                    lang.pick("Nước nào cũng được", "Any country").to_owned()
                }
                Some(wish) => wish
                    .countries
                    .iter()
                    .map(|country| country.name_vi())
                    .collect::<Vec<_>>()
                    .join(", "),
            },
            change: Step::Wishes.href(),
        },
    ];
    page.respond(render(&CheckPage {
        page: &page,
        answers,
    }))
}

/// A registration of the worker for a session.
pub struct RegistrationLine {
    pub id: i64,
    pub session: String,
    pub when: String,
    pub state: String,
    pub position: Option<u32>,
    pub cancellable: bool,
}

/// A session the worker may register for.
pub struct SessionChoice {
    pub card: super::public::SessionCard,
    pub registered: bool,
}

#[derive(Template)]
#[template(path = "worker/sessions.html")]
struct SessionsPage<'a> {
    page: &'a Page,
    registrations: Vec<RegistrationLine>,
    sessions: Vec<SessionChoice>,
    interviews: Vec<InterviewLine>,
}

/// The job fairs: the worker's registrations (with their place in line),
/// the sessions to come with a button to register, and interview slots.
pub async fn sessions(page: Page, State(state): State<AppState>) -> Response {
    let record = match own_record(&page, &state).await {
        Ok(record) => record,
        Err(response) => return response,
    };
    let result = async {
        let lang = page.lang;
        let registrations = state
            .store
            .registrations_of(
                vieclam_exchange::Party::Worker,
                record.id,
                vieclam_store::Page {
                    limit: 100,
                    offset: 0,
                },
            )
            .await?;
        let mut lines = Vec::new();
        for registration in &registrations {
            let Some(session) = state.store.get_session(registration.session_id).await? else {
                continue;
            };
            let live = matches!(
                registration.state,
                vieclam_exchange::RegistrationState::Accepted
                    | vieclam_exchange::RegistrationState::Waiting
            );
            lines.push(RegistrationLine {
                id: registration.id,
                session: session.session.title.clone(),
                when: format!(
                    "{} {}",
                    format::date(session.session.date, lang),
                    session.session.starts.format("%H:%M")
                ),
                state: lang
                    .pick(registration.state.name_vi(), registration.state.name_en())
                    .to_owned(),
                position: registration.position,
                cancellable: live
                    && matches!(
                        session.status,
                        vieclam_exchange::SessionStatus::Open
                            | vieclam_exchange::SessionStatus::Running
                    ),
            });
        }
        let (_, upcoming) = super::public::upcoming_sessions(&state, 30, lang).await?;
        let sessions = upcoming
            .into_iter()
            .map(|card| SessionChoice {
                registered: registrations.iter().any(|registration| {
                    registration.session_id == card.id
                        && !matches!(
                            registration.state,
                            vieclam_exchange::RegistrationState::Cancelled
                        )
                }),
                card,
            })
            .collect();
        render(&SessionsPage {
            page: &page,
            registrations: lines,
            sessions,
            interviews: interviews_of(&state, record.id, lang).await?,
        })
    }
    .await;
    page.respond(result)
}

/// Registers the worker for a session (a seat, or the waiting list).
pub async fn register_session(
    State(state): State<AppState>,
    PagePath(session_id): PagePath<i64>,
    Posted(page, _): Posted<Nothing>,
) -> Response {
    if let Err(response) = own_record(&page, &state).await {
        return response;
    }
    let ask = crate::exchange::NewRegistration {
        party: vieclam_exchange::Party::Worker,
        party_id: None,
        channel: None,
        vacancies: &[],
        new_vacancies: &[],
    };
    match crate::exchange::register(&state, &page.caller, session_id, &ask).await {
        Ok(_) => see_other("/nguoi-lao-dong/phien"),
        Err(error) if error.status == StatusCode::NOT_FOUND => WebError::not_found().render(&page),
        Err(error) => WebError::from(error).render(&page),
    }
}

/// Cancels one of the worker's registrations.
pub async fn cancel_session(
    State(state): State<AppState>,
    PagePath(registration_id): PagePath<i64>,
    Posted(page, _): Posted<Nothing>,
) -> Response {
    if let Err(response) = own_record(&page, &state).await {
        return response;
    }
    match crate::exchange::cancel_registration(&state, &page.caller, registration_id).await {
        Ok(_) => see_other("/nguoi-lao-dong/phien"),
        Err(error) if error.status == StatusCode::NOT_FOUND => WebError::not_found().render(&page),
        Err(error) => WebError::from(error).render(&page),
    }
}

/// An invitation to apply, as the worker sees it.
pub struct InvitationLine {
    pub id: i64,
    pub vacancy_id: i64,
    pub title: String,
    pub employer: String,
    pub state: String,
    pub open: bool,
}

async fn invitations_of(
    page: &Page,
    state: &AppState,
    worker_id: i64,
) -> Result<Vec<InvitationLine>, WebError> {
    Ok(
        crate::invitations::invitations_of_worker(state, &page.caller, worker_id)
            .await?
            .into_iter()
            .map(|invitation| InvitationLine {
                id: invitation.id,
                vacancy_id: invitation.vacancy_id,
                title: invitation.vacancy_title,
                employer: invitation.employer_name,
                open: invitation.state.code == "sent",
                state: page
                    .t(invitation.state.name_vi, invitation.state.name_en)
                    .to_owned(),
            })
            .collect(),
    )
}

#[derive(Deserialize)]
pub struct AnswerForm {
    answer: String,
}

/// Accepts (applies, sharing the profile with that employer) or declines
/// an invitation to apply.
pub async fn answer_invitation(
    State(state): State<AppState>,
    PagePath(invitation_id): PagePath<i64>,
    Posted(page, form): Posted<AnswerForm>,
) -> Response {
    if let Err(response) = own_record(&page, &state).await {
        return response;
    }
    let accept = match form.answer.as_str() {
        "accept" => true,
        "decline" => false,
        _ => {
            return WebError::new(
                StatusCode::BAD_REQUEST,
                "Câu trả lời không hợp lệ",
                "Not a valid answer",
            )
            .render(&page)
        }
    };
    match crate::invitations::answer(&state, &page.caller, invitation_id, accept).await {
        Ok(_) if accept => see_other("/nguoi-lao-dong/ung-tuyen?da-gui=1"),
        Ok(_) => see_other("/nguoi-lao-dong"),
        Err(error) if error.status == StatusCode::NOT_FOUND => WebError::not_found().render(&page),
        Err(error) => WebError::from(error).render(&page),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wages_are_read_in_millions_or_in_full() {
        assert_eq!(parse_wage("8"), Some(8_000_000));
        assert_eq!(parse_wage("8,5"), Some(8_500_000));
        assert_eq!(parse_wage("8.5"), Some(8_500_000));
        assert_eq!(parse_wage("8.500.000"), Some(8_500_000));
        assert_eq!(parse_wage("8500000"), Some(8_500_000));
        assert_eq!(parse_wage("abc"), None);
        assert_eq!(parse_wage("-3"), None);
        assert_eq!(millions_text(8_500_000), "8,5");
        assert_eq!(millions_text(8_000_000), "8");
    }
}
