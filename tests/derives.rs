//! `#[derive(PartialEq, Eq, Hash, PartialOrd, Ord, Default)]` after
//! `#[private_tracker]` applies to the tracker (before it, rustc reports a
//! derive on a fn before the macro runs): comparison and hashing of the
//! captures, then the stored value, by value in every mode; `Default` for
//! constructors whose captures are all `Default`.

use std::collections::BTreeSet;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use private_tracker::private_tracker;

/// Owned, with a sealed capture and a readable one.
#[private_tracker]
#[derive(PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub fn score_tracker(player: String) -> u32;

/// Owned, with a capture that takes part.
#[private_tracker]
#[derive(PartialEq, PartialOrd)]
pub fn team_tracker(#[get] name: String) -> u32;

/// Shared.
#[private_tracker(shared)]
#[derive(PartialEq, Eq, Hash, Default)]
pub fn tag_tracker(#[get] kind: u8) -> String;

/// Sync.
#[private_tracker(sync)]
#[derive(PartialEq, PartialOrd, Default)]
pub fn level_tracker() -> f64;

fn hash_of(value: &impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

#[test]
fn owned_trackers_compare_captures_then_values() {
    let mut a = score_tracker("ann".to_owned());
    let mut b = score_tracker("ann".to_owned());
    assert_eq!(a, b);
    a.set_score(3);
    assert_ne!(a, b);
    assert!(b < a, "no value sorts first");
    b.set_score(3);
    assert_eq!(a, b);
    assert_eq!(hash_of(&a), hash_of(&b));
    // A sealed capture takes no part: comparing or hashing it would reveal
    // it (a hasher that records its input, a binary search by ordering).
    let mut bob = score_tracker("bob".to_owned());
    assert!(bob < a);
    bob.set_score(3);
    assert_eq!(bob, a);
    assert_eq!(hash_of(&bob), hash_of(&a));
    let set: BTreeSet<ScoreTracker> = [bob, a, b].into_iter().collect();
    assert_eq!(set.len(), 1);
    assert_eq!(ScoreTracker::default(), score_tracker(String::new()));
    // A capture with a getter takes part.
    assert!(team_tracker("a".to_owned()) < team_tracker("b".to_owned()));
}

#[test]
fn shared_handles_compare_by_value_and_ptr_eq_stays_identity() {
    let a = tag_tracker(1);
    let b = tag_tracker(1);
    a.set_tag("x".to_owned());
    b.set_tag("x".to_owned());
    assert!(a == b && !TagTracker::ptr_eq(&a, &b));
    assert_eq!(a, a.clone());
    b.set_tag("y".to_owned());
    assert_ne!(a, b);
    // Equal handles hash alike. (A handle is a poor key in a `HashSet`:
    // its hash changes with every write, as any interior-mutable key's.)
    assert_eq!(hash_of(&a), hash_of(&a.clone()));
    assert_eq!(TagTracker::default().kind(), 0);
}

#[test]
fn sync_handles_compare_by_value_across_threads_without_deadlock() {
    let a = level_tracker();
    let b = level_tracker();
    a.set_level(1.5);
    b.set_level(1.5);
    // Each thread compares in the other order: the locks are taken in one
    // order, so this cannot deadlock.
    let workers: Vec<_> = [(a.clone(), b.clone()), (b.clone(), a.clone())]
        .into_iter()
        .map(|(left, right)| std::thread::spawn(move || (0..2000).all(|_| left == right)))
        .collect();
    for worker in workers {
        assert!(worker.join().unwrap());
    }
    assert_eq!(a, a.clone());
    // Comparison is of values: NaN is not equal to itself, even through one storage.
    a.set_level(f64::NAN);
    assert_ne!(a, a.clone());
    assert!(LevelTracker::default() < b);
}

/// A callback that is neither `PartialEq`, `Eq` nor `Hash`.
struct Callback(fn() -> u32);

/// A sealed capture is compared and hashed as nothing, so its type needs
/// none of the traits (issue 25).
#[private_tracker]
#[derive(PartialEq, Eq, Hash)]
fn callback_score_tracker(#[get] player: u8, on_change: Callback) -> u32;

/// The same with a generic sealed capture: the impls exist for any `F`.
#[private_tracker]
#[derive(PartialEq, Eq, Hash)]
fn generic_score_tracker<F: Fn() -> u32>(#[get] player: u8, on_change: F) -> u32;

/// One closure type, twice.
fn one() -> impl Fn() -> u32 {
    || 1
}

#[test]
fn sealed_captures_need_none_of_the_derived_traits() {
    assert_eq!((Callback(|| 3).0)(), 3);
    let (mut a, mut b) =
        (callback_score_tracker(1, Callback(|| 1)), callback_score_tracker(1, Callback(|| 2)));
    a.set_callback_score(5);
    b.set_callback_score(5);
    assert!(a == b, "the callbacks differ, but a sealed capture compares equal to every other");
    assert_eq!(hash_of(&a), hash_of(&b));
    b.set_callback_score(6);
    assert!(a != b);
    assert!(callback_score_tracker(2, Callback(|| 1)) != callback_score_tracker(1, Callback(|| 1)));

    // A closure's type is neither `PartialEq` nor `Hash`.
    let (c, d) = (generic_score_tracker(7, one()), generic_score_tracker(7, one()));
    assert!(c == d);
    assert_eq!(hash_of(&c), hash_of(&d));
}
