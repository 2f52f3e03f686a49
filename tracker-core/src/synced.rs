//! Mode `sync`: handles to one storage shared across threads.

use core::fmt;
use core::marker::PhantomData;

use crate::guard::{Guard, Rejected, Unguarded, accepts};
use crate::handle::Handle;
use crate::handle::sealed::{Key, Sealed};
use crate::history::{At, Entries, History, Log, Record, Recorder, Trace, Traced};
use crate::observe::{
    Change, ChangeKind, Fresh, HandleObserver, Handles, Subscription, SyncObserved, Unobserved, Unwinding,
};
use crate::reentrancy::reentrant;
use crate::slot::{Edits, Empty, Reads, Refill, Slot, initial_slot, restored_slot};
use crate::sync::{Arc, Entered, Lock, Locked, enter_first, enter_user_code, holds, running_user_code};

/// Storage of mode `sync`: every clone is a handle to the same captures and
/// value, and handles may live in different threads. Its doors are those of
/// [`Handle`].
///
/// Built on `Arc<Mutex<…>>`, chosen by measurement, with `parking_lot`'s
/// `Mutex` (see `Lock` in `sync.rs` for why not std's; the table below was
/// measured with std's, before that change).
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
/// [`update`](Handle::door_update) runs its closure under the lock: no update is
/// lost between threads.
///
/// **Faults lose nothing.** Guards and closures see a borrow and run before
/// anything changes, so a panic in one leaves the value as it was, and the
/// storage stays usable from every handle and thread (the lock has no
/// poison to ignore).
///
/// **Reentrancy is detected, not deadlocked.** The lock is not reentrant. A
/// call on the same storage from inside its own [`with`](Handle::door_with) or
/// [`update`](Handle::door_update) closure (or guard, or `V::clone` in
/// [`get`](Handle::door_get)) would wait for itself forever;
/// instead it panics with a message that names the tracker. Each thread
/// records, in thread-local storage only, the locks it runs user code
/// under. When it runs none, which is every call but a reentrant or nested
/// one, a door takes the lock directly, one atomic operation as in
/// hand-written code, and unlocks with one more. Otherwise it tries the
/// lock first, and when the lock is taken asks whether its own thread took
/// it. What every door that runs user code under the lock pays is a test of
/// one thread-local word and two stores to it (a few instructions, see
/// BENCHMARKS.md in the repository).
///
/// ```
/// use std::thread;
/// use private_tracker_core::{Handle, Synced};
///
/// let counter = Synced::<(), u64>::new((), "Counter");
/// let handles: Vec<_> = (0..4)
///     .map(|_| {
///         let counter = counter.clone();
///         thread::spawn(move || {
///             for _ in 0..1000 {
///                 counter.door_update(|n| n.copied().unwrap_or(0) + 1);
///             }
///         })
///     })
///     .collect();
/// for handle in handles {
///     handle.join().unwrap();
/// }
/// assert_eq!(counter.door_get(), Some(4000));
/// ```
pub struct Synced<C, V, G = Unguarded<C, V>, S = Option<V>, O: Handles = Unobserved, H = Log> {
    inner: Arc<Inner<C, S, O, H>>,
    guard: PhantomData<fn() -> (G, V)>,
}

/// The lock first (`repr(C)`), at the address the `Arc` points to: the
/// address a door names the storage by (see [`Synced::address`]) is then
/// the one it locks, and one register serves both.
#[repr(C)]
struct Inner<C, S, O, H> {
    /// The value, and its history and trace (with `history` and `trace`).
    value: Lock<Record<S, H>>,
    name: &'static str,
    captures: C,
    /// Counts the writes and tells the subscribers, with `observe`.
    observer: O,
}

const RULE: &str = "in mode `sync` would wait for itself forever";

/// The lock, held while user code runs under it: the thread records that
/// it runs user code under this lock (see [`enter_user_code`]), so that a
/// reentrant call can tell. A write that runs no user code holds it with
/// nothing recorded (`None`), which costs nothing.
struct Held<'a, T> {
    /// Dropped before the guard unlocks: the record is this thread's only
    /// while it holds the lock, and the work between an unlock and the
    /// thread's next lock stays what hand-written code does (under
    /// contention, more work there hands the lock to another core more
    /// often). Unwinding out of user code drops it too, so the thread's
    /// record of the locks it runs user code under comes back as it was.
    _entered: Option<Entered>,
    guard: Locked<'a, T>,
}

impl<T> core::ops::Deref for Held<'_, T> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        &self.guard
    }
}

impl<T> core::ops::DerefMut for Held<'_, T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut T {
        &mut self.guard
    }
}

impl<C, V, G, O: Fresh + Handles, H: Fresh> Synced<C, V, G, Option<V>, O, H> {
    /// Storage holding `captures` and no value yet, for the tracker type
    /// `name` (used in the message of a reentrant call).
    #[inline]
    pub fn new(captures: C, name: &'static str) -> Self {
        Self::holding(captures, name, None)
    }
}

impl<C, V, G: Guard<Captures = C, Value = V>, S: Refill<C, V>, O: Fresh + Handles, H: Fresh>
    Synced<C, V, G, S, O, H>
{
    /// Storage holding `captures` and the initial value that the slot's
    /// tracker type computes from them ([`Guard::initial`]), for the tracker
    /// type `name`.
    ///
    /// # Panics
    ///
    /// When the guard `G` refuses the initial value.
    #[inline]
    #[track_caller]
    pub fn new_initialized(captures: C, name: &'static str) -> Self {
        let value = initial_slot::<C, V, G, S>(&captures);
        Self::holding(captures, name, value)
    }
}

impl<C, V, G: Guard<Captures = C, Value = V>, S: Slot<V>, O: Fresh + Handles, H: Fresh>
    Synced<C, V, G, S, O, H>
{
    /// Storage holding `captures` and `value`, as a getter returns it
    /// (`Option<V>`, or `V` for an [`Initialized`](crate::Initialized)
    /// slot), if the guard accepts the value, for the tracker type `name`:
    /// how a deserialized tracker is built. It is a new storage, shared
    /// with no other handle. An empty value needs no guard, and no initial
    /// value is computed.
    ///
    /// # Errors
    ///
    /// [`Rejected`] with the value when the guard refuses it.
    #[inline]
    pub fn restore(captures: C, value: S::Out, name: &'static str) -> Result<Self, Rejected<V>> {
        let value = restored_slot::<C, V, G, S>(&captures, value)?;
        Ok(Self::holding(captures, name, value))
    }
}

impl<C, V, G, S, O: Handles, H> Synced<C, V, G, S, O, H> {
    #[inline]
    fn holding(captures: C, name: &'static str, value: S) -> Self
    where
        O: Fresh,
        H: Fresh,
    {
        Self {
            inner: Arc::new(Inner {
                name,
                captures,
                value: Lock::new(Record { slot: value, log: H::fresh() }),
                observer: O::fresh(),
            }),
            guard: PhantomData,
        }
    }

    /// The lock, for a write. Unobserved and with no history, a write runs
    /// no user code under it, and nothing is recorded. Observed, its report
    /// clones the value for the subscribers, and with a history the write
    /// may clone the previous value: user code, so the thread records the
    /// lock as one it runs user code under, as for any user code there.
    #[inline]
    #[track_caller]
    fn write(&self) -> Held<'_, Record<S, H>>
    where
        S: Slot<V>,
        O: HandleObserver<S::Out>,
        H: Recorder<S>,
    {
        if O::OBSERVES || H::COPIES { self.hold() } else { Held { _entered: None, guard: self.lock() } }
    }

    /// Reports an accepted write under the lock, then lets go of it and
    /// tells the subscribers.
    #[inline]
    #[track_caller]
    fn commit(&self, held: Held<'_, Record<S, H>>, kind: ChangeKind)
    where
        S: Slot<V>,
        O: HandleObserver<S::Out>,
        H: Recorder<S>,
    {
        // The watchers are woken once the lock is released, and also when
        // the report unwinds (a `Clone` for the subscribers that panics):
        // the version is made by then, and a watcher must not sleep
        // through it. The lock is moved into a local declared after the
        // guard, so that unwinding drops it first: the watchers are never
        // woken under it (a waker that polls its wait at once would find
        // it held).
        let wake = Unwinding { on_unwind: || self.inner.observer.released(), armed: true };
        let held = held;
        let deliver =
            self.inner.observer.committed(held.guard.slot.as_out(), kind, held.guard.log.last_write());
        drop(held);
        drop(wake);
        if deliver {
            self.inner.observer.deliver();
        }
    }

    /// Takes the lock, and panics
    /// instead of deadlocking when this thread already holds it.
    ///
    /// A thread that runs no user code under a lock cannot hold this one
    /// (writes that run no user code hold it only inside the door): it
    /// takes the lock as hand-written code does, one atomic operation, with
    /// nothing asked first. Only a call from user code under a lock, a
    /// reentrant or a nested one, takes the detecting path.
    #[inline]
    #[track_caller]
    fn lock(&self) -> Locked<'_, Record<S, H>> {
        if running_user_code() {
            return self.lock_detecting();
        }
        self.inner.value.lock()
    }

    /// The lock, for a call from user code that runs under a lock: a lock
    /// that is taken may be this thread's own.
    #[cold]
    #[track_caller]
    fn lock_detecting(&self) -> Locked<'_, Record<S, H>> {
        match self.inner.value.try_lock() {
            Some(guard) => guard,
            None => self.lock_contended(),
        }
    }

    /// The path that is about to wait: the only one that asks whether the
    /// thread that holds the lock is this one.
    #[cold]
    #[track_caller]
    fn lock_contended(&self) -> Locked<'_, Record<S, H>> {
        if holds(self.address()) {
            reentrant(self.inner.name, RULE);
        }
        self.inner.value.lock()
    }

    /// The lock, for a read that may run user code under it (a history's
    /// walk), or none (a location).
    #[inline]
    #[track_caller]
    fn read_record(&self) -> Held<'_, Record<S, H>> {
        self.hold()
    }

    /// The lock, for running user code under it.
    #[inline]
    #[track_caller]
    fn hold(&self) -> Held<'_, Record<S, H>> {
        let guard = self.lock();
        Held { _entered: Some(enter_user_code(self.address())), guard }
    }

    /// Calls `f` with the lock held for running user code under it: what
    /// [`hold`](Self::hold) does, for the doors on every caller's path.
    ///
    /// The common path and the detecting one each call `f`, so that the
    /// common one is compiled on its own: it takes the lock, then records
    /// it with one store to a thread-local word known to be 0 from the
    /// check made before (no user code of this thread runs in between), and
    /// `Held` writes 0 back before it unlocks. Were the two paths to meet
    /// before `f`, the record would be a value from either, tested and
    /// spilled on every call.
    #[expect(
        clippy::inline_always,
        reason = "measured: without it the doors that call it are not inlined into their callers, for up to 29 more instructions (BENCHMARKS.md)"
    )]
    #[inline(always)]
    #[track_caller]
    fn under_lock<R>(&self, f: impl FnOnce(Held<'_, Record<S, H>>) -> R) -> R {
        if running_user_code() {
            return self.under_lock_nested(f);
        }
        let guard = self.inner.value.lock();
        f(Held { _entered: Some(enter_first(self.address())), guard })
    }

    /// [`under_lock`](Self::under_lock), for a call from user code that runs under
    /// a lock: the lock may be this thread's own.
    #[cold]
    #[track_caller]
    fn under_lock_nested<R>(&self, f: impl FnOnce(Held<'_, Record<S, H>>) -> R) -> R {
        let guard = self.lock_detecting();
        f(Held { _entered: Some(enter_user_code(self.address())), guard })
    }

    /// The address of the storage's lock: how this thread's record of the
    /// locks it runs user code under names this storage. (The lock's, not
    /// the shared part's: taking the lock computes it already.)
    #[inline]
    fn address(&self) -> usize {
        core::ptr::from_ref(&self.inner.value).addr()
    }
}

impl<C, V, G, S, O: Handles, H> Sealed for Synced<C, V, G, S, O, H> {}

impl<C, V, G: Guard<Captures = C, Value = V>, S: Slot<V>, O: HandleObserver<S::Out>, H: Recorder<S>> Handle
    for Synced<C, V, G, S, O, H>
{
    type Captures = C;
    type Value = V;
    type Guard = G;
    type Slot = S;

    #[inline]
    fn door_captures(&self) -> &C {
        &self.inner.captures
    }

    #[inline]
    fn door_ptr_eq(a: &Self, b: &Self) -> bool {
        Arc::ptr_eq(&a.inner, &b.inner)
    }

    /// `V::clone` runs under the lock, recorded like any user code there: a
    /// `Clone` that calls this tracker panics instead of deadlocking.
    #[inline]
    #[track_caller]
    fn door_get(&self) -> S::Out
    where
        V: Clone,
    {
        self.under_lock(|held| held.guard.slot.cloned())
    }

    /// `f` runs under the lock.
    #[inline]
    #[track_caller]
    fn door_with<R>(&self, f: impl FnOnce(Reads<'_, S, V>) -> R) -> R {
        self.under_lock(|held| f(held.guard.slot.view()))
    }

    #[inline]
    #[track_caller]
    fn door_take(&self) -> Option<V>
    where
        S: Empty<V>,
    {
        // Declared before the lock, so dropped after it, even when unwinding.
        let evicted: H::Evicted;
        let mut held = self.write();
        let Record { slot, log } = &mut *held.guard;
        // An empty slot emptied changes nothing (`None == None`).
        if slot.value().is_none() && O::same(slot.as_out(), slot.as_out()) {
            return None;
        }
        evicted = log.copied(slot);
        let taken = slot.take();
        self.commit(held, ChangeKind::Take);
        drop(evicted);
        taken
    }

    /// Atomic: `f` and the guard run under the lock, so no other write can
    /// slip in between the read and the write. No value is dropped under the
    /// lock, whether the update returns or a guard panics.
    #[inline]
    #[track_caller]
    fn door_try_update(&self, f: impl FnOnce(Reads<'_, S, V>) -> V) -> Result<(), Rejected<V>> {
        // Taken here: a closure is not `#[track_caller]`, so the write is
        // recorded at this door's caller explicitly.
        let at = core::panic::Location::caller();
        self.under_lock(|held| {
            // Declared before the lock, so dropped after it, even when
            // unwinding: the parameter, which would be dropped last, is
            // moved into a local declared after them.
            let next: V;
            let filled: S;
            let rest: H::Rest;
            let mut held = held;
            next = f(held.guard.slot.view());
            if !accepts::<G>(&self.inner.captures, &next) {
                held.guard.log.refused_at(at);
                drop(held);
                return Err(Rejected::by::<G>(next));
            }
            filled = S::fill(next);
            let Record { slot, log } = &mut *held.guard;
            if O::same(slot.as_out(), filled.as_out()) {
                drop(held);
                return Ok(());
            }
            rest = log.displaced_at(core::mem::replace(slot, filled), at);
            self.commit(held, ChangeKind::Update);
            drop(rest);
            Ok(())
        })
    }

    /// Atomic: the copy, `f`, the guard and the store all run under the
    /// lock, with reentrancy detected. The replaced value is dropped after
    /// unlocking, as are a computed value when the guard panics.
    #[inline]
    #[track_caller]
    fn door_try_modify<R>(&self, f: impl FnOnce(Edits<'_, S, V>) -> R) -> Result<R, Rejected<V>>
    where
        V: Clone,
    {
        // Declared before the lock, so dropped after it, even when unwinding.
        let mut edited: S;
        let result: R;
        let rest: H::Rest;
        let mut held = self.hold();
        edited = held.guard.slot.duplicate();
        result = f(edited.edit());
        if edited.value().is_some_and(|value| !accepts::<G>(&self.inner.captures, value)) {
            held.guard.log.refused();
            drop(held);
            return edited.into_value().map_or(Ok(result), |value| Err(Rejected::by::<G>(value)));
        }
        let Record { slot, log } = &mut *held.guard;
        rest = log.displaced(core::mem::replace(slot, edited));
        self.commit(held, ChangeKind::Modify);
        drop(rest);
        Ok(result)
    }

    #[inline]
    #[track_caller]
    fn swap(&self, _: Key, value: V, kind: ChangeKind) -> S::Out {
        let evicted: H::Evicted;
        let next: S;
        let mut held = self.write();
        let Record { slot, log } = &mut *held.guard;
        next = S::fill(value);
        if O::same(slot.as_out(), next.as_out()) {
            // Nothing changes: the caller gets its own value back, which
            // equals the stored one.
            drop(held);
            return next.into_out();
        }
        evicted = log.copied(slot);
        let previous = core::mem::replace(slot, next).into_out();
        self.commit(held, kind);
        drop(evicted);
        previous
    }

    #[inline]
    #[track_caller]
    fn store(&self, _: Key, value: V, kind: ChangeKind) {
        let rest: H::Rest;
        let next: S;
        let mut held = self.write();
        let Record { slot, log } = &mut *held.guard;
        next = S::fill(value);
        if O::same(slot.as_out(), next.as_out()) {
            // `next` is dropped after the lock: declared before it.
            drop(held);
            return;
        }
        rest = log.displaced(core::mem::replace(slot, next));
        self.commit(held, kind);
        drop(rest);
    }

    #[inline]
    #[track_caller]
    fn refused(&self, _: Key) {
        // Inside the tracker's own closure this thread holds the lock: the
        // refusal is not recorded there, rather than turn a `Rejected` into
        // a panic.
        if H::TRACES && !(running_user_code() && holds(self.address())) {
            self.lock().log.refused();
        }
    }

    /// `f` runs under the lock with reentrancy detected; what it drops, it
    /// drops there (a `Drop` that calls the tracker panics, never waits).
    #[inline]
    #[track_caller]
    fn modify_in_place<R>(&self, _: Key, f: impl FnOnce(Edits<'_, S, V>) -> R) -> R {
        let evicted: H::Evicted;
        // Declared before the lock: when `f` panics, the edit counts (see
        // `skipped`) and the watchers are woken once the lock is released.
        let mut wake = Unwinding { on_unwind: || self.inner.observer.released(), armed: true };
        let mut held = self.hold();
        let Record { slot, log } = &mut *held.guard;
        evicted = log.copied(slot);
        // A panic half way keeps the edits made so far: they count, unannounced.
        let mut unwinding = Unwinding { on_unwind: || self.inner.observer.skipped(), armed: true };
        let result = f(slot.edit());
        unwinding.armed = false;
        drop(unwinding);
        // The commit wakes them.
        wake.armed = false;
        drop(wake);
        self.commit(held, ChangeKind::Modify);
        drop(evicted);
        result
    }
}

impl<C, V, G, S: Slot<V>, H, K, D> Synced<C, V, G, S, SyncObserved<S::Out, K, D>, H> {
    /// How many writes have been accepted: 0 at first, one more for each
    /// write that stored a value (refused writes change nothing). Readable
    /// anywhere, without the lock.
    #[inline]
    #[must_use]
    pub fn door_version(&self) -> u64 {
        self.inner.observer.version()
    }

    /// Adds `subscriber`, called after each accepted write (see
    /// [`SyncObserved`]), until the returned subscription is dropped.
    #[inline]
    pub fn door_subscribe(
        &self,
        subscriber: impl FnMut(&Change<'_, S::Out>) + Send + 'static,
    ) -> Subscription<S::Out> {
        self.inner.observer.subscribe(subscriber)
    }
}

#[cfg(any(feature = "watch", loom))]
impl<C, V, G, S: Slot<V>, H, K, D> crate::watch::sealed::Sealed
    for Synced<C, V, G, S, SyncObserved<S::Out, K, D>, H>
{
}

#[cfg(any(feature = "watch", loom))]
impl<
    C,
    V,
    G: Guard<Captures = C, Value = V>,
    S: Slot<V>,
    H: Recorder<S>,
    K: crate::Copies<S::Out>,
    D: crate::Compares<S::Out>,
> crate::watch::WatchSource for Synced<C, V, G, S, SyncObserved<S::Out, K, D>, H>
{
    #[inline]
    fn watched_version(&self) -> u64 {
        self.inner.observer.version()
    }

    #[inline]
    fn waiters(&self) -> &crate::wake::Waiters {
        self.inner.observer.waiters()
    }

    #[inline]
    fn after_registering(&self) {
        self.inner.observer.version_after_registering();
    }

    #[inline]
    fn closed(&self) -> bool {
        self.inner.observer.is_closed()
    }

    #[inline]
    #[track_caller]
    fn watch_if(&self, f: impl FnOnce(u64, Reads<'_, S, V>) -> bool) -> Option<(u64, S::Out)>
    where
        V: Clone,
    {
        self.under_lock(|held| {
            // Under the lock that every write makes its version under: the
            // version of this very value.
            let version = self.inner.observer.version();
            f(version, held.guard.slot.view()).then(|| (version, held.guard.slot.cloned()))
        })
    }

    #[inline]
    fn uncount(&self) {
        self.inner.observer.handle_dropped();
    }

    #[inline]
    fn recount(&self) {
        self.inner.observer.handle_cloned();
    }

    #[inline]
    #[track_caller]
    fn refuse_wait_under_lock(&self) {
        if running_user_code() && holds(self.address()) {
            reentrant(self.inner.name, "in mode `sync` would keep every writer out and wait for ever");
        }
    }
}

crate::handle::history_doors!(
    Synced,
    "`f` runs under the lock; as in `with`, a call on the same tracker from `f` panics.",
    "Panics, instead of deadlocking, inside a closure, guard or `Clone` that the tracker runs under its lock."
);

/// Both storages' captures and values, for the comparisons: one lock when
/// both are handles to one storage, else both locks, taken in address order
/// so that `a == b` and `b == a` on two threads cannot deadlock. The
/// comparison runs with both locks recorded as this thread's, so a value
/// whose `PartialEq` calls its tracker panics instead of waiting for itself.
#[inline]
#[track_caller]
fn both<C, V, G, S: Slot<V>, O: Handles, H, R>(
    a: &Synced<C, V, G, S, O, H>,
    b: &Synced<C, V, G, S, O, H>,
    f: impl FnOnce((&C, Option<&V>), (&C, Option<&V>)) -> R,
) -> R {
    if Arc::ptr_eq(&a.inner, &b.inner) {
        let held = a.hold();
        return f((&a.inner.captures, held.guard.slot.value()), (&a.inner.captures, held.guard.slot.value()));
    }
    let a_first = core::ptr::from_ref(&*a.inner).addr() < core::ptr::from_ref(&*b.inner).addr();
    let (first, second) = if a_first { (a, b) } else { (b, a) };
    let first_held = first.hold();
    let second_held = second.hold();
    let (a_held, b_held) = if a_first { (&first_held, &second_held) } else { (&second_held, &first_held) };
    f((&a.inner.captures, a_held.guard.slot.value()), (&b.inner.captures, b_held.guard.slot.value()))
}

/// The storage's captures and value, for `Hash`, under the lock.
#[inline]
#[track_caller]
fn one<C, V, G, S: Slot<V>, O: Handles, H, R>(
    a: &Synced<C, V, G, S, O, H>,
    f: impl FnOnce((&C, Option<&V>)) -> R,
) -> R {
    let held = a.hold();
    f((&a.inner.captures, held.guard.slot.value()))
}

crate::compare::compare_by_value!(Synced<O, H>, both, one);

/// A new handle to the same storage, whatever `C` and `V` are.
impl<C, V, G, S, O: Handles, H> Clone for Synced<C, V, G, S, O, H> {
    #[inline]
    fn clone(&self) -> Self {
        self.inner.observer.handle_cloned();
        Self { inner: Arc::clone(&self.inner), guard: PhantomData }
    }
}

/// The last handle dropped closes an observed storage: its watchers wake,
/// and learn that no write will come. Nothing more for the others.
impl<C, V, G, S, O: Handles, H> Drop for Synced<C, V, G, S, O, H> {
    #[inline]
    fn drop(&mut self) {
        self.inner.observer.handle_dropped();
    }
}

/// Shows that storage exists, never what it holds.
impl<C, V, G, S, O: Handles, H> fmt::Debug for Synced<C, V, G, S, O, H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Synced").finish_non_exhaustive()
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use crate::Reveal;
    use crate::guard::tests::{NonEmpty, Panics};
    use std::format;
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::string::{String, ToString};
    use std::sync::OnceLock;
    use std::thread;
    use std::vec::Vec;

    crate::handle::handle_contract_tests!(Synced);

    fn storage() -> Synced<(&'static str,), String> {
        Synced::new(("red",), "ActionTracker")
    }

    fn guarded() -> Synced<(&'static str,), String, NonEmpty> {
        Synced::new(("red",), "ActionTracker")
    }

    fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
        payload.downcast_ref::<String>().map(ToString::to_string).unwrap_or_default()
    }

    /// Calls `door_get` on the first of `trackers` from inside the closures
    /// of all of them, nested in order: `trackers[0]`'s closure calls
    /// `trackers[1]`'s door, and so on.
    fn nested(trackers: &[Synced<(), u32>], last: &Synced<(), u32>) -> Option<u32> {
        match trackers {
            [] => last.door_get(),
            [first, rest @ ..] => first.door_with(|_| nested(rest, last)),
        }
    }

    #[test]
    fn calls_nested_deep_work_and_a_call_back_through_them_panics() {
        let trackers: Vec<_> = (0..8).map(|_| Synced::<(), u32>::new((), "Deep")).collect();
        let outside = Synced::<(), u32>::new((), "Outside");
        outside.door_set(5);
        assert_eq!(nested(&trackers, &outside), Some(5), "eight trackers deep, into a ninth");
        assert!(!running_user_code());
        // Back into the third from inside the eighth: its lock is this
        // thread's, recorded among the outer ones.
        let payload = catch_unwind(AssertUnwindSafe(|| nested(&trackers, &trackers[2]))).unwrap_err();
        assert!(panic_message(&*payload).starts_with("`Deep` was used from inside its own"));
        assert!(!running_user_code(), "unwinding empties the record");
        assert_eq!(nested(&trackers, &outside), Some(5), "and every tracker works after it");
    }

    #[test]
    fn nesting_deeper_than_the_inline_record_works_and_still_detects() {
        let trackers: Vec<_> = (0..100).map(|_| Synced::<(), u32>::new((), "Deep")).collect();
        let outside = Synced::<(), u32>::new((), "Outside");
        outside.door_set(7);
        assert_eq!(nested(&trackers, &outside), Some(7), "a hundred trackers deep, a recursive walk");
        assert!(!running_user_code());
        // Back into one recorded past the inline part, and into one within it.
        for back in [60, 3] {
            let payload = catch_unwind(AssertUnwindSafe(|| nested(&trackers, &trackers[back]))).unwrap_err();
            assert!(panic_message(&*payload).starts_with("`Deep` was used from inside its own"));
            assert!(!running_user_code(), "unwinding empties the record");
        }
        assert_eq!(nested(&trackers, &outside), Some(7), "and every tracker works after it");
    }

    #[test]
    fn a_call_back_into_a_tracker_through_another_panics_and_the_count_comes_back() {
        let a = Synced::<(), u32>::new((), "A");
        let b = Synced::<(), u32>::new((), "B");
        assert_eq!(a.door_with(|_| b.door_get()), None, "a nested call into another tracker works");
        assert!(!running_user_code());
        let payload =
            catch_unwind(AssertUnwindSafe(|| a.door_with(|_| b.door_with(|_| a.door_get())))).unwrap_err();
        assert!(panic_message(&*payload).starts_with("`A` was used from inside its own"));
        assert!(!running_user_code(), "unwinding brings the count back to 0");
        // The panic unwound through both locks; the doors go on.
        a.door_set(1);
        b.door_set(2);
        assert_eq!((a.door_get(), b.door_get()), (Some(1), Some(2)));
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
                        counter.door_update(|n| n.copied().unwrap_or(0) + 1);
                    }
                })
            })
            .collect();
        for worker in workers {
            worker.join().unwrap();
        }
        assert_eq!(counter.door_get(), Some(THREADS * UPDATES));
    }

    #[test]
    fn a_panic_poisons_nothing_for_other_threads() {
        let a = storage();
        a.door_set("kept".into());
        let b = a.clone();
        let panicked = thread::spawn(move || b.door_update(|_| panic!("update"))).join();
        assert!(panicked.is_err());
        let guarded = Synced::<(), String, Panics>::new((), "T");
        guarded.swap(Key(()), "kept".into(), ChangeKind::Set);
        let c = guarded.clone();
        let panicked = thread::spawn(move || c.door_try_update(|_| "x".into())).join();
        assert!(panicked.is_err());
        assert_eq!(guarded.door_get().as_deref(), Some("kept"));
        assert_eq!(a.door_get().as_deref(), Some("kept"));
        let d = a.clone();
        thread::spawn(move || d.door_set("still usable".into())).join().unwrap();
        assert_eq!(a.door_get().as_deref(), Some("still usable"));
    }

    #[test]
    fn reentrant_calls_panic_with_the_trackers_name_instead_of_deadlocking() {
        let a = storage();
        let b = a.clone();
        for call in [&(|| a.door_with(|_| b.door_get())) as &dyn Fn() -> Option<String>, &|| {
            a.door_update(|_| b.door_take().unwrap_or_default());
            None
        }] {
            let payload = catch_unwind(AssertUnwindSafe(call)).unwrap_err();
            let message = panic_message(payload.as_ref());
            assert!(message.contains("`ActionTracker` was used from inside its own"), "{message}");
            assert!(message.contains("mode `sync`"), "{message}");
        }
        // The storage is intact and usable afterwards.
        a.door_set("ok".into());
        assert_eq!(b.door_get().as_deref(), Some("ok"));
    }

    #[test]
    fn other_threads_wait_instead_of_panicking() {
        let a = Synced::<(), u32>::new((), "T");
        a.door_set(0);
        let b = a.clone();
        a.door_with(|_| {
            // Another thread blocked on the lock is contention, not reentrancy.
            let waiter = thread::spawn(move || b.door_update(|n| n.copied().unwrap_or(0) + 1));
            thread::sleep(std::time::Duration::from_millis(20));
            assert!(!waiter.is_finished());
            waiter
        })
        .join()
        .unwrap();
        assert_eq!(a.door_get(), Some(1));
    }

    mod observed {
        use super::*;
        use crate::sync::Ordering;
        use crate::{Subscription, SyncObserved};
        use std::sync::Mutex as StdMutex;

        type Watched = Synced<(), u64, Unguarded<(), u64>, Option<u64>, SyncObserved<Option<u64>>>;
        type Log = Arc<StdMutex<Vec<(u64, Option<u64>)>>>;

        fn watched() -> Watched {
            Synced::new((), "Counter")
        }

        fn record(log: &Log) -> impl FnMut(&Change<'_, Option<u64>>) + Send + 'static {
            let log = Arc::clone(log);
            move |change| log.lock().unwrap().push((change.version(), *change.value()))
        }

        #[test]
        fn every_version_reaches_every_subscriber_once_in_order_across_threads() {
            const THREADS: u64 = 4;
            const WRITES: u64 = 500;
            let counter = watched();
            let log: Log = Arc::default();
            let _all = counter.door_subscribe(record(&log));
            let workers: Vec<_> = (0..THREADS)
                .map(|_| {
                    let counter = counter.clone();
                    thread::spawn(move || {
                        for _ in 0..WRITES {
                            counter.door_update(|n| n.map_or(1, |n| n + 1));
                        }
                    })
                })
                .collect();
            for worker in workers {
                worker.join().unwrap();
            }
            let log = log.lock().unwrap();
            let versions: Vec<u64> = log.iter().map(|(version, _)| *version).collect();
            assert_eq!(versions, (1..=THREADS * WRITES).collect::<Vec<_>>());
            // Updates are atomic: the value a version reports is its count.
            assert!(log.iter().all(|(version, value)| Some(*version) == *value));
            assert_eq!(counter.door_version(), THREADS * WRITES);
        }

        #[test]
        fn a_subscriber_may_write_its_tracker_and_the_write_is_queued_not_recursive() {
            let counter = watched();
            let log: Log = Arc::default();
            let writer = counter.clone();
            let _bump = counter.door_subscribe(move |change| {
                if change.version() == 1 {
                    writer.door_set(10);
                    assert_eq!(writer.door_get(), Some(10), "committed at once");
                }
            });
            let _record = counter.door_subscribe(record(&log));
            counter.door_set(1);
            assert_eq!(*log.lock().unwrap(), [(1, Some(1)), (2, Some(10))]);
        }

        #[test]
        fn a_round_works_on_a_snapshot_of_the_subscribers() {
            let counter = watched();
            let log: Log = Arc::default();
            let late: Arc<StdMutex<Vec<Subscription<Option<u64>>>>> = Arc::default();
            let victim: Arc<StdMutex<Option<Subscription<Option<u64>>>>> = Arc::default();
            let (handle, late_log, keep, victim_slot) =
                (counter.clone(), Arc::clone(&log), Arc::clone(&late), Arc::clone(&victim));
            let _adder = counter.door_subscribe(move |_| {
                // Added during a round: not called in it.
                keep.lock().unwrap().push(handle.door_subscribe(record(&late_log)));
                // Removed during a round: not called again.
                victim_slot.lock().unwrap().take();
            });
            *victim.lock().unwrap() = Some(counter.door_subscribe(record(&log)));
            counter.door_set(1);
            assert!(log.lock().unwrap().is_empty());
            counter.door_set(2);
            assert_eq!(*log.lock().unwrap(), [(2, Some(2))]);
        }

        #[test]
        fn subscriptions_are_send_and_unsubscribe_when_dropped_anywhere() {
            fn send_sync<T: Send + Sync>() {}
            send_sync::<Subscription<Option<u64>>>();
            send_sync::<Watched>();
            let counter = watched();
            let log: Log = Arc::default();
            let subscription = counter.door_subscribe(record(&log));
            counter.door_set(1);
            thread::spawn(move || drop(subscription)).join().unwrap();
            counter.door_set(2);
            counter.door_subscribe(record(&log)).detach();
            counter.door_set(3);
            assert_eq!(*log.lock().unwrap(), [(1, Some(1)), (3, Some(3))]);
        }

        #[test]
        fn a_panicking_subscriber_leaves_the_write_committed_and_the_others_called() {
            let counter = watched();
            let log: Log = Arc::default();
            let _panics = counter.door_subscribe(|_| panic!("subscriber"));
            let _record = counter.door_subscribe(record(&log));
            let payload = catch_unwind(AssertUnwindSafe(|| counter.door_set(1))).unwrap_err();
            assert_eq!(payload.downcast_ref::<&str>(), Some(&"subscriber"));
            assert_eq!((counter.door_get(), counter.door_version()), (Some(1), 1));
            assert!(catch_unwind(AssertUnwindSafe(|| counter.door_set(2))).is_err());
            assert_eq!(*log.lock().unwrap(), [(1, Some(1)), (2, Some(2))]);
        }

        /// Calls its tracker when dropped: it must be dropped with no lock
        /// held, or that call panics (reentrancy) or waits for ever.
        struct DropsHome;

        static DROPS_HOME: OnceLock<Watched> = OnceLock::new();

        impl Drop for DropsHome {
            fn drop(&mut self) {
                if let Some(tracker) = DROPS_HOME.get() {
                    tracker.door_with(|_| ());
                }
            }
        }

        #[test]
        fn closures_of_dropped_subscriptions_are_dropped_with_no_lock_held() {
            let tracker = DROPS_HOME.get_or_init(watched);
            let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
            let writer = {
                let (tracker, stop) = (tracker.clone(), Arc::clone(&stop));
                thread::spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        tracker.door_update(|n| n.map_or(1, |n| n + 1));
                    }
                })
            };
            // Subscribing and unsubscribing while the writer delivers: a
            // closure whose subscription is dropped mid-call was once left
            // for the next write to drop, under the storage's lock.
            for _ in 0..20_000 {
                let sentinel = DropsHome;
                let subscription = tracker.door_subscribe(move |_| {
                    let _ = &sentinel;
                });
                drop(subscription);
            }
            stop.store(true, Ordering::Relaxed);
            writer.join().expect("no closure was dropped under the lock");
        }

        /// A value whose `Clone` calls its own tracker.
        #[derive(Debug)]
        struct CallsHome;

        type HomeTracker = Synced<
            (),
            CallsHome,
            Unguarded<(), CallsHome>,
            Option<CallsHome>,
            SyncObserved<Option<CallsHome>>,
        >;

        static CALLS_HOME: OnceLock<HomeTracker> = OnceLock::new();

        impl Clone for CallsHome {
            fn clone(&self) -> Self {
                if let Some(tracker) = CALLS_HOME.get() {
                    tracker.door_with(|_| ());
                }
                CallsHome
            }
        }

        #[test]
        fn a_clone_for_the_subscribers_that_calls_its_tracker_panics_instead_of_deadlocking() {
            let tracker = CALLS_HOME.get_or_init(|| Synced::new((), "HomeTracker"));
            let _listens = tracker.door_subscribe(|_| {});
            let payload = catch_unwind(AssertUnwindSafe(|| tracker.door_set(CallsHome))).unwrap_err();
            assert!(panic_message(payload.as_ref()).contains("`HomeTracker` was used from inside its own"));
            assert!(tracker.door_with(|value| value.is_some()), "the write committed before the clone");
        }
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
        a.door_set("secret".into());
        assert_eq!(format!("{a:?}"), "Synced { .. }");
    }

    /// A guard that reads its own tracker, kept in a static.
    struct ReadsItself;

    static READS_ITSELF: OnceLock<Synced<(), u8, ReadsItself>> = OnceLock::new();

    impl Guard for ReadsItself {
        type Captures = ();
        type Value = u8;
        fn check(_: &Reveal<Self>, (): &(), _: &u8) -> bool {
            READS_ITSELF.get().is_some_and(|tracker| tracker.door_get().is_some())
        }
    }

    #[test]
    fn a_guard_that_calls_its_tracker_panics_instead_of_deadlocking() {
        let tracker = READS_ITSELF.get_or_init(|| Synced::new((), "GuardedTracker"));
        tracker.swap(Key(()), 1, ChangeKind::Set);
        let payload = catch_unwind(AssertUnwindSafe(|| tracker.door_try_update(|_| 2))).unwrap_err();
        let message = panic_message(payload.as_ref());
        assert!(message.contains("`GuardedTracker` was used from inside its own"), "{message}");
        assert_eq!(tracker.door_take(), Some(1));
    }

    /// A value whose `Clone` and `Drop` call the tracker that holds it.
    #[derive(Debug)]
    struct Loopy;

    static LOOPY: OnceLock<Synced<(), Loopy, RefusesAfterPanicking>> = OnceLock::new();

    impl Clone for Loopy {
        fn clone(&self) -> Self {
            // Under the getter's lock: must panic, not wait for itself.
            if let Some(tracker) = LOOPY.get() {
                tracker.door_with(|_| ());
            }
            Loopy
        }
    }

    impl Drop for Loopy {
        fn drop(&mut self) {
            // Dropped after the lock is released: the tracker is usable here.
            if let Some(tracker) = LOOPY.get() {
                tracker.door_with(|_| ());
            }
        }
    }

    /// Panics on every value: the value computed by `update` must then be
    /// dropped after the lock is released, or its `Drop` would panic while
    /// unwinding and abort the process.
    struct RefusesAfterPanicking;

    impl Guard for RefusesAfterPanicking {
        type Captures = ();
        type Value = Loopy;
        fn check(_: &Reveal<Self>, (): &(), _: &Loopy) -> bool {
            panic!("guard")
        }
    }

    #[test]
    fn clone_and_drop_may_call_the_tracker_that_holds_the_value() {
        let tracker = LOOPY.get_or_init(|| Synced::new((), "LoopyTracker"));
        tracker.swap(Key(()), Loopy, ChangeKind::Set);
        let payload = catch_unwind(AssertUnwindSafe(|| tracker.door_get())).unwrap_err();
        assert!(panic_message(payload.as_ref()).contains("`LoopyTracker` was used from inside its own"));
        // The guard panics; the computed `Loopy` is dropped after unlocking.
        let payload = catch_unwind(AssertUnwindSafe(|| tracker.door_try_update(|_| Loopy))).unwrap_err();
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"guard"));
        // `try_modify` copies the value under the lock: a `Clone` that calls
        // the tracker panics there, never waits for itself.
        let payload = catch_unwind(AssertUnwindSafe(|| tracker.door_try_modify(|_| ()))).unwrap_err();
        assert!(panic_message(payload.as_ref()).contains("`LoopyTracker` was used from inside its own"));
        // Replaced and taken values are dropped after unlocking too.
        drop(tracker.swap(Key(()), Loopy, ChangeKind::Set));
        drop(tracker.door_take());
        assert!(tracker.door_with(|value| value.is_none()));
        // An edited value whose guard panics is dropped after unlocking.
        let payload =
            catch_unwind(AssertUnwindSafe(|| tracker.door_try_modify(|value| *value = Some(Loopy))))
                .unwrap_err();
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"guard"));
        assert!(tracker.door_with(|value| value.is_none()));
    }
}
