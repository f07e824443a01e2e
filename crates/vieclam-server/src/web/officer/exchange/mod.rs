//! The job exchange's workspace, under `/can-bo/san`: the sessions of the
//! week and to come, the venues, the quarter's schedule from a plan, each
//! session's desk (registrations, walk-ins, pre-match sheets, interviews,
//! results, the report), counselling and the unemployment-insurance
//! claimants who missed a check-in.
//!
//! For the staff of the employment service centre, the province's officers
//! and the admin. Every page calls the shared modules the API calls
//! (`exchange`, `venues`, `schedule`, `sessions`, `prematch`, `interviews`,
//! `counselling`, `claims`) with the same `may_manage_venue`,
//! `may_run_session` and `may_counsel` rules: staff of one satellite
//! exchange see and run only its sessions.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::{Datelike, Duration, NaiveDate};
use serde::Deserialize;
use vieclam_exchange::SessionStatus;
use vieclam_store::exchange::{SessionFilter, SessionRecord, VenueRecord};

use super::{as_officer, Area, Frame, Officer};
use crate::error::ApiError;
use crate::web::format;
use crate::web::page::{render, PageQuery};
use crate::web::{Lang, Page, WebError};
use crate::AppState;

pub mod claims;
pub mod counselling;
pub mod schedule;
pub mod sessions;
pub mod venues;

/// The exchange's pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/can-bo/san", get(home))
        .route("/can-bo/san/dia-diem", get(venues::list))
        .route(
            "/can-bo/san/dia-diem/moi",
            get(venues::new_form).post(venues::create),
        )
        .route(
            "/can-bo/san/dia-diem/{id}",
            get(venues::edit_form).post(venues::update),
        )
        .route(
            "/can-bo/san/lich",
            get(schedule::preview).post(schedule::confirm),
        )
        .route("/can-bo/san/phien/{id}", get(sessions::show))
        .route("/can-bo/san/phien/{id}/trang-thai", post(sessions::move_to))
        .route("/can-bo/san/phien/{id}/vang-lai", post(sessions::walk_in))
        .route("/can-bo/san/phien/{id}/so-khop", get(sessions::prematch))
        .route(
            "/can-bo/san/phien/{id}/so-khop/in",
            get(sessions::prematch_print),
        )
        .route("/can-bo/san/phien/{id}/phong-van", post(sessions::book))
        .route("/can-bo/san/phien/{id}/ket-qua", post(sessions::outcome))
        .route(
            "/can-bo/san/phien/{id}/bao-cao",
            get(sessions::report).post(sessions::file_report),
        )
        .route("/can-bo/san/dang-ky/{id}/huy", post(sessions::cancel))
        .route(
            "/can-bo/san/phong-van/{id}/tham-du",
            post(sessions::attendance),
        )
        .route(
            "/can-bo/san/tu-van",
            get(counselling::list).post(counselling::record),
        )
        .route("/can-bo/san/tro-cap", get(claims::list))
        .route("/can-bo/san/tro-cap/{id}/thong-bao", post(claims::checkin))
}

/// What was just done, from a redirect's `?xong=`.
#[derive(Deserialize, Default)]
pub struct Done {
    pub xong: Option<String>,
}

/// The notice of a change just made.
pub fn notice_of(done: Option<&str>, lang: Lang) -> Option<String> {
    let text = match done? {
        "luu" => lang.pick("Đã lưu.", "Saved."),
        "lich" => lang.pick(
            "Đã lập lịch các phiên của quý theo kế hoạch.",
            "The quarter's sessions are scheduled from the plan.",
        ),
        "trang-thai" => lang.pick("Đã chuyển trạng thái phiên.", "The session's status moved."),
        "vang-lai" => lang.pick(
            "Đã đăng ký người lao động đến tại chỗ.",
            "The walk-in is registered.",
        ),
        "huy" => lang.pick(
            "Đã hủy đăng ký; người đầu danh sách chờ nhận chỗ.",
            "The registration is cancelled; the first in line takes the place.",
        ),
        "phong-van" => lang.pick("Đã xếp lịch phỏng vấn.", "The interview is booked."),
        "tham-du" => lang.pick("Đã ghi tham dự.", "Attendance recorded."),
        "ket-qua" => lang.pick("Đã ghi kết quả.", "The result is recorded."),
        "bao-cao" => lang.pick(
            "Đã nộp báo cáo; phiên đã kết thúc.",
            "The report is filed; the session is over.",
        ),
        "tu-van" => lang.pick("Đã ghi lượt tư vấn.", "The counselling is recorded."),
        "thong-bao" => lang.pick("Đã ghi thông báo tìm việc.", "The check-in is recorded."),
        _ => return None,
    };
    Some(text.to_owned())
}

/// A status as a word and its CSS class.
pub fn status_of(status: SessionStatus, lang: Lang) -> (String, &'static str) {
    let class = match status {
        SessionStatus::Running | SessionStatus::Open => "on-track",
        SessionStatus::Closed | SessionStatus::Reported => "achieved",
        SessionStatus::Cancelled => "behind",
        SessionStatus::Planned => "none",
    };
    (
        lang.pick(status.name_vi(), status.name_en()).to_owned(),
        class,
    )
}

/// A session as a row of a list.
pub struct SessionRow {
    pub id: i64,
    pub title: String,
    pub date: String,
    pub time: String,
    pub kind: String,
    pub place: String,
    pub status: String,
    pub status_class: &'static str,
    /// "12 / 50".
    pub seats: String,
    pub booths: String,
}

impl SessionRow {
    pub fn of(
        state: &AppState,
        record: &SessionRecord,
        venue: Option<&VenueRecord>,
        lang: Lang,
    ) -> SessionRow {
        let session = &record.session;
        let (status, status_class) = status_of(record.status, lang);
        let place = match venue {
            Some(venue) => crate::exchange::session_place(&state.units, record, venue),
            None => crate::web::labels::place(&state.units, &session.unit),
        };
        SessionRow {
            id: record.id,
            title: session.title.clone(),
            date: format::date(session.date, lang),
            time: format!(
                "{}–{}",
                session.starts.format("%H:%M"),
                session.ends.format("%H:%M")
            ),
            kind: lang
                .pick(session.kind.name_vi(), session.kind.name_en())
                .to_owned(),
            place,
            status,
            status_class,
            seats: format!(
                "{} / {}",
                format::number(u64::from(record.seats_taken), lang),
                format::number(u64::from(session.seats), lang)
            ),
            booths: format!(
                "{} / {}",
                format::number(u64::from(record.booths_taken), lang),
                format::number(u64::from(session.booths), lang)
            ),
        }
    }
}

/// The venues the officer works with: for exchange staff those they are
/// named to, for others (`None`) every venue of their area.
pub async fn own_venue_ids(state: &AppState, page: &Page) -> Result<Option<Vec<i64>>, ApiError> {
    crate::exchange::staff_venues(state, &page.caller.principal).await
}

/// The venues of the officer's area, by id.
pub async fn area_venues(
    state: &AppState,
    officer: &Officer,
) -> Result<Vec<VenueRecord>, ApiError> {
    let area = match &officer.scope {
        Some(unit) => crate::scope::area_of_unit(state, unit),
        None => vieclam_store::Area::All,
    };
    Ok(state
        .store
        .list_venues(
            &area,
            vieclam_store::Page {
                limit: 500,
                offset: 0,
            },
        )
        .await?)
}

/// The sessions of the officer's venues from `from` to `to`, by date.
pub async fn sessions_between(
    state: &AppState,
    page: &Page,
    officer: &Officer,
    from: NaiveDate,
    to: NaiveDate,
    limit: u32,
) -> Result<Vec<SessionRow>, ApiError> {
    let venues = area_venues(state, officer).await?;
    let staff_of = own_venue_ids(state, page).await?;
    let ids: Vec<i64> = venues
        .iter()
        .map(|venue| venue.id)
        .filter(|id| staff_of.as_ref().is_none_or(|own| own.contains(id)))
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let filter = SessionFilter {
        venues: Some(ids),
        from: Some(from),
        to: Some(to),
        ..SessionFilter::default()
    };
    let records = state
        .store
        .list_sessions(&filter, vieclam_store::Page { limit, offset: 0 })
        .await?;
    Ok(records
        .iter()
        .map(|record| {
            let venue = venues.iter().find(|v| v.id == record.session.venue_id);
            SessionRow::of(state, record, venue, page.lang)
        })
        .collect())
}

#[derive(Template)]
#[template(path = "officer/exchange/home.html")]
struct HomePage<'a> {
    page: &'a Page,
    frame: Frame,
    notice: Option<String>,
    week: Vec<SessionRow>,
    upcoming: Vec<SessionRow>,
    venues: Vec<(i64, String, String)>,
}

/// The exchange's start: this week's sessions, those to come, the venues.
pub async fn home(
    State(state): State<AppState>,
    page: Page,
    PageQuery(done): PageQuery<Done>,
) -> Response {
    as_officer!(page, state, Area::Exchange, |officer| async {
        let today = crate::vietnam_today();
        let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
        let sunday = monday + Duration::days(6);
        let week = sessions_between(&state, &page, &officer, monday, sunday, 200).await?;
        let upcoming = sessions_between(
            &state,
            &page,
            &officer,
            sunday + Duration::days(1),
            sunday + Duration::days(60),
            30,
        )
        .await?;
        let staff_of = own_venue_ids(&state, &page).await?;
        let venues = area_venues(&state, &officer)
            .await?
            .into_iter()
            .filter(|venue| staff_of.as_ref().is_none_or(|own| own.contains(&venue.id)))
            .map(|venue| {
                let kind = page
                    .t(venue.venue.kind.name_vi(), venue.venue.kind.name_en())
                    .to_owned();
                (venue.id, venue.venue.name, kind)
            })
            .collect();
        let frame = officer.frame(&page, Area::Exchange);
        render(&HomePage {
            page: &page,
            frame,
            notice: notice_of(done.xong.as_deref(), page.lang),
            week,
            upcoming,
            venues,
        })
    })
}

/// A refusal of the exchange's rules (409, 422, 400) as a problem to show
/// on the form; anything else is the page's error.
pub fn problem_of(error: ApiError, page: &Page) -> Result<String, WebError> {
    if matches!(
        error.status,
        StatusCode::CONFLICT | StatusCode::UNPROCESSABLE_ENTITY | StatusCode::BAD_REQUEST
    ) {
        Ok(page.t(&error.message_vi, &error.message_en).to_owned())
    } else {
        Err(WebError::from(error))
    }
}
