//! A live copy of an engine's in-memory state (a search index, the
//! statistics cube) that keeps answering while a new one is built beside
//! it, then is swapped for it atomically.
//!
//! - Reads take a snapshot (`Arc`) of the copy in force; a swap never
//!   disturbs a read under way.
//! - A rebuild runs as a task of its own (`tokio::spawn`), so the request
//!   that asked for it may time out or go away without cancelling it. One
//!   rebuild runs at a time: a rebuild asked for while one runs marks it
//!   "dirty", and the running one runs once more when it ends. A build that
//!   fails or panics leaves the old copy answering; there is never a partial
//!   copy in force.
//! - A change to one record (`ticket`, then `apply`) goes to the copy in
//!   force. While a rebuild runs, the ids changed are journalled, and the
//!   rebuild replays them on the new copy (reading the store again) before
//!   the swap, which happens only when no journalled id is left to replay.
//! - Changes to one record are ordered by their ticket: a copy applies a
//!   change only when its ticket is newer than the last applied for that id
//!   and than the copy itself (a change whose ticket predates a rebuild is
//!   already in what the rebuild read). The change with the newest ticket
//!   read the store last, after the last commit, so it is the one that
//!   stays, whatever order the reads finish in.
//!
//! Locks here are `std` locks held for a few instructions, never across an
//! `.await`.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use arc_swap::ArcSwapOption;
use tokio::sync::watch;

/// A boxed future, as the rebuild source returns them.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// What builds a new copy and brings one record of a copy up to date.
pub trait Source<T>: Send + Sync + 'static {
    /// Builds a whole new copy from the store. CPU-bound steps run on
    /// blocking threads inside it.
    fn build(&self) -> BoxFuture<Result<T, String>>;

    /// Reads `ids` from the store and applies them to `generation` (a copy
    /// not yet in force), each under `ticket`.
    fn replay(
        &self,
        generation: Arc<Generation<T>>,
        ids: Vec<i64>,
        ticket: Ticket,
    ) -> BoxFuture<Result<(), String>>;
}

/// The order of a change: taken before the store is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ticket(u64);

/// One copy of the state, with the tickets it has applied.
pub struct Generation<T> {
    pub value: T,
    /// Tickets before this one were taken before the copy's build began:
    /// their changes are in what the build read.
    born: Ticket,
    applied: Mutex<HashMap<i64, Ticket>>,
}

impl<T> Generation<T> {
    fn new(value: T, born: Ticket) -> Generation<T> {
        Generation {
            value,
            born,
            applied: Mutex::new(HashMap::new()),
        }
    }

    /// Runs `apply` on this copy for the change `ticket` made to `id`,
    /// unless a newer change to `id` was applied already. Blocks other
    /// changes to this copy meanwhile (call it from a blocking thread).
    pub fn apply<R>(&self, ticket: Ticket, id: i64, apply: impl FnOnce(&T) -> R) -> Option<R> {
        let mut applied = self
            .applied
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if ticket < self.born || applied.get(&id).is_some_and(|last| *last >= ticket) {
            return None;
        }
        let result = apply(&self.value);
        applied.insert(id, ticket);
        Some(result)
    }
}

#[derive(Default)]
struct Control {
    next_ticket: u64,
    /// Rebuilds started and finished (whether they succeeded or not).
    n_started: u64,
    running: bool,
    dirty: bool,
    /// Ids changed since the running rebuild began.
    journal: HashSet<i64>,
    born: u64,
}

/// The copy in force and the rebuild machinery around it.
pub struct Live<T> {
    name: &'static str,
    current: ArcSwapOption<Generation<T>>,
    control: Mutex<Control>,
    /// How many rebuilds have ended.
    finished: watch::Sender<u64>,
    /// Whether a copy is in force.
    ready: watch::Sender<bool>,
    /// Run on a blocking thread before each build: tests hold a rebuild
    /// there to look at the server meanwhile.
    hook: Mutex<Option<Hook>>,
}

type Hook = Arc<dyn Fn() + Send + Sync>;

impl<T> std::fmt::Debug for Live<T> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Live")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// How a rebuild ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rebuilt {
    /// The rebuild asked for (or a later one) has ended.
    Done,
    /// It is still running after the wait given; it goes on regardless.
    StillRunning,
}

impl<T: Send + Sync + 'static> Live<T> {
    /// Nothing in force until the first build.
    pub fn empty(name: &'static str) -> Live<T> {
        Live {
            name,
            current: ArcSwapOption::empty(),
            control: Mutex::new(Control::default()),
            finished: watch::channel(0).0,
            ready: watch::channel(false).0,
            hook: Mutex::new(None),
        }
    }

    /// Runs `hook` on a blocking thread at the start of every rebuild (a
    /// test holds a rebuild there).
    pub fn set_build_hook(&self, hook: impl Fn() + Send + Sync + 'static) {
        *self.hook.lock().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(hook));
    }

    /// `value` in force from the start (an empty index).
    pub fn with(name: &'static str, value: T) -> Live<T> {
        let live = Live::empty(name);
        live.install(value);
        live
    }

    fn control(&self) -> std::sync::MutexGuard<'_, Control> {
        self.control
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The copy in force, if any.
    pub fn snapshot(&self) -> Option<Arc<Generation<T>>> {
        self.current.load_full()
    }

    /// Whether a copy is in force.
    pub fn is_ready(&self) -> bool {
        self.current.load().is_some()
    }

    /// The copy in force, waiting up to `wait` for the first one.
    pub async fn wait_ready(&self, wait: Duration) -> Option<Arc<Generation<T>>> {
        if let Some(generation) = self.snapshot() {
            return Some(generation);
        }
        let mut ready = self.ready.subscribe();
        let _ = tokio::time::timeout(wait, ready.wait_for(|ready| *ready)).await;
        self.snapshot()
    }

    /// Puts `value` in force at once, built outside the rebuild machinery
    /// (the command line builds once and reads).
    pub fn install(&self, value: T) {
        let born = Ticket(self.control().next_ticket);
        self.current
            .store(Some(Arc::new(Generation::new(value, born))));
        self.ready.send_replace(true);
    }

    /// The ticket of a change to `id`: take it after the change is committed
    /// and before the store is read for it.
    pub fn ticket(&self, id: i64) -> Ticket {
        let mut control = self.control();
        let ticket = Ticket(control.next_ticket);
        control.next_ticket += 1;
        if control.running {
            control.journal.insert(id);
        }
        ticket
    }

    /// Applies a change to the copy in force (see [`Generation::apply`]).
    /// With no copy yet, nothing: the first build reads the change.
    pub fn apply<R>(&self, ticket: Ticket, id: i64, apply: impl FnOnce(&T) -> R) -> Option<R> {
        self.snapshot()?.apply(ticket, id, apply)
    }

    /// Asks for a rebuild from `source` and returns at once with the number
    /// to wait for ([`Live::wait_rebuilt`]). The rebuild runs as a task of
    /// its own: nothing the caller does can cancel it.
    pub fn request_rebuild(self: &Arc<Self>, source: Arc<dyn Source<T>>) -> u64 {
        let mut control = self.control();
        if control.running {
            control.dirty = true;
            return control.n_started + 1;
        }
        control.running = true;
        control.n_started += 1;
        control.journal.clear();
        control.born = control.next_ticket;
        let target = control.n_started;
        drop(control);
        tokio::spawn(self.clone().run_rebuilds(source));
        target
    }

    /// Asks for a build unless one is running already (a reader waiting
    /// for the first copy needs no second build after the one under way).
    pub fn request_build_if_idle(self: &Arc<Self>, source: Arc<dyn Source<T>>) -> u64 {
        {
            let control = self.control();
            if control.running {
                return control.n_started;
            }
        }
        self.request_rebuild(source)
    }

    /// Waits until rebuild number `target` has ended, or `wait` has passed.
    pub async fn wait_rebuilt(&self, target: u64, wait: Duration) -> Rebuilt {
        let mut finished = self.finished.subscribe();
        let outcome = tokio::time::timeout(wait, finished.wait_for(|done| *done >= target)).await;
        match outcome {
            Ok(Ok(_)) => Rebuilt::Done,
            _ => Rebuilt::StillRunning,
        }
    }

    /// Rebuilds until no rebuild is asked for any more.
    async fn run_rebuilds(self: Arc<Self>, source: Arc<dyn Source<T>>) {
        loop {
            let born = Ticket(self.control().born);
            let outcome = self.rebuild_once(source.as_ref(), born).await;
            match outcome {
                Ok(()) => tracing::info!(engine = self.name, "rebuilt and swapped in"),
                Err(error) => tracing::error!(
                    engine = self.name,
                    error = %error,
                    "rebuild failed; the copy in force keeps answering"
                ),
            }
            let mut control = self.control();
            self.finished.send_modify(|done| *done += 1);
            if control.dirty {
                control.dirty = false;
                control.n_started += 1;
                control.journal.clear();
                control.born = control.next_ticket;
            } else {
                control.running = false;
                control.journal.clear();
                return;
            }
        }
    }

    /// One rebuild: build beside, replay what changed meanwhile, swap.
    async fn rebuild_once(&self, source: &dyn Source<T>, born: Ticket) -> Result<(), String> {
        let hook = self.hook.lock().unwrap_or_else(|p| p.into_inner()).clone();
        if let Some(hook) = hook {
            crate::blocking::run_unbounded(move || hook()).await?;
        }
        // The build runs as a task of its own so that a panic in it, even
        // outside its blocking steps, ends as an error here.
        let value = tokio::spawn(source.build())
            .await
            .map_err(crate::blocking::panic_message)??;
        let generation = Arc::new(Generation::new(value, born));
        loop {
            let (ids, ticket) = {
                let mut control = self.control();
                if control.journal.is_empty() {
                    self.current.store(Some(generation));
                    self.ready.send_replace(true);
                    return Ok(());
                }
                let ids: Vec<i64> = control.journal.drain().collect();
                let ticket = Ticket(control.next_ticket);
                control.next_ticket += 1;
                (ids, ticket)
            };
            tokio::spawn(source.replay(generation.clone(), ids, ticket))
                .await
                .map_err(crate::blocking::panic_message)??;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    use tokio::sync::Semaphore;

    use super::*;

    type Records = BTreeMap<i64, String>;
    /// A copy: what it holds of the records.
    type Copy = Mutex<Records>;

    /// A store of records and a source that copies it, held at a gate
    /// after reading the store until the test lets it go.
    #[derive(Clone, Default)]
    struct Fake {
        store: Arc<Mutex<Records>>,
        gate: Arc<Option<Semaphore>>,
        fail: Arc<AtomicBool>,
        panic: Arc<AtomicBool>,
        n_builds: Arc<AtomicUsize>,
    }

    impl Fake {
        fn held() -> Fake {
            Fake {
                gate: Arc::new(Some(Semaphore::new(0))),
                ..Fake::default()
            }
        }

        fn release(&self, n: usize) {
            if let Some(gate) = self.gate.as_ref() {
                gate.add_permits(n);
            }
        }

        fn set(&self, id: i64, text: &str) {
            self.store.lock().unwrap().insert(id, text.to_owned());
        }

        /// A change to one record, as the server follows one.
        async fn follow(&self, live: &Live<Copy>, id: i64) {
            let ticket = live.ticket(id);
            let current = self.store.lock().unwrap().get(&id).cloned();
            live.apply(ticket, id, |copy| put(copy, id, current));
        }
    }

    fn put(copy: &Copy, id: i64, current: Option<String>) {
        let mut records = copy.lock().unwrap();
        match current {
            Some(text) => records.insert(id, text),
            None => records.remove(&id),
        };
    }

    impl Source<Copy> for Fake {
        fn build(&self) -> BoxFuture<Result<Copy, String>> {
            let fake = self.clone();
            Box::pin(async move {
                fake.n_builds.fetch_add(1, Ordering::SeqCst);
                let read = fake.store.lock().unwrap().clone();
                if let Some(gate) = fake.gate.as_ref() {
                    gate.acquire().await.unwrap().forget();
                }
                if fake.panic.load(Ordering::SeqCst) {
                    panic!("the build crashed");
                }
                if fake.fail.load(Ordering::SeqCst) {
                    return Err("the store went away".to_owned());
                }
                Ok(Mutex::new(read))
            })
        }

        fn replay(
            &self,
            generation: Arc<Generation<Copy>>,
            ids: Vec<i64>,
            ticket: Ticket,
        ) -> BoxFuture<Result<(), String>> {
            let store = self.store.clone();
            Box::pin(async move {
                for id in ids {
                    let current = store.lock().unwrap().get(&id).cloned();
                    generation.apply(ticket, id, |copy| put(copy, id, current));
                }
                Ok(())
            })
        }
    }

    fn held_copy(live: &Live<Copy>) -> Records {
        live.snapshot().unwrap().value.lock().unwrap().clone()
    }

    fn records(pairs: &[(i64, &str)]) -> Records {
        pairs
            .iter()
            .map(|(id, text)| (*id, (*text).to_owned()))
            .collect()
    }

    const WAIT: Duration = Duration::from_secs(60);

    #[tokio::test]
    async fn a_read_during_a_rebuild_sees_the_whole_old_copy_then_the_new_one() {
        let fake = Fake::held();
        fake.set(1, "a");
        fake.set(2, "b");
        let live = Arc::new(Live::with(
            "test",
            Mutex::new(fake.store.lock().unwrap().clone()),
        ));
        fake.set(3, "c");
        let target = live.request_rebuild(Arc::new(fake.clone()));
        // The rebuild is under way and held: the old copy answers, whole.
        tokio::task::yield_now().await;
        assert_eq!(held_copy(&live), records(&[(1, "a"), (2, "b")]));
        fake.release(1);
        assert_eq!(live.wait_rebuilt(target, WAIT).await, Rebuilt::Done);
        assert_eq!(held_copy(&live), records(&[(1, "a"), (2, "b"), (3, "c")]));
    }

    #[tokio::test]
    async fn a_change_during_a_rebuild_reaches_the_new_copy() {
        let fake = Fake::held();
        fake.set(1, "a");
        fake.set(2, "b");
        let live = Arc::new(Live::with(
            "test",
            Mutex::new(fake.store.lock().unwrap().clone()),
        ));
        let target = live.request_rebuild(Arc::new(fake.clone()));
        // Let the build read the store, then change a record and delete one.
        while fake.n_builds.load(Ordering::SeqCst) == 0 {
            tokio::task::yield_now().await;
        }
        tokio::task::yield_now().await;
        fake.set(2, "B");
        fake.follow(&live, 2).await;
        fake.store.lock().unwrap().remove(&1);
        fake.follow(&live, 1).await;
        assert_eq!(held_copy(&live), records(&[(2, "B")]));
        fake.release(1);
        assert_eq!(live.wait_rebuilt(target, WAIT).await, Rebuilt::Done);
        assert_eq!(held_copy(&live), records(&[(2, "B")]));
    }

    #[tokio::test]
    async fn two_rebuilds_asked_at_once_make_one_more_run_and_agree_with_the_store() {
        let fake = Fake::held();
        fake.set(1, "a");
        let live = Arc::new(Live::with("test", Mutex::new(Records::new())));
        let first = live.request_rebuild(Arc::new(fake.clone()));
        fake.set(2, "b");
        let second = live.request_rebuild(Arc::new(fake.clone()));
        let third = live.request_rebuild(Arc::new(fake.clone()));
        assert_eq!((first, second, third), (1, 2, 2));
        fake.release(2);
        assert_eq!(live.wait_rebuilt(third, WAIT).await, Rebuilt::Done);
        assert_eq!(fake.n_builds.load(Ordering::SeqCst), 2);
        assert_eq!(held_copy(&live), records(&[(1, "a"), (2, "b")]));
        // Nothing is left running: a new request starts a new rebuild.
        fake.set(3, "c");
        let fourth = live.request_rebuild(Arc::new(fake.clone()));
        fake.release(1);
        assert_eq!(live.wait_rebuilt(fourth, WAIT).await, Rebuilt::Done);
        assert_eq!(held_copy(&live).len(), 3);
    }

    #[tokio::test]
    async fn a_failed_rebuild_leaves_the_old_copy_answering() {
        let fake = Fake::default();
        fake.set(1, "a");
        let live = Arc::new(Live::with(
            "test",
            Mutex::new(fake.store.lock().unwrap().clone()),
        ));
        fake.set(2, "b");
        fake.fail.store(true, Ordering::SeqCst);
        let target = live.request_rebuild(Arc::new(fake.clone()));
        assert_eq!(live.wait_rebuilt(target, WAIT).await, Rebuilt::Done);
        assert_eq!(held_copy(&live), records(&[(1, "a")]));
        // It keeps taking changes, and the next rebuild that works swaps.
        fake.follow(&live, 2).await;
        assert_eq!(held_copy(&live), records(&[(1, "a"), (2, "b")]));
        fake.fail.store(false, Ordering::SeqCst);
        fake.set(3, "c");
        let target = live.request_rebuild(Arc::new(fake.clone()));
        assert_eq!(live.wait_rebuilt(target, WAIT).await, Rebuilt::Done);
        assert_eq!(held_copy(&live).len(), 3);
    }

    #[tokio::test]
    async fn a_panicking_rebuild_leaves_the_old_copy_answering() {
        let fake = Fake::default();
        fake.set(1, "a");
        let live = Arc::new(Live::with(
            "test",
            Mutex::new(fake.store.lock().unwrap().clone()),
        ));
        fake.set(2, "b");
        fake.panic.store(true, Ordering::SeqCst);
        let target = live.request_rebuild(Arc::new(fake.clone()));
        assert_eq!(live.wait_rebuilt(target, WAIT).await, Rebuilt::Done);
        assert_eq!(held_copy(&live), records(&[(1, "a")]));
    }

    #[tokio::test]
    async fn a_first_build_that_fails_leaves_nothing_in_force_and_the_next_one_works() {
        let fake = Fake::default();
        fake.set(1, "a");
        let live: Arc<Live<Copy>> = Arc::new(Live::empty("test"));
        fake.fail.store(true, Ordering::SeqCst);
        let target = live.request_rebuild(Arc::new(fake.clone()));
        assert_eq!(live.wait_rebuilt(target, WAIT).await, Rebuilt::Done);
        assert!(!live.is_ready());
        fake.fail.store(false, Ordering::SeqCst);
        let target = live.request_rebuild(Arc::new(fake.clone()));
        assert_eq!(live.wait_rebuilt(target, WAIT).await, Rebuilt::Done);
        assert!(live.wait_ready(WAIT).await.is_some());
    }

    #[test]
    fn an_older_read_of_a_record_never_overwrites_a_newer_one() {
        let live = Live::with("test", Mutex::new(Records::new()));
        let older = live.ticket(1);
        let newer = live.ticket(1);
        live.apply(newer, 1, |copy| put(copy, 1, Some("new".to_owned())));
        let applied = live.apply(older, 1, |copy| put(copy, 1, Some("old".to_owned())));
        assert!(applied.is_none());
        assert_eq!(held_copy(&live), records(&[(1, "new")]));
    }
}
