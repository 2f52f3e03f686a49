//! `observe(distinct)`: a write of a value equal to the stored one changes
//! nothing. It bumps no version, calls no subscriber, enters no history and
//! moves no trace, in every mode; `modify_…` and undo/redo count as before.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

use private_tracker::private_tracker;

/// Mode owned, with a history and a trace.
#[private_tracker(observe(distinct), history = 4, trace)]
pub fn owned_tracker() -> String;

/// Mode shared, never empty.
#[private_tracker(shared, observe(distinct), init = 0, history = 4)]
pub fn shared_tracker() -> u32;

/// Mode sync, guarded.
#[private_tracker(sync, observe(distinct), guard = |value: &u32| *value < 100, history = 4)]
pub fn sync_tracker() -> u32;

/// A value of generic type: compared through `T: PartialEq` on the doors.
#[private_tracker(sync, observe(distinct))]
pub fn generic_tracker<T: Clone + Send + 'static>() -> T;

/// Without the option, every accepted write counts, equal or not.
#[private_tracker(shared, observe)]
pub fn every_tracker() -> u32;

/// What an owned subscriber heard: each version, with its value.
type Heard = Rc<RefCell<Vec<(u64, Option<String>)>>>;

#[test]
fn owned_equal_writes_change_nothing() {
    let mut tracker = owned_tracker();
    let heard: Heard = Rc::default();
    let log = Rc::clone(&heard);
    let _key = tracker
        .subscribe_owned(move |change| log.borrow_mut().push((change.version(), change.value().clone())));
    assert_eq!(tracker.take_owned(), None, "an empty tracker emptied");
    assert_eq!(tracker.version(), 0);
    tracker.set_owned("a".to_owned());
    let first_write = tracker.last_write_at();
    tracker.set_owned("a".to_owned());
    tracker.update_owned(|value| value.cloned().unwrap_or_default());
    assert_eq!(tracker.replace_owned("a".to_owned()), Some("a".to_owned()), "the caller's own value back");
    assert_eq!(tracker.version(), 1);
    assert_eq!(tracker.last_write_at(), first_write, "the trace still names the one write");
    tracker.set_owned("b".to_owned());
    assert_eq!(tracker.version(), 2);
    // An in-place edit has nothing to compare with: it counts.
    tracker.modify_owned(|_| {});
    assert_eq!(tracker.version(), 3);
    assert_eq!(
        tracker.history_owned().map(|entry| entry.value().cloned()).collect::<Vec<_>>(),
        [Some("b".to_owned()), Some("a".to_owned()), None]
    );
    assert_eq!(
        *heard.borrow(),
        [(1, Some("a".to_owned())), (2, Some("b".to_owned())), (3, Some("b".to_owned()))]
    );
}

#[test]
fn shared_equal_writes_change_nothing() {
    let tracker = shared_tracker();
    let heard: Rc<RefCell<Vec<u64>>> = Rc::default();
    let log = Rc::clone(&heard);
    let _subscription = tracker.subscribe_shared(move |change| log.borrow_mut().push(change.version()));
    tracker.set_shared(0);
    assert_eq!(tracker.reset_shared(), 0, "a reset to an equal initial value");
    tracker.update_shared(|value| *value);
    assert_eq!(tracker.version(), 0);
    tracker.set_shared(1);
    tracker.set_shared(1);
    assert_eq!(tracker.replace_shared(2), 1);
    assert_eq!(tracker.version(), 2);
    assert_eq!(
        tracker.history_shared(|entries| entries.map(|entry| *entry.value()).collect::<Vec<_>>()),
        [1, 0]
    );
    assert!(tracker.undo_shared());
    assert_eq!((tracker.shared(), tracker.version()), (1, 3), "undo counts");
    assert_eq!(*heard.borrow(), [1, 2, 3]);
}

#[test]
fn sync_equal_writes_change_nothing_and_refused_ones_are_still_refused() {
    let tracker = sync_tracker();
    let heard: Arc<Mutex<Vec<u64>>> = Arc::default();
    let log = Arc::clone(&heard);
    let _subscription = tracker.subscribe_sync(move |change| log.lock().unwrap().push(change.version()));
    assert_eq!(tracker.take_sync(), None);
    tracker.set_sync(7).unwrap();
    tracker.set_sync(7).unwrap();
    tracker.update_sync(|value| value.copied().unwrap_or(0)).unwrap();
    assert_eq!(tracker.replace_sync(7).unwrap(), Some(7));
    assert_eq!(tracker.set_sync(100).unwrap_err().into_inner(), 100, "the guard still refuses");
    assert_eq!(tracker.version(), 1);
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let tracker = tracker.clone();
            std::thread::spawn(move || {
                for _ in 0..100 {
                    tracker.set_sync(8).unwrap();
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    assert_eq!(tracker.version(), 2, "of 400 writes of 8, one changed the value");
    assert_eq!(
        tracker.history_sync(|entries| entries.map(|entry| entry.value().copied()).collect::<Vec<_>>()),
        [Some(7), None]
    );
    assert_eq!(tracker.take_sync(), Some(8));
    assert_eq!(*heard.lock().unwrap(), [1, 2, 3]);
}

#[test]
fn a_generic_value_compares_through_its_partial_eq() {
    let tracker = generic_tracker::<Vec<u8>>();
    tracker.set_generic(vec![1]);
    tracker.set_generic(vec![1]);
    assert_eq!(tracker.version(), 1);
    // A float's `PartialEq`: NaN is never equal, so each NaN write counts.
    let floats = generic_tracker::<f64>();
    floats.set_generic(f64::NAN);
    floats.set_generic(f64::NAN);
    assert_eq!(floats.version(), 2);
}

#[test]
fn without_the_option_every_accepted_write_counts() {
    let tracker = every_tracker();
    tracker.set_every(1);
    tracker.set_every(1);
    assert_eq!(tracker.take_every(), Some(1));
    assert_eq!(tracker.take_every(), None);
    assert_eq!(tracker.version(), 4);
}

/// A value whose `PartialEq` panics, or calls the tracker that holds it.
#[derive(Clone, Debug)]
pub struct Hostile(u8);

static CALLS_HOME: Mutex<Option<HostileTracker>> = Mutex::new(None);

impl PartialEq for Hostile {
    fn eq(&self, other: &Self) -> bool {
        assert!(self.0 != 13 && other.0 != 13, "this comparison panics");
        if self.0 == 42 || other.0 == 42 {
            let home = CALLS_HOME.lock().unwrap().clone();
            if let Some(home) = home {
                let _ = home.hostile();
            }
        }
        self.0 == other.0
    }
}

/// A sync tracker of `Hostile` values.
#[private_tracker(sync, observe(distinct))]
pub fn hostile_tracker() -> Hostile;

#[test]
fn a_comparison_that_panics_or_calls_its_tracker_changes_nothing_and_never_deadlocks() {
    let tracker = hostile_tracker();
    tracker.set_hostile(Hostile(1));
    let panicked =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| tracker.set_hostile(Hostile(13))));
    assert!(panicked.is_err());
    assert_eq!((tracker.hostile(), tracker.version()), (Some(Hostile(1)), 1), "unchanged, and usable");
    *CALLS_HOME.lock().unwrap() = Some(tracker.clone());
    let reentrant =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| tracker.set_hostile(Hostile(42))));
    CALLS_HOME.lock().unwrap().take();
    let payload = reentrant.unwrap_err();
    let message = payload.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("`HostileTracker` was used from inside its own"), "{message}");
    tracker.set_hostile(Hostile(2));
    assert_eq!(tracker.version(), 2);
}

/// Mode owned over a value of generic type: made and cloned with no bound,
/// compared where it is written.
#[private_tracker(observe(distinct))]
pub fn owned_generic_tracker<T: 'static>() -> T;

#[test]
fn an_owned_generic_value_compares_through_its_partial_eq() {
    let mut tracker = owned_generic_tracker::<u8>();
    tracker.set_owned_generic(1);
    tracker.set_owned_generic(1);
    let copy = tracker.clone();
    assert_eq!((tracker.version(), copy.version()), (1, 1));
}
