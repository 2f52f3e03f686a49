//! Captured constructor arguments that no door reads.

use core::fmt;
use core::marker::PhantomData;

use crate::guard::Reveal;

/// A captured constructor argument without `#[get]`: kept with the tracker
/// and dropped with it, readable only by the guard of the tracker type `G`.
///
/// A storage's `captures()` hands out the captures as a tuple in which the
/// ones with a getter are plain and the others are `Sealed`. `Sealed` has no
/// `Deref`, comparisons under which all sealed values are equal, a `Hash`
/// that hashes nothing and a `Debug` that shows nothing; its one accessor,
/// [`reveal`](Sealed::reveal), needs a [`Reveal<G>`], which only a storage
/// makes, to call `G`'s [`Guard::check`](crate::Guard::check). So code that
/// can name a storage gets nothing from a sealed capture, and the guard sees
/// every capture, as the seed's closure does.
///
/// ```
/// use private_tracker_core::{Owned, Sealed};
///
/// let storage = Owned::<(&str, Sealed<u32>), u8>::new(("red", Sealed::new(7)));
/// assert_eq!(storage.door_captures().0, "red");
/// assert_eq!(format!("{:?}", storage.door_captures().1), "Sealed(..)");
/// ```
pub struct Sealed<T, G = ()>(T, PhantomData<fn() -> G>);

impl<T, G> Sealed<T, G> {
    /// Seals `value` for the guard `G`.
    #[inline]
    pub const fn new(value: T) -> Self {
        Self(value, PhantomData)
    }

    /// The sealed value, for the guard `G` while it checks a write.
    #[inline]
    #[must_use]
    pub const fn reveal<'a>(&'a self, _: &Reveal<G>) -> &'a T {
        &self.0
    }
}

/// A clone of the sealed value, sealed too.
impl<T: Clone, G> Clone for Sealed<T, G> {
    #[inline]
    fn clone(&self) -> Self {
        Self(self.0.clone(), PhantomData)
    }
}

/// Shows that a value is sealed, never the value.
impl<T, G> fmt::Debug for Sealed<T, G> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sealed(..)")
    }
}
