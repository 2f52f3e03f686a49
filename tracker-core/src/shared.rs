//! Mode `shared`: handles to one storage in one thread (JavaScript object
//! semantics).

use alloc::rc::Rc;
use core::cell::{Ref, RefCell, RefMut};
use core::fmt;
use core::marker::PhantomData;

use crate::guard::{Guard, Rejected, Unguarded, accepts};
use crate::handle::Handle;
use crate::handle::sealed::{Key, Sealed};
use crate::history::{At, Entries, History, Log, Record, Recorder, Trace, Traced};
use crate::observe::{
    Change, ChangeKind, Fresh, HandleObserver, LocalObserved, LocalSubscription, Unobserved, Unwinding,
};
use crate::reentrancy::reentrant;
use crate::slot::{Edits, Empty, Reads, Refill, Slot, initial_slot, restored_slot};

/// Storage of mode `shared`: every clone is a handle to the same captures and
/// value, like a JavaScript object held by several variables. Its doors are
/// those of [`Handle`].
///
/// Built on `Rc<RefCell<…>>`, the single-threaded shared-ownership pair, so
/// it is neither `Send` nor `Sync`. Reads clone the value out (or borrow it
/// inside [`with`](Handle::door_with)); writes take `&self`.
///
/// A guard or an `update` closure runs before anything is changed, and
/// `RefCell` has no poisoning, so a panic in either leaves the value as it
/// was and every handle usable.
///
/// Inside a [`with`](Handle::door_with) or [`update`](Handle::door_update) closure the
/// same storage may be read but not written: a write there panics with a
/// message that names the tracker.
///
/// ```
/// use private_tracker_core::{Handle, Shared};
///
/// let a = Shared::<(), u32>::new((), "Counter");
/// let b = a.clone();
/// a.door_set(1);
/// b.door_update(|n| n.copied().unwrap_or(0) + 1);
/// assert_eq!(a.door_get(), Some(2));
/// assert!(Handle::door_ptr_eq(&a, &b));
/// ```
pub struct Shared<C, V, G = Unguarded<C, V>, S = Option<V>, O = Unobserved, H = Log> {
    inner: Rc<UseModeSyncForThreads<C, S, O, H>>,
    guard: PhantomData<fn() -> (G, V)>,
}

/// The storage behind the `Rc`, named for the compile error of a shared
/// tracker sent to (or shared with) another thread: rustc's first line then
/// reads "`Rc<…::UseModeSyncForThreads<…>>` cannot be sent between threads
/// safely", which says what to do (`Send` cannot take `on_unimplemented`).
struct UseModeSyncForThreads<C, S, O, H> {
    name: &'static str,
    captures: C,
    /// The value, and its history and trace (with `history` and `trace`).
    value: RefCell<Record<S, H>>,
    /// Counts the writes and tells the subscribers, with `observe`.
    observer: O,
}

const RULE: &str = "in mode `shared` allows reads inside `with_…` and `update_…` but no write, and no call at all inside `modify_…`";

impl<C, V, G, O: Fresh, H: Fresh> Shared<C, V, G, Option<V>, O, H> {
    /// Storage holding `captures` and no value yet, for the tracker type
    /// `name` (used in the message of a reentrant write).
    #[inline]
    pub fn new(captures: C, name: &'static str) -> Self {
        Self::holding(captures, name, None)
    }
}

impl<C, V, G: Guard<Captures = C, Value = V>, S: Refill<C, V>, O: Fresh, H: Fresh> Shared<C, V, G, S, O, H> {
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

impl<C, V, G: Guard<Captures = C, Value = V>, S: Slot<V>, O: Fresh, H: Fresh> Shared<C, V, G, S, O, H> {
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

impl<C, V, G, S, O, H> Shared<C, V, G, S, O, H> {
    #[inline]
    fn holding(captures: C, name: &'static str, value: S) -> Self
    where
        O: Fresh,
        H: Fresh,
    {
        Self {
            inner: Rc::new(UseModeSyncForThreads {
                name,
                captures,
                value: RefCell::new(Record { slot: value, log: H::fresh() }),
                observer: O::fresh(),
            }),
            guard: PhantomData,
        }
    }

    /// Reports an accepted write while the value is still borrowed mutably,
    /// then lets go of it and tells the subscribers: they run with nothing
    /// borrowed.
    #[inline]
    #[track_caller]
    fn commit(&self, record: RefMut<'_, Record<S, H>>, kind: ChangeKind)
    where
        O: HandleObserver<S::Out>,
        S: Slot<V>,
        H: Recorder<S>,
    {
        let deliver = self.inner.observer.committed(record.slot.as_out(), kind, record.log.last_write());
        drop(record);
        if deliver {
            self.inner.observer.deliver();
        }
    }

    #[inline]
    #[track_caller]
    fn read(&self) -> Ref<'_, S> {
        Ref::map(self.read_record(), |record| &record.slot)
    }

    #[inline]
    #[track_caller]
    fn read_record(&self) -> Ref<'_, Record<S, H>> {
        // A `match`, not `unwrap_or_else`: a closure would be the caller
        // that the panic reports, in this file.
        match self.inner.value.try_borrow() {
            Ok(record) => record,
            Err(_) => reentrant(self.inner.name, RULE),
        }
    }

    #[inline]
    #[track_caller]
    fn write(&self) -> RefMut<'_, Record<S, H>> {
        match self.inner.value.try_borrow_mut() {
            Ok(record) => record,
            Err(_) => reentrant(self.inner.name, RULE),
        }
    }
}

impl<C, V, G, S, O, H> Sealed for Shared<C, V, G, S, O, H> {}

impl<C, V, G: Guard<Captures = C, Value = V>, S: Slot<V>, O: HandleObserver<S::Out>, H: Recorder<S>> Handle
    for Shared<C, V, G, S, O, H>
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
        Rc::ptr_eq(&a.inner, &b.inner)
    }

    #[inline]
    #[track_caller]
    fn door_get(&self) -> S::Out
    where
        V: Clone,
    {
        self.read().cloned()
    }

    #[inline]
    #[track_caller]
    fn door_with<R>(&self, f: impl FnOnce(Reads<'_, S, V>) -> R) -> R {
        f(self.read().view())
    }

    #[inline]
    #[track_caller]
    fn door_take(&self) -> Option<V>
    where
        S: Empty<V>,
    {
        // Declared before the borrow, so dropped after it, even when
        // unwinding: a `Drop` that uses the tracker finds it free.
        let evicted: H::Evicted;
        let mut record = self.write();
        let Record { slot, log } = &mut *record;
        // An empty slot emptied changes nothing (`None == None`).
        if slot.value().is_none() && O::same(slot.as_out(), slot.as_out()) {
            return None;
        }
        evicted = log.copied(slot);
        let taken = slot.take();
        self.commit(record, ChangeKind::Take);
        drop(evicted);
        taken
    }

    /// `f` sees a borrow and may read the tracker again, but not write it;
    /// the guard runs after `f` has returned, with nothing borrowed.
    #[inline]
    #[track_caller]
    fn door_try_update(&self, f: impl FnOnce(Reads<'_, S, V>) -> V) -> Result<(), Rejected<V>> {
        let next = self.checked(Key(()), self.door_with(f))?;
        self.store(Key(()), next, ChangeKind::Update);
        Ok(())
    }

    /// `f` and the guard run with the storage borrowed: any call on the
    /// same tracker from either panics. The replaced value is dropped after
    /// the borrow ends.
    #[inline]
    #[track_caller]
    fn door_try_modify<R>(&self, f: impl FnOnce(Edits<'_, S, V>) -> R) -> Result<R, Rejected<V>>
    where
        V: Clone,
    {
        // Declared before the borrow, so dropped after it, even when
        // unwinding: a `Drop` that uses the tracker finds it free.
        let mut edited: S;
        let result: R;
        let rest: H::Rest;
        let mut record = self.write();
        edited = record.slot.duplicate();
        result = f(edited.edit());
        if edited.value().is_some_and(|value| !accepts::<G>(&self.inner.captures, value)) {
            record.log.refused();
            drop(record);
            return edited.into_value().map_or(Ok(result), |value| Err(Rejected::by::<G>(value)));
        }
        let Record { slot, log } = &mut *record;
        rest = log.displaced(core::mem::replace(slot, edited));
        self.commit(record, ChangeKind::Modify);
        drop(rest);
        Ok(result)
    }

    #[inline]
    #[track_caller]
    fn swap(&self, _: Key, value: V, kind: ChangeKind) -> S::Out {
        let evicted: H::Evicted;
        let next: S;
        let mut record = self.write();
        let Record { slot, log } = &mut *record;
        next = S::fill(value);
        if O::same(slot.as_out(), next.as_out()) {
            // Nothing changes: the caller gets its own value back, which
            // equals the stored one.
            drop(record);
            return next.into_out();
        }
        evicted = log.copied(slot);
        let previous = core::mem::replace(slot, next).into_out();
        self.commit(record, kind);
        drop(evicted);
        previous
    }

    #[inline]
    #[track_caller]
    fn store(&self, _: Key, value: V, kind: ChangeKind) {
        let rest: H::Rest;
        let next: S;
        let mut record = self.write();
        let Record { slot, log } = &mut *record;
        next = S::fill(value);
        if O::same(slot.as_out(), next.as_out()) {
            // `next` is dropped after the borrow: declared before it.
            drop(record);
            return;
        }
        rest = log.displaced(core::mem::replace(slot, next));
        self.commit(record, kind);
        drop(rest);
    }

    #[inline]
    #[track_caller]
    fn modify_in_place<R>(&self, _: Key, f: impl FnOnce(Edits<'_, S, V>) -> R) -> R {
        let evicted: H::Evicted;
        let mut record = self.write();
        let Record { slot, log } = &mut *record;
        evicted = log.copied(slot);
        // A panic half way keeps the edits made so far: they count, unannounced.
        let mut unwinding = Unwinding { on_unwind: || self.inner.observer.skipped(), armed: true };
        let result = f(slot.edit());
        unwinding.armed = false;
        drop(unwinding);
        self.commit(record, ChangeKind::Modify);
        drop(evicted);
        result
    }

    #[inline]
    #[track_caller]
    fn refused(&self, _: Key) {
        // Inside the tracker's own closure the storage is borrowed: the
        // refusal is not recorded there, rather than turn a `Rejected` into
        // a panic.
        if H::TRACES {
            if let Ok(mut record) = self.inner.value.try_borrow_mut() {
                record.log.refused();
            }
        }
    }
}

#[cfg(feature = "alloc")]
impl<C, V, G, S: Slot<V>, H, K, D> Shared<C, V, G, S, LocalObserved<S::Out, K, D>, H> {
    /// How many writes have been accepted: 0 at first, one more for each
    /// write that stored a value (refused writes change nothing). Readable
    /// anywhere, inside the tracker's own closures too.
    #[inline]
    #[must_use]
    pub fn door_version(&self) -> u64 {
        self.inner.observer.version()
    }

    /// Adds `subscriber`, called after each accepted write (see
    /// [`LocalObserved`]), until the returned subscription is dropped.
    #[inline]
    pub fn door_subscribe(
        &self,
        subscriber: impl FnMut(&Change<'_, S::Out>) + 'static,
    ) -> LocalSubscription<S::Out> {
        self.inner.observer.subscribe(subscriber)
    }
}

crate::handle::history_doors!(
    Shared,
    "As in `with`, `f` may read the tracker but not write it.",
    "Panics inside the tracker's own `modify` closure."
);

/// Both storages' captures and values, for the comparisons: two shared
/// borrows, which may be of one storage.
#[inline]
#[track_caller]
fn both<C, V, G, S: Slot<V>, O, H, R>(
    a: &Shared<C, V, G, S, O, H>,
    b: &Shared<C, V, G, S, O, H>,
    f: impl FnOnce((&C, Option<&V>), (&C, Option<&V>)) -> R,
) -> R {
    let (a_value, b_value) = (a.read(), b.read());
    f((&a.inner.captures, a_value.value()), (&b.inner.captures, b_value.value()))
}

/// The storage's captures and value, for `Hash`.
#[inline]
#[track_caller]
fn one<C, V, G, S: Slot<V>, O, H, R>(
    a: &Shared<C, V, G, S, O, H>,
    f: impl FnOnce((&C, Option<&V>)) -> R,
) -> R {
    f((&a.inner.captures, a.read().value()))
}

crate::compare::compare_by_value!(Shared<O, H>, both, one);

/// A new handle to the same storage, whatever `C` and `V` are.
impl<C, V, G, S, O, H> Clone for Shared<C, V, G, S, O, H> {
    #[inline]
    fn clone(&self) -> Self {
        Self { inner: Rc::clone(&self.inner), guard: PhantomData }
    }
}

/// Shows that storage exists, never what it holds.
impl<C, V, G, S, O, H> fmt::Debug for Shared<C, V, G, S, O, H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shared").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guard::tests::NonEmpty;
    use crate::guard::tests::Panics;
    use std::format;
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::string::{String, ToString};

    crate::handle::handle_contract_tests!(Shared);

    fn storage() -> Shared<(&'static str,), String> {
        Shared::new(("red",), "ActionTracker")
    }

    fn guarded() -> Shared<(&'static str,), String, NonEmpty> {
        Shared::new(("red",), "ActionTracker")
    }

    #[test]
    fn panics_lose_nothing_and_leave_every_handle_usable() {
        let a = storage();
        let b = a.clone();
        a.door_set("kept".into());
        assert!(catch_unwind(AssertUnwindSafe(|| a.door_update(|_| panic!("update")))).is_err());
        let guarded = Shared::<(), String, Panics>::new((), "T");
        assert!(catch_unwind(AssertUnwindSafe(|| guarded.door_try_set("x".into()))).is_err());
        guarded.swap(Key(()), "kept".into(), ChangeKind::Set);
        assert!(catch_unwind(AssertUnwindSafe(|| guarded.door_try_update(|_| "x".into()))).is_err());
        assert_eq!(guarded.door_get().as_deref(), Some("kept"));
        assert!(catch_unwind(AssertUnwindSafe(|| a.door_with(|_| panic!("with")))).is_err());
        assert_eq!(b.door_get().as_deref(), Some("kept"));
        b.door_set("still usable".into());
        assert_eq!(a.door_get().as_deref(), Some("still usable"));
    }

    #[test]
    fn reads_inside_a_closure_are_allowed() {
        let a = storage();
        a.door_set("x".into());
        let b = a.clone();
        a.door_update(|v| format!("{}{}", v.unwrap(), b.door_get().unwrap()));
        assert_eq!(a.door_get().as_deref(), Some("xx"));
    }

    mod observed {
        use super::*;
        use crate::{ChangeKind, LocalObserved};
        use std::cell::RefCell;
        use std::rc::Rc;
        use std::vec::Vec;

        type Watched = Shared<(), u32, Unguarded<(), u32>, Option<u32>, LocalObserved<Option<u32>>>;
        type Log = Rc<RefCell<Vec<(&'static str, Option<u32>, u64)>>>;

        fn watched() -> Watched {
            Shared::new((), "Counter")
        }

        fn record(log: &Log, name: &'static str) -> impl FnMut(&Change<'_, Option<u32>>) + 'static {
            let log = Rc::clone(log);
            move |change| log.borrow_mut().push((name, *change.value(), change.version()))
        }

        #[test]
        fn subscribers_run_in_order_after_the_write_with_nothing_borrowed() {
            let a = watched();
            let b = a.clone();
            let log: Log = Rc::default();
            let _first = a.door_subscribe(record(&log, "first"));
            // Reads and writes of the same tracker work from a subscriber.
            let reader = b.clone();
            let _reads = a.door_subscribe(move |change| assert_eq!(reader.door_get(), *change.value()));
            let _second = b.door_subscribe(record(&log, "second"));
            a.door_set(1);
            b.door_update(|n| n.map_or(0, |n| n + 1));
            assert_eq!(b.door_take(), Some(2));
            assert_eq!(a.door_version(), 3);
            assert_eq!(
                *log.borrow(),
                [
                    ("first", Some(1), 1),
                    ("second", Some(1), 1),
                    ("first", Some(2), 2),
                    ("second", Some(2), 2),
                    ("first", None, 3),
                    ("second", None, 3)
                ]
            );
        }

        #[test]
        fn a_write_from_a_subscriber_is_queued_so_everyone_sees_every_version_in_order() {
            let a = watched();
            let log: Log = Rc::default();
            let writer = a.clone();
            let _bump = a.door_subscribe(move |change| {
                if change.version() == 1 {
                    writer.door_set(10); // committed at once, announced after this round
                    assert_eq!(writer.door_version(), 2);
                }
            });
            let _first = a.door_subscribe(record(&log, "first"));
            let _second = a.door_subscribe(record(&log, "second"));
            a.door_set(1);
            assert_eq!(
                *log.borrow(),
                [
                    ("first", Some(1), 1),
                    ("second", Some(1), 1),
                    ("first", Some(10), 2),
                    ("second", Some(10), 2)
                ]
            );
        }

        #[test]
        fn a_round_works_on_a_snapshot_of_the_subscribers() {
            let a = watched();
            let log: Log = Rc::default();
            let late: Rc<RefCell<Vec<LocalSubscription<Option<u32>>>>> = Rc::default();
            let victim: Rc<RefCell<Option<LocalSubscription<Option<u32>>>>> = Rc::default();
            let (handle, adder_log, late_sink, victim_slot) =
                (a.clone(), Rc::clone(&log), Rc::clone(&late), Rc::clone(&victim));
            let _adder = a.door_subscribe(move |_| {
                // Added during a round: not called in it.
                late_sink.borrow_mut().push(handle.door_subscribe(record(&adder_log, "late")));
                // Removed during a round: not called again.
                victim_slot.borrow_mut().take();
            });
            *victim.borrow_mut() = Some(a.door_subscribe(record(&log, "victim")));
            a.door_set(1);
            assert!(log.borrow().is_empty(), "{:?}", log.borrow());
            a.door_set(2);
            assert_eq!(*log.borrow(), [("late", Some(2), 2)]);
        }

        #[test]
        fn a_panicking_subscriber_leaves_the_write_committed_and_the_others_called() {
            let a = watched();
            let log: Log = Rc::default();
            let _panics = a.door_subscribe(|_| panic!("subscriber"));
            let _records = a.door_subscribe(record(&log, "records"));
            let payload = catch_unwind(AssertUnwindSafe(|| a.door_set(1))).unwrap_err();
            assert_eq!(payload.downcast_ref::<&str>(), Some(&"subscriber"));
            assert_eq!((a.door_get(), a.door_version()), (Some(1), 1));
            assert!(catch_unwind(AssertUnwindSafe(|| a.door_set(2))).is_err());
            assert_eq!(*log.borrow(), [("records", Some(1), 1), ("records", Some(2), 2)]);
        }

        #[test]
        fn subscriptions_unsubscribe_when_dropped_unless_detached_and_keep_nothing_alive() {
            let a = watched();
            let log: Log = Rc::default();
            let dropped = a.door_subscribe(record(&log, "dropped"));
            assert!(dropped.is_active());
            drop(dropped);
            a.door_subscribe(record(&log, "detached")).detach();
            let kept = a.door_subscribe(record(&log, "kept"));
            a.door_set(1);
            assert_eq!(*log.borrow(), [("detached", Some(1), 1), ("kept", Some(1), 1)]);
            let weak = Rc::downgrade(&a.inner);
            drop(a);
            assert!(weak.upgrade().is_none(), "a subscription keeps no tracker alive");
            assert!(kept.is_active());
            kept.unsubscribe();
        }

        #[test]
        fn refused_writes_count_for_nothing() {
            let a = Shared::<(&'static str,), String, NonEmpty, Option<String>, LocalObserved<Option<String>>>::new(("red",), "T");
            let calls = Rc::new(RefCell::new(0));
            let counter = Rc::clone(&calls);
            let _count = a.door_subscribe(move |change| {
                assert_eq!(change.kind(), ChangeKind::Set);
                *counter.borrow_mut() += 1;
            });
            assert!(a.door_try_set(String::new()).is_err());
            a.door_try_set("x".into()).unwrap();
            assert_eq!((a.door_version(), *calls.borrow()), (1, 1));
        }
    }

    #[test]
    fn writes_inside_a_closure_panic_with_the_trackers_name() {
        let a = storage();
        let b = a.clone();
        let panic = catch_unwind(AssertUnwindSafe(|| a.door_with(|_| b.door_set("x".into())))).unwrap_err();
        let message = panic.downcast_ref::<String>().map(ToString::to_string).unwrap_or_default();
        assert!(message.contains("`ActionTracker` was used from inside its own"), "{message}");
        assert!(message.contains("mode `shared`"), "{message}");
        // Nothing was changed, and the storage is usable again.
        assert_eq!(a.door_get(), None);
        a.door_set("y".into());
        assert_eq!(b.door_get().as_deref(), Some("y"));
    }
}
