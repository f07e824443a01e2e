//! A quarter's sessions generated from a plan's quarterly session targets
//! ("Quý I/2021: tổ chức 61 phiên GDVL: 01 phiên chuyên đề, 01 phiên online,
//! 03 phiên lưu động, 56 phiên hàng ngày").
//!
//! The plan's targets `sessions_daily`, `sessions_online`,
//! `sessions_thematic`, `sessions_mobile` and `sessions_disability` of the
//! quarter, at the plan's own unit, say how many sessions of each kind to
//! hold (`sessions_total` is their sum, not a kind of its own). The
//! schedule places them on working days (Monday to Friday, less the
//! holidays given), spread evenly over the quarter:
//!
//! - daily sessions at the central venue and the satellites in turn;
//! - online sessions at the online venue;
//! - thematic sessions at the central venue, their themes in rotation (an
//!   industry, graduates, workers back from abroad, workers with
//!   disabilities) over the whole plan: a quarter's first theme follows the
//!   earlier quarters' last, and each industry turn takes the next of the
//!   industries given;
//! - mobile sessions in the communes given, in turn, organised by the venue
//!   nearest the commune (the central venue when no distance is known);
//! - disability-inclusive sessions at the central venue.
//!
//! No two sessions share a venue (a mobile one: a commune) on one day
//! unless the quarter has too few working days for that. Each session's
//! registration opens 14 days before it starts and closes when it starts.
//! The drafts come back in date order; the caller stores them `planned`.

use std::collections::HashSet;

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};
use vieclam_domain::{AdminUnits, UnitKey};
use vieclam_plans::{Period, PeriodKind, Plan};

use crate::session::{SessionDraft, SessionKind, Theme, MAX_SESSION_TEXT, SESSIONS_TOTAL};
use crate::venue::VenueKind;
use crate::ExchangeError;

/// A venue the schedule may use.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduleVenue {
    pub id: i64,
    pub name: String,
    pub kind: VenueKind,
    #[serde(with = "vieclam_plans::unit_text")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub unit: UnitKey,
    pub booths: u32,
    pub seats: u32,
}

/// What the schedule does not read from the plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduleDefaults {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "08:00"))]
    pub starts: NaiveTime,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "11:30"))]
    pub ends: NaiveTime,
    /// Registration opens this many days before a session starts.
    pub registration_days: u32,
    /// Who organises the sessions; blank: the venue's name.
    pub organiser: String,
    /// The VSIC sections (or codes) thematic sessions on an industry take
    /// in turn.
    pub industries: Vec<String>,
    /// Days without sessions (public holidays, Tết).
    pub holidays: Vec<NaiveDate>,
    /// The capacity of a mobile session (a commune hall, not the venue).
    pub mobile_booths: u32,
    pub mobile_seats: u32,
}

impl Default for ScheduleDefaults {
    fn default() -> ScheduleDefaults {
        ScheduleDefaults {
            starts: NaiveTime::from_hms_opt(8, 0, 0).unwrap_or(NaiveTime::MIN),
            ends: NaiveTime::from_hms_opt(11, 30, 0).unwrap_or(NaiveTime::MIN),
            registration_days: 14,
            organiser: String::new(),
            // Manufacturing: the section that hires most at the fairs.
            industries: vec!["C".to_owned()],
            holidays: Vec::new(),
            mobile_booths: 20,
            mobile_seats: 300,
        }
    }
}

/// The order kinds are placed in, and the order of the themes' rotation.
const PLACING: [SessionKind; 5] = [
    SessionKind::Daily,
    SessionKind::Disability,
    SessionKind::Thematic,
    SessionKind::Online,
    SessionKind::Mobile,
];
const THEMES: [Theme; 4] = [
    Theme::Industry,
    Theme::Graduates,
    Theme::Returnees,
    Theme::Disability,
];

/// How many sessions of each kind a plan asks for in a quarter, at the
/// plan's own unit (kinds without a target are left out).
pub fn quarter_targets(plan: &Plan, quarter: Period) -> Vec<(SessionKind, u32)> {
    SessionKind::ALL
        .iter()
        .filter_map(|&kind| {
            let target = plan.targets.iter().find(|target| {
                target.indicator == kind.indicator()
                    && target.unit == plan.unit
                    && target.period == quarter
            })?;
            let count = target.bound.headline().round();
            (count > 0.0).then_some((kind, count as u32))
        })
        .collect()
}

/// Where a session takes place, for the one-a-day rule.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Place {
    Venue(i64),
    Commune(UnitKey),
}

/// The sessions of `quarter` that `plan` asks for.
pub fn quarter_schedule(
    plan: &Plan,
    quarter: Period,
    venues: &[ScheduleVenue],
    communes: &[UnitKey],
    units: &AdminUnits,
    defaults: &ScheduleDefaults,
) -> Result<Vec<SessionDraft>, ExchangeError> {
    if quarter.kind != PeriodKind::Quarter {
        return Err(ExchangeError::invalid(
            "quarter",
            format!("Lịch phiên lập theo quý; {} không phải một quý", quarter),
            format!("A schedule is made for a quarter; {quarter} is not one"),
        ));
    }
    let label_vi = quarter.label_vi();
    let wanted = quarter_targets(plan, quarter);
    if wanted.is_empty() {
        let total_only = plan.targets.iter().any(|target| {
            target.indicator == SESSIONS_TOTAL
                && target.unit == plan.unit
                && target.period == quarter
        });
        let (vi, en) = if total_only {
            (
                format!(
                    "Kế hoạch {} chỉ ghi tổng số phiên {label_vi}, không chia theo loại phiên",
                    plan.id
                ),
                format!(
                    "Plan {} gives only a total of sessions for {quarter}, not the number of each kind",
                    plan.id
                ),
            )
        } else {
            (
                format!(
                    "Kế hoạch {} không có chỉ tiêu số phiên giao dịch việc làm {label_vi}",
                    plan.id
                ),
                format!("Plan {} has no session targets for {quarter}", plan.id),
            )
        };
        return Err(ExchangeError::invalid("quarter", vi, en));
    }
    check_defaults(defaults)?;

    // The venues each kind needs.
    let of_kind = |kind: VenueKind| -> Vec<&ScheduleVenue> {
        let mut found: Vec<&ScheduleVenue> = venues.iter().filter(|v| v.kind == kind).collect();
        found.sort_by_key(|venue| venue.id);
        found
    };
    let centrals = of_kind(VenueKind::Central);
    let satellites = of_kind(VenueKind::Satellite);
    let onlines = of_kind(VenueKind::Online);
    let needs = |kind: SessionKind| wanted.iter().any(|&(k, _)| k == kind);
    let central = centrals.first().copied();
    for (session_kind, venue_kind, missing) in [
        (SessionKind::Daily, VenueKind::Central, central.is_none()),
        (SessionKind::Thematic, VenueKind::Central, central.is_none()),
        (
            SessionKind::Disability,
            VenueKind::Central,
            central.is_none(),
        ),
        (SessionKind::Mobile, VenueKind::Central, central.is_none()),
        (SessionKind::Online, VenueKind::Online, onlines.is_empty()),
    ] {
        if needs(session_kind) && missing {
            return Err(ExchangeError::invalid(
                "venues",
                format!(
                    "Cần có \"{}\" để tổ chức {}",
                    venue_kind.name_vi(),
                    session_kind.name_vi().to_lowercase()
                ),
                format!(
                    "{} sessions need a venue of kind {} ({})",
                    session_kind.name_en().trim_end_matches(" session"),
                    venue_kind.as_str(),
                    venue_kind.name_en()
                ),
            ));
        }
    }
    if needs(SessionKind::Mobile) {
        if communes.is_empty() {
            return Err(ExchangeError::invalid(
                "communes",
                "Cần danh sách xã, phường nơi tổ chức phiên lưu động",
                "Mobile sessions need the communes they travel to",
            ));
        }
        for commune in communes {
            if units.get(commune).is_err()
                || !vieclam_plans::unit_counts_for(units, commune, &plan.unit)
            {
                return Err(ExchangeError::invalid(
                    "communes",
                    format!(
                        "Xã, phường {commune} không thuộc địa bàn kế hoạch {}",
                        plan.id
                    ),
                    format!(
                        "The commune {commune} is not in the area of plan {}",
                        plan.id
                    ),
                ));
            }
        }
    }

    let days = working_days(quarter, &defaults.holidays);
    if days.is_empty() {
        return Err(ExchangeError::invalid(
            "holidays",
            format!("{label_vi} không còn ngày làm việc nào để tổ chức phiên"),
            format!("{quarter} has no working day left for sessions"),
        ));
    }
    // The themes rotate over the plan: this quarter's first thematic
    // session takes the turn after the earlier quarters' last one.
    let earlier_thematic: usize = plan
        .targets
        .iter()
        .filter(|target| {
            target.indicator == SessionKind::Thematic.indicator()
                && target.unit == plan.unit
                && target.period.kind == PeriodKind::Quarter
                && target.period.last < quarter.first
        })
        .map(|target| target.bound.headline().round().max(0.0) as usize)
        .sum();
    // The daily rotation: central venues first, then satellites.
    let rotation: Vec<&ScheduleVenue> = centrals.iter().chain(&satellites).copied().collect();

    let mut taken: HashSet<(Place, NaiveDate)> = HashSet::new();
    let mut drafts = Vec::new();
    for kind in PLACING {
        let Some(&(_, count)) = wanted.iter().find(|&&(k, _)| k == kind) else {
            continue;
        };
        for index in 0..count as usize {
            let ideal = spread(index, count as usize, days.len());
            let session = match kind {
                SessionKind::Daily => {
                    // Venues in turn; another venue that day, or the nearest
                    // free day, when the turn's venue is taken.
                    let turn = index % rotation.len();
                    let order: Vec<&ScheduleVenue> = rotation[turn..]
                        .iter()
                        .chain(&rotation[..turn])
                        .copied()
                        .collect();
                    let (venue, date) = order
                        .iter()
                        .find(|venue| !taken.contains(&(Place::Venue(venue.id), days[ideal])))
                        .map(|venue| (*venue, days[ideal]))
                        .unwrap_or_else(|| {
                            let venue = order[0];
                            (
                                venue,
                                free_day(&days, ideal, &Place::Venue(venue.id), &taken),
                            )
                        });
                    at_venue(kind, venue, date, defaults, None, None)
                }
                SessionKind::Online | SessionKind::Disability => {
                    let venue = match kind {
                        SessionKind::Online => onlines[index % onlines.len()],
                        _ => central.ok_or_else(missing_central)?,
                    };
                    let date = free_day(&days, ideal, &Place::Venue(venue.id), &taken);
                    at_venue(kind, venue, date, defaults, None, None)
                }
                SessionKind::Thematic => {
                    let venue = central.ok_or_else(missing_central)?;
                    let turn = earlier_thematic + index;
                    let theme = THEMES[turn % THEMES.len()];
                    let industry = (theme == Theme::Industry).then(|| {
                        defaults.industries[(turn / THEMES.len()) % defaults.industries.len()]
                            .clone()
                    });
                    let date = free_day(&days, ideal, &Place::Venue(venue.id), &taken);
                    at_venue(kind, venue, date, defaults, Some(theme), industry)
                }
                SessionKind::Mobile => {
                    let commune = &communes[index % communes.len()];
                    let central = central.ok_or_else(missing_central)?;
                    let venue = nearest(venues, commune, units).unwrap_or(central);
                    let date = free_day(&days, ideal, &Place::Commune(commune.clone()), &taken);
                    mobile(venue, central, commune, date, units, defaults)
                }
            };
            let place = match kind {
                SessionKind::Mobile => Place::Commune(session.unit.clone()),
                _ => Place::Venue(session.venue_id),
            };
            taken.insert((place, session.date));
            session.check()?;
            drafts.push(session);
        }
    }
    drafts.sort_by_key(|session| (session.date, session.kind, session.venue_id));
    Ok(drafts)
}

fn missing_central() -> ExchangeError {
    ExchangeError::invalid(
        "venues",
        "Cần có sàn giao dịch việc làm trung tâm",
        "A central exchange venue is needed",
    )
}

fn check_defaults(defaults: &ScheduleDefaults) -> Result<(), ExchangeError> {
    if defaults.ends <= defaults.starts {
        return Err(ExchangeError::invalid(
            "ends",
            "Giờ kết thúc phải sau giờ bắt đầu",
            "Sessions must end after they start",
        ));
    }
    if defaults.registration_days > 366 {
        return Err(ExchangeError::invalid(
            "registration_days",
            "Mở đăng ký trước tối đa 366 ngày",
            "Registration opens at most 366 days ahead",
        ));
    }
    if defaults.industries.is_empty() {
        return Err(ExchangeError::invalid(
            "industries",
            "Cần ít nhất một ngành cho phiên chuyên đề theo ngành",
            "Thematic sessions on an industry need at least one industry",
        ));
    }
    for code in &defaults.industries {
        vieclam_domain::registry::IndustryCode::parse(code).map_err(|invalid| {
            ExchangeError::invalid("industries", invalid.reason_vi, invalid.reason_en)
        })?;
    }
    crate::venue::check_capacity(defaults.mobile_booths, defaults.mobile_seats)
}

/// The working days (Monday to Friday, less holidays) of a period.
pub fn working_days(period: Period, holidays: &[NaiveDate]) -> Vec<NaiveDate> {
    let (first, last) = (period.first_day(), period.last_day());
    first
        .iter_days()
        .take_while(|day| *day <= last)
        .filter(|day| !matches!(day.weekday(), Weekday::Sat | Weekday::Sun))
        .filter(|day| !holidays.contains(day))
        .collect()
}

/// The index of the `index`-th of `count` sessions spread evenly over
/// `n_days` days: the middle of its share of the days.
fn spread(index: usize, count: usize, n_days: usize) -> usize {
    ((2 * index + 1) * n_days / (2 * count)).min(n_days - 1)
}

/// The working day nearest `ideal` (earlier first on a tie) on which
/// `place` holds nothing yet; `ideal` itself when every day is taken.
fn free_day(
    days: &[NaiveDate],
    ideal: usize,
    place: &Place,
    taken: &HashSet<(Place, NaiveDate)>,
) -> NaiveDate {
    let free = |index: usize| !taken.contains(&(place.clone(), days[index]));
    for distance in 0..days.len() {
        if distance <= ideal && free(ideal - distance) {
            return days[ideal - distance];
        }
        if ideal + distance < days.len() && free(ideal + distance) {
            return days[ideal + distance];
        }
    }
    days[ideal]
}

/// The physical venue nearest the commune, by the distance between the
/// centres of their units; `None` when no distance is known.
fn nearest<'a>(
    venues: &'a [ScheduleVenue],
    commune: &UnitKey,
    units: &AdminUnits,
) -> Option<&'a ScheduleVenue> {
    let position = |key: &UnitKey| {
        let unit = units.get(key).ok()?;
        Some((unit.lat?, unit.lon?))
    };
    let here = position(commune)?;
    venues
        .iter()
        .filter(|venue| venue.kind != VenueKind::Online)
        .filter_map(|venue| {
            let there = position(&venue.unit)?;
            let (dlat, dlon) = (
                here.0 - there.0,
                (here.1 - there.1) * here.0.to_radians().cos(),
            );
            Some((dlat * dlat + dlon * dlon, venue))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.id.cmp(&b.1.id)))
        .map(|(_, venue)| venue)
}

fn cut(text: String) -> String {
    if text.chars().count() <= MAX_SESSION_TEXT {
        text
    } else {
        text.chars().take(MAX_SESSION_TEXT).collect()
    }
}

fn theme_label(theme: Theme, industry: Option<&str>) -> String {
    match (theme, industry) {
        (Theme::Industry, Some(code)) => {
            let name = vieclam_domain::registry::IndustryCode::parse(code)
                .ok()
                .and_then(|code| {
                    vieclam_domain::registry::industries()
                        .get(code.as_str())
                        .map(|entry| entry.name_vi.clone())
                })
                .unwrap_or_else(|| code.to_owned());
            format!("ngành {name}")
        }
        _ => theme.name_vi().to_owned(),
    }
}

/// A session at `venue` with the defaults' hours and registration window;
/// the caller sets the title, the organiser and the capacity.
fn draft(
    kind: SessionKind,
    venue: &ScheduleVenue,
    unit: UnitKey,
    date: NaiveDate,
    defaults: &ScheduleDefaults,
) -> SessionDraft {
    let starts = date.and_time(defaults.starts);
    SessionDraft {
        kind,
        theme: None,
        industry: None,
        title: String::new(),
        venue_id: venue.id,
        unit,
        date,
        starts: defaults.starts,
        ends: defaults.ends,
        organiser: String::new(),
        booths: venue.booths,
        seats: venue.seats,
        registration_opens: Some(starts - Duration::days(i64::from(defaults.registration_days))),
        registration_closes: Some(starts),
    }
}

fn organiser(defaults: &ScheduleDefaults, venue: &ScheduleVenue) -> String {
    if defaults.organiser.trim().is_empty() {
        venue.name.clone()
    } else {
        defaults.organiser.clone()
    }
}

fn at_venue(
    kind: SessionKind,
    venue: &ScheduleVenue,
    date: NaiveDate,
    defaults: &ScheduleDefaults,
    theme: Option<Theme>,
    industry: Option<String>,
) -> SessionDraft {
    let when = date.format("%d/%m/%Y");
    let title = match theme {
        Some(theme) => format!(
            "{}: {} ({when})",
            kind.name_vi(),
            theme_label(theme, industry.as_deref())
        ),
        None => format!("{} {when} – {}", kind.name_vi(), venue.name),
    };
    let mut session = draft(kind, venue, venue.unit.clone(), date, defaults);
    session.title = cut(title);
    session.organiser = cut(organiser(defaults, venue));
    session.theme = theme;
    session.industry = industry;
    session
}

fn mobile(
    venue: &ScheduleVenue,
    central: &ScheduleVenue,
    commune: &UnitKey,
    date: NaiveDate,
    units: &AdminUnits,
    defaults: &ScheduleDefaults,
) -> SessionDraft {
    let name = units
        .get(commune)
        .map(|unit| unit.name.clone())
        .unwrap_or_else(|_| commune.to_string());
    let mut session = draft(SessionKind::Mobile, venue, commune.clone(), date, defaults);
    session.title = cut(format!(
        "{} tại {name} ({})",
        SessionKind::Mobile.name_vi(),
        date.format("%d/%m/%Y")
    ));
    session.organiser = cut(organiser(defaults, central));
    session.booths = defaults.mobile_booths;
    session.seats = defaults.mobile_seats;
    session
}
