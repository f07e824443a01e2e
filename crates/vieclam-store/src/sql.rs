//! The query code shared by both backends, written once.
//!
//! `sql_store!` expands to the [`crate::Store`] implementation of a backend
//! type with a `pool` field. The SQL is the common dialect of SQLite (3.35 or
//! later) and PostgreSQL: `$n` placeholders, `RETURNING`, `ON CONFLICT … DO
//! UPDATE`. Column types differ between the two migrations (TEXT dates in
//! SQLite, DATE and TIMESTAMPTZ in PostgreSQL), but sqlx maps both to the same
//! chrono types, so the code reading them is the same.

use vieclam_domain::{AdminUnitCode, Role, UnitKey, UnitStructure, Username};

use crate::StoreError;

/// The name of the administrative-unit dataset in `reference_dataset`.
pub(crate) const ADMIN_UNITS_DATASET: &str = "admin_units";

/// Rows per multi-row INSERT: 500 rows × 13 columns stays under SQLite's and
/// PostgreSQL's limits on bound parameters.
pub(crate) const INSERT_BATCH: usize = 500;

pub(crate) const USER_COLUMNS: &str =
    "id, username, role, scope_structure, scope_code, display_name, active, created_at";

pub(crate) const AUDIT_COLUMNS: &str = "id, at, actor_user_id, actor_role, action, subject_kind, \
     subject_id, unit_structure, unit_code, province_code, outcome, reason, request_id";

pub(crate) fn parse_role(text: &str) -> Result<Role, StoreError> {
    Role::parse(text).ok_or_else(|| StoreError::Corrupt(format!("unknown role {text:?}")))
}

pub(crate) fn parse_username(text: &str) -> Result<Username, StoreError> {
    Username::parse(text).map_err(|_| StoreError::Corrupt("malformed username".to_owned()))
}

pub(crate) fn parse_unit_key(
    structure: Option<String>,
    code: Option<String>,
) -> Result<Option<UnitKey>, StoreError> {
    match (structure, code) {
        (Some(structure), Some(code)) => Ok(Some(UnitKey {
            structure: UnitStructure::parse(&structure)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown structure {structure:?}")))?,
            code: AdminUnitCode::parse(&code)
                .map_err(|error| StoreError::Corrupt(error.to_string()))?,
        })),
        _ => Ok(None),
    }
}

macro_rules! sql_store {
    ($store:ident, $db:ty, $backend:expr) => {
        use chrono::{DateTime, Utc};
        use sqlx::Row as _;
        use vieclam_domain::{AdminUnits, AuditAction, AuditOutcome, Username};

        use crate::sql::{
            parse_role, parse_unit_key, parse_username, ADMIN_UNITS_DATASET, AUDIT_COLUMNS,
            INSERT_BATCH, USER_COLUMNS,
        };
        use crate::{
            AuditEntry, AuditFilter, Backend, NewAuditEntry, NewUser, Page, ReferenceLoad,
            StoreError, UserAccount, UserCredentials,
        };

        type DbRow = <$db as sqlx::Database>::Row;

        fn user_from_row(row: &DbRow) -> Result<UserAccount, StoreError> {
            Ok(UserAccount {
                id: row.try_get("id")?,
                username: parse_username(&row.try_get::<String, _>("username")?)?,
                role: parse_role(&row.try_get::<String, _>("role")?)?,
                scope: parse_unit_key(row.try_get("scope_structure")?, row.try_get("scope_code")?)?,
                display_name: row.try_get("display_name")?,
                active: row.try_get("active")?,
                created_at: row.try_get("created_at")?,
            })
        }

        /// Inserts an account, on the pool or inside a transaction: the one
        /// statement of [`crate::Store::create_user`] and of a sign-up,
        /// which writes the account with its record.
        async fn insert_user<'e, E>(
            executor: E,
            user: &NewUser,
            now: DateTime<Utc>,
        ) -> Result<UserAccount, StoreError>
        where
            E: sqlx::Executor<'e, Database = $db>,
        {
            let sql = format!(
                "INSERT INTO user_account (username, password_hash, role, scope_structure, \
                 scope_code, province_code, display_name, active, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING {USER_COLUMNS}"
            );
            let row = sqlx::query(&sql)
                .bind(user.username.as_str())
                .bind(&user.password_hash)
                .bind(user.role.as_str())
                .bind(user.scope.as_ref().map(|scope| scope.structure.as_str()))
                .bind(user.scope.as_ref().map(|scope| scope.code.as_str()))
                .bind(user.province_code.as_deref())
                .bind(&user.display_name)
                .bind(true)
                .bind(now)
                .fetch_one(executor)
                .await
                .map_err(|error| StoreError::conflict_or(error, format!("account {}", user.username)))?;
            user_from_row(&row)
        }

        fn audit_from_row(row: &DbRow) -> Result<AuditEntry, StoreError> {
            let action: String = row.try_get("action")?;
            let outcome: String = row.try_get("outcome")?;
            Ok(AuditEntry {
                id: row.try_get("id")?,
                entry: NewAuditEntry {
                    at: row.try_get("at")?,
                    actor_user_id: row.try_get("actor_user_id")?,
                    actor_role: parse_role(&row.try_get::<String, _>("actor_role")?)?,
                    action: AuditAction::parse(&action)
                        .ok_or_else(|| StoreError::Corrupt(format!("unknown action {action:?}")))?,
                    subject_kind: row.try_get("subject_kind")?,
                    subject_id: row.try_get("subject_id")?,
                    unit: parse_unit_key(row.try_get("unit_structure")?, row.try_get("unit_code")?)?,
                    province_code: row.try_get("province_code")?,
                    outcome: AuditOutcome::parse(&outcome).ok_or_else(|| {
                        StoreError::Corrupt(format!("unknown outcome {outcome:?}"))
                    })?,
                    reason: row.try_get("reason")?,
                    request_id: row.try_get("request_id")?,
                    records: Vec::new(),
                },
            })
        }

        #[async_trait::async_trait]
        impl crate::Store for $store {
            fn backend(&self) -> Backend {
                $backend
            }

            async fn ping(&self) -> Result<(), StoreError> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }

            async fn load_admin_units(
                &self,
                units: &AdminUnits,
            ) -> Result<ReferenceLoad, StoreError> {
                let n_units = units.len() as u64;
                let n_crosswalk_links = units.crosswalk().len() as u64;
                let fingerprint = units.fingerprint();
                let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                let stored: Option<String> = sqlx::query_scalar(
                    "SELECT fingerprint FROM reference_dataset WHERE name = $1",
                )
                .bind(ADMIN_UNITS_DATASET)
                .fetch_optional(&mut *transaction)
                .await?;
                if stored.as_deref() == Some(fingerprint) {
                    return Ok(ReferenceLoad { changed: false, n_units, n_crosswalk_links });
                }
                sqlx::query("DELETE FROM admin_unit_crosswalk")
                    .execute(&mut *transaction)
                    .await?;
                sqlx::query("DELETE FROM admin_unit").execute(&mut *transaction).await?;
                for chunk in units.all().chunks(INSERT_BATCH) {
                    let mut insert = sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO admin_unit (structure, code, level, kind, name, short_name, \
                         parent_code, province_code, valid_from, valid_to, lat, lon, area_km2) ",
                    );
                    insert.push_values(chunk, |mut row, unit| {
                        row.push_bind(unit.structure.as_str())
                            .push_bind(unit.code.as_str())
                            .push_bind(unit.level.as_str())
                            .push_bind(unit.kind.as_str())
                            .push_bind(unit.name.as_str())
                            .push_bind(unit.short_name.as_str())
                            .push_bind(unit.parent_code.as_ref().map(|code| code.as_str()))
                            .push_bind(unit.province_code.as_str())
                            .push_bind(unit.valid_from)
                            .push_bind(unit.valid_to)
                            .push_bind(unit.lat)
                            .push_bind(unit.lon)
                            .push_bind(unit.area_km2);
                    });
                    insert.build().execute(&mut *transaction).await?;
                }
                for chunk in units.crosswalk().chunks(INSERT_BATCH) {
                    let mut insert = sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO admin_unit_crosswalk (legacy_code, code_2025, relation) ",
                    );
                    insert.push_values(chunk, |mut row, link| {
                        row.push_bind(link.legacy_code.as_str())
                            .push_bind(link.code_2025.as_str())
                            .push_bind(link.relation.as_str());
                    });
                    insert.build().execute(&mut *transaction).await?;
                }
                sqlx::query(
                    "INSERT INTO reference_dataset (name, fingerprint, n_rows, loaded_at) \
                     VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (name) DO UPDATE SET fingerprint = excluded.fingerprint, \
                     n_rows = excluded.n_rows, loaded_at = excluded.loaded_at",
                )
                .bind(ADMIN_UNITS_DATASET)
                .bind(fingerprint)
                .bind((n_units + n_crosswalk_links) as i64)
                .bind(Utc::now())
                .execute(&mut *transaction)
                .await?;
                transaction.commit().await?;
                Ok(ReferenceLoad { changed: true, n_units, n_crosswalk_links })
            }

            async fn count_admin_units(&self) -> Result<(u64, u64), StoreError> {
                let rows = sqlx::query(
                    "SELECT structure, COUNT(*) AS n FROM admin_unit GROUP BY structure",
                )
                .fetch_all(&self.pool)
                .await?;
                let (mut legacy, mut current) = (0, 0);
                for row in rows {
                    let structure: String = row.try_get("structure")?;
                    let n: i64 = row.try_get("n")?;
                    match structure.as_str() {
                        "legacy" => legacy = n as u64,
                        _ => current = n as u64,
                    }
                }
                Ok((legacy, current))
            }

            async fn create_user(
                &self,
                user: &NewUser,
                now: DateTime<Utc>,
            ) -> Result<UserAccount, StoreError> {
                insert_user(&self.pool, user, now).await
            }

            async fn find_user_credentials(
                &self,
                username: &Username,
            ) -> Result<Option<UserCredentials>, StoreError> {
                let sql = format!(
                    "SELECT {USER_COLUMNS}, password_hash FROM user_account WHERE username = $1"
                );
                let row = sqlx::query(&sql)
                    .bind(username.as_str())
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(|row| {
                    Ok(UserCredentials {
                        account: user_from_row(&row)?,
                        password_hash: row.try_get("password_hash")?,
                    })
                })
                .transpose()
            }

            async fn get_user(&self, id: i64) -> Result<Option<UserAccount>, StoreError> {
                let sql = format!("SELECT {USER_COLUMNS} FROM user_account WHERE id = $1");
                let row = sqlx::query(&sql).bind(id).fetch_optional(&self.pool).await?;
                row.as_ref().map(user_from_row).transpose()
            }

            async fn list_users(&self, page: Page) -> Result<Vec<UserAccount>, StoreError> {
                let sql = format!(
                    "SELECT {USER_COLUMNS} FROM user_account ORDER BY id LIMIT $1 OFFSET $2"
                );
                let rows = sqlx::query(&sql)
                    .bind(i64::from(page.limit))
                    .bind(i64::from(page.offset))
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(user_from_row).collect()
            }

            async fn count_users(&self) -> Result<u64, StoreError> {
                let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM user_account")
                    .fetch_one(&self.pool)
                    .await?;
                Ok(n as u64)
            }

            async fn set_password_hash(
                &self,
                user_id: i64,
                password_hash: &str,
                now: DateTime<Utc>,
            ) -> Result<(), StoreError> {
                let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                let updated = sqlx::query(
                    "UPDATE user_account SET password_hash = $1, updated_at = $2 WHERE id = $3",
                )
                .bind(password_hash)
                .bind(now)
                .bind(user_id)
                .execute(&mut *transaction)
                .await?;
                if updated.rows_affected() == 0 {
                    return Err(StoreError::NotFound { what: format!("account #{user_id}") });
                }
                sqlx::query("DELETE FROM user_session WHERE user_id = $1")
                    .bind(user_id)
                    .execute(&mut *transaction)
                    .await?;
                transaction.commit().await?;
                Ok(())
            }

            async fn create_session(
                &self,
                token_hash: &str,
                user_id: i64,
                created_at: DateTime<Utc>,
                expires_at: DateTime<Utc>,
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO user_session (token_hash, user_id, created_at, expires_at) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(token_hash)
                .bind(user_id)
                .bind(created_at)
                .bind(expires_at)
                .execute(&self.pool)
                .await
                .map_err(|error| StoreError::conflict_or(error, "session"))?;
                Ok(())
            }

            async fn find_session(
                &self,
                token_hash: &str,
                now: DateTime<Utc>,
            ) -> Result<Option<UserAccount>, StoreError> {
                let sql = format!(
                    "SELECT {} FROM user_session s JOIN user_account u ON u.id = s.user_id \
                     WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = $3",
                    USER_COLUMNS
                        .split(", ")
                        .map(|column| format!("u.{column}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                let row = sqlx::query(&sql)
                    .bind(token_hash)
                    .bind(now)
                    .bind(true)
                    .fetch_optional(&self.pool)
                    .await?;
                row.as_ref().map(user_from_row).transpose()
            }

            async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
                sqlx::query("DELETE FROM user_session WHERE token_hash = $1")
                    .bind(token_hash)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn delete_expired_sessions(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
                let deleted = sqlx::query("DELETE FROM user_session WHERE expires_at <= $1")
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                Ok(deleted.rows_affected())
            }

            async fn record_audit(&self, entry: &NewAuditEntry) -> Result<i64, StoreError> {
                let mut transaction = self.pool.begin_with($store::BEGIN_WRITE).await?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO audit_log (at, actor_user_id, actor_role, action, subject_kind, \
                     subject_id, unit_structure, unit_code, province_code, outcome, reason, \
                     request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
                     RETURNING id",
                )
                .bind(entry.at)
                .bind(entry.actor_user_id)
                .bind(entry.actor_role.as_str())
                .bind(entry.action.as_str())
                .bind(&entry.subject_kind)
                .bind(&entry.subject_id)
                .bind(entry.unit.as_ref().map(|unit| unit.structure.as_str()))
                .bind(entry.unit.as_ref().map(|unit| unit.code.as_str()))
                .bind(entry.province_code.as_deref())
                .bind(entry.outcome.as_str())
                .bind(entry.reason.as_deref())
                .bind(entry.request_id.as_deref())
                .fetch_one(&mut *transaction)
                .await?;
                let mut records = entry.records.clone();
                records.sort_unstable();
                records.dedup();
                for chunk in records.chunks(1000) {
                    let mut insert = sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO audit_record (audit_id, record_id) ",
                    );
                    insert.push_values(chunk, |mut row, record_id| {
                        row.push_bind(id).push_bind(*record_id);
                    });
                    insert.build().execute(&mut *transaction).await?;
                }
                transaction.commit().await?;
                Ok(id)
            }

            async fn list_audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
                let mut query = sqlx::QueryBuilder::<$db>::new(format!(
                    "SELECT {AUDIT_COLUMNS} FROM audit_log WHERE 1 = 1"
                ));
                if let Some(actor) = filter.actor_user_id {
                    query.push(" AND actor_user_id = ").push_bind(actor);
                }
                if let Some(kind) = &filter.subject_kind {
                    query.push(" AND subject_kind = ").push_bind(kind.as_str());
                }
                if let Some(id) = &filter.subject_id {
                    query.push(" AND subject_id = ").push_bind(id.as_str());
                }
                if let Some(outcome) = filter.outcome {
                    query.push(" AND outcome = ").push_bind(outcome.as_str());
                }
                if let Some(province) = &filter.province_code {
                    query.push(" AND province_code = ").push_bind(province.as_str());
                }
                if let Some(record_id) = filter.record_id {
                    query
                        .push(" AND (subject_id = ")
                        .push_bind(record_id.to_string())
                        .push(" OR id IN (SELECT audit_id FROM audit_record WHERE record_id = ")
                        .push_bind(record_id)
                        .push("))");
                }
                if let Some(since) = filter.since {
                    query.push(" AND at >= ").push_bind(since);
                }
                if let Some(before) = filter.before {
                    query.push(" AND at < ").push_bind(before);
                }
                let limit = if filter.limit == 0 { 100 } else { filter.limit };
                query
                    .push(" ORDER BY id DESC LIMIT ")
                    .push_bind(i64::from(limit))
                    .push(" OFFSET ")
                    .push_bind(i64::from(filter.offset));
                let rows = query.build().fetch_all(&self.pool).await?;
                rows.iter().map(audit_from_row).collect()
            }

            async fn count_failed_logins(
                &self,
                user_id: i64,
                since: DateTime<Utc>,
            ) -> Result<u64, StoreError> {
                let n: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM audit_log WHERE subject_kind = $1 AND subject_id = $2 \
                     AND action = $3 AND outcome = $4 AND at >= $5",
                )
                .bind(vieclam_domain::audit::subject::USER_ACCOUNT)
                .bind(user_id.to_string())
                .bind(AuditAction::Login.as_str())
                .bind(AuditOutcome::Failed.as_str())
                .bind(since)
                .fetch_one(&self.pool)
                .await?;
                Ok(n as u64)
            }
        }
    };
}

pub(crate) use sql_store;
