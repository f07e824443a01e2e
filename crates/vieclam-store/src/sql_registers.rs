//! The registers' query code, written once for both backends (see `sql.rs`
//! for the dialect rules).
//!
//! Bulk writes go in chunks: one query finds the stored records a chunk
//! touches, one multi-row INSERT writes its new records, one more writes
//! their `registered` events. That keeps the round trips per row far below
//! one, which is what makes a million-row import practical.

use std::collections::HashMap;

use vieclam_domain::registry::{EventKind, LabourEvent, WorkerProfile, WorkerState};

use crate::registers::{name_key, WorkerWrite};
use crate::StoreError;

/// Rows per chunk of a bulk write: 1,500 rows × 20 worker columns stays
/// under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
pub(crate) const CHUNK: usize = 1_500;

/// The columns a worker insert binds per row (`insert_workers`).
const WORKER_BINDS: usize = 20;
const _: () = assert!(CHUNK * WORKER_BINDS <= 32_766);

/// Ids per query of a read by ids: well under SQLite's 32,766 parameters.
pub(crate) const BY_IDS_CHUNK: usize = 500;

pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|error| StoreError::Corrupt(error.to_string()))
}

pub(crate) fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|error| StoreError::Corrupt(error.to_string()))
}

/// The `registered` event of a new worker.
pub(crate) fn registered_event(worker: &WorkerWrite<'_>) -> LabourEvent {
    LabourEvent {
        date: worker.registered_on,
        kind: EventKind::Registered,
        source: worker.source,
        status: Some(worker.profile.employment_status),
        unit: None,
        employer_id: None,
        occupation: None,
        country: None,
        detail: None,
        session_id: None,
        vacancy_id: None,
    }
}

/// The state of a worker from its profile and events.
pub(crate) fn derive_state(profile: &WorkerProfile, events: &[LabourEvent]) -> WorkerState {
    WorkerState::derive(
        WorkerState::initial(profile.employment_status, profile.residence.clone()),
        events,
    )
}

/// The columns a worker row copies out of its profile and state.
pub(crate) struct WorkerColumns {
    pub citizen_id: Option<String>,
    pub full_name: String,
    pub name_key: String,
    pub birth_date: chrono::NaiveDate,
    pub sex: &'static str,
    pub residence: String,
    pub current_residence: String,
    pub current_status: &'static str,
    pub qualification: &'static str,
    pub consent_share: bool,
    /// The facts the statistics read (migration 0009).
    pub employment_status: &'static str,
    pub it_skill: Option<&'static str>,
    pub social_insurance: &'static str,
    pub unemployment_insurance: bool,
    pub health_insurance: bool,
    pub profile: String,
    pub state: String,
}

impl WorkerColumns {
    pub fn new(profile: &WorkerProfile, state: &WorkerState) -> Result<WorkerColumns, StoreError> {
        Ok(WorkerColumns {
            citizen_id: profile.citizen_id.as_ref().map(|id| id.as_str().to_owned()),
            full_name: profile.full_name.as_str().to_owned(),
            name_key: name_key(profile.full_name.as_str()),
            birth_date: profile.birth_date,
            sex: profile.sex.as_str(),
            residence: profile.residence.to_string(),
            current_residence: state.residence.to_string(),
            current_status: state.status.as_str(),
            qualification: profile.qualification.as_str(),
            consent_share: profile.consent_share_with_employers,
            employment_status: profile.employment_status.as_str(),
            it_skill: profile.it_skill.map(|skill| skill.as_str()),
            social_insurance: profile.social_insurance.as_str(),
            unemployment_insurance: profile.unemployment_insurance,
            health_insurance: profile.health_insurance,
            profile: to_json(profile)?,
            state: to_json(state)?,
        })
    }
}

/// The identity that finds likely duplicates: folded name, birth date and
/// commune of residence.
pub(crate) type Identity = (String, chrono::NaiveDate, String);

pub(crate) fn identity(profile: &WorkerProfile) -> Identity {
    (
        name_key(profile.full_name.as_str()),
        profile.birth_date,
        profile.residence.to_string(),
    )
}

/// A stored worker as a bulk write sees it.
#[derive(Clone, Debug)]
pub(crate) struct StoredWorker {
    pub id: i64,
    pub citizen_id: Option<String>,
    pub profile_json: String,
    /// Where the worker is now: the area a write must be allowed in.
    pub province_code: String,
    pub current_residence: String,
}

/// What to do with each row of a chunk.
pub(crate) enum Plan {
    Unchanged,
    Update(i64),
    Insert,
}

/// Decides each row's fate from the stored workers it may match.
pub(crate) fn plan_workers(
    chunk: &[WorkerWrite<'_>],
    by_citizen_id: &HashMap<String, StoredWorker>,
    by_identity: &HashMap<Identity, Vec<StoredWorker>>,
    profiles_json: &[String],
) -> Vec<Plan> {
    chunk
        .iter()
        .zip(profiles_json)
        .map(|(worker, json)| match &worker.profile.citizen_id {
            Some(citizen_id) => match by_citizen_id.get(citizen_id.as_str()) {
                Some(stored) if stored.profile_json == *json => Plan::Unchanged,
                Some(stored) => Plan::Update(stored.id),
                None => Plan::Insert,
            },
            None => {
                let same = by_identity
                    .get(&identity(worker.profile))
                    .into_iter()
                    .flatten()
                    .any(|stored| stored.citizen_id.is_none() && stored.profile_json == *json);
                if same {
                    Plan::Unchanged
                } else {
                    Plan::Insert
                }
            }
        })
        .collect()
}

macro_rules! sql_registers {
    ($store:ident, $db:ty) => {
        mod registers_impl {
            use std::collections::HashMap;

            use chrono::{DateTime, Utc};
            use sqlx::Row as _;
            use vieclam_domain::registry::LabourEvent;

            use vieclam_domain::privacy::{DeletionDecision, DeletionStatus};

            use super::{insert_user, $store};
            use crate::registers::{
                name_key, vacancy_natural_key, Area, DeletionRequest, DeletionRequestWrite,
                DuplicateFlag, EmployerRecord, EmployerWrite, EventRecord, EventWrite, ImportCounts,
                Located, Registers, VacancyRecord, VacancyWrite, WorkerRecord, WorkerWrite,
            };
            use crate::sql_registers::{
                derive_state, from_json, identity, plan_workers, registered_event, to_json,
                Identity, Plan, StoredWorker, WorkerColumns, BY_IDS_CHUNK, CHUNK,
            };
            use crate::{NewUser, Page, StoreError, UserAccount};

            type DbRow = <$db as sqlx::Database>::Row;
            type Tx<'a> = sqlx::Transaction<'a, $db>;

            const WORKER_COLUMNS: &str =
                "id, province_code, profile, state, created_at, updated_at";

            fn worker_from_row(row: &DbRow) -> Result<WorkerRecord, StoreError> {
                Ok(WorkerRecord {
                    id: row.try_get("id")?,
                    province_code: row.try_get("province_code")?,
                    profile: from_json(&row.try_get::<String, _>("profile")?)?,
                    state: from_json(&row.try_get::<String, _>("state")?)?,
                    created_at: row.try_get("created_at")?,
                    updated_at: row.try_get("updated_at")?,
                })
            }

            fn employer_from_row(row: &DbRow) -> Result<EmployerRecord, StoreError> {
                Ok(EmployerRecord {
                    id: row.try_get("id")?,
                    province_code: row.try_get("province_code")?,
                    profile: from_json(&row.try_get::<String, _>("profile")?)?,
                    created_at: row.try_get("created_at")?,
                    updated_at: row.try_get("updated_at")?,
                })
            }

            fn vacancy_from_row(row: &DbRow) -> Result<VacancyRecord, StoreError> {
                Ok(VacancyRecord {
                    id: row.try_get("id")?,
                    province_code: row.try_get("province_code")?,
                    posting: from_json(&row.try_get::<String, _>("posting")?)?,
                    created_at: row.try_get("created_at")?,
                    updated_at: row.try_get("updated_at")?,
                })
            }

            pub(super) fn event_from_row(row: &DbRow) -> Result<EventRecord, StoreError> {
                Ok(EventRecord {
                    id: row.try_get("id")?,
                    worker_id: row.try_get("worker_id")?,
                    event: from_json(&row.try_get::<String, _>("event")?)?,
                    recorded_at: row.try_get("recorded_at")?,
                    recorded_by: row.try_get("recorded_by")?,
                })
            }

            fn flag_from_row(row: &DbRow) -> Result<DuplicateFlag, StoreError> {
                Ok(DuplicateFlag {
                    id: row.try_get("id")?,
                    province_code: row.try_get("province_code")?,
                    worker_id: row.try_get("worker_id")?,
                    other_worker_id: row.try_get("other_worker_id")?,
                    reason: row.try_get("reason")?,
                    status: row.try_get("status")?,
                    created_at: row.try_get("created_at")?,
                })
            }

            /// Appends the area condition on the given columns.
            pub(super) fn push_area<'a>(
                query: &mut sqlx::QueryBuilder<'a, $db>,
                province_column: &str,
                unit_column: &str,
                area: &'a Area,
            ) {
                match area {
                    Area::All => {}
                    Area::Nothing => {
                        query.push(" AND 1 = 0");
                    }
                    Area::Province(code) => {
                        query
                            .push(format!(" AND {province_column} = "))
                            .push_bind(code.as_str());
                    }
                    Area::Units(units) if units.is_empty() => {
                        query.push(" AND 1 = 0");
                    }
                    Area::Units(units) => {
                        query.push(format!(" AND {unit_column} IN ("));
                        let mut separated = query.separated(", ");
                        for unit in units {
                            separated.push_bind(unit.to_string());
                        }
                        query.push(")");
                    }
                }
            }

            async fn load_events(
                executor: &mut Tx<'_>,
                worker_id: i64,
            ) -> Result<Vec<LabourEvent>, StoreError> {
                let rows = sqlx::query(
                    "SELECT event FROM labour_event WHERE worker_id = $1 ORDER BY event_date, id",
                )
                .bind(worker_id)
                .fetch_all(&mut **executor)
                .await?;
                rows.iter()
                    .map(|row| from_json(&row.try_get::<String, _>("event")?))
                    .collect()
            }

            /// Inserts workers in one statement; returns the id of the last.
            async fn insert_workers(
                transaction: &mut Tx<'_>,
                rows: &[(&WorkerWrite<'_>, WorkerColumns)],
                now: DateTime<Utc>,
            ) -> Result<Option<i64>, StoreError> {
                if rows.is_empty() {
                    return Ok(None);
                }
                let mut insert = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO worker (province_code, citizen_id, full_name, name_key, \
                     birth_date, sex, residence, current_residence, current_status, \
                     qualification, consent_share, profile, state, created_at, updated_at, \
                     employment_status, it_skill, social_insurance, unemployment_insurance, \
                     health_insurance) ",
                );
                insert.push_values(rows, |mut row, (worker, columns)| {
                    row.push_bind(worker.province_code)
                        .push_bind(columns.citizen_id.as_deref())
                        .push_bind(columns.full_name.as_str())
                        .push_bind(columns.name_key.as_str())
                        .push_bind(columns.birth_date)
                        .push_bind(columns.sex)
                        .push_bind(columns.residence.as_str())
                        .push_bind(columns.current_residence.as_str())
                        .push_bind(columns.current_status)
                        .push_bind(columns.qualification)
                        .push_bind(columns.consent_share)
                        .push_bind(columns.profile.as_str())
                        .push_bind(columns.state.as_str())
                        .push_bind(now)
                        .push_bind(now)
                        .push_bind(columns.employment_status)
                        .push_bind(columns.it_skill)
                        .push_bind(columns.social_insurance)
                        .push_bind(columns.unemployment_insurance)
                        .push_bind(columns.health_insurance);
                });
                insert.push(" RETURNING id");
                let ids: Vec<i64> = insert
                    .build_query_scalar()
                    .fetch_all(&mut **transaction)
                    .await
                    .map_err(|error| StoreError::conflict_or(error, "citizen ID"))?;
                Ok(ids.into_iter().max())
            }

            async fn insert_registered_events(
                transaction: &mut Tx<'_>,
                rows: &[(i64, &WorkerWrite<'_>)],
                now: DateTime<Utc>,
            ) -> Result<(), StoreError> {
                if rows.is_empty() {
                    return Ok(());
                }
                let events: Vec<(i64, &WorkerWrite<'_>, String)> = rows
                    .iter()
                    .map(|(id, worker)| Ok((*id, *worker, to_json(&registered_event(worker))?)))
                    .collect::<Result<_, StoreError>>()?;
                let mut insert = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO labour_event (province_code, worker_id, event_date, kind, \
                     event, recorded_at, recorded_by, unit, status) ",
                );
                insert.push_values(&events, |mut row, (id, worker, event)| {
                    row.push_bind(worker.province_code)
                        .push_bind(*id)
                        .push_bind(worker.registered_on)
                        .push_bind("registered")
                        .push_bind(event.as_str())
                        .push_bind(now)
                        .push_bind(worker.actor)
                        .push_bind(None::<String>)
                        .push_bind(worker.profile.employment_status.as_str());
                });
                insert.build().execute(&mut **transaction).await?;
                Ok(())
            }

            /// Stored workers that share an identity with any of `identities`.
            async fn stored_by_identity(
                transaction: &mut Tx<'_>,
                identities: &[Identity],
                only_without_citizen_id: bool,
            ) -> Result<HashMap<Identity, Vec<StoredWorker>>, StoreError> {
                let mut found: HashMap<Identity, Vec<StoredWorker>> = HashMap::new();
                if identities.is_empty() {
                    return Ok(found);
                }
                // Name and birth date together are selective (and indexed);
                // the commune is compared here.
                let mut query = sqlx::QueryBuilder::<$db>::new(if only_without_citizen_id {
                    "SELECT id, citizen_id, name_key, birth_date, residence, profile, province_code, \
                     current_residence FROM worker WHERE citizen_id IS NULL AND (name_key, birth_date) IN ("
                } else {
                    "SELECT id, citizen_id, name_key, birth_date, residence, profile, province_code, \
                     current_residence FROM worker WHERE (name_key, birth_date) IN ("
                });
                let mut separated = query.separated(", ");
                for (name, birth_date, _) in identities {
                    separated
                        .push("(")
                        .push_bind_unseparated(name.as_str())
                        .push_unseparated(", ")
                        .push_bind_unseparated(*birth_date)
                        .push_unseparated(")");
                }
                query.push(")");
                let wanted: std::collections::HashSet<&Identity> = identities.iter().collect();
                for row in query.build().fetch_all(&mut **transaction).await? {
                    let key: Identity = (
                        row.try_get("name_key")?,
                        row.try_get("birth_date")?,
                        row.try_get("residence")?,
                    );
                    if wanted.contains(&key) {
                        found.entry(key).or_default().push(StoredWorker {
                            id: row.try_get("id")?,
                            citizen_id: row.try_get("citizen_id")?,
                            profile_json: row.try_get("profile")?,
                            province_code: row.try_get("province_code")?,
                            current_residence: row.try_get("current_residence")?,
                        });
                    }
                }
                Ok(found)
            }

            async fn flag_duplicates(
                transaction: &mut Tx<'_>,
                pairs: &[(i64, i64, String)],
                now: DateTime<Utc>,
            ) -> Result<u64, StoreError> {
                if pairs.is_empty() {
                    return Ok(0);
                }
                let mut insert = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO duplicate_flag (province_code, worker_id, other_worker_id, \
                     reason, status, created_at) ",
                );
                insert.push_values(pairs, |mut row, (worker_id, other_id, province)| {
                    row.push_bind(province.as_str())
                        .push_bind(*worker_id)
                        .push_bind(*other_id)
                        .push_bind("same_name_birth_date_commune")
                        .push_bind("open")
                        .push_bind(now);
                });
                insert.push(" ON CONFLICT (worker_id, other_worker_id) DO NOTHING");
                Ok(insert.build().execute(&mut **transaction).await?.rows_affected())
            }

            /// Inserts new workers of one chunk with their events and flags;
            /// returns the ids and the number of flags.
            async fn insert_chunk(
                transaction: &mut Tx<'_>,
                new_workers: &[&WorkerWrite<'_>],
                now: DateTime<Utc>,
            ) -> Result<(Vec<i64>, u64), StoreError> {
                // A worker with a citizen ID can only be a likely duplicate of
                // a stored worker without one; a worker without an ID, of any.
                let with_id_identities: Vec<Identity> = new_workers
                    .iter()
                    .filter(|worker| worker.profile.citizen_id.is_some())
                    .map(|worker| identity(worker.profile))
                    .collect();
                let without_id_identities: Vec<Identity> = new_workers
                    .iter()
                    .filter(|worker| worker.profile.citizen_id.is_none())
                    .map(|worker| identity(worker.profile))
                    .collect();
                let mut before = stored_by_identity(transaction, &with_id_identities, true).await?;
                for (key, stored) in stored_by_identity(transaction, &without_id_identities, false).await? {
                    let entry = before.entry(key).or_default();
                    for worker in stored {
                        if !entry.iter().any(|known| known.id == worker.id) {
                            entry.push(worker);
                        }
                    }
                }

                let mut with_id = Vec::new();
                let mut without_id = Vec::new();
                for worker in new_workers {
                    let state = derive_state(worker.profile, &[registered_event(worker)]);
                    let columns = WorkerColumns::new(worker.profile, &state)?;
                    if worker.profile.citizen_id.is_some() {
                        with_id.push((*worker, columns));
                    } else {
                        without_id.push((*worker, columns));
                    }
                }
                insert_workers(transaction, &with_id, now).await?;
                let mut ids: HashMap<String, i64> = HashMap::new();
                if !with_id.is_empty() {
                    let mut query = sqlx::QueryBuilder::<$db>::new(
                        "SELECT id, citizen_id FROM worker WHERE citizen_id IN (",
                    );
                    let mut separated = query.separated(", ");
                    for (_, columns) in &with_id {
                        separated.push_bind(columns.citizen_id.as_deref());
                    }
                    query.push(")");
                    for row in query.build().fetch_all(&mut **transaction).await? {
                        ids.insert(row.try_get("citizen_id")?, row.try_get("id")?);
                    }
                }
                let mut inserted: Vec<(i64, &WorkerWrite<'_>)> = Vec::new();
                for (worker, columns) in &with_id {
                    let citizen_id = columns.citizen_id.as_deref().unwrap_or_default();
                    let id = *ids.get(citizen_id).ok_or_else(|| {
                        StoreError::Corrupt("an inserted worker was not found".to_owned())
                    })?;
                    inserted.push((id, *worker));
                }
                // Without a citizen ID there is no key to read the id back
                // by: one statement each, with its own RETURNING.
                for row in &without_id {
                    let id = insert_workers(transaction, std::slice::from_ref(row), now)
                        .await?
                        .ok_or_else(|| StoreError::Corrupt("no id returned".to_owned()))?;
                    inserted.push((id, row.0));
                }
                insert_registered_events(transaction, &inserted, now).await?;

                // Likely duplicates: same identity, and at least one of the
                // two without a citizen ID to tell them apart.
                let mut pairs: Vec<(i64, i64, String)> = Vec::new();
                let mut seen: HashMap<Identity, Vec<(i64, bool)>> = HashMap::new();
                for (id, worker) in &inserted {
                    let key = identity(worker.profile);
                    let has_id = worker.profile.citizen_id.is_some();
                    let earlier = before
                        .get(&key)
                        .into_iter()
                        .flatten()
                        .map(|stored| (stored.id, stored.citizen_id.is_some()))
                        .chain(seen.get(&key).into_iter().flatten().copied());
                    for (other_id, other_has_id) in earlier {
                        if !(has_id && other_has_id) {
                            pairs.push((*id, other_id, worker.province_code.to_owned()));
                        }
                    }
                    seen.entry(key).or_default().push((*id, has_id));
                }
                let n_flags = flag_duplicates(transaction, &pairs, now).await?;
                Ok((inserted.iter().map(|(id, _)| *id).collect(), n_flags))
            }

            async fn rewrite_worker(
                transaction: &mut Tx<'_>,
                id: i64,
                worker: &WorkerWrite<'_>,
                now: DateTime<Utc>,
            ) -> Result<(), StoreError> {
                let events = load_events(transaction, id).await?;
                let state = derive_state(worker.profile, &events);
                let columns = WorkerColumns::new(worker.profile, &state)?;
                let updated = sqlx::query(
                    "UPDATE worker SET province_code = $1, citizen_id = $2, full_name = $3, \
                     name_key = $4, birth_date = $5, sex = $6, residence = $7, \
                     current_residence = $8, current_status = $9, qualification = $10, \
                     consent_share = $11, profile = $12, state = $13, updated_at = $14, \
                     employment_status = $16, it_skill = $17, social_insurance = $18, \
                     unemployment_insurance = $19, health_insurance = $20 \
                     WHERE id = $15",
                )
                .bind(worker.province_code)
                .bind(columns.citizen_id.as_deref())
                .bind(&columns.full_name)
                .bind(&columns.name_key)
                .bind(columns.birth_date)
                .bind(columns.sex)
                .bind(&columns.residence)
                .bind(&columns.current_residence)
                .bind(columns.current_status)
                .bind(columns.qualification)
                .bind(columns.consent_share)
                .bind(&columns.profile)
                .bind(&columns.state)
                .bind(now)
                .bind(id)
                .bind(columns.employment_status)
                .bind(columns.it_skill)
                .bind(columns.social_insurance)
                .bind(columns.unemployment_insurance)
                .bind(columns.health_insurance)
                .execute(&mut **transaction)
                .await
                .map_err(|error| StoreError::conflict_or(error, "citizen ID"))?;
                if updated.rows_affected() == 0 {
                    return Err(StoreError::NotFound { what: format!("worker #{id}") });
                }
                Ok(())
            }

            /// Records a labour event and rewrites the worker's cached state,
            /// inside the caller's transaction: [`Registers::add_event`], and the
            /// exchange's hires, which must count in the same transaction as the
            /// move that makes them.
            pub(super) async fn add_event_tx(
                transaction: &mut Tx<'_>,
                worker_id: i64,
                event: &LabourEvent,
                province_code: &str,
                actor: Option<i64>,
                now: DateTime<Utc>,
            ) -> Result<EventRecord, StoreError> {
                let worker = get_worker_tx(transaction, worker_id).await?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO labour_event (province_code, worker_id, event_date, kind, \
                     event, recorded_at, recorded_by, unit, status) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                )
                .bind(province_code)
                .bind(worker_id)
                .bind(event.date)
                .bind(event.kind.as_str())
                .bind(to_json(event)?)
                .bind(now)
                .bind(actor)
                .bind(event.unit.as_ref().map(ToString::to_string))
                .bind(event.status.map(|status| status.as_str()))
                .fetch_one(&mut **transaction)
                .await?;
                let events = load_events(transaction, worker_id).await?;
                let state = derive_state(&worker.profile, &events);
                let province = if event.unit.is_some() { province_code } else { worker.province_code.as_str() };
                sqlx::query(
                    "UPDATE worker SET state = $1, current_status = $2, \
                     current_residence = $3, province_code = $4, updated_at = $5 WHERE id = $6",
                )
                .bind(to_json(&state)?)
                .bind(state.status.as_str())
                .bind(state.residence.to_string())
                .bind(province)
                .bind(now)
                .bind(worker_id)
                .execute(&mut **transaction)
                .await?;
                Ok(EventRecord {
                    id,
                    worker_id,
                    event: event.clone(),
                    recorded_at: now,
                    recorded_by: actor,
                })
            }

            async fn get_worker_tx(
                transaction: &mut Tx<'_>,
                id: i64,
            ) -> Result<WorkerRecord, StoreError> {
                let row = sqlx::query(&format!("SELECT {WORKER_COLUMNS} FROM worker WHERE id = $1"))
                    .bind(id)
                    .fetch_optional(&mut **transaction)
                    .await?
                    .ok_or_else(|| StoreError::NotFound { what: format!("worker #{id}") })?;
                worker_from_row(&row)
            }

            /// Upserts employers keyed by tax code (or identical profile).
            async fn write_employer(
                transaction: &mut Tx<'_>,
                employer: &EmployerWrite<'_>,
                id: Option<i64>,
                now: DateTime<Utc>,
            ) -> Result<i64, StoreError> {
                let profile = to_json(employer.profile)?;
                let tax_code = employer.profile.tax_code.as_ref().map(|code| code.as_str());
                let name_key = name_key(&employer.profile.name);
                let address = employer.profile.address_unit.to_string();
                let kind = employer.profile.kind.as_str();
                let result = match id {
                    None => sqlx::query_scalar(
                        "INSERT INTO employer (province_code, tax_code, name, name_key, kind, \
                         address_unit, profile, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
                    )
                    .bind(employer.province_code)
                    .bind(tax_code)
                    .bind(&employer.profile.name)
                    .bind(&name_key)
                    .bind(kind)
                    .bind(&address)
                    .bind(&profile)
                    .bind(now)
                    .fetch_one(&mut **transaction)
                    .await,
                    Some(id) => sqlx::query_scalar(
                        "UPDATE employer SET province_code = $1, tax_code = $2, name = $3, \
                         name_key = $4, kind = $5, address_unit = $6, profile = $7, \
                         updated_at = $8 WHERE id = $9 RETURNING id",
                    )
                    .bind(employer.province_code)
                    .bind(tax_code)
                    .bind(&employer.profile.name)
                    .bind(&name_key)
                    .bind(kind)
                    .bind(&address)
                    .bind(&profile)
                    .bind(now)
                    .bind(id)
                    .fetch_optional(&mut **transaction)
                    .await
                    .and_then(|found| found.ok_or(sqlx::Error::RowNotFound)),
                };
                result.map_err(|error| match error {
                    sqlx::Error::RowNotFound => StoreError::NotFound {
                        what: format!("employer #{}", id.unwrap_or_default()),
                    },
                    error => StoreError::conflict_or(error, "tax code"),
                })
            }

            async fn write_vacancy(
                transaction: &mut Tx<'_>,
                vacancy: &VacancyWrite<'_>,
                id: Option<i64>,
                now: DateTime<Utc>,
            ) -> Result<i64, StoreError> {
                let posting = vacancy.posting;
                let json = to_json(posting)?;
                let key = vacancy_natural_key(posting);
                let occupation = posting.occupation.as_ref().map(|code| code.as_str());
                let work_unit = posting.work_unit.to_string();
                let result = match id {
                    None => sqlx::query_scalar(
                        "INSERT INTO vacancy (province_code, employer_id, title, natural_key, \
                         occupation, work_unit, status, deadline, posting, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
                    )
                    .bind(vacancy.province_code)
                    .bind(posting.employer_id)
                    .bind(&posting.title)
                    .bind(&key)
                    .bind(occupation)
                    .bind(&work_unit)
                    .bind(posting.status.as_str())
                    .bind(posting.deadline)
                    .bind(&json)
                    .bind(vacancy.opened_at.unwrap_or(now).min(now))
                    .bind(now)
                    .fetch_one(&mut **transaction)
                    .await,
                    Some(id) => sqlx::query_scalar(
                        "UPDATE vacancy SET province_code = $1, employer_id = $2, title = $3, \
                         natural_key = $4, occupation = $5, work_unit = $6, status = $7, \
                         deadline = $8, posting = $9, updated_at = $10 WHERE id = $11 RETURNING id",
                    )
                    .bind(vacancy.province_code)
                    .bind(posting.employer_id)
                    .bind(&posting.title)
                    .bind(&key)
                    .bind(occupation)
                    .bind(&work_unit)
                    .bind(posting.status.as_str())
                    .bind(posting.deadline)
                    .bind(&json)
                    .bind(now)
                    .bind(id)
                    .fetch_optional(&mut **transaction)
                    .await
                    .and_then(|found| found.ok_or(sqlx::Error::RowNotFound)),
                };
                result.map_err(|error| match error {
                    sqlx::Error::RowNotFound => StoreError::NotFound {
                        what: format!("vacancy #{}", id.unwrap_or_default()),
                    },
                    sqlx::Error::Database(database) if database.is_foreign_key_violation() => {
                        StoreError::NotFound { what: format!("employer #{}", posting.employer_id) }
                    }
                    error => StoreError::conflict_or(
                        error,
                        "the same vacancy (employer, title, place, deadline)",
                    ),
                })
            }

            const DELETION_COLUMNS: &str = "id, user_id, worker_id, unit, province_code, reason, \
                 status, decided_by, decided_at, decision_reason, created_at";

            fn deletion_from_row(row: &DbRow) -> Result<DeletionRequest, StoreError> {
                let status: String = row.try_get("status")?;
                Ok(DeletionRequest {
                    id: row.try_get("id")?,
                    user_id: row.try_get("user_id")?,
                    worker_id: row.try_get("worker_id")?,
                    unit: crate::plans::parse_unit(&row.try_get::<String, _>("unit")?)?,
                    province_code: row.try_get("province_code")?,
                    reason: row.try_get("reason")?,
                    status: DeletionStatus::parse(&status).ok_or_else(|| {
                        StoreError::Corrupt(format!("unknown deletion status {status:?}"))
                    })?,
                    decided_by: row.try_get("decided_by")?,
                    decided_at: row.try_get("decided_at")?,
                    decision_reason: row.try_get("decision_reason")?,
                    created_at: row.try_get("created_at")?,
                })
            }

            /// Links an account to its record, on the pool or inside a
            /// transaction (a sign-up links in the transaction that writes
            /// both).
            async fn link_account_on<'e, E>(
                executor: E,
                user_id: i64,
                worker_id: Option<i64>,
                employer_id: Option<i64>,
            ) -> Result<(), StoreError>
            where
                E: sqlx::Executor<'e, Database = $db>,
            {
                let updated = sqlx::query(
                    "UPDATE user_account SET worker_id = $1, employer_id = $2 WHERE id = $3",
                )
                .bind(worker_id)
                .bind(employer_id)
                .bind(user_id)
                .execute(executor)
                .await
                .map_err(|error| match &error {
                    sqlx::Error::Database(database) if database.is_foreign_key_violation() => {
                        StoreError::NotFound { what: "worker or employer".to_owned() }
                    }
                    _ => StoreError::Database(error),
                })?;
                if updated.rows_affected() == 0 {
                    return Err(StoreError::NotFound { what: format!("account #{user_id}") });
                }
                Ok(())
            }

            /// Deletes a worker, on the pool or inside a transaction (an
            /// erasure deletes in the transaction that decides it). Events,
            /// duplicate flags and the exchange's records of the worker go
            /// with it (ON DELETE CASCADE); a linked account keeps existing,
            /// unlinked.
            async fn delete_worker_on<'e, E>(executor: E, id: i64) -> Result<(), StoreError>
            where
                E: sqlx::Executor<'e, Database = $db>,
            {
                let deleted = sqlx::query("DELETE FROM worker WHERE id = $1")
                    .bind(id)
                    .execute(executor)
                    .await?;
                if deleted.rows_affected() == 0 {
                    return Err(StoreError::NotFound { what: format!("worker #{id}") });
                }
                Ok(())
            }

            #[async_trait::async_trait]
            impl Registers for $store {
                async fn create_worker(
                    &self,
                    worker: WorkerWrite<'_>,
                    now: DateTime<Utc>,
                ) -> Result<WorkerRecord, StoreError> {
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let (ids, _) = insert_chunk(&mut transaction, &[&worker], now).await?;
                    let record = get_worker_tx(&mut transaction, ids[0]).await?;
                    transaction.commit().await?;
                    Ok(record)
                }

                async fn get_worker(&self, id: i64) -> Result<Option<WorkerRecord>, StoreError> {
                    let row =
                        sqlx::query(&format!("SELECT {WORKER_COLUMNS} FROM worker WHERE id = $1"))
                            .bind(id)
                            .fetch_optional(&self.pool)
                            .await?;
                    row.as_ref().map(worker_from_row).transpose()
                }

                async fn get_workers(&self, ids: &[i64]) -> Result<Vec<WorkerRecord>, StoreError> {
                    let mut found = Vec::with_capacity(ids.len());
                    for chunk in ids.chunks(BY_IDS_CHUNK) {
                        let mut query = sqlx::QueryBuilder::<$db>::new(format!(
                            "SELECT {WORKER_COLUMNS} FROM worker WHERE id IN ("
                        ));
                        let mut list = query.separated(", ");
                        for id in chunk {
                            list.push_bind(*id);
                        }
                        query.push(") ORDER BY id");
                        for row in query.build().fetch_all(&self.pool).await? {
                            found.push(worker_from_row(&row)?);
                        }
                    }
                    found.sort_by_key(|record| record.id);
                    Ok(found)
                }

                async fn find_worker_by_citizen_id(
                    &self,
                    citizen_id: &str,
                ) -> Result<Option<WorkerRecord>, StoreError> {
                    let row = sqlx::query(&format!(
                        "SELECT {WORKER_COLUMNS} FROM worker WHERE citizen_id = $1"
                    ))
                    .bind(citizen_id)
                    .fetch_optional(&self.pool)
                    .await?;
                    row.as_ref().map(worker_from_row).transpose()
                }

                async fn update_worker(
                    &self,
                    id: i64,
                    worker: WorkerWrite<'_>,
                    now: DateTime<Utc>,
                ) -> Result<WorkerRecord, StoreError> {
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    rewrite_worker(&mut transaction, id, &worker, now).await?;
                    let record = get_worker_tx(&mut transaction, id).await?;
                    transaction.commit().await?;
                    Ok(record)
                }

                async fn delete_worker(&self, id: i64) -> Result<(), StoreError> {
                    delete_worker_on(&self.pool, id).await
                }

                async fn list_workers(
                    &self,
                    area: &Area,
                    page: Page,
                ) -> Result<Vec<WorkerRecord>, StoreError> {
                    let mut query = sqlx::QueryBuilder::<$db>::new(format!(
                        "SELECT {WORKER_COLUMNS} FROM worker WHERE 1 = 1"
                    ));
                    push_area(&mut query, "province_code", "current_residence", area);
                    query
                        .push(" ORDER BY id LIMIT ")
                        .push_bind(i64::from(page.limit))
                        .push(" OFFSET ")
                        .push_bind(i64::from(page.offset));
                    let rows = query.build().fetch_all(&self.pool).await?;
                    rows.iter().map(worker_from_row).collect()
                }

                async fn workers_after(
                    &self,
                    after_id: i64,
                    limit: u32,
                ) -> Result<Vec<WorkerRecord>, StoreError> {
                    let rows = sqlx::query(&format!(
                        "SELECT {WORKER_COLUMNS} FROM worker WHERE id > $1 ORDER BY id LIMIT $2"
                    ))
                    .bind(after_id)
                    .bind(i64::from(limit))
                    .fetch_all(&self.pool)
                    .await?;
                    rows.iter().map(worker_from_row).collect()
                }

                async fn count_workers(&self, area: &Area) -> Result<u64, StoreError> {
                    let mut query =
                        sqlx::QueryBuilder::<$db>::new("SELECT COUNT(*) FROM worker WHERE 1 = 1");
                    push_area(&mut query, "province_code", "current_residence", area);
                    let n: i64 = query.build_query_scalar().fetch_one(&self.pool).await?;
                    Ok(n as u64)
                }

                async fn import_workers_within(
                    &self,
                    workers: &[WorkerWrite<'_>],
                    guard: &Area,
                    now: DateTime<Utc>,
                ) -> Result<ImportCounts, StoreError> {
                    let mut counts = ImportCounts::default();
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    for chunk in workers.chunks(CHUNK) {
                        let profiles_json: Vec<String> = chunk
                            .iter()
                            .map(|worker| to_json(worker.profile))
                            .collect::<Result<_, _>>()?;
                        let mut by_citizen_id: HashMap<String, StoredWorker> = HashMap::new();
                        let citizen_ids: Vec<&str> = chunk
                            .iter()
                            .filter_map(|worker| worker.profile.citizen_id.as_ref())
                            .map(|id| id.as_str())
                            .collect();
                        if !citizen_ids.is_empty() {
                            let mut query = sqlx::QueryBuilder::<$db>::new(
                                "SELECT id, citizen_id, profile, province_code, current_residence \
                                 FROM worker WHERE citizen_id IN (",
                            );
                            let mut separated = query.separated(", ");
                            for id in &citizen_ids {
                                separated.push_bind(*id);
                            }
                            query.push(")");
                            for row in query.build().fetch_all(&mut *transaction).await? {
                                let stored = StoredWorker {
                                    id: row.try_get("id")?,
                                    citizen_id: row.try_get("citizen_id")?,
                                    profile_json: row.try_get("profile")?,
                                    province_code: row.try_get("province_code")?,
                                    current_residence: row.try_get("current_residence")?,
                                };
                                // A record is changed only by a caller whose
                                // area holds where it is now, not only where
                                // the row would put it.
                                if !guard.contains(&stored.province_code, &stored.current_residence) {
                                    return Err(StoreError::OutsideArea);
                                }
                                if let Some(citizen_id) = stored.citizen_id.clone() {
                                    by_citizen_id.insert(citizen_id, stored);
                                }
                            }
                        }
                        let identities: Vec<_> = chunk
                            .iter()
                            .filter(|worker| worker.profile.citizen_id.is_none())
                            .map(|worker| identity(worker.profile))
                            .collect();
                        let by_identity = stored_by_identity(&mut transaction, &identities, true).await?;
                        let plans = plan_workers(chunk, &by_citizen_id, &by_identity, &profiles_json);
                        let mut new_workers = Vec::new();
                        for (worker, plan) in chunk.iter().zip(plans) {
                            match plan {
                                Plan::Unchanged => counts.unchanged += 1,
                                Plan::Update(id) => {
                                    rewrite_worker(&mut transaction, id, worker, now).await?;
                                    counts.updated += 1;
                                }
                                Plan::Insert => new_workers.push(worker),
                            }
                        }
                        let (ids, n_flags) = insert_chunk(&mut transaction, &new_workers, now).await?;
                        counts.inserted += ids.len() as u64;
                        counts.duplicates_flagged += n_flags;
                    }
                    transaction.commit().await?;
                    Ok(counts)
                }

                async fn locate_workers(
                    &self,
                    citizen_ids: &[&str],
                ) -> Result<HashMap<String, Located>, StoreError> {
                    let mut found = HashMap::new();
                    for chunk in citizen_ids.chunks(CHUNK) {
                        let mut query = sqlx::QueryBuilder::<$db>::new(
                            "SELECT id, citizen_id, province_code, current_residence FROM worker \
                             WHERE citizen_id IN (",
                        );
                        let mut separated = query.separated(", ");
                        for id in chunk {
                            separated.push_bind(*id);
                        }
                        query.push(")");
                        for row in query.build().fetch_all(&self.pool).await? {
                            let citizen_id: String = row.try_get("citizen_id")?;
                            found.insert(citizen_id, Located {
                                id: row.try_get("id")?,
                                province_code: row.try_get("province_code")?,
                                unit: row.try_get("current_residence")?,
                            });
                        }
                    }
                    Ok(found)
                }

                async fn locate_employers(
                    &self,
                    tax_codes: &[&str],
                ) -> Result<HashMap<String, Located>, StoreError> {
                    let mut found = HashMap::new();
                    for chunk in tax_codes.chunks(CHUNK) {
                        let mut query = sqlx::QueryBuilder::<$db>::new(
                            "SELECT id, tax_code, province_code, address_unit FROM employer \
                             WHERE tax_code IN (",
                        );
                        let mut separated = query.separated(", ");
                        for code in chunk {
                            separated.push_bind(*code);
                        }
                        query.push(")");
                        for row in query.build().fetch_all(&self.pool).await? {
                            let tax_code: String = row.try_get("tax_code")?;
                            found.insert(tax_code, Located {
                                id: row.try_get("id")?,
                                province_code: row.try_get("province_code")?,
                                unit: row.try_get("address_unit")?,
                            });
                        }
                    }
                    Ok(found)
                }

                async fn add_event(
                    &self,
                    worker_id: i64,
                    event: &LabourEvent,
                    province_code: &str,
                    actor: Option<i64>,
                    now: DateTime<Utc>,
                ) -> Result<EventRecord, StoreError> {
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let record =
                        add_event_tx(&mut transaction, worker_id, event, province_code, actor, now)
                            .await?;
                    transaction.commit().await?;
                    Ok(record)
                }

                async fn list_events(&self, worker_id: i64) -> Result<Vec<EventRecord>, StoreError> {
                    let rows = sqlx::query(
                        "SELECT id, worker_id, event, recorded_at, recorded_by FROM labour_event \
                         WHERE worker_id = $1 ORDER BY event_date, id",
                    )
                    .bind(worker_id)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.iter().map(event_from_row).collect()
                }

                async fn import_events(
                    &self,
                    events: &[EventWrite<'_>],
                    now: DateTime<Utc>,
                ) -> Result<u64, StoreError> {
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    for chunk in events.chunks(CHUNK) {
                        let mut query = sqlx::QueryBuilder::<$db>::new(
                            "SELECT id, citizen_id, profile, province_code, current_residence \
                                 FROM worker WHERE citizen_id IN (",
                        );
                        let mut separated = query.separated(", ");
                        for event in chunk {
                            separated.push_bind(event.citizen_id);
                        }
                        query.push(")");
                        let mut workers: HashMap<String, (i64, String)> = HashMap::new();
                        for row in query.build().fetch_all(&mut *transaction).await? {
                            workers.insert(
                                row.try_get("citizen_id")?,
                                (row.try_get("id")?, row.try_get("profile")?),
                            );
                        }
                        let mut rows = Vec::with_capacity(chunk.len());
                        for event in chunk {
                            let (id, _) = workers.get(event.citizen_id).ok_or_else(|| {
                                StoreError::NotFound { what: "a worker of an event".to_owned() }
                            })?;
                            rows.push((*id, event, to_json(event.event)?));
                        }
                        let mut insert = sqlx::QueryBuilder::<$db>::new(
                            "INSERT INTO labour_event (province_code, worker_id, event_date, kind, \
                             event, recorded_at, recorded_by, unit, status) ",
                        );
                        insert.push_values(&rows, |mut row, (id, event, json)| {
                            row.push_bind(event.province_code)
                                .push_bind(*id)
                                .push_bind(event.event.date)
                                .push_bind(event.event.kind.as_str())
                                .push_bind(json.as_str())
                                .push_bind(now)
                                .push_bind(None::<i64>)
                                .push_bind(event.event.unit.as_ref().map(ToString::to_string))
                                .push_bind(event.event.status.map(|status| status.as_str()));
                        });
                        insert.build().execute(&mut *transaction).await?;

                        // Rewrite the state of every worker the chunk touched.
                        let touched: Vec<i64> = {
                            let mut ids: Vec<i64> = rows.iter().map(|(id, _, _)| *id).collect();
                            ids.sort_unstable();
                            ids.dedup();
                            ids
                        };
                        let mut query = sqlx::QueryBuilder::<$db>::new(
                            "SELECT worker_id, event FROM labour_event WHERE worker_id IN (",
                        );
                        let mut separated = query.separated(", ");
                        for id in &touched {
                            separated.push_bind(*id);
                        }
                        query.push(") ORDER BY worker_id, event_date, id");
                        let mut history: HashMap<i64, Vec<LabourEvent>> = HashMap::new();
                        for row in query.build().fetch_all(&mut *transaction).await? {
                            history
                                .entry(row.try_get("worker_id")?)
                                .or_default()
                                .push(from_json(&row.try_get::<String, _>("event")?)?);
                        }
                        let profiles: HashMap<i64, &String> =
                            workers.values().map(|(id, profile)| (*id, profile)).collect();
                        for id in touched {
                            let profile: vieclam_domain::registry::WorkerProfile =
                                from_json(profiles[&id])?;
                            let state = derive_state(&profile, history.get(&id).map_or(&[][..], Vec::as_slice));
                            sqlx::query(
                                "UPDATE worker SET state = $1, current_status = $2, \
                                 current_residence = $3, updated_at = $4 WHERE id = $5",
                            )
                            .bind(to_json(&state)?)
                            .bind(state.status.as_str())
                            .bind(state.residence.to_string())
                            .bind(now)
                            .bind(id)
                            .execute(&mut *transaction)
                            .await?;
                        }
                    }
                    transaction.commit().await?;
                    Ok(events.len() as u64)
                }

                async fn list_duplicate_flags(
                    &self,
                    area_province: Option<&str>,
                    page: Page,
                ) -> Result<Vec<DuplicateFlag>, StoreError> {
                    let mut query = sqlx::QueryBuilder::<$db>::new(
                        "SELECT id, province_code, worker_id, other_worker_id, reason, status, \
                         created_at FROM duplicate_flag WHERE 1 = 1",
                    );
                    if let Some(province) = area_province {
                        query.push(" AND province_code = ").push_bind(province);
                    }
                    query
                        .push(" ORDER BY id LIMIT ")
                        .push_bind(i64::from(page.limit))
                        .push(" OFFSET ")
                        .push_bind(i64::from(page.offset));
                    let rows = query.build().fetch_all(&self.pool).await?;
                    rows.iter().map(flag_from_row).collect()
                }

                async fn count_open_duplicate_flags(
                    &self,
                    area_province: Option<&str>,
                    area: &Area,
                ) -> Result<u64, StoreError> {
                    let mut query = sqlx::QueryBuilder::<$db>::new(
                        "SELECT COUNT(*) FROM duplicate_flag f JOIN worker w ON w.id = f.worker_id \
                         WHERE f.status = 'open'",
                    );
                    if let Some(province) = area_province {
                        query.push(" AND f.province_code = ").push_bind(province);
                    }
                    push_area(&mut query, "w.province_code", "w.current_residence", area);
                    let n: i64 = query.build_query_scalar().fetch_one(&self.pool).await?;
                    Ok(n as u64)
                }

                async fn get_duplicate_flag(&self, id: i64) -> Result<Option<DuplicateFlag>, StoreError> {
                    let row = sqlx::query(
                        "SELECT id, province_code, worker_id, other_worker_id, reason, status, \
                         created_at FROM duplicate_flag WHERE id = $1",
                    )
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                    row.as_ref().map(flag_from_row).transpose()
                }

                async fn resolve_duplicate_flag(
                    &self,
                    id: i64,
                    status: &str,
                    actor: i64,
                    now: DateTime<Utc>,
                ) -> Result<(), StoreError> {
                    let updated = sqlx::query(
                        "UPDATE duplicate_flag SET status = $1, resolved_by = $2, resolved_at = $3 \
                         WHERE id = $4",
                    )
                    .bind(status)
                    .bind(actor)
                    .bind(now)
                    .bind(id)
                    .execute(&self.pool)
                    .await?;
                    if updated.rows_affected() == 0 {
                        return Err(StoreError::NotFound { what: format!("duplicate flag #{id}") });
                    }
                    Ok(())
                }

                async fn create_employer(
                    &self,
                    employer: EmployerWrite<'_>,
                    now: DateTime<Utc>,
                ) -> Result<EmployerRecord, StoreError> {
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let id = write_employer(&mut transaction, &employer, None, now).await?;
                    transaction.commit().await?;
                    self.get_employer(id).await?.ok_or_else(|| StoreError::NotFound {
                        what: format!("employer #{id}"),
                    })
                }

                async fn get_employer(&self, id: i64) -> Result<Option<EmployerRecord>, StoreError> {
                    let row = sqlx::query(
                        "SELECT id, province_code, profile, created_at, updated_at FROM employer \
                         WHERE id = $1",
                    )
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                    row.as_ref().map(employer_from_row).transpose()
                }

                async fn get_employers(
                    &self,
                    ids: &[i64],
                ) -> Result<Vec<EmployerRecord>, StoreError> {
                    let mut found = Vec::with_capacity(ids.len());
                    for chunk in ids.chunks(BY_IDS_CHUNK) {
                        let mut query = sqlx::QueryBuilder::<$db>::new(
                            "SELECT id, province_code, profile, created_at, updated_at FROM employer \
                             WHERE id IN (",
                        );
                        let mut list = query.separated(", ");
                        for id in chunk {
                            list.push_bind(*id);
                        }
                        query.push(") ORDER BY id");
                        for row in query.build().fetch_all(&self.pool).await? {
                            found.push(employer_from_row(&row)?);
                        }
                    }
                    found.sort_by_key(|record| record.id);
                    Ok(found)
                }

                async fn find_employer_by_tax_code(
                    &self,
                    tax_code: &str,
                ) -> Result<Option<EmployerRecord>, StoreError> {
                    let row = sqlx::query(
                        "SELECT id, province_code, profile, created_at, updated_at FROM employer \
                         WHERE tax_code = $1",
                    )
                    .bind(tax_code)
                    .fetch_optional(&self.pool)
                    .await?;
                    row.as_ref().map(employer_from_row).transpose()
                }

                async fn update_employer(
                    &self,
                    id: i64,
                    employer: EmployerWrite<'_>,
                    now: DateTime<Utc>,
                ) -> Result<EmployerRecord, StoreError> {
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    write_employer(&mut transaction, &employer, Some(id), now).await?;
                    transaction.commit().await?;
                    self.get_employer(id).await?.ok_or_else(|| StoreError::NotFound {
                        what: format!("employer #{id}"),
                    })
                }

                async fn delete_employer(&self, id: i64) -> Result<(), StoreError> {
                    let n_vacancies: i64 =
                        sqlx::query_scalar("SELECT COUNT(*) FROM vacancy WHERE employer_id = $1")
                            .bind(id)
                            .fetch_one(&self.pool)
                            .await?;
                    if n_vacancies > 0 {
                        return Err(StoreError::Conflict {
                            what: format!("{n_vacancies} vacancies of employer #{id}"),
                        });
                    }
                    let deleted = sqlx::query("DELETE FROM employer WHERE id = $1")
                        .bind(id)
                        .execute(&self.pool)
                        .await?;
                    if deleted.rows_affected() == 0 {
                        return Err(StoreError::NotFound { what: format!("employer #{id}") });
                    }
                    Ok(())
                }

                async fn list_employers(
                    &self,
                    area: &Area,
                    page: Page,
                ) -> Result<Vec<EmployerRecord>, StoreError> {
                    let mut query = sqlx::QueryBuilder::<$db>::new(
                        "SELECT id, province_code, profile, created_at, updated_at FROM employer \
                         WHERE 1 = 1",
                    );
                    push_area(&mut query, "province_code", "address_unit", area);
                    query
                        .push(" ORDER BY id LIMIT ")
                        .push_bind(i64::from(page.limit))
                        .push(" OFFSET ")
                        .push_bind(i64::from(page.offset));
                    let rows = query.build().fetch_all(&self.pool).await?;
                    rows.iter().map(employer_from_row).collect()
                }

                async fn import_employers_within(
                    &self,
                    employers: &[EmployerWrite<'_>],
                    guard: &Area,
                    now: DateTime<Utc>,
                ) -> Result<ImportCounts, StoreError> {
                    let mut counts = ImportCounts::default();
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    for employer in employers {
                        let json = to_json(employer.profile)?;
                        let existing = match &employer.profile.tax_code {
                            Some(tax_code) => sqlx::query(
                                "SELECT id, profile, province_code, address_unit FROM employer \
                                 WHERE tax_code = $1",
                            )
                            .bind(tax_code.as_str())
                            .fetch_optional(&mut *transaction)
                            .await?,
                            None => sqlx::query(
                                "SELECT id, profile, province_code, address_unit FROM employer \
                                 WHERE tax_code IS NULL AND name_key = $1 AND profile = $2",
                            )
                            .bind(name_key(&employer.profile.name))
                            .bind(&json)
                            .fetch_optional(&mut *transaction)
                            .await?,
                        };
                        if let Some(row) = &existing {
                            let province_code: String = row.try_get("province_code")?;
                            let unit: String = row.try_get("address_unit")?;
                            if !guard.contains(&province_code, &unit) {
                                return Err(StoreError::OutsideArea);
                            }
                        }
                        match existing {
                            Some(row) if row.try_get::<String, _>("profile")? == json => {
                                counts.unchanged += 1;
                            }
                            Some(row) => {
                                let id: i64 = row.try_get("id")?;
                                write_employer(&mut transaction, employer, Some(id), now).await?;
                                counts.updated += 1;
                            }
                            None => {
                                write_employer(&mut transaction, employer, None, now).await?;
                                counts.inserted += 1;
                            }
                        }
                    }
                    transaction.commit().await?;
                    Ok(counts)
                }

                async fn create_vacancy(
                    &self,
                    vacancy: VacancyWrite<'_>,
                    now: DateTime<Utc>,
                ) -> Result<VacancyRecord, StoreError> {
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let id = write_vacancy(&mut transaction, &vacancy, None, now).await?;
                    transaction.commit().await?;
                    self.get_vacancy(id).await?.ok_or_else(|| StoreError::NotFound {
                        what: format!("vacancy #{id}"),
                    })
                }

                async fn get_vacancy(&self, id: i64) -> Result<Option<VacancyRecord>, StoreError> {
                    let row = sqlx::query(
                        "SELECT id, province_code, posting, created_at, updated_at FROM vacancy \
                         WHERE id = $1",
                    )
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                    row.as_ref().map(vacancy_from_row).transpose()
                }

                async fn get_vacancies(
                    &self,
                    ids: &[i64],
                ) -> Result<Vec<VacancyRecord>, StoreError> {
                    let mut found = Vec::with_capacity(ids.len());
                    for chunk in ids.chunks(BY_IDS_CHUNK) {
                        let mut query = sqlx::QueryBuilder::<$db>::new(
                            "SELECT id, province_code, posting, created_at, updated_at FROM vacancy \
                             WHERE id IN (",
                        );
                        let mut list = query.separated(", ");
                        for id in chunk {
                            list.push_bind(*id);
                        }
                        query.push(") ORDER BY id");
                        for row in query.build().fetch_all(&self.pool).await? {
                            found.push(vacancy_from_row(&row)?);
                        }
                    }
                    found.sort_by_key(|record| record.id);
                    Ok(found)
                }

                async fn update_vacancy(
                    &self,
                    id: i64,
                    vacancy: VacancyWrite<'_>,
                    now: DateTime<Utc>,
                ) -> Result<VacancyRecord, StoreError> {
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    write_vacancy(&mut transaction, &vacancy, Some(id), now).await?;
                    transaction.commit().await?;
                    self.get_vacancy(id).await?.ok_or_else(|| StoreError::NotFound {
                        what: format!("vacancy #{id}"),
                    })
                }

                async fn delete_vacancy(&self, id: i64) -> Result<(), StoreError> {
                    let deleted = sqlx::query("DELETE FROM vacancy WHERE id = $1")
                        .bind(id)
                        .execute(&self.pool)
                        .await?;
                    if deleted.rows_affected() == 0 {
                        return Err(StoreError::NotFound { what: format!("vacancy #{id}") });
                    }
                    Ok(())
                }

                async fn list_vacancies(
                    &self,
                    area: &Area,
                    employer_id: Option<i64>,
                    open_on: Option<chrono::NaiveDate>,
                    page: Page,
                ) -> Result<Vec<VacancyRecord>, StoreError> {
                    let mut query = sqlx::QueryBuilder::<$db>::new(
                        "SELECT id, province_code, posting, created_at, updated_at FROM vacancy \
                         WHERE 1 = 1",
                    );
                    push_area(&mut query, "province_code", "work_unit", area);
                    if let Some(employer_id) = employer_id {
                        query.push(" AND employer_id = ").push_bind(employer_id);
                    }
                    if let Some(day) = open_on {
                        query
                            .push(" AND status = 'open' AND (deadline IS NULL OR deadline >= ")
                            .push_bind(day)
                            .push(")");
                    }
                    query
                        .push(" ORDER BY id LIMIT ")
                        .push_bind(i64::from(page.limit))
                        .push(" OFFSET ")
                        .push_bind(i64::from(page.offset));
                    let rows = query.build().fetch_all(&self.pool).await?;
                    rows.iter().map(vacancy_from_row).collect()
                }

                async fn vacancies_after(
                    &self,
                    after_id: i64,
                    limit: u32,
                ) -> Result<Vec<VacancyRecord>, StoreError> {
                    let rows = sqlx::query(
                        "SELECT id, province_code, posting, created_at, updated_at FROM vacancy \
                         WHERE id > $1 ORDER BY id LIMIT $2",
                    )
                    .bind(after_id)
                    .bind(i64::from(limit))
                    .fetch_all(&self.pool)
                    .await?;
                    rows.iter().map(vacancy_from_row).collect()
                }

                async fn import_vacancies(
                    &self,
                    vacancies: &[VacancyWrite<'_>],
                    now: DateTime<Utc>,
                ) -> Result<ImportCounts, StoreError> {
                    let mut counts = ImportCounts::default();
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    for vacancy in vacancies {
                        let json = to_json(vacancy.posting)?;
                        let existing = sqlx::query(
                            "SELECT id, posting FROM vacancy WHERE natural_key = $1",
                        )
                        .bind(vacancy_natural_key(vacancy.posting))
                        .fetch_optional(&mut *transaction)
                        .await?;
                        match existing {
                            Some(row) if row.try_get::<String, _>("posting")? == json => {
                                counts.unchanged += 1;
                            }
                            Some(row) => {
                                let id: i64 = row.try_get("id")?;
                                write_vacancy(&mut transaction, vacancy, Some(id), now).await?;
                                counts.updated += 1;
                            }
                            None => {
                                write_vacancy(&mut transaction, vacancy, None, now).await?;
                                counts.inserted += 1;
                            }
                        }
                    }
                    transaction.commit().await?;
                    Ok(counts)
                }

                async fn link_account(
                    &self,
                    user_id: i64,
                    worker_id: Option<i64>,
                    employer_id: Option<i64>,
                ) -> Result<(), StoreError> {
                    link_account_on(&self.pool, user_id, worker_id, employer_id).await
                }

                async fn account_links(
                    &self,
                    user_id: i64,
                ) -> Result<(Option<i64>, Option<i64>), StoreError> {
                    let row = sqlx::query(
                        "SELECT worker_id, employer_id FROM user_account WHERE id = $1",
                    )
                    .bind(user_id)
                    .fetch_optional(&self.pool)
                    .await?
                    .ok_or_else(|| StoreError::NotFound { what: format!("account #{user_id}") })?;
                    Ok((row.try_get("worker_id")?, row.try_get("employer_id")?))
                }

                async fn signup_worker(
                    &self,
                    user: &NewUser,
                    worker: WorkerWrite<'_>,
                    now: DateTime<Utc>,
                ) -> Result<(UserAccount, WorkerRecord), StoreError> {
                    // The account first, so that the worker's `registered`
                    // event names it as the one who recorded it; any failure
                    // after drops the transaction, and the account with it.
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let account = insert_user(&mut *transaction, user, now).await?;
                    let worker = WorkerWrite { actor: Some(account.id), ..worker };
                    let (ids, _) = insert_chunk(&mut transaction, &[&worker], now).await?;
                    link_account_on(&mut *transaction, account.id, Some(ids[0]), None).await?;
                    let record = get_worker_tx(&mut transaction, ids[0]).await?;
                    transaction.commit().await?;
                    Ok((account, record))
                }

                async fn signup_employer(
                    &self,
                    user: &NewUser,
                    employer: EmployerWrite<'_>,
                    now: DateTime<Utc>,
                ) -> Result<(UserAccount, EmployerRecord), StoreError> {
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let account = insert_user(&mut *transaction, user, now).await?;
                    let id = write_employer(&mut transaction, &employer, None, now).await?;
                    link_account_on(&mut *transaction, account.id, None, Some(id)).await?;
                    let row = sqlx::query(
                        "SELECT id, province_code, profile, created_at, updated_at FROM employer \
                         WHERE id = $1",
                    )
                    .bind(id)
                    .fetch_one(&mut *transaction)
                    .await?;
                    let record = employer_from_row(&row)?;
                    transaction.commit().await?;
                    Ok((account, record))
                }

                async fn request_deletion(
                    &self,
                    request: &DeletionRequestWrite<'_>,
                    now: DateTime<Utc>,
                ) -> Result<(DeletionRequest, bool), StoreError> {
                    // The partial unique index holds one open request per
                    // account; a second one inserts nothing and reads the
                    // open one back, in the same transaction.
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let inserted = sqlx::query(
                        "INSERT INTO deletion_request (province_code, user_id, worker_id, unit, \
                         reason, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                         ON CONFLICT (user_id) WHERE status = 'open' DO NOTHING",
                    )
                    .bind(request.province_code)
                    .bind(request.user_id)
                    .bind(request.worker_id)
                    .bind(request.unit.to_string())
                    .bind(request.reason)
                    .bind(DeletionStatus::Open.as_str())
                    .bind(now)
                    .execute(&mut *transaction)
                    .await
                    .map_err(|error| match &error {
                        sqlx::Error::Database(database) if database.is_foreign_key_violation() => {
                            StoreError::NotFound { what: format!("account #{}", request.user_id) }
                        }
                        _ => StoreError::Database(error),
                    })?
                    .rows_affected();
                    let row = sqlx::query(&format!(
                        "SELECT {DELETION_COLUMNS} FROM deletion_request \
                         WHERE user_id = $1 AND status = $2"
                    ))
                    .bind(request.user_id)
                    .bind(DeletionStatus::Open.as_str())
                    .fetch_one(&mut *transaction)
                    .await?;
                    let stored = deletion_from_row(&row)?;
                    transaction.commit().await?;
                    Ok((stored, inserted == 1))
                }

                async fn get_deletion_request(
                    &self,
                    id: i64,
                ) -> Result<Option<DeletionRequest>, StoreError> {
                    let row = sqlx::query(&format!(
                        "SELECT {DELETION_COLUMNS} FROM deletion_request WHERE id = $1"
                    ))
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                    row.as_ref().map(deletion_from_row).transpose()
                }

                async fn deletion_requests_of(
                    &self,
                    user_id: i64,
                ) -> Result<Vec<DeletionRequest>, StoreError> {
                    let rows = sqlx::query(&format!(
                        "SELECT {DELETION_COLUMNS} FROM deletion_request WHERE user_id = $1 \
                         ORDER BY id DESC"
                    ))
                    .bind(user_id)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.iter().map(deletion_from_row).collect()
                }

                async fn list_deletion_requests(
                    &self,
                    area: &Area,
                    status: Option<DeletionStatus>,
                    page: Page,
                ) -> Result<Vec<DeletionRequest>, StoreError> {
                    let mut query = sqlx::QueryBuilder::<$db>::new(format!(
                        "SELECT {DELETION_COLUMNS} FROM deletion_request WHERE 1 = 1"
                    ));
                    push_area(&mut query, "province_code", "unit", area);
                    if let Some(status) = status {
                        query.push(" AND status = ").push_bind(status.as_str());
                    }
                    query
                        .push(" ORDER BY id LIMIT ")
                        .push_bind(i64::from(page.limit))
                        .push(" OFFSET ")
                        .push_bind(i64::from(page.offset));
                    let rows = query.build().fetch_all(&self.pool).await?;
                    rows.iter().map(deletion_from_row).collect()
                }

                async fn decide_deletion_request(
                    &self,
                    id: i64,
                    decision: DeletionDecision,
                    reason: Option<&str>,
                    actor: i64,
                    now: DateTime<Utc>,
                ) -> Result<DeletionRequest, StoreError> {
                    let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                    let row = sqlx::query(&format!(
                        "SELECT {DELETION_COLUMNS} FROM deletion_request WHERE id = $1{}",
                        $store::LOCK_ROWS
                    ))
                    .bind(id)
                    .fetch_optional(&mut *transaction)
                    .await?
                    .ok_or_else(|| StoreError::NotFound {
                        what: format!("deletion request #{id}"),
                    })?;
                    let request = deletion_from_row(&row)?;
                    if request.status != DeletionStatus::Open {
                        return Err(StoreError::Conflict {
                            what: format!("a decision on deletion request #{id}"),
                        });
                    }
                    if decision == DeletionDecision::Erase {
                        if let Some(worker_id) = request.worker_id {
                            // Erased already by an officer's own delete: the
                            // account is still closed below.
                            match delete_worker_on(&mut *transaction, worker_id).await {
                                Ok(()) | Err(StoreError::NotFound { .. }) => {}
                                Err(error) => return Err(error),
                            }
                        }
                        sqlx::query(
                            "UPDATE user_account SET active = $1, updated_at = $2 WHERE id = $3",
                        )
                        .bind(false)
                        .bind(now)
                        .bind(request.user_id)
                        .execute(&mut *transaction)
                        .await?;
                        sqlx::query("DELETE FROM user_session WHERE user_id = $1")
                            .bind(request.user_id)
                            .execute(&mut *transaction)
                            .await?;
                    }
                    let row = sqlx::query(&format!(
                        "UPDATE deletion_request SET status = $1, decided_by = $2, \
                         decided_at = $3, decision_reason = $4 WHERE id = $5 AND status = $6 \
                         RETURNING {DELETION_COLUMNS}"
                    ))
                    .bind(decision.status().as_str())
                    .bind(actor)
                    .bind(now)
                    .bind(reason)
                    .bind(id)
                    .bind(DeletionStatus::Open.as_str())
                    .fetch_optional(&mut *transaction)
                    .await?
                    .ok_or_else(|| StoreError::Conflict {
                        what: format!("a decision on deletion request #{id}"),
                    })?;
                    let decided = deletion_from_row(&row)?;
                    transaction.commit().await?;
                    Ok(decided)
                }
            }
        }
    };
}

pub(crate) use sql_registers;
