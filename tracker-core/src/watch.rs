//! Watchers of mode `sync` (feature `watch`): wait for the next change of
//! a tracker, asynchronously on any executor or blocking a thread, without
//! a subscriber.

#[cfg(not(loom))]
use core::task::Poll;
use core::task::Waker;
#[cfg(not(loom))]
use core::time::Duration;
use std::time::Instant;

use crate::handle::Handle;
use crate::slot::{Lend, Slot};
use crate::wake::{Parker, Waiters};

/// What a read through a watcher of the tracker `W` lends: `Option<&V>`, or
/// `&V` with `init`.
pub type WatchedRef<'a, W> =
    <<<W as Watched>::Storage as Handle>::Slot as Lend<'a, <<W as Watched>::Storage as Handle>::Value>>::Ref;

/// What a clone through a watcher of the tracker `W` gives: `Option<V>`, or
/// `V` with `init`.
pub type WatchedOut<W> =
    <<<W as Watched>::Storage as Handle>::Slot as Slot<<<W as Watched>::Storage as Handle>::Value>>::Out;

/// What a clone of the value of the storage `S` gives.
type SourceOut<S> = <<S as Handle>::Slot as Slot<<S as Handle>::Value>>::Out;

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

    /// Whether the last handle is gone. A wait that sees it looks at the
    /// version after it, and so sees the last write first.
    #[doc(hidden)]
    fn closed(&self) -> bool;

    /// The waits registered for the next write, and the close.
    #[doc(hidden)]
    fn waiters(&self) -> &Waiters;

    /// Reads the version with a read-modify-write: what a wait does after
    /// registering (see `wake.rs`).
    #[doc(hidden)]
    fn after_registering(&self);

    /// Under the lock, calls `f` with the version and the value, and when
    /// it returns `true`, hands back the version with a clone of the
    /// value: what `f` saw. `f` runs as a `with` closure does.
    #[doc(hidden)]
    #[track_caller]
    fn watch_if(
        &self,
        f: impl FnOnce(u64, crate::slot::Reads<'_, Self::Slot, Self::Value>) -> bool,
    ) -> Option<(u64, SourceOut<Self>)>
    where
        Self::Value: Clone;

    /// Stops counting one handle: the tracker handed to a new watcher.
    #[doc(hidden)]
    fn uncount(&self);

    /// Counts one handle again: a watcher's tracker, about to be dropped.
    #[doc(hidden)]
    fn recount(&self);

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

/// What a watcher's wait returns when the tracker is closed, so that what
/// it waits for will not come: every handle to the tracker has been
/// dropped, so no write will come. A wait for a change returns it once the
/// watcher has seen the last write; [`wait_for`](Watcher::wait_for) once
/// its predicate has refused the last value (which it leaves unseen, so a
/// wait for a change may still return it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Closed;

impl core::fmt::Display for Closed {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("the tracker is closed: every handle to it has been dropped")
    }
}

impl std::error::Error for Closed {}

/// Why a wait with a timeout returned without what it waited for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WaitTimeoutError {
    /// The time ran out first.
    Timeout,
    /// The tracker is closed: what the wait waits for will not come (see
    /// [`Closed`]).
    Closed,
}

impl core::fmt::Display for WaitTimeoutError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Timeout => f.write_str("the wait timed out"),
            Self::Closed => core::fmt::Display::fmt(&Closed, f),
        }
    }
}

impl std::error::Error for WaitTimeoutError {}

impl From<Closed> for WaitTimeoutError {
    fn from(Closed: Closed) -> Self {
        Self::Closed
    }
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
/// the two. [`changed`](Self::changed) and [`wait_for`](Self::wait_for)
/// are cancel-safe: a future dropped before it completes has marked
/// nothing seen.
///
/// A watcher is not a handle. It keeps the storage alive, to read it, but
/// when every handle to the tracker has been dropped the tracker is
/// closed: waiting watchers wake, and once a watcher has seen the last
/// write its waits return [`Closed`]. So the loop a watcher runs,
/// `while watcher.changed().await.is_ok() { … }` on any executor or
/// `while watcher.wait_changed().is_ok() { … }` on a thread of its own,
/// ends with the writers, after the last write.
///
/// [`wait_for`](Self::wait_for) waits until the value is one a predicate
/// accepts, looking at the current one first. With the `stream` feature a
/// watcher is a `futures_core::Stream` of the values after each change it
/// sees.
///
/// Every write that makes a version wakes every waiting watcher, whichever
/// thread made the write (with `observe(distinct)`, a write of an equal
/// value makes none). A
/// subscriber of the same tracker must not wait on a watcher: the round it
/// runs in would stop, and with it every other subscriber.
pub struct Watcher<W: Watched> {
    tracker: W,
    seen: u64,
    /// The registration a [`Stream`](futures_core::Stream) poll made,
    /// kept for the next poll.
    #[cfg(all(feature = "stream", not(loom)))]
    registration: Option<u64>,
}

/// A wait's place in the tracker's list of waiters, left when dropped: a
/// wait that completes, or is dropped (cancelled), leaves nothing behind.
struct Registration<'a> {
    waiters: &'a Waiters,
    id: Option<u64>,
}

impl<'a> Registration<'a> {
    const fn new(waiters: &'a Waiters) -> Self {
        Self { waiters, id: None }
    }

    /// Registers `waker` for the next write (or keeps the registration,
    /// with `waker`, while no write has woken it), then reads the version
    /// so that what the caller looks at next is at least as new as any
    /// write that did not see this registration (see `wake.rs`).
    fn register(&mut self, waker: &Waker, storage: &impl WatchSource) {
        self.id = Some(self.waiters.register(waker, self.id));
        storage.after_registering();
    }
}

impl Drop for Registration<'_> {
    fn drop(&mut self) {
        if let Some(id) = self.id.take() {
            self.waiters.remove(id);
        }
    }
}

impl<W: Watched> Watcher<W> {
    /// A watcher of `tracker` that has seen its current version. `tracker`
    /// no longer counts as a handle.
    #[doc(hidden)]
    #[must_use]
    pub fn new(tracker: W) -> Self {
        let seen = tracker.storage().watched_version();
        tracker.storage().uncount();
        Self {
            tracker,
            seen,
            #[cfg(all(feature = "stream", not(loom)))]
            registration: None,
        }
    }

    /// Whether the tracker has changed since this watcher last saw it.
    #[must_use]
    pub fn has_changed(&self) -> bool {
        self.tracker.storage().watched_version() != self.seen
    }

    /// Whether the tracker is closed: every handle to it has been dropped,
    /// so no write will come. A change this watcher has not seen yet is
    /// still returned by its next wait, before [`Closed`].
    #[must_use]
    pub fn is_closed(&self) -> bool {
        self.tracker.storage().closed()
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

    /// Looks with `check`: what it found, or the close, or nothing yet. The
    /// close is read before `check` looks, so a write made before the
    /// close is found first. (Of the fields, not of `self`: the caller
    /// holds a registration in the tracker meanwhile.)
    #[track_caller]
    fn look<T>(
        tracker: &W,
        seen: &mut u64,
        check: impl FnOnce(&W, &mut u64) -> Option<T>,
    ) -> Option<Result<T, Closed>> {
        let closed = tracker.storage().closed();
        match check(tracker, seen) {
            Some(found) => Some(Ok(found)),
            None if closed => Some(Err(Closed)),
            None => None,
        }
    }

    /// A change: marks the current version of `tracker` seen if it is
    /// new.
    fn change(tracker: &W, seen: &mut u64) -> Option<()> {
        let version = tracker.storage().watched_version();
        let changed = version != *seen;
        *seen = version;
        changed.then_some(())
    }

    /// Blocks the thread until the tracker changes (returning at once if
    /// it has changed already), then marks the new version seen.
    ///
    /// # Errors
    ///
    /// [`Closed`] once the tracker is closed and this watcher has seen its
    /// last write.
    ///
    /// # Panics
    ///
    /// If called from a closure, guard or `Clone` that the tracker runs
    /// under its lock (no write could come: it would wait for ever).
    #[track_caller]
    pub fn wait_changed(&mut self) -> Result<(), Closed> {
        // Without a deadline, no timeout.
        self.block(None, Self::change).map_err(|_| Closed)
    }

    /// [`wait_changed`](Self::wait_changed), for at most `timeout`.
    ///
    /// # Errors
    ///
    /// [`WaitTimeoutError::Timeout`] when the time runs out first, and
    /// [`WaitTimeoutError::Closed`] as [`wait_changed`](Self::wait_changed)
    /// returns [`Closed`].
    ///
    /// # Panics
    ///
    /// As [`wait_changed`](Self::wait_changed).
    #[cfg(not(loom))]
    #[track_caller]
    pub fn wait_changed_timeout(&mut self, timeout: Duration) -> Result<(), WaitTimeoutError> {
        self.block(Instant::now().checked_add(timeout), Self::change)
    }

    /// Waits, on any executor, until the tracker changes (completing at
    /// once if it has changed already), then marks the new version seen.
    ///
    /// Cancel-safe: dropping the future before it completes marks nothing
    /// seen, so the next wait sees the change.
    ///
    /// # Errors
    ///
    /// [`Closed`] once the tracker is closed and this watcher has seen its
    /// last write.
    ///
    /// # Panics
    ///
    /// When polled from a closure, guard or `Clone` that the tracker runs
    /// under its lock, as [`wait_changed`](Self::wait_changed), whether or
    /// not it was polled before.
    #[cfg(not(loom))]
    pub async fn changed(&mut self) -> Result<(), Closed> {
        self.wait_async(Self::change).await
    }

    /// Waits, on any executor, until `predicate` accepts the value, and
    /// returns a clone of the value it accepted. The current value is
    /// checked first: a value that holds already completes at once. Then
    /// each change is checked (coalesced, as [`changed`](Self::changed)
    /// sees them). The version of the accepted value is marked seen.
    ///
    /// `predicate` runs under the tracker's lock, as a `with_…` closure:
    /// a call from it into the tracker panics, never waits. The clone is
    /// made under the same lock, so it is the value the predicate saw.
    ///
    /// Cancel-safe: dropping the future before it completes marks nothing
    /// seen.
    ///
    /// # Errors
    ///
    /// [`Closed`] when the tracker is closed with the predicate not
    /// holding for its last value.
    ///
    /// # Panics
    ///
    /// As [`changed`](Self::changed), and if `predicate` calls the
    /// tracker.
    #[cfg(not(loom))]
    pub async fn wait_for(
        &mut self,
        mut predicate: impl FnMut(WatchedRef<'_, W>) -> bool,
    ) -> Result<WatchedOut<W>, Closed>
    where
        <W::Storage as Handle>::Value: Clone,
    {
        let mut rejected = None;
        self.wait_async(|tracker, seen| Self::accepted(tracker, seen, &mut rejected, &mut predicate)).await
    }

    /// [`wait_for`](Self::wait_for), blocking the thread.
    ///
    /// # Errors
    ///
    /// As [`wait_for`](Self::wait_for).
    ///
    /// # Panics
    ///
    /// As [`wait_changed`](Self::wait_changed), and if `predicate` calls
    /// the tracker.
    #[track_caller]
    pub fn wait_for_blocking(
        &mut self,
        mut predicate: impl FnMut(WatchedRef<'_, W>) -> bool,
    ) -> Result<WatchedOut<W>, Closed>
    where
        <W::Storage as Handle>::Value: Clone,
    {
        // Without a deadline, no timeout.
        let mut rejected = None;
        self.block(None, |tracker, seen| Self::accepted(tracker, seen, &mut rejected, &mut predicate))
            .map_err(|_| Closed)
    }

    /// [`wait_for_blocking`](Self::wait_for_blocking), for at most
    /// `timeout`.
    ///
    /// # Errors
    ///
    /// [`WaitTimeoutError::Timeout`] when the time runs out first, and
    /// [`WaitTimeoutError::Closed`] as [`wait_for`](Self::wait_for)
    /// returns [`Closed`].
    ///
    /// # Panics
    ///
    /// As [`wait_for_blocking`](Self::wait_for_blocking).
    #[cfg(not(loom))]
    #[track_caller]
    pub fn wait_for_timeout(
        &mut self,
        timeout: Duration,
        mut predicate: impl FnMut(WatchedRef<'_, W>) -> bool,
    ) -> Result<WatchedOut<W>, WaitTimeoutError>
    where
        <W::Storage as Handle>::Value: Clone,
    {
        let mut rejected = None;
        self.block(Instant::now().checked_add(timeout), |tracker, seen| {
            Self::accepted(tracker, seen, &mut rejected, &mut predicate)
        })
    }

    /// The value, if `predicate` accepts it, with its version marked seen.
    #[track_caller]
    /// The predicate is asked once per version: `rejected` is the last
    /// version it refused, which a look after registering finds again when
    /// nothing was written in between.
    fn accepted(
        tracker: &W,
        seen: &mut u64,
        rejected: &mut Option<u64>,
        predicate: &mut impl FnMut(WatchedRef<'_, W>) -> bool,
    ) -> Option<WatchedOut<W>>
    where
        <W::Storage as Handle>::Value: Clone,
    {
        let (version, value) = tracker.storage().watch_if(|version, value| {
            if *rejected == Some(version) {
                return false;
            }
            *rejected = Some(version);
            predicate(value)
        })?;
        *seen = version;
        Some(value)
    }

    /// Blocks until `check` finds something, or the tracker is closed, or
    /// `deadline` passes (a deadline too far to say is none).
    #[track_caller]
    fn block<T>(
        &mut self,
        deadline: Option<Instant>,
        mut check: impl FnMut(&W, &mut u64) -> Option<T>,
    ) -> Result<T, WaitTimeoutError> {
        let Self { tracker, seen, .. } = self;
        tracker.storage().refuse_wait_under_lock();
        if let Some(done) = Self::look(tracker, seen, &mut check) {
            return done.map_err(WaitTimeoutError::from);
        }
        let parker = Parker::new();
        let waker = Waker::from(std::sync::Arc::clone(&parker));
        let mut registration = Registration::new(tracker.storage().waiters());
        loop {
            registration.register(&waker, tracker.storage());
            if let Some(done) = Self::look(tracker, seen, &mut check) {
                return done.map_err(WaitTimeoutError::from);
            }
            if !parker.wait(deadline) {
                // One last look, as at the deadline.
                return match Self::look(tracker, seen, &mut check) {
                    Some(done) => done.map_err(WaitTimeoutError::from),
                    None => Err(WaitTimeoutError::Timeout),
                };
            }
        }
    }

    /// Waits, on any executor, until `check` finds something, or the
    /// tracker is closed. Cancel-safe when `check` marks nothing seen
    /// unless it finds something: a dropped future leaves its registration.
    #[cfg(not(loom))]
    async fn wait_async<T>(&mut self, mut check: impl FnMut(&W, &mut u64) -> Option<T>) -> Result<T, Closed> {
        let Self { tracker, seen, .. } = self;
        let tracker = &*tracker;
        let mut registration = Registration::new(tracker.storage().waiters());
        core::future::poll_fn(|context| {
            // Asked at every poll: a future first polled outside the lock
            // may be polled again from inside it, where it would wait for
            // ever.
            tracker.storage().refuse_wait_under_lock();
            if let Some(done) = Self::look(tracker, seen, &mut check) {
                return Poll::Ready(done);
            }
            registration.register(context.waker(), tracker.storage());
            Self::look(tracker, seen, &mut check).map_or(Poll::Pending, Poll::Ready)
        })
        .await
    }
}

/// A watcher never pins what it holds: the tracker, a handle, moves freely
/// (its storage is behind an `Arc`), and a registration is an id.
impl<W: Watched> Unpin for Watcher<W> {}

/// A new watcher of the same tracker, which has seen what this one has.
impl<W: Watched> Clone for Watcher<W> {
    fn clone(&self) -> Self {
        let tracker = self.tracker.clone();
        tracker.storage().uncount();
        Self {
            tracker,
            seen: self.seen,
            #[cfg(all(feature = "stream", not(loom)))]
            registration: None,
        }
    }
}

/// Counts the watcher's tracker as a handle again just before it is
/// dropped, so that its drop takes back only what it counts.
impl<W: Watched> Drop for Watcher<W> {
    fn drop(&mut self) {
        #[cfg(all(feature = "stream", not(loom)))]
        if let Some(id) = self.registration.take() {
            self.tracker.storage().waiters().remove(id);
        }
        self.tracker.storage().recount();
    }
}

/// With the `stream` feature: the values after each change the watcher
/// sees, coalesced as [`changed`](Watcher::changed) sees changes, ending
/// once the tracker is closed and its last write was seen. What
/// `tokio_stream::wrappers::WatchStream::from_changes` gives a tokio user.
///
/// Each item is a clone of the value made under the lock with the version
/// it marks seen, so no change is reported twice.
///
/// # Panics
///
/// When polled from a closure, guard or `Clone` that the tracker runs under
/// its lock, as [`changed`](Watcher::changed).
#[cfg(all(feature = "stream", not(loom)))]
impl<W: Watched> futures_core::Stream for Watcher<W>
where
    <W::Storage as Handle>::Value: Clone,
{
    type Item = WatchedOut<W>;

    fn poll_next(
        self: core::pin::Pin<&mut Self>,
        context: &mut core::task::Context<'_>,
    ) -> Poll<Option<Self::Item>> {
        let Self { tracker, seen, registration } = self.get_mut();
        tracker.storage().refuse_wait_under_lock();
        let new = |tracker: &W, seen: &mut u64| {
            let seen_before = *seen;
            let (version, value) = tracker.storage().watch_if(|version, _| version != seen_before)?;
            *seen = version;
            Some(value)
        };
        let waiters = tracker.storage().waiters();
        let waiting = |registration: &mut Option<u64>, seen: &mut u64| {
            if let Some(done) = Self::look(tracker, seen, new) {
                return Some(done);
            }
            *registration = Some(waiters.register(context.waker(), *registration));
            tracker.storage().after_registering();
            Self::look(tracker, seen, new)
        };
        let Some(done) = waiting(registration, seen) else {
            return Poll::Pending;
        };
        if let Some(id) = registration.take() {
            waiters.remove(id);
        }
        // The values, then the end once the tracker is closed.
        Poll::Ready(done.ok())
    }
}

/// Shows the version seen, never the value.
impl<W: Watched> core::fmt::Debug for Watcher<W> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Watcher")
            .field("seen", &self.seen)
            .field("closed", &self.is_closed())
            .finish_non_exhaustive()
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
    use std::vec::Vec;

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
        assert_eq!(watcher.wait_changed(), Ok(()));
        assert_eq!((watcher.get(), watcher.seen_version()), (Some(3), 3));
        assert_eq!(watcher.wait_changed_timeout(Duration::from_millis(10)), Err(WaitTimeoutError::Timeout));
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
        assert_eq!(watcher.wait_changed_timeout(Duration::from_secs(10)), Ok(()));
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
        assert_eq!(block_on(watcher.changed()), Ok(()));
        assert!(watcher.get().is_some());
        writer.join().unwrap();
        // The writes after the first wake, and the close after them.
        let mut wakes = 0;
        while block_on(watcher.changed()).is_ok() {
            wakes += 1;
        }
        assert!(wakes <= 2, "coalesced: {wakes}");
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
        assert_eq!(block_on(watcher.changed()), Ok(()));
        assert!(!watcher.has_changed());
        {
            let waker = Waker::noop();
            let mut context = Context::from_waker(waker);
            let mut pending = pin!(watcher.wait_for(|value| value == Some(&2)));
            assert!(pending.as_mut().poll(&mut context).is_pending());
        }
        tracker.0.door_set(2);
        assert!(watcher.has_changed(), "the cancelled `wait_for` marked nothing seen");
    }

    #[test]
    fn a_wait_inside_the_trackers_own_closure_panics_instead_of_waiting_for_ever() {
        let tracker = counter();
        let mut watcher = Watcher::new(tracker.clone());
        let payload = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            Handle::door_with(&tracker.0, |_| watcher.wait_changed())
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
            Handle::door_with(&tracker.0, |_| block_on(pending.as_mut()))
        }))
        .unwrap_err();
        let message = payload.downcast_ref::<std::string::String>().cloned().unwrap_or_default();
        assert!(message.contains("`Counter` was used from inside its own"), "{message}");
        tracker.0.door_set(1);
        assert_eq!(tracker.0.door_get(), Some(1), "usable afterwards");
    }

    #[test]
    fn the_last_handle_dropped_closes_the_tracker_after_its_last_write_is_seen() {
        let tracker = counter();
        let other = tracker.clone();
        let mut watcher = Watcher::new(tracker.clone());
        let mut second = watcher.clone();
        assert!(!watcher.is_closed());
        tracker.0.door_set(1);
        drop(tracker);
        assert!(!watcher.is_closed(), "a handle is left");
        other.0.door_set(2);
        drop(other);
        assert!(watcher.is_closed(), "watchers are not handles");
        // The last write first, then the close, in every form of wait.
        assert_eq!(watcher.wait_changed(), Ok(()));
        assert_eq!(watcher.get(), Some(2), "the storage lives on for its watchers");
        assert_eq!(watcher.wait_changed(), Err(Closed));
        assert_eq!(watcher.wait_changed_timeout(Duration::from_secs(20)), Err(WaitTimeoutError::Closed));
        assert_eq!(block_on(watcher.changed()), Err(Closed));
        assert_eq!(block_on(second.changed()), Ok(()));
        assert_eq!(block_on(second.changed()), Err(Closed));
        // A clone of a watcher of a closed tracker, and its drop, reopen
        // nothing.
        let third = second.clone();
        drop(third);
        assert!(second.is_closed());
        assert_eq!(second.wait_changed(), Err(Closed));
    }

    #[test]
    fn a_waiting_watcher_wakes_when_the_last_handle_is_dropped_on_another_thread() {
        let tracker = counter();
        let mut watcher = Watcher::new(tracker.clone());
        let mut blocking = watcher.clone();
        let writer = thread::spawn(move || {
            thread::sleep(Duration::from_millis(20));
            tracker.0.door_set(5);
            thread::sleep(Duration::from_millis(20));
            drop(tracker);
        });
        let waiting = thread::spawn(move || {
            let mut results = Vec::new();
            loop {
                let result = blocking.wait_changed_timeout(Duration::from_secs(20));
                results.push(result);
                if result.is_err() {
                    return results;
                }
            }
        });
        let mut wakes = 0;
        while block_on(watcher.changed()).is_ok() {
            wakes += 1;
        }
        assert_eq!((wakes, watcher.get()), (1, Some(5)));
        assert_eq!(
            waiting.join().unwrap(),
            [Ok(()), Err(WaitTimeoutError::Closed)],
            "woken by the close, not the timeout"
        );
        writer.join().unwrap();
    }

    #[test]
    fn wait_for_checks_the_current_value_first_then_each_change() {
        let tracker = counter();
        tracker.0.door_set(3);
        let mut watcher = Watcher::new(tracker.clone());
        // Holds already: no wait.
        assert_eq!(watcher.wait_for_blocking(|value| value == Some(&3)), Ok(Some(3)));
        assert_eq!(block_on(watcher.wait_for(|value| value.is_some())), Ok(Some(3)));
        let writer = {
            let tracker = tracker.clone();
            thread::spawn(move || {
                for n in 4..=10 {
                    thread::sleep(Duration::from_millis(2));
                    tracker.0.door_set(n);
                }
            })
        };
        let mut looked = Vec::new();
        let found = block_on(watcher.wait_for(|value| {
            looked.push(value.copied());
            value >= Some(&7)
        }));
        let found = found.unwrap().unwrap();
        assert!(found >= 7, "{found}");
        assert_eq!(looked.last(), Some(&Some(found)), "the clone is the value the predicate accepted");
        assert!(looked.windows(2).all(|pair| pair[0] < pair[1]), "each change once: {looked:?}");
        writer.join().unwrap();
        assert_eq!(
            watcher.wait_for_timeout(Duration::from_millis(10), |value| value == Some(&11)),
            Err(WaitTimeoutError::Timeout)
        );
        tracker.0.door_set(11);
        assert_eq!(
            watcher.wait_for_timeout(Duration::from_secs(20), |value| value == Some(&11)),
            Ok(Some(11))
        );
        assert_eq!(watcher.seen_version(), tracker.0.door_version(), "the accepted version is seen");
        drop(tracker);
        assert_eq!(watcher.wait_for_blocking(|value| value == Some(&12)), Err(Closed));
        assert_eq!(
            watcher.wait_for_blocking(|value| value == Some(&11)),
            Ok(Some(11)),
            "the last value still holds"
        );
    }

    #[test]
    fn a_predicate_that_calls_its_tracker_panics_instead_of_waiting_for_ever() {
        let tracker = counter();
        let mut watcher = Watcher::new(tracker.clone());
        let inside = tracker.clone();
        let payload = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _ = watcher.wait_for_blocking(|_| inside.0.door_get().is_some());
        }))
        .unwrap_err();
        let message = payload.downcast_ref::<std::string::String>().cloned().unwrap_or_default();
        assert!(message.contains("`Counter` was used from inside its own"), "{message}");
        tracker.0.door_set(1);
        assert_eq!(watcher.get(), Some(1), "usable afterwards");
    }

    #[test]
    fn watchers_are_send() {
        fn send<T: Send>() {}
        send::<Watcher<Counter>>();
    }
}
