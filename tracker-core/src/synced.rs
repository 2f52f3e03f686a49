//! Mode `sync`: handles to one storage shared across threads.

use core::fmt;

use crate::guard::{Rejected, check};
use crate::reentrancy::reentrant;
use crate::sync::{Arc, AtomicUsize, Mutex, MutexGuard, Ordering, PoisonError, TryLockError, thread_token};

/// Storage of mode `sync`: every clone is a handle to the same captures and
/// value, and handles may live in different threads.
///
/// Built on `Arc<Mutex<…>>`, chosen by measurement.
/// `cargo bench -p tracker-benches --bench contention` (in the `private-tracker`
/// repository) runs a sync tracker, `Arc<Mutex<…>>` and `Arc<RwLock<…>>` side
/// by side on one shared value. Ratios `RwLock / Mutex` of the time per
/// operation on a shared 2-core machine (above 1.00: the `Mutex` is faster):
///
/// | case | threads | `RwLock` / `Mutex` |
/// |---|---|---|
/// | 1 update in 10 operations | 1 | 1.02 |
/// | 1 update in 10 operations | 2 | 0.99 |
/// | 1 update in 10 operations | 4 | 1.15 |
///
/// Alone (the common case) the two cost the same: one atomic operation to
/// lock, one to unlock. Under contention the `RwLock` gains nothing, because
/// a tracker holds its lock only to copy one value and an `RwLock`'s shared
/// reader count turns every read into a write to a contended cache line. The
/// `Mutex` also makes reentrancy exactly detectable (below), where a read
/// inside a read of an `RwLock` may deadlock behind a waiting writer. So:
/// `Mutex`.
///
/// `Send + Sync` when `C: Send + Sync` and `V: Send`, as `Arc<Mutex<_>>` is.
/// [`update`](Self::update) runs its closure under the lock: no update is
/// lost between threads.
///
/// **Faults lose nothing.** Guards and closures see a borrow and run before
/// anything changes, so a panic in one leaves the value as it was. The lock
/// is then poisoned, which only signals "a panic happened while locked"; as
/// the value is known to be intact, every door ignores the poison and the
/// storage stays usable from every handle and thread.
///
/// **Reentrancy is detected, not deadlocked.** The lock is not reentrant. A
/// call on the same storage from inside its own [`with`](Self::with) or
/// [`update`](Self::update) closure (or guard) would wait for itself forever;
/// instead it panics with a message that names the tracker. The check itself
/// runs only when the lock is taken; what `with` and `update` pay on every
/// call is recording which thread runs user code under the lock (3
/// instructions, see BENCHMARKS.md in the repository).
///
/// ```
/// use std::thread;
/// use private_tracker_core::Synced;
///
/// let counter = Synced::<(), u64>::new((), "Counter");
/// let handles: Vec<_> = (0..4)
///     .map(|_| {
///         let counter = counter.clone();
///         thread::spawn(move || {
///             for _ in 0..1000 {
///                 counter.update(|n| n.copied().unwrap_or(0) + 1);
///             }
///         })
///     })
///     .collect();
/// for handle in handles {
///     handle.join().unwrap();
/// }
/// assert_eq!(counter.get(), Some(4000));
/// ```
pub struct Synced<C, V> {
    inner: Arc<Inner<C, V>>,
}

struct Inner<C, V> {
    name: &'static str,
    /// The [`thread_token`] of the thread running user code under the lock
    /// (a `with`/`update` closure or an `update` guard), or 0.
    owner: AtomicUsize,
    captures: C,
    value: Mutex<Option<V>>,
}

const RULE: &str = "in mode `sync` would wait for itself forever";

/// The lock, held while user code runs under it: records the thread as the
/// owner so that a reentrant call can tell.
struct Held<'a, V> {
    guard: MutexGuard<'a, Option<V>>,
    owner: &'a AtomicUsize,
}

impl<V> Drop for Held<'_, V> {
    fn drop(&mut self) {
        // Before the guard unlocks: a thread never sees its own stale token.
        self.owner.store(0, Ordering::Relaxed);
    }
}

impl<C, V> Synced<C, V> {
    /// Storage holding `captures` and no value yet, for the tracker type
    /// `name` (used in the message of a reentrant call).
    #[inline]
    pub fn new(captures: C, name: &'static str) -> Self {
        Self {
            inner: Arc::new(Inner { name, owner: AtomicUsize::new(0), captures, value: Mutex::new(None) }),
        }
    }

    /// The captured constructor arguments, shared by every handle.
    #[inline]
    #[must_use]
    pub fn captures(&self) -> &C {
        &self.inner.captures
    }

    /// Whether `a` and `b` are handles to the same storage (JavaScript's `===`).
    #[inline]
    #[must_use]
    pub fn ptr_eq(a: &Self, b: &Self) -> bool {
        Arc::ptr_eq(&a.inner, &b.inner)
    }

    /// Takes the lock, ignoring poison (see the type's docs), and panics
    /// instead of deadlocking when this thread already holds it.
    #[inline]
    #[track_caller]
    fn lock(&self) -> MutexGuard<'_, Option<V>> {
        match self.inner.value.try_lock() {
            Ok(guard) => guard,
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(TryLockError::WouldBlock) => self.lock_contended(),
        }
    }

    #[cold]
    #[track_caller]
    fn lock_contended(&self) -> MutexGuard<'_, Option<V>> {
        if self.inner.owner.load(Ordering::Relaxed) == thread_token() {
            reentrant(self.inner.name, RULE);
        }
        self.inner.value.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The lock, for running user code under it.
    #[inline]
    #[track_caller]
    fn hold(&self) -> Held<'_, V> {
        let guard = self.lock();
        self.inner.owner.store(thread_token(), Ordering::Relaxed);
        Held { guard, owner: &self.inner.owner }
    }

    /// A clone of the stored value, if any.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn get(&self) -> Option<V>
    where
        V: Clone,
    {
        self.lock().clone()
    }

    /// Calls `f` with the stored value, if any, under the lock, and returns
    /// what it returns.
    #[inline]
    #[track_caller]
    pub fn with<R>(&self, f: impl FnOnce(Option<&V>) -> R) -> R {
        let held = self.hold();
        f(held.guard.as_ref())
    }

    /// Stores `value` and returns the previous one.
    #[inline]
    #[track_caller]
    pub fn replace(&self, value: V) -> Option<V> {
        self.lock().replace(value)
    }

    /// Removes the stored value and returns it.
    #[inline]
    #[track_caller]
    #[expect(clippy::must_use_candidate, reason = "taking and dropping the value is how to clear it")]
    pub fn take(&self) -> Option<V> {
        self.lock().take()
    }

    /// Stores what `f` computes from the current value, atomically: `f` runs
    /// under the lock, so no other update can slip in between.
    #[inline]
    #[track_caller]
    pub fn update(&self, f: impl FnOnce(Option<&V>) -> V) {
        let mut held = self.hold();
        let next = f(held.guard.as_ref());
        let previous = held.guard.replace(next);
        drop(held);
        drop(previous);
    }

    /// [`update`](Self::update) through `guard`, which also runs under the
    /// lock so that the check and the write are one step.
    ///
    /// # Errors
    ///
    /// [`Rejected`] with the computed value when `guard` returns `false`; the
    /// stored value is unchanged.
    #[inline]
    #[track_caller]
    pub fn try_update(
        &self,
        f: impl FnOnce(Option<&V>) -> V,
        guard: impl FnOnce(&V) -> bool,
    ) -> Result<(), Rejected<V>> {
        let mut held = self.hold();
        let next = check(f(held.guard.as_ref()), guard)?;
        let previous = held.guard.replace(next);
        drop(held);
        drop(previous);
        Ok(())
    }

    crate::handle::handle_write_paths!();
}

/// A new handle to the same storage, whatever `C` and `V` are.
impl<C, V> Clone for Synced<C, V> {
    #[inline]
    fn clone(&self) -> Self {
        Self { inner: Arc::clone(&self.inner) }
    }
}

/// Shows that storage exists, never what it holds.
impl<C, V> fmt::Debug for Synced<C, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Synced").finish_non_exhaustive()
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use crate::guard::tests::non_empty;
    use std::format;
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::string::{String, ToString};
    use std::thread;
    use std::vec::Vec;

    crate::handle::handle_contract_tests!(Synced);

    fn storage() -> Synced<(&'static str,), String> {
        Synced::new(("red",), "ActionTracker")
    }

    fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
        payload.downcast_ref::<String>().map(ToString::to_string).unwrap_or_default()
    }

    #[test]
    fn updates_from_many_threads_are_never_lost() {
        const THREADS: u64 = 4;
        const UPDATES: u64 = 50_000;
        let counter = Synced::<(), u64>::new((), "Counter");
        let workers: Vec<_> = (0..THREADS)
            .map(|_| {
                let counter = counter.clone();
                thread::spawn(move || {
                    for _ in 0..UPDATES {
                        counter.update(|n| n.copied().unwrap_or(0) + 1);
                    }
                })
            })
            .collect();
        for worker in workers {
            worker.join().unwrap();
        }
        assert_eq!(counter.get(), Some(THREADS * UPDATES));
    }

    #[test]
    fn a_panic_poisons_nothing_for_other_threads() {
        let a = storage();
        a.set("kept".into());
        let b = a.clone();
        let panicked = thread::spawn(move || b.update(|_| panic!("update"))).join();
        assert!(panicked.is_err());
        let c = a.clone();
        let panicked = thread::spawn(move || c.try_update(|_| "x".into(), |_| panic!("guard"))).join();
        assert!(panicked.is_err());
        assert_eq!(a.get().as_deref(), Some("kept"));
        let d = a.clone();
        thread::spawn(move || d.set("still usable".into())).join().unwrap();
        assert_eq!(a.get().as_deref(), Some("still usable"));
    }

    #[test]
    fn reentrant_calls_panic_with_the_trackers_name_instead_of_deadlocking() {
        let a = storage();
        let b = a.clone();
        for call in [
            &(|| a.with(|_| b.get())) as &dyn Fn() -> Option<String>,
            &|| {
                a.update(|_| b.take().unwrap_or_default());
                None
            },
            &|| a.try_update(|_| "x".into(), |_| b.get().is_some()).ok().and(None),
        ] {
            let payload = catch_unwind(AssertUnwindSafe(call)).unwrap_err();
            let message = panic_message(payload.as_ref());
            assert!(message.contains("`ActionTracker` was used from inside its own"), "{message}");
            assert!(message.contains("mode `sync`"), "{message}");
        }
        // The storage is intact and usable afterwards.
        a.set("ok".into());
        assert_eq!(b.get().as_deref(), Some("ok"));
    }

    #[test]
    fn other_threads_wait_instead_of_panicking() {
        let a = Synced::<(), u32>::new((), "T");
        a.set(0);
        let b = a.clone();
        a.with(|_| {
            // Another thread blocked on the lock is contention, not reentrancy.
            let waiter = thread::spawn(move || b.update(|n| n.copied().unwrap_or(0) + 1));
            thread::sleep(std::time::Duration::from_millis(20));
            assert!(!waiter.is_finished());
            waiter
        })
        .join()
        .unwrap();
        assert_eq!(a.get(), Some(1));
    }

    #[test]
    fn send_and_sync_follow_captures_and_value() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Synced<(&'static str,), String>>();
        // `V` need only be `Send`: `Cell` is not `Sync`.
        send_sync::<Synced<(), core::cell::Cell<u8>>>();
    }

    #[test]
    fn debug_shows_nothing() {
        let a = storage();
        a.set("secret".into());
        assert_eq!(format!("{a:?}"), "Synced { .. }");
    }
}
