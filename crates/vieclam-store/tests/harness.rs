//! Fresh databases for each contract case.

use std::sync::Arc;

use rand::Rng;
use vieclam_store::{PostgresStore, SqliteStore, Store};

pub enum RawPool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

pub struct Harness {
    pub store: Arc<dyn Store>,
    pub raw: RawPool,
    /// Keeps the SQLite file alive for the case.
    _folder: Option<tempfile::TempDir>,
    schema: Option<(String, String)>,
}

impl Harness {
    pub async fn sqlite() -> Harness {
        let folder = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", folder.path().join("test.db").display());
        let store = SqliteStore::connect(&url).await.expect("SQLite opens");
        Harness {
            raw: RawPool::Sqlite(store.pool().clone()),
            store: Arc::new(store),
            _folder: Some(folder),
            schema: None,
        }
    }

    /// A store in a new schema of the server at `VIECLAM_TEST_PG`, or `None`
    /// (with a printed notice) when the variable is unset.
    pub async fn postgres() -> Option<Harness> {
        let Ok(base_url) = std::env::var("VIECLAM_TEST_PG") else {
            eprintln!("VIECLAM_TEST_PG is unset: PostgreSQL contract case skipped");
            return None;
        };
        let schema = format!("vieclam_test_{:016x}", rand::thread_rng().gen::<u64>());
        let admin = sqlx::PgPool::connect(&base_url)
            .await
            .expect("the PostgreSQL server at VIECLAM_TEST_PG answers");
        sqlx::query(&format!("CREATE SCHEMA {schema}"))
            .execute(&admin)
            .await
            .unwrap();
        admin.close().await;
        let separator = if base_url.contains('?') { '&' } else { '?' };
        let url = format!("{base_url}{separator}options=-c%20search_path%3D{schema}");
        let store = PostgresStore::connect(&url)
            .await
            .expect("PostgreSQL opens");
        Some(Harness {
            raw: RawPool::Postgres(store.pool().clone()),
            store: Arc::new(store),
            _folder: None,
            schema: Some((base_url, schema)),
        })
    }

    /// Runs SQL outside the store's interface, as an attacker or a careless
    /// administrator with database access would.
    pub async fn execute_raw(&self, sql: &str) -> Result<u64, sqlx::Error> {
        match &self.raw {
            RawPool::Sqlite(pool) => sqlx::query(sql)
                .execute(pool)
                .await
                .map(|done| done.rows_affected()),
            RawPool::Postgres(pool) => sqlx::query(sql)
                .execute(pool)
                .await
                .map(|done| done.rows_affected()),
        }
    }

    pub async fn clean_up(self) {
        if let RawPool::Postgres(pool) = &self.raw {
            pool.close().await;
        }
        if let Some((base_url, schema)) = &self.schema {
            let admin = sqlx::PgPool::connect(base_url).await.unwrap();
            sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
                .execute(&admin)
                .await
                .unwrap();
        }
    }
}
