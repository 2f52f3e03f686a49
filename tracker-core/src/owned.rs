//! Mode `owned`: the storage is a plain field, like a closure's environment.

use core::fmt;

use crate::guard::{Rejected, check};

/// Storage of mode `owned`: the captures `C` and an `Option<V>`, inline.
///
/// Costs exactly what a struct with those two fields costs: reads borrow,
/// writes take `&mut self`, and cloning copies both (so a clone is an
/// independent tracker, as a cloned Rust closure is). `Send`, `Sync` and
/// `Clone` follow `C` and `V`.
///
/// Every write has two forms: a plain one (`set`, `replace`, `update`) for
/// trackers without a guard, and a `try_` one that asks a guard first and
/// hands a refused value back in [`Rejected`], leaving the storage untouched.
/// Guards and `update` closures only ever see a borrow of the stored value, so
/// a panic in either leaves the stored value as it was.
///
/// ```
/// use private_tracker_core::Owned;
///
/// let mut storage = Owned::<(&str,), u32>::new(("red",));
/// assert_eq!(storage.get(), None);
/// storage.set(1);
/// storage.update(|n| n.copied().unwrap_or(0) + 1);
/// assert_eq!(storage.get(), Some(&2));
/// assert!(storage.try_set(0, |n| *n != 0).is_err());
/// assert_eq!(storage.take(), Some(2));
/// assert_eq!(storage.captures().0, "red");
/// ```
pub struct Owned<C, V> {
    /// The captures and the value, as one pair: `Clone` then needs the one
    /// bound `(C, Option<V>): Clone`, which generated code can state in
    /// terms of the user's types alone (see the `Clone` impl).
    parts: (C, Option<V>),
}

impl<C, V> Owned<C, V> {
    /// Storage holding `captures` and no value yet (JavaScript's `undefined`).
    #[inline]
    pub const fn new(captures: C) -> Self {
        Self { parts: (captures, None) }
    }

    /// The captured constructor arguments.
    #[inline]
    #[must_use]
    pub const fn captures(&self) -> &C {
        &self.parts.0
    }

    /// The stored value, if any.
    #[inline]
    #[must_use]
    pub const fn get(&self) -> Option<&V> {
        self.parts.1.as_ref()
    }

    /// Calls `f` with the stored value, if any, and returns what it returns.
    #[inline]
    pub fn with<R>(&self, f: impl FnOnce(Option<&V>) -> R) -> R {
        f(self.parts.1.as_ref())
    }

    /// Stores `value`, dropping the previous one.
    #[inline]
    pub fn set(&mut self, value: V) {
        self.parts.1 = Some(value);
    }

    /// Stores `value` if `guard` accepts it; otherwise hands it back.
    ///
    /// # Errors
    ///
    /// [`Rejected`] with `value` when `guard` returns `false`; the stored
    /// value is unchanged.
    #[inline]
    pub fn try_set(&mut self, value: V, guard: impl FnOnce(&V) -> bool) -> Result<(), Rejected<V>> {
        self.set(check(value, guard)?);
        Ok(())
    }

    /// Stores `value` and returns the previous one.
    #[inline]
    pub fn replace(&mut self, value: V) -> Option<V> {
        self.parts.1.replace(value)
    }

    /// Stores `value` if `guard` accepts it and returns the previous one.
    ///
    /// # Errors
    ///
    /// [`Rejected`] with `value` when `guard` returns `false`; the stored
    /// value is unchanged.
    #[inline]
    pub fn try_replace(
        &mut self,
        value: V,
        guard: impl FnOnce(&V) -> bool,
    ) -> Result<Option<V>, Rejected<V>> {
        Ok(self.replace(check(value, guard)?))
    }

    /// Removes the stored value and returns it.
    #[inline]
    pub fn take(&mut self) -> Option<V> {
        self.parts.1.take()
    }

    /// Stores what `f` computes from the current value.
    ///
    /// `f` sees a borrow: if it panics, the stored value is unchanged.
    #[inline]
    pub fn update(&mut self, f: impl FnOnce(Option<&V>) -> V) {
        let next = f(self.parts.1.as_ref());
        self.set(next);
    }

    /// Stores what `f` computes from the current value, if `guard` accepts it.
    ///
    /// # Errors
    ///
    /// [`Rejected`] with the computed value when `guard` returns `false`; the
    /// stored value is unchanged.
    #[inline]
    pub fn try_update(
        &mut self,
        f: impl FnOnce(Option<&V>) -> V,
        guard: impl FnOnce(&V) -> bool,
    ) -> Result<(), Rejected<V>> {
        let next = f(self.parts.1.as_ref());
        self.try_set(next, guard)
    }

    /// Turns the storage into one function, the seed's `tracker()` /
    /// `tracker(value)`: `None` reads, `Some(value)` writes and then reads.
    #[inline]
    pub fn into_fn(self) -> impl FnMut(Option<V>) -> Option<V>
    where
        V: Clone,
    {
        self.into_fn_guarded(|_| true)
    }

    /// [`into_fn`](Self::into_fn) with a guard: a refused write is ignored,
    /// as the seed's `if (action)` ignores it, and the call returns the value
    /// that is still stored.
    #[inline]
    pub fn into_fn_guarded(mut self, mut guard: impl FnMut(&V) -> bool) -> impl FnMut(Option<V>) -> Option<V>
    where
        V: Clone,
    {
        move |value| {
            if let Some(value) = value {
                // Ignoring a refusal is this function's documented contract.
                let _ = self.try_set(value, &mut guard);
            }
            self.parts.1.clone()
        }
    }
}

/// An independent copy, when the captures and the value are `Clone`.
///
/// The bound is the single predicate `(C, Option<V>): Clone`, not one per
/// type: two bounds that differ only in lifetimes (`&'a str: Clone`,
/// `&'b str: Clone`) would be ambiguous to the trait solver.
impl<C, V> Clone for Owned<C, V>
where
    (C, Option<V>): Clone,
{
    #[inline]
    fn clone(&self) -> Self {
        Self { parts: self.parts.clone() }
    }
}

/// Shows that storage exists, never what it holds.
impl<C, V> fmt::Debug for Owned<C, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Owned").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;
    use crate::guard::tests::non_empty;
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::string::String;
    use std::vec::Vec;

    type Storage = Owned<(&'static str,), String>;

    fn storage() -> Storage {
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
        let mut storage = storage();
        assert_eq!(storage.try_set(String::new(), non_empty).unwrap_err().into_inner(), "");
        assert_eq!(storage.get(), None);

        storage.try_set("click".into(), non_empty).unwrap();
        let refused = storage.try_replace(String::new(), non_empty).unwrap_err();
        assert_eq!(refused.into_inner(), "");
        assert_eq!(storage.get().map(String::as_str), Some("click"));
        assert_eq!(storage.try_replace("touch".into(), non_empty).unwrap().as_deref(), Some("click"));

        let refused = storage.try_update(|_| String::new(), non_empty).unwrap_err();
        assert_eq!(refused.into_inner(), "");
        assert_eq!(storage.get().map(String::as_str), Some("touch"));
        storage.try_update(|v| std::format!("{}!", v.unwrap()), non_empty).unwrap();
        assert_eq!(storage.get().map(String::as_str), Some("touch!"));
    }

    #[test]
    fn panics_in_guards_and_updates_lose_nothing() {
        let mut storage = storage();
        storage.set("kept".into());
        let guard_panics = catch_unwind(AssertUnwindSafe(|| {
            let _ = storage.try_set("new".into(), |_| panic!("guard"));
        }));
        assert!(guard_panics.is_err());
        let update_panics = catch_unwind(AssertUnwindSafe(|| storage.update(|_| panic!("update"))));
        assert!(update_panics.is_err());
        assert_eq!(storage.get().map(String::as_str), Some("kept"));
        storage.set("still usable".into());
        assert_eq!(storage.get().map(String::as_str), Some("still usable"));
    }

    #[test]
    fn into_fn_reads_writes_and_ignores_refusals() {
        let mut tracker = storage().into_fn_guarded(non_empty);
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
