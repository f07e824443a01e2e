//! CPU-bound work off the async threads: a bounded pool over
//! `tokio::task::spawn_blocking`.
//!
//! Parsing a spreadsheet, writing a workbook, scoring matches or scanning
//! the typeahead can take seconds; on an async thread that stalls every
//! other request, `/healthz` included, and the request timeout cannot fire
//! (a timeout only acts at an `.await`). Such a step goes through [`run`]:
//! it waits for one of a fixed number of permits (the number of cores, as
//! meilisearch does for its searches), then runs on tokio's blocking
//! threads. The permit travels with the job, so a job whose request was
//! dropped (a timeout, a client gone) still holds its permit until it ends:
//! the bound is on work actually running, not on requests still waiting.
//!
//! A panic in a job is never lost: it is logged with the job's name and
//! answered as a 500 (`ApiError::internal()`).

use std::sync::Arc;

use tokio::sync::Semaphore;

use crate::error::ApiError;

/// The permits of CPU-bound jobs run for requests.
#[derive(Clone, Debug)]
pub struct BlockingPool {
    permits: Arc<Semaphore>,
    size: usize,
}

impl Default for BlockingPool {
    /// One permit per core the process may use.
    fn default() -> BlockingPool {
        BlockingPool::with_size(std::thread::available_parallelism().map_or(1, usize::from))
    }
}

impl BlockingPool {
    /// A pool running at most `size` jobs at once (at least one).
    pub fn with_size(size: usize) -> BlockingPool {
        let size = size.max(1);
        BlockingPool {
            permits: Arc::new(Semaphore::new(size)),
            size,
        }
    }

    /// How many jobs may run at once.
    pub fn size(&self) -> usize {
        self.size
    }

    /// How many more jobs could start now.
    pub fn available(&self) -> usize {
        self.permits.available_permits()
    }
}

impl AsRef<BlockingPool> for BlockingPool {
    fn as_ref(&self) -> &BlockingPool {
        self
    }
}

impl AsRef<BlockingPool> for crate::AppState {
    fn as_ref(&self) -> &BlockingPool {
        &self.blocking
    }
}

/// Runs `job` on a blocking thread once a permit of `pool` is free (pass
/// the `AppState` or the pool itself). A panic in `job` is logged and
/// answered as a 500; nothing is lost silently.
pub async fn run<T, F>(pool: &impl AsRef<BlockingPool>, job: F) -> Result<T, ApiError>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let pool = pool.as_ref();
    let permit = pool
        .permits
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| ApiError::internal())?;
    let outcome = tokio::task::spawn_blocking(move || {
        let result = job();
        drop(permit);
        result
    })
    .await;
    outcome.map_err(|error| {
        log_failed_job(std::any::type_name::<F>(), error);
        ApiError::internal()
    })
}

/// [`run`] for a job that can fail: its error becomes an `ApiError` by the
/// usual conversions (a store error, an access error, ...).
pub async fn try_run<T, E, F>(pool: &impl AsRef<BlockingPool>, job: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
    ApiError: From<E>,
{
    run(pool, job).await?.map_err(ApiError::from)
}

/// Runs `job` on a blocking thread without a permit: for the engines'
/// background rebuilds, which are one at a time per engine by construction
/// and must not wait behind requests. A panic becomes `Err` with its
/// message, logged by the caller with what it was building.
pub async fn run_unbounded<T, F>(job: F) -> Result<T, String>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(job)
        .await
        .map_err(panic_message)
}

/// The message of a failed blocking task: the panic's text when it is one.
pub fn panic_message(error: tokio::task::JoinError) -> String {
    if !error.is_panic() {
        return error.to_string();
    }
    let payload = error.into_panic();
    payload
        .downcast_ref::<&str>()
        .map(|text| (*text).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

fn log_failed_job(job: &str, error: tokio::task::JoinError) {
    let panicked = error.is_panic();
    let message = panic_message(error);
    // The job's type name says which closure failed (its module and
    // function); never its data, which may be personal.
    tracing::error!(job, panicked, panic = %message, "blocking job failed");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_job_answers_its_value() {
        let pool = BlockingPool::with_size(2);
        assert_eq!(run(&pool, || 6 * 7).await.unwrap(), 42);
        assert_eq!(pool.available(), 2);
    }

    #[tokio::test]
    async fn a_panicking_job_is_a_500_not_a_lost_answer() {
        let pool = BlockingPool::with_size(1);
        let error = run(&pool, || -> u32 { panic!("boom") }).await.unwrap_err();
        assert_eq!(error.status, axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        // The permit came back: the next job runs.
        assert_eq!(run(&pool, || 1).await.unwrap(), 1);
    }

    #[tokio::test]
    async fn no_more_jobs_run_at_once_than_the_pool_has_permits() {
        let pool = BlockingPool::with_size(2);
        let running = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let most = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (release, gate) = std::sync::mpsc::channel::<()>();
        let gate = Arc::new(std::sync::Mutex::new(gate));
        let mut jobs = Vec::new();
        for _ in 0..5 {
            let (pool, running, most, gate) =
                (pool.clone(), running.clone(), most.clone(), gate.clone());
            jobs.push(tokio::spawn(async move {
                run(&pool, move || {
                    let now = running.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                    most.fetch_max(now, std::sync::atomic::Ordering::SeqCst);
                    let _ = gate.lock().unwrap().recv();
                    running.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                })
                .await
            }));
        }
        for _ in 0..5 {
            release.send(()).unwrap();
        }
        for job in jobs {
            job.await.unwrap().unwrap();
        }
        assert!(most.load(std::sync::atomic::Ordering::SeqCst) <= 2);
    }
}
