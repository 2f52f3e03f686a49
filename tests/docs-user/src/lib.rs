//! Trackers with every option, whose rustdoc pages
//! `tests/compile-fail/tests/docs.rs` reads as a user would: no `__` name,
//! no hidden type, no bound that names only concrete types in any
//! generated signature. A crate of its own, built by a cargo of its own, so
//! that its `watch` feature reaches no other build.
#![forbid(unsafe_code)]

use private_tracker::private_tracker;

/// Mode owned, every option, never empty.
#[private_tracker(guard = |n: &u64| *n <= *limit, init = 0, observe, history = 4, trace)]
#[derive(PartialEq, Eq, PartialOrd, Ord, Hash)]
pub fn score_tracker(#[get] player: String, limit: u64) -> u64;

/// Mode owned, every option, empty at first, with a value that clones.
#[private_tracker(guard = private_tracker::truthy, observe, history = 8, trace)]
#[derive(PartialEq, Eq, Hash, Default)]
pub fn note_tracker(#[get] author: String, (low, high): (u8, u8)) -> String;

/// Mode shared, with a history and a trace.
#[private_tracker(shared, observe, history = 2, trace)]
pub fn label_tracker() -> String;

/// Mode sync, with watchers, a history and a trace.
#[private_tracker(sync, observe, history = 4, trace)]
pub fn reading_tracker(#[get] sensor: &'static str) -> f64;

/// Mode sync, guarded, never empty.
#[private_tracker(sync, guard = |v: &String| !v.is_empty(), init = String::from("idle"), observe, history = 2)]
pub fn status_tracker(_: u8) -> String;

/// Mode owned, of a value that lends a borrow: its `with_label_choice` lends
/// `Option<&Option<&str>>`, spelled with the facade's `BorrowedValue`.
#[private_tracker(history = 2)]
pub fn label_choice_tracker(#[get] first: &'static str) -> Option<&'static str>;
