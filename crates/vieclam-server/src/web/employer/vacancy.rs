//! Posting, editing, copying and closing a vacancy. The form is read into
//! a `VacancyPosting` field by field (each problem next to its field); the
//! write is the API's own (`employers::post_vacancy`, `replace_vacancy`,
//! `close_vacancy`: `check_vacancy_write`, the store, the search index and
//! matching, the audit).
//!
//! The occupation is suggested from the title on the spot
//! (`vieclam_classify`): with htmx the choices follow the title as it is
//! typed (a small GET fragment); without JavaScript the "Gợi ý nghề"
//! button sends the form back with the choices, writing nothing. Left to
//! the system, the occupation is inferred from the title as imports infer
//! it, and marked inferred.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use vieclam_classify::Classifier;
use vieclam_domain::registry::{
    parse_date, parse_headcount, parse_list, parse_title, ContractType, InvalidValue,
    OccupationCode, Qualification, VacancyPosting, VacancyStatus, WageRange, WorkHours,
};
use vieclam_domain::{AuditAction, UnitKey};

use super::{as_employer, choices, commune_choices, current_commune, Problems};
use crate::web::labels;
use crate::web::page::{render, see_other, PagePath, PageQuery};
use crate::web::public::Choice;
use crate::web::{html, Lang, Page, Posted, WebError};
use crate::{vietnam_today, AppState};

/// How many occupations the title suggests.
const SUGGESTIONS: usize = 3;

/// The vacancy form as a browser sends it: every field text.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct VacancyForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    occupation: String,
    #[serde(default)]
    wage_min: String,
    #[serde(default)]
    wage_max: String,
    #[serde(default)]
    headcount: String,
    #[serde(default)]
    qualification: String,
    #[serde(default)]
    experience_years: String,
    #[serde(default)]
    skills: String,
    #[serde(default)]
    hours: String,
    #[serde(default)]
    contract_type: String,
    #[serde(default)]
    deadline: String,
    #[serde(default)]
    disability_friendly: String,
    #[serde(default)]
    work_unit: String,
    #[serde(default)]
    description: String,
    /// `goi-y`: only suggest occupations; anything else saves.
    #[serde(default)]
    action: String,
}

/// A wage as the form shows it: whole VND, grouped as Vietnamese write it
/// (the field also reads millions).
fn wage_text(vnd: Option<i64>) -> String {
    vnd.map(|vnd| crate::web::format::signed(vnd, Lang::Vi))
        .unwrap_or_default()
}

impl VacancyForm {
    /// A form filled from a posting (to edit it, or to copy it).
    fn of(posting: &VacancyPosting) -> VacancyForm {
        VacancyForm {
            title: posting.title.clone(),
            occupation: posting
                .occupation
                .as_ref()
                .filter(|_| !posting.occupation_inferred)
                .map(|code| code.as_str().to_owned())
                .unwrap_or_default(),
            wage_min: wage_text(posting.wage.min_vnd),
            wage_max: wage_text(posting.wage.max_vnd),
            headcount: posting.headcount.to_string(),
            qualification: posting
                .qualification
                .map(|value| value.as_str().to_owned())
                .unwrap_or_default(),
            experience_years: posting.experience_years.to_string(),
            skills: posting.skills.join(", "),
            hours: posting
                .hours
                .map(|value| value.as_str().to_owned())
                .unwrap_or_default(),
            contract_type: posting
                .contract_type
                .map(|value| value.as_str().to_owned())
                .unwrap_or_default(),
            deadline: posting
                .deadline
                .map(|day| day.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            disability_friendly: if posting.disability_friendly {
                "true".to_owned()
            } else {
                String::new()
            },
            work_unit: posting.work_unit.to_string(),
            description: posting.description.clone().unwrap_or_default(),
            action: String::new(),
        }
    }

    /// The posting this form describes for `employer_id` (the fields the
    /// form has no place for taken from `base`), or every problem.
    fn posting(
        &self,
        employer_id: i64,
        base: Option<&VacancyPosting>,
        lang: Lang,
        new: bool,
    ) -> Result<VacancyPosting, Problems> {
        let mut problems = Problems::default();
        let mut note = |field: &str, invalid: InvalidValue| {
            problems.add(field, lang.pick(&invalid.reason_vi, &invalid.reason_en));
        };
        let given = |text: &str| {
            let text = text.trim();
            (!text.is_empty()).then(|| text.to_owned())
        };
        let title = parse_title(&self.title).map_err(|invalid| note("title", invalid));
        let occupation = given(&self.occupation)
            .map(|code| OccupationCode::parse(&code))
            .transpose()
            .map_err(|invalid| note("occupation", invalid));
        let wage_min = given(&self.wage_min)
            .map(|text| WageRange::parse_amount(&text))
            .transpose()
            .map_err(|invalid| note("wage_min", invalid));
        let wage_max = given(&self.wage_max)
            .map(|text| WageRange::parse_amount(&text))
            .transpose()
            .map_err(|invalid| note("wage_max", invalid));
        let wage = match (wage_min, wage_max) {
            (Ok(min), Ok(max)) => {
                WageRange::new(min, max).map_err(|invalid| note("wage_max", invalid))
            }
            _ => Err(()),
        };
        let headcount =
            parse_headcount(&self.headcount).map_err(|invalid| note("headcount", invalid));
        let qualification = given(&self.qualification)
            .map(|code| Qualification::parse(&code))
            .transpose()
            .map_err(|invalid| note("qualification", invalid));
        let experience_years = match given(&self.experience_years) {
            None => Ok(0),
            Some(text) => text
                .parse::<u8>()
                .ok()
                .filter(|years| *years <= 50)
                .ok_or(())
                .map_err(|()| {
                    note(
                        "experience_years",
                        InvalidValue::new(
                            "Số năm kinh nghiệm là số nguyên từ 0 đến 50",
                            "The years of experience are a whole number from 0 to 50",
                        ),
                    )
                }),
        };
        let hours = given(&self.hours)
            .map(|code| WorkHours::parse(&code))
            .transpose()
            .map_err(|invalid| note("hours", invalid));
        let contract_type = given(&self.contract_type)
            .map(|code| ContractType::parse(&code))
            .transpose()
            .map_err(|invalid| note("contract_type", invalid));
        let deadline = match given(&self.deadline)
            .map(|text| parse_date(&text))
            .transpose()
        {
            Ok(Some(day)) if new && day < vietnam_today() => {
                note(
                    "deadline",
                    InvalidValue::new(
                        "Hạn nộp hồ sơ đã qua: chọn một ngày từ hôm nay",
                        "The closing date has passed: choose a day from today",
                    ),
                );
                Err(())
            }
            Ok(day) => Ok(day),
            Err(invalid) => {
                note("deadline", invalid);
                Err(())
            }
        };
        let work_unit = match given(&self.work_unit) {
            Some(text) => UnitKey::parse(&text, vietnam_today()).map_err(|error| {
                note(
                    "work_unit",
                    InvalidValue::new(error.message_vi(), error.to_string()),
                )
            }),
            None => {
                note(
                    "work_unit",
                    InvalidValue::new("Chọn nơi làm việc", "Choose the place of work"),
                );
                Err(())
            }
        };
        let (
            Ok(title),
            Ok(occupation),
            Ok(wage),
            Ok(headcount),
            Ok(qualification),
            Ok(experience_years),
            Ok(hours),
            Ok(contract_type),
            Ok(deadline),
            Ok(work_unit),
        ) = (
            title,
            occupation,
            wage,
            headcount,
            qualification,
            experience_years,
            hours,
            contract_type,
            deadline,
            work_unit,
        )
        else {
            return Err(problems);
        };
        // Left to the system: the occupation the title names, when the
        // classifier is sure enough (as imports infer it).
        let (occupation, occupation_inferred) = match occupation {
            Some(code) => (Some(code), false),
            None => {
                let inferred = vieclam_sheets::employers::infer_occupation(&title);
                let found = inferred.is_some();
                (inferred, found)
            }
        };
        Ok(VacancyPosting {
            employer_id,
            title,
            occupation,
            occupation_inferred,
            headcount,
            qualification,
            experience_years,
            skills: parse_list(&self.skills),
            languages: base.map(|base| base.languages.clone()).unwrap_or_default(),
            wage,
            work_unit,
            hours,
            contract_type,
            deadline,
            status: base.map_or(VacancyStatus::Open, |base| base.status),
            disability_friendly: !self.disability_friendly.is_empty(),
            abroad_country: base.and_then(|base| base.abroad_country),
            description: given(&self.description),
        })
    }
}

/// The form's field of each field a refusal of the register's rules
/// names.
fn form_field(field: &str) -> String {
    match field {
        "wage" => "wage_min".to_owned(),
        "employer_id" | "status" | "languages" | "abroad_country" => "title".to_owned(),
        other => other.to_owned(),
    }
}

/// The occupations to choose from: those the title suggests (best
/// first), the one on file when it is not among them, and "let the system
/// classify it".
pub fn occupation_choices(title: &str, current: &str, lang: Lang) -> Vec<Choice> {
    let mut options: Vec<(String, String)> = Vec::new();
    let title: String = title.chars().take(200).collect();
    let suggested = if title.trim().chars().count() >= 2 {
        Classifier::embedded().classify(&title, SUGGESTIONS)
    } else {
        Vec::new()
    };
    if !current.is_empty() && !suggested.iter().any(|p| p.code == current) {
        options.push((
            current.to_owned(),
            format!(
                "{} ({} {current})",
                labels::occupation(current, lang),
                lang.pick("mã", "code")
            ),
        ));
    }
    for prediction in suggested {
        let label = format!(
            "{} ({} {})",
            labels::occupation(&prediction.code, lang),
            lang.pick("mã", "code"),
            prediction.code
        );
        options.push((prediction.code, label));
    }
    options.push((
        String::new(),
        lang.pick(
            "Để hệ thống tự xếp nghề theo chức danh",
            "Let the system classify it from the title",
        )
        .to_owned(),
    ));
    choices(options, current)
}

#[derive(Template)]
#[template(path = "employer/_occupations.html")]
struct OccupationsPart<'a> {
    page: &'a Page,
    occupations: Vec<Choice>,
    problems: Problems,
    title_given: bool,
}

#[derive(Deserialize)]
pub struct SuggestQuery {
    #[serde(default)]
    title: String,
    #[serde(default)]
    occupation: String,
}

/// The occupation choices for a title, as a fragment (htmx swaps it into
/// the form while the title is typed).
pub async fn occupations(
    page: Page,
    State(state): State<AppState>,
    PageQuery(query): PageQuery<SuggestQuery>,
) -> Response {
    as_employer!(page, state, |_id| async {
        let part = OccupationsPart {
            page: &page,
            occupations: occupation_choices(&query.title, &query.occupation, page.lang),
            problems: Problems::default(),
            title_given: !query.title.trim().is_empty(),
        };
        Ok::<Response, WebError>(html(StatusCode::OK, part.render()?))
    })
}

#[derive(Template)]
#[template(path = "employer/vacancy_form.html")]
struct VacancyFormPage<'a> {
    page: &'a Page,
    heading: String,
    action: String,
    submit: String,
    form: VacancyForm,
    problems: Problems,
    occupations: Vec<Choice>,
    qualifications: Vec<Choice>,
    hours: Vec<Choice>,
    contracts: Vec<Choice>,
    units: Vec<Choice>,
    title_given: bool,
    /// The vacancy being edited: its public page and status.
    editing: Option<(i64, String)>,
    /// The vacancy a copy was made from.
    copied_from: Option<i64>,
    today: String,
}

/// What a form page is for.
enum Purpose {
    New,
    Copy(i64),
    Edit(i64, VacancyStatus),
}

fn form_page<'a>(
    page: &'a Page,
    state: &AppState,
    employer_address: &UnitKey,
    purpose: &Purpose,
    form: VacancyForm,
    problems: Problems,
) -> VacancyFormPage<'a> {
    let lang = page.lang;
    let (heading, action, submit, editing) = match purpose {
        Purpose::New => (
            page.t("Đăng tin tuyển dụng", "Post a vacancy"),
            "/nha-tuyen-dung/tin/moi".to_owned(),
            page.t("Đăng tin", "Post the vacancy"),
            None,
        ),
        Purpose::Copy(_) => (
            page.t("Đăng tin mới từ bản sao", "Post a new vacancy from a copy"),
            "/nha-tuyen-dung/tin/moi".to_owned(),
            page.t("Đăng tin", "Post the vacancy"),
            None,
        ),
        Purpose::Edit(id, status) => (
            page.t("Sửa tin tuyển dụng", "Edit the vacancy"),
            format!("/nha-tuyen-dung/tin/{id}"),
            page.t("Lưu thay đổi", "Save the changes"),
            Some((*id, labels::vacancy_status(*status, lang).to_owned())),
        ),
    };
    let with_none = |none: &str, options: Vec<(String, String)>| {
        let mut all = vec![(String::new(), none.to_owned())];
        all.extend(options);
        all
    };
    let qualifications = choices(
        with_none(
            page.t("Không yêu cầu", "Not required"),
            Qualification::ALL
                .iter()
                .map(|value| {
                    (
                        value.as_str().to_owned(),
                        labels::qualification(*value, lang).to_owned(),
                    )
                })
                .collect(),
        ),
        &form.qualification,
    );
    let hours = choices(
        with_none(
            page.t("Chưa chọn", "Not chosen"),
            WorkHours::ALL
                .iter()
                .map(|value| {
                    (
                        value.as_str().to_owned(),
                        labels::hours(*value, lang).to_owned(),
                    )
                })
                .collect(),
        ),
        &form.hours,
    );
    let contracts = choices(
        with_none(
            page.t("Chưa chọn", "Not chosen"),
            ContractType::ALL
                .iter()
                .map(|value| {
                    (
                        value.as_str().to_owned(),
                        labels::contract(*value, lang).to_owned(),
                    )
                })
                .collect(),
        ),
        &form.contract_type,
    );
    let current_unit = UnitKey::parse(&form.work_unit, vietnam_today()).ok();
    let units = choices(
        commune_choices(state, employer_address, current_unit.as_ref()),
        &form.work_unit,
    );
    VacancyFormPage {
        page,
        heading: heading.to_owned(),
        action,
        submit: submit.to_owned(),
        occupations: occupation_choices(&form.title, &form.occupation, lang),
        title_given: !form.title.trim().is_empty(),
        form,
        problems,
        qualifications,
        hours,
        contracts,
        units,
        editing,
        copied_from: match purpose {
            Purpose::Copy(id) => Some(*id),
            _ => None,
        },
        today: vietnam_today().format("%Y-%m-%d").to_string(),
    }
}

/// The employer's address (for the communes to choose from), read as the
/// API reads the employer.
async fn employer_address(state: &AppState, page: &Page, id: i64) -> Result<UnitKey, WebError> {
    Ok(
        crate::records::load_employer(state, &page.caller, id, AuditAction::Read)
            .await?
            .profile
            .address_unit,
    )
}

/// An empty form for a new vacancy, at the employer's own commune.
pub async fn new_form(page: Page, State(state): State<AppState>) -> Response {
    as_employer!(page, state, |id| async {
        let address = employer_address(&state, &page, id).await?;
        let form = VacancyForm {
            headcount: "1".to_owned(),
            work_unit: current_commune(&state, &address)
                .map(|unit| unit.to_string())
                .unwrap_or_default(),
            ..VacancyForm::default()
        };
        render(&form_page(
            &page,
            &state,
            &address,
            &Purpose::New,
            form,
            Problems::default(),
        ))
    })
}

/// A new-vacancy form filled from one of the employer's vacancies (without
/// its closing date, which belongs to the old posting).
pub async fn copy_form(
    page: Page,
    State(state): State<AppState>,
    PagePath(vacancy_id): PagePath<i64>,
) -> Response {
    as_employer!(page, state, |id| async {
        let record =
            crate::employers::load_vacancy_for_write(&state, &page.caller, vacancy_id).await?;
        let address = employer_address(&state, &page, id).await?;
        let mut form = VacancyForm::of(&record.posting);
        form.deadline.clear();
        render(&form_page(
            &page,
            &state,
            &address,
            &Purpose::Copy(vacancy_id),
            form,
            Problems::default(),
        ))
    })
}

/// The form of one of the employer's vacancies.
pub async fn edit_form(
    page: Page,
    State(state): State<AppState>,
    PagePath(vacancy_id): PagePath<i64>,
) -> Response {
    as_employer!(page, state, |id| async {
        let record =
            crate::employers::load_vacancy_for_write(&state, &page.caller, vacancy_id).await?;
        let address = employer_address(&state, &page, id).await?;
        let status = record.posting.status_on(vietnam_today());
        render(&form_page(
            &page,
            &state,
            &address,
            &Purpose::Edit(vacancy_id, status),
            VacancyForm::of(&record.posting),
            Problems::default(),
        ))
    })
}

/// Posts a new vacancy (or only suggests occupations for its title).
pub async fn create(
    State(state): State<AppState>,
    Posted(page, form): Posted<VacancyForm>,
) -> Response {
    as_employer!(page, state, |id| submit(
        &page,
        &state,
        id,
        Purpose::New,
        None,
        form
    ))
}

/// Saves a vacancy's changes (or only suggests occupations for its title).
pub async fn update(
    State(state): State<AppState>,
    PagePath(vacancy_id): PagePath<i64>,
    Posted(page, form): Posted<VacancyForm>,
) -> Response {
    as_employer!(page, state, |id| async {
        let record =
            crate::employers::load_vacancy_for_write(&state, &page.caller, vacancy_id).await?;
        let status = record.posting.status_on(vietnam_today());
        submit(
            &page,
            &state,
            id,
            Purpose::Edit(vacancy_id, status),
            Some(record.posting),
            form,
        )
        .await
    })
}

async fn submit(
    page: &Page,
    state: &AppState,
    employer_id: i64,
    purpose: Purpose,
    base: Option<VacancyPosting>,
    form: VacancyForm,
) -> Result<Response, WebError> {
    let address = employer_address(state, page, employer_id).await?;
    if form.action == "goi-y" {
        // Only the suggestions: the same form back, nothing written.
        let mut problems = Problems::default();
        if form.title.trim().is_empty() {
            problems.add(
                "title",
                page.t(
                    "Nhập chức danh để được gợi ý nghề",
                    "Enter the job title to get occupations suggested",
                ),
            );
        }
        let status = if problems.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::BAD_REQUEST
        };
        let body = form_page(page, state, &address, &purpose, form, problems).render()?;
        return Ok(html(status, body));
    }
    let new = !matches!(purpose, Purpose::Edit(..));
    let posting = match form.posting(employer_id, base.as_ref(), page.lang, new) {
        Ok(posting) => posting,
        Err(problems) => {
            let body = form_page(page, state, &address, &purpose, form, problems).render()?;
            return Ok(html(StatusCode::BAD_REQUEST, body));
        }
    };
    let written = match purpose {
        Purpose::Edit(id, _) => {
            crate::employers::replace_vacancy(state, &page.caller, id, &posting).await
        }
        Purpose::New | Purpose::Copy(_) => {
            crate::employers::post_vacancy(state, &page.caller, &posting).await
        }
    };
    match written {
        Ok(record) => {
            let done = if new { "dang" } else { "luu" };
            Ok(see_other(&format!(
                "/nha-tuyen-dung?xong={done}#tin-{}",
                record.id
            )))
        }
        // The register's rules and conflicts are the form's problems; a
        // refusal of access is the page's.
        Err(error)
            if error.status.is_client_error()
                && error.status != StatusCode::FORBIDDEN
                && error.status != StatusCode::NOT_FOUND =>
        {
            let mut problems = Problems::default();
            problems.of_error(&error, page.lang, "title", &form_field);
            let status = if error.status == StatusCode::UNPROCESSABLE_ENTITY {
                StatusCode::BAD_REQUEST
            } else {
                error.status
            };
            let body = form_page(page, state, &address, &purpose, form, problems).render()?;
            Ok(html(status, body))
        }
        Err(error) => Err(WebError::from(error)),
    }
}

/// Closes a vacancy: it leaves the search, its applications stay.
pub async fn close(
    State(state): State<AppState>,
    PagePath(vacancy_id): PagePath<i64>,
    Posted(page, _): Posted<crate::web::account::Empty>,
) -> Response {
    as_employer!(page, state, |_id| async {
        crate::employers::close_vacancy(&state, &page.caller, vacancy_id).await?;
        Ok::<Response, WebError>(see_other(&format!(
            "/nha-tuyen-dung?xong=dong#tin-{vacancy_id}"
        )))
    })
}
