//! The exchange's query code, written once for both backends (see `sql.rs`
//! for the dialect rules and `exchange.rs` for the contract).
//!
//! Every write that a rule guards (capacity, a status move, an overlapping
//! slot, a hire) runs in one write transaction that first locks the row the
//! rule is about — the session, the application, the worker — with
//! `$store::LOCK_ROWS` (`FOR UPDATE` on PostgreSQL; on SQLite the
//! transaction began `IMMEDIATE` and already holds the only write lock),
//! then reads what it checks from the database, not from the caller.
//!
//! Refusals of the rules are [`StoreError::Refused`]. Where the contract
//! leaves the variant open:
//! - editing a session that is no longer planned or open, and recording an
//!   outcome at a session that is not running or closed, are `Invalid`
//!   (field `status`): nothing moves, so it is not a `BadMove`;
//! - cancelling a registration, or changing its vacancies, at a session
//!   that is not open or running is `RegistrationClosed`; cancelling one
//!   already cancelled is a `BadMove` of the registration;
//! - a hire's event must be of kind `employed`, and is refused (`Invalid`,
//!   field `hire`) with any move or outcome other than a hire.

use chrono::{Datelike, NaiveDate};
use vieclam_exchange::ExchangeError;

use crate::StoreError;

pub(crate) fn refused(error: ExchangeError) -> StoreError {
    StoreError::Refused(error)
}

pub(crate) fn invalid(field: &'static str, reason_vi: &str, reason_en: &str) -> StoreError {
    StoreError::Refused(ExchangeError::Invalid {
        field,
        reason_vi: reason_vi.to_owned(),
        reason_en: reason_en.to_owned(),
    })
}

/// A stored code that does not parse back is a corrupted row.
pub(crate) fn stored<T>(parsed: Result<T, ExchangeError>) -> Result<T, StoreError> {
    parsed.map_err(|error| StoreError::Corrupt(error.to_string()))
}

pub(crate) fn to_u32(value: i64, what: &str) -> Result<u32, StoreError> {
    u32::try_from(value).map_err(|_| StoreError::Corrupt(format!("{what} {value}")))
}

pub(crate) fn opt_u32(value: Option<i64>, what: &str) -> Result<Option<u32>, StoreError> {
    value.map(|value| to_u32(value, what)).transpose()
}

/// The first day of the month of `day`.
pub(crate) fn month_of(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// The lowest booth number in `1..=booths` not in `taken`.
pub(crate) fn lowest_free_booth(taken: &[i64], booths: u32) -> Option<i64> {
    (1..=i64::from(booths)).find(|booth| !taken.contains(booth))
}

/// Maps a foreign-key violation to [`StoreError::NotFound`] and a
/// unique-key violation to [`StoreError::Conflict`].
pub(crate) fn missing_or_conflict(
    error: sqlx::Error,
    missing: impl Into<String>,
    conflict: impl Into<String>,
) -> StoreError {
    match &error {
        sqlx::Error::Database(database) if database.is_foreign_key_violation() => {
            StoreError::NotFound {
                what: missing.into(),
            }
        }
        sqlx::Error::Database(database) if database.is_unique_violation() => StoreError::Conflict {
            what: conflict.into(),
        },
        _ => StoreError::Database(error),
    }
}

macro_rules! sql_exchange {
    ($store:ident, $db:ty) => {
        mod exchange_impl {
            use std::collections::{BTreeSet, HashMap};

            use chrono::{DateTime, Utc};
            use sqlx::Row as _;
            use vieclam_domain::registry::EventKind;
            use vieclam_domain::UnitKey;
            use vieclam_exchange::{
                ApplicationStatus, ApplicationStep, Attendance, Channel, ClaimStatus,
                CounsellingOutcome, ExchangeError, InterviewMode, InvitationState, Outcome, Party,
                RegistrationState, SessionStatus, VenueDraft,
            };

            use super::registers_impl::{add_event_tx, push_area};
            use super::$store;
            use crate::exchange::{
                ApplicationFilter, ApplicationRecord, ApplicationWrite, Cancellation,
                CheckinRecord, ClaimFilter, ClaimRecord, ClaimWrite, CounsellingCount,
                CounsellingFilter, CounsellingRecord, CounsellingWrite, Exchange, HireEvent,
                InterviewFilter, InterviewRecord, InterviewWrite, InvitationFilter,
                InvitationRecord, InvitationWrite, OutcomeRecord, OutcomeWrite,
                RegistrationRecord, RegistrationWrite, SessionCount, SessionFilter,
                SessionRecord, SessionWrite, VenueRecord,
            };
            use crate::plans::parse_unit;
            use crate::registers::{Area, EventRecord};
            use crate::sql_exchange::{
                invalid, lowest_free_booth, missing_or_conflict, month_of, opt_u32, refused,
                stored, to_u32,
            };
            use crate::sql_registers::{from_json, to_json};
            use crate::{Page, StoreError};

            type DbRow = <$db as sqlx::Database>::Row;
            type Conn = <$db as sqlx::Database>::Connection;

            const VENUE_COLUMNS: &str = "id, province_code, profile, created_at, updated_at";

            /// A session with its live counts.
            const SESSION_SELECT: &str = "SELECT s.id, s.draft, s.status, s.province_code, \
                 s.plan_id, s.created_by, s.created_at, s.updated_at, s.reported_at, \
                 (SELECT COUNT(*) FROM registration r WHERE r.session_id = s.id \
                  AND r.party = 'employer' AND r.state = 'accepted') AS booths_taken, \
                 (SELECT COUNT(*) FROM registration r WHERE r.session_id = s.id \
                  AND r.party = 'worker' AND r.state = 'accepted') AS seats_taken, \
                 (SELECT COUNT(*) FROM registration r WHERE r.session_id = s.id \
                  AND r.party = 'employer' AND r.state = 'waiting') AS employers_waiting, \
                 (SELECT COUNT(*) FROM registration r WHERE r.session_id = s.id \
                  AND r.party = 'worker' AND r.state = 'waiting') AS workers_waiting \
                 FROM exchange_session s";

            /// A registration with its place in line, counted now.
            const REGISTRATION_SELECT: &str = "SELECT r.id, r.session_id, r.party, r.party_id, \
                 r.state, r.booth, r.channel, r.vacancies, r.province_code, r.registered_by, \
                 r.created_at, r.updated_at, \
                 CASE WHEN r.state = 'waiting' THEN 1 + (SELECT COUNT(*) FROM registration w \
                  WHERE w.session_id = r.session_id AND w.party = r.party \
                  AND w.state = 'waiting' AND w.seq < r.seq) END AS position \
                 FROM registration r";

            const APPLICATION_COLUMNS: &str = "id, vacancy_id, worker_id, employer_id, status, \
                 province_code, created_at, updated_at";

            const INVITATION_COLUMNS: &str = "id, vacancy_id, worker_id, employer_id, state, \
                 application_id, province_code, invited_by, created_at, answered_at";

            fn invitation_from_row(row: &DbRow) -> Result<InvitationRecord, StoreError> {
                Ok(InvitationRecord {
                    id: row.try_get("id")?,
                    vacancy_id: row.try_get("vacancy_id")?,
                    worker_id: row.try_get("worker_id")?,
                    employer_id: row.try_get("employer_id")?,
                    state: stored(InvitationState::parse(&row.try_get::<String, _>("state")?))?,
                    application_id: row.try_get("application_id")?,
                    province_code: row.try_get("province_code")?,
                    invited_by: row.try_get("invited_by")?,
                    created_at: row.try_get("created_at")?,
                    answered_at: row.try_get("answered_at")?,
                })
            }

            async fn invitation_in(conn: &mut Conn, id: i64) -> Result<Option<InvitationRecord>, StoreError> {
                sqlx::query(&format!("SELECT {INVITATION_COLUMNS} FROM invitation WHERE id = $1"))
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?
                    .map(|row| invitation_from_row(&row))
                    .transpose()
            }

            const INTERVIEW_COLUMNS: &str = "id, session_id, application_id, worker_id, \
                 employer_id, vacancy_id, booth, starts, ends, mode, link, attendance, \
                 province_code, created_at, updated_at";

            const OUTCOME_COLUMNS: &str = "id, session_id, worker_id, employer_id, vacancy_id, \
                 outcome, event_id, recorded_by, recorded_at";

            const COUNSELLING_COLUMNS: &str = "id, worker_id, unit, province_code, held_on, \
                 session_id, advice, referred, outcome, counsellor, created_at, updated_at";

            const CLAIM_COLUMNS: &str = "id, worker_id, start_on, months, unit, province_code, \
                 status, created_at, updated_at";

            fn venue_from_row(row: &DbRow) -> Result<VenueRecord, StoreError> {
                Ok(VenueRecord {
                    id: row.try_get("id")?,
                    venue: from_json(&row.try_get::<String, _>("profile")?)?,
                    province_code: row.try_get("province_code")?,
                    created_at: row.try_get("created_at")?,
                    updated_at: row.try_get("updated_at")?,
                })
            }

            fn session_from_row(row: &DbRow) -> Result<SessionRecord, StoreError> {
                Ok(SessionRecord {
                    id: row.try_get("id")?,
                    session: from_json(&row.try_get::<String, _>("draft")?)?,
                    status: stored(SessionStatus::parse(&row.try_get::<String, _>("status")?))?,
                    province_code: row.try_get("province_code")?,
                    plan_id: row.try_get("plan_id")?,
                    booths_taken: to_u32(row.try_get("booths_taken")?, "booths taken")?,
                    seats_taken: to_u32(row.try_get("seats_taken")?, "seats taken")?,
                    employers_waiting: to_u32(row.try_get("employers_waiting")?, "employers waiting")?,
                    workers_waiting: to_u32(row.try_get("workers_waiting")?, "workers waiting")?,
                    created_by: row.try_get("created_by")?,
                    created_at: row.try_get("created_at")?,
                    updated_at: row.try_get("updated_at")?,
                    reported_at: row.try_get("reported_at")?,
                })
            }

            fn registration_from_row(row: &DbRow) -> Result<RegistrationRecord, StoreError> {
                Ok(RegistrationRecord {
                    id: row.try_get("id")?,
                    session_id: row.try_get("session_id")?,
                    party: stored(Party::parse(&row.try_get::<String, _>("party")?))?,
                    party_id: row.try_get("party_id")?,
                    state: stored(RegistrationState::parse(&row.try_get::<String, _>("state")?))?,
                    position: opt_u32(row.try_get("position")?, "position")?,
                    booth: opt_u32(row.try_get("booth")?, "booth")?,
                    channel: stored(Channel::parse(&row.try_get::<String, _>("channel")?))?,
                    vacancies: from_json(&row.try_get::<String, _>("vacancies")?)?,
                    province_code: row.try_get("province_code")?,
                    registered_by: row.try_get("registered_by")?,
                    created_at: row.try_get("created_at")?,
                    updated_at: row.try_get("updated_at")?,
                })
            }

            fn application_from_row(
                row: &DbRow,
                steps: &mut HashMap<i64, Vec<ApplicationStep>>,
            ) -> Result<ApplicationRecord, StoreError> {
                let id: i64 = row.try_get("id")?;
                Ok(ApplicationRecord {
                    id,
                    vacancy_id: row.try_get("vacancy_id")?,
                    worker_id: row.try_get("worker_id")?,
                    employer_id: row.try_get("employer_id")?,
                    status: stored(ApplicationStatus::parse(&row.try_get::<String, _>("status")?))?,
                    province_code: row.try_get("province_code")?,
                    steps: steps.remove(&id).unwrap_or_default(),
                    created_at: row.try_get("created_at")?,
                    updated_at: row.try_get("updated_at")?,
                })
            }

            fn interview_from_row(row: &DbRow) -> Result<InterviewRecord, StoreError> {
                Ok(InterviewRecord {
                    id: row.try_get("id")?,
                    session_id: row.try_get("session_id")?,
                    application_id: row.try_get("application_id")?,
                    worker_id: row.try_get("worker_id")?,
                    employer_id: row.try_get("employer_id")?,
                    vacancy_id: row.try_get("vacancy_id")?,
                    booth: opt_u32(row.try_get("booth")?, "booth")?,
                    starts: row.try_get("starts")?,
                    ends: row.try_get("ends")?,
                    mode: stored(InterviewMode::parse(&row.try_get::<String, _>("mode")?))?,
                    link: row.try_get("link")?,
                    attendance: stored(Attendance::parse(&row.try_get::<String, _>("attendance")?))?,
                    province_code: row.try_get("province_code")?,
                    created_at: row.try_get("created_at")?,
                    updated_at: row.try_get("updated_at")?,
                })
            }

            fn outcome_from_row(row: &DbRow) -> Result<OutcomeRecord, StoreError> {
                Ok(OutcomeRecord {
                    id: row.try_get("id")?,
                    session_id: row.try_get("session_id")?,
                    worker_id: row.try_get("worker_id")?,
                    employer_id: row.try_get("employer_id")?,
                    vacancy_id: row.try_get("vacancy_id")?,
                    outcome: stored(Outcome::parse(&row.try_get::<String, _>("outcome")?))?,
                    event_id: row.try_get("event_id")?,
                    recorded_by: row.try_get("recorded_by")?,
                    recorded_at: row.try_get("recorded_at")?,
                })
            }

            fn counselling_from_row(row: &DbRow) -> Result<CounsellingRecord, StoreError> {
                Ok(CounsellingRecord {
                    id: row.try_get("id")?,
                    worker_id: row.try_get("worker_id")?,
                    unit: parse_unit(&row.try_get::<String, _>("unit")?)?,
                    province_code: row.try_get("province_code")?,
                    on: row.try_get("held_on")?,
                    session_id: row.try_get("session_id")?,
                    advice: row.try_get("advice")?,
                    referred: from_json(&row.try_get::<String, _>("referred")?)?,
                    outcome: stored(CounsellingOutcome::parse(&row.try_get::<String, _>("outcome")?))?,
                    counsellor: row.try_get("counsellor")?,
                    created_at: row.try_get("created_at")?,
                    updated_at: row.try_get("updated_at")?,
                })
            }

            fn claim_from_row(
                row: &DbRow,
                checkins: &mut HashMap<i64, Vec<CheckinRecord>>,
            ) -> Result<ClaimRecord, StoreError> {
                let id: i64 = row.try_get("id")?;
                Ok(ClaimRecord {
                    id,
                    worker_id: row.try_get("worker_id")?,
                    start: row.try_get("start_on")?,
                    months: to_u32(row.try_get("months")?, "months")?,
                    unit: parse_unit(&row.try_get::<String, _>("unit")?)?,
                    province_code: row.try_get("province_code")?,
                    status: stored(ClaimStatus::parse(&row.try_get::<String, _>("status")?))?,
                    checkins: checkins.remove(&id).unwrap_or_default(),
                    created_at: row.try_get("created_at")?,
                    updated_at: row.try_get("updated_at")?,
                })
            }

            fn page_of<'a>(query: &mut sqlx::QueryBuilder<'a, $db>, page: Page) {
                query
                    .push(" LIMIT ")
                    .push_bind(i64::from(page.limit))
                    .push(" OFFSET ")
                    .push_bind(i64::from(page.offset));
            }

            fn push_ids<'a>(query: &mut sqlx::QueryBuilder<'a, $db>, column: &str, ids: &[i64]) {
                if ids.is_empty() {
                    query.push(" AND 1 = 0");
                    return;
                }
                query.push(format!(" AND {column} IN ("));
                let mut separated = query.separated(", ");
                for id in ids {
                    separated.push_bind(*id);
                }
                query.push(")");
            }

            // Venues.

            async fn write_staff(conn: &mut Conn, venue_id: i64, staff: &[i64]) -> Result<(), StoreError> {
                sqlx::query("DELETE FROM venue_staff WHERE venue_id = $1")
                    .bind(venue_id)
                    .execute(&mut *conn)
                    .await?;
                let staff: BTreeSet<i64> = staff.iter().copied().collect();
                if staff.is_empty() {
                    return Ok(());
                }
                let mut insert =
                    sqlx::QueryBuilder::<$db>::new("INSERT INTO venue_staff (venue_id, user_id) ");
                insert.push_values(&staff, |mut row, user_id| {
                    row.push_bind(venue_id).push_bind(*user_id);
                });
                insert.build().execute(&mut *conn).await?;
                Ok(())
            }

            async fn get_venue_in(conn: &mut Conn, id: i64) -> Result<Option<VenueRecord>, StoreError> {
                let row = sqlx::query(&format!("SELECT {VENUE_COLUMNS} FROM venue WHERE id = $1"))
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?;
                row.as_ref().map(venue_from_row).transpose()
            }

            // Sessions.

            /// Locks a session's row for the rest of the transaction and
            /// reads its status and capacity (booths, seats).
            async fn lock_session(
                conn: &mut Conn,
                id: i64,
            ) -> Result<(SessionStatus, u32, u32), StoreError> {
                let row = sqlx::query(&format!(
                    "SELECT status, booths, seats FROM exchange_session WHERE id = $1{}",
                    $store::LOCK_ROWS
                ))
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?
                .ok_or_else(|| StoreError::NotFound { what: format!("session #{id}") })?;
                Ok((
                    stored(SessionStatus::parse(&row.try_get::<String, _>("status")?))?,
                    to_u32(row.try_get("booths")?, "booths")?,
                    to_u32(row.try_get("seats")?, "seats")?,
                ))
            }

            async fn get_session_in(conn: &mut Conn, id: i64) -> Result<Option<SessionRecord>, StoreError> {
                let row = sqlx::query(&format!("{SESSION_SELECT} WHERE s.id = $1"))
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?;
                row.as_ref().map(session_from_row).transpose()
            }

            async fn session_in(conn: &mut Conn, id: i64) -> Result<SessionRecord, StoreError> {
                get_session_in(conn, id)
                    .await?
                    .ok_or_else(|| StoreError::NotFound { what: format!("session #{id}") })
            }

            fn push_session_filter<'a>(
                query: &mut sqlx::QueryBuilder<'a, $db>,
                filter: &'a SessionFilter,
            ) {
                if let Some(area) = &filter.area {
                    push_area(query, "s.province_code", "s.unit", area);
                }
                if let Some(venues) = &filter.venues {
                    push_ids(query, "s.venue_id", venues);
                }
                if let Some(kind) = filter.kind {
                    query.push(" AND s.kind = ").push_bind(kind.as_str());
                }
                if let Some(status) = filter.status {
                    query.push(" AND s.status = ").push_bind(status.as_str());
                }
                if let Some(from) = filter.from {
                    query.push(" AND s.held_on >= ").push_bind(from);
                }
                if let Some(to) = filter.to {
                    query.push(" AND s.held_on <= ").push_bind(to);
                }
                if let Some(plan_id) = &filter.plan_id {
                    query.push(" AND s.plan_id = ").push_bind(plan_id.as_str());
                }
            }

            // Registrations.

            async fn count_registrations(
                conn: &mut Conn,
                session_id: i64,
                party: Party,
                state: RegistrationState,
            ) -> Result<u32, StoreError> {
                let count: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM registration WHERE session_id = $1 AND party = $2 \
                     AND state = $3",
                )
                .bind(session_id)
                .bind(party.as_str())
                .bind(state.as_str())
                .fetch_one(&mut *conn)
                .await?;
                to_u32(count, "registrations")
            }

            async fn taken_booths(conn: &mut Conn, session_id: i64) -> Result<Vec<i64>, StoreError> {
                Ok(sqlx::query_scalar(
                    "SELECT booth FROM registration WHERE session_id = $1 AND party = 'employer' \
                     AND state = 'accepted' AND booth IS NOT NULL",
                )
                .bind(session_id)
                .fetch_all(&mut *conn)
                .await?)
            }

            /// Gives free places of one party to the first in line, in line
            /// order, while places are free; an employer takes `freed` when
            /// it is a free booth of the session, else the lowest free
            /// booth. Returns the ids promoted. The session is locked.
            async fn fill_places(
                conn: &mut Conn,
                session_id: i64,
                party: Party,
                capacity: u32,
                mut freed: Option<i64>,
                now: DateTime<Utc>,
            ) -> Result<Vec<i64>, StoreError> {
                let mut promoted = Vec::new();
                loop {
                    let accepted =
                        count_registrations(conn, session_id, party, RegistrationState::Accepted)
                            .await?;
                    if accepted >= capacity {
                        break;
                    }
                    let next: Option<i64> = sqlx::query_scalar(
                        "SELECT id FROM registration WHERE session_id = $1 AND party = $2 \
                         AND state = 'waiting' ORDER BY seq LIMIT 1",
                    )
                    .bind(session_id)
                    .bind(party.as_str())
                    .fetch_optional(&mut *conn)
                    .await?;
                    let Some(id) = next else { break };
                    let booth = match party {
                        Party::Worker => None,
                        Party::Employer => {
                            let taken = taken_booths(conn, session_id).await?;
                            match freed.take() {
                                Some(booth)
                                    if (1..=i64::from(capacity)).contains(&booth)
                                        && !taken.contains(&booth) =>
                                {
                                    Some(booth)
                                }
                                _ => match lowest_free_booth(&taken, capacity) {
                                    Some(booth) => Some(booth),
                                    None => break,
                                },
                            }
                        }
                    };
                    sqlx::query(
                        "UPDATE registration SET state = 'accepted', booth = $1, accepted_at = $2, \
                         updated_at = $2 WHERE id = $3",
                    )
                    .bind(booth)
                    .bind(now)
                    .bind(id)
                    .execute(&mut *conn)
                    .await?;
                    promoted.push(id);
                }
                Ok(promoted)
            }

            async fn get_registration_in(
                conn: &mut Conn,
                id: i64,
            ) -> Result<Option<RegistrationRecord>, StoreError> {
                let row = sqlx::query(&format!("{REGISTRATION_SELECT} WHERE r.id = $1"))
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?;
                row.as_ref().map(registration_from_row).transpose()
            }

            async fn registration_in(conn: &mut Conn, id: i64) -> Result<RegistrationRecord, StoreError> {
                get_registration_in(conn, id)
                    .await?
                    .ok_or_else(|| StoreError::NotFound { what: format!("registration #{id}") })
            }

            /// A registration's session, party, state and booth, before any
            /// lock (the session is then locked and the row read again).
            async fn registration_head(
                conn: &mut Conn,
                id: i64,
            ) -> Result<(i64, Party, RegistrationState, Option<i64>), StoreError> {
                let row = sqlx::query(
                    "SELECT session_id, party, state, booth FROM registration WHERE id = $1",
                )
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?
                .ok_or_else(|| StoreError::NotFound { what: format!("registration #{id}") })?;
                Ok((
                    row.try_get("session_id")?,
                    stored(Party::parse(&row.try_get::<String, _>("party")?))?,
                    stored(RegistrationState::parse(&row.try_get::<String, _>("state")?))?,
                    row.try_get("booth")?,
                ))
            }

            // Applications.

            async fn steps_of(
                conn: &mut Conn,
                ids: &[i64],
            ) -> Result<HashMap<i64, Vec<ApplicationStep>>, StoreError> {
                let mut steps: HashMap<i64, Vec<ApplicationStep>> = HashMap::new();
                if ids.is_empty() {
                    return Ok(steps);
                }
                let mut query = sqlx::QueryBuilder::<$db>::new(
                    "SELECT application_id, status, moved_at, by_user, note FROM application_step \
                     WHERE 1 = 1",
                );
                push_ids(&mut query, "application_id", ids);
                query.push(" ORDER BY application_id, id");
                for row in query.build().fetch_all(&mut *conn).await? {
                    steps
                        .entry(row.try_get("application_id")?)
                        .or_default()
                        .push(ApplicationStep {
                            status: stored(ApplicationStatus::parse(
                                &row.try_get::<String, _>("status")?,
                            ))?,
                            at: row.try_get("moved_at")?,
                            by: row.try_get("by_user")?,
                            note: row.try_get("note")?,
                        });
                }
                Ok(steps)
            }

            async fn applications_from_rows(
                conn: &mut Conn,
                rows: &[DbRow],
            ) -> Result<Vec<ApplicationRecord>, StoreError> {
                let ids: Vec<i64> = rows
                    .iter()
                    .map(|row| row.try_get("id"))
                    .collect::<Result<_, _>>()?;
                let mut steps = steps_of(conn, &ids).await?;
                rows.iter()
                    .map(|row| application_from_row(row, &mut steps))
                    .collect()
            }

            async fn application_in(conn: &mut Conn, id: i64) -> Result<Option<ApplicationRecord>, StoreError> {
                let rows = sqlx::query(&format!(
                    "SELECT {APPLICATION_COLUMNS} FROM application WHERE id = $1"
                ))
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
                Ok(applications_from_rows(conn, &rows).await?.pop())
            }

            async fn add_step(
                conn: &mut Conn,
                application_id: i64,
                status: ApplicationStatus,
                note: Option<&str>,
                actor: Option<i64>,
                now: DateTime<Utc>,
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO application_step (application_id, status, moved_at, by_user, note) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(application_id)
                .bind(status.as_str())
                .bind(now)
                .bind(actor)
                .bind(note)
                .execute(&mut *conn)
                .await?;
                Ok(())
            }

            /// Checks a hire's event before it is written.
            fn check_hire(hire: &HireEvent<'_>) -> Result<(), StoreError> {
                if hire.event.kind != EventKind::Employed {
                    return Err(invalid(
                        "hire",
                        "Trúng tuyển được ghi bằng sự kiện \"có việc làm\"",
                        "A hire is recorded as an `employed` event",
                    ));
                }
                Ok(())
            }

            fn hire_only_with_a_hire() -> StoreError {
                invalid(
                    "hire",
                    "Chỉ ghi sự kiện việc làm khi trúng tuyển",
                    "A hire's event goes only with a hire",
                )
            }

            fn hire_needs_event() -> StoreError {
                invalid(
                    "hire",
                    "Trúng tuyển cần ghi sự kiện có việc làm",
                    "A hire needs its `employed` event",
                )
            }

            // Interviews.

            async fn get_interview_in(conn: &mut Conn, id: i64) -> Result<Option<InterviewRecord>, StoreError> {
                let row = sqlx::query(&format!(
                    "SELECT {INTERVIEW_COLUMNS} FROM interview WHERE id = $1"
                ))
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?;
                row.as_ref().map(interview_from_row).transpose()
            }

            /// The slots (not cancelled) that a new one must not overlap.
            async fn slots(
                conn: &mut Conn,
                sql: &str,
                first: i64,
                second: Option<i64>,
            ) -> Result<Vec<(chrono::NaiveDateTime, chrono::NaiveDateTime)>, StoreError> {
                let mut query = sqlx::query(sql).bind(first);
                if let Some(second) = second {
                    query = query.bind(second);
                }
                query
                    .fetch_all(&mut *conn)
                    .await?
                    .iter()
                    .map(|row| Ok((row.try_get("starts")?, row.try_get("ends")?)))
                    .collect()
            }

            // Counselling and claims.

            async fn get_counselling_in(
                conn: &mut Conn,
                id: i64,
            ) -> Result<Option<CounsellingRecord>, StoreError> {
                let row = sqlx::query(&format!(
                    "SELECT {COUNSELLING_COLUMNS} FROM counselling WHERE id = $1"
                ))
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?;
                row.as_ref().map(counselling_from_row).transpose()
            }

            async fn claims_from_rows(
                conn: &mut Conn,
                rows: &[DbRow],
            ) -> Result<Vec<ClaimRecord>, StoreError> {
                let ids: Vec<i64> = rows
                    .iter()
                    .map(|row| row.try_get("id"))
                    .collect::<Result<_, _>>()?;
                let mut checkins: HashMap<i64, Vec<CheckinRecord>> = HashMap::new();
                if !ids.is_empty() {
                    let mut query = sqlx::QueryBuilder::<$db>::new(
                        "SELECT claim_id, due, made_on, recorded_by, note FROM ui_checkin WHERE 1 = 1",
                    );
                    push_ids(&mut query, "claim_id", &ids);
                    query.push(" ORDER BY claim_id, due");
                    for row in query.build().fetch_all(&mut *conn).await? {
                        checkins
                            .entry(row.try_get("claim_id")?)
                            .or_default()
                            .push(CheckinRecord {
                                due: row.try_get("due")?,
                                made_on: row.try_get("made_on")?,
                                recorded_by: row.try_get("recorded_by")?,
                                note: row.try_get("note")?,
                            });
                    }
                }
                rows.iter()
                    .map(|row| claim_from_row(row, &mut checkins))
                    .collect()
            }

            async fn claim_in(conn: &mut Conn, id: i64) -> Result<Option<ClaimRecord>, StoreError> {
                let rows = sqlx::query(&format!("SELECT {CLAIM_COLUMNS} FROM ui_claim WHERE id = $1"))
                    .bind(id)
                    .fetch_all(&mut *conn)
                    .await?;
                Ok(claims_from_rows(conn, &rows).await?.pop())
            }

            #[async_trait::async_trait]
            impl Exchange for $store {
                async fn create_venue(
                    &self,
                    venue: &VenueDraft,
                    province_code: &str,
                    now: DateTime<Utc>,
                ) -> Result<VenueRecord, StoreError> {
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO venue (name, kind, unit, province_code, profile, created_at, \
                         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
                    )
                    .bind(&venue.name)
                    .bind(venue.kind.as_str())
                    .bind(venue.unit.to_string())
                    .bind(province_code)
                    .bind(to_json(venue)?)
                    .bind(now)
                    .fetch_one(&mut *transaction)
                    .await?;
                    write_staff(&mut transaction, id, &venue.staff).await?;
                    let record = get_venue_in(&mut transaction, id)
                        .await?
                        .ok_or_else(|| StoreError::NotFound { what: format!("venue #{id}") })?;
                    transaction.commit().await?;
                    Ok(record)
                }

                async fn update_venue(
                    &self,
                    id: i64,
                    venue: &VenueDraft,
                    current_unit: &UnitKey,
                    province_code: &str,
                    now: DateTime<Utc>,
                ) -> Result<VenueRecord, StoreError> {
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let unit: String = sqlx::query_scalar(&format!(
                        "SELECT unit FROM venue WHERE id = $1{}",
                        $store::LOCK_ROWS
                    ))
                    .bind(id)
                    .fetch_optional(&mut *transaction)
                    .await?
                    .ok_or_else(|| StoreError::NotFound { what: format!("venue #{id}") })?;
                    if unit != current_unit.to_string() {
                        return Err(StoreError::Conflict {
                            what: format!("venue #{id}, moved meanwhile to {unit}"),
                        });
                    }
                    sqlx::query(
                        "UPDATE venue SET name = $1, kind = $2, unit = $3, province_code = $4, \
                         profile = $5, updated_at = $6 WHERE id = $7",
                    )
                    .bind(&venue.name)
                    .bind(venue.kind.as_str())
                    .bind(venue.unit.to_string())
                    .bind(province_code)
                    .bind(to_json(venue)?)
                    .bind(now)
                    .bind(id)
                    .execute(&mut *transaction)
                    .await?;
                    write_staff(&mut transaction, id, &venue.staff).await?;
                    let record = get_venue_in(&mut transaction, id)
                        .await?
                        .ok_or_else(|| StoreError::NotFound { what: format!("venue #{id}") })?;
                    transaction.commit().await?;
                    Ok(record)
                }

                async fn get_venue(&self, id: i64) -> Result<Option<VenueRecord>, StoreError> {
                    let mut conn = self.pool.acquire().await?;
                    get_venue_in(&mut conn, id).await
                }

                async fn list_venues(&self, area: &Area, page: Page) -> Result<Vec<VenueRecord>, StoreError> {
                    let mut query = sqlx::QueryBuilder::<$db>::new(format!(
                        "SELECT {VENUE_COLUMNS} FROM venue WHERE 1 = 1"
                    ));
                    push_area(&mut query, "province_code", "unit", area);
                    query.push(" ORDER BY id");
                    page_of(&mut query, page);
                    let rows = query.build().fetch_all(&self.pool).await?;
                    rows.iter().map(venue_from_row).collect()
                }

                async fn venues_of_staff(&self, user_id: i64) -> Result<Vec<i64>, StoreError> {
                    Ok(sqlx::query_scalar(
                        "SELECT venue_id FROM venue_staff WHERE user_id = $1 ORDER BY venue_id",
                    )
                    .bind(user_id)
                    .fetch_all(&self.pool)
                    .await?)
                }

                async fn create_sessions(
                    &self,
                    sessions: &[SessionWrite<'_>],
                    now: DateTime<Utc>,
                ) -> Result<Vec<SessionRecord>, StoreError> {
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let mut ids = Vec::with_capacity(sessions.len());
                    for write in sessions {
                        let draft = write.session;
                        let id: i64 = sqlx::query_scalar(
                            "INSERT INTO exchange_session (kind, unit, province_code, venue_id, \
                             held_on, month, booths, seats, status, plan_id, draft, created_by, \
                             created_at, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, \
                             $7, $8, 'planned', $9, $10, $11, $12, $11, $12) RETURNING id",
                        )
                        .bind(draft.kind.as_str())
                        .bind(draft.unit.to_string())
                        .bind(write.province_code)
                        .bind(draft.venue_id)
                        .bind(draft.date)
                        .bind(month_of(draft.date))
                        .bind(i64::from(draft.booths))
                        .bind(i64::from(draft.seats))
                        .bind(write.plan_id)
                        .bind(to_json(draft)?)
                        .bind(write.actor)
                        .bind(now)
                        .fetch_one(&mut *transaction)
                        .await
                        .map_err(|error| {
                            missing_or_conflict(error, format!("venue #{}", draft.venue_id), "session")
                        })?;
                        ids.push(id);
                    }
                    let mut records = Vec::with_capacity(ids.len());
                    for id in ids {
                        records.push(session_in(&mut transaction, id).await?);
                    }
                    transaction.commit().await?;
                    Ok(records)
                }

                async fn update_session(
                    &self,
                    id: i64,
                    session: &SessionWrite<'_>,
                    now: DateTime<Utc>,
                ) -> Result<SessionRecord, StoreError> {
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let (status, _, _) = lock_session(&mut transaction, id).await?;
                    if !matches!(status, SessionStatus::Planned | SessionStatus::Open) {
                        return Err(invalid(
                            "status",
                            "Chỉ sửa được phiên đang lên kế hoạch hoặc đang nhận đăng ký",
                            "Only a planned session or one open for registration can be edited",
                        ));
                    }
                    let draft = session.session;
                    let booths_taken = count_registrations(
                        &mut transaction,
                        id,
                        Party::Employer,
                        RegistrationState::Accepted,
                    )
                    .await?;
                    if draft.booths < booths_taken {
                        return Err(invalid(
                            "booths",
                            &format!("Đã có {booths_taken} gian được nhận: không giảm dưới số này"),
                            &format!("{booths_taken} booths are taken: the session cannot have fewer"),
                        ));
                    }
                    let seats_taken = count_registrations(
                        &mut transaction,
                        id,
                        Party::Worker,
                        RegistrationState::Accepted,
                    )
                    .await?;
                    if draft.seats < seats_taken {
                        return Err(invalid(
                            "seats",
                            &format!("Đã có {seats_taken} chỗ được nhận: không giảm dưới số này"),
                            &format!("{seats_taken} seats are taken: the session cannot have fewer"),
                        ));
                    }
                    sqlx::query(
                        "UPDATE exchange_session SET kind = $1, unit = $2, province_code = $3, \
                         venue_id = $4, held_on = $5, month = $6, booths = $7, seats = $8, \
                         plan_id = COALESCE($9, plan_id), draft = $10, updated_by = $11, \
                         updated_at = $12 WHERE id = $13",
                    )
                    .bind(draft.kind.as_str())
                    .bind(draft.unit.to_string())
                    .bind(session.province_code)
                    .bind(draft.venue_id)
                    .bind(draft.date)
                    .bind(month_of(draft.date))
                    .bind(i64::from(draft.booths))
                    .bind(i64::from(draft.seats))
                    .bind(session.plan_id)
                    .bind(to_json(draft)?)
                    .bind(session.actor)
                    .bind(now)
                    .bind(id)
                    .execute(&mut *transaction)
                    .await
                    .map_err(|error| {
                        missing_or_conflict(error, format!("venue #{}", draft.venue_id), "session")
                    })?;
                    // More places: the first in line take them.
                    fill_places(&mut transaction, id, Party::Employer, draft.booths, None, now).await?;
                    fill_places(&mut transaction, id, Party::Worker, draft.seats, None, now).await?;
                    let record = session_in(&mut transaction, id).await?;
                    transaction.commit().await?;
                    Ok(record)
                }

                async fn get_session(&self, id: i64) -> Result<Option<SessionRecord>, StoreError> {
                    let mut conn = self.pool.acquire().await?;
                    get_session_in(&mut conn, id).await
                }

                async fn list_sessions(
                    &self,
                    filter: &SessionFilter,
                    page: Page,
                ) -> Result<Vec<SessionRecord>, StoreError> {
                    let mut query =
                        sqlx::QueryBuilder::<$db>::new(format!("{SESSION_SELECT} WHERE 1 = 1"));
                    push_session_filter(&mut query, filter);
                    query.push(" ORDER BY s.held_on, s.id");
                    page_of(&mut query, page);
                    let rows = query.build().fetch_all(&self.pool).await?;
                    rows.iter().map(session_from_row).collect()
                }

                async fn count_sessions(&self, filter: &SessionFilter) -> Result<u64, StoreError> {
                    let mut query = sqlx::QueryBuilder::<$db>::new(
                        "SELECT COUNT(*) FROM exchange_session s WHERE 1 = 1",
                    );
                    push_session_filter(&mut query, filter);
                    let count: i64 = query.build_query_scalar().fetch_one(&self.pool).await?;
                    Ok(count.max(0) as u64)
                }

                async fn move_session(
                    &self,
                    id: i64,
                    to: SessionStatus,
                    actor: Option<i64>,
                    now: DateTime<Utc>,
                ) -> Result<SessionRecord, StoreError> {
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let (status, _, _) = lock_session(&mut transaction, id).await?;
                    if to == SessionStatus::Reported {
                        // Only with its report (file_session_report).
                        return Err(refused(ExchangeError::BadMove {
                            what_vi: "phiên",
                            what_en: "session",
                            from: status.as_str(),
                            to: to.as_str(),
                        }));
                    }
                    status.check_move(to).map_err(refused)?;
                    sqlx::query(
                        "UPDATE exchange_session SET status = $1, updated_by = $2, updated_at = $3 \
                         WHERE id = $4",
                    )
                    .bind(to.as_str())
                    .bind(actor)
                    .bind(now)
                    .bind(id)
                    .execute(&mut *transaction)
                    .await?;
                    let record = session_in(&mut transaction, id).await?;
                    transaction.commit().await?;
                    Ok(record)
                }

                async fn file_session_report(
                    &self,
                    id: i64,
                    report: &serde_json::Value,
                    actor: Option<i64>,
                    now: DateTime<Utc>,
                ) -> Result<SessionRecord, StoreError> {
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let (status, _, _) = lock_session(&mut transaction, id).await?;
                    status.check_move(SessionStatus::Reported).map_err(refused)?;
                    sqlx::query(
                        "UPDATE exchange_session SET status = 'reported', report = $1, \
                         reported_at = $2, updated_by = $3, updated_at = $2 WHERE id = $4",
                    )
                    .bind(to_json(report)?)
                    .bind(now)
                    .bind(actor)
                    .bind(id)
                    .execute(&mut *transaction)
                    .await?;
                    let record = session_in(&mut transaction, id).await?;
                    transaction.commit().await?;
                    Ok(record)
                }

                async fn session_report(&self, id: i64) -> Result<Option<serde_json::Value>, StoreError> {
                    let report: Option<Option<String>> =
                        sqlx::query_scalar("SELECT report FROM exchange_session WHERE id = $1")
                            .bind(id)
                            .fetch_optional(&self.pool)
                            .await?;
                    report.flatten().map(|text| from_json(&text)).transpose()
                }

                async fn session_counts(
                    &self,
                    province_code: Option<&str>,
                ) -> Result<Vec<SessionCount>, StoreError> {
                    let mut query = sqlx::QueryBuilder::<$db>::new(
                        "SELECT kind, unit, month, COUNT(*) AS scheduled, \
                         SUM(CASE WHEN status IN ('running', 'closed', 'reported') THEN 1 ELSE 0 END) \
                         AS held FROM exchange_session WHERE status <> 'cancelled'",
                    );
                    if let Some(code) = province_code {
                        query.push(" AND province_code = ").push_bind(code);
                    }
                    query.push(" GROUP BY kind, unit, month ORDER BY month, kind, unit");
                    let rows = query.build().fetch_all(&self.pool).await?;
                    rows.iter()
                        .map(|row| {
                            Ok(SessionCount {
                                kind: stored(vieclam_exchange::SessionKind::parse(
                                    &row.try_get::<String, _>("kind")?,
                                ))?,
                                unit: parse_unit(&row.try_get::<String, _>("unit")?)?,
                                month: row.try_get("month")?,
                                scheduled: to_u32(row.try_get("scheduled")?, "sessions")?,
                                held: to_u32(row.try_get("held")?, "sessions")?,
                            })
                        })
                        .collect()
                }

                async fn register(
                    &self,
                    registration: &RegistrationWrite<'_>,
                    now: DateTime<Utc>,
                ) -> Result<RegistrationRecord, StoreError> {
                    let session_id = registration.session_id;
                    let party = registration.party;
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let (status, booths, seats) = lock_session(&mut transaction, session_id).await?;
                    let takes_it = match registration.channel {
                        Channel::Online | Channel::Officer => status.takes_registrations(),
                        Channel::WalkIn => status.is_running(),
                    };
                    if !takes_it {
                        return Err(refused(ExchangeError::RegistrationClosed {
                            status: status.as_str(),
                        }));
                    }
                    let live: i64 = sqlx::query_scalar(
                        "SELECT COUNT(*) FROM registration WHERE session_id = $1 AND party = $2 \
                         AND party_id = $3 AND state <> 'cancelled'",
                    )
                    .bind(session_id)
                    .bind(party.as_str())
                    .bind(registration.party_id)
                    .fetch_one(&mut *transaction)
                    .await?;
                    if live > 0 {
                        return Err(refused(ExchangeError::AlreadyRegistered));
                    }
                    let capacity = match party {
                        Party::Worker => seats,
                        Party::Employer => booths,
                    };
                    let accepted = count_registrations(
                        &mut transaction,
                        session_id,
                        party,
                        RegistrationState::Accepted,
                    )
                    .await?;
                    let booth = match party {
                        Party::Employer if accepted < capacity => {
                            lowest_free_booth(&taken_booths(&mut transaction, session_id).await?, booths)
                        }
                        _ => None,
                    };
                    let state = match party {
                        Party::Worker if accepted < capacity => RegistrationState::Accepted,
                        Party::Employer if booth.is_some() => RegistrationState::Accepted,
                        _ => RegistrationState::Waiting,
                    };
                    let seq: i64 = sqlx::query_scalar(
                        "SELECT COALESCE(MAX(seq), 0) + 1 FROM registration WHERE session_id = $1",
                    )
                    .bind(session_id)
                    .fetch_one(&mut *transaction)
                    .await?;
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO registration (session_id, party, party_id, state, seq, booth, \
                         channel, vacancies, province_code, registered_by, accepted_at, \
                         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, \
                         $11, $12, $12) RETURNING id",
                    )
                    .bind(session_id)
                    .bind(party.as_str())
                    .bind(registration.party_id)
                    .bind(state.as_str())
                    .bind(seq)
                    .bind(booth)
                    .bind(registration.channel.as_str())
                    .bind(to_json(&registration.vacancies)?)
                    .bind(registration.province_code)
                    .bind(registration.actor)
                    .bind((state == RegistrationState::Accepted).then_some(now))
                    .bind(now)
                    .fetch_one(&mut *transaction)
                    .await
                    .map_err(|error| match &error {
                        sqlx::Error::Database(database) if database.is_unique_violation() => {
                            refused(ExchangeError::AlreadyRegistered)
                        }
                        _ => StoreError::Database(error),
                    })?;
                    let record = registration_in(&mut transaction, id).await?;
                    transaction.commit().await?;
                    Ok(record)
                }

                async fn cancel_registration(
                    &self,
                    id: i64,
                    actor: Option<i64>,
                    now: DateTime<Utc>,
                ) -> Result<Cancellation, StoreError> {
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let (session_id, _, _, _) = registration_head(&mut transaction, id).await?;
                    let (status, booths, seats) = lock_session(&mut transaction, session_id).await?;
                    // Read again under the lock.
                    let (_, party, state, booth) = registration_head(&mut transaction, id).await?;
                    if state == RegistrationState::Cancelled {
                        return Err(refused(ExchangeError::BadMove {
                            what_vi: "đăng ký",
                            what_en: "registration",
                            from: state.as_str(),
                            to: RegistrationState::Cancelled.as_str(),
                        }));
                    }
                    if !matches!(status, SessionStatus::Open | SessionStatus::Running) {
                        return Err(refused(ExchangeError::RegistrationClosed {
                            status: status.as_str(),
                        }));
                    }
                    sqlx::query(
                        "UPDATE registration SET state = 'cancelled', booth = NULL, \
                         cancelled_by = $1, updated_at = $2 WHERE id = $3",
                    )
                    .bind(actor)
                    .bind(now)
                    .bind(id)
                    .execute(&mut *transaction)
                    .await?;
                    let promoted = if state == RegistrationState::Accepted {
                        let capacity = match party {
                            Party::Worker => seats,
                            Party::Employer => booths,
                        };
                        fill_places(&mut transaction, session_id, party, capacity, booth, now).await?
                    } else {
                        Vec::new()
                    };
                    let cancelled = registration_in(&mut transaction, id).await?;
                    let promoted = match promoted.first() {
                        Some(&promoted) => Some(registration_in(&mut transaction, promoted).await?),
                        None => None,
                    };
                    transaction.commit().await?;
                    Ok(Cancellation { cancelled, promoted })
                }

                async fn set_registration_vacancies(
                    &self,
                    id: i64,
                    vacancies: &[i64],
                    now: DateTime<Utc>,
                ) -> Result<RegistrationRecord, StoreError> {
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let (session_id, _, _, _) = registration_head(&mut transaction, id).await?;
                    let (status, _, _) = lock_session(&mut transaction, session_id).await?;
                    let (_, party, state, _) = registration_head(&mut transaction, id).await?;
                    if !matches!(status, SessionStatus::Open | SessionStatus::Running) {
                        return Err(refused(ExchangeError::RegistrationClosed {
                            status: status.as_str(),
                        }));
                    }
                    if party != Party::Employer {
                        return Err(invalid(
                            "vacancies",
                            "Chỉ người sử dụng lao động mang vị trí việc làm đến phiên",
                            "Only an employer brings vacancies to a session",
                        ));
                    }
                    if state == RegistrationState::Cancelled {
                        return Err(invalid(
                            "state",
                            "Đăng ký đã hủy",
                            "The registration is cancelled",
                        ));
                    }
                    sqlx::query("UPDATE registration SET vacancies = $1, updated_at = $2 WHERE id = $3")
                        .bind(to_json(&vacancies)?)
                        .bind(now)
                        .bind(id)
                        .execute(&mut *transaction)
                        .await?;
                    let record = registration_in(&mut transaction, id).await?;
                    transaction.commit().await?;
                    Ok(record)
                }

                async fn get_registration(&self, id: i64) -> Result<Option<RegistrationRecord>, StoreError> {
                    let mut conn = self.pool.acquire().await?;
                    get_registration_in(&mut conn, id).await
                }

                async fn list_registrations(
                    &self,
                    session_id: i64,
                    party: Option<Party>,
                    state: Option<RegistrationState>,
                    page: Page,
                ) -> Result<Vec<RegistrationRecord>, StoreError> {
                    let mut query = sqlx::QueryBuilder::<$db>::new(format!(
                        "{REGISTRATION_SELECT} WHERE r.session_id = "
                    ));
                    query.push_bind(session_id);
                    if let Some(party) = party {
                        query.push(" AND r.party = ").push_bind(party.as_str());
                    }
                    if let Some(state) = state {
                        query.push(" AND r.state = ").push_bind(state.as_str());
                    }
                    query.push(
                        " ORDER BY CASE r.state WHEN 'accepted' THEN 0 WHEN 'waiting' THEN 1 \
                         ELSE 2 END, CASE WHEN r.state = 'accepted' THEN r.accepted_at END, r.seq",
                    );
                    page_of(&mut query, page);
                    let rows = query.build().fetch_all(&self.pool).await?;
                    rows.iter().map(registration_from_row).collect()
                }

                async fn registrations_of(
                    &self,
                    party: Party,
                    party_id: i64,
                    page: Page,
                ) -> Result<Vec<RegistrationRecord>, StoreError> {
                    let mut query = sqlx::QueryBuilder::<$db>::new(format!(
                        "{REGISTRATION_SELECT} WHERE r.party = "
                    ));
                    query
                        .push_bind(party.as_str())
                        .push(" AND r.party_id = ")
                        .push_bind(party_id)
                        .push(" ORDER BY r.id DESC");
                    page_of(&mut query, page);
                    let rows = query.build().fetch_all(&self.pool).await?;
                    rows.iter().map(registration_from_row).collect()
                }

                async fn create_application(
                    &self,
                    application: &ApplicationWrite<'_>,
                    now: DateTime<Utc>,
                ) -> Result<ApplicationRecord, StoreError> {
                    let what = format!(
                        "an application of worker #{} to vacancy #{}",
                        application.worker_id, application.vacancy_id
                    );
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let live: i64 = sqlx::query_scalar(
                        "SELECT COUNT(*) FROM application WHERE vacancy_id = $1 AND worker_id = $2 \
                         AND status <> 'withdrawn'",
                    )
                    .bind(application.vacancy_id)
                    .bind(application.worker_id)
                    .fetch_one(&mut *transaction)
                    .await?;
                    if live > 0 {
                        return Err(StoreError::Conflict { what });
                    }
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO application (vacancy_id, worker_id, employer_id, status, \
                         province_code, created_by, created_at, updated_at) VALUES ($1, $2, $3, \
                         'received', $4, $5, $6, $6) RETURNING id",
                    )
                    .bind(application.vacancy_id)
                    .bind(application.worker_id)
                    .bind(application.employer_id)
                    .bind(application.province_code)
                    .bind(application.actor)
                    .bind(now)
                    .fetch_one(&mut *transaction)
                    .await
                    .map_err(|error| {
                        missing_or_conflict(error, format!("worker #{}", application.worker_id), what)
                    })?;
                    add_step(
                        &mut transaction,
                        id,
                        ApplicationStatus::Received,
                        application.note,
                        application.actor,
                        now,
                    )
                    .await?;
                    let record = application_in(&mut transaction, id)
                        .await?
                        .ok_or_else(|| StoreError::NotFound { what: format!("application #{id}") })?;
                    transaction.commit().await?;
                    Ok(record)
                }

                async fn get_application(&self, id: i64) -> Result<Option<ApplicationRecord>, StoreError> {
                    let mut conn = self.pool.acquire().await?;
                    application_in(&mut conn, id).await
                }

                async fn list_applications(
                    &self,
                    filter: &ApplicationFilter,
                    page: Page,
                ) -> Result<Vec<ApplicationRecord>, StoreError> {
                    let mut query = sqlx::QueryBuilder::<$db>::new(format!(
                        "SELECT {APPLICATION_COLUMNS} FROM application WHERE 1 = 1"
                    ));
                    if let Some(vacancy_id) = filter.vacancy_id {
                        query.push(" AND vacancy_id = ").push_bind(vacancy_id);
                    }
                    if let Some(worker_id) = filter.worker_id {
                        query.push(" AND worker_id = ").push_bind(worker_id);
                    }
                    if let Some(employer_id) = filter.employer_id {
                        query.push(" AND employer_id = ").push_bind(employer_id);
                    }
                    if let Some(status) = filter.status {
                        query.push(" AND status = ").push_bind(status.as_str());
                    }
                    query.push(" ORDER BY id DESC");
                    page_of(&mut query, page);
                    let mut conn = self.pool.acquire().await?;
                    let rows = query.build().fetch_all(&mut *conn).await?;
                    applications_from_rows(&mut conn, &rows).await
                }

                async fn create_invitation(
                    &self,
                    invitation: &InvitationWrite<'_>,
                    now: DateTime<Utc>,
                ) -> Result<InvitationRecord, StoreError> {
                    let what = format!(
                        "an invitation of worker #{} to vacancy #{}",
                        invitation.worker_id, invitation.vacancy_id
                    );
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO invitation (vacancy_id, worker_id, employer_id, state, \
                         province_code, invited_by, created_at) VALUES ($1, $2, $3, 'sent', $4, $5, \
                         $6) RETURNING id",
                    )
                    .bind(invitation.vacancy_id)
                    .bind(invitation.worker_id)
                    .bind(invitation.employer_id)
                    .bind(invitation.province_code)
                    .bind(invitation.actor)
                    .bind(now)
                    .fetch_one(&mut *transaction)
                    .await
                    .map_err(|error| {
                        missing_or_conflict(error, format!("worker #{}", invitation.worker_id), what)
                    })?;
                    let record = invitation_in(&mut transaction, id)
                        .await?
                        .ok_or_else(|| StoreError::NotFound { what: format!("invitation #{id}") })?;
                    transaction.commit().await?;
                    Ok(record)
                }

                async fn get_invitation(&self, id: i64) -> Result<Option<InvitationRecord>, StoreError> {
                    let mut conn = self.pool.acquire().await?;
                    invitation_in(&mut conn, id).await
                }

                async fn list_invitations(
                    &self,
                    filter: &InvitationFilter,
                    page: Page,
                ) -> Result<Vec<InvitationRecord>, StoreError> {
                    let mut query = sqlx::QueryBuilder::<$db>::new(format!(
                        "SELECT {INVITATION_COLUMNS} FROM invitation WHERE 1 = 1"
                    ));
                    if let Some(vacancy_id) = filter.vacancy_id {
                        query.push(" AND vacancy_id = ").push_bind(vacancy_id);
                    }
                    if let Some(worker_id) = filter.worker_id {
                        query.push(" AND worker_id = ").push_bind(worker_id);
                    }
                    if let Some(employer_id) = filter.employer_id {
                        query.push(" AND employer_id = ").push_bind(employer_id);
                    }
                    if let Some(state) = filter.state {
                        query.push(" AND state = ").push_bind(state.as_str());
                    }
                    query.push(" ORDER BY id DESC");
                    page_of(&mut query, page);
                    let mut conn = self.pool.acquire().await?;
                    query
                        .build()
                        .fetch_all(&mut *conn)
                        .await?
                        .iter()
                        .map(invitation_from_row)
                        .collect()
                }

                async fn answer_invitation(
                    &self,
                    id: i64,
                    answer: InvitationState,
                    application_id: Option<i64>,
                    now: DateTime<Utc>,
                ) -> Result<InvitationRecord, StoreError> {
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let row = sqlx::query(&format!(
                        "SELECT vacancy_id, worker_id, state FROM invitation WHERE id = $1{}",
                        $store::LOCK_ROWS
                    ))
                    .bind(id)
                    .fetch_optional(&mut *transaction)
                    .await?
                    .ok_or_else(|| StoreError::NotFound { what: format!("invitation #{id}") })?;
                    let vacancy_id: i64 = row.try_get("vacancy_id")?;
                    let worker_id: i64 = row.try_get("worker_id")?;
                    let state = stored(InvitationState::parse(&row.try_get::<String, _>("state")?))?;
                    state.check_answer(answer).map_err(refused)?;
                    match (answer, application_id) {
                        (InvitationState::Accepted, Some(application_id)) => {
                            let same: i64 = sqlx::query_scalar(
                                "SELECT COUNT(*) FROM application WHERE id = $1 AND worker_id = $2 \
                                 AND vacancy_id = $3",
                            )
                            .bind(application_id)
                            .bind(worker_id)
                            .bind(vacancy_id)
                            .fetch_one(&mut *transaction)
                            .await?;
                            if same == 0 {
                                return Err(invalid(
                                    "application_id",
                                    "Hồ sơ ứng tuyển không phải của người được mời cho vị trí này",
                                    "The application is not the invited worker's to this vacancy",
                                ));
                            }
                        }
                        (InvitationState::Accepted, None) => {
                            return Err(invalid(
                                "application_id",
                                "Nhận lời mời là ứng tuyển: cần hồ sơ ứng tuyển",
                                "Accepting an invitation applies: an application is needed",
                            ));
                        }
                        (_, Some(_)) => {
                            return Err(invalid(
                                "application_id",
                                "Chỉ lời mời được nhận mới có hồ sơ ứng tuyển",
                                "Only an accepted invitation has an application",
                            ));
                        }
                        (_, None) => {}
                    }
                    sqlx::query(
                        "UPDATE invitation SET state = $1, application_id = $2, answered_at = $3 \
                         WHERE id = $4",
                    )
                    .bind(answer.as_str())
                    .bind(application_id)
                    .bind(now)
                    .bind(id)
                    .execute(&mut *transaction)
                    .await?;
                    let record = invitation_in(&mut transaction, id)
                        .await?
                        .ok_or_else(|| StoreError::NotFound { what: format!("invitation #{id}") })?;
                    transaction.commit().await?;
                    Ok(record)
                }

                async fn move_application(
                    &self,
                    id: i64,
                    to: ApplicationStatus,
                    note: Option<&str>,
                    hire: Option<&HireEvent<'_>>,
                    actor: Option<i64>,
                    now: DateTime<Utc>,
                ) -> Result<(ApplicationRecord, Option<EventRecord>), StoreError> {
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let row = sqlx::query(&format!(
                        "SELECT worker_id, status FROM application WHERE id = $1{}",
                        $store::LOCK_ROWS
                    ))
                    .bind(id)
                    .fetch_optional(&mut *transaction)
                    .await?
                    .ok_or_else(|| StoreError::NotFound { what: format!("application #{id}") })?;
                    let worker_id: i64 = row.try_get("worker_id")?;
                    let status = stored(ApplicationStatus::parse(&row.try_get::<String, _>("status")?))?;
                    status.check_move(to).map_err(refused)?;
                    let event = match (to, hire) {
                        (ApplicationStatus::Hired, Some(hire)) => {
                            check_hire(hire)?;
                            Some(
                                add_event_tx(
                                    &mut transaction,
                                    worker_id,
                                    hire.event,
                                    hire.province_code,
                                    actor,
                                    now,
                                )
                                .await?,
                            )
                        }
                        (ApplicationStatus::Hired, None) => return Err(hire_needs_event()),
                        (_, Some(_)) => return Err(hire_only_with_a_hire()),
                        (_, None) => None,
                    };
                    sqlx::query("UPDATE application SET status = $1, updated_at = $2 WHERE id = $3")
                        .bind(to.as_str())
                        .bind(now)
                        .bind(id)
                        .execute(&mut *transaction)
                        .await?;
                    add_step(&mut transaction, id, to, note, actor, now).await?;
                    let record = application_in(&mut transaction, id)
                        .await?
                        .ok_or_else(|| StoreError::NotFound { what: format!("application #{id}") })?;
                    transaction.commit().await?;
                    Ok((record, event))
                }

                async fn book_interview(
                    &self,
                    interview: &InterviewWrite<'_>,
                    now: DateTime<Utc>,
                ) -> Result<InterviewRecord, StoreError> {
                    if interview.session_id.is_none() && interview.application_id.is_none() {
                        return Err(invalid(
                            "session_id",
                            "Lịch phỏng vấn thuộc một phiên hoặc một hồ sơ ứng tuyển",
                            "An interview belongs to a session or an application",
                        ));
                    }
                    if interview.booth.is_some() && interview.session_id.is_none() {
                        return Err(invalid(
                            "booth",
                            "Chỉ phỏng vấn tại phiên mới có gian tuyển dụng",
                            "Only an interview at a session has a booth",
                        ));
                    }
                    vieclam_exchange::interview::check_slot(
                        interview.starts,
                        interview.ends,
                        interview.mode,
                        interview.link,
                    )
                    .map_err(refused)?;
                    let slot = (interview.starts, interview.ends);
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    if let Some(session_id) = interview.session_id {
                        let (status, _, _) = lock_session(&mut transaction, session_id).await?;
                        if !matches!(status, SessionStatus::Open | SessionStatus::Running) {
                            return Err(invalid(
                                "session_id",
                                "Chỉ hẹn phỏng vấn khi phiên đang nhận đăng ký hoặc đang diễn ra",
                                "Interviews are booked while the session is open or running",
                            ));
                        }
                    }
                    if let Some(application_id) = interview.application_id {
                        let row = sqlx::query(
                            "SELECT worker_id, vacancy_id, status FROM application WHERE id = $1",
                        )
                        .bind(application_id)
                        .fetch_optional(&mut *transaction)
                        .await?
                        .ok_or_else(|| StoreError::NotFound {
                            what: format!("application #{application_id}"),
                        })?;
                        let status =
                            stored(ApplicationStatus::parse(&row.try_get::<String, _>("status")?))?;
                        if row.try_get::<i64, _>("worker_id")? != interview.worker_id
                            || row.try_get::<i64, _>("vacancy_id")? != interview.vacancy_id
                        {
                            return Err(invalid(
                                "application_id",
                                "Hồ sơ ứng tuyển là của người lao động hoặc vị trí khác",
                                "The application is another worker's or for another vacancy",
                            ));
                        }
                        if status.is_final() {
                            return Err(invalid(
                                "application_id",
                                "Hồ sơ ứng tuyển đã có kết quả",
                                "The application is decided",
                            ));
                        }
                    }
                    // The worker's row serialises the bookings of one worker.
                    let worker: Option<i64> = sqlx::query_scalar(&format!(
                        "SELECT id FROM worker WHERE id = $1{}",
                        $store::LOCK_ROWS
                    ))
                    .bind(interview.worker_id)
                    .fetch_optional(&mut *transaction)
                    .await?;
                    if worker.is_none() {
                        return Err(StoreError::NotFound {
                            what: format!("worker #{}", interview.worker_id),
                        });
                    }
                    let of_worker = slots(
                        &mut transaction,
                        "SELECT starts, ends FROM interview WHERE worker_id = $1 \
                         AND attendance <> 'cancelled'",
                        interview.worker_id,
                        None,
                    )
                    .await?;
                    let of_booth = match (interview.session_id, interview.booth) {
                        (Some(session_id), Some(booth)) => {
                            slots(
                                &mut transaction,
                                "SELECT starts, ends FROM interview WHERE session_id = $1 \
                                 AND booth = $2 AND attendance <> 'cancelled'",
                                session_id,
                                Some(i64::from(booth)),
                            )
                            .await?
                        }
                        _ => Vec::new(),
                    };
                    if of_worker
                        .iter()
                        .chain(&of_booth)
                        .any(|other| vieclam_exchange::interview::overlaps(slot, *other))
                    {
                        return Err(refused(ExchangeError::SlotOverlap));
                    }
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO interview (session_id, application_id, worker_id, employer_id, \
                         vacancy_id, booth, starts, ends, mode, link, attendance, province_code, \
                         created_by, created_at, updated_by, updated_at) VALUES ($1, $2, $3, $4, \
                         $5, $6, $7, $8, $9, $10, 'scheduled', $11, $12, $13, $12, $13) RETURNING id",
                    )
                    .bind(interview.session_id)
                    .bind(interview.application_id)
                    .bind(interview.worker_id)
                    .bind(interview.employer_id)
                    .bind(interview.vacancy_id)
                    .bind(interview.booth.map(i64::from))
                    .bind(interview.starts)
                    .bind(interview.ends)
                    .bind(interview.mode.as_str())
                    .bind(interview.link)
                    .bind(interview.province_code)
                    .bind(interview.actor)
                    .bind(now)
                    .fetch_one(&mut *transaction)
                    .await?;
                    let record = get_interview_in(&mut transaction, id)
                        .await?
                        .ok_or_else(|| StoreError::NotFound { what: format!("interview #{id}") })?;
                    transaction.commit().await?;
                    Ok(record)
                }

                async fn set_attendance(
                    &self,
                    id: i64,
                    attendance: Attendance,
                    actor: Option<i64>,
                    now: DateTime<Utc>,
                ) -> Result<InterviewRecord, StoreError> {
                    let row = sqlx::query(&format!(
                        "UPDATE interview SET attendance = $1, updated_by = $2, updated_at = $3 \
                         WHERE id = $4 RETURNING {INTERVIEW_COLUMNS}"
                    ))
                    .bind(attendance.as_str())
                    .bind(actor)
                    .bind(now)
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?
                    .ok_or_else(|| StoreError::NotFound { what: format!("interview #{id}") })?;
                    interview_from_row(&row)
                }

                async fn get_interview(&self, id: i64) -> Result<Option<InterviewRecord>, StoreError> {
                    let mut conn = self.pool.acquire().await?;
                    get_interview_in(&mut conn, id).await
                }

                async fn list_interviews(
                    &self,
                    filter: &InterviewFilter,
                    page: Page,
                ) -> Result<Vec<InterviewRecord>, StoreError> {
                    let mut query = sqlx::QueryBuilder::<$db>::new(format!(
                        "SELECT {INTERVIEW_COLUMNS} FROM interview WHERE 1 = 1"
                    ));
                    if let Some(session_id) = filter.session_id {
                        query.push(" AND session_id = ").push_bind(session_id);
                    }
                    if let Some(application_id) = filter.application_id {
                        query.push(" AND application_id = ").push_bind(application_id);
                    }
                    if let Some(worker_id) = filter.worker_id {
                        query.push(" AND worker_id = ").push_bind(worker_id);
                    }
                    if let Some(employer_id) = filter.employer_id {
                        query.push(" AND employer_id = ").push_bind(employer_id);
                    }
                    query.push(" ORDER BY starts, id");
                    page_of(&mut query, page);
                    let rows = query.build().fetch_all(&self.pool).await?;
                    rows.iter().map(interview_from_row).collect()
                }

                async fn record_outcome(
                    &self,
                    outcome: &OutcomeWrite<'_>,
                    hire: Option<&HireEvent<'_>>,
                    now: DateTime<Utc>,
                ) -> Result<OutcomeRecord, StoreError> {
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let (status, _, _) = lock_session(&mut transaction, outcome.session_id).await?;
                    if !matches!(status, SessionStatus::Running | SessionStatus::Closed) {
                        return Err(invalid(
                            "status",
                            "Chỉ ghi kết quả khi phiên đang diễn ra hoặc đã kết thúc",
                            "Outcomes are recorded while the session runs or once it closed",
                        ));
                    }
                    let attended: i64 = sqlx::query_scalar(
                        "SELECT COUNT(*) FROM interview WHERE session_id = $1 AND worker_id = $2 \
                         AND vacancy_id = $3 AND attendance = 'attended'",
                    )
                    .bind(outcome.session_id)
                    .bind(outcome.worker_id)
                    .bind(outcome.vacancy_id)
                    .fetch_one(&mut *transaction)
                    .await?;
                    if attended == 0 {
                        return Err(match outcome.outcome {
                            Outcome::Hired => refused(ExchangeError::HireWithoutInterview),
                            _ => invalid(
                                "outcome",
                                "Chưa có lượt phỏng vấn đã tham dự của người lao động cho vị trí này tại phiên",
                                "The worker has no attended interview for this vacancy at this session",
                            ),
                        });
                    }
                    let event_id = match (outcome.outcome, hire) {
                        (Outcome::Hired, Some(hire)) => {
                            check_hire(hire)?;
                            let latest: Option<String> = sqlx::query_scalar(
                                "SELECT outcome FROM session_outcome WHERE session_id = $1 \
                                 AND worker_id = $2 AND vacancy_id = $3 ORDER BY id DESC LIMIT 1",
                            )
                            .bind(outcome.session_id)
                            .bind(outcome.worker_id)
                            .bind(outcome.vacancy_id)
                            .fetch_optional(&mut *transaction)
                            .await?;
                            if latest.as_deref() == Some(Outcome::Hired.as_str()) {
                                return Err(StoreError::Conflict {
                                    what: format!(
                                        "the hire of worker #{} for vacancy #{} at session #{}",
                                        outcome.worker_id, outcome.vacancy_id, outcome.session_id
                                    ),
                                });
                            }
                            let event = add_event_tx(
                                &mut transaction,
                                outcome.worker_id,
                                hire.event,
                                hire.province_code,
                                outcome.actor,
                                now,
                            )
                            .await?;
                            Some(event.id)
                        }
                        (Outcome::Hired, None) => return Err(hire_needs_event()),
                        (_, Some(_)) => return Err(hire_only_with_a_hire()),
                        (_, None) => None,
                    };
                    let row = sqlx::query(&format!(
                        "INSERT INTO session_outcome (session_id, worker_id, employer_id, \
                         vacancy_id, outcome, event_id, province_code, recorded_by, recorded_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING {OUTCOME_COLUMNS}"
                    ))
                    .bind(outcome.session_id)
                    .bind(outcome.worker_id)
                    .bind(outcome.employer_id)
                    .bind(outcome.vacancy_id)
                    .bind(outcome.outcome.as_str())
                    .bind(event_id)
                    .bind(outcome.province_code)
                    .bind(outcome.actor)
                    .bind(now)
                    .fetch_one(&mut *transaction)
                    .await
                    .map_err(|error| {
                        missing_or_conflict(error, format!("worker #{}", outcome.worker_id), "outcome")
                    })?;
                    let record = outcome_from_row(&row)?;
                    transaction.commit().await?;
                    Ok(record)
                }

                async fn list_outcomes(&self, session_id: i64) -> Result<Vec<OutcomeRecord>, StoreError> {
                    let rows = sqlx::query(&format!(
                        "SELECT {OUTCOME_COLUMNS} FROM session_outcome WHERE session_id = $1 ORDER BY id"
                    ))
                    .bind(session_id)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.iter().map(outcome_from_row).collect()
                }

                async fn create_counselling(
                    &self,
                    counselling: &CounsellingWrite<'_>,
                    now: DateTime<Utc>,
                ) -> Result<CounsellingRecord, StoreError> {
                    let row = sqlx::query(&format!(
                        "INSERT INTO counselling (worker_id, unit, province_code, held_on, month, \
                         session_id, advice, referred, outcome, counsellor, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) \
                         RETURNING {COUNSELLING_COLUMNS}"
                    ))
                    .bind(counselling.worker_id)
                    .bind(counselling.unit.to_string())
                    .bind(counselling.province_code)
                    .bind(counselling.on)
                    .bind(month_of(counselling.on))
                    .bind(counselling.session_id)
                    .bind(counselling.advice)
                    .bind(to_json(&counselling.referred)?)
                    .bind(counselling.outcome.as_str())
                    .bind(counselling.actor)
                    .bind(now)
                    .fetch_one(&self.pool)
                    .await
                    .map_err(|error| {
                        missing_or_conflict(
                            error,
                            format!("worker #{} or its session", counselling.worker_id),
                            "counselling",
                        )
                    })?;
                    counselling_from_row(&row)
                }

                async fn get_counselling(&self, id: i64) -> Result<Option<CounsellingRecord>, StoreError> {
                    let mut conn = self.pool.acquire().await?;
                    get_counselling_in(&mut conn, id).await
                }

                async fn set_counselling_outcome(
                    &self,
                    id: i64,
                    outcome: CounsellingOutcome,
                    now: DateTime<Utc>,
                ) -> Result<CounsellingRecord, StoreError> {
                    let row = sqlx::query(&format!(
                        "UPDATE counselling SET outcome = $1, updated_at = $2 WHERE id = $3 \
                         RETURNING {COUNSELLING_COLUMNS}"
                    ))
                    .bind(outcome.as_str())
                    .bind(now)
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?
                    .ok_or_else(|| StoreError::NotFound { what: format!("counselling #{id}") })?;
                    counselling_from_row(&row)
                }

                async fn list_counselling(
                    &self,
                    filter: &CounsellingFilter,
                    page: Page,
                ) -> Result<Vec<CounsellingRecord>, StoreError> {
                    let mut query = sqlx::QueryBuilder::<$db>::new(format!(
                        "SELECT {COUNSELLING_COLUMNS} FROM counselling WHERE 1 = 1"
                    ));
                    if let Some(area) = &filter.area {
                        push_area(&mut query, "province_code", "unit", area);
                    }
                    if let Some(worker_id) = filter.worker_id {
                        query.push(" AND worker_id = ").push_bind(worker_id);
                    }
                    if let Some(from) = filter.from {
                        query.push(" AND held_on >= ").push_bind(from);
                    }
                    if let Some(to) = filter.to {
                        query.push(" AND held_on <= ").push_bind(to);
                    }
                    query.push(" ORDER BY held_on DESC, id DESC");
                    page_of(&mut query, page);
                    let rows = query.build().fetch_all(&self.pool).await?;
                    rows.iter().map(counselling_from_row).collect()
                }

                async fn counselling_counts(
                    &self,
                    province_code: Option<&str>,
                ) -> Result<Vec<CounsellingCount>, StoreError> {
                    let mut query = sqlx::QueryBuilder::<$db>::new(
                        "SELECT unit, month, COUNT(*) AS n FROM counselling WHERE 1 = 1",
                    );
                    if let Some(code) = province_code {
                        query.push(" AND province_code = ").push_bind(code);
                    }
                    query.push(" GROUP BY unit, month ORDER BY month, unit");
                    let rows = query.build().fetch_all(&self.pool).await?;
                    rows.iter()
                        .map(|row| {
                            Ok(CounsellingCount {
                                unit: parse_unit(&row.try_get::<String, _>("unit")?)?,
                                month: row.try_get("month")?,
                                count: to_u32(row.try_get("n")?, "counsellings")?,
                            })
                        })
                        .collect()
                }

                async fn create_claim(
                    &self,
                    claim: &ClaimWrite<'_>,
                    now: DateTime<Utc>,
                ) -> Result<ClaimRecord, StoreError> {
                    vieclam_exchange::claim::check_months(claim.months).map_err(refused)?;
                    let what = format!("an active claim of worker #{}", claim.worker_id);
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let active: i64 = sqlx::query_scalar(
                        "SELECT COUNT(*) FROM ui_claim WHERE worker_id = $1 AND status = 'active'",
                    )
                    .bind(claim.worker_id)
                    .fetch_one(&mut *transaction)
                    .await?;
                    if active > 0 {
                        return Err(StoreError::Conflict { what });
                    }
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO ui_claim (worker_id, start_on, months, unit, province_code, \
                         status, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, \
                         'active', $6, $7, $7) RETURNING id",
                    )
                    .bind(claim.worker_id)
                    .bind(claim.start)
                    .bind(i64::from(claim.months))
                    .bind(claim.unit.to_string())
                    .bind(claim.province_code)
                    .bind(claim.actor)
                    .bind(now)
                    .fetch_one(&mut *transaction)
                    .await
                    .map_err(|error| {
                        missing_or_conflict(error, format!("worker #{}", claim.worker_id), what)
                    })?;
                    let record = claim_in(&mut transaction, id)
                        .await?
                        .ok_or_else(|| StoreError::NotFound { what: format!("claim #{id}") })?;
                    transaction.commit().await?;
                    Ok(record)
                }

                async fn get_claim(&self, id: i64) -> Result<Option<ClaimRecord>, StoreError> {
                    let mut conn = self.pool.acquire().await?;
                    claim_in(&mut conn, id).await
                }

                async fn list_claims(
                    &self,
                    filter: &ClaimFilter,
                    page: Page,
                ) -> Result<Vec<ClaimRecord>, StoreError> {
                    let mut query = sqlx::QueryBuilder::<$db>::new(format!(
                        "SELECT {CLAIM_COLUMNS} FROM ui_claim WHERE 1 = 1"
                    ));
                    if let Some(area) = &filter.area {
                        push_area(&mut query, "province_code", "unit", area);
                    }
                    if let Some(worker_id) = filter.worker_id {
                        query.push(" AND worker_id = ").push_bind(worker_id);
                    }
                    if let Some(status) = filter.status {
                        query.push(" AND status = ").push_bind(status.as_str());
                    }
                    query.push(" ORDER BY id");
                    page_of(&mut query, page);
                    let mut conn = self.pool.acquire().await?;
                    let rows = query.build().fetch_all(&mut *conn).await?;
                    claims_from_rows(&mut conn, &rows).await
                }

                async fn record_checkin(
                    &self,
                    claim_id: i64,
                    checkin: &CheckinRecord,
                    now: DateTime<Utc>,
                ) -> Result<ClaimRecord, StoreError> {
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let row = sqlx::query(&format!(
                        "SELECT start_on, months FROM ui_claim WHERE id = $1{}",
                        $store::LOCK_ROWS
                    ))
                    .bind(claim_id)
                    .fetch_optional(&mut *transaction)
                    .await?
                    .ok_or_else(|| StoreError::NotFound { what: format!("claim #{claim_id}") })?;
                    let start = row.try_get("start_on")?;
                    let months = to_u32(row.try_get("months")?, "months")?;
                    if !vieclam_exchange::claim::due_dates(start, months).contains(&checkin.due) {
                        return Err(invalid(
                            "due",
                            "Không phải ngày hẹn thông báo tìm kiếm việc làm của hồ sơ này",
                            "Not an appointed check-in day of this claim",
                        ));
                    }
                    sqlx::query(
                        "INSERT INTO ui_checkin (claim_id, due, made_on, recorded_by, note, \
                         recorded_at) VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(claim_id)
                    .bind(checkin.due)
                    .bind(checkin.made_on)
                    .bind(checkin.recorded_by)
                    .bind(checkin.note.as_deref())
                    .bind(now)
                    .execute(&mut *transaction)
                    .await
                    .map_err(|error| {
                        missing_or_conflict(
                            error,
                            format!("claim #{claim_id}"),
                            format!("the check-in of claim #{claim_id} due {}", checkin.due),
                        )
                    })?;
                    sqlx::query("UPDATE ui_claim SET updated_at = $1 WHERE id = $2")
                        .bind(now)
                        .bind(claim_id)
                        .execute(&mut *transaction)
                        .await?;
                    let record = claim_in(&mut transaction, claim_id)
                        .await?
                        .ok_or_else(|| StoreError::NotFound { what: format!("claim #{claim_id}") })?;
                    transaction.commit().await?;
                    Ok(record)
                }

                async fn set_claim_status(
                    &self,
                    id: i64,
                    status: ClaimStatus,
                    now: DateTime<Utc>,
                ) -> Result<ClaimRecord, StoreError> {
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let row = sqlx::query("UPDATE ui_claim SET status = $1, updated_at = $2 WHERE id = $3 RETURNING worker_id")
                        .bind(status.as_str())
                        .bind(now)
                        .bind(id)
                        .fetch_optional(&mut *transaction)
                        .await
                        .map_err(|error| {
                            missing_or_conflict(error, format!("claim #{id}"), "an active claim of the worker")
                        })?;
                    if row.is_none() {
                        return Err(StoreError::NotFound { what: format!("claim #{id}") });
                    }
                    let record = claim_in(&mut transaction, id)
                        .await?
                        .ok_or_else(|| StoreError::NotFound { what: format!("claim #{id}") })?;
                    transaction.commit().await?;
                    Ok(record)
                }
            }
        }
    };
}

pub(crate) use sql_exchange;
