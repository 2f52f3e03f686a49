//! Watchers of mode `sync` (feature `watch`): wait for the next change of
//! a tracker, asynchronously on any executor or blocking a thread, without
//! a subscriber.

#[cfg(not(loom))]
use core::time::Duration;
#[cfg(not(loom))]
use event_listener::Listener as _;
#[cfg(not(loom))]
use std::time::Instant;

use crate::handle::Handle;
use crate::slot::{Lend, Slot};

/// What a read through a watcher of the tracker `W` lends: `Option<&V>`, or
/// `&V` with `init`.
pub type WatchedRef<'a, W> =
    <<<W as Watched>::Storage as Handle>::Slot as Lend<'a, <<W as Watched>::Storage as Handle>::Value>>::Ref;

/// What a clone through a watcher of the tracker `W` gives: `Option<V>`, or
/// `V` with `init`.
pub type WatchedOut<W> =
    <<<W as Watched>::Storage as Handle>::Slot as Slot<<<W as Watched>::Storage as Handle>::Value>>::Out;

/// The tracker types of mode `sync` declared with `observe`, whose
/// [`Watcher`]s read and wait through their storage. Implemented by the
/// macro; hidden, as a tracker's `Guard` impl is.
#[doc(hidden)]
pub trait Watched: Clone {
    /// The tracker's storage.
    type Storage: WatchSource;

    /// The tracker's storage, whose public methods are the tracker's doors.
    fn storage(&self) -> &Self::Storage;
}

/// A storage that watchers can wait on: `Synced` with an observer.
pub trait WatchSource: Handle + sealed::Sealed {
    /// How many writes have been accepted.
    fn watched_version(&self) -> u64;

    /// Registers a listener, woken by every write after this call.
    #[doc(hidden)]
    fn listen(&self) -> crate::observe::ListenerOf<'_>;

    /// Panics, naming the tracker, if this thread runs user code under the
    /// storage's lock: a wait there would keep every writer out, and wait
    /// for ever.
    #[doc(hidden)]
    #[track_caller]
    fn refuse_wait_under_lock(&self);
}

pub(crate) mod sealed {
    /// Only `Synced` storages are watched.
    pub trait Sealed {}
}

/// A watcher of a tracker of mode `sync` declared with `observe`, made by
/// its `watch_…()`: it waits for the tracker's next change, and reads the
/// value through closures only (no guard of the lock is ever handed out, so
/// none can be held across an `.await`).
///
/// It coalesces as tokio's `watch::Receiver` does. A new watcher has seen
/// the current version. Any number of writes between two waits wake it
/// once, and a read then sees the latest value. Each wait registers for a
/// wake-up before it looks at the version, so no write can slip between
/// the two. [`changed`](Self::changed) is cancel-safe: a future dropped
/// before it completes has marked nothing seen.
///
/// It holds a handle to the tracker, so it keeps the tracker alive. Every
/// write wakes every watcher, whichever thread made the write. Unlike
/// tokio's receiver, it never reports that the writers are gone: when every
/// other handle has been dropped, a wait lasts for ever. Use
/// [`wait_changed_timeout`](Self::wait_changed_timeout), or race
/// [`changed`](Self::changed) against something else, where that can
/// happen. A subscriber of the same tracker must not wait on a watcher: the
/// round it runs in would stop, and with it every other subscriber.
#[derive(Clone)]
pub struct Watcher<W: Watched> {
    tracker: W,
    seen: u64,
}

impl<W: Watched> Watcher<W> {
    /// A watcher of `tracker` that has seen its current version.
    #[doc(hidden)]
    #[must_use]
    pub fn new(tracker: W) -> Self {
        let seen = tracker.storage().watched_version();
        Self { tracker, seen }
    }

    /// Whether the tracker has changed since this watcher last saw it.
    #[must_use]
    pub fn has_changed(&self) -> bool {
        self.tracker.storage().watched_version() != self.seen
    }

    /// Marks the current version seen.
    pub fn mark_seen(&mut self) {
        self.seen = self.tracker.storage().watched_version();
    }

    /// The version this watcher has seen.
    #[must_use]
    pub fn seen_version(&self) -> u64 {
        self.seen
    }

    /// Calls `f` with the stored value, under the tracker's lock, and
    /// returns what it returns. Reading marks nothing seen.
    ///
    /// # Panics
    ///
    /// If `f` calls the tracker, instead of deadlocking.
    #[track_caller]
    pub fn with<R>(&self, f: impl FnOnce(WatchedRef<'_, W>) -> R) -> R {
        Handle::door_with(self.tracker.storage(), f)
    }

    /// A clone of the stored value. Reading marks nothing seen.
    #[must_use]
    #[track_caller]
    pub fn get(&self) -> WatchedOut<W>
    where
        <W::Storage as Handle>::Value: Clone,
    {
        Handle::door_get(self.tracker.storage())
    }

    /// Marks the current version of `tracker` seen if it is new; whether
    /// it was. (Of the fields, not of `self`: a listener may borrow the
    /// tracker meanwhile.)
    fn take_change(tracker: &W, seen: &mut u64) -> bool {
        let version = tracker.storage().watched_version();
        let changed = version != *seen;
        *seen = version;
        changed
    }

    /// Blocks the thread until the tracker changes (returning at once if
    /// it has changed already), then marks the new version seen.
    ///
    /// # Panics
    ///
    /// If called from a closure, guard or `Clone` that the tracker runs
    /// under its lock (no write could come: it would wait for ever).
    #[track_caller]
    pub fn wait_changed(&mut self) {
        let Self { tracker, seen } = self;
        tracker.storage().refuse_wait_under_lock();
        loop {
            let listener = tracker.storage().listen();
            if Self::take_change(tracker, seen) {
                return;
            }
            listener.wait();
        }
    }

    /// [`wait_changed`](Self::wait_changed), for at most `timeout`:
    /// whether the tracker changed.
    ///
    /// # Panics
    ///
    /// As [`wait_changed`](Self::wait_changed).
    #[cfg(not(loom))]
    #[track_caller]
    pub fn wait_changed_timeout(&mut self, timeout: Duration) -> bool {
        let deadline = Instant::now().checked_add(timeout);
        let Self { tracker, seen } = self;
        tracker.storage().refuse_wait_under_lock();
        loop {
            let listener = tracker.storage().listen();
            if Self::take_change(tracker, seen) {
                return true;
            }
            let woken = if let Some(deadline) = deadline {
                listener.wait_deadline(deadline).is_some()
            } else {
                // A timeout too far to say: as long as it takes.
                listener.wait();
                true
            };
            if !woken {
                return Self::take_change(tracker, seen);
            }
        }
    }

    /// Waits, on any executor, until the tracker changes (completing at
    /// once if it has changed already), then marks the new version seen.
    ///
    /// Cancel-safe: dropping the future before it completes marks nothing
    /// seen, so the next wait sees the change.
    ///
    /// # Panics
    ///
    /// When polled from a closure, guard or `Clone` that the tracker runs
    /// under its lock, as [`wait_changed`](Self::wait_changed), whether or
    /// not it was polled before.
    #[cfg(not(loom))]
    pub async fn changed(&mut self) {
        let Self { tracker, seen } = self;
        tracker.storage().refuse_wait_under_lock();
        loop {
            let mut listener = tracker.storage().listen();
            if Self::take_change(tracker, seen) {
                return;
            }
            // Asked again at every poll: a future first polled outside
            // the lock may be polled again from inside it, where it would
            // wait for ever.
            core::future::poll_fn(|context| {
                tracker.storage().refuse_wait_under_lock();
                core::pin::Pin::new(&mut listener).poll(context)
            })
            .await;
        }
    }
}

/// Shows the version seen, never the value.
impl<W: Watched> core::fmt::Debug for Watcher<W> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Watcher").field("seen", &self.seen).finish_non_exhaustive()
    }
}

/// A watched tracker for the tests and the loom model: what the macro makes
/// of `#[private_tracker(sync, observe)] fn counter() -> u32;`.
#[cfg(test)]
pub(crate) mod testing {
    use super::Watched;
    use crate::{SyncObserved, Synced, Unguarded};

    pub(crate) type Storage = Synced<(), u32, Unguarded<(), u32>, Option<u32>, SyncObserved<Option<u32>>>;

    #[derive(Clone)]
    pub(crate) struct Counter(pub(crate) Storage);

    impl Watched for Counter {
        type Storage = Storage;
        fn storage(&self) -> &Storage {
            &self.0
        }
    }

    pub(crate) fn counter() -> Counter {
        Counter(Synced::new((), "Counter"))
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::testing::{Counter, counter};
    use super::*;
    use core::future::Future;
    use core::pin::pin;
    use core::task::{Context, Poll, Waker};
    use std::sync::Arc;
    use std::thread;

    /// A one-future executor: polls, and parks the thread until woken.
    fn block_on<F: Future>(future: F) -> F::Output {
        struct Unpark(thread::Thread);
        impl std::task::Wake for Unpark {
            fn wake(self: Arc<Self>) {
                self.0.unpark();
            }
        }
        let waker = Waker::from(Arc::new(Unpark(thread::current())));
        let mut context = Context::from_waker(&waker);
        let mut future = pin!(future);
        loop {
            if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
                return output;
            }
            thread::park();
        }
    }

    #[test]
    fn a_new_watcher_has_seen_the_current_version_and_writes_coalesce() {
        let tracker = counter();
        tracker.0.door_set(1);
        let mut watcher = Watcher::new(tracker.clone());
        assert!(!watcher.has_changed());
        assert_eq!(watcher.seen_version(), 1);
        tracker.0.door_set(2);
        tracker.0.door_set(3);
        assert!(watcher.has_changed());
        // Two writes, one wake-up, and the latest value.
        watcher.wait_changed();
        assert_eq!((watcher.get(), watcher.seen_version()), (Some(3), 3));
        assert!(!watcher.wait_changed_timeout(Duration::from_millis(10)));
        tracker.0.door_set(4);
        watcher.mark_seen();
        assert!(!watcher.has_changed());
        assert!(watcher.with(|value| value == Some(&4)));
    }

    #[test]
    fn a_blocked_watcher_wakes_for_a_write_from_another_thread() {
        let tracker = counter();
        let mut watcher = Watcher::new(tracker.clone());
        let writer = thread::spawn(move || {
            thread::sleep(Duration::from_millis(20));
            tracker.0.door_set(7);
        });
        assert!(watcher.wait_changed_timeout(Duration::from_secs(10)));
        assert_eq!(watcher.get(), Some(7));
        writer.join().unwrap();
    }

    #[test]
    fn changed_awaits_the_next_write_on_any_executor() {
        let tracker = counter();
        let mut watcher = Watcher::new(tracker.clone());
        let writer = thread::spawn(move || {
            for n in 1..=3 {
                thread::sleep(Duration::from_millis(5));
                tracker.0.door_set(n);
            }
        });
        block_on(watcher.changed());
        assert!(watcher.get().is_some());
        writer.join().unwrap();
        block_on(watcher.changed()); // the writes after the first wake
        assert_eq!(watcher.get(), Some(3));
    }

    #[test]
    fn changed_is_cancel_safe() {
        let tracker = counter();
        let mut watcher = Watcher::new(tracker.clone());
        {
            let waker = Waker::noop();
            let mut context = Context::from_waker(waker);
            let mut pending = pin!(watcher.changed());
            assert!(pending.as_mut().poll(&mut context).is_pending());
            // Dropped before completing.
        }
        tracker.0.door_set(1);
        assert!(watcher.has_changed(), "the cancelled wait marked nothing seen");
        block_on(watcher.changed());
        assert!(!watcher.has_changed());
    }

    #[test]
    fn a_wait_inside_the_trackers_own_closure_panics_instead_of_waiting_for_ever() {
        let tracker = counter();
        let mut watcher = Watcher::new(tracker.clone());
        let payload = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            Handle::door_with(&tracker.0, |_| watcher.wait_changed());
        }))
        .unwrap_err();
        let message = payload.downcast_ref::<std::string::String>().cloned().unwrap_or_default();
        assert!(message.contains("`Counter` was used from inside its own"), "{message}");
        assert!(message.contains("wait for ever"), "{message}");
        // Usable afterwards.
        tracker.0.door_set(1);
        assert!(watcher.has_changed());
    }

    #[test]
    fn a_wait_first_polled_outside_and_then_inside_the_lock_panics_instead_of_waiting_for_ever() {
        let tracker = counter();
        let mut watcher = Watcher::new(tracker.clone());
        let waker = Waker::noop();
        let mut context = Context::from_waker(waker);
        let mut pending = pin!(watcher.changed());
        assert!(pending.as_mut().poll(&mut context).is_pending());
        let payload = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            Handle::door_with(&tracker.0, |_| block_on(pending.as_mut()));
        }))
        .unwrap_err();
        let message = payload.downcast_ref::<std::string::String>().cloned().unwrap_or_default();
        assert!(message.contains("`Counter` was used from inside its own"), "{message}");
        tracker.0.door_set(1);
        assert_eq!(tracker.0.door_get(), Some(1), "usable afterwards");
    }

    #[test]
    fn watchers_are_send() {
        fn send<T: Send>() {}
        send::<Watcher<Counter>>();
    }
}
