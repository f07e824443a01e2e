//! The embedded backend: one SQLite file in WAL mode.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

/// The SQLite backend.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    pool: SqlitePool,
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

impl SqliteStore {
    /// Opens (creating if needed) the SQLite database that `url` names —
    /// `sqlite://path/to/file.db` or `sqlite::memory:` — and migrates it.
    pub async fn connect(url: &str) -> Result<SqliteStore, StoreError> {
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|error| StoreError::BadUrl {
                reason: error.to_string(),
            })?
            .create_if_missing(true)
            // WAL lets readers go on while one writer writes; NORMAL
            // synchronous is durable across application crashes and is the
            // setting SQLite recommends with WAL.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // SQLite's default page cache is 2 MB; a register of millions
            // of rows needs its indexes in memory to stay fast. 64 MB a
            // connection, and reads through a memory map.
            .pragma("cache_size", "-65536")
            .pragma("mmap_size", "1073741824")
            .pragma("temp_store", "memory");
        // Each connection to ":memory:" would be a database of its own.
        let max_connections = if in_memory { 1 } else { 8 };
        let pool = SqlitePoolOptions::new()
            .max_connections(max_connections)
            .connect_with(options)
            .await
            .map_err(StoreError::Connect)?;
        MIGRATOR.run(&pool).await?;
        Ok(SqliteStore { pool })
    }

    /// The pool, for this crate's benchmarks and tests.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

impl SqliteStore {
    /// Write transactions take the write lock when they begin: a deferred
    /// transaction that reads first and writes later fails at once with
    /// SQLITE_BUSY when another writer went first (two imports at the same
    /// time), where an immediate one waits its turn under the busy timeout.
    pub(crate) const BEGIN_WRITE: &'static str = "BEGIN IMMEDIATE";

    /// What a SELECT appends to lock the rows it reads until the
    /// transaction ends: nothing, since `BEGIN IMMEDIATE` already holds the
    /// database's one write lock.
    pub(crate) const LOCK_ROWS: &'static str = "";
}

crate::sql::sql_store!(SqliteStore, sqlx::Sqlite, Backend::Sqlite);

crate::sql_registers::sql_registers!(SqliteStore, sqlx::Sqlite);

crate::plans::sql_plans!(SqliteStore, sqlx::Sqlite);

crate::sql_exchange::sql_exchange!(SqliteStore, sqlx::Sqlite);

crate::sql_imports::sql_imports!(SqliteStore, sqlx::Sqlite);
