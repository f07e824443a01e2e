//! The import attempts' query code, written once for both backends (see
//! `sql.rs` for the dialect rules).

macro_rules! sql_imports {
    ($store:ident, $db:ty) => {
        mod imports_impl {
            use async_trait::async_trait;
            use chrono::{DateTime, Utc};
            use sqlx::Row as _;

            use super::$store;
            use crate::imports::{
                ImportAttemptFilter, ImportAttemptRecord, ImportAttemptStatus,
                ImportAttemptUpdate, ImportAttemptWrite, Imports,
            };
            use crate::StoreError;

            type DbRow = <$db as sqlx::Database>::Row;

            const COLUMNS: &str = "id, kind, unit, province_code, user_id, file_name, \
                 file_format, file_size, (file IS NOT NULL) AS has_file, status, n_rows, \
                 n_bad_rows, report, created_at, updated_at";

            fn attempt_from_row(row: &DbRow) -> Result<ImportAttemptRecord, StoreError> {
                let status: String = row.try_get("status")?;
                Ok(ImportAttemptRecord {
                    id: row.try_get("id")?,
                    kind: row.try_get("kind")?,
                    unit: row.try_get("unit")?,
                    province_code: row.try_get("province_code")?,
                    user_id: row.try_get("user_id")?,
                    file_name: row.try_get("file_name")?,
                    file_format: row.try_get("file_format")?,
                    file_size: row.try_get::<i64, _>("file_size")?.max(0) as u64,
                    has_file: row.try_get("has_file")?,
                    status: ImportAttemptStatus::parse(&status).ok_or_else(|| {
                        StoreError::Corrupt(format!("unknown import status {status:?}"))
                    })?,
                    n_rows: row.try_get::<i64, _>("n_rows")?.max(0) as u64,
                    n_bad_rows: row.try_get::<i64, _>("n_bad_rows")?.max(0) as u64,
                    report: row.try_get("report")?,
                    created_at: row.try_get("created_at")?,
                    updated_at: row.try_get("updated_at")?,
                })
            }

            #[async_trait]
            impl Imports for $store {
                async fn create_import_attempt(
                    &self,
                    attempt: &ImportAttemptWrite<'_>,
                    now: DateTime<Utc>,
                ) -> Result<i64, StoreError> {
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO import_attempt (kind, unit, province_code, user_id, \
                         file_name, file_format, file_size, file, status, report, created_at, \
                         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '{}', $10, $10) \
                         RETURNING id",
                    )
                    .bind(attempt.kind)
                    .bind(attempt.unit)
                    .bind(attempt.province_code)
                    .bind(attempt.user_id)
                    .bind(attempt.file_name)
                    .bind(attempt.file_format)
                    .bind(attempt.file.len() as i64)
                    .bind(attempt.file)
                    .bind(attempt.status.as_str())
                    .bind(now)
                    .fetch_one(&self.pool)
                    .await?;
                    Ok(id)
                }

                async fn get_import_attempt(
                    &self,
                    id: i64,
                ) -> Result<Option<ImportAttemptRecord>, StoreError> {
                    let sql = format!("SELECT {COLUMNS} FROM import_attempt WHERE id = $1");
                    let row = sqlx::query(&sql).bind(id).fetch_optional(&self.pool).await?;
                    row.as_ref().map(attempt_from_row).transpose()
                }

                async fn import_attempt_file(
                    &self,
                    id: i64,
                ) -> Result<Option<Vec<u8>>, StoreError> {
                    let file: Option<Option<Vec<u8>>> =
                        sqlx::query_scalar("SELECT file FROM import_attempt WHERE id = $1")
                            .bind(id)
                            .fetch_optional(&self.pool)
                            .await?;
                    Ok(file.flatten())
                }

                async fn update_import_attempt(
                    &self,
                    id: i64,
                    update: &ImportAttemptUpdate<'_>,
                    now: DateTime<Utc>,
                ) -> Result<(), StoreError> {
                    let drop_file = if update.status.keeps_file() {
                        ""
                    } else {
                        ", file = NULL"
                    };
                    let sql = format!(
                        "UPDATE import_attempt SET status = $1, n_rows = $2, n_bad_rows = $3, \
                         report = $4, updated_at = $5{drop_file} WHERE id = $6"
                    );
                    let done = sqlx::query(&sql)
                        .bind(update.status.as_str())
                        .bind(update.n_rows as i64)
                        .bind(update.n_bad_rows as i64)
                        .bind(update.report)
                        .bind(now)
                        .bind(id)
                        .execute(&self.pool)
                        .await?;
                    if done.rows_affected() == 0 {
                        return Err(StoreError::NotFound {
                            what: format!("import attempt {id}"),
                        });
                    }
                    Ok(())
                }

                async fn supersede_import_attempts(
                    &self,
                    kind: &str,
                    unit: Option<&str>,
                    imported_id: i64,
                    now: DateTime<Utc>,
                ) -> Result<u64, StoreError> {
                    let unit_test = if unit.is_some() {
                        "unit = $5"
                    } else {
                        "unit IS NULL"
                    };
                    let sql = format!(
                        "UPDATE import_attempt SET status = $1, file = NULL, updated_at = $2 \
                         WHERE kind = $3 AND id < $4 AND status IN ('to_confirm', 'refused') \
                         AND {unit_test}"
                    );
                    let mut query = sqlx::query(&sql)
                        .bind(ImportAttemptStatus::Superseded.as_str())
                        .bind(now)
                        .bind(kind)
                        .bind(imported_id);
                    if let Some(unit) = unit {
                        query = query.bind(unit);
                    }
                    Ok(query.execute(&self.pool).await?.rows_affected())
                }

                async fn list_import_attempts(
                    &self,
                    filter: &ImportAttemptFilter,
                ) -> Result<Vec<ImportAttemptRecord>, StoreError> {
                    let mut query = sqlx::QueryBuilder::<$db>::new(format!(
                        "SELECT {COLUMNS} FROM import_attempt WHERE 1 = 1"
                    ));
                    if let Some(province) = &filter.province_code {
                        query.push(" AND province_code = ").push_bind(province.as_str());
                    }
                    if let Some(kind) = &filter.kind {
                        query.push(" AND kind = ").push_bind(kind.as_str());
                    }
                    if !filter.statuses.is_empty() {
                        query.push(" AND status IN (");
                        let mut separated = query.separated(", ");
                        for status in &filter.statuses {
                            separated.push_bind(status.as_str());
                        }
                        query.push(")");
                    }
                    query
                        .push(" ORDER BY id DESC LIMIT ")
                        .push_bind(i64::from(filter.limit));
                    let rows = query.build().fetch_all(&self.pool).await?;
                    rows.iter().map(attempt_from_row).collect()
                }

                async fn purge_import_files(
                    &self,
                    uploaded_before: DateTime<Utc>,
                    now: DateTime<Utc>,
                ) -> Result<u64, StoreError> {
                    let done = sqlx::query(
                        "UPDATE import_attempt SET file = NULL, file_purged_at = $1 \
                         WHERE file IS NOT NULL AND created_at < $2",
                    )
                    .bind(now)
                    .bind(uploaded_before)
                    .execute(&self.pool)
                    .await?;
                    Ok(done.rows_affected())
                }
            }
        }
    };
}

pub(crate) use sql_imports;
