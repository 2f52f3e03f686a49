//! The doors both handle storages (`Shared`, `Synced`) build the same way
//! from their own `replace` and `get`.

/// Adds `set`, `try_set`, `try_replace`, `into_fn` and `into_fn_guarded` to
/// an `impl<C, V>` block of a handle storage that has
/// `replace(&self, V) -> Option<V>` and `get(&self) -> Option<V>`.
macro_rules! handle_write_paths {
    () => {
        /// Stores `value`; the previous one is dropped after the storage is
        /// released, so its `Drop` may use the tracker.
        #[inline]
        #[track_caller]
        pub fn set(&self, value: V) {
            drop(self.replace(value));
        }

        /// Stores `value` if `guard` accepts it; otherwise hands it back.
        /// The guard runs before the storage is touched.
        ///
        /// # Errors
        ///
        /// [`Rejected`] with `value` when `guard` returns `false`; the stored
        /// value is unchanged.
        #[inline]
        #[track_caller]
        pub fn try_set(&self, value: V, guard: impl FnOnce(&V) -> bool) -> Result<(), Rejected<V>> {
            self.set(check(value, guard)?);
            Ok(())
        }

        /// Stores `value` if `guard` accepts it and returns the previous one.
        ///
        /// # Errors
        ///
        /// [`Rejected`] with `value` when `guard` returns `false`; the stored
        /// value is unchanged.
        #[inline]
        #[track_caller]
        pub fn try_replace(
            &self,
            value: V,
            guard: impl FnOnce(&V) -> bool,
        ) -> Result<Option<V>, Rejected<V>> {
            Ok(self.replace(check(value, guard)?))
        }

        /// Turns the handle into one function: `None` reads, `Some(value)`
        /// writes and then reads. Other handles see the writes.
        #[inline]
        pub fn into_fn(self) -> impl FnMut(Option<V>) -> Option<V>
        where
            V: Clone,
        {
            self.into_fn_guarded(|_| true)
        }

        /// [`into_fn`](Self::into_fn) with a guard: a refused write is ignored.
        #[inline]
        pub fn into_fn_guarded(self, mut guard: impl FnMut(&V) -> bool) -> impl FnMut(Option<V>) -> Option<V>
        where
            V: Clone,
        {
            move |value| {
                if let Some(value) = value {
                    // Ignoring a refusal is this function's documented contract.
                    let _ = self.try_set(value, &mut guard);
                }
                self.get()
            }
        }
    };
}

pub(crate) use handle_write_paths;

/// The contract both handle storages share, as tests: `$storage` must have
/// `new(captures, name)`, and the enclosing test module `storage()` (holding
/// `("red",)` and no `String` yet) and `non_empty`.
#[cfg(test)]
macro_rules! handle_contract_tests {
    ($storage:ident) => {
        #[test]
        fn every_handle_sees_every_write() {
            let a = storage();
            let b = a.clone();
            assert!($storage::ptr_eq(&a, &b));
            assert!(!$storage::ptr_eq(&a, &storage()));
            a.set("click".into());
            assert_eq!(b.get().as_deref(), Some("click"));
            assert_eq!(b.replace("touch".into()).as_deref(), Some("click"));
            assert_eq!(a.with(|v| v.map(String::len)), Some(5));
            assert_eq!(a.take().as_deref(), Some("touch"));
            assert_eq!(b.get(), None);
            assert_eq!(b.captures(), &("red",));
        }

        #[test]
        fn guarded_writes_refuse_and_hand_back() {
            let a = storage();
            assert_eq!(a.try_set(String::new(), non_empty).unwrap_err().into_inner(), "");
            a.try_set("x".into(), non_empty).unwrap();
            assert!(a.try_replace(String::new(), non_empty).is_err());
            assert!(a.try_update(|_| String::new(), non_empty).is_err());
            a.try_update(|v| format!("{}y", v.unwrap()), non_empty).unwrap();
            assert_eq!(a.get().as_deref(), Some("xy"));
        }
    };
}

#[cfg(test)]
pub(crate) use handle_contract_tests;
