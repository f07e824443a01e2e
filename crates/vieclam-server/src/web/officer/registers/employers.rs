//! The employers of the officer's unit: the list (search by name, facets
//! by kind and commune), an employer's page with its vacancies, and its
//! profile edited with a required reason. An employer's name is no
//! personal data: the search may sit in the address.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use vieclam_domain::registry::{
    parse_org_name, Email, EmployerKind, PersonName, PhoneNumber, SizeBand,
};
use vieclam_domain::{AuditAction, Field, Reach, Visibility};
use vieclam_store::EmployerRecord;

use super::{facet, filled, href, notice_of, pager, Fact, PAGE_SIZE};
use crate::web::form::{FormField, FormModel};
use crate::web::officer::{as_officer, Area, Frame, Officer};
use crate::web::page::{render, see_other, PagePath, PageQuery};
use crate::web::public::{FacetGroup, PageLink};
use crate::web::{format, html, labels, Lang, Page, Posted, WebError};
use crate::{vietnam_today, AppState};

/// The most employers of an area the list reads (a district's or a
/// commune's register; a province officer narrows by commune).
const READ_AT_MOST: u32 = 5_000;

#[derive(Clone, Debug, Default, Deserialize)]
pub struct EmployerFilters {
    /// Words of the name or the tax code.
    pub q: Option<String>,
    pub kind: Option<String>,
    /// The commune of the address (`structure:code`).
    pub unit: Option<String>,
    pub page: Option<u64>,
}

impl EmployerFilters {
    fn href_with(&self, name: &str, value: &str, page: Option<u64>) -> String {
        let get = |key: &str, current: &Option<String>| {
            if key == name {
                value.to_owned()
            } else {
                filled(current).unwrap_or_default()
            }
        };
        let page = page
            .filter(|n| *n > 1)
            .map(|n| n.to_string())
            .unwrap_or_default();
        href(
            "/can-bo/doanh-nghiep",
            &[
                ("q", &get("q", &self.q)),
                ("kind", &get("kind", &self.kind)),
                ("unit", &get("unit", &self.unit)),
                ("page", &page),
            ],
        )
    }
}

pub struct EmployerRow {
    pub id: i64,
    pub name: String,
    pub tax_code: String,
    pub kind: String,
    pub place: String,
}

#[derive(Template)]
#[template(path = "officer/registers/employers.html")]
struct ListPage<'a> {
    page: &'a Page,
    frame: Frame,
    q: String,
    kind: String,
    unit: String,
    facets: Vec<FacetGroup>,
    rows: Vec<EmployerRow>,
    summary: String,
    pager: Vec<PageLink>,
}

fn matches_text(record: &EmployerRecord, words: &[String]) -> bool {
    let name = vieclam_text::folded_words(&record.profile.name);
    let tax = record
        .profile
        .tax_code
        .as_ref()
        .map(|code| code.as_str().to_owned())
        .unwrap_or_default();
    words
        .iter()
        .all(|word| name.contains(word.as_str()) || tax.contains(word.as_str()))
}

/// Counts of `key` over `records`, most first then by name.
fn counts(
    records: &[&EmployerRecord],
    key: impl Fn(&EmployerRecord) -> (String, String),
) -> Vec<(String, String, u64)> {
    let mut found: Vec<(String, String, u64)> = Vec::new();
    for record in records {
        let (value, label) = key(record);
        match found.iter_mut().find(|(v, _, _)| *v == value) {
            Some(entry) => entry.2 += 1,
            None => found.push((value, label, 1)),
        }
    }
    found.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(&b.1)));
    found
}

/// The employers of the unit.
pub async fn list(
    State(state): State<AppState>,
    page: Page,
    PageQuery(filters): PageQuery<EmployerFilters>,
) -> Response {
    as_officer!(page, state, Area::Employers, |officer| async {
        let lang = page.lang;
        let number = filters.page.unwrap_or(1);
        if number == 0 || number > u64::from(READ_AT_MOST) / PAGE_SIZE + 1 {
            return Err(WebError::new(
                StatusCode::BAD_REQUEST,
                "Số trang không hợp lệ",
                "The page number is not valid",
            ));
        }
        let all = crate::employers::employers_of_area(
            &state,
            &page.caller,
            vieclam_store::Page {
                limit: READ_AT_MOST,
                offset: 0,
            },
        )
        .await?;
        let q = filled(&filters.q).unwrap_or_default();
        let kind = filled(&filters.kind).unwrap_or_default();
        let unit = filled(&filters.unit).unwrap_or_default();
        let words: Vec<String> = vieclam_text::folded_words(&q)
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        let by_text: Vec<&EmployerRecord> = all
            .iter()
            .filter(|record| matches_text(record, &words))
            .collect();
        let matching: Vec<&EmployerRecord> = by_text
            .iter()
            .copied()
            .filter(|record| kind.is_empty() || record.profile.kind.as_str() == kind)
            .filter(|record| unit.is_empty() || record.profile.address_unit.to_string() == unit)
            .collect();
        let facets = vec![
            facet(
                page.t("Loại hình", "Kind"),
                counts(&matching, |record| {
                    (
                        record.profile.kind.as_str().to_owned(),
                        labels::employer_kind(record.profile.kind, lang).to_owned(),
                    )
                }),
                &kind,
                &|value| filters.href_with("kind", value, None),
                lang,
            ),
            facet(
                page.t("Xã, phường", "Commune"),
                counts(&matching, |record| {
                    (
                        record.profile.address_unit.to_string(),
                        labels::unit_name(&state.units, &record.profile.address_unit.to_string()),
                    )
                }),
                &unit,
                &|value| filters.href_with("unit", value, None),
                lang,
            ),
        ];
        let total = matching.len() as u64;
        let start = ((number - 1) * PAGE_SIZE) as usize;
        let rows = matching
            .iter()
            .skip(start)
            .take(PAGE_SIZE as usize)
            .map(|record| EmployerRow {
                id: record.id,
                name: record.profile.name.clone(),
                tax_code: record
                    .profile
                    .tax_code
                    .as_ref()
                    .map(|code| code.as_str().to_owned())
                    .unwrap_or_else(|| "—".to_owned()),
                kind: labels::employer_kind(record.profile.kind, lang).to_owned(),
                place: labels::place(&state.units, &record.profile.address_unit),
            })
            .collect();
        let pager = pager(
            total,
            number,
            u64::from(READ_AT_MOST),
            &|n| filters.href_with("", "", Some(n)),
            lang,
        );
        let frame = officer
            .frame(&page, Area::Employers)
            .crumb(Area::Employers.href(), Area::Employers.name(lang));
        render(&ListPage {
            page: &page,
            frame,
            summary: format!(
                "{} {}",
                format::number(total, lang),
                page.t("đơn vị sử dụng lao động", "employers")
            ),
            q,
            kind,
            unit,
            facets,
            rows,
            pager,
        })
    })
}

pub struct VacancyRow {
    pub id: i64,
    pub title: String,
    pub status: String,
    pub deadline: String,
    pub headcount: String,
}

#[derive(Template)]
#[template(path = "officer/registers/employer.html")]
struct EmployerPage<'a> {
    page: &'a Page,
    frame: Frame,
    id: i64,
    name: String,
    facts: Vec<Fact>,
    vacancies: Vec<VacancyRow>,
    notice: Option<String>,
}

#[derive(Deserialize)]
pub struct Done {
    xong: Option<String>,
}

fn employer_facts(
    state: &AppState,
    record: &EmployerRecord,
    officer: &Officer,
    lang: Lang,
) -> Vec<Fact> {
    let profile = &record.profile;
    let hidden = officer.role.visibility(Field::EmployerContact, Reach::One) == Visibility::Masked;
    let contact = |value: Option<&str>| match (hidden, value) {
        (_, None) => "—".to_owned(),
        (true, Some(_)) => lang.pick("(ẩn)", "(hidden)").to_owned(),
        (false, Some(value)) => value.to_owned(),
    };
    vec![
        Fact::new(lang.pick("Tên đơn vị", "Name"), profile.name.clone()),
        Fact::new(
            lang.pick("Mã số thuế", "Tax code"),
            profile
                .tax_code
                .as_ref()
                .map(|code| code.as_str().to_owned())
                .unwrap_or_else(|| "—".to_owned()),
        ),
        Fact::new(
            lang.pick("Loại hình", "Kind"),
            labels::employer_kind(profile.kind, lang),
        ),
        Fact::new(
            lang.pick("Quy mô", "Size"),
            profile
                .size
                .map(|size| crate::web::employer::size_band(size, lang).to_owned())
                .unwrap_or_else(|| "—".to_owned()),
        ),
        Fact::new(
            lang.pick("Địa chỉ", "Address"),
            match &profile.address_line {
                Some(line) => format!(
                    "{line}, {}",
                    labels::place(&state.units, &profile.address_unit)
                ),
                None => labels::place(&state.units, &profile.address_unit),
            },
        ),
        Fact::new(
            lang.pick("Người liên hệ", "Contact"),
            contact(profile.contact_name.as_ref().map(|name| name.as_str())),
        ),
        Fact::new(
            lang.pick("Điện thoại", "Phone"),
            contact(profile.contact_phone.as_ref().map(|phone| phone.as_str())),
        ),
        Fact::new(
            lang.pick("Thư điện tử", "E-mail"),
            contact(profile.contact_email.as_ref().map(|email| email.as_str())),
        ),
    ]
}

/// An employer's page with its vacancies.
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    PagePath(id): PagePath<i64>,
    PageQuery(done): PageQuery<Done>,
) -> Response {
    as_officer!(page, state, Area::Employers, |officer| async {
        let lang = page.lang;
        let record =
            crate::records::load_employer(&state, &page.caller, id, AuditAction::Read).await?;
        let area = crate::scope::area_of(&state, &page.caller.principal, false);
        let today = vietnam_today();
        let vacancies = state
            .store
            .list_vacancies(
                &area,
                Some(id),
                None,
                vieclam_store::Page {
                    limit: 500,
                    offset: 0,
                },
            )
            .await?
            .into_iter()
            .map(|vacancy| VacancyRow {
                id: vacancy.id,
                title: vacancy.posting.title.clone(),
                status: labels::vacancy_status(vacancy.posting.status_on(today), lang).to_owned(),
                deadline: vacancy
                    .posting
                    .deadline
                    .map(|day| format::date(day, lang))
                    .unwrap_or_else(|| lang.pick("Không hạn", "None").to_owned()),
                headcount: format::number(u64::from(vacancy.posting.headcount), lang),
            })
            .collect();
        let frame = officer
            .frame(&page, Area::Employers)
            .crumb(Area::Employers.href(), Area::Employers.name(lang));
        render(&EmployerPage {
            page: &page,
            frame,
            id,
            name: record.profile.name.clone(),
            facts: employer_facts(&state, &record, &officer, lang),
            vacancies,
            notice: notice_of(done.xong.as_deref(), lang),
        })
    })
}

/// The employer edit form as a browser sends it.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct EditForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    size: String,
    #[serde(default)]
    address_line: String,
    #[serde(default)]
    contact_name: String,
    #[serde(default)]
    contact_phone: String,
    #[serde(default)]
    contact_email: String,
    #[serde(default)]
    reason: String,
}

impl EditForm {
    fn of(record: &EmployerRecord) -> EditForm {
        let profile = &record.profile;
        EditForm {
            name: profile.name.clone(),
            kind: profile.kind.as_str().to_owned(),
            size: profile
                .size
                .map(|size| size.as_str().to_owned())
                .unwrap_or_default(),
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

fn edit_model(id: i64, form: &EditForm, lang: Lang) -> FormModel {
    let kinds: Vec<(String, String)> = EmployerKind::ALL
        .iter()
        .map(|kind| {
            (
                kind.as_str().to_owned(),
                labels::employer_kind(*kind, lang).to_owned(),
            )
        })
        .collect();
    let mut sizes = vec![(
        String::new(),
        lang.pick("— Chưa rõ —", "— Unknown —").to_owned(),
    )];
    sizes.extend(SizeBand::ALL.iter().map(|size| {
        (
            size.as_str().to_owned(),
            crate::web::employer::size_band(*size, lang).to_owned(),
        )
    }));
    FormModel::new(
        lang.pick("Sửa thông tin đơn vị", "Edit the employer"),
        &format!("/can-bo/doanh-nghiep/{id}/sua"),
        lang.pick("Lưu thay đổi", "Save the changes"),
    )
    .field(FormField::text(
        "name",
        lang.pick("Tên đơn vị", "Name"),
        &form.name,
    ))
    .field(
        FormField::new("kind", lang.pick("Loại hình", "Kind"), "select")
            .choices(&kinds, std::slice::from_ref(&form.kind)),
    )
    .field(
        FormField::new("size", lang.pick("Quy mô", "Size"), "select")
            .choices(&sizes, std::slice::from_ref(&form.size)),
    )
    .field(FormField::text(
        "address_line",
        lang.pick("Số nhà, đường", "Street address"),
        &form.address_line,
    ))
    .field(FormField::text(
        "contact_name",
        lang.pick("Người liên hệ", "Contact person"),
        &form.contact_name,
    ))
    .field(
        FormField::new(
            "contact_phone",
            lang.pick("Điện thoại liên hệ", "Contact phone"),
            "tel",
        )
        .value(&form.contact_phone),
    )
    .field(
        FormField::new(
            "contact_email",
            lang.pick("Thư điện tử liên hệ", "Contact e-mail"),
            "email",
        )
        .value(&form.contact_email),
    )
    .field(
        FormField::new(
            "reason",
            lang.pick("Lý do sửa (bắt buộc)", "Reason for the change (required)"),
            "textarea",
        )
        .value(&form.reason)
        .hint(lang.pick(
            "Lý do được ghi vào lịch sử hồ sơ đơn vị.",
            "The reason is kept in the employer's history.",
        )),
    )
}

fn edit_page(
    page: &Page,
    officer: &Officer,
    record: &EmployerRecord,
    form: FormModel,
) -> Result<Response, WebError> {
    let lang = page.lang;
    let back = format!("/can-bo/doanh-nghiep/{}", record.id);
    let frame = officer
        .frame(page, Area::Employers)
        .crumb(Area::Employers.href(), Area::Employers.name(lang))
        .crumb(back.clone(), record.profile.name.clone());
    let status = if form.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let body = EditPage {
        page,
        frame,
        heading: format!(
            "{}: {}",
            lang.pick("Sửa thông tin đơn vị", "Edit the employer"),
            record.profile.name
        ),
        back,
        form,
    }
    .render()?;
    Ok(html(status, body))
}

/// The form that edits an employer (officers who write employers of
/// their area).
pub async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    PagePath(id): PagePath<i64>,
) -> Response {
    as_officer!(page, state, Area::Employers, |officer| async {
        let record =
            crate::records::load_employer(&state, &page.caller, id, AuditAction::Update).await?;
        let model = edit_model(id, &EditForm::of(&record), page.lang);
        edit_page(&page, &officer, &record, model)
    })
}

/// Saves an edit of an employer with its reason
/// (`employers::update_employer_because`, the API's own path).
pub async fn edit_save(
    State(state): State<AppState>,
    PagePath(id): PagePath<i64>,
    Posted(page, form): Posted<EditForm>,
) -> Response {
    as_officer!(page, state, Area::Employers, |officer| async {
        let record =
            crate::records::load_employer(&state, &page.caller, id, AuditAction::Update).await?;
        let lang = page.lang;
        let mut model = edit_model(id, &form, lang);
        let mut profile = record.profile.clone();
        let invalid =
            |model: &mut FormModel, field: &str, error: vieclam_domain::registry::InvalidValue| {
                model.problem(field, lang.pick(&error.reason_vi, &error.reason_en));
            };
        match parse_org_name(&form.name) {
            Ok(name) => profile.name = name,
            Err(error) => invalid(&mut model, "name", error),
        }
        match EmployerKind::parse(&form.kind) {
            Ok(kind) => profile.kind = kind,
            Err(error) => invalid(&mut model, "kind", error),
        }
        profile.size = match form.size.as_str() {
            "" => None,
            text => SizeBand::parse(text).ok(),
        };
        profile.address_line =
            Some(form.address_line.trim().to_owned()).filter(|line| !line.is_empty());
        profile.contact_name = match form.contact_name.trim() {
            "" => None,
            text => match PersonName::parse(text) {
                Ok(name) => Some(name),
                Err(error) => {
                    invalid(&mut model, "contact_name", error);
                    None
                }
            },
        };
        profile.contact_phone = match form.contact_phone.trim() {
            "" => None,
            text => match PhoneNumber::parse(text) {
                Ok(phone) => Some(phone),
                Err(error) => {
                    invalid(&mut model, "contact_phone", error);
                    None
                }
            },
        };
        profile.contact_email = match form.contact_email.trim() {
            "" => None,
            text => match Email::parse(text) {
                Ok(email) => Some(email),
                Err(error) => {
                    invalid(&mut model, "contact_email", error);
                    None
                }
            },
        };
        let reason = form.reason.trim();
        if reason.is_empty() {
            model.problem(
                "reason",
                lang.pick("Hãy ghi lý do sửa", "Give the reason for the change"),
            );
        }
        if model.errors.is_empty() {
            match crate::employers::update_employer_because(
                &state,
                &page.caller,
                id,
                &profile,
                Some(reason),
            )
            .await
            {
                Ok(_) => return Ok(see_other(&format!("/can-bo/doanh-nghiep/{id}?xong=sua"))),
                Err(error)
                    if matches!(
                        error.status,
                        StatusCode::FORBIDDEN | StatusCode::NOT_FOUND | StatusCode::UNAUTHORIZED
                    ) =>
                {
                    return Err(error.into())
                }
                Err(error) => model.problems_of(&error, lang, &|field| field.to_owned()),
            }
        }
        edit_page(&page, &officer, &record, model)
    })
}
