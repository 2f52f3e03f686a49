//! Captured constructor arguments that no door reads.

use core::fmt;

/// A captured constructor argument without `#[get]`: kept with the tracker
/// and dropped with it, but never readable.
///
/// A storage's `captures()` hands out the captures as a tuple in which the
/// ones with a getter are plain and the others are `Sealed`. `Sealed` has no
/// accessor, no `Deref`, no comparison and a `Debug` that shows nothing, so
/// code that can name a storage gets nothing from a sealed capture.
///
/// ```
/// use private_tracker_core::{Owned, Sealed};
///
/// let storage = Owned::<(&str, Sealed<u32>), u8>::new(("red", Sealed::new(7)));
/// assert_eq!(storage.captures().0, "red");
/// assert_eq!(format!("{:?}", storage.captures().1), "Sealed(..)");
/// ```
pub struct Sealed<T>(T);

impl<T> Sealed<T> {
    /// Seals `value`.
    #[inline]
    pub const fn new(value: T) -> Self {
        Self(value)
    }
}

/// A clone of the sealed value, sealed too.
impl<T: Clone> Clone for Sealed<T> {
    #[inline]
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

/// Shows that a value is sealed, never the value.
impl<T> fmt::Debug for Sealed<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sealed(..)")
    }
}
