//! Every generated door of mode *sync*: shared storage across threads.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::thread;

use private_tracker::private_tracker;

/// A counter shared by threads, with a guard.
#[private_tracker(sync, guard = |n: &u64| *n < 1_000_000)]
pub fn counter_tracker(#[get] name: String) -> u64;

#[test]
fn updates_from_many_threads_are_never_lost() {
    const THREADS: u64 = 4;
    const UPDATES: u64 = 50_000;
    let counter = counter_tracker("clicks".to_owned());
    let workers: Vec<_> = (0..THREADS)
        .map(|_| {
            let counter = counter.clone();
            thread::spawn(move || {
                for _ in 0..UPDATES {
                    counter.update_counter(|n| n.copied().unwrap_or(0) + 1).unwrap();
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    assert_eq!(counter.counter(), Some(THREADS * UPDATES));
    assert_eq!(counter.name(), "clicks");
}

#[test]
fn every_door_works_across_threads() {
    let counter = counter_tracker("n".to_owned());
    let other = counter.clone();
    assert!(CounterTracker::ptr_eq(&counter, &other));
    thread::spawn(move || {
        other.set_counter(1).unwrap();
        assert_eq!(other.replace_counter(2), Ok(Some(1)));
    })
    .join()
    .unwrap();
    assert_eq!(counter.with_counter(|n| n.map(|n| n * 10)), Some(20));
    assert_eq!(counter.set_counter(1_000_000).unwrap_err().into_inner(), 1_000_000);
    assert_eq!(counter.take_counter(), Some(2));
    let mut as_fn = counter.clone().into_fn();
    assert_eq!(as_fn(Some(5)), Some(5));
    assert_eq!(counter.counter(), Some(5));
}

#[test]
fn a_panic_in_one_thread_poisons_nothing_for_the_others() {
    let counter = counter_tracker("n".to_owned());
    counter.set_counter(7).unwrap();
    let other = counter.clone();
    let panicked = thread::spawn(move || other.update_counter(|_| panic!("update"))).join();
    assert!(panicked.is_err());
    assert_eq!(counter.counter(), Some(7));
    let other = counter.clone();
    thread::spawn(move || other.set_counter(8).unwrap()).join().unwrap();
    assert_eq!(counter.counter(), Some(8));
}

#[private_tracker(sync, guard = |n: &u8| if *n == 13 { panic!("unlucky") } else { true })]
fn lucky_tracker() -> u8;

#[test]
fn a_panicking_guard_loses_nothing() {
    let lucky = lucky_tracker();
    lucky.set_lucky(7).unwrap();
    let other = lucky.clone();
    assert!(thread::spawn(move || other.update_lucky(|_| 13)).join().is_err());
    assert!(catch_unwind(AssertUnwindSafe(|| lucky.set_lucky(13))).is_err());
    assert_eq!(lucky.lucky(), Some(7));
}

#[test]
fn reentrant_calls_panic_with_the_name_instead_of_deadlocking() {
    let counter = counter_tracker("n".to_owned());
    let same = counter.clone();
    let payload = catch_unwind(AssertUnwindSafe(|| counter.with_counter(|_| same.counter()))).unwrap_err();
    let message = payload.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("`CounterTracker` was used from inside its own"), "{message}");
    counter.set_counter(1).unwrap();
    assert_eq!(same.counter(), Some(1));
}

/// `Send + Sync` when the captures are `Send + Sync` and the value is `Send`.
#[private_tracker(sync)]
fn cell_tracker(#[get] label: &'static str) -> std::cell::Cell<u8>;

#[test]
fn send_and_sync_need_only_a_send_value() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<CounterTracker>();
    send_sync::<CellTracker>();
    let cells = cell_tracker("c");
    let other = cells.clone();
    thread::spawn(move || other.set_cell(std::cell::Cell::new(3))).join().unwrap();
    assert_eq!(cells.with_cell(|c| c.map(std::cell::Cell::get)), Some(3));
    assert_eq!(cells.label(), "c");
}

/// Generics and elided lifetimes work as in mode owned.
#[private_tracker(sync)]
fn borrowed_tracker<T: Send + Sync + Clone>(#[get] prefix: &str, _marker: T) -> &str;

#[test]
fn generics_and_lifetimes_work() {
    let text = String::from("abc");
    let tracker = borrowed_tracker(&text, 1_u8);
    tracker.set_borrowed(&text[1..]);
    thread::scope(|scope| {
        let other = tracker.clone();
        scope.spawn(move || assert_eq!(other.borrowed(), Some("bc")));
    });
    assert_eq!(tracker.prefix(), "abc");
}

/// A value whose `Clone` and `Drop` call the tracker that holds it, kept in
/// a static so that they can reach it.
#[derive(Debug)]
struct Loopy;

static LOOPY: std::sync::OnceLock<LoopyTracker> = std::sync::OnceLock::new();
static GUARD_PANICS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

impl Clone for Loopy {
    fn clone(&self) -> Self {
        // Runs under the getter's lock: must panic, never wait for itself.
        if let Some(tracker) = LOOPY.get() {
            tracker.with_loopy(|_| ());
        }
        Loopy
    }
}

impl Drop for Loopy {
    fn drop(&mut self) {
        // Must run after the lock is released, or it would wait for itself
        // (and, while unwinding, abort the process).
        if let Some(tracker) = LOOPY.get() {
            tracker.with_loopy(|_| ());
        }
    }
}

fn panics_when_asked(_: &Loopy) -> bool {
    assert!(!GUARD_PANICS.load(std::sync::atomic::Ordering::SeqCst), "the guard panicked");
    true
}

#[private_tracker(sync, guard = panics_when_asked)]
fn loopy_tracker() -> Loopy;

#[test]
fn clone_and_drop_may_call_their_own_tracker() {
    let tracker = LOOPY.get_or_init(loopy_tracker);
    tracker.set_loopy(Loopy).unwrap();

    // `V::clone` in the getter calls the tracker: a panic naming it.
    let payload = catch_unwind(AssertUnwindSafe(|| tracker.loopy())).unwrap_err();
    let message = payload.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("`LoopyTracker` was used from inside its own"), "{message}");

    // A guard that panics in `update_…`: the computed value is dropped after
    // the lock is released, so its `Drop` can use the tracker.
    GUARD_PANICS.store(true, std::sync::atomic::Ordering::SeqCst);
    let payload = catch_unwind(AssertUnwindSafe(|| tracker.update_loopy(|_| Loopy))).unwrap_err();
    GUARD_PANICS.store(false, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"the guard panicked"));

    // Replaced and taken values are dropped after unlocking too, and the
    // tracker still works.
    assert!(tracker.replace_loopy(Loopy).unwrap().is_some());
    assert!(tracker.take_loopy().is_some());
    assert!(tracker.with_loopy(|value| value.is_none()));
}
