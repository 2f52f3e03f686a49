//! The doors of the handle storages ([`Shared`](crate::Shared),
//! [`Synced`](crate::Synced)), as one sealed trait: each storage implements
//! the reads, `take` and `try_update` its own way, and the writes that build
//! on its unguarded `swap` are written once, here.

use crate::guard::{AcceptsAll, Guard, Rejected, check};
use crate::observe::ChangeKind;
use crate::slot::{Empty, Lend, Refill, Slot};

pub(crate) mod sealed {
    /// Only this crate's storages are handles.
    pub trait Sealed {}

    /// Proof that a call comes from inside this crate: it has no public
    /// constructor, so [`Handle::swap`](super::Handle::swap), which writes
    /// without asking the guard, cannot be called from anywhere else.
    #[derive(Debug)]
    pub struct Key(pub(crate) ());
}

/// What every handle storage offers: a tracker's doors, on `&self`.
///
/// Implemented by [`Shared`](crate::Shared) and [`Synced`](crate::Synced)
/// only (sealed). Generated code calls every door through this trait,
/// by its full path, so a trait that a user has in scope cannot take a
/// door's place.
///
/// As on [`Owned`](crate::Owned), the plain writes (`set`, `replace`,
/// `update`) exist only for storages whose guard is [`Unguarded`](crate::Unguarded); the
/// `try_` writes ask the guard first and hand a refused value back.
pub trait Handle: Clone + sealed::Sealed {
    /// The captured constructor arguments, a tuple.
    type Captures;
    /// The tracked value.
    type Value;
    /// The check every write passes.
    type Guard: Guard<Captures = Self::Captures, Value = Self::Value>;
    /// Where the value is kept: `Option<Value>`, or
    /// [`Initialized`](crate::Initialized) for a tracker that is never empty.
    type Slot: Slot<Self::Value>;

    /// The captured constructor arguments, shared by every handle; those
    /// without a getter are [`Sealed`](crate::Sealed).
    fn door_captures(&self) -> &Self::Captures;

    /// Whether `a` and `b` are handles to the same storage (JavaScript's `===`).
    fn door_ptr_eq(a: &Self, b: &Self) -> bool;

    /// A clone of the stored value: `Option<V>`, or `V` when the slot is
    /// never empty.
    #[must_use]
    fn door_get(&self) -> Out<Self>
    where
        Self::Value: Clone;

    /// Calls `f` with the stored value (`Option<&V>`, or `&V` when the slot
    /// is never empty) and returns what it returns.
    fn door_with<R>(&self, f: impl FnOnce(Reads<'_, Self>) -> R) -> R;

    /// Removes the stored value and returns it.
    fn door_take(&self) -> Option<Self::Value>
    where
        Self::Slot: Empty<Self::Value>;

    /// Stores what `f` computes from the current value, if the guard accepts
    /// it.
    ///
    /// # Errors
    ///
    /// [`Rejected`] with the computed value when the guard refuses it; the
    /// stored value is unchanged.
    fn door_try_update(
        &self,
        f: impl FnOnce(Reads<'_, Self>) -> Self::Value,
    ) -> Result<(), Rejected<Self::Value>>;

    /// Calls `f` with a copy of the stored value, then stores the edited
    /// copy if the guard accepts it (emptying the slot needs no guard), and
    /// returns what `f` returns. One `clone` of the value per call keeps a
    /// refused edit, or a panic, from changing anything.
    ///
    /// # Errors
    ///
    /// [`Rejected`] with the edited value when the guard refuses it; the
    /// stored value is unchanged.
    fn door_try_modify<R>(&self, f: impl FnOnce(Edits<'_, Self>) -> R) -> Result<R, Rejected<Self::Value>>
    where
        Self::Value: Clone;

    /// Stores `value` without asking the guard and returns the previous one,
    /// which the caller drops after the storage is released.
    #[doc(hidden)]
    fn swap(&self, key: sealed::Key, value: Self::Value, kind: ChangeKind) -> Out<Self>;

    /// Stores `value` without asking the guard; the previous one goes into
    /// the history, if the storage keeps one, or is dropped after the
    /// storage is released.
    #[doc(hidden)]
    fn store(&self, key: sealed::Key, value: Self::Value, kind: ChangeKind);

    /// Calls `f` with the stored value in place, without asking the guard.
    #[doc(hidden)]
    fn modify_in_place<R>(&self, key: sealed::Key, f: impl FnOnce(Edits<'_, Self>) -> R) -> R;

    /// Records that the guard refused a write made by the caller, if the
    /// storage traces its writes.
    #[doc(hidden)]
    fn refused(&self, key: sealed::Key);

    /// `value` if the guard accepts it; otherwise records the refusal and
    /// hands `value` back.
    #[doc(hidden)]
    #[inline]
    #[track_caller]
    fn checked(&self, key: sealed::Key, value: Self::Value) -> Result<Self::Value, Rejected<Self::Value>> {
        // A `match`, not `inspect_err`: a closure would be the caller that
        // `refused` records.
        match check::<Self::Guard>(self.door_captures(), value) {
            Ok(value) => Ok(value),
            Err(refused) => {
                self.refused(key);
                Err(refused)
            }
        }
    }

    /// Stores `value`; the previous one is dropped after the storage is
    /// released, so its `Drop` may use the tracker.
    #[inline]
    #[track_caller]
    fn door_set(&self, value: Self::Value)
    where
        Self::Guard: AcceptsAll,
    {
        self.store(sealed::Key(()), value, ChangeKind::Set);
    }

    /// Stores `value` and returns the previous one.
    #[inline]
    #[track_caller]
    fn door_replace(&self, value: Self::Value) -> Out<Self>
    where
        Self::Guard: AcceptsAll,
    {
        self.swap(sealed::Key(()), value, ChangeKind::Replace)
    }

    /// Calls `f` with the stored value in place (`&mut Option<V>`, which `f`
    /// may fill, edit or empty, or `&mut V`) and returns what `f` returns.
    /// No copy is made: if `f` panics, its edits so far stay.
    #[inline]
    #[track_caller]
    fn door_modify<R>(&self, f: impl FnOnce(Edits<'_, Self>) -> R) -> R
    where
        Self::Guard: AcceptsAll,
    {
        self.modify_in_place(sealed::Key(()), f)
    }

    /// Stores what `f` computes from the current value.
    #[expect(
        clippy::inline_always,
        reason = "measured: without it the door is not inlined into its caller, for up to 29 more instructions (BENCHMARKS.md)"
    )]
    #[inline(always)]
    #[track_caller]
    fn door_update(&self, f: impl FnOnce(Reads<'_, Self>) -> Self::Value)
    where
        Self::Guard: AcceptsAll,
    {
        // `Unguarded` refuses nothing: there is no refused value to lose.
        if let Err(refused) = self.door_try_update(f) {
            drop(refused);
        }
    }

    /// Stores `value` if the guard accepts it; otherwise hands it back. The
    /// guard runs before the storage is touched.
    ///
    /// # Errors
    ///
    /// [`Rejected`] with `value` when the guard refuses it; the stored value
    /// is unchanged.
    #[inline]
    #[track_caller]
    fn door_try_set(&self, value: Self::Value) -> Result<(), Rejected<Self::Value>> {
        let value = self.checked(sealed::Key(()), value)?;
        self.store(sealed::Key(()), value, ChangeKind::Set);
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
    fn door_try_replace(&self, value: Self::Value) -> Result<Out<Self>, Rejected<Self::Value>> {
        let value = self.checked(sealed::Key(()), value)?;
        Ok(self.swap(sealed::Key(()), value, ChangeKind::Replace))
    }

    /// Stores a fresh initial value, if the guard accepts it, and returns
    /// the previous value. The fresh value is computed, and checked, before
    /// the storage is touched.
    ///
    /// # Errors
    ///
    /// [`Rejected`] with the fresh value when the guard refuses it; the
    /// stored value is unchanged.
    #[inline]
    #[track_caller]
    fn door_try_reset(&self) -> Result<Self::Value, Rejected<Self::Value>>
    where
        Self::Slot: Refill<Self::Captures, Self::Value>,
    {
        let fresh = <Self::Slot as Refill<_, _>>::initial(crate::slot::sealed::Key(()), self.door_captures());
        let fresh = self.checked(sealed::Key(()), fresh)?;
        Ok(self.swap(sealed::Key(()), fresh, ChangeKind::Reset))
    }

    /// Stores a fresh initial value and returns the previous one.
    #[inline]
    #[track_caller]
    fn door_reset(&self) -> Self::Value
    where
        Self::Guard: AcceptsAll,
        Self::Slot: Refill<Self::Captures, Self::Value>,
    {
        let fresh = <Self::Slot as Refill<_, _>>::initial(crate::slot::sealed::Key(()), self.door_captures());
        self.swap(sealed::Key(()), fresh, ChangeKind::Reset)
    }

    /// Turns the handle into one function: `None` reads, `Some(value)` writes
    /// and then reads. A value the guard refuses is ignored. Other handles
    /// see the writes.
    #[inline]
    fn door_into_fn(self) -> impl FnMut(Option<Self::Value>) -> Out<Self>
    where
        Self::Value: Clone,
    {
        move |value| {
            if let Some(value) = value {
                // Ignoring a refusal is this function's documented contract.
                let _ = self.door_try_set(value);
            }
            self.door_get()
        }
    }
}

/// The doors of `history = N` and `trace` on a handle storage, written once
/// for both: `$storage` must have `write()` (its borrow or lock for a write,
/// dereferencing to the [`Record`](crate::history::Record)), `commit(guard,
/// kind)` (which reports the write and lets go) and `read_record()` (its
/// borrow or lock for a read that may run user code).
macro_rules! history_doors {
    ($storage:ident, $walk:literal, $reentrancy:literal) => {
        impl<C, V, G, S: Slot<V>, O: HandleObserver<S::Out>, const N: usize, L: Trace, K>
            $storage<C, V, G, S, O, Log<History<S, N, L, K>, L>>
        where
            Log<History<S, N, L, K>, L>: Recorder<S>,
        {
            /// Restores the value that the last write replaced, without
            /// asking the guard (it accepted that value once), and keeps the
            /// stored one for [`door_redo`](Self::door_redo). `false`, and nothing
            /// changes, when there is nothing to undo. Counts as a write.
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn door_undo(&self) -> bool {
                let mut record = self.write();
                let Record { slot, log } = &mut *record;
                let undone = log.undo(slot);
                if undone {
                    self.commit(record, ChangeKind::Undo);
                }
                undone
            }

            /// Restores the value that the last [`door_undo`](Self::door_undo)
            /// replaced. `false`, and nothing changes, when there is nothing
            /// to redo (a write since the undo ends the redo list). Counts as
            /// a write.
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn door_redo(&self) -> bool {
                let mut record = self.write();
                let Record { slot, log } = &mut *record;
                let redone = log.redo(slot);
                if redone {
                    self.commit(record, ChangeKind::Redo);
                }
                redone
            }

            /// Forgets every value kept for undo and redo, and drops them
            /// once the storage is released. The stored value stays.
            #[inline]
            #[track_caller]
            pub fn door_clear_history(&self) {
                let cleared = self.write().log.clear_history();
                drop(cleared);
            }

            #[doc = concat!(
                "Calls `f` with the values [`door_undo`](Self::door_undo) would restore, newest first, each with the ",
                "location of the write that stored it (with `trace`), and returns what `f` returns. ",
                $walk
            )]
            #[inline]
            #[track_caller]
            pub fn door_history<R>(&self, f: impl FnOnce(Entries<'_, S, V, N, L, K>) -> R) -> R {
                f(self.read_record().log.entries())
            }
        }

        impl<C, V, G, S, O: $crate::observe::Handles, R> $storage<C, V, G, S, O, Log<R, Traced>> {
            #[doc = concat!(
                "Where the last accepted write came from: the caller of the door. `None` before the first. ",
                $reentrancy
            )]
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn door_last_write_at(&self) -> At {
                self.read_record().log.last_write_at()
            }

            #[doc = concat!(
                "Where the last write that the guard refused came from. `None` before the first. ",
                $reentrancy
            )]
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn door_last_refused_at(&self) -> At {
                self.read_record().log.last_refused_at()
            }
        }
    };
}

pub(crate) use history_doors;

/// What a read of the handle `H` lends: `Option<&V>`, or `&V`.
type Reads<'a, H> = <<H as Handle>::Slot as Lend<'a, <H as Handle>::Value>>::Ref;
/// What an edit through the handle `H` sees: `&mut Option<V>`, or `&mut V`.
type Edits<'a, H> = <<H as Handle>::Slot as Lend<'a, <H as Handle>::Value>>::Mut;
/// What comes out of the handle `H`: `Option<V>`, or `V`.
type Out<H> = <<H as Handle>::Slot as Slot<<H as Handle>::Value>>::Out;

/// The contract both handle storages share, as tests: `$storage` must have
/// `new(captures, name)`, and the enclosing test module `storage()` (holding
/// `("red",)` and no `String` yet) and `guarded()` (the same, guarded by
/// `NonEmpty`).
#[cfg(test)]
macro_rules! handle_contract_tests {
    ($storage:ident) => {
        #[test]
        fn every_handle_sees_every_write() {
            let a = storage();
            let b = a.clone();
            assert!(Handle::door_ptr_eq(&a, &b));
            assert!(!Handle::door_ptr_eq(&a, &storage()));
            a.door_set("click".into());
            assert_eq!(b.door_get().as_deref(), Some("click"));
            assert_eq!(b.door_replace("touch".into()).as_deref(), Some("click"));
            assert_eq!(a.door_with(|v| v.map(String::len)), Some(5));
            assert_eq!(a.door_take().as_deref(), Some("touch"));
            assert_eq!(b.door_get(), None);
            assert_eq!(b.door_captures(), &("red",));
            b.door_update(|v| format!("{}!", v.map_or("", String::as_str)));
            assert_eq!(a.door_get().as_deref(), Some("!"));
        }

        #[test]
        fn guarded_writes_refuse_and_hand_back() {
            let a = guarded();
            assert_eq!(a.door_try_set(String::new()).unwrap_err().into_inner(), "");
            a.door_try_set("x".into()).unwrap();
            assert!(a.door_try_replace(String::new()).is_err());
            assert!(a.door_try_update(|_| String::new()).is_err());
            a.door_try_update(|v| format!("{}y", v.unwrap())).unwrap();
            assert_eq!(a.door_get().as_deref(), Some("xy"));
        }

        #[test]
        fn modify_edits_in_place_and_returns_what_f_returns() {
            let a = storage();
            let b = a.clone();
            a.door_set("ab".into());
            let len = b.door_modify(|v| {
                v.as_mut().map(|s| s.push('c'));
                v.as_ref().map(String::len)
            });
            assert_eq!(len, Some(3));
            assert_eq!(a.door_get().as_deref(), Some("abc"));
            assert_eq!(a.door_modify(Option::take).as_deref(), Some("abc"));
            assert_eq!(b.door_get(), None);
        }

        #[test]
        fn guarded_modify_lands_whole_or_not_at_all() {
            let a = guarded();
            a.door_try_set("x".into()).unwrap();
            let refused = a
                .door_try_modify(|v| {
                    v.as_mut().map(String::clear);
                    7
                })
                .unwrap_err();
            assert_eq!(refused.into_inner(), "");
            assert_eq!(a.door_get().as_deref(), Some("x"));
            assert_eq!(a.door_try_modify(|v| v.as_mut().map(|s| s.push('y')).is_some()), Ok(true));
            assert_eq!(a.door_get().as_deref(), Some("xy"));
            assert!(
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    a.door_try_modify(|v| {
                        v.as_mut().map(String::clear);
                        panic!("half way")
                    })
                }))
                .is_err()
            );
            assert_eq!(a.door_get().as_deref(), Some("xy"));
            assert_eq!(a.door_try_modify(Option::take), Ok(Some("xy".into())));
            assert_eq!(a.door_get(), None);
        }

        #[test]
        fn into_fn_shares_the_storage_and_ignores_refusals() {
            let a = guarded();
            let mut as_fn = a.clone().door_into_fn();
            assert_eq!(as_fn(Some("click".into())).as_deref(), Some("click"));
            assert_eq!(as_fn(Some(String::new())).as_deref(), Some("click"));
            assert_eq!(a.door_get().as_deref(), Some("click"));
        }

        #[test]
        fn initialized_handles_start_full_and_reset_through_the_guard() {
            use crate::guard::tests::{StartsAtZero, TenFold};
            use crate::{Initialized, Sealed, Unguarded};
            let a =
                $storage::<(Sealed<u32, TenFold>,), u32, TenFold, Initialized<u32, TenFold>>::new_initialized(
                    (Sealed::new(2),),
                    "T",
                );
            let b = a.clone();
            assert_eq!(b.door_get(), 20);
            assert_eq!(a.door_try_replace(150), Ok(20));
            assert_eq!(a.door_try_set(201).unwrap_err().into_inner(), 201);
            a.door_try_update(|n| n + 1).unwrap();
            assert_eq!(b.door_with(|n| *n), 151);
            assert_eq!(
                b.door_try_modify(|n| {
                    *n += 1;
                    *n
                }),
                Ok(152)
            );
            assert_eq!(a.door_try_modify(|n| *n = 1000).unwrap_err().into_inner(), 1000);
            assert_eq!(a.door_try_reset(), Ok(152));
            assert_eq!(b.door_get(), 20);
            let mut as_fn = b.door_into_fn();
            assert_eq!(as_fn(Some(500)), 20);
            assert_eq!(as_fn(Some(7)), 7);

            let plain =
                $storage::<(), u32, Unguarded<(), u32>, Initialized<u32, StartsAtZero>>::new_initialized(
                    (),
                    "T",
                );
            plain.door_set(5);
            plain.door_update(|n| n + 1);
            plain.door_modify(|n| *n *= 2);
            assert_eq!(plain.door_replace(1), 12);
            assert_eq!(plain.door_reset(), 1);
            assert_eq!(plain.door_get(), 0);
        }

        #[test]
        fn restore_asks_the_guard_and_makes_a_new_storage() {
            use crate::guard::tests::{NonEmpty, TenFold};
            use crate::{Initialized, Sealed};
            type Guarded = $storage<(&'static str,), String, NonEmpty>;
            type Init = $storage<(Sealed<u32, TenFold>,), u32, TenFold, Initialized<u32, TenFold>>;
            let restored = Guarded::restore(("red",), Some("x".into()), "T").unwrap();
            assert_eq!(restored.door_get().as_deref(), Some("x"));
            assert!(!Handle::door_ptr_eq(&restored, &Guarded::restore(("red",), None, "T").unwrap()));
            assert_eq!(Guarded::restore(("red",), Some(String::new()), "T").unwrap_err().into_inner(), "");
            assert_eq!(Init::restore((Sealed::new(1),), 7, "T").map(|s| s.door_get()), Ok(7));
            assert_eq!(Init::restore((Sealed::new(1),), 101, "T").unwrap_err().into_inner(), 101);
        }

        #[test]
        fn clone_needs_no_clone_bounds_and_debug_shows_nothing() {
            struct NotClone;
            let a = $storage::<NotClone, NotClone>::new(NotClone, "T");
            let b = a.clone();
            b.door_set(NotClone);
            assert!(a.door_with(|v| v.is_some()));
            assert_eq!(format!("{a:?}"), concat!(stringify!($storage), " { .. }"));
        }
    };
}

#[cfg(test)]
pub(crate) use handle_contract_tests;
