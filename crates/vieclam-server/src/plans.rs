//! The live statistics behind plans and indicators: the cube of every
//! worker's timeline, built from the store on start and kept current by
//! every change to a worker, so an indicator is right the moment the event
//! that changes it is recorded.
//!
//! The engine keeps each worker's compact timeline (about 100 bytes) so that
//! a change is applied as "minus the old timeline, plus the new one" without
//! reading the old one back. Changes are serialised by one lock, and each
//! reads the worker from the store while holding it, so the last change
//! applied is the last one committed.

use std::collections::HashMap;
use std::time::Duration;

use tokio::sync::{watch, Mutex, MutexGuard};
use vieclam_domain::registry::EventKind;
use vieclam_domain::AdminUnits;
use vieclam_plans::cube::{EventFact, WorkerFacts};
use vieclam_plans::Statistics;
use vieclam_store::{EventRecord, Store, StoreError, WorkerRecord};

use crate::error::ApiError;

/// Workers read per page when the cube is built.
const PAGE: u32 = 5_000;

#[derive(Clone, Debug)]
struct Timeline {
    facts: WorkerFacts,
    events: Box<[EventFact]>,
}

#[derive(Default)]
pub struct Inner {
    pub statistics: Statistics,
    /// Every worker applied, by id; `None` marks a worker deleted while the
    /// cube was being built, so the scan does not add it back.
    timelines: HashMap<i64, Option<Timeline>>,
}

/// The statistics engine of a server.
pub struct PlanEngine {
    inner: Mutex<Inner>,
    ready: watch::Sender<bool>,
}

impl Default for PlanEngine {
    fn default() -> PlanEngine {
        PlanEngine {
            inner: Mutex::new(Inner::default()),
            ready: watch::channel(false).0,
        }
    }
}

fn timeline(
    record: &WorkerRecord,
    events: &[&EventRecord],
    inner: &mut Inner,
    units: &AdminUnits,
) -> Option<Timeline> {
    let registered_on = events
        .iter()
        .find(|event| event.event.kind == EventKind::Registered)
        .map(|event| event.event.date)
        .unwrap_or_else(|| vieclam_plans::reporting::vietnam_day(record.created_at));
    let cells = &mut inner.statistics.cells;
    let facts = WorkerFacts::of(&record.profile, registered_on, cells, units)?;
    let events = events
        .iter()
        .map(|event| EventFact::of(&event.event, cells, units))
        .collect();
    Some(Timeline { facts, events })
}

impl PlanEngine {
    /// Builds the cube from the store: every worker and its events, in pages
    /// by id. Changes that arrive meanwhile are applied as they come and
    /// win over the scan.
    pub async fn build(&self, store: &dyn Store, units: &AdminUnits) -> Result<u64, StoreError> {
        self.ready.send_replace(false);
        {
            let mut inner = self.inner.lock().await;
            *inner = Inner::default();
        }
        let mut after = 0;
        let mut n_workers = 0;
        loop {
            let page = store.workers_after(after, PAGE).await?;
            let (Some(first), Some(last)) = (page.first(), page.last()) else {
                break;
            };
            let events = store.events_of_workers(first.id, last.id).await?;
            let mut by_worker: HashMap<i64, Vec<&EventRecord>> = HashMap::new();
            for event in &events {
                by_worker.entry(event.worker_id).or_default().push(event);
            }
            let mut inner = self.inner.lock().await;
            for record in &page {
                if inner.timelines.contains_key(&record.id) {
                    continue;
                }
                let own = by_worker.remove(&record.id).unwrap_or_default();
                if let Some(timeline) = timeline(record, &own, &mut inner, units) {
                    inner.statistics.apply(&timeline.facts, &timeline.events, 1);
                    inner.timelines.insert(record.id, Some(timeline));
                    n_workers += 1;
                }
            }
            drop(inner);
            if page.len() < PAGE as usize {
                break;
            }
            after = last.id;
        }
        self.ready.send_replace(true);
        Ok(n_workers)
    }

    /// Applies the current state of one worker (after a create, an edit, an
    /// event or a delete).
    pub async fn follow_worker(
        &self,
        store: &dyn Store,
        units: &AdminUnits,
        id: i64,
    ) -> Result<(), StoreError> {
        let mut inner = self.inner.lock().await;
        let record = store.get_worker(id).await?;
        let new = match &record {
            Some(record) => {
                let events = store.list_events(id).await?;
                let events: Vec<&EventRecord> = events.iter().collect();
                timeline(record, &events, &mut inner, units)
            }
            None => None,
        };
        if let Some(Some(old)) = inner.timelines.remove(&id) {
            inner.statistics.apply(&old.facts, &old.events, -1);
        }
        if let Some(new) = &new {
            inner.statistics.apply(&new.facts, &new.events, 1);
        }
        inner.timelines.insert(id, new);
        Ok(())
    }

    /// The statistics, once built: waits up to `wait` for the build.
    pub async fn read(&self, wait: Duration) -> Result<MutexGuard<'_, Inner>, ApiError> {
        let mut ready = self.ready.subscribe();
        let built = tokio::time::timeout(wait, ready.wait_for(|ready| *ready))
            .await
            .is_ok_and(|result| result.is_ok());
        if !built {
            return Err(ApiError::new(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "statistics_not_ready",
                "Số liệu thống kê đang được tính lần đầu sau khi khởi động; vui lòng thử lại sau ít phút",
                "The statistics are still being computed after start; try again in a few minutes",
            ));
        }
        Ok(self.inner.lock().await)
    }

    pub fn is_ready(&self) -> bool {
        *self.ready.borrow()
    }
}

/// Brings the statistics in step with a worker that changed; a failure is
/// logged (the store holds the change, and a restart rebuilds).
pub async fn follow_worker(state: &crate::AppState, id: i64) {
    if let Err(error) = state
        .plans
        .follow_worker(state.store.as_ref(), &state.units, id)
        .await
    {
        tracing::error!(error = %error, worker_id = id, "statistics not updated");
    }
}

/// Rebuilds the statistics after a bulk change (an import).
pub async fn follow_import(state: &crate::AppState) {
    match state.plans.build(state.store.as_ref(), &state.units).await {
        Ok(n_workers) => tracing::info!(n_workers, "statistics rebuilt"),
        Err(error) => tracing::error!(error = %error, "statistics not rebuilt"),
    }
}
