//! Administrative units over HTTP: a public search of the reference data,
//! and the scoped view of one unit that officers use as the root of their
//! work (refused, and audited, outside their area).

use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vieclam_domain::audit::subject;
use vieclam_domain::{
    AdminUnit, AdminUnitCode, AuditAction, AuditOutcome, UnitKey, UnitLevel, UnitSearch,
    UnitStructure,
};
use vieclam_store::NewAuditEntry;

use crate::auth::Caller;
use crate::error::{ApiError, ApiPath, ApiQuery, ErrorBody};
use crate::paging::{Paging, PagingRule};
use crate::{vietnam_today, AppState};

/// One administrative unit.
#[derive(Serialize, ToSchema)]
pub struct UnitView {
    /// `legacy` (before 1 July 2025) or `2025`.
    pub structure: String,
    /// `structure:code`, unique across both structures.
    pub key: String,
    pub code: String,
    /// `province`, `district` or `commune`.
    pub level: String,
    /// e.g. `rural_district`, `ward`, `special_zone`.
    pub kind: String,
    /// The kind in Vietnamese, e.g. "Huyện".
    pub kind_vi: &'static str,
    pub name: String,
    pub short_name: String,
    pub parent_code: Option<String>,
    pub province_code: String,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub area_km2: Option<f64>,
}

impl From<&AdminUnit> for UnitView {
    fn from(unit: &AdminUnit) -> UnitView {
        UnitView {
            structure: unit.structure.as_str().to_owned(),
            key: unit.key().to_string(),
            code: unit.code.to_string(),
            level: unit.level.as_str().to_owned(),
            kind: unit.kind.as_str().to_owned(),
            kind_vi: unit.kind.name_vi(),
            name: unit.name.clone(),
            short_name: unit.short_name.clone(),
            parent_code: unit.parent_code.as_ref().map(ToString::to_string),
            province_code: unit.province_code.to_string(),
            valid_from: unit.valid_from,
            valid_to: unit.valid_to,
            lat: unit.lat,
            lon: unit.lon,
            area_km2: unit.area_km2,
        }
    }
}

/// Which structure a request was answered in, and why.
#[derive(Serialize, ToSchema)]
pub struct StructureUsed {
    /// `legacy` or `2025`; absent when units of both structures are listed.
    pub structure: Option<String>,
    /// The date whose structure was used, when the caller gave no explicit
    /// structure.
    pub date: Option<NaiveDate>,
    /// How the structure was chosen, in Vietnamese and English.
    pub rule_vi: String,
    pub rule_en: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitListQuery {
    /// Name to search, with or without diacritics ("ung hoa", "Q. Ba Đình").
    pub q: Option<String>,
    /// `legacy` or `2025`; by default both for a search, the structure valid
    /// on `date` for a listing.
    pub structure: Option<String>,
    /// ISO date (YYYY-MM-DD) whose structure to read codes in; today by default.
    pub date: Option<NaiveDate>,
    /// `province`, `district` or `commune`.
    pub level: Option<String>,
    /// Only units in this province (a code in the structure used).
    pub province: Option<String>,
    /// Only the units directly below this code (a listing, without `q`).
    pub parent: Option<String>,
    /// At most this many units (1–500, 20 by default).
    pub limit: Option<u64>,
    /// 0–20,000.
    pub offset: Option<u64>,
}

#[derive(Serialize, ToSchema)]
pub struct UnitList {
    pub structure_used: StructureUsed,
    pub units: Vec<UnitView>,
}

fn parse_structure(text: Option<&str>) -> Result<Option<UnitStructure>, ApiError> {
    text.map(|text| {
        UnitStructure::parse(text)
            .ok_or_else(|| vieclam_domain::UnitError::UnknownStructure(text.to_owned()).into())
    })
    .transpose()
}

fn structure_used(explicit: Option<UnitStructure>, date: Option<NaiveDate>) -> StructureUsed {
    match (explicit, date) {
        (Some(structure), _) => StructureUsed {
            structure: Some(structure.as_str().to_owned()),
            date: None,
            rule_vi: "Cấu trúc do người gọi chỉ định".to_owned(),
            rule_en: "Structure given by the caller".to_owned(),
        },
        (None, Some(date)) => {
            let structure = UnitStructure::valid_on(date);
            StructureUsed {
                structure: Some(structure.as_str().to_owned()),
                date: Some(date),
                rule_vi: format!("Cấu trúc có hiệu lực ngày {}", date.format("%d/%m/%Y")),
                rule_en: format!("Structure in force on {date}"),
            }
        }
        (None, None) => StructureUsed {
            structure: None,
            date: None,
            rule_vi: "Tìm trong cả hai cấu trúc (trước và từ 01/7/2025)".to_owned(),
            rule_en: "Searched both structures (before and from 1 July 2025)".to_owned(),
        },
    }
}

/// Searches or lists administrative units (public reference data).
#[utoipa::path(
    get,
    path = "/api/v1/units",
    tag = "units",
    params(UnitListQuery),
    responses(
        (status = 200, description = "Matching units, best first", body = UnitList),
        (status = 400, description = "A malformed parameter", body = ErrorBody),
    )
)]
pub async fn list_units(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<UnitListQuery>,
) -> Result<Json<UnitList>, ApiError> {
    let explicit = parse_structure(query.structure.as_deref())?;
    let level = query
        .level
        .as_deref()
        .map(|text| {
            UnitLevel::parse(text).ok_or_else(|| {
                ApiError::bad_request(
                    format!(
                        "Cấp đơn vị {text:?} không hợp lệ: dùng province, district hoặc commune"
                    ),
                    format!("Unknown level {text:?}: use province, district or commune"),
                )
            })
        })
        .transpose()?;
    let paging = Paging::check(query.limit, query.offset, PagingRule::UNITS)?;
    let (limit, offset) = (paging.limit(), paging.offset());
    let parse_code = |text: &str| AdminUnitCode::parse(text).map_err(ApiError::from);

    if let Some(text) = query.q.as_deref().filter(|text| !text.trim().is_empty()) {
        // A search reads both structures unless one is asked for, by name
        // or by date.
        let structure = explicit.or(query.date.map(UnitStructure::valid_on));
        let options = UnitSearch {
            structure,
            level,
            province_code: query.province.as_deref().map(parse_code).transpose()?,
            limit: limit + offset,
        };
        let units = state
            .units
            .search(text, &options)
            .into_iter()
            .skip(offset)
            .map(|hit| UnitView::from(hit.unit))
            .collect();
        return Ok(Json(UnitList {
            structure_used: structure_used(explicit, query.date),
            units,
        }));
    }

    let date = query.date.unwrap_or_else(vietnam_today);
    let structure = explicit.unwrap_or_else(|| UnitStructure::valid_on(date));
    let used = structure_used(explicit, Some(date));
    let units: Vec<UnitView> = match query.parent.as_deref() {
        Some(parent) => {
            let parent = UnitKey {
                structure,
                code: parse_code(parent)?,
            };
            state.units.get(&parent)?;
            state
                .units
                .children(&parent)
                .filter(|unit| level.is_none_or(|level| unit.level == level))
                .skip(offset)
                .take(limit)
                .map(UnitView::from)
                .collect()
        }
        None => {
            let province = query.province.as_deref().map(parse_code).transpose()?;
            let level = level.unwrap_or(UnitLevel::Province);
            state
                .units
                .all()
                .iter()
                .filter(|unit| unit.structure == structure && unit.level == level)
                .filter(|unit| province.as_ref().is_none_or(|p| *p == unit.province_code))
                .skip(offset)
                .take(limit)
                .map(UnitView::from)
                .collect()
        }
    };
    Ok(Json(UnitList {
        structure_used: used,
        units,
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitDetailQuery {
    /// ISO date whose structure the code is read in; today by default.
    pub date: Option<NaiveDate>,
    /// `legacy` or `2025`: read the code in this structure instead.
    pub structure: Option<String>,
}

/// A crosswalk link seen from one side.
#[derive(Serialize, ToSchema)]
pub struct CrosswalkView {
    /// The unit on the other side of the reform.
    pub unit: UnitView,
    /// `whole`, `part` or `default-part`.
    pub relation: String,
    /// True for the link that data rolls up along.
    pub roll_up: bool,
}

/// The officer's view of one unit.
#[derive(Serialize, ToSchema)]
pub struct UnitDetail {
    pub structure_used: StructureUsed,
    pub unit: UnitView,
    /// The units above, nearest first.
    pub parents: Vec<UnitView>,
    /// The units directly below.
    pub children: Vec<UnitView>,
    /// For a legacy commune: the 2025 units it went into.
    pub successors: Vec<CrosswalkView>,
    /// For a 2025 commune: the legacy communes that went into it.
    pub predecessors: Vec<CrosswalkView>,
}

/// One unit with its hierarchy and crosswalk, for officers whose area
/// covers it. Every attempt is audited, refused ones included.
#[utoipa::path(
    get,
    path = "/api/v1/units/{code}",
    tag = "units",
    params(
        ("code" = String, Path, description = "Unit code (2, 3 or 5 digits) or `structure:code`"),
        UnitDetailQuery,
    ),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The unit", body = UnitDetail),
        (status = 400, description = "A malformed code or date", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Outside the caller's area or role", body = ErrorBody),
        (status = 404, description = "No such unit in the structure used", body = ErrorBody),
    )
)]
pub async fn get_unit(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(code): ApiPath<String>,
    ApiQuery(query): ApiQuery<UnitDetailQuery>,
) -> Result<Json<UnitDetail>, ApiError> {
    let account = caller.require_account()?;
    let explicit = parse_structure(query.structure.as_deref())?;
    let date = query.date.unwrap_or_else(vietnam_today);
    let key = match explicit {
        Some(structure) => UnitKey {
            structure,
            code: AdminUnitCode::parse(&code)?,
        },
        None => UnitKey::parse(&code, date)?,
    };
    let explicit = explicit.or_else(|| code.contains(':').then_some(key.structure));
    let unit = state.units.get(&key)?;

    let decision = caller.principal.may_read_unit(&state.units, &key);
    let audit = NewAuditEntry {
        at: chrono::Utc::now(),
        actor_user_id: Some(account.id),
        actor_role: account.role,
        action: AuditAction::Read,
        subject_kind: subject::ADMIN_UNIT.to_owned(),
        subject_id: key.to_string(),
        unit: Some(key.clone()),
        province_code: Some(state.units.current_province_code(&key)?.to_string()),
        outcome: if decision.is_ok() {
            AuditOutcome::Allowed
        } else {
            AuditOutcome::Denied
        },
        reason: decision.as_ref().err().map(|error| error.to_string()),
        request_id: None,
        records: Vec::new(),
    };
    state.store.record_audit(&audit).await?;
    decision?;

    let crosswalk_view = |link: &vieclam_domain::CrosswalkLink, other: &UnitKey| {
        state.units.get(other).ok().map(|other| CrosswalkView {
            unit: UnitView::from(other),
            relation: link.relation.as_str().to_owned(),
            roll_up: link.relation.is_roll_up(),
        })
    };
    let (successors, predecessors) = match unit.level {
        UnitLevel::Commune if unit.structure == UnitStructure::Legacy => (
            state
                .units
                .links_from_legacy(unit)
                .filter_map(|link| {
                    crosswalk_view(
                        link,
                        &UnitKey {
                            structure: UnitStructure::TwoTier2025,
                            code: link.code_2025.clone(),
                        },
                    )
                })
                .collect(),
            Vec::new(),
        ),
        UnitLevel::Commune => (
            Vec::new(),
            state
                .units
                .links_into_2025(unit)
                .filter_map(|link| {
                    crosswalk_view(
                        link,
                        &UnitKey {
                            structure: UnitStructure::Legacy,
                            code: link.legacy_code.clone(),
                        },
                    )
                })
                .collect(),
        ),
        _ => (Vec::new(), Vec::new()),
    };
    Ok(Json(UnitDetail {
        structure_used: structure_used(explicit, Some(date)),
        unit: UnitView::from(unit),
        parents: state.units.ancestors(unit).map(UnitView::from).collect(),
        children: state.units.children(&key).map(UnitView::from).collect(),
        successors,
        predecessors,
    }))
}
