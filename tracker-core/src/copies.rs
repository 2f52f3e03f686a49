//! How a storage copies a value when an option keeps or hands out copies
//! (`history = N` keeps the values that writes replaced; `observe` in the
//! handle modes hands each subscriber a copy).
//!
//! A storage names its copier as a type: [`Cloned`], which asks for
//! `T: Clone` where the storage is used, or the tracker itself, whose
//! generated [`Copies`] impl clones. The second is how a value that is not
//! `Clone` becomes one error: rustc reports the failed `Clone` once, in the
//! body of that impl, and the impl still counts as holding, so that the
//! doors that go through it, and the code that calls them, add no errors
//! of their own. (A bound `V: Clone` on the doors would make every call of
//! a door an error too: "the method exists but its trait bounds were not
//! satisfied".)

/// Copies a `T`. See the module docs.
///
/// The method is named as no user names one, as the storages' are (`door_…`):
/// rustc suggests the traits that have a method of the name a user called,
/// and a hidden trait must never be one of them.
pub trait Copies<T> {
    /// A copy of `value`.
    fn door_copy(value: &T) -> T;
}

/// Tells whether a write changes the value. The default, [`Every`], counts
/// every accepted write as a change. A tracker declared with
/// `observe(distinct)` compares: a write of a value equal to the stored one
/// changes nothing, so it bumps no version, tells no subscriber and enters
/// no history. The tracker compares through its own impl, written at
/// `distinct` (one error there for a value that is not `PartialEq`, as for
/// [`Copies`]), or through [`Equal`] for a value of generic type.
pub trait Compares<T> {
    /// Whether storing `next` over `stored` changes nothing.
    fn door_same(stored: &T, next: &T) -> bool;
}

/// Every accepted write is a change: the default.
#[derive(Debug, Clone, Copy, Default)]
pub struct Every;

impl<T> Compares<T> for Every {
    #[inline]
    fn door_same(_: &T, _: &T) -> bool {
        false
    }
}

/// A write of an equal value is no change: `T::eq`, where `T: PartialEq`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Equal;

impl<T: PartialEq> Compares<T> for Equal {
    #[inline]
    fn door_same(stored: &T, next: &T) -> bool {
        stored == next
    }
}

/// The copier of a value of a generic type: `T::clone`, where `T: Clone`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cloned;

impl<T: Clone> Copies<T> for Cloned {
    #[inline]
    fn door_copy(value: &T) -> T {
        value.clone()
    }
}
