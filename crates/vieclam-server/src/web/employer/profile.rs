//! The employer's profile: read and changed through the same checks and
//! the same write as `PUT /api/v1/employers/{id}`
//! (`employers::update_employer`: `EmployerProfile::check`, the access
//! rule, the audit, the search index). The tax code identifies the
//! employer in the register and is not changed here.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use vieclam_domain::registry::{
    industries, parse_org_name, Email, EmployerKind, EmployerProfile, IndustryCode, InvalidValue,
    PersonName, PhoneNumber, SizeBand,
};
use vieclam_domain::{AuditAction, UnitKey};

use super::{as_employer, choices, commune_choices, notice_of, size_band, Notice, Problems};
use crate::web::labels;
use crate::web::page::{render, see_other, PageQuery};
use crate::web::public::Choice;
use crate::web::{html, Lang, Page, Posted, WebError};
use crate::{vietnam_today, AppState};

/// The profile form as a browser sends it: every field text.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    industry: String,
    #[serde(default)]
    size: String,
    #[serde(default)]
    address_unit: String,
    #[serde(default)]
    address_line: String,
    #[serde(default)]
    contact_name: String,
    #[serde(default)]
    contact_phone: String,
    #[serde(default)]
    contact_email: String,
}

impl ProfileForm {
    fn of(profile: &EmployerProfile) -> ProfileForm {
        ProfileForm {
            name: profile.name.clone(),
            kind: profile.kind.as_str().to_owned(),
            industry: profile
                .industry
                .as_ref()
                .map(|code| code.as_str().to_owned())
                .unwrap_or_default(),
            size: profile
                .size
                .map(|size| size.as_str().to_owned())
                .unwrap_or_default(),
            address_unit: profile.address_unit.to_string(),
            address_line: profile.address_line.clone().unwrap_or_default(),
            contact_name: profile
                .contact_name
                .as_ref()
                .map(|name| name.as_str().to_owned())
                .unwrap_or_default(),
            contact_phone: profile
                .contact_phone
                .as_ref()
                .map(|phone| phone.as_str().to_owned())
                .unwrap_or_default(),
            contact_email: profile
                .contact_email
                .as_ref()
                .map(|email| email.as_str().to_owned())
                .unwrap_or_default(),
        }
    }

    /// The new profile (the tax code kept from `existing`), or every
    /// problem of the form.
    fn profile(&self, existing: &EmployerProfile, lang: Lang) -> Result<EmployerProfile, Problems> {
        let mut problems = Problems::default();
        let mut note = |field: &str, invalid: InvalidValue| {
            problems.add(field, lang.pick(&invalid.reason_vi, &invalid.reason_en));
        };
        let optional = |text: &str| {
            let text = text.trim();
            (!text.is_empty()).then(|| text.to_owned())
        };
        let name = parse_org_name(&self.name).map_err(|invalid| note("name", invalid));
        let kind = EmployerKind::parse(&self.kind).map_err(|invalid| note("kind", invalid));
        let industry = optional(&self.industry)
            .map(|text| IndustryCode::parse(&text))
            .transpose()
            .map_err(|invalid| note("industry", invalid));
        let size = optional(&self.size)
            .map(|text| SizeBand::parse(&text))
            .transpose()
            .map_err(|invalid| note("size", invalid));
        let address_unit =
            UnitKey::parse(self.address_unit.trim(), vietnam_today()).map_err(|error| {
                note(
                    "address_unit",
                    InvalidValue::new(error.message_vi(), error.to_string()),
                )
            });
        let contact_name = optional(&self.contact_name)
            .map(|text| PersonName::parse(&text))
            .transpose()
            .map_err(|invalid| note("contact_name", invalid));
        let contact_phone = optional(&self.contact_phone)
            .map(|text| PhoneNumber::parse(&text))
            .transpose()
            .map_err(|invalid| note("contact_phone", invalid));
        let contact_email = optional(&self.contact_email)
            .map(|text| Email::parse(&text))
            .transpose()
            .map_err(|invalid| note("contact_email", invalid));
        match (
            name,
            kind,
            industry,
            size,
            address_unit,
            contact_name,
            contact_phone,
            contact_email,
        ) {
            (
                Ok(name),
                Ok(kind),
                Ok(industry),
                Ok(size),
                Ok(address_unit),
                Ok(contact_name),
                Ok(contact_phone),
                Ok(contact_email),
            ) => Ok(EmployerProfile {
                tax_code: existing.tax_code.clone(),
                name,
                kind,
                industry,
                size,
                address_unit,
                address_line: optional(&self.address_line),
                contact_name,
                contact_phone,
                contact_email,
            }),
            _ => Err(problems),
        }
    }
}

#[derive(Template)]
#[template(path = "employer/profile.html")]
struct ProfilePage<'a> {
    page: &'a Page,
    tax_code: String,
    form: ProfileForm,
    problems: Problems,
    kinds: Vec<Choice>,
    industries: Vec<Choice>,
    sizes: Vec<Choice>,
    units: Vec<Choice>,
    notice: Option<String>,
}

fn profile_page<'a>(
    page: &'a Page,
    state: &AppState,
    existing: &EmployerProfile,
    form: ProfileForm,
    problems: Problems,
    notice: Option<String>,
) -> ProfilePage<'a> {
    let lang = page.lang;
    let kinds = choices(
        EmployerKind::ALL
            .iter()
            .map(|kind| {
                (
                    kind.as_str().to_owned(),
                    labels::employer_kind(*kind, lang).to_owned(),
                )
            })
            .collect(),
        &form.kind,
    );
    // The divisions of VSIC 2018 (two digits), and the code on file when
    // it is finer.
    let mut industry_options = vec![(String::new(), page.t("Chưa chọn", "Not chosen").to_owned())];
    if !form.industry.is_empty()
        && industries()
            .get(&form.industry)
            .is_some_and(|entry| entry.level != "division")
    {
        let name = industries()
            .get(&form.industry)
            .map(|entry| entry.name_vi.clone())
            .unwrap_or_default();
        industry_options.push((form.industry.clone(), format!("{} – {name}", form.industry)));
    }
    industry_options.extend(industries().at_level("division").map(|entry| {
        let name = match lang {
            Lang::Vi => entry.name_vi.clone(),
            Lang::En => entry
                .name_en
                .clone()
                .unwrap_or_else(|| entry.name_vi.clone()),
        };
        (entry.code.clone(), format!("{} – {name}", entry.code))
    }));
    let mut size_options = vec![(String::new(), page.t("Chưa chọn", "Not chosen").to_owned())];
    size_options.extend(
        SizeBand::ALL
            .iter()
            .map(|size| (size.as_str().to_owned(), size_band(*size, lang).to_owned())),
    );
    let unit = UnitKey::parse(&form.address_unit, vietnam_today()).ok();
    let units = choices(
        commune_choices(
            state,
            &existing.address_unit,
            unit.as_ref().or(Some(&existing.address_unit)),
        ),
        &form.address_unit,
    );
    ProfilePage {
        page,
        tax_code: existing
            .tax_code
            .as_ref()
            .map(|code| code.as_str().to_owned())
            .unwrap_or_else(|| "—".to_owned()),
        industries: choices(industry_options, &form.industry),
        sizes: choices(size_options, &form.size),
        form,
        problems,
        kinds,
        units,
        notice,
    }
}

/// The profile form, filled with the record on file.
pub async fn form(
    page: Page,
    State(state): State<AppState>,
    PageQuery(notice): PageQuery<Notice>,
) -> Response {
    as_employer!(page, state, |id| show(&page, &state, id, notice.xong))
}

async fn show(
    page: &Page,
    state: &AppState,
    id: i64,
    done: Option<String>,
) -> Result<Response, WebError> {
    let record = crate::records::load_employer(state, &page.caller, id, AuditAction::Read).await?;
    let form = ProfileForm::of(&record.profile);
    render(&profile_page(
        page,
        state,
        &record.profile,
        form,
        Problems::default(),
        notice_of(done.as_deref(), page.lang),
    ))
}

/// Saves the profile: every problem shown next to its field (400), or the
/// write of the API and back to the form with a notice.
pub async fn save(
    State(state): State<AppState>,
    Posted(page, form): Posted<ProfileForm>,
) -> Response {
    as_employer!(page, state, |id| store(&page, &state, id, form))
}

async fn store(
    page: &Page,
    state: &AppState,
    id: i64,
    form: ProfileForm,
) -> Result<Response, WebError> {
    let record = crate::records::load_employer(state, &page.caller, id, AuditAction::Read).await?;
    let (problems, status) = match form.profile(&record.profile, page.lang) {
        Ok(profile) => {
            match crate::employers::update_employer(state, &page.caller, id, &profile).await {
                Ok(_) => return Ok(see_other("/nha-tuyen-dung/ho-so?xong=luu")),
                // A refusal of the register's rules is a problem of the
                // form (400); a conflict keeps its status.
                Err(error) if error.status.is_client_error() => {
                    let mut problems = Problems::default();
                    problems.of_error(&error, page.lang, "name", &|field| field.to_owned());
                    let status = if error.status == StatusCode::UNPROCESSABLE_ENTITY {
                        StatusCode::BAD_REQUEST
                    } else {
                        error.status
                    };
                    (problems, status)
                }
                Err(error) => return Err(WebError::from(error)),
            }
        }
        Err(problems) => (problems, StatusCode::BAD_REQUEST),
    };
    let body = profile_page(page, state, &record.profile, form, problems, None).render()?;
    Ok(html(status, body))
}
