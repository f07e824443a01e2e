//! The venues of the exchange (`/can-bo/san/dia-diem`): the list of the
//! officer's area, and for the province's officers the forms that create
//! and edit one — through `venues::create_venue` and `update_venue`, the
//! path of `POST /api/v1/venues` and `PUT /api/v1/venues/{id}`.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use vieclam_domain::UnitKey;
use vieclam_exchange::{VenueDraft, VenueKind};
use vieclam_store::exchange::VenueRecord;

use super::super::{as_officer, Area, Frame, Officer};
use super::{area_venues, notice_of, Done};
use crate::web::form::{self, FormField, FormModel};
use crate::web::page::{render, see_other, PagePath, PageQuery};
use crate::web::{format, labels, Page, Posted, WebError};
use crate::AppState;

/// A venue as the list shows it.
pub struct VenueRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub place: String,
    pub address: String,
    pub booths: String,
    pub seats: String,
    pub editable: bool,
}

#[derive(Template)]
#[template(path = "officer/exchange/venues.html")]
struct VenuesPage<'a> {
    page: &'a Page,
    frame: Frame,
    notice: Option<String>,
    venues: Vec<VenueRow>,
    may_create: bool,
}

/// Only the province's officers (and the admin) create venues
/// (`may_manage_venue`); the store checks the unit again.
fn may_create(_state: &AppState, officer: &Officer) -> bool {
    matches!(
        officer.role,
        vieclam_domain::Role::Admin | vieclam_domain::Role::ProvinceOfficer
    )
}

/// The venues of the officer's area.
pub async fn list(
    State(state): State<AppState>,
    page: Page,
    PageQuery(done): PageQuery<Done>,
) -> Response {
    as_officer!(page, state, Area::Exchange, |officer| async {
        let lang = page.lang;
        let venues = area_venues(&state, &officer)
            .await?
            .into_iter()
            .map(|record| VenueRow {
                editable: crate::venues::manages(&state, &page.caller.principal, &record),
                id: record.id,
                kind: lang
                    .pick(record.venue.kind.name_vi(), record.venue.kind.name_en())
                    .to_owned(),
                place: labels::place(&state.units, &record.venue.unit),
                address: record.venue.address,
                booths: format::number(u64::from(record.venue.booths), lang),
                seats: format::number(u64::from(record.venue.seats), lang),
                name: record.venue.name,
            })
            .collect();
        let frame = officer
            .frame(&page, Area::Exchange)
            .crumb("/can-bo/san", Area::Exchange.name(lang));
        render(&VenuesPage {
            page: &page,
            frame,
            notice: notice_of(done.xong.as_deref(), lang),
            venues,
            may_create: may_create(&state, &officer),
        })
    })
}

/// The venue form's fields as posted.
#[derive(Deserialize, Default)]
pub struct VenueForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub booths: String,
    #[serde(default)]
    pub seats: String,
}

impl VenueForm {
    fn of(record: &VenueRecord) -> VenueForm {
        VenueForm {
            name: record.venue.name.clone(),
            kind: record.venue.kind.as_str().to_owned(),
            unit: record.venue.unit.to_string(),
            address: record.venue.address.clone(),
            booths: record.venue.booths.to_string(),
            seats: record.venue.seats.to_string(),
        }
    }
}

/// The units a venue of the officer's area may be in: the area itself
/// (the online venue) and its communes, by name.
fn unit_choices(state: &AppState, officer: &Officer) -> Vec<(String, String)> {
    let Some(scope) = &officer.scope else {
        return Vec::new();
    };
    let mut choices = vec![(scope.to_string(), labels::place(&state.units, scope))];
    let mut communes: Vec<(String, String)> = state
        .units
        .communes_covered_by(scope)
        .iter()
        .filter(|unit| *unit != scope)
        .map(|unit| (unit.to_string(), labels::place(&state.units, unit)))
        .collect();
    communes.sort_by(|a, b| a.1.cmp(&b.1));
    choices.extend(communes);
    choices
}

fn venue_form(
    state: &AppState,
    page: &Page,
    officer: &Officer,
    title: &str,
    action: &str,
    values: &VenueForm,
) -> FormModel {
    let kinds: Vec<(String, String)> = VenueKind::ALL
        .iter()
        .map(|kind| {
            (
                kind.as_str().to_owned(),
                page.t(kind.name_vi(), kind.name_en()).to_owned(),
            )
        })
        .collect();
    let mut form = FormModel::new(title, action, page.t("Lưu", "Save"));
    form.back = Some("/can-bo/san/dia-diem".to_owned());
    form.field(FormField::text(
        "name",
        page.t("Tên sàn", "Name"),
        &values.name,
    ))
    .field(
        FormField::new("kind", page.t("Loại sàn", "Kind"), "select")
            .choices(&kinds, std::slice::from_ref(&values.kind)),
    )
    .field(
        FormField::new(
            "unit",
            page.t("Đơn vị hành chính", "Administrative unit"),
            "select",
        )
        .choices(
            &unit_choices(state, officer),
            std::slice::from_ref(&values.unit),
        ),
    )
    .field(
        FormField::text("address", page.t("Địa chỉ", "Address"), &values.address).hint(page.t(
            "Với sàn trực tuyến: địa chỉ trang web",
            "For the online venue: its web address",
        )),
    )
    .field(
        FormField::new("booths", page.t("Số gian tuyển dụng", "Booths"), "number")
            .value(&values.booths),
    )
    .field(FormField::new("seats", page.t("Số chỗ ngồi", "Seats"), "number").value(&values.seats))
}

/// Reads the form into a venue, or marks its problems.
fn draft_of(
    state: &AppState,
    page: &Page,
    values: &VenueForm,
    staff: Vec<i64>,
    form: &mut FormModel,
) -> Option<VenueDraft> {
    let kind = VenueKind::parse(&values.kind).ok();
    if kind.is_none() {
        form.problem("kind", page.t("Chọn loại sàn", "Choose the kind"));
    }
    let unit = UnitKey::parse(&values.unit, crate::vietnam_today())
        .ok()
        .filter(|unit| state.units.get(unit).is_ok());
    if unit.is_none() {
        form.problem("unit", page.t("Chọn đơn vị hành chính", "Choose the unit"));
    }
    let number = |text: &str| text.trim().parse::<u32>().ok();
    let booths = number(&values.booths);
    if booths.is_none() {
        form.problem(
            "booths",
            page.t("Nhập số gian", "Enter the number of booths"),
        );
    }
    let seats = number(&values.seats);
    if seats.is_none() {
        form.problem(
            "seats",
            page.t("Nhập số chỗ ngồi", "Enter the number of seats"),
        );
    }
    Some(VenueDraft {
        name: values.name.trim().to_owned(),
        kind: kind?,
        unit: unit?,
        address: values.address.trim().to_owned(),
        booths: booths?,
        seats: seats?,
        staff,
    })
}

/// The form of a new venue (the province's officers).
pub async fn new_form(State(state): State<AppState>, page: Page) -> Response {
    as_officer!(page, state, Area::Exchange, |officer| async {
        if !may_create(&state, &officer) {
            return Err(forbidden());
        }
        let values = VenueForm {
            kind: "point".to_owned(),
            ..VenueForm::default()
        };
        let title = page.t("Thêm sàn giao dịch việc làm", "Add a venue");
        form::show(
            &page,
            &venue_form(
                &state,
                &page,
                &officer,
                title,
                "/can-bo/san/dia-diem/moi",
                &values,
            ),
        )
    })
}

fn forbidden() -> WebError {
    WebError::new(
        axum::http::StatusCode::FORBIDDEN,
        "Chỉ cán bộ Sở quản lý sàn giao dịch việc làm",
        "Only the province's officers manage venues",
    )
}

/// Creates a venue.
pub async fn create(
    State(state): State<AppState>,
    Posted(page, values): Posted<VenueForm>,
) -> Response {
    as_officer!(page, state, Area::Exchange, |officer| async {
        let title = page.t("Thêm sàn giao dịch việc làm", "Add a venue");
        let mut form = venue_form(
            &state,
            &page,
            &officer,
            title,
            "/can-bo/san/dia-diem/moi",
            &values,
        );
        let Some(draft) = draft_of(&state, &page, &values, Vec::new(), &mut form) else {
            return form::show(&page, &form);
        };
        match crate::venues::create_venue(&state, &page.caller, &draft).await {
            Ok(record) => Ok(see_other(&format!(
                "/can-bo/san/dia-diem?xong=luu#san-{}",
                record.id
            ))),
            Err(error) if error.status == axum::http::StatusCode::UNPROCESSABLE_ENTITY => {
                form.problems_of(&error, page.lang, &|field| field.to_owned());
                form::show(&page, &form)
            }
            Err(error) => Err(error.into()),
        }
    })
}

/// The form of a venue to edit (those who manage it).
pub async fn edit_form(
    State(state): State<AppState>,
    PagePath(id): PagePath<i64>,
    page: Page,
) -> Response {
    as_officer!(page, state, Area::Exchange, |officer| async {
        let record = crate::exchange::load_venue(&state, id).await?;
        if !crate::venues::manages(&state, &page.caller.principal, &record) {
            return Err(forbidden());
        }
        let title = format!("{}: {}", page.t("Sửa sàn", "Edit venue"), record.venue.name);
        form::show(
            &page,
            &venue_form(
                &state,
                &page,
                &officer,
                &title,
                &format!("/can-bo/san/dia-diem/{id}"),
                &VenueForm::of(&record),
            ),
        )
    })
}

/// Saves a venue; its staff stay as they are.
pub async fn update(
    State(state): State<AppState>,
    PagePath(id): PagePath<i64>,
    Posted(page, values): Posted<VenueForm>,
) -> Response {
    as_officer!(page, state, Area::Exchange, |officer| async {
        let record = crate::exchange::load_venue(&state, id).await?;
        if !crate::venues::manages(&state, &page.caller.principal, &record) {
            return Err(forbidden());
        }
        let title = format!("{}: {}", page.t("Sửa sàn", "Edit venue"), record.venue.name);
        let action = format!("/can-bo/san/dia-diem/{id}");
        let mut form = venue_form(&state, &page, &officer, &title, &action, &values);
        let staff = record.venue.staff.clone();
        let Some(draft) = draft_of(&state, &page, &values, staff, &mut form) else {
            return form::show(&page, &form);
        };
        match crate::venues::update_venue(&state, &page.caller, id, &draft).await {
            Ok(_) => Ok(see_other(&format!(
                "/can-bo/san/dia-diem?xong=luu#san-{id}"
            ))),
            Err(error)
                if matches!(
                    error.status,
                    axum::http::StatusCode::UNPROCESSABLE_ENTITY | axum::http::StatusCode::CONFLICT
                ) =>
            {
                form.problems_of(&error, page.lang, &|field| field.to_owned());
                form::show(&page, &form)
            }
            Err(error) => Err(error.into()),
        }
    })
}
