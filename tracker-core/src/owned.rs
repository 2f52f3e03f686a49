//! Mode `owned`: the storage is a plain field, like a closure's environment.

use core::fmt;
use core::marker::PhantomData;

use crate::guard::{Guard, Rejected, Unguarded, check};

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
/// assert_eq!(storage.get(), None);
/// storage.set(1);
/// storage.update(|n| n.copied().unwrap_or(0) + 1);
/// assert_eq!(storage.get(), Some(&2));
/// assert_eq!(storage.take(), Some(2));
/// assert_eq!(storage.captures().0, "red");
/// ```
pub struct Owned<C, V, G = Unguarded<C, V>> {
    captures: C,
    value: Option<V>,
    guard: PhantomData<fn() -> G>,
}

impl<C, V, G> Owned<C, V, G> {
    /// Storage holding `captures` and no value yet.
    #[inline]
    pub const fn new(captures: C) -> Self {
        Self { captures, value: None, guard: PhantomData }
    }

    /// The captured constructor arguments; those without a getter are
    /// [`Sealed`](crate::Sealed).
    #[inline]
    #[must_use]
    pub const fn captures(&self) -> &C {
        &self.captures
    }

    /// The stored value, if any.
    #[inline]
    #[must_use]
    pub const fn get(&self) -> Option<&V> {
        self.value.as_ref()
    }

    /// Calls `f` with the stored value, if any, and returns what it returns.
    #[inline]
    pub fn with<R>(&self, f: impl FnOnce(Option<&V>) -> R) -> R {
        f(self.value.as_ref())
    }

    /// Removes the stored value and returns it.
    #[inline]
    pub const fn take(&mut self) -> Option<V> {
        self.value.take()
    }
}

impl<C, V> Owned<C, V, Unguarded<C, V>> {
    /// Stores `value`, dropping the previous one.
    #[inline]
    pub fn set(&mut self, value: V) {
        self.value = Some(value);
    }

    /// Stores `value` and returns the previous one.
    #[inline]
    pub const fn replace(&mut self, value: V) -> Option<V> {
        self.value.replace(value)
    }

    /// Stores what `f` computes from the current value.
    ///
    /// `f` sees a borrow: if it panics, the stored value is unchanged.
    #[inline]
    pub fn update(&mut self, f: impl FnOnce(Option<&V>) -> V) {
        let next = f(self.value.as_ref());
        self.value = Some(next);
    }

    /// Calls `f` with the stored value in place (`None` while none is
    /// stored; `f` may store, edit or remove it) and returns what `f`
    /// returns. No copy is made: if `f` panics, its edits so far stay.
    #[inline]
    pub fn modify<R>(&mut self, f: impl FnOnce(&mut Option<V>) -> R) -> R {
        f(&mut self.value)
    }
}

impl<C, V, G: Guard<Captures = C, Value = V>> Owned<C, V, G> {
    /// Stores `value` if the guard accepts it; otherwise hands it back.
    ///
    /// # Errors
    ///
    /// [`Rejected`] with `value` when the guard refuses it; the stored value
    /// is unchanged.
    #[inline]
    pub fn try_set(&mut self, value: V) -> Result<(), Rejected<V>> {
        self.value = Some(check::<G>(&self.captures, value)?);
        Ok(())
    }

    /// Stores `value` if the guard accepts it and returns the previous one.
    ///
    /// # Errors
    ///
    /// [`Rejected`] with `value` when the guard refuses it; the stored value
    /// is unchanged.
    #[inline]
    pub fn try_replace(&mut self, value: V) -> Result<Option<V>, Rejected<V>> {
        Ok(self.value.replace(check::<G>(&self.captures, value)?))
    }

    /// Stores what `f` computes from the current value, if the guard accepts
    /// it.
    ///
    /// # Errors
    ///
    /// [`Rejected`] with the computed value when the guard refuses it; the
    /// stored value is unchanged.
    #[inline]
    pub fn try_update(&mut self, f: impl FnOnce(Option<&V>) -> V) -> Result<(), Rejected<V>> {
        let next = f(self.value.as_ref());
        self.try_set(next)
    }

    /// Calls `f` with a copy of the stored value (`None` while none is
    /// stored), then stores the edited copy if the guard accepts it, and
    /// returns what `f` returns. Removing the value (`None`) needs no
    /// guard, as `take` needs none.
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
    pub fn try_modify<R>(&mut self, f: impl FnOnce(&mut Option<V>) -> R) -> Result<R, Rejected<V>>
    where
        V: Clone,
    {
        let mut edited = self.value.clone();
        let result = f(&mut edited);
        self.value = match edited {
            Some(value) => Some(check::<G>(&self.captures, value)?),
            None => None,
        };
        Ok(result)
    }

    /// Turns the storage into one function, the seed's `tracker()` /
    /// `tracker(value)`: `None` reads, `Some(value)` writes and then reads. A
    /// value the guard refuses is ignored, as the seed's `if (action)`
    /// ignores it, and the call returns the value that is still stored.
    #[inline]
    pub fn into_fn(mut self) -> impl FnMut(Option<V>) -> Option<V>
    where
        V: Clone,
    {
        move |value| {
            if let Some(value) = value {
                // Ignoring a refusal is this function's documented contract.
                let _ = self.try_set(value);
            }
            self.value.clone()
        }
    }
}

/// An independent copy, when the captures and the value are `Clone`.
impl<C: Clone, V: Clone, G> Clone for Owned<C, V, G> {
    #[inline]
    fn clone(&self) -> Self {
        Self { captures: self.captures.clone(), value: self.value.clone(), guard: PhantomData }
    }
}

/// Both storages' captures and values, for the comparisons.
#[inline]
fn both<C, V, G, R>(
    a: &Owned<C, V, G>,
    b: &Owned<C, V, G>,
    f: impl FnOnce((&C, &Option<V>), (&C, &Option<V>)) -> R,
) -> R {
    f((&a.captures, &a.value), (&b.captures, &b.value))
}

/// The storage's captures and value, for `Hash`.
#[inline]
fn one<C, V, G, R>(a: &Owned<C, V, G>, f: impl FnOnce((&C, &Option<V>)) -> R) -> R {
    f((&a.captures, &a.value))
}

crate::compare::compare_by_value!(Owned, both, one);

/// Shows that storage exists, never what it holds.
impl<C, V, G> fmt::Debug for Owned<C, V, G> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Owned").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;
    use crate::guard::tests::{NonEmpty, Panics};
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
        assert_eq!(storage.get(), None);
        assert_eq!(storage.captures(), &("red",));
        assert!(storage.with(|v| v.is_none()));
    }

    #[test]
    fn set_replace_take_round_trip() {
        let mut storage = storage();
        storage.set("click".into());
        assert_eq!(storage.get().map(String::as_str), Some("click"));
        assert_eq!(storage.replace("touch".into()).as_deref(), Some("click"));
        assert_eq!(storage.with(|v| v.map(String::len)), Some(5));
        assert_eq!(storage.take().as_deref(), Some("touch"));
        assert_eq!(storage.take(), None);
    }

    #[test]
    fn modify_edits_in_place_and_guarded_modify_lands_whole_or_not_at_all() {
        let mut plain = storage();
        plain.set("ab".into());
        assert!(plain.modify(|v| v.as_mut().map(|s| s.push('c')).is_some()));
        assert_eq!(plain.get().map(String::as_str), Some("abc"));
        assert_eq!(plain.modify(Option::take).as_deref(), Some("abc"));

        let mut guarded = guarded();
        guarded.try_set("x".into()).unwrap();
        let refused = guarded.try_modify(|v| v.as_mut().map(String::clear)).unwrap_err();
        assert_eq!(refused.into_inner(), "");
        assert_eq!(guarded.get().map(String::as_str), Some("x"));
        assert_eq!(guarded.try_modify(|v| v.as_mut().map(|s| s.push('y')).is_some()), Ok(true));
        assert_eq!(guarded.get().map(String::as_str), Some("xy"));
        assert_eq!(guarded.try_modify(Option::take), Ok(Some("xy".into())));
        assert_eq!(guarded.get(), None);
    }

    #[test]
    fn update_sees_the_current_value() {
        let mut storage = Owned::<(), Vec<u8>>::new(());
        storage.update(|v| {
            assert!(v.is_none());
            std::vec![1]
        });
        storage.update(|v| {
            let mut next = v.cloned().unwrap_or_default();
            next.push(2);
            next
        });
        assert_eq!(storage.get(), Some(&std::vec![1, 2]));
    }

    #[test]
    fn guarded_writes_refuse_and_hand_back() {
        let mut storage = guarded();
        assert_eq!(storage.try_set(String::new()).unwrap_err().into_inner(), "");
        assert_eq!(storage.get(), None);

        storage.try_set("click".into()).unwrap();
        let refused = storage.try_replace(String::new()).unwrap_err();
        assert_eq!(refused.into_inner(), "");
        assert_eq!(storage.get().map(String::as_str), Some("click"));
        assert_eq!(storage.try_replace("touch".into()).unwrap().as_deref(), Some("click"));

        let refused = storage.try_update(|_| String::new()).unwrap_err();
        assert_eq!(refused.into_inner(), "");
        assert_eq!(storage.get().map(String::as_str), Some("touch"));
        storage.try_update(|v| std::format!("{}!", v.unwrap())).unwrap();
        assert_eq!(storage.get().map(String::as_str), Some("touch!"));
    }

    #[test]
    fn panics_in_guards_and_updates_lose_nothing() {
        let mut guarded = Owned::<(), String, Panics>::new(());
        let guard_panics = catch_unwind(AssertUnwindSafe(|| {
            let _ = guarded.try_set("new".into());
        }));
        assert!(guard_panics.is_err());
        assert_eq!(guarded.get(), None);

        let mut storage = storage();
        storage.set("kept".into());
        let update_panics = catch_unwind(AssertUnwindSafe(|| storage.update(|_| panic!("update"))));
        assert!(update_panics.is_err());
        assert_eq!(storage.get().map(String::as_str), Some("kept"));
        storage.set("still usable".into());
        assert_eq!(storage.get().map(String::as_str), Some("still usable"));
    }

    #[test]
    fn into_fn_reads_writes_and_ignores_refusals() {
        let mut tracker = guarded().into_fn();
        assert_eq!(tracker(None), None);
        assert_eq!(tracker(Some("click".into())).as_deref(), Some("click"));
        assert_eq!(tracker(Some(String::new())).as_deref(), Some("click"));
        assert_eq!(tracker(None).as_deref(), Some("click"));

        let mut unguarded = storage().into_fn();
        assert_eq!(unguarded(Some(String::new())).as_deref(), Some(""));
    }

    #[test]
    fn clones_are_independent() {
        let mut original = storage();
        original.set("click".into());
        let mut copy = original.clone();
        copy.set("touch".into());
        assert_eq!(original.get().map(String::as_str), Some("click"));
        assert_eq!(copy.get().map(String::as_str), Some("touch"));
    }

    #[test]
    fn debug_shows_no_data() {
        let mut storage = storage();
        storage.set("secret".into());
        assert_eq!(std::format!("{storage:?}"), "Owned { .. }");
    }
}
