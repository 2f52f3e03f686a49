//! The watchers' wake-ups (feature `watch`): a list of wakers that a write
//! wakes, and a parker for the blocking waits.
//!
//! Written here rather than taken from event-listener, by measurement
//! (BENCHMARKS.md, "Fan-out on tokio's own ground"): a watcher's wait there
//! allocated a listener and took the list's lock four or five times per
//! wake-up. Here a wait registers its waker once, under one lock; the write
//! that wakes it takes the entry out of the list, so the woken wait finds
//! itself gone with one atomic load and completes without a lock. A write
//! with nobody waiting loads one counter.
//!
//! No wake-up is lost, by acquire and release alone (no `SeqCst`, which the
//! loom model would not check). A wait registers, counting itself in
//! `waiting` under the list's lock, then reads the version with a
//! read-modify-write (`fetch_add(0)`), then looks. A write bumps the version
//! with a read-modify-write, then reads `waiting`. The two read-modify-writes
//! of the version are ordered: if the wait's comes first, the write's reads
//! from it and so sees the wait counted; if the write's comes first, the
//! wait sees the new version. The close is rarer, and takes the lock to
//! wake: a wait registered before it is in the list, and one registered
//! after it sees it closed. The loom model (`loom_model.rs`) checks this
//! very code.

use alloc::collections::VecDeque;
use core::task::Waker;

use crate::sync::{AtomicU64, AtomicUsize, Condvar, Mutex, MutexGuard, Ordering, PoisonError};

/// How many wakers a wake-up takes out of the list per lock: woken with the
/// lock released, since a waker may run an executor's code, and from an
/// array on the stack, since the writer allocates nothing.
const BATCH: usize = 32;

/// The wakers of the waits that wait for the next write.
#[allow(unreachable_pub, reason = "public in a private module: a public trait's hidden method returns it")]
pub struct Waiters {
    /// One more than the id of the last registration a wake-up took out:
    /// a registration below it is no longer in the list.
    woken_below: AtomicU64,
    /// How many registrations are in the list: a wake-up with none takes no
    /// lock.
    waiting: AtomicUsize,
    list: Mutex<List>,
}

/// The registrations, in the order of their ids.
struct List {
    next_id: u64,
    entries: VecDeque<(u64, Waker)>,
}

impl Waiters {
    pub(crate) fn new() -> Self {
        Self {
            woken_below: AtomicU64::new(0),
            waiting: AtomicUsize::new(0),
            list: Mutex::new(List { next_id: 0, entries: VecDeque::new() }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, List> {
        // No user code runs under this lock: a poisoned one is whole.
        self.list.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers `waker` to be woken by the next [`wake_all`](Self::wake_all),
    /// or keeps the registration `id` (updating its waker) if it is still in
    /// the list. Returns the registration's id. The caller then reads the
    /// version with a read-modify-write, and looks at what it waits for.
    pub(crate) fn register(&self, waker: &Waker, id: Option<u64>) -> u64 {
        let mut list = self.lock();
        if let Some(id) = id.filter(|id| self.listed(*id)) {
            if let Ok(at) = list.entries.binary_search_by_key(&id, |(id, _)| *id) {
                if !list.entries[at].1.will_wake(waker) {
                    // The old waker is dropped with the lock released: its
                    // drop may drop a task, whose wait leaves this list.
                    let old = core::mem::replace(&mut list.entries[at].1, waker.clone());
                    drop(list);
                    drop(old);
                }
                return id;
            }
        }
        let id = list.next_id;
        list.next_id += 1;
        list.entries.push_back((id, waker.clone()));
        self.waiting.fetch_add(1, Ordering::Release);
        drop(list);
        id
    }

    /// Whether the registration `id` may still be in the list.
    #[inline]
    fn listed(&self, id: u64) -> bool {
        id >= self.woken_below.load(Ordering::Acquire)
    }

    /// Takes the registration `id` out of the list, if a wake-up has not:
    /// a wait that completes or is dropped without being woken.
    pub(crate) fn remove(&self, id: u64) {
        if !self.listed(id) {
            return;
        }
        let mut list = self.lock();
        if let Ok(at) = list.entries.binary_search_by_key(&id, |(id, _)| *id) {
            let removed = list.entries.remove(at);
            self.waiting.fetch_sub(1, Ordering::Relaxed);
            drop(list);
            drop(removed);
        }
    }

    /// Wakes every wait registered before this call, if any. Called after a
    /// write has made its version with a read-modify-write, with no lock
    /// held.
    pub(crate) fn wake_all(&self) {
        if self.waiting.load(Ordering::Acquire) == 0 {
            return;
        }
        self.wake_all_listed();
    }

    /// Wakes every wait registered before this call, taking the lock even
    /// when none seems to wait: after the close, which is no version.
    ///
    /// A waker that panics keeps none of the others from waking (at the
    /// close, no later write would wake them). The first panic then goes
    /// on, unless the thread is unwinding already: a second panic in a
    /// `Drop` would abort the process.
    pub(crate) fn wake_all_listed(&self) {
        let mut first_panic = None;
        // Those registered from now on look after this write: they need no
        // wake-up, and a wait that keeps registering cannot keep this loop
        // going.
        let limit = self.lock().next_id;
        loop {
            let mut batch: [Option<Waker>; BATCH] = Default::default();
            let more = {
                let mut list = self.lock();
                let mut taken = 0;
                for slot in &mut batch {
                    match list.entries.front() {
                        Some((id, _)) if *id < limit => {}
                        _ => break,
                    }
                    if let Some((id, waker)) = list.entries.pop_front() {
                        self.woken_below.store(id + 1, Ordering::Release);
                        *slot = Some(waker);
                        taken += 1;
                    }
                }
                self.waiting.fetch_sub(taken, Ordering::Relaxed);
                list.entries.front().is_some_and(|(id, _)| *id < limit)
            };
            for waker in batch.into_iter().flatten() {
                if let Err(payload) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| waker.wake()))
                {
                    first_panic.get_or_insert(payload);
                }
            }
            if !more {
                if let Some(payload) = first_panic.filter(|_| !std::thread::panicking()) {
                    std::panic::resume_unwind(payload);
                }
                return;
            }
        }
    }
}

/// A waker that wakes a blocked thread: the blocking waits' waker. A flag
/// under a lock and a condition variable (not `thread::park`), so that a
/// wake-up is never mistaken for another's, and so that the loom model,
/// whose condition variable is exact, checks it.
pub(crate) struct Parker {
    woken: Mutex<bool>,
    condvar: Condvar,
}

impl Parker {
    pub(crate) fn new() -> std::sync::Arc<Self> {
        std::sync::Arc::new(Self { woken: Mutex::new(false), condvar: Condvar::new() })
    }

    /// Blocks until a wake-up comes (and takes it), or `deadline` passes:
    /// `false` then.
    pub(crate) fn wait(&self, deadline: Option<std::time::Instant>) -> bool {
        let mut woken = self.woken.lock().unwrap_or_else(PoisonError::into_inner);
        while !*woken {
            woken = match deadline {
                None => self.condvar.wait(woken).unwrap_or_else(PoisonError::into_inner),
                #[cfg(not(loom))]
                Some(deadline) => {
                    let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) else {
                        return false;
                    };
                    self.condvar.wait_timeout(woken, left).unwrap_or_else(PoisonError::into_inner).0
                }
                // The loom model waits with no deadline.
                #[cfg(loom)]
                Some(_) => return false,
            };
        }
        *woken = false;
        true
    }
}

impl std::task::Wake for Parker {
    fn wake(self: std::sync::Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &std::sync::Arc<Self>) {
        *self.woken.lock().unwrap_or_else(PoisonError::into_inner) = true;
        self.condvar.notify_one();
    }
}
