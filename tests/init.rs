//! `init = …`: a tracker that starts holding a value and is never empty, in
//! every mode. Reads return the value itself, `reset_…` takes the place of
//! `take_…`, and a guard that refuses the initial value makes the
//! constructor panic.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use private_tracker::private_tracker;

/// A click counter that starts at zero.
#[private_tracker(init = 0)]
pub fn click_tracker() -> u32;

/// A log that starts with a line naming its owner, evaluated per call.
#[private_tracker(init = vec![format!("opened by {owner}")])]
pub fn log_tracker(#[get] owner: String) -> Vec<String>;

/// A score that starts at `start` and may not pass `limit`, both sealed.
#[private_tracker(init = *start, guard = |n: &u32| *n <= *limit)]
pub fn score_tracker(start: u32, limit: u32) -> u32;

/// A shared counter.
#[private_tracker(shared, init = 0)]
pub fn counter_tracker() -> u64;

/// A shared, guarded list that starts with its first entry.
#[private_tracker(shared, init = vec![*first], guard = |v: &Vec<u8>| v.len() <= 3)]
pub fn list_tracker(first: u8) -> Vec<u8>;

/// A counter across threads.
#[private_tracker(sync, init = 0)]
pub fn hits_tracker() -> u64;

/// A sync, guarded value that starts at its capture.
#[private_tracker(sync, init = *start, guard = |n: &i64| *n >= 0)]
pub fn balance_tracker(start: i64) -> i64;

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(ToString::to_string))
        .unwrap_or_default()
}

#[test]
fn owned_reads_return_the_value_itself() {
    let mut clicks = click_tracker();
    assert_eq!(clicks.click(), 0);
    clicks.update_click(|n| n + 1);
    clicks.modify_click(|n| *n += 1);
    assert_eq!(clicks.click(), 2);
    assert_eq!(clicks.with_click(|n| n * 10), 20);
    assert_eq!(clicks.replace_click(7), 2);
    assert_eq!(clicks.reset_click(), 7);
    assert_eq!(clicks.click(), 0);
}

#[test]
fn init_sees_the_captures_and_runs_at_each_constructor_call_and_reset() {
    let mut log = log_tracker("ana".to_owned());
    assert_eq!(log.log(), &["opened by ana"]);
    // `modify_` edits in place, without cloning the log.
    log.modify_log(|log| log.push("click".to_owned()));
    assert_eq!(log.log().len(), 2);
    let other = log_tracker("bo".to_owned());
    assert_eq!(other.log(), &["opened by bo"]);
    // `reset_` evaluates `init` again, with the captures of this tracker.
    let old = log.reset_log();
    assert_eq!(old, ["opened by ana", "click"]);
    assert_eq!(log.log(), &["opened by ana"]);
    assert_eq!(log.owner(), "ana");
}

#[test]
fn owned_guard_checks_writes_and_resets() {
    let mut score = score_tracker(3, 10);
    assert_eq!(score.score(), 3);
    assert_eq!(score.set_score(11).unwrap_err().into_inner(), 11);
    assert_eq!(score.update_score(|n| n * 3), Ok(()));
    assert_eq!(score.score(), 9);
    let refused = score.modify_score(|n| *n += 5).unwrap_err();
    assert_eq!(refused.into_inner(), 14);
    assert_eq!(score.score(), 9);
    assert_eq!(score.replace_score(10), Ok(9));
    assert_eq!(score.reset_score(), Ok(10));
    assert_eq!(score.score(), 3);
    let mut as_fn = score.into_fn();
    assert_eq!(as_fn(Some(99)), 3);
    assert_eq!(as_fn(Some(4)), 4);
}

#[test]
fn an_initial_value_the_guard_refuses_panics_at_the_callers_line() {
    // Other tests panic on purpose, in parallel: keep only this one's panic.
    let location = Arc::new(std::sync::Mutex::new(None));
    let seen = Arc::clone(&location);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if panic_message(info.payload()).contains("of ScoreTracker") {
            *seen.lock().unwrap() = info.location().map(|at| (at.file().to_owned(), at.line()));
        }
    }));
    let payload = catch_unwind(|| score_tracker(11, 10)).map(drop).unwrap_err();
    let line = line!() - 1;
    std::panic::set_hook(previous);
    let message = panic_message(payload.as_ref());
    assert!(
        message.starts_with(
            "the guard of ScoreTracker rejected its initial value (Rejected { tracker: ScoreTracker, value: 11 })"
        ),
        "{message}"
    );
    assert_eq!(*location.lock().unwrap(), Some((file!().to_owned(), line)));
}

#[test]
fn shared_handles_see_one_value_that_is_never_empty() {
    let a = counter_tracker();
    let b = a.clone();
    assert_eq!(b.counter(), 0);
    a.update_counter(|n| n + 1);
    b.modify_counter(|n| *n += 1);
    assert_eq!(a.counter(), 2);
    assert_eq!(b.with_counter(|n| *n), 2);
    assert_eq!(a.replace_counter(5), 2);
    assert_eq!(b.reset_counter(), 5);
    assert_eq!(a.counter(), 0);
}

#[test]
fn shared_guard_checks_edits_and_resets() {
    let list = list_tracker(1);
    let other = list.clone();
    assert_eq!(other.list(), vec![1]);
    assert_eq!(list.modify_list(|v| v.extend([2, 3])), Ok(()));
    let refused = other.modify_list(|v| v.push(4)).unwrap_err();
    assert_eq!(refused.into_inner(), [1, 2, 3, 4]);
    assert_eq!(list.list(), vec![1, 2, 3]);
    assert_eq!(other.reset_list(), Ok(vec![1, 2, 3]));
    assert_eq!(list.list(), vec![1]);
}

#[test]
fn sync_counter_counts_every_update_from_every_thread() {
    let hits = hits_tracker();
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let hits = hits.clone();
            thread::spawn(move || {
                for _ in 0..1000 {
                    hits.modify_hits(|n| *n += 1);
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    assert_eq!(hits.hits(), 4000);
    assert_eq!(hits.reset_hits(), 4000);
    assert_eq!(hits.hits(), 0);
}

#[test]
fn sync_guard_checks_every_write_and_reset() {
    let balance = balance_tracker(10);
    assert_eq!(balance.balance(), 10);
    assert_eq!(balance.update_balance(|n| n - 11).unwrap_err().into_inner(), -1);
    assert_eq!(balance.modify_balance(|n| *n -= 4), Ok(()));
    assert_eq!(balance.reset_balance(), Ok(6));
    let payload = catch_unwind(|| balance_tracker(-1)).map(drop).unwrap_err();
    assert!(
        panic_message(payload.as_ref()).contains("the guard of BalanceTracker rejected its initial value")
    );
}

#[test]
fn sync_reset_from_inside_its_own_closure_panics_instead_of_deadlocking() {
    let hits = hits_tracker();
    let same = hits.clone();
    let payload = catch_unwind(AssertUnwindSafe(|| hits.with_hits(|_| same.reset_hits()))).unwrap_err();
    assert!(panic_message(payload.as_ref()).contains("`HitsTracker` was used from inside its own"));
    assert_eq!(hits.hits(), 0);
}

/// Counts how often `init` runs.
static INITS: AtomicUsize = AtomicUsize::new(0);

fn counted() -> u8 {
    INITS.fetch_add(1, Ordering::SeqCst);
    1
}

#[private_tracker(init = counted())]
fn counted_tracker() -> u8;

#[test]
fn init_runs_once_per_constructor_call_and_once_per_reset() {
    let before = INITS.load(Ordering::SeqCst);
    let mut tracker = counted_tracker();
    let copy = tracker.clone();
    tracker.set_counted(5);
    assert_eq!(INITS.load(Ordering::SeqCst), before + 1, "a clone copies, it does not re-run init");
    assert_eq!(tracker.reset_counted(), 5);
    assert_eq!(INITS.load(Ordering::SeqCst), before + 2);
    assert_eq!(copy.counted(), 1);
}

#[test]
fn a_never_empty_owned_tracker_costs_what_its_value_costs() {
    assert_eq!(size_of::<ClickTracker>(), size_of::<u32>());
    assert_eq!(size_of::<ScoreTracker>(), 3 * size_of::<u32>());
}

/// Borrows its value, never empty, guarded.
#[private_tracker(init = text, guard = |t: &&str| !t.is_empty())]
pub fn cursor_tracker(text: &str) -> &str;

/// Owned trackers are covariant in their lifetimes, as a struct with the same
/// fields is: a tracker of `'static` data serves where a shorter borrow is
/// expected. (The storage is generic over its slot type itself, not over a
/// kind with an associated type, which would make it invariant.)
#[test]
fn owned_trackers_are_covariant_in_their_lifetimes() {
    fn shorten<'short>(tracker: CursorTracker<'static>) -> CursorTracker<'short> {
        tracker
    }
    fn shorten_plain<'short>(tracker: WordTracker<'static>) -> WordTracker<'short> {
        tracker
    }
    let local = String::from("local");
    let mut cursor = shorten(cursor_tracker("static"));
    cursor.set_cursor(&local).unwrap();
    assert_eq!(cursor.cursor(), "local");
    assert_eq!(cursor.reset_cursor(), Ok("local"));
    let mut word = shorten_plain(word_tracker("static"));
    word.set_word(&local);
    assert_eq!(word.word(), Some("local"));
}

/// Borrows its value, may be empty, unguarded: the default slot.
#[private_tracker]
pub fn word_tracker(text: &str) -> &str;
