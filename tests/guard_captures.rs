//! A guard sees the captures by reference under their own names, as the
//! seed's closure sees its arguments (SPEC §3), in every mode, whether the
//! capture has a getter or is sealed.

#![deny(warnings)]

use private_tracker::private_tracker;

/// At most `limit`, which only the guard can read.
#[private_tracker(guard = |n: &u32| *n <= *limit)]
pub fn score_tracker(limit: u32) -> u32;

/// Between the bounds of a pattern capture; `#[get]` on another capture.
#[private_tracker(shared, guard = |n: &i32| (*low..=*high).contains(n) && !label.is_empty())]
pub fn range_tracker(#[get] label: &'static str, (low, high): (i32, i32)) -> i32;

/// Mode sync: a per-instance allow list, and a `mut` capture.
#[private_tracker(sync, guard = |word: &String| allowed.contains(&word.as_str()))]
pub fn word_tracker(mut allowed: Vec<&'static str>) -> String;

/// A guard given as a path sees nothing it does not name: the capture
/// `limit` is not bound, so nothing is reported unused.
#[private_tracker(guard = private_tracker::truthy)]
pub fn flag_tracker(limit: u8) -> bool;

/// A guard's own state starts fresh at every write: the closure is built
/// for each check.
#[private_tracker(guard = { let mut calls = 0; move |_: &u8| { calls += 1; calls == 1 } })]
pub fn fresh_tracker() -> u8;

#[test]
fn owned_guard_reads_a_sealed_capture() {
    let mut strict = score_tracker(10);
    let mut lenient = score_tracker(100);
    assert_eq!(strict.set_score(50).unwrap_err().into_inner(), 50);
    lenient.set_score(50).unwrap();
    strict.set_score(10).unwrap();
    assert_eq!(strict.score(), Some(10));
    assert!(strict.update_score(|n| n.copied().unwrap_or(0) + 1).is_err());
    assert_eq!(strict.replace_score(9), Ok(Some(10)));
}

#[test]
fn shared_guard_reads_a_pattern_and_a_getter_capture() {
    let range = range_tracker("x", (0, 9));
    let other = range.clone();
    assert!(range.set_range(10).is_err());
    other.set_range(9).unwrap();
    assert_eq!(range.range(), Some(9));
    assert_eq!(range.label(), "x");
    assert!(range_tracker("", (0, 9)).set_range(1).is_err());
}

#[test]
fn sync_guard_reads_a_capture_across_threads() {
    let words = word_tracker(vec!["red", "blue"]);
    let handle = words.clone();
    std::thread::spawn(move || {
        assert!(handle.set_word("green".to_owned()).is_err());
        handle.set_word("blue".to_owned()).unwrap();
    })
    .join()
    .unwrap();
    assert_eq!(words.word().as_deref(), Some("blue"));
}

#[test]
fn path_guards_still_work_beside_captures() {
    let mut flag = flag_tracker(3);
    assert!(flag.set_flag(false).is_err());
    flag.set_flag(true).unwrap();
}

#[test]
fn a_guards_own_state_starts_fresh_at_each_write() {
    let mut fresh = fresh_tracker();
    fresh.set_fresh(1).unwrap();
    fresh.set_fresh(2).unwrap();
    assert_eq!(fresh.fresh(), Some(2));
}

/// A guard that names a capture in other roles (a closure parameter, a
/// field), uses half of a pattern capture, and reads one through an implicit
/// format argument: nothing is reported unused, and the format finds it.
#[private_tracker(guard = |word: &String| {
    let check = |limit: &usize| word.len() <= *limit;
    let bounds = Bounds { limit: *lo };
    check(&bounds.limit) && format!("{prefix}{word}").starts_with(prefix.as_str())
})]
pub fn tricky_tracker(limit: usize, (lo, hi): (usize, usize), prefix: String) -> String;

/// A struct with a field named like a capture.
pub struct Bounds {
    /// The limit.
    pub limit: usize,
}

#[test]
fn capture_names_in_other_roles_and_format_arguments() {
    let mut tricky = tricky_tracker(0, (3, 9), "p".to_owned());
    assert!(tricky.set_tricky("abcd".to_owned()).is_err());
    tricky.set_tricky("abc".to_owned()).unwrap();
}

/// A capture whose name a `macro_rules!` passes in (`$capture`): the
/// constructor's parameter and its use resolve alike (they once did not,
/// and such a declaration never compiled).
macro_rules! tracker_with_capture {
    ($name:ident($capture:ident)) => {
        #[private_tracker::private_tracker(guard = |n: &u8| *n <= *$capture)]
        fn $name(#[get] $capture: u8) -> u8;
    };
}

tracker_with_capture!(capped_tracker(cap));

#[test]
fn capture_names_from_a_macro_rules_resolve() {
    let mut capped = capped_tracker(4);
    assert_eq!(capped.cap(), 4);
    assert!(capped.set_capped(5).is_err());
    capped.set_capped(4).unwrap();
    assert_eq!(capped.capped(), Some(4));
}
