//! Generated methods name their parameters as a person would (`value`,
//! `f`, `other`), and a constant or unit struct of the same name in the
//! user's module does not turn one into a pattern (E0005, or a type
//! mismatch): the methods live in a block where those names are functions,
//! which a parameter shadows.

#![allow(non_upper_case_globals, non_camel_case_types, reason = "the names under test are lowercase")]

mod lowercase_items {
    use private_tracker::private_tracker;

    pub(crate) const value: u32 = 3;
    pub(crate) const f: u32 = 4;
    pub(crate) struct key;
    pub(crate) const a: u8 = 1;
    pub(crate) const b: u8 = 2;
    pub(crate) const other: u8 = 5;
    pub(crate) struct state;

    #[private_tracker(guard = |n: &u32| *n != value, observe)]
    #[derive(PartialEq, Eq, Hash)]
    pub(crate) fn score_tracker(#[get] label: &'static str) -> u32;

    #[private_tracker(shared, observe)]
    pub(crate) fn shared_score_tracker() -> u32;

    pub(crate) fn use_the_items() -> (u32, u32, key, u8, u8, u8, state) {
        (value, f, key, a, b, other, state)
    }
}

/// A constant named like a parameter in the value's type: the parameter
/// takes another name, and the type keeps its constant.
mod in_the_value_type {
    pub(crate) const value: usize = 2;

    #[private_tracker::private_tracker]
    pub(crate) fn bytes_tracker() -> [u8; value];
}

/// Constants and unit structs named like the locals the generated impls
/// bind (`__value` in a guard's check, `__captures` in a deserializer,
/// `__entries` in a history walk): SPEC 5, a valid declaration never fails
/// because of a name the macro invented.
mod underscored_items {
    use private_tracker::private_tracker;

    pub(crate) const __reveal: u8 = 0;
    pub(crate) const __captures: u8 = 0;
    pub(crate) const __value: u8 = 0;
    pub(crate) struct __f;
    pub(crate) const __entries: u8 = 0;
    pub(crate) const __storage: u8 = 0;
    pub(crate) const __refused: u8 = 0;

    #[private_tracker(sync, guard = |n: &u32| *n < *limit, init = 1, observe, history = 2)]
    pub(crate) fn sync_limited_tracker(limit: u32) -> u32;

    #[private_tracker(shared, guard = |n: &u32| *n > 0, history = 2, trace)]
    pub(crate) fn shared_positive_tracker(#[get] label: &'static str) -> u32;

    #[private_tracker(guard = private_tracker::truthy)]
    pub(crate) fn owned_truthy_tracker() -> u32;

    /// A guard that reads the constant named like the check's value: the
    /// check's value takes another name.
    #[private_tracker(guard = |n: &u8| *n != __value, init = 1)]
    pub(crate) fn owned_not_zero_tracker() -> u8;

    pub(crate) fn use_the_items() -> (u8, u8, u8, __f, u8, u8, u8) {
        (__reveal, __captures, __value, __f, __entries, __storage, __refused)
    }
}

#[test]
fn impls_bind_their_locals_beside_items_of_the_same_names() {
    use underscored_items::*;
    let _ = use_the_items();
    let limited = sync_limited_tracker(5);
    assert!(limited.set_sync_limited(9).is_err());
    limited.set_sync_limited(3).unwrap();
    assert!(limited.undo_sync_limited());
    assert_eq!(limited.sync_limited(), 1);
    let positive = shared_positive_tracker("p");
    positive.set_shared_positive(2).unwrap();
    positive.set_shared_positive(3).unwrap();
    assert_eq!(positive.history_shared_positive(|entries| entries.len()), 2, "the empty start, then 2");
    let mut truthy = owned_truthy_tracker();
    assert!(truthy.set_owned_truthy(0).is_err());
    let mut not_zero = owned_not_zero_tracker();
    assert!(not_zero.set_owned_not_zero(0).is_err(), "the guard reads the constant");
}

use in_the_value_type::bytes_tracker;
use lowercase_items::*;

#[test]
fn doors_work_beside_lowercase_items_named_like_their_parameters() {
    let _ = use_the_items();
    let mut score = score_tracker("red");
    assert_eq!(score.set_score(3).unwrap_err().into_inner(), 3, "the guard still sees the constant");
    score.set_score(7).unwrap();
    score.update_score(|n| n.map_or(0, |n| n + 1)).unwrap();
    assert_eq!(score.with_score(|n| n.map(|n| n + 1)), Some(9));
    let subscription = score.subscribe_score(|_| {});
    assert!(score.unsubscribe_score(subscription));
    assert!(score == score.clone());

    let shared = shared_score_tracker();
    shared.set_shared_score(1);
    assert!(SharedScoreTracker::ptr_eq(&shared, &shared.clone()));

    let mut bytes = bytes_tracker();
    bytes.set_bytes([1, 2]);
    assert_eq!(bytes.bytes(), Some([1, 2]));
}

/// Names the macro invents for the constructor's parameters and the
/// methods' never collide with each other, with keywords, or with the
/// constructor (a derived `Default` calls it from the methods' block).
mod invented_names {
    use private_tracker::private_tracker;

    #[private_tracker]
    pub(crate) fn digits_tracker((_1, _2): (u8, u8), [_0, _9]: [u8; 2]) -> u32;

    #[private_tracker]
    pub(crate) fn crossed_tracker(
        (a, _b): (u8, u8),
        (_a, b): (u8, u8),
        low_high: u8,
        (low, high): (u8, u8),
    ) -> u32;

    #[private_tracker]
    pub(crate) fn nameless_tracker(_: u8, (capture,): (u8,), (r#type,): (u8,), (_self,): (u8,)) -> u32;

    #[private_tracker]
    #[derive(Default)]
    pub(crate) fn f(x: u32) -> u32;

    #[private_tracker(shared, observe)]
    #[derive(Default, PartialEq)]
    pub(crate) fn value() -> u32;

    #[private_tracker]
    #[derive(Default, PartialEq, Hash)]
    pub(crate) fn other() -> u32;
}

#[test]
fn invented_names_never_collide() {
    use invented_names::*;
    let mut digits = digits_tracker((1, 2), [3, 4]);
    digits.set_digits(1);
    let mut crossed = crossed_tracker((1, 2), (3, 4), 5, (6, 7));
    crossed.set_crossed(2);
    let mut nameless = nameless_tracker(1, (2,), (3,), (4,));
    nameless.set_nameless(3);
    assert_eq!((digits.digits(), crossed.crossed(), nameless.nameless()), (Some(1), Some(2), Some(3)));
    let mut tracker = F::default();
    tracker.set_f(4);
    assert_eq!(tracker.f(), Some(4));
    assert!(Value::default() == Value::default());
    assert!(Other::default() == other());
}
