//! Mode `shared`: handles to one storage in one thread (JavaScript object
//! semantics).

use alloc::rc::Rc;
use core::cell::{Ref, RefCell, RefMut};
use core::fmt;

use crate::guard::{Rejected, check};
use crate::reentrancy::reentrant;

/// Storage of mode `shared`: every clone is a handle to the same captures and
/// value, like a JavaScript object held by several variables.
///
/// Built on `Rc<RefCell<…>>`, the single-threaded shared-ownership pair, so
/// it is neither `Send` nor `Sync`. Reads clone the value out (or borrow it
/// inside [`with`](Self::with)); writes take `&self`.
///
/// A guard or an `update` closure runs before anything is changed, and
/// `RefCell` has no poisoning, so a panic in either leaves the value as it
/// was and every handle usable.
///
/// Inside a [`with`](Self::with) or [`update`](Self::update) closure the
/// same storage may be read but not written: a write there panics with a
/// message that names the tracker.
///
/// ```
/// use private_tracker_core::Shared;
///
/// let a = Shared::<(), u32>::new((), "Counter");
/// let b = a.clone();
/// a.set(1);
/// b.update(|n| n.copied().unwrap_or(0) + 1);
/// assert_eq!(a.get(), Some(2));
/// assert!(Shared::ptr_eq(&a, &b));
/// ```
pub struct Shared<C, V> {
    inner: Rc<Inner<C, V>>,
}

struct Inner<C, V> {
    name: &'static str,
    captures: C,
    value: RefCell<Option<V>>,
}

const RULE: &str = "in mode `shared` allows reads but not writes";

impl<C, V> Shared<C, V> {
    /// Storage holding `captures` and no value yet, for the tracker type
    /// `name` (used in the message of a reentrant write).
    #[inline]
    pub fn new(captures: C, name: &'static str) -> Self {
        Self { inner: Rc::new(Inner { name, captures, value: RefCell::new(None) }) }
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
        Rc::ptr_eq(&a.inner, &b.inner)
    }

    #[inline]
    #[track_caller]
    fn read(&self) -> Ref<'_, Option<V>> {
        self.inner.value.try_borrow().unwrap_or_else(|_| reentrant(self.inner.name, RULE))
    }

    #[inline]
    #[track_caller]
    fn write(&self) -> RefMut<'_, Option<V>> {
        self.inner.value.try_borrow_mut().unwrap_or_else(|_| reentrant(self.inner.name, RULE))
    }

    /// A clone of the stored value, if any.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn get(&self) -> Option<V>
    where
        V: Clone,
    {
        self.read().clone()
    }

    /// Calls `f` with the stored value, if any, and returns what it returns.
    #[inline]
    #[track_caller]
    pub fn with<R>(&self, f: impl FnOnce(Option<&V>) -> R) -> R {
        f(self.read().as_ref())
    }

    /// Stores `value` and returns the previous one.
    #[inline]
    #[track_caller]
    pub fn replace(&self, value: V) -> Option<V> {
        self.write().replace(value)
    }

    /// Removes the stored value and returns it.
    #[inline]
    #[track_caller]
    #[expect(clippy::must_use_candidate, reason = "taking and dropping the value is how to clear it")]
    pub fn take(&self) -> Option<V> {
        self.write().take()
    }

    /// Stores what `f` computes from the current value.
    ///
    /// `f` sees a borrow and may read the tracker again, but not write it.
    #[inline]
    #[track_caller]
    pub fn update(&self, f: impl FnOnce(Option<&V>) -> V) {
        let next = self.with(f);
        self.set(next);
    }

    /// Stores what `f` computes from the current value, if `guard` accepts it.
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
        let next = self.with(f);
        self.try_set(next, guard)
    }

    crate::handle::handle_write_paths!();
}

/// A new handle to the same storage, whatever `C` and `V` are.
impl<C, V> Clone for Shared<C, V> {
    #[inline]
    fn clone(&self) -> Self {
        Self { inner: Rc::clone(&self.inner) }
    }
}

/// Shows that storage exists, never what it holds.
impl<C, V> fmt::Debug for Shared<C, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shared").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guard::tests::non_empty;
    use std::format;
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::string::{String, ToString};

    crate::handle::handle_contract_tests!(Shared);

    fn storage() -> Shared<(&'static str,), String> {
        Shared::new(("red",), "ActionTracker")
    }

    #[test]
    fn panics_lose_nothing_and_leave_every_handle_usable() {
        let a = storage();
        let b = a.clone();
        a.set("kept".into());
        assert!(catch_unwind(AssertUnwindSafe(|| a.update(|_| panic!("update")))).is_err());
        assert!(catch_unwind(AssertUnwindSafe(|| a.try_set("x".into(), |_| panic!("guard")))).is_err());
        assert!(catch_unwind(AssertUnwindSafe(|| a.with(|_| panic!("with")))).is_err());
        assert_eq!(b.get().as_deref(), Some("kept"));
        b.set("still usable".into());
        assert_eq!(a.get().as_deref(), Some("still usable"));
    }

    #[test]
    fn reads_inside_a_closure_are_allowed() {
        let a = storage();
        a.set("x".into());
        let b = a.clone();
        a.update(|v| format!("{}{}", v.unwrap(), b.get().unwrap()));
        assert_eq!(a.get().as_deref(), Some("xx"));
    }

    #[test]
    fn writes_inside_a_closure_panic_with_the_trackers_name() {
        let a = storage();
        let b = a.clone();
        let panic = catch_unwind(AssertUnwindSafe(|| a.with(|_| b.set("x".into())))).unwrap_err();
        let message = panic.downcast_ref::<String>().map(ToString::to_string).unwrap_or_default();
        assert!(message.contains("`ActionTracker` was used from inside its own"), "{message}");
        assert!(message.contains("mode `shared`"), "{message}");
        // Nothing was changed, and the storage is usable again.
        assert_eq!(a.get(), None);
        a.set("y".into());
        assert_eq!(b.get().as_deref(), Some("y"));
    }

    #[test]
    fn into_fn_shares_the_storage() {
        let a = storage();
        let mut as_fn = a.clone().into_fn_guarded(non_empty);
        assert_eq!(as_fn(Some("click".into())).as_deref(), Some("click"));
        assert_eq!(as_fn(Some(String::new())).as_deref(), Some("click"));
        assert_eq!(a.get().as_deref(), Some("click"));
    }

    #[test]
    fn clone_needs_no_clone_bounds_and_debug_shows_nothing() {
        struct NotClone;
        let a = Shared::<NotClone, NotClone>::new(NotClone, "T");
        let b = a.clone();
        b.set(NotClone);
        assert!(a.with(|v| v.is_some()));
        assert_eq!(format!("{a:?}"), "Shared { .. }");
    }
}
