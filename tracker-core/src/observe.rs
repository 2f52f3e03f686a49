//! Observing a storage (`observe`): a version that counts accepted writes,
//! and subscribers that hear of each one.
//!
//! A storage names its observer as a type, as it names its guard: the
//! default, [`Unobserved`], is zero-sized and its report of a write is an
//! empty inline function, so a tracker declared without `observe` has the
//! size and the instructions it had before. [`Observed`] keeps the version
//! and the subscribers.

#[cfg(feature = "alloc")]
use alloc::boxed::Box;
#[cfg(feature = "alloc")]
use alloc::vec::Vec;
use core::fmt;
#[cfg(feature = "alloc")]
use core::marker::PhantomData;

#[cfg(feature = "alloc")]
use crate::copies::{Compares, Every};
use crate::history::At;

/// What kind of write a [`Change`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChangeKind {
    /// `set_…`.
    Set,
    /// `replace_…`.
    Replace,
    /// `take_…`.
    Take,
    /// `update_…`.
    Update,
    /// `modify_…`.
    Modify,
    /// `reset_…`.
    Reset,
    /// `undo_…`: the value before the last write, restored.
    Undo,
    /// `redo_…`: the value before the last undo, restored.
    Redo,
}

/// One accepted write, as a subscriber hears of it: the value after the
/// write (`Option<V>`, or `V` for a tracker declared with `init`), the
/// version the write made, what kind of write it was and, with `trace`,
/// where it came from.
///
/// A tracker declared with `observe` hands one, by reference, to each
/// closure given to its `subscribe_…`, after each accepted write. When
/// subscribers run, and in which order, is in the `observe` section of
/// [the attribute's reference](https://docs.rs/private-tracker/latest/private_tracker/attr.private_tracker.html#observe).
pub struct Change<'a, T> {
    value: &'a T,
    version: u64,
    kind: ChangeKind,
    at: At,
}

impl<'a, T> Change<'a, T> {
    /// The value after the write.
    #[inline]
    #[must_use]
    pub const fn value(&self) -> &'a T {
        self.value
    }

    /// The version the write made: 1 for the first accepted write, one
    /// more for each after it.
    #[inline]
    #[must_use]
    pub const fn version(&self) -> u64 {
        self.version
    }

    /// What kind of write it was.
    #[inline]
    #[must_use]
    pub const fn kind(&self) -> ChangeKind {
        self.kind
    }

    /// Where the write came from (the caller of its door), for a tracker
    /// declared with `trace`; `None` without it.
    #[inline]
    #[must_use]
    pub const fn location(&self) -> At {
        self.at
    }
}

/// Shows the version, the kind and the location; the value only as `..`: a
/// `Change` printed in a log does not leak the tracked value.
impl<T> fmt::Debug for Change<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Change")
            .field("version", &self.version)
            .field("kind", &self.kind)
            .field("location", &self.at)
            .finish_non_exhaustive()
    }
}

pub(crate) mod sealed {
    /// Only this crate's observers observe.
    pub trait Sealed {}
}

/// How a storage reports its accepted writes: not at all ([`Unobserved`]),
/// or to a version and subscribers ([`Observed`]). Sealed.
pub trait Observer<T>: sealed::Sealed {
    /// A fresh observer: version 0, no subscribers.
    fn fresh() -> Self;

    /// What a clone of the storage starts with: the same version, no
    /// subscribers (a subscriber is a closure, which cannot be cloned).
    #[must_use]
    fn for_clone(&self) -> Self;

    /// Reports an accepted write that left `value` stored, made at `at`.
    fn committed(&mut self, value: &T, kind: ChangeKind, at: At);

    /// Counts a write that changed the value but cannot be announced: an
    /// in-place edit whose closure panicked, which its subscribers would
    /// hear of while unwinding.
    fn skipped(&mut self);
}

/// Runs `on_unwind` when dropped while armed: what an in-place edit that
/// panicked half way must still do (count itself: its edits stay).
pub(crate) struct Unwinding<F: FnMut()> {
    pub(crate) on_unwind: F,
    pub(crate) armed: bool,
}

impl<F: FnMut()> Drop for Unwinding<F> {
    #[inline]
    fn drop(&mut self) {
        if self.armed {
            (self.on_unwind)();
        }
    }
}

/// The observer of a tracker declared without `observe`: zero-sized, and
/// reports nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Unobserved;

impl sealed::Sealed for Unobserved {}

impl<T> Observer<T> for Unobserved {
    #[inline]
    fn fresh() -> Self {
        Self
    }

    #[inline]
    fn for_clone(&self) -> Self {
        Self
    }

    #[inline]
    fn committed(&mut self, _: &T, _: ChangeKind, _: At) {}

    #[inline]
    fn skipped(&mut self) {}
}

/// A subscriber's key, for `unsubscribe_…`: unique in the process (on
/// targets with 64-bit atomics; elsewhere, within its tracker), so that a
/// key of one tracker, or of the tracker a clone came from, unsubscribes
/// nothing from another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SubscriberKey(u64);

impl SubscriberKey {
    /// A fresh key; `counter` is the tracker's own, for targets without
    /// 64-bit atomics.
    #[cfg(feature = "alloc")]
    fn next(counter: &mut u64) -> Self {
        #[cfg(target_has_atomic = "64")]
        {
            static NEXT: core::sync::atomic::AtomicU64 = core::sync::atomic::AtomicU64::new(0);
            let _ = counter;
            Self(NEXT.fetch_add(1, core::sync::atomic::Ordering::Relaxed))
        }
        #[cfg(not(target_has_atomic = "64"))]
        {
            *counter += 1;
            Self(*counter)
        }
    }
}

/// A subscriber of mode `owned`.
#[cfg(feature = "alloc")]
type Subscriber<T> = Box<dyn FnMut(&Change<'_, T>)>;

/// The observer of a tracker declared with `observe`, in mode `owned`: the
/// version, and the subscribers in the order they subscribed.
///
/// Subscribers run after the write has committed, in that order. In mode
/// `owned` a subscriber cannot reach its tracker (the write holds it
/// mutably), so no write can happen during a round. A subscriber that
/// panics leaves the write committed; with feature `std` the others are
/// still called, then the first panic goes on to the writer, and later
/// writes notify every subscriber again.
#[cfg(feature = "alloc")]
pub struct Observed<T, D = Every> {
    version: u64,
    next_key: u64,
    subscribers: Vec<(SubscriberKey, Subscriber<T>)>,
    /// Which writes change the value.
    compares: PhantomData<fn() -> D>,
}

#[cfg(feature = "alloc")]
impl<T, D> Observed<T, D> {
    /// How many writes have been accepted.
    #[inline]
    #[must_use]
    pub const fn version(&self) -> u64 {
        self.version
    }

    /// Adds `subscriber`, to be called after each accepted write, after
    /// those already there.
    pub fn subscribe(&mut self, subscriber: impl FnMut(&Change<'_, T>) + 'static) -> SubscriberKey {
        let key = SubscriberKey::next(&mut self.next_key);
        self.subscribers.push((key, Box::new(subscriber)));
        key
    }

    /// Removes the subscriber `key`; `false` if it was not there.
    pub fn unsubscribe(&mut self, key: SubscriberKey) -> bool {
        let before = self.subscribers.len();
        self.subscribers.retain(|(known, _)| *known != key);
        self.subscribers.len() != before
    }
}

#[cfg(feature = "alloc")]
impl<T, D> sealed::Sealed for Observed<T, D> {}

#[cfg(feature = "alloc")]
impl<T, D> Observer<T> for Observed<T, D> {
    #[inline]
    fn fresh() -> Self {
        Self { version: 0, next_key: 0, subscribers: Vec::new(), compares: PhantomData }
    }

    #[inline]
    fn for_clone(&self) -> Self {
        Self {
            version: self.version,
            next_key: self.next_key,
            subscribers: Vec::new(),
            compares: PhantomData,
        }
    }

    #[inline]
    fn committed(&mut self, value: &T, kind: ChangeKind, at: At) {
        self.version += 1;
        if self.subscribers.is_empty() {
            return;
        }
        let change = Change { value, version: self.version, kind, at };
        notify(&mut self.subscribers, &change);
    }

    #[inline]
    fn skipped(&mut self) {
        self.version += 1;
    }
}

/// Whether a write changes the value (see [`Compares`](crate::Compares)),
/// in every mode: a trait of its own, asked only by the doors that write,
/// so that making or cloning a tracker of a generic value declared
/// `observe(distinct)` asks nothing of the value. Sealed.
pub trait Distinguishes<T>: sealed::Sealed {
    /// Whether storing `next` over `stored` changes nothing: then the
    /// storage keeps `stored` and reports nothing. `false` without
    /// `observe(distinct)`, which costs nothing.
    fn same(stored: &T, next: &T) -> bool;
}

impl<T> Distinguishes<T> for Unobserved {
    #[inline]
    fn same(_: &T, _: &T) -> bool {
        false
    }
}

#[cfg(feature = "alloc")]
impl<T, D: Compares<T>> Distinguishes<T> for Observed<T, D> {
    #[inline]
    fn same(stored: &T, next: &T) -> bool {
        D::door_same(stored, next)
    }
}

/// Calls each subscriber with `change`. With `std`, a panic in one is held
/// until the others have run, then resumed: one subscriber cannot keep
/// the others from hearing of a committed write.
#[cfg(feature = "alloc")]
fn notify<T>(subscribers: &mut [(SubscriberKey, Subscriber<T>)], change: &Change<'_, T>) {
    #[cfg(feature = "std")]
    let mut first_panic = None;
    for (_, subscriber) in subscribers.iter_mut() {
        call_one(
            &mut **subscriber,
            change,
            #[cfg(feature = "std")]
            &mut first_panic,
        );
    }
    #[cfg(feature = "std")]
    if let Some(payload) = first_panic {
        std::panic::resume_unwind(payload);
    }
}

/// Shows the version and how many subscribe.
#[cfg(feature = "alloc")]
impl<T, D> fmt::Debug for Observed<T, D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Observed")
            .field("version", &self.version)
            .field("subscribers", &self.subscribers.len())
            .finish_non_exhaustive()
    }
}

/// How a handle storage reports its accepted writes. Sealed.
///
/// The storage calls [`committed`](Self::committed) while it still holds
/// its borrow or lock, so that versions and their values are queued in the
/// order the writes happened, then [`deliver`](Self::deliver) once it has
/// let go, so that subscribers run with nothing held.
pub trait HandleObserver<T>: Fresh + Handles + Distinguishes<T> {
    /// Whether [`committed`](Self::committed) runs user code (it clones the
    /// value for the subscribers): a storage that runs user code under its
    /// lock records the thread first, so that a `Clone` that calls its own
    /// tracker panics instead of waiting for itself. `false` costs nothing.
    const OBSERVES: bool;

    /// Counts an accepted write that left `value` stored, and queues its
    /// notification if anyone subscribes; `true` if there is one to
    /// deliver. `at` is where the write came from.
    fn committed(&self, value: &T, kind: ChangeKind, at: At) -> bool;

    /// Delivers the queued notifications, unless a delivery is under way
    /// (which then delivers them, after its own).
    fn deliver(&self);

    /// Called after each accepted write once the storage has let go: wakes
    /// the watchers. A watcher woken under the lock would wait for it
    /// first.
    #[inline]
    fn released(&self) {}

    /// Counts a write that changed the value but cannot be announced: an
    /// in-place edit whose closure panicked, which its subscribers would
    /// hear of while unwinding.
    fn skipped(&self);
}

/// How a handle storage makes its observer. A trait of its own, with no
/// bound on the value: only the doors need to copy it for the subscribers,
/// so a value that is not `Clone` is one error (at `observe`, through the
/// tracker's [`Copies`](crate::Copies) impl), not one more for each
/// constructor.
pub trait Fresh: sealed::Sealed {
    /// A fresh observer: version 0, no subscribers.
    fn fresh() -> Self;
}

impl Fresh for Unobserved {
    #[inline]
    fn fresh() -> Self {
        Self
    }
}

impl<T> HandleObserver<T> for Unobserved {
    const OBSERVES: bool = false;

    #[inline]
    fn committed(&self, _: &T, _: ChangeKind, _: At) -> bool {
        false
    }

    #[inline]
    fn deliver(&self) {}

    #[inline]
    fn skipped(&self) {}
}

/// How a storage of mode `sync` counts its handles, so that its watchers
/// learn when the last one is gone (feature `watch`). Every storage names
/// its observer; only an observed one with the feature counts: the others'
/// handles clone and drop as an `Arc` does, with nothing more. Sealed.
pub trait Handles: sealed::Sealed {
    /// A handle was cloned.
    #[inline]
    fn handle_cloned(&self) {}

    /// A handle was dropped: the last one closes the storage, and wakes
    /// its watchers.
    #[inline]
    fn handle_dropped(&self) {}
}

impl Handles for Unobserved {}

#[cfg(feature = "alloc")]
impl<T, D> Handles for Observed<T, D> {}

/// A notification waiting for its round: the value after the write, by
/// value (subscribers run with nothing borrowed), its version and kind.
#[cfg(feature = "alloc")]
struct Pending<T> {
    value: T,
    version: u64,
    kind: ChangeKind,
    at: At,
}

/// Calls `subscriber` with `change`; with `std`, keeps the first panic of a
/// round in `first_panic` instead of unwinding, so that the others run.
#[cfg(feature = "alloc")]
fn call_one<T>(
    subscriber: &mut (dyn FnMut(&Change<'_, T>) + '_),
    change: &Change<'_, T>,
    #[cfg(feature = "std")] first_panic: &mut Option<Box<dyn core::any::Any + Send>>,
) {
    #[cfg(feature = "std")]
    {
        let called = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| subscriber(change)));
        if let Err(payload) = called {
            first_panic.get_or_insert(payload);
        }
    }
    #[cfg(not(feature = "std"))]
    subscriber(change);
}

/// Drops what a round leaves (its copy of the value, the closure of a
/// subscriber that left during the round); with `std`, a panic in a `Drop`
/// is kept as [`call_one`] keeps a subscriber's, so that the other
/// subscribers and the queued rounds after it still run.
#[cfg(feature = "alloc")]
fn drop_one<T>(value: T, #[cfg(feature = "std")] first_panic: &mut Option<Box<dyn core::any::Any + Send>>) {
    #[cfg(feature = "std")]
    {
        let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || drop(value)));
        if let Err(payload) = dropped {
            first_panic.get_or_insert(payload);
        }
    }
    #[cfg(not(feature = "std"))]
    drop(value);
}

#[cfg(feature = "alloc")]
pub use local::{LocalObserved, LocalSubscription};

#[cfg(feature = "alloc")]
mod local {
    use alloc::boxed::Box;
    use alloc::collections::VecDeque;
    use alloc::rc::Rc;
    use alloc::vec::Vec;
    use core::cell::{Cell, RefCell};
    use core::fmt;
    use core::marker::PhantomData;

    use alloc::rc::Weak;

    use super::{Change, ChangeKind, Fresh, HandleObserver, Pending, call_one, drop_one, sealed};
    use crate::copies::{Cloned, Compares, Copies, Every};
    use crate::history::At;

    /// A subscriber's closure, in a cell of its own: its subscription
    /// empties it when dropped, so that what the closure holds (a handle to
    /// the tracker, say) is freed at once, not at some later write.
    type Closure<T> = RefCell<Option<super::Subscriber<T>>>;

    /// Drops the closure; while it runs, it is borrowed, and the round that
    /// runs it drops it when the call returns (its flag is off by then).
    fn release<T>(closure: &Closure<T>) {
        let closure = closure.try_borrow_mut().ok().and_then(|mut closure| closure.take());
        drop(closure);
    }

    /// A subscriber of mode `shared`.
    struct Entry<T> {
        /// Whether it is still subscribed (shared with its subscription).
        active: Rc<Cell<bool>>,
        /// The version when it subscribed: a write queued before then is
        /// not announced to it.
        since: u64,
        /// The last version it was called with: a round that a panic cut
        /// short (without `std`, nothing catches it) is taken up again by
        /// the next delivery, for the subscribers that have not heard it.
        heard: Cell<u64>,
        closure: Rc<Closure<T>>,
    }

    /// The observer of a tracker declared with `observe`, in mode `shared`.
    ///
    /// Subscribers run after the write has committed, with nothing
    /// borrowed, in the order they subscribed. A round works on a snapshot
    /// of the subscribers: one added during a round is not called in it,
    /// one removed during a round is not called again. A write made from
    /// inside a subscriber commits at once; its notification waits for the
    /// end of the current round, so every subscriber sees every version
    /// once, in increasing order. A subscriber that panics leaves the write
    /// committed; with `std` the others are still called and the panic
    /// then goes on to the writer; without it, the notifications not yet
    /// delivered go out with the next write.
    pub struct LocalObserved<T, K = Cloned, D = Every> {
        version: Cell<u64>,
        /// Copy-on-write: a round's snapshot is one `Rc` clone.
        subscribers: RefCell<Rc<Vec<Rc<Entry<T>>>>>,
        queue: RefCell<VecDeque<Pending<T>>>,
        delivering: Cell<bool>,
        /// How a write copies the value for the subscribers, and which
        /// writes change it.
        copier: PhantomData<fn() -> (K, D)>,
    }

    impl<T, K, D> LocalObserved<T, K, D> {
        /// How many writes have been accepted.
        #[inline]
        #[must_use]
        pub fn version(&self) -> u64 {
            self.version.get()
        }

        /// Adds `subscriber`, called after each accepted write, after those
        /// already there, until the returned [`LocalSubscription`] is
        /// dropped.
        pub fn subscribe(&self, subscriber: impl FnMut(&Change<'_, T>) + 'static) -> LocalSubscription<T> {
            let active = Rc::new(Cell::new(true));
            let closure: Rc<Closure<T>> = Rc::new(RefCell::new(Some(Box::new(subscriber))));
            let release = Rc::downgrade(&closure);
            let since = self.version.get();
            let entry =
                Rc::new(Entry { active: Rc::clone(&active), since, heard: Cell::new(since), closure });
            let mut subscribers = self.subscribers.borrow_mut();
            let mut grown: Vec<Rc<Entry<T>>> =
                subscribers.iter().filter(|entry| entry.active.get()).cloned().collect();
            grown.push(entry);
            // The old list may be a round's snapshot: it is replaced, not
            // changed.
            *subscribers = Rc::new(grown);
            LocalSubscription { active: Some(active), release }
        }
    }

    /// A round's notification, put back at the front of the queue if the
    /// round unwinds before it is done.
    struct Requeue<'a, T> {
        queue: &'a RefCell<VecDeque<Pending<T>>>,
        pending: Option<Pending<T>>,
    }

    impl<T> Drop for Requeue<'_, T> {
        fn drop(&mut self) {
            if let Some(pending) = self.pending.take() {
                if let Ok(mut queue) = self.queue.try_borrow_mut() {
                    queue.push_front(pending);
                }
            }
        }
    }

    impl<T, K, D> sealed::Sealed for LocalObserved<T, K, D> {}

    /// Counts nothing: mode `shared` has no watchers.
    impl<T, K, D> super::Handles for LocalObserved<T, K, D> {}

    impl<T, K, D: Compares<T>> super::Distinguishes<T> for LocalObserved<T, K, D> {
        #[inline]
        fn same(stored: &T, next: &T) -> bool {
            D::door_same(stored, next)
        }
    }

    impl<T, K, D> Fresh for LocalObserved<T, K, D> {
        fn fresh() -> Self {
            Self {
                version: Cell::new(0),
                subscribers: RefCell::new(Rc::new(Vec::new())),
                queue: RefCell::new(VecDeque::new()),
                delivering: Cell::new(false),
                copier: PhantomData,
            }
        }
    }

    impl<T, K: Copies<T>, D: Compares<T>> HandleObserver<T> for LocalObserved<T, K, D> {
        const OBSERVES: bool = true;

        #[inline]
        fn committed(&self, value: &T, kind: ChangeKind, at: At) -> bool {
            let version = self.version.get() + 1;
            self.version.set(version);
            // Only live subscribers count: with none, nothing is cloned.
            if !self.subscribers.borrow().iter().any(|entry| entry.active.get()) {
                return false;
            }
            self.queue.borrow_mut().push_back(Pending { value: K::door_copy(value), version, kind, at });
            true
        }

        #[inline]
        fn skipped(&self) {
            self.version.set(self.version.get() + 1);
        }

        fn deliver(&self) {
            /// Ends the delivery, even when a subscriber's panic unwinds.
            struct Delivering<'a>(&'a Cell<bool>);
            impl Drop for Delivering<'_> {
                fn drop(&mut self) {
                    self.0.set(false);
                }
            }
            if self.delivering.replace(true) {
                return;
            }
            let delivering = Delivering(&self.delivering);
            #[cfg(feature = "std")]
            let mut first_panic = None;
            loop {
                let next = self.queue.borrow_mut().pop_front();
                let Some(pending) = next else { break };
                // Without `std`, a subscriber's panic unwinds out of the
                // round: the notification goes back to the front of the
                // queue, and the next delivery takes it up for those that
                // have not heard it (SPEC 9: every subscriber sees every
                // version once, in every build).
                let mut requeue = Requeue { queue: &self.queue, pending: Some(pending) };
                let Some(Pending { value, version, kind, at }) = requeue.pending.as_ref() else { break };
                let change = Change { value, version: *version, kind: *kind, at: *at };
                let version = *version;
                // A snapshot: one `Rc` clone (the list is copy-on-write).
                let round: Rc<Vec<Rc<Entry<T>>>> = Rc::clone(&self.subscribers.borrow());
                for entry in round.iter().filter(|entry| entry.since < version) {
                    if !entry.active.get() || entry.heard.get() >= version {
                        continue;
                    }
                    entry.heard.set(version);
                    let mut closure = entry.closure.borrow_mut();
                    if let Some(subscriber) = closure.as_mut() {
                        call_one(
                            &mut **subscriber,
                            &change,
                            #[cfg(feature = "std")]
                            &mut first_panic,
                        );
                    }
                    // Unsubscribed during its own call: its closure goes now.
                    let released = if entry.active.get() { None } else { closure.take() };
                    drop(closure);
                    drop_one(
                        released,
                        #[cfg(feature = "std")]
                        &mut first_panic,
                    );
                }
                drop(round);
                let value = requeue.pending.take().map(|pending| pending.value);
                drop(requeue);
                drop_one(
                    value,
                    #[cfg(feature = "std")]
                    &mut first_panic,
                );
                // Entries unsubscribed meanwhile leave the list (their
                // closures are gone already).
                let mut subscribers = self.subscribers.borrow_mut();
                if subscribers.iter().any(|entry| !entry.active.get()) {
                    *subscribers =
                        Rc::new(subscribers.iter().filter(|entry| entry.active.get()).cloned().collect());
                }
            }
            drop(delivering);
            #[cfg(feature = "std")]
            if let Some(payload) = first_panic {
                std::panic::resume_unwind(payload);
            }
        }
    }

    /// Shows the version and how many subscribe.
    impl<T, K, D> fmt::Debug for LocalObserved<T, K, D> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_struct("LocalObserved")
                .field("version", &self.version.get())
                .field("subscribers", &self.subscribers.borrow().len())
                .finish_non_exhaustive()
        }
    }

    /// A subscription to a tracker of mode `shared`: dropping it
    /// unsubscribes, and drops the subscriber's closure at once (unless it
    /// is running: then as soon as it returns). It never holds the
    /// tracker, so it keeps nothing alive. [`detach`](Self::detach) keeps
    /// the subscriber for the tracker's lifetime: a detached closure that
    /// holds a handle to its own tracker keeps that tracker alive for good.
    ///
    /// Keep it in a variable for as long as the subscriber should run: a
    /// subscription that is not kept, `let _ = …` included, is dropped at
    /// once, and the subscriber with it.
    #[must_use = "dropping a subscription unsubscribes at once; keep it, or call `detach`"]
    pub struct LocalSubscription<T> {
        active: Option<Rc<Cell<bool>>>,
        release: Weak<Closure<T>>,
    }

    impl<T> LocalSubscription<T> {
        /// Unsubscribes now (as dropping does): the subscriber is not called
        /// again, even in a round under way.
        pub fn unsubscribe(self) {
            drop(self);
        }

        /// Keeps the subscriber for as long as the tracker lives.
        pub fn detach(mut self) {
            self.active = None;
        }

        /// Whether the subscriber is still called.
        #[must_use]
        pub fn is_active(&self) -> bool {
            self.active.as_ref().is_some_and(|active| active.get())
        }
    }

    impl<T> Drop for LocalSubscription<T> {
        fn drop(&mut self) {
            if let Some(active) = &self.active {
                active.set(false);
                if let Some(closure) = self.release.upgrade() {
                    release(&closure);
                }
            }
        }
    }

    impl<T> fmt::Debug for LocalSubscription<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_struct("LocalSubscription").field("active", &self.is_active()).finish()
        }
    }
}

#[cfg(feature = "std")]
pub use threads::{Subscription, SyncObserved};

#[cfg(feature = "std")]
mod threads {
    use alloc::boxed::Box;
    use alloc::collections::VecDeque;
    use alloc::vec::Vec;
    use core::fmt;
    use core::marker::PhantomData;

    use std::sync::{Arc as StdArc, Mutex as StdMutex, Weak};

    use super::{Change, ChangeKind, Fresh, HandleObserver, Pending, call_one, drop_one, sealed};
    use crate::copies::{Cloned, Compares, Copies, Every};
    use crate::history::At;
    #[cfg(any(feature = "watch", loom))]
    use crate::sync::AtomicUsize;
    use crate::sync::{AtomicBool, AtomicU64, Mutex, MutexGuard, Ordering, PoisonError};

    /// A subscriber of mode `sync`.
    type Subscriber<T> = Box<dyn FnMut(&Change<'_, T>) + Send>;

    /// A subscriber's closure, in a cell of its own that its subscription
    /// empties when dropped (std's `Arc`, whose `Weak` the subscription
    /// holds; the loom model does not cover subscribers).
    type Closure<T> = StdMutex<Option<Subscriber<T>>>;

    /// Drops the closure; while it runs, it is locked, and the round that
    /// runs it drops it when the call returns (its flag is off by then).
    fn release<T>(closure: &Closure<T>) {
        drop(taken(closure));
    }

    /// The closure, taken out of its cell unless a round is running it.
    fn taken<T>(closure: &Closure<T>) -> Option<Subscriber<T>> {
        closure.try_lock().ok().and_then(|mut closure| closure.take())
    }

    /// A subscriber of mode `sync`.
    struct Entry<T> {
        /// Whether it is still subscribed (shared with its subscription).
        active: StdArc<AtomicBool>,
        /// The version when it subscribed: a write queued before then is
        /// not announced to it.
        since: u64,
        closure: StdArc<Closure<T>>,
    }

    /// The queued notifications, and whether a thread is delivering them.
    struct Queue<T> {
        pending: VecDeque<Pending<T>>,
        delivering: bool,
    }

    /// Takes the unsubscribed entries out of `subscribers`, for the caller
    /// to drop once it holds no lock: dropping one may drop a closure whose
    /// `Drop` uses the tracker.
    /// The live ones keep their order: it is the order of the calls. The
    /// list is copied only when there is something to take out.
    fn prune<T>(subscribers: &mut List<T>) -> Vec<StdArc<Entry<T>>> {
        if subscribers.iter().all(|entry| entry.active.load(Ordering::Acquire)) {
            return Vec::new();
        }
        let (live, dead) =
            subscribers.iter().cloned().partition(|entry| entry.active.load(Ordering::Acquire));
        // The old list may still be a round's snapshot; the dead entries it
        // holds live on in `dead` until the caller lets go of its locks.
        *subscribers = StdArc::new(live);
        dead
    }

    /// The subscribers, copy-on-write: a round takes a snapshot by cloning
    /// one `Arc`, and only a change of subscribers copies the list.
    type List<T> = StdArc<Vec<StdArc<Entry<T>>>>;

    /// Locks, ignoring poison: no user code runs while these locks are held
    /// (subscribers run with none of them held, or inside `catch_unwind`).
    fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
        mutex.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The observer of a tracker declared with `observe`, in mode `sync`:
    /// the semantics of [`LocalObserved`](super::LocalObserved), across
    /// threads.
    ///
    /// One thread delivers at a time. A write commits (and is queued, in
    /// version order, under the storage's lock) on the thread that makes
    /// it; if another thread is delivering, that thread delivers it after
    /// its round, and the writer returns at once. So every subscriber sees
    /// every version once, in increasing order, and a subscriber that
    /// writes to its tracker neither recurses nor deadlocks.
    ///
    /// The costs of that promise:
    /// - A subscriber may run on a thread other than the writer's, in
    ///   whatever that thread was doing.
    /// - A panic in one goes on to the thread that was delivering, after the
    ///   others have been called. Of several panics in one delivery, only
    ///   the first goes on; the panic hook reports the others.
    /// - The queue has no bound. Subscribers slower than the writers let it
    ///   grow (each entry holds a clone of the value), and they keep the
    ///   delivering writer busy until it drains. Keep subscribers quick,
    ///   and send slow work to a channel.
    /// - A value whose `Clone` panics during a write leaves that version
    ///   committed but unannounced.
    pub struct SyncObserved<T, K = Cloned, D = Every> {
        version: AtomicU64,
        subscribers: Mutex<List<T>>,
        queue: Mutex<Queue<T>>,
        /// Wakes the watchers (feature `watch`).
        #[cfg(any(feature = "watch", loom))]
        waiters: crate::wake::Waiters,
        /// How many handles there are, watchers not counted (feature
        /// `watch`).
        #[cfg(any(feature = "watch", loom))]
        handles: AtomicUsize,
        /// Whether the last handle is gone: for good, whatever a watcher's
        /// own clone or drop does to `handles` meanwhile (see
        /// [`Watcher`](crate::Watcher)).
        #[cfg(any(feature = "watch", loom))]
        closed: AtomicBool,
        /// How a write copies the value for the subscribers, and which
        /// writes change it.
        copier: PhantomData<fn() -> (K, D)>,
    }

    impl<T, K, D> SyncObserved<T, K, D> {
        /// The watchers' wake-ups.
        #[cfg(any(feature = "watch", loom))]
        pub(crate) const fn waiters(&self) -> &crate::wake::Waiters {
            &self.waiters
        }

        /// How many writes have been accepted.
        #[inline]
        #[must_use]
        pub fn version(&self) -> u64 {
            self.version.load(Ordering::Acquire)
        }

        /// The version, read with a read-modify-write: what a watcher
        /// reads after registering, so that no wake-up is lost (see
        /// `wake.rs`).
        #[cfg(any(feature = "watch", loom))]
        pub(crate) fn version_after_registering(&self) -> u64 {
            self.version.fetch_add(0, Ordering::AcqRel)
        }

        /// Whether the last handle is gone (feature `watch`). A watcher
        /// that sees it closed and then reads the version sees the last
        /// write: every write happens before its handle's drop, and the
        /// drops are one chain of read-modify-writes ending in the store
        /// this load acquires.
        #[cfg(any(feature = "watch", loom))]
        pub(crate) fn is_closed(&self) -> bool {
            self.closed.load(Ordering::Acquire)
        }

        /// Adds `subscriber`, called after each accepted write, after those
        /// already there, until the returned [`Subscription`] is dropped.
        pub fn subscribe(&self, subscriber: impl FnMut(&Change<'_, T>) + Send + 'static) -> Subscription<T> {
            let active = StdArc::new(AtomicBool::new(true));
            let closure: StdArc<Closure<T>> = StdArc::new(StdMutex::new(Some(Box::new(subscriber))));
            let release = StdArc::downgrade(&closure);
            let mut subscribers = lock(&self.subscribers);
            // Under the list's lock, as a write's check for live
            // subscribers: `since` and the queue agree.
            let since = self.version.load(Ordering::Acquire);
            let dead = prune(&mut subscribers);
            let mut grown = Vec::with_capacity(subscribers.len() + 1);
            grown.extend(subscribers.iter().cloned());
            grown.push(StdArc::new(Entry { active: StdArc::clone(&active), since, closure }));
            *subscribers = StdArc::new(grown);
            drop(subscribers);
            // Dropped with no lock held: a closure's `Drop` may use the
            // tracker.
            drop(dead);
            Subscription { active: Some(active), release }
        }
    }

    impl<T, K, D> sealed::Sealed for SyncObserved<T, K, D> {}

    impl<T, K, D: Compares<T>> super::Distinguishes<T> for SyncObserved<T, K, D> {
        #[inline]
        fn same(stored: &T, next: &T) -> bool {
            D::door_same(stored, next)
        }
    }

    impl<T, K, D> super::Handles for SyncObserved<T, K, D> {
        #[cfg(any(feature = "watch", loom))]
        #[inline]
        fn handle_cloned(&self) {
            // As `Arc::clone`: the one cloning holds a handle already, so
            // the count cannot be 0 meanwhile.
            self.handles.fetch_add(1, Ordering::Relaxed);
        }

        #[cfg(any(feature = "watch", loom))]
        #[inline]
        fn handle_dropped(&self) {
            if self.handles.fetch_sub(1, Ordering::AcqRel) == 1 {
                self.closed.store(true, Ordering::Release);
                // After the store, under the list's lock: a watcher
                // registered before it is woken, and one registered after
                // sees it closed (see `wake.rs`).
                self.waiters.wake_all_listed();
            }
        }
    }

    impl<T, K, D> Fresh for SyncObserved<T, K, D> {
        fn fresh() -> Self {
            Self {
                version: AtomicU64::new(0),
                subscribers: Mutex::new(StdArc::new(Vec::new())),
                queue: Mutex::new(Queue { pending: VecDeque::new(), delivering: false }),
                #[cfg(any(feature = "watch", loom))]
                waiters: crate::wake::Waiters::new(),
                #[cfg(any(feature = "watch", loom))]
                handles: AtomicUsize::new(1),
                #[cfg(any(feature = "watch", loom))]
                closed: AtomicBool::new(false),
                copier: PhantomData,
            }
        }
    }

    impl<T, K: Copies<T>, D: Compares<T>> HandleObserver<T> for SyncObserved<T, K, D> {
        const OBSERVES: bool = true;

        /// Called under the storage's lock: versions are made, and queued,
        /// in the order the writes commit.
        #[inline]
        fn committed(&self, value: &T, kind: ChangeKind, at: At) -> bool {
            // Only live subscribers count: with none, nothing is cloned.
            let subscribers = lock(&self.subscribers);
            let version = self.version.fetch_add(1, Ordering::AcqRel) + 1;
            // The watchers are woken in `released`, after the storage's
            // lock: woken here, they would first wait for it.
            // No entry is dropped here, under the storage's lock: dead ones
            // go in `deliver` and `subscribe`, with no lock held.
            if !subscribers.iter().any(|entry| entry.active.load(Ordering::Acquire)) {
                return false;
            }
            drop(subscribers);
            lock(&self.queue).pending.push_back(Pending { value: K::door_copy(value), version, kind, at });
            true
        }

        #[inline]
        /// The watchers are woken by the storage once its lock is
        /// released (`released`): woken here, under it, a waker that polls
        /// its wait at once would find the lock held.
        fn skipped(&self) {
            self.version.fetch_add(1, Ordering::AcqRel);
        }

        /// Watchers look at the version after registering: a watcher
        /// registered before this wake-up is woken by it, and one
        /// registered after sees the new version, which the write made
        /// before it let go of the lock (see `wake.rs`).
        #[inline]
        fn released(&self) {
            #[cfg(any(feature = "watch", loom))]
            self.waiters.wake_all();
        }

        fn deliver(&self) {
            /// Ends the delivery if a subscriber's panic unwinds past it
            /// (without `catch_unwind`, which `std` always has here, it
            /// cannot; the guard keeps the queue usable regardless).
            struct Delivering<'a, T>(&'a Mutex<Queue<T>>);
            impl<T> Drop for Delivering<'_, T> {
                fn drop(&mut self) {
                    lock(self.0).delivering = false;
                }
            }
            {
                let mut queue = lock(&self.queue);
                if queue.delivering {
                    return;
                }
                queue.delivering = true;
            }
            let delivering = Delivering(&self.queue);
            let mut first_panic = None;
            loop {
                let next = {
                    let mut queue = lock(&self.queue);
                    let next = queue.pending.pop_front();
                    if next.is_none() {
                        // Cleared under the same lock that a writer queues
                        // under: no notification is left behind.
                        queue.delivering = false;
                    }
                    next
                };
                let Some(Pending { value, version, kind, at }) = next else { break };
                let change = Change { value: &value, version, kind, at };
                let round: List<T> = StdArc::clone(&lock(&self.subscribers));
                for entry in round.iter().filter(|entry| entry.since < version) {
                    if !entry.active.load(Ordering::Acquire) {
                        continue;
                    }
                    let mut closure = entry.closure.lock().unwrap_or_else(PoisonError::into_inner);
                    if let Some(subscriber) = closure.as_mut() {
                        call_one(&mut **subscriber, &change, &mut first_panic);
                    }
                    // Unsubscribed during its own call: its closure goes now.
                    let released = if entry.active.load(Ordering::Acquire) { None } else { closure.take() };
                    drop(closure);
                    drop_one(released, &mut first_panic);
                    // Unsubscribed on another thread while the call held the
                    // closure (its `try_lock` failed): it goes now too.
                    if !entry.active.load(Ordering::Acquire) {
                        drop_one(taken(&entry.closure), &mut first_panic);
                    }
                }
                drop(round);
                drop_one(value, &mut first_panic);
                let dead = prune(&mut lock(&self.subscribers));
                drop(dead);
            }
            core::mem::forget(delivering);
            if let Some(payload) = first_panic {
                std::panic::resume_unwind(payload);
            }
        }
    }

    /// Shows the version and how many subscribe.
    impl<T, K, D> fmt::Debug for SyncObserved<T, K, D> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_struct("SyncObserved")
                .field("version", &self.version())
                .field("subscribers", &lock(&self.subscribers).len())
                .finish_non_exhaustive()
        }
    }

    /// A subscription to a tracker of mode `sync`: dropping it (on any
    /// thread) unsubscribes, and drops the subscriber's closure at once
    /// (unless it is running: then as soon as it returns). It never holds
    /// the tracker, so it keeps nothing alive. [`detach`](Self::detach)
    /// keeps the subscriber for the tracker's lifetime: a detached closure
    /// that holds a handle to its own tracker keeps that tracker alive for
    /// good.
    ///
    /// Keep it in a variable for as long as the subscriber should run: a
    /// subscription that is not kept, `let _ = …` included, is dropped at
    /// once, and the subscriber with it.
    #[must_use = "dropping a subscription unsubscribes at once; keep it, or call `detach`"]
    pub struct Subscription<T> {
        active: Option<StdArc<AtomicBool>>,
        release: Weak<Closure<T>>,
    }

    impl<T> Subscription<T> {
        /// Unsubscribes now (as dropping does): the subscriber is not called
        /// again, even in a round under way, once the call running now, if
        /// any, has returned.
        pub fn unsubscribe(self) {
            drop(self);
        }

        /// Keeps the subscriber for as long as the tracker lives.
        pub fn detach(mut self) {
            self.active = None;
        }

        /// Whether the subscriber is still called.
        #[must_use]
        pub fn is_active(&self) -> bool {
            self.active.as_ref().is_some_and(|active| active.load(Ordering::Acquire))
        }
    }

    impl<T> Drop for Subscription<T> {
        fn drop(&mut self) {
            if let Some(active) = &self.active {
                active.store(false, Ordering::Release);
                if let Some(closure) = self.release.upgrade() {
                    release(&closure);
                }
            }
        }
    }

    impl<T> fmt::Debug for Subscription<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_struct("Subscription").field("active", &self.is_active()).finish()
        }
    }
}
