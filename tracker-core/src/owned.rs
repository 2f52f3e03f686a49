//! Mode `owned`: the storage is a plain field, like a closure's environment.

use core::fmt;
use core::marker::PhantomData;

use crate::guard::{AcceptsAll, Guard, Rejected, Unguarded, accepts, check};
use crate::history::{At, Entries, History, Log, Recorder, Trace, Traced};
#[cfg(feature = "alloc")]
use crate::observe::{Change, Observed, SubscriberKey};
use crate::observe::{ChangeKind, Distinguishes, Fresh, Observer, Unobserved, Unwinding};
use crate::slot::{Edits, Reads, Refill, Slot, initial_slot, restored_slot};

/// Storage of mode `owned`: the captures `C` and an `Option<V>`, inline,
/// with every write checked by the guard `G`.
///
/// Costs exactly what a struct with those two fields costs: reads borrow,
/// writes take `&mut self`, and cloning copies both (so a clone is an
/// independent tracker, as a cloned Rust closure is). `Send`, `Sync` and
/// `Clone` follow `C` and `V`.
///
/// Its methods are exactly a tracker's doors. The plain writes (`set`,
/// `replace`, `update`) exist only for [`Unguarded`] storage; the `try_`
/// writes ask `G` first and hand a refused value back in [`Rejected`],
/// leaving the storage untouched. Guards and `update` closures only ever see
/// a borrow of the stored value, so a panic in either leaves the stored value
/// as it was.
///
/// ```
/// use private_tracker_core::Owned;
///
/// let mut storage = Owned::<(&str,), u32>::new(("red",));
/// assert_eq!(storage.door_get(), None);
/// storage.door_set(1);
/// storage.door_update(|n| n.copied().unwrap_or(0) + 1);
/// assert_eq!(storage.door_get(), Some(&2));
/// assert_eq!(storage.door_take(), Some(2));
/// assert_eq!(storage.door_captures().0, "red");
/// ```
pub struct Owned<C, V, G = Unguarded<C, V>, S = Option<V>, O = Unobserved, H = Log> {
    captures: C,
    value: S,
    observer: O,
    log: H,
    guard: PhantomData<fn() -> (G, V)>,
}

impl<C, V, G, S: Slot<V>, O: Observer<S::Out>, H: Fresh> Owned<C, V, G, S, O, H> {
    /// Storage holding `captures` and `value`, with a fresh observer and log.
    #[inline]
    fn holding(captures: C, value: S) -> Self {
        Self { captures, value, observer: O::fresh(), log: H::fresh(), guard: PhantomData }
    }
}

impl<C, V, G, S, O: Observer<S::Out> + Distinguishes<S::Out>, H: Recorder<S>> Owned<C, V, G, S, O, H>
where
    S: Slot<V>,
{
    /// Reports an accepted write of the kind `kind`, which left the value
    /// stored now, to the observer.
    #[inline]
    fn committed(&mut self, kind: ChangeKind) {
        self.observer.committed(self.value.as_out(), kind, self.log.last_write());
    }

    /// Stores `value`, which the guard accepted (or needs not see), moving
    /// the previous value into the log or dropping it.
    #[inline]
    #[track_caller]
    fn store(&mut self, value: V, kind: ChangeKind) {
        let next = S::fill(value);
        if O::same(self.value.as_out(), next.as_out()) {
            return;
        }
        let previous = core::mem::replace(&mut self.value, next);
        let rest = self.log.displaced(previous);
        self.committed(kind);
        // After the write has counted: a `Drop` that panics cannot undo it.
        drop(rest);
    }

    /// Stores `value` and returns the previous value, copying it into the
    /// log first when the tracker keeps a history.
    #[inline]
    #[track_caller]
    fn exchange(&mut self, value: V, kind: ChangeKind) -> S::Out {
        let next = S::fill(value);
        if O::same(self.value.as_out(), next.as_out()) {
            // Nothing changes: the caller gets its own value back, which
            // equals the stored one.
            return next.into_out();
        }
        let evicted = self.log.copied(&self.value);
        let previous = core::mem::replace(&mut self.value, next).into_out();
        self.committed(kind);
        drop(evicted);
        previous
    }

    /// `value` if the guard accepts it; otherwise records the refusal and
    /// hands `value` back.
    #[inline]
    #[track_caller]
    fn checked(&mut self, value: V) -> Result<V, Rejected<V>>
    where
        G: Guard<Captures = C, Value = V>,
    {
        // A `match`, not `inspect_err`: a closure would be the caller that
        // `refused` records.
        match check::<G>(&self.captures, value) {
            Ok(value) => Ok(value),
            Err(refused) => {
                self.log.refused();
                Err(refused)
            }
        }
    }
}

impl<C, V, G, O: Observer<Option<V>>, H: Fresh> Owned<C, V, G, Option<V>, O, H> {
    /// Storage holding `captures` and no value yet.
    #[inline]
    pub fn new(captures: C) -> Self {
        Self::holding(captures, None)
    }
}

impl<C, V, G, O: Observer<Option<V>> + Distinguishes<Option<V>>, H: Recorder<Option<V>>>
    Owned<C, V, G, Option<V>, O, H>
{
    /// Removes the stored value and returns it.
    #[inline]
    #[track_caller]
    pub fn door_take(&mut self) -> Option<V> {
        // An empty slot emptied changes nothing (`None == None`).
        if self.value.is_none() && O::same(&self.value, &self.value) {
            return None;
        }
        let evicted = self.log.copied(&self.value);
        let taken = self.value.take();
        self.committed(ChangeKind::Take);
        drop(evicted);
        taken
    }
}

impl<C, V, G: Guard<Captures = C, Value = V>, S: Refill<C, V>, O: Observer<S::Out>, H: Fresh>
    Owned<C, V, G, S, O, H>
{
    /// Storage holding `captures` and the initial value that the slot's
    /// tracker type computes from them ([`Guard::initial`]).
    ///
    /// # Panics
    ///
    /// When the guard `G` refuses the initial value.
    #[inline]
    #[track_caller]
    pub fn new_initialized(captures: C) -> Self {
        let value = initial_slot::<C, V, G, S>(&captures);
        Self::holding(captures, value)
    }
}

impl<
    C,
    V,
    G: Guard<Captures = C, Value = V>,
    S: Refill<C, V>,
    O: Observer<S::Out> + Distinguishes<S::Out>,
    H: Recorder<S>,
> Owned<C, V, G, S, O, H>
{
    /// Stores a fresh initial value, if the guard accepts it, and returns
    /// the previous value.
    ///
    /// # Errors
    ///
    /// [`Rejected`] with the fresh value when the guard refuses it; the
    /// stored value is unchanged.
    #[inline]
    #[track_caller]
    pub fn door_try_reset(&mut self) -> Result<V, Rejected<V>> {
        let fresh = self.checked(S::initial(crate::slot::sealed::Key(()), &self.captures))?;
        Ok(self.exchange(fresh, ChangeKind::Reset))
    }

    /// Stores a fresh initial value and returns the previous one.
    #[inline]
    #[track_caller]
    pub fn door_reset(&mut self) -> V
    where
        G: AcceptsAll,
    {
        let fresh = S::initial(crate::slot::sealed::Key(()), &self.captures);
        self.exchange(fresh, ChangeKind::Reset)
    }
}

impl<C, V, G: Guard<Captures = C, Value = V>, S: Slot<V>, O: Observer<S::Out>, H: Fresh>
    Owned<C, V, G, S, O, H>
{
    /// Storage holding `captures` and `value`, as a getter returns it
    /// (`Option<V>`, or `V` for an [`Initialized`](crate::Initialized) slot),
    /// if the guard accepts the value: how a deserialized tracker is built.
    /// An empty value needs no guard, and no initial value is computed.
    ///
    /// # Errors
    ///
    /// [`Rejected`] with the value when the guard refuses it.
    #[inline]
    pub fn restore(captures: C, value: S::Out) -> Result<Self, Rejected<V>> {
        let value = restored_slot::<C, V, G, S>(&captures, value)?;
        Ok(Self::holding(captures, value))
    }
}

impl<C, V, G, S: Slot<V>, O, H> Owned<C, V, G, S, O, H> {
    /// The captured constructor arguments; those without a getter are
    /// [`Sealed`](crate::Sealed).
    #[inline]
    #[must_use]
    pub const fn door_captures(&self) -> &C {
        &self.captures
    }

    /// The stored value: `Option<&V>`, or `&V` in an [`Initialized`](crate::Initialized) slot.
    #[inline]
    #[must_use]
    pub fn door_get(&self) -> Reads<'_, S, V> {
        self.value.view()
    }

    /// Calls `f` with the stored value, as [`door_get`](Self::door_get) lends it, and
    /// returns what it returns.
    #[inline]
    pub fn door_with<R>(&self, f: impl FnOnce(Reads<'_, S, V>) -> R) -> R {
        f(self.value.view())
    }
}

impl<C, V, S: Slot<V>, O: Observer<S::Out> + Distinguishes<S::Out>, H: Recorder<S>>
    Owned<C, V, Unguarded<C, V>, S, O, H>
{
    /// Stores `value`, dropping the previous one.
    #[inline]
    #[track_caller]
    pub fn door_set(&mut self, value: V) {
        self.store(value, ChangeKind::Set);
    }

    /// Stores `value` and returns the previous one.
    #[inline]
    #[track_caller]
    pub fn door_replace(&mut self, value: V) -> S::Out {
        self.exchange(value, ChangeKind::Replace)
    }

    /// Stores what `f` computes from the current value.
    ///
    /// `f` sees a borrow: if it panics, the stored value is unchanged.
    #[inline]
    #[track_caller]
    pub fn door_update(&mut self, f: impl FnOnce(Reads<'_, S, V>) -> V) {
        let next = f(self.value.view());
        self.store(next, ChangeKind::Update);
    }

    /// Calls `f` with the stored value in place (`&mut Option<V>`, which `f`
    /// may fill, edit or empty, or `&mut V` in an [`Initialized`](crate::Initialized) slot) and
    /// returns what `f` returns. No copy is made (but the one a history
    /// keeps): if `f` panics, its edits so far stay.
    #[inline]
    #[track_caller]
    pub fn door_modify<R>(&mut self, f: impl FnOnce(Edits<'_, S, V>) -> R) -> R {
        let evicted = self.log.copied(&self.value);
        let Self { value, observer, .. } = self;
        // A panic half way keeps the edits made so far: they count as a
        // write, announced to no one (its subscribers would run while
        // unwinding).
        let mut unwinding = Unwinding { on_unwind: || observer.skipped(), armed: true };
        let result = f(value.edit());
        unwinding.armed = false;
        drop(unwinding);
        self.committed(ChangeKind::Modify);
        drop(evicted);
        result
    }
}

impl<
    C,
    V,
    G: Guard<Captures = C, Value = V>,
    S: Slot<V>,
    O: Observer<S::Out> + Distinguishes<S::Out>,
    H: Recorder<S>,
> Owned<C, V, G, S, O, H>
{
    /// Stores `value` if the guard accepts it; otherwise hands it back.
    ///
    /// # Errors
    ///
    /// [`Rejected`] with `value` when the guard refuses it; the stored value
    /// is unchanged.
    #[inline]
    #[track_caller]
    pub fn door_try_set(&mut self, value: V) -> Result<(), Rejected<V>> {
        let value = self.checked(value)?;
        self.store(value, ChangeKind::Set);
        Ok(())
    }

    /// Stores `value` if the guard accepts it and returns the previous one.
    ///
    /// # Errors
    ///
    /// [`Rejected`] with `value` when the guard refuses it; the stored value
    /// is unchanged.
    #[inline]
    #[track_caller]
    pub fn door_try_replace(&mut self, value: V) -> Result<S::Out, Rejected<V>> {
        let value = self.checked(value)?;
        Ok(self.exchange(value, ChangeKind::Replace))
    }

    /// Stores what `f` computes from the current value, if the guard accepts
    /// it.
    ///
    /// # Errors
    ///
    /// [`Rejected`] with the computed value when the guard refuses it; the
    /// stored value is unchanged.
    #[inline]
    #[track_caller]
    pub fn door_try_update(&mut self, f: impl FnOnce(Reads<'_, S, V>) -> V) -> Result<(), Rejected<V>> {
        let next = f(self.value.view());
        let next = self.checked(next)?;
        self.store(next, ChangeKind::Update);
        Ok(())
    }

    /// Calls `f` with a copy of the stored value (as [`door_modify`](Self::door_modify)
    /// would see it), then stores the edited copy if the guard accepts it,
    /// and returns what `f` returns. Emptying the slot needs no guard, as
    /// `take` needs none.
    ///
    /// The copy is what keeps the guard whole: a refused edit leaves the old
    /// value, and a panic in `f` or in the guard changes nothing. It costs
    /// one `clone` of the value per call.
    ///
    /// # Errors
    ///
    /// [`Rejected`] with the edited value when the guard refuses it; the
    /// stored value is unchanged and what `f` returned is dropped.
    #[inline]
    #[track_caller]
    pub fn door_try_modify<R>(&mut self, f: impl FnOnce(Edits<'_, S, V>) -> R) -> Result<R, Rejected<V>>
    where
        V: Clone,
    {
        let mut edited = self.value.duplicate();
        let result = f(edited.edit());
        if edited.value().is_some_and(|value| !accepts::<G>(&self.captures, value)) {
            self.log.refused();
            return edited.into_value().map_or(Ok(result), |value| Err(Rejected::by::<G>(value)));
        }
        let previous = core::mem::replace(&mut self.value, edited);
        let rest = self.log.displaced(previous);
        self.committed(ChangeKind::Modify);
        drop(rest);
        Ok(result)
    }

    /// Turns the storage into one function, the seed's `tracker()` /
    /// `tracker(value)`: `None` reads, `Some(value)` writes and then reads. A
    /// value the guard refuses is ignored, as the seed's `if (action)`
    /// ignores it, and the call returns the value that is still stored.
    #[inline]
    pub fn door_into_fn(mut self) -> impl FnMut(Option<V>) -> S::Out
    where
        V: Clone,
    {
        move |value| {
            if let Some(value) = value {
                // Ignoring a refusal is this function's documented contract.
                let _ = self.door_try_set(value);
            }
            self.value.cloned()
        }
    }
}

/// An independent copy, when the captures and the value are `Clone`. An
/// observed copy starts at the same version with no subscribers; a copy
/// with a history keeps the same undo and redo lists.
impl<C: Clone, V: Clone, G, S: Slot<V>, O: Observer<S::Out>, H: Clone> Clone for Owned<C, V, G, S, O, H> {
    #[inline]
    fn clone(&self) -> Self {
        Self {
            captures: self.captures.clone(),
            value: self.value.duplicate(),
            observer: self.observer.for_clone(),
            log: self.log.clone(),
            guard: PhantomData,
        }
    }
}

#[cfg(feature = "alloc")]
impl<C, V, G, S: Slot<V>, H, D> Owned<C, V, G, S, Observed<S::Out, D>, H> {
    /// How many writes have been accepted: 0 at first, one more for each
    /// write that stored a value (refused writes change nothing).
    #[inline]
    #[must_use]
    pub const fn door_version(&self) -> u64 {
        self.observer.version()
    }

    /// Adds `subscriber`, called after each accepted write, after the
    /// subscribers already there.
    #[inline]
    pub fn door_subscribe(&mut self, subscriber: impl FnMut(&Change<'_, S::Out>) + 'static) -> SubscriberKey {
        self.observer.subscribe(subscriber)
    }

    /// Removes the subscriber `key`; `false` if it was not there.
    #[inline]
    pub fn door_unsubscribe(&mut self, key: SubscriberKey) -> bool {
        self.observer.unsubscribe(key)
    }
}

impl<C, V, G, S: Slot<V>, O: Observer<S::Out> + Distinguishes<S::Out>, const N: usize, L: Trace, K>
    Owned<C, V, G, S, O, Log<History<S, N, L, K>, L>>
where
    Log<History<S, N, L, K>, L>: Recorder<S>,
{
    /// Restores the value that the last write replaced, without asking the
    /// guard (it accepted that value once), and keeps the stored one for
    /// [`door_redo`](Self::door_redo). `false`, and nothing changes, when there is
    /// nothing to undo. Counts as a write.
    #[inline]
    #[track_caller]
    pub fn door_undo(&mut self) -> bool {
        let undone = self.log.undo(&mut self.value);
        if undone {
            self.committed(ChangeKind::Undo);
        }
        undone
    }

    /// Restores the value that the last [`door_undo`](Self::door_undo) replaced.
    /// `false`, and nothing changes, when there is nothing to redo (a write
    /// since the undo ends the redo list). Counts as a write.
    #[inline]
    #[track_caller]
    pub fn door_redo(&mut self) -> bool {
        let redone = self.log.redo(&mut self.value);
        if redone {
            self.committed(ChangeKind::Redo);
        }
        redone
    }

    /// Forgets every value kept for undo and redo, and drops them. The
    /// stored value stays.
    #[inline]
    pub fn door_clear_history(&mut self) {
        drop(self.log.clear_history());
    }

    /// The values [`door_undo`](Self::door_undo) would restore, newest first, each
    /// with the location of the write that stored it (with `trace`).
    #[inline]
    pub fn door_history(&self) -> Entries<'_, S, V, N, L, K> {
        self.log.entries()
    }
}

impl<C, V, G, S, O, R> Owned<C, V, G, S, O, Log<R, Traced>> {
    /// Where the last accepted write came from: the caller of the door.
    /// `None` before the first.
    #[inline]
    #[must_use]
    pub const fn door_last_write_at(&self) -> At {
        self.log.last_write_at()
    }

    /// Where the last write that the guard refused came from. `None` before
    /// the first.
    #[inline]
    #[must_use]
    pub const fn door_last_refused_at(&self) -> At {
        self.log.last_refused_at()
    }
}

/// Both storages' captures and values, for the comparisons.
#[inline]
fn both<C, V, G, S: Slot<V>, O, H, R>(
    a: &Owned<C, V, G, S, O, H>,
    b: &Owned<C, V, G, S, O, H>,
    f: impl FnOnce((&C, Option<&V>), (&C, Option<&V>)) -> R,
) -> R {
    f((&a.captures, a.value.value()), (&b.captures, b.value.value()))
}

/// The storage's captures and value, for `Hash`.
#[inline]
fn one<C, V, G, S: Slot<V>, O, H, R>(
    a: &Owned<C, V, G, S, O, H>,
    f: impl FnOnce((&C, Option<&V>)) -> R,
) -> R {
    f((&a.captures, a.value.value()))
}

crate::compare::compare_by_value!(Owned<O, H>, both, one);

/// Shows that storage exists, never what it holds.
impl<C, V, G, S, O, H> fmt::Debug for Owned<C, V, G, S, O, H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Owned").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;
    use crate::Initialized;
    use crate::guard::tests::{NonEmpty, Panics, StartsAtZero, TenFold};
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::string::String;
    use std::vec::Vec;

    type Storage = Owned<(&'static str,), String>;

    fn storage() -> Storage {
        Owned::new(("red",))
    }

    fn guarded() -> Owned<(&'static str,), String, NonEmpty> {
        Owned::new(("red",))
    }

    #[test]
    fn starts_empty_and_keeps_captures() {
        let storage = storage();
        assert_eq!(storage.door_get(), None);
        assert_eq!(storage.door_captures(), &("red",));
        assert!(storage.door_with(|v| v.is_none()));
    }

    #[test]
    fn set_replace_take_round_trip() {
        let mut storage = storage();
        storage.door_set("click".into());
        assert_eq!(storage.door_get().map(String::as_str), Some("click"));
        assert_eq!(storage.door_replace("touch".into()).as_deref(), Some("click"));
        assert_eq!(storage.door_with(|v| v.map(String::len)), Some(5));
        assert_eq!(storage.door_take().as_deref(), Some("touch"));
        assert_eq!(storage.door_take(), None);
    }

    #[test]
    fn modify_edits_in_place_and_guarded_modify_lands_whole_or_not_at_all() {
        let mut plain = storage();
        plain.door_set("ab".into());
        assert!(plain.door_modify(|v| v.as_mut().map(|s| s.push('c')).is_some()));
        assert_eq!(plain.door_get().map(String::as_str), Some("abc"));
        assert_eq!(plain.door_modify(Option::take).as_deref(), Some("abc"));

        let mut guarded = guarded();
        guarded.door_try_set("x".into()).unwrap();
        let refused = guarded.door_try_modify(|v| v.as_mut().map(String::clear)).unwrap_err();
        assert_eq!(refused.into_inner(), "");
        assert_eq!(guarded.door_get().map(String::as_str), Some("x"));
        assert_eq!(guarded.door_try_modify(|v| v.as_mut().map(|s| s.push('y')).is_some()), Ok(true));
        assert_eq!(guarded.door_get().map(String::as_str), Some("xy"));
        assert_eq!(guarded.door_try_modify(Option::take), Ok(Some("xy".into())));
        assert_eq!(guarded.door_get(), None);
    }

    #[test]
    fn update_sees_the_current_value() {
        let mut storage = Owned::<(), Vec<u8>>::new(());
        storage.door_update(|v| {
            assert!(v.is_none());
            std::vec![1]
        });
        storage.door_update(|v| {
            let mut next = v.cloned().unwrap_or_default();
            next.push(2);
            next
        });
        assert_eq!(storage.door_get(), Some(&std::vec![1, 2]));
    }

    #[test]
    fn guarded_writes_refuse_and_hand_back() {
        let mut storage = guarded();
        assert_eq!(storage.door_try_set(String::new()).unwrap_err().into_inner(), "");
        assert_eq!(storage.door_get(), None);

        storage.door_try_set("click".into()).unwrap();
        let refused = storage.door_try_replace(String::new()).unwrap_err();
        assert_eq!(refused.into_inner(), "");
        assert_eq!(storage.door_get().map(String::as_str), Some("click"));
        assert_eq!(storage.door_try_replace("touch".into()).unwrap().as_deref(), Some("click"));

        let refused = storage.door_try_update(|_| String::new()).unwrap_err();
        assert_eq!(refused.into_inner(), "");
        assert_eq!(storage.door_get().map(String::as_str), Some("touch"));
        storage.door_try_update(|v| std::format!("{}!", v.unwrap())).unwrap();
        assert_eq!(storage.door_get().map(String::as_str), Some("touch!"));
    }

    #[test]
    fn panics_in_guards_and_updates_lose_nothing() {
        let mut guarded = Owned::<(), String, Panics>::new(());
        let guard_panics = catch_unwind(AssertUnwindSafe(|| {
            let _ = guarded.door_try_set("new".into());
        }));
        assert!(guard_panics.is_err());
        assert_eq!(guarded.door_get(), None);

        let mut storage = storage();
        storage.door_set("kept".into());
        let update_panics = catch_unwind(AssertUnwindSafe(|| storage.door_update(|_| panic!("update"))));
        assert!(update_panics.is_err());
        assert_eq!(storage.door_get().map(String::as_str), Some("kept"));
        storage.door_set("still usable".into());
        assert_eq!(storage.door_get().map(String::as_str), Some("still usable"));
    }

    #[test]
    fn into_fn_reads_writes_and_ignores_refusals() {
        let mut tracker = guarded().door_into_fn();
        assert_eq!(tracker(None), None);
        assert_eq!(tracker(Some("click".into())).as_deref(), Some("click"));
        assert_eq!(tracker(Some(String::new())).as_deref(), Some("click"));
        assert_eq!(tracker(None).as_deref(), Some("click"));

        let mut unguarded = storage().door_into_fn();
        assert_eq!(unguarded(Some(String::new())).as_deref(), Some(""));
    }

    #[test]
    fn clones_are_independent() {
        let mut original = storage();
        original.door_set("click".into());
        let mut copy = original.clone();
        copy.door_set("touch".into());
        assert_eq!(original.door_get().map(String::as_str), Some("click"));
        assert_eq!(copy.door_get().map(String::as_str), Some("touch"));
    }

    type TenFoldStorage = Owned<(crate::Sealed<u32, TenFold>,), u32, TenFold, Initialized<u32, TenFold>>;

    #[test]
    fn initialized_storage_starts_full_and_resets_through_the_guard() {
        let mut storage = TenFoldStorage::new_initialized((crate::Sealed::new(2),));
        assert_eq!(storage.door_get(), &20);
        assert_eq!(storage.door_try_replace(150), Ok(20));
        assert_eq!(storage.door_try_set(201).unwrap_err().into_inner(), 201);
        storage.door_try_update(|n| n + 1).unwrap();
        assert_eq!(storage.door_with(|n| *n), 151);
        assert_eq!(
            storage.door_try_modify(|n| {
                *n += 1;
                *n
            }),
            Ok(152)
        );
        assert_eq!(storage.door_try_modify(|n| *n = 1000).unwrap_err().into_inner(), 1000);
        assert_eq!(storage.door_get(), &152);
        assert_eq!(storage.door_try_reset(), Ok(152));
        assert_eq!(storage.door_get(), &20);
        let mut as_fn = storage.door_into_fn();
        assert_eq!(as_fn(None), 20);
        assert_eq!(as_fn(Some(500)), 20);
        assert_eq!(as_fn(Some(7)), 7);
    }

    #[test]
    fn initialized_storage_without_a_guard_has_the_plain_doors() {
        let mut storage =
            Owned::<(), u32, Unguarded<(), u32>, Initialized<u32, StartsAtZero>>::new_initialized(());
        storage.door_set(5);
        storage.door_update(|n| n + 1);
        storage.door_modify(|n| *n *= 2);
        assert_eq!(storage.door_replace(1), 12);
        assert_eq!(storage.door_reset(), 1);
        assert_eq!(storage.door_get(), &0);
        let copy = storage.clone();
        storage.door_set(3);
        assert_eq!((copy.door_get(), storage.door_get()), (&0, &3));
        assert!(copy < storage);
    }

    /// Starts at 4 and refuses every value.
    struct RefusesAll;

    impl Guard for RefusesAll {
        type Captures = ();
        type Value = u32;
        fn check(_: &crate::Reveal<Self>, (): &(), _: &u32) -> bool {
            false
        }
        fn initial(_: &crate::Reveal<Self>, (): &()) -> Option<u32> {
            Some(4)
        }
    }

    #[test]
    fn an_initial_value_the_guard_refuses_panics_in_the_constructor() {
        let accepted = catch_unwind(|| TenFoldStorage::new_initialized((crate::Sealed::new(0),))).map(drop);
        assert!(accepted.is_ok(), "0 * 10 <= 0 * 100 is accepted");
        let payload =
            catch_unwind(|| Owned::<(), u32, RefusesAll, Initialized<u32, RefusesAll>>::new_initialized(()))
                .map(drop)
                .unwrap_err();
        let message = payload.downcast_ref::<String>().cloned().unwrap_or_default();
        assert!(message.starts_with("the guard of a tracker rejected its initial value"), "{message}");
        assert!(message.contains("make `init = …` a value that the guard accepts"), "{message}");
    }

    #[test]
    fn an_initialized_slot_needs_a_type_with_an_initial_value() {
        let payload = catch_unwind(|| {
            Owned::<(), u32, Unguarded<(), u32>, Initialized<u32, Unguarded<(), u32>>>::new_initialized(())
        })
        .map(drop)
        .unwrap_err();
        assert!(
            payload
                .downcast_ref::<&str>()
                .is_some_and(|message| message.contains("declared with `init = …`"))
        );
    }

    #[test]
    fn restore_asks_the_guard_and_computes_no_initial_value() {
        type Guarded = Owned<(&'static str,), String, NonEmpty>;
        let restored = Guarded::restore(("red",), Some("x".into())).unwrap();
        assert_eq!((restored.door_get().map(String::as_str), restored.door_captures().0), (Some("x"), "red"));
        assert_eq!(Guarded::restore(("red",), None).unwrap().door_get(), None);
        assert_eq!(Guarded::restore(("red",), Some(String::new())).unwrap_err().into_inner(), "");
        // `RefusesAll` would refuse its initial value: `restore` never computes it.
        assert_eq!(
            Owned::<(), u32, Unguarded<(), u32>, Initialized<u32, RefusesAll>>::restore((), 5)
                .map(|s| *s.door_get()),
            Ok(5)
        );
        assert_eq!(TenFoldStorage::restore((crate::Sealed::new(1),), 101).unwrap_err().into_inner(), 101);
    }

    mod observed {
        use super::*;
        use crate::{ChangeKind, Observed};
        use std::cell::RefCell;
        use std::rc::Rc;

        type Log = Rc<RefCell<Vec<(String, u64, ChangeKind)>>>;

        fn recorder(log: &Log, name: &'static str) -> impl FnMut(&Change<'_, Option<String>>) + 'static {
            let log = Rc::clone(log);
            move |change| {
                let value = change.value().clone().unwrap_or_default();
                log.borrow_mut().push((std::format!("{name}:{value}"), change.version(), change.kind()));
            }
        }

        type Watched = Owned<(&'static str,), String, NonEmpty, Option<String>, Observed<Option<String>>>;

        #[test]
        fn each_accepted_write_makes_a_version_and_reaches_every_subscriber_in_order() {
            let mut storage = Watched::new(("red",));
            let log: Log = Rc::default();
            let first = storage.door_subscribe(recorder(&log, "a"));
            storage.door_subscribe(recorder(&log, "b"));
            storage.door_try_set("x".into()).unwrap();
            assert!(storage.door_try_set(String::new()).is_err(), "refused: no version, no call");
            storage.door_try_update(|v| std::format!("{}y", v.unwrap())).unwrap();
            assert!(storage.door_unsubscribe(first));
            assert!(!storage.door_unsubscribe(first));
            storage.door_try_modify(|v| v.as_mut().map(|s| s.push('z'))).unwrap();
            assert_eq!(storage.door_try_replace("w".into()).unwrap().as_deref(), Some("xyz"));
            assert_eq!(storage.door_take().as_deref(), Some("w"));
            assert_eq!(storage.door_version(), 5);
            assert_eq!(
                *log.borrow(),
                [
                    ("a:x".into(), 1, ChangeKind::Set),
                    ("b:x".into(), 1, ChangeKind::Set),
                    ("a:xy".into(), 2, ChangeKind::Update),
                    ("b:xy".into(), 2, ChangeKind::Update),
                    ("b:xyz".into(), 3, ChangeKind::Modify),
                    ("b:w".into(), 4, ChangeKind::Replace),
                    ("b:".into(), 5, ChangeKind::Take),
                ]
            );
        }

        #[test]
        fn a_panicking_subscriber_leaves_the_write_committed_and_the_others_called() {
            let mut storage = Watched::new(("red",));
            let log: Log = Rc::default();
            storage.door_subscribe(|_| panic!("subscriber"));
            storage.door_subscribe(recorder(&log, "b"));
            let payload = catch_unwind(AssertUnwindSafe(|| storage.door_try_set("x".into()))).unwrap_err();
            assert_eq!(payload.downcast_ref::<&str>(), Some(&"subscriber"));
            assert_eq!((storage.door_get().map(String::as_str), storage.door_version()), (Some("x"), 1));
            assert!(catch_unwind(AssertUnwindSafe(|| storage.door_try_set("y".into()))).is_err());
            assert_eq!(
                log.borrow().iter().map(|(seen, ..)| seen.as_str()).collect::<Vec<_>>(),
                ["b:x", "b:y"]
            );
        }

        #[test]
        fn a_clone_keeps_the_version_and_no_subscribers() {
            let mut storage = Watched::new(("red",));
            let log: Log = Rc::default();
            storage.door_subscribe(recorder(&log, "a"));
            storage.door_try_set("x".into()).unwrap();
            let mut copy = storage.clone();
            assert_eq!(copy.door_version(), 1);
            copy.door_try_set("y".into()).unwrap();
            assert_eq!((copy.door_version(), log.borrow().len()), (2, 1));
            assert_eq!(std::format!("{:?}", log.borrow()[0].2), "Set");
        }
    }

    #[test]
    fn unobserved_storage_is_no_bigger() {
        assert_eq!(size_of::<Owned<(), u64>>(), size_of::<Option<u64>>());
    }

    #[test]
    fn debug_shows_no_data() {
        let mut storage = storage();
        storage.door_set("secret".into());
        assert_eq!(std::format!("{storage:?}"), "Owned { .. }");
    }
}
