//! Comparison and hashing by value, for trackers that derive them.
//!
//! `#[derive(PartialEq, Eq, Hash, PartialOrd, Ord)]` on a declaration makes
//! the tracker compare its captures, then its value, by value in every mode
//! (`ptr_eq` stays the identity test of the handle modes). The storages
//! implement the comparisons. A sealed capture takes no part: all sealed
//! values compare equal and hash to nothing, so no comparison, ordering or
//! hash can reveal one (a hasher that records its input, or a binary search
//! by ordering, would otherwise read it).

use core::cmp::Ordering;
use core::hash::{Hash, Hasher};

use crate::captures::Sealed;

/// Equal to every other sealed value: see the module docs.
impl<T, G> PartialEq for Sealed<T, G> {
    #[inline]
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<T, G> Eq for Sealed<T, G> {}

impl<T, G> PartialOrd for Sealed<T, G> {
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<T, G> Ord for Sealed<T, G> {
    #[inline]
    fn cmp(&self, _: &Self) -> Ordering {
        Ordering::Equal
    }
}

/// Hashes nothing: see the module docs.
impl<T, G> Hash for Sealed<T, G> {
    #[inline]
    fn hash<H: Hasher>(&self, _: &mut H) {}
}

/// `captures`, then `value`: the order in which trackers compare.
#[inline]
pub(crate) fn partial_cmp<C: PartialOrd, V: PartialOrd>(
    (captures, value): (&C, Option<&V>),
    (other_captures, other_value): (&C, Option<&V>),
) -> Option<Ordering> {
    match captures.partial_cmp(other_captures) {
        Some(Ordering::Equal) => value.partial_cmp(&other_value),
        ordering => ordering,
    }
}

/// `captures`, then `value`, totally ordered.
#[inline]
pub(crate) fn cmp<C: Ord, V: Ord>(
    (captures, value): (&C, Option<&V>),
    (other_c, other_v): (&C, Option<&V>),
) -> Ordering {
    captures.cmp(other_c).then_with(|| value.cmp(&other_v))
}

/// Implements `PartialEq`, `Eq`, `PartialOrd`, `Ord` and `Hash` for a
/// storage type `$storage<C, V, G, S>` from `$both(&a, &b, f)`, which calls `f`
/// with both storages' `(captures, value)` (taking locks or borrows as the
/// mode needs), and `$one(&a, f)`, which does the same for one storage.
macro_rules! compare_by_value {
    ($storage:ident<O $(, $extra:ident)*>, $both:ident, $one:ident) => {
        impl<C: PartialEq, V: PartialEq, G, S: $crate::slot::Slot<V>, O: $crate::observe::Handles $(, $extra)*> PartialEq for $storage<C, V, G, S, O $(, $extra)*> {
            #[inline]
            #[track_caller]
            fn eq(&self, other: &Self) -> bool {
                $both(self, other, |(c, v), (oc, ov)| c == oc && v == ov)
            }
        }

        impl<C: Eq, V: Eq, G, S: $crate::slot::Slot<V>, O: $crate::observe::Handles $(, $extra)*> Eq for $storage<C, V, G, S, O $(, $extra)*> {}

        impl<C: PartialOrd, V: PartialOrd, G, S: $crate::slot::Slot<V>, O: $crate::observe::Handles $(, $extra)*> PartialOrd for $storage<C, V, G, S, O $(, $extra)*> {
            #[inline]
            #[track_caller]
            fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
                $both(self, other, $crate::compare::partial_cmp)
            }
        }

        impl<C: Ord, V: Ord, G, S: $crate::slot::Slot<V>, O: $crate::observe::Handles $(, $extra)*> Ord for $storage<C, V, G, S, O $(, $extra)*> {
            #[inline]
            #[track_caller]
            fn cmp(&self, other: &Self) -> core::cmp::Ordering {
                $both(self, other, $crate::compare::cmp)
            }
        }

        impl<C: core::hash::Hash, V: core::hash::Hash, G, S: $crate::slot::Slot<V>, O: $crate::observe::Handles $(, $extra)*> core::hash::Hash
            for $storage<C, V, G, S, O $(, $extra)*>
        {
            #[inline]
            #[track_caller]
            fn hash<Hs: core::hash::Hasher>(&self, state: &mut Hs) {
                $one(self, |(c, v)| {
                    c.hash(state);
                    v.hash(state);
                });
            }
        }
    };
}

pub(crate) use compare_by_value;
