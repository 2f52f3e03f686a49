//! `history = N` and `trace`, in every mode: the ring when full, undo and
//! redo interleaved with writes, refused writes, the kinds and versions
//! they make, and the locations of writes.

use std::panic::Location;
use std::sync::{Arc, Mutex};

use private_tracker::{ChangeKind, private_tracker};

/// `$f` of each entry of `$t.$history`, newest first, in a `Vec`: from an
/// iterator in mode owned, from a closure's walk in the handle modes.
macro_rules! walk {
    (owned, $t:expr, $history:ident, $f:expr) => {
        $t.$history().map($f).collect::<Vec<_>>()
    };
    (handle, $t:expr, $history:ident, $f:expr) => {
        $t.$history(|entries| entries.map($f).collect::<Vec<_>>())
    };
}

/// The same tests for each mode, declared inside a `macro_rules!`.
macro_rules! every_mode {
    ($mode:ident, [$($arg:tt)*], $style:ident) => {
        /// The trackers and tests of one mode.
        pub mod $mode {
            use super::*;

            /// A count, with the last 3 values it replaced.
            #[private_tracker($($arg)* history = 3)]
            pub fn count_tracker() -> u32;

            /// A guarded count, traced and observed, with a history of 2.
            #[private_tracker($($arg)* history = 2, trace, observe, guard = |n: &u32| *n < 100)]
            pub fn traced_tracker() -> u32;

            /// A count that starts at 7 and is never empty.
            #[private_tracker($($arg)* history = 2, init = 7)]
            pub fn seven_tracker() -> u32;

            fn shown(t: &CountTracker) -> Vec<Option<u32>> {
                walk!($style, t, history_count, |entry| entry.value().copied())
            }

            #[test]
            fn the_ring_keeps_the_last_n_replaced_values_and_undo_walks_back_through_them() {
                #[allow(unused_mut)]
                let mut t = count_tracker();
                assert!(!t.undo_count(), "nothing to undo yet");
                for n in 1..=5 {
                    t.set_count(n);
                }
                assert_eq!(shown(&t), [Some(4), Some(3), Some(2)], "full: the oldest went");
                assert!(t.undo_count());
                assert!(t.undo_count());
                assert!(t.undo_count());
                assert_eq!(t.count(), Some(2));
                assert!(!t.undo_count(), "3 undos, no more");
                assert_eq!(t.count(), Some(2), "a failed undo changes nothing");
                assert_eq!(shown(&t), []);
                assert!(t.redo_count());
                assert!(t.redo_count());
                assert!(t.redo_count());
                assert!(!t.redo_count());
                assert_eq!(t.count(), Some(5));
                assert_eq!(shown(&t), [Some(4), Some(3), Some(2)]);
            }

            #[test]
            fn a_write_after_an_undo_ends_the_redo_list() {
                #[allow(unused_mut)]
                let mut t = count_tracker();
                t.set_count(1);
                t.set_count(2);
                t.set_count(3);
                assert!(t.undo_count());
                assert_eq!(t.count(), Some(2));
                t.set_count(10);
                assert!(!t.redo_count(), "the write ended the redo list");
                assert_eq!(t.count(), Some(10));
                assert_eq!(shown(&t), [Some(2), Some(1), None]);
                assert!(t.undo_count());
                assert!(t.undo_count());
                assert!(t.undo_count());
                assert_eq!(t.count(), None, "back to the start, empty");
                assert!(t.redo_count());
                assert_eq!(t.count(), Some(1));
            }

            #[test]
            fn every_kind_of_write_keeps_one_entry_and_clear_history_forgets_them() {
                #[allow(unused_mut)]
                let mut t = count_tracker();
                t.set_count(1);
                assert_eq!(t.replace_count(2), Some(1));
                t.update_count(|n| n.copied().unwrap_or(0) * 10);
                t.modify_count(|n| {
                    *n.as_mut().unwrap() += 1;
                    *n.as_mut().unwrap() += 1;
                });
                assert_eq!(t.count(), Some(22));
                assert_eq!(shown(&t), [Some(20), Some(2), Some(1)], "one modify is one entry");
                assert_eq!(t.take_count(), Some(22));
                assert_eq!(shown(&t), [Some(22), Some(20), Some(2)]);
                assert!(t.undo_count());
                assert_eq!(t.count(), Some(22), "undo brings a taken value back");
                t.clear_history_count();
                assert_eq!(shown(&t), []);
                assert!(!t.undo_count());
                assert!(!t.redo_count(), "the redo list is cleared too");
                assert_eq!(t.count(), Some(22), "the stored value stays");
            }

            #[test]
            fn refused_writes_change_no_history_and_no_version() {
                #[allow(unused_mut)]
                let mut t = traced_tracker();
                assert_eq!((t.last_write_at(), t.last_refused_at()), (None, None));
                t.set_traced(1).unwrap();
                assert!(t.last_write_at().is_some());
                assert!(t.set_traced(100).is_err());
                assert!(t.update_traced(|n| n.copied().unwrap_or(0) + 500).is_err());
                assert!(t.modify_traced(|n| *n = Some(1000)).is_err());
                assert!(t.replace_traced(100).is_err());
                assert_eq!(t.last_refused_at().map(Location::file), Some(file!()));
                assert_eq!(t.version(), 1, "refusals make no version");
                assert!(t.undo_traced());
                assert!(!t.undo_traced(), "refusals left no entry");
                assert_eq!(t.traced(), None);
            }

            #[test]
            fn undo_and_redo_are_writes_of_their_own_kinds_with_versions() {
                #[allow(unused_mut)]
                let mut t = traced_tracker();
                let seen = Arc::new(Mutex::new(Vec::new()));
                let log = Arc::clone(&seen);
                let _subscription = t.subscribe_traced(move |change| {
                    let file = change.location().map(Location::file);
                    log.lock().unwrap().push((change.kind(), change.version(), *change.value(), file));
                });
                t.set_traced(1).unwrap();
                t.set_traced(2).unwrap();
                assert!(t.undo_traced());
                assert!(t.redo_traced());
                assert!(!t.redo_traced(), "a failed redo is no write");
                let here = Some(file!());
                assert_eq!(
                    *seen.lock().unwrap(),
                    [
                        (ChangeKind::Set, 1, Some(1), here),
                        (ChangeKind::Set, 2, Some(2), here),
                        (ChangeKind::Undo, 3, Some(1), here),
                        (ChangeKind::Redo, 4, Some(2), here),
                    ]
                );
                assert_eq!(t.version(), 4);
            }

            #[test]
            fn an_init_tracker_undoes_to_values_never_empty() {
                #[allow(unused_mut)]
                let mut t = seven_tracker();
                t.set_seven(8);
                t.update_seven(|n| n + 1);
                assert_eq!(t.reset_seven(), 9);
                assert!(t.undo_seven());
                assert_eq!(t.seven(), 9);
                assert!(t.undo_seven());
                assert_eq!(t.seven(), 8);
                assert!(!t.undo_seven(), "a history of 2");
                assert!(t.redo_seven());
                assert!(t.redo_seven());
                assert_eq!(t.seven(), 7);
            }
        }
    };
}

every_mode!(owned, [], owned);
every_mode!(shared, [shared,], handle);
every_mode!(sync, [sync,], handle);

// Locations, outside any `macro_rules!` (in one, every location is the
// invocation's line).

/// A traced tracker of each mode, declared far from the calls below, so
/// that a location inside the generated code would not pass for the
/// caller's.
#[private_tracker(history = 2, trace, field = place, guard = |n: &u32| *n < 100)]
pub fn owned_where_tracker() -> u32;

/// Mode shared.
#[private_tracker(shared, history = 2, trace, field = place, guard = |n: &u32| *n < 100)]
pub fn shared_where_tracker() -> u32;

/// Mode sync.
#[private_tracker(sync, history = 2, trace, field = place, guard = |n: &u32| *n < 100)]
pub fn sync_where_tracker() -> u32;

fn line_of(at: Option<&'static Location<'static>>) -> Option<(&'static str, u32)> {
    at.map(|at| (at.file(), at.line()))
}

fn here(line: u32) -> (&'static str, u32) {
    (file!(), line)
}

#[test]
fn owned_locations_point_at_the_callers_line() {
    let mut t = owned_where_tracker();
    let first = line!() + 1;
    t.set_place(1).unwrap();
    assert_eq!(line_of(t.last_write_at()), Some(here(first)));
    let second = line!() + 1;
    t.replace_place(2).unwrap();
    assert_eq!(line_of(t.last_write_at()), Some(here(second)));
    let refused = line!() + 1;
    assert!(t.update_place(|_| 500).is_err());
    assert_eq!(line_of(t.last_refused_at()), Some(here(refused)));
    assert_eq!(line_of(t.last_write_at()), Some(here(second)), "a refusal is no write");
    let entries: Vec<_> =
        t.history_place().map(|entry| (entry.value().copied(), line_of(entry.location()))).collect();
    assert_eq!(
        entries,
        [(Some(1), Some(here(first))), (None, None)],
        "an entry carries its write's location"
    );
    let undo = line!() + 1;
    assert!(t.undo_place());
    assert_eq!(line_of(t.last_write_at()), Some(here(undo)));
    assert!(t.redo_place());
    let entries: Vec<_> = t.history_place().map(|entry| line_of(entry.location())).collect();
    assert_eq!(entries, [Some(here(first)), None], "a redone value keeps where it came from");
    let modified = line!() + 1;
    t.modify_place(|n| *n = Some(3)).unwrap();
    assert_eq!(line_of(t.last_write_at()), Some(here(modified)));
    let taken = line!() + 1;
    t.take_place();
    assert_eq!(line_of(t.last_write_at()), Some(here(taken)));
}

#[test]
fn shared_locations_point_at_the_callers_line() {
    let t = shared_where_tracker();
    let first = line!() + 1;
    t.set_place(1).unwrap();
    assert_eq!(line_of(t.last_write_at()), Some(here(first)));
    let refused = line!() + 1;
    assert!(t.set_place(100).is_err());
    assert_eq!(line_of(t.last_refused_at()), Some(here(refused)));
    let second = line!() + 1;
    t.update_place(|n| n.copied().unwrap_or(0) + 1).unwrap();
    let entries =
        t.history_place(|entries| entries.map(|entry| line_of(entry.location())).collect::<Vec<_>>());
    assert_eq!(entries, [Some(here(first)), None]);
    assert_eq!(line_of(t.last_write_at()), Some(here(second)));
    let undo = line!() + 1;
    assert!(t.undo_place());
    assert_eq!(line_of(t.last_write_at()), Some(here(undo)));
    let modified = line!() + 1;
    t.modify_place(|n| *n = Some(9)).unwrap();
    assert_eq!(line_of(t.last_write_at()), Some(here(modified)));
    let refused = line!() + 1;
    assert!(t.modify_place(|n| *n = Some(900)).is_err());
    assert_eq!(line_of(t.last_refused_at()), Some(here(refused)));
}

#[test]
fn sync_locations_point_at_the_callers_line() {
    let t = sync_where_tracker();
    let first = line!() + 1;
    t.set_place(1).unwrap();
    assert_eq!(line_of(t.last_write_at()), Some(here(first)));
    let refused = line!() + 1;
    assert!(t.update_place(|_| 100).is_err());
    assert_eq!(line_of(t.last_refused_at()), Some(here(refused)));
    let other = t.clone();
    let from_a_thread = std::thread::spawn(move || {
        let line = line!() + 1;
        other.replace_place(2).unwrap();
        line
    })
    .join()
    .unwrap();
    assert_eq!(line_of(t.last_write_at()), Some(here(from_a_thread)));
    let entries =
        t.history_place(|entries| entries.map(|entry| line_of(entry.location())).collect::<Vec<_>>());
    assert_eq!(entries, [Some(here(first)), None]);
    let redo_line = line!() + 2;
    assert!(t.undo_place());
    assert!(t.redo_place());
    assert_eq!(line_of(t.last_write_at()), Some(here(redo_line)));
    let taken = line!() + 1;
    t.take_place();
    assert_eq!(line_of(t.last_write_at()), Some(here(taken)));
}

// A hostile value: its `Drop` and its `Clone` call the tracker that holds it.

/// A number whose `Drop` reads the tracker in `LOUD`, and whose `Clone`
/// does too when `CLONE_CALLS` is set.
#[derive(Debug, PartialEq)]
pub struct Loud(u32);

static LOUD: std::sync::OnceLock<LoudTracker> = std::sync::OnceLock::new();
static CLONE_CALLS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
static DROPS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

impl Clone for Loud {
    fn clone(&self) -> Self {
        if CLONE_CALLS.load(std::sync::atomic::Ordering::SeqCst) {
            let _ = LOUD.get().map(|t| t.with_loud(|v| v.map(|l| l.0)));
        }
        Self(self.0)
    }
}

impl Drop for Loud {
    fn drop(&mut self) {
        if let Some(t) = LOUD.get() {
            let _ = t.with_loud(|v| v.map(|l| l.0));
            DROPS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    }
}

/// Mode sync, the hardest case: a call under the lock would wait for itself.
#[private_tracker(sync, history = 1, trace)]
pub fn loud_tracker() -> Loud;

#[test]
fn sync_values_leave_the_history_with_no_lock_held_and_a_reentrant_clone_panics_instead_of_deadlocking() {
    use std::sync::atomic::Ordering;
    let t = LOUD.get_or_init(loud_tracker);
    t.set_loud(Loud(1));
    t.set_loud(Loud(2));
    let before = DROPS.load(Ordering::SeqCst);
    t.set_loud(Loud(3));
    assert_eq!(DROPS.load(Ordering::SeqCst), before + 1, "the evicted value was dropped, with the lock free");
    assert!(t.undo_loud());
    assert!(t.redo_loud());
    let before = DROPS.load(Ordering::SeqCst);
    t.clear_history_loud();
    assert_eq!(DROPS.load(Ordering::SeqCst), before + 1, "the cleared value was dropped, with the lock free");

    // `replace_…` copies the previous value into the history, under the lock.
    let written = t.last_write_at();
    CLONE_CALLS.store(true, Ordering::SeqCst);
    let copied = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| t.replace_loud(Loud(4))));
    CLONE_CALLS.store(false, Ordering::SeqCst);
    let message = copied.unwrap_err();
    let message = message.downcast_ref::<String>().map(String::as_str).unwrap_or_default();
    assert!(message.contains("LoudTracker"), "names the tracker: {message}");
    assert_eq!(t.with_loud(|v| v.map(|l| l.0)), Some(3), "the failed write changed nothing");
    assert_eq!(t.last_write_at(), written, "nor the trace");
    assert!(!t.undo_loud(), "nor the history");
    t.set_loud(Loud(5));
    assert!(t.undo_loud(), "and the tracker still works");
}

/// No options: the plain value.
#[private_tracker]
pub fn plain_tracker() -> u64;

/// Traced alone.
#[private_tracker(trace)]
pub fn traced_only_tracker() -> u64;

#[test]
fn without_the_options_a_tracker_keeps_its_size_and_each_option_costs_what_it_keeps_inline() {
    use std::mem::size_of;
    type Location = Option<&'static std::panic::Location<'static>>;
    assert_eq!(size_of::<PlainTracker>(), size_of::<Option<u64>>());
    assert_eq!(size_of::<shared::CountTracker>(), size_of::<usize>(), "a handle is one pointer");
    assert_eq!(size_of::<sync::CountTracker>(), size_of::<usize>());
    // The last write's and the last refusal's locations.
    assert_eq!(size_of::<TracedOnlyTracker>(), size_of::<Option<u64>>() + 2 * size_of::<Location>());
    // Three entries inline (a value and nothing more, without `trace`), the
    // stored value, and three counters.
    assert_eq!(
        size_of::<owned::CountTracker>(),
        3 * size_of::<Option<Option<u32>>>() + size_of::<Option<u32>>() + 3 * size_of::<usize>()
    );
}

/// A refusal inside the tracker's own closure returns `Err` with `trace`
/// on, as without it; it is not recorded.
#[private_tracker(shared, trace, guard = |n: &u32| *n < 100)]
pub fn shared_refusing_tracker() -> u32;

/// Mode sync.
#[private_tracker(sync, trace, guard = |n: &u32| *n < 100)]
pub fn sync_refusing_tracker() -> u32;

#[test]
fn a_write_refused_inside_the_trackers_own_closure_is_refused_not_a_panic() {
    let shared = shared_refusing_tracker();
    assert!(shared.with_shared_refusing(|_| shared.set_shared_refusing(500).is_err()));
    assert_eq!(shared.last_refused_at(), None, "not recorded there");
    let sync = sync_refusing_tracker();
    assert!(sync.with_sync_refusing(|_| sync.set_sync_refusing(500).is_err()));
    assert_eq!(sync.last_refused_at(), None);
    assert!(sync.set_sync_refusing(500).is_err());
    assert!(sync.last_refused_at().is_some(), "recorded elsewhere");
}

/// A value whose `Drop` panics when its number is odd and `ODD_PANICS` is
/// set.
#[derive(Clone, Debug, PartialEq)]
pub struct Brittle(u32);

static ODD_PANICS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

impl Drop for Brittle {
    fn drop(&mut self) {
        let armed = self.0 % 2 == 1 && ODD_PANICS.swap(false, std::sync::atomic::Ordering::SeqCst);
        assert!(!armed, "brittle");
    }
}

/// Owned, with a history of one, traced and observed.
#[private_tracker(history = 1, trace, observe)]
pub fn brittle_tracker() -> Brittle;

#[test]
fn an_owned_write_whose_evicted_value_panics_in_drop_has_still_happened_whole() {
    let mut t = brittle_tracker();
    t.set_brittle(Brittle(1));
    t.set_brittle(Brittle(2));
    ODD_PANICS.store(true, std::sync::atomic::Ordering::SeqCst);
    let line = line!() + 1;
    let replaced = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| t.replace_brittle(Brittle(4))));
    assert!(replaced.is_err(), "the evicted Brittle(1) panicked in its drop");
    assert_eq!(t.brittle(), Some(&Brittle(4)), "after the write");
    assert_eq!(t.version(), 3, "which counted");
    assert_eq!(t.last_write_at().map(Location::line), Some(line));
    assert!(t.undo_brittle());
    assert_eq!(t.brittle(), Some(&Brittle(2)), "and undoes to the value it replaced");
}

/// Owned, with `Rc` values, to count who holds them.
#[private_tracker(history = 3)]
pub fn rc_tracker() -> std::rc::Rc<u32>;

#[test]
fn a_clone_copies_the_undo_and_redo_lists_and_nothing_a_write_cut_off() {
    use std::rc::Rc;
    let mut t = rc_tracker();
    let three = Rc::new(3);
    t.set_rc(Rc::new(1));
    t.set_rc(Rc::new(2));
    t.set_rc(Rc::clone(&three));
    assert!(t.undo_rc());
    assert!(t.undo_rc());
    t.set_rc(Rc::new(4));
    assert!(!t.redo_rc());
    let copy = t.clone();
    assert_eq!(Rc::strong_count(&three), 2, "the cut-off value, in `t` only until its place is reused");
    drop(t);
    assert_eq!(Rc::strong_count(&three), 1, "the copy holds none of it");
    assert_eq!(
        copy.history_rc().map(|entry| entry.value().map(|n| **n)).collect::<Vec<_>>(),
        [Some(1), None]
    );
}
