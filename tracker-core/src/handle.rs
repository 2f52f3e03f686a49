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
