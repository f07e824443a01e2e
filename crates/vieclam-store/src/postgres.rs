//! The production backend: PostgreSQL (or a PostgreSQL-compatible
//! distributed engine; see ARCHITECTURE.md).

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;

/// The PostgreSQL backend.
#[derive(Clone, Debug)]
pub struct PostgresStore {
    pool: PgPool,
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl PostgresStore {
    /// Connects to the PostgreSQL database that `url` names and migrates it.
    /// A `?options=-c search_path=…` parameter selects a schema.
    pub async fn connect(url: &str) -> Result<PostgresStore, StoreError> {
        let options = PgConnectOptions::from_str(url).map_err(|error| StoreError::BadUrl {
            reason: error.to_string(),
        })?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(StoreError::Connect)?;
        MIGRATOR.run(&pool).await?;
        Ok(PostgresStore { pool })
    }

    /// The pool, for this crate's benchmarks and tests.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

impl PostgresStore {
    /// Write transactions begin as any other.
    pub(crate) const BEGIN_WRITE: &'static str = "BEGIN";

    /// What a SELECT appends to lock the rows it reads until the
    /// transaction ends: a second writer of the same session (or worker, or
    /// application) waits here, then reads what the first one wrote.
    pub(crate) const LOCK_ROWS: &'static str = " FOR UPDATE";
}

crate::sql::sql_store!(PostgresStore, sqlx::Postgres, Backend::Postgres);

crate::sql_registers::sql_registers!(PostgresStore, sqlx::Postgres);

crate::plans::sql_plans!(PostgresStore, sqlx::Postgres);

crate::sql_exchange::sql_exchange!(PostgresStore, sqlx::Postgres);

crate::sql_imports::sql_imports!(PostgresStore, sqlx::Postgres);
