//! `observe` in mode owned: a version that counts accepted writes, and
//! subscribers that hear of each one, in order, with what was written.

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use private_tracker::{Change, ChangeKind, private_tracker};

/// The seed's tracker, observed and guarded.
#[private_tracker(observe, guard = private_tracker::truthy)]
pub fn action_tracker(#[get] choice: &'static str) -> &'static str;

/// A never-empty counter, observed.
#[private_tracker(observe, init = 0)]
pub fn click_tracker() -> u32;

/// Unobserved, for the size check.
#[private_tracker]
pub fn plain_tracker() -> u64;

type Log = Rc<RefCell<Vec<String>>>;

fn record(log: &Log, name: &'static str) -> impl FnMut(&Change<'_, Option<&'static str>>) + 'static {
    let log = Rc::clone(log);
    move |change| {
        log.borrow_mut().push(format!(
            "{name} v{} {:?} {:?}",
            change.version(),
            change.kind(),
            change.value()
        ));
    }
}

#[test]
fn version_counts_accepted_writes_only() {
    let mut red = action_tracker("red");
    assert_eq!(red.version(), 0);
    red.set_action("click").unwrap();
    assert!(red.set_action("").is_err());
    assert!(red.update_action(|_| "").is_err());
    assert_eq!(red.version(), 1, "refused writes change nothing");
    red.take_action();
    assert_eq!(red.version(), 2);
}

#[test]
fn subscribers_hear_every_kind_of_write_in_the_order_they_subscribed() {
    let mut red = action_tracker("red");
    let log: Log = Rc::default();
    let first = red.subscribe_action(record(&log, "a"));
    red.subscribe_action(record(&log, "b"));
    red.set_action("click").unwrap();
    red.replace_action("touch").unwrap();
    assert!(red.unsubscribe_action(first));
    assert!(!red.unsubscribe_action(first), "a key unsubscribes once");
    red.update_action(|v| if v == Some(&"touch") { "tap" } else { "?" }).unwrap();
    red.modify_action(|v| *v = Some("hold")).unwrap();
    red.take_action();
    assert_eq!(
        *log.borrow(),
        [
            "a v1 Set Some(\"click\")",
            "b v1 Set Some(\"click\")",
            "a v2 Replace Some(\"touch\")",
            "b v2 Replace Some(\"touch\")",
            "b v3 Update Some(\"tap\")",
            "b v4 Modify Some(\"hold\")",
            "b v5 Take None",
        ]
    );
}

#[test]
fn a_refused_write_notifies_no_one() {
    let mut red = action_tracker("red");
    let log: Log = Rc::default();
    red.subscribe_action(record(&log, "a"));
    assert!(red.set_action("").is_err());
    assert!(red.modify_action(|v| *v = Some("")).is_err());
    assert!(log.borrow().is_empty());
}

#[test]
fn never_empty_trackers_report_the_value_itself_and_resets() {
    let mut clicks = click_tracker();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = Rc::clone(&seen);
    clicks.subscribe_click(move |change: &Change<'_, u32>| {
        sink.borrow_mut().push((*change.value(), change.kind()));
    });
    clicks.update_click(|n| n + 1);
    clicks.modify_click(|n| *n += 1);
    assert_eq!(clicks.reset_click(), 2);
    assert_eq!(*seen.borrow(), [(1, ChangeKind::Update), (2, ChangeKind::Modify), (0, ChangeKind::Reset)]);
    assert_eq!(clicks.version(), 3);
}

#[test]
fn a_panicking_subscriber_leaves_the_write_committed_and_the_others_called() {
    let mut red = action_tracker("red");
    let log: Log = Rc::default();
    red.subscribe_action(|_| panic!("subscriber"));
    red.subscribe_action(record(&log, "b"));
    let payload = catch_unwind(AssertUnwindSafe(|| red.set_action("click"))).unwrap_err();
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"subscriber"));
    assert_eq!((red.action(), red.version()), (Some("click"), 1));
    // Later writes still notify the others.
    assert!(catch_unwind(AssertUnwindSafe(|| red.set_action("touch"))).is_err());
    assert_eq!(*log.borrow(), ["b v1 Set Some(\"click\")", "b v2 Set Some(\"touch\")"]);
}

#[test]
fn a_clone_starts_at_the_same_version_with_no_subscribers() {
    let mut red = action_tracker("red");
    let log: Log = Rc::default();
    red.subscribe_action(record(&log, "a"));
    red.set_action("click").unwrap();
    let mut copy = red.clone();
    assert_eq!(copy.version(), 1);
    copy.set_action("touch").unwrap();
    assert_eq!((copy.version(), red.version(), log.borrow().len()), (2, 1, 1));
}

#[test]
fn an_unobserved_tracker_costs_what_its_value_costs() {
    assert_eq!(size_of::<PlainTracker>(), size_of::<Option<u64>>());
}

/// A shared, observed counter.
#[private_tracker(shared, observe, init = 0)]
pub fn counter_tracker() -> u64;

#[test]
fn shared_subscribers_may_read_and_write_their_tracker_and_see_every_version_once_in_order() {
    let counter = counter_tracker();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let (sink, writer) = (Rc::clone(&seen), counter.clone());
    let _log = counter.subscribe_counter(move |change: &Change<'_, u64>| {
        // Nothing is borrowed: the tracker can be read, and written.
        assert_eq!(writer.counter(), *change.value());
        if *change.value() == 1 {
            writer.set_counter(10); // committed now, announced after this round
        }
        sink.borrow_mut().push((change.version(), *change.value()));
    });
    counter.set_counter(1);
    assert_eq!(*seen.borrow(), [(1, 1), (2, 10)]);
    assert_eq!((counter.counter(), counter.version()), (10, 2));
}

#[test]
fn a_shared_subscription_unsubscribes_when_dropped_and_keeps_nothing_alive() {
    let counter = counter_tracker();
    let calls = Rc::new(RefCell::new(0));
    let sink = Rc::clone(&calls);
    let subscription = counter.subscribe_counter(move |_| *sink.borrow_mut() += 1);
    counter.set_counter(1);
    drop(subscription);
    counter.set_counter(2);
    let sink = Rc::clone(&calls);
    counter.subscribe_counter(move |_| *sink.borrow_mut() += 10).detach();
    counter.set_counter(3);
    assert_eq!(*calls.borrow(), 11);
    let kept = counter.subscribe_counter(|_| {});
    drop(counter);
    assert!(kept.is_active(), "the subscription outlives the tracker, which it does not keep");
}

/// A counter across threads, observed and guarded.
#[private_tracker(sync, observe, init = 0, guard = |n: &u64| *n <= *limit)]
pub fn hits_tracker(limit: u64) -> u64;

#[test]
fn sync_subscribers_hear_every_accepted_write_from_every_thread_once_in_order() {
    use std::sync::{Arc, Mutex};
    let hits = hits_tracker(1_000_000);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    let _subscription = hits.subscribe_hits(move |change: &Change<'_, u64>| {
        sink.lock().unwrap().push((change.version(), *change.value(), change.kind()));
    });
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let hits = hits.clone();
            std::thread::spawn(move || {
                for _ in 0..250 {
                    hits.modify_hits(|n| *n += 1).unwrap();
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1000);
    assert!(seen.iter().enumerate().all(|(i, (version, value, kind))| {
        *version == i as u64 + 1 && value == version && *kind == ChangeKind::Modify
    }));
    assert_eq!(hits.version(), 1000);
}

#[test]
fn sync_refused_writes_count_for_nothing_and_subscriptions_travel() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};
    let hits = hits_tracker(5);
    let calls = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&calls);
    let subscription = hits.subscribe_hits(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    assert!(hits.set_hits(6).is_err());
    hits.set_hits(5).unwrap();
    assert_eq!(hits.reset_hits(), Ok(5));
    // A subscription is `Send`: it can be dropped on another thread.
    std::thread::spawn(move || drop(subscription)).join().unwrap();
    hits.set_hits(1).unwrap();
    assert_eq!((hits.version(), calls.load(Ordering::SeqCst)), (3, 2));
}

// Regressions found by a hostile review.

#[test]
fn dropping_a_subscription_frees_its_closure_at_once_even_in_a_cycle() {
    let counter = counter_tracker();
    let marker = Rc::new(());
    let (held, handle) = (Rc::clone(&marker), counter.clone());
    let subscription = counter.subscribe_counter(move |_| {
        let _ = (&held, &handle); // the closure holds its own tracker
    });
    assert_eq!(Rc::strong_count(&marker), 2);
    drop(subscription);
    assert_eq!(Rc::strong_count(&marker), 1, "the closure, and the handle it held, are gone");
    drop(counter);
}

#[test]
fn a_sync_subscription_frees_its_closure_when_dropped_on_any_thread() {
    let hits = hits_tracker(10);
    let marker = std::sync::Arc::new(());
    let held = std::sync::Arc::clone(&marker);
    let subscription = hits.subscribe_hits(move |_| {
        let _ = &held;
    });
    std::thread::spawn(move || drop(subscription)).join().unwrap();
    assert_eq!(std::sync::Arc::strong_count(&marker), 1);
}

/// Counts its clones.
static CLONES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

#[derive(Debug, PartialEq)]
/// A value.
pub struct Counted(u8);

impl Clone for Counted {
    fn clone(&self) -> Self {
        CLONES.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Counted(self.0)
    }
}

/// Observed, of a value that counts its clones.
#[private_tracker(shared, observe)]
pub fn counted_tracker() -> Counted;

#[test]
fn a_write_with_no_live_subscriber_clones_nothing() {
    let tracker = counted_tracker();
    drop(tracker.subscribe_counted(|_| {}));
    let before = CLONES.load(std::sync::atomic::Ordering::SeqCst);
    tracker.set_counted(Counted(1));
    tracker.set_counted(Counted(2));
    assert_eq!(CLONES.load(std::sync::atomic::Ordering::SeqCst), before);
    assert_eq!(tracker.version(), 2);
}

#[test]
fn an_edit_that_panics_half_way_still_counts_as_a_write() {
    let mut clicks = click_tracker();
    assert!(
        catch_unwind(AssertUnwindSafe(|| clicks.modify_click(|n| {
            *n = 9;
            panic!("half way")
        })))
        .is_err()
    );
    assert_eq!((clicks.click(), clicks.version()), (9, 1), "the edit stays, and is counted");
    let counter = counter_tracker();
    assert!(
        catch_unwind(AssertUnwindSafe(|| counter.modify_counter(|n| {
            *n = 9;
            panic!("half way")
        })))
        .is_err()
    );
    assert_eq!((counter.counter(), counter.version()), (9, 1));
}

#[test]
fn a_subscriber_added_during_a_round_hears_only_later_writes() {
    let counter = counter_tracker();
    let late_log = Rc::new(RefCell::new(Vec::new()));
    let late: Rc<RefCell<Vec<private_tracker::LocalSubscription<u64>>>> = Rc::default();
    let (handle, sink, keep) = (counter.clone(), Rc::clone(&late_log), Rc::clone(&late));
    let _adder = counter.subscribe_counter(move |change| {
        if change.version() == 1 {
            handle.set_counter(10); // version 2, queued
            let sink = Rc::clone(&sink);
            keep.borrow_mut()
                .push(handle.subscribe_counter(move |change| sink.borrow_mut().push(change.version())));
            handle.set_counter(20); // version 3, after it subscribed
        }
    });
    counter.set_counter(1);
    assert_eq!(*late_log.borrow(), [3]);
}

#[test]
fn a_key_unsubscribes_only_from_the_tracker_that_gave_it() {
    let mut a = action_tracker("a");
    let key = a.subscribe_action(|_| {});
    let mut b = a.clone();
    let log: Log = Rc::default();
    b.subscribe_action(record(&log, "b"));
    assert!(!b.unsubscribe_action(key));
    b.set_action("x").unwrap();
    assert_eq!(log.borrow().len(), 1);
}

/// A number whose copies panic in `Drop` while `COPY_DROP_PANICS` is set
/// (once) on their thread: each test's writes are delivered on its own
/// thread, so tests running side by side do not disarm each other.
#[derive(Debug, PartialEq)]
pub struct Fragile(u64);

thread_local! {
    static COPY_DROP_PANICS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

impl Clone for Fragile {
    fn clone(&self) -> Self {
        Self(self.0 + 1000)
    }
}

impl Drop for Fragile {
    fn drop(&mut self) {
        let armed = self.0 >= 1000 && COPY_DROP_PANICS.replace(false);
        assert!(!armed, "a copy's drop panicked");
    }
}

/// Sync, observed, of `Fragile`.
#[private_tracker(sync, observe)]
pub fn fragile_tracker() -> Fragile;

#[test]
fn a_copy_whose_drop_panics_leaves_no_notification_stranded_in_the_queue() {
    let tracker = fragile_tracker();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let (log, writer) = (std::sync::Arc::clone(&seen), tracker.clone());
    let _subscription = tracker.subscribe_fragile(move |change| {
        let version = change.version();
        log.lock().unwrap().push(version);
        if version == 1 {
            writer.set_fragile(Fragile(2)); // queued: announced after this round
        }
    });
    COPY_DROP_PANICS.set(true);
    let written = catch_unwind(AssertUnwindSafe(|| tracker.set_fragile(Fragile(1))));
    assert!(written.is_err(), "the copy's panic goes on to the writer");
    assert_eq!(*seen.lock().unwrap(), [1, 2], "after the queued round ran");
    assert_eq!(tracker.version(), 2);
}

/// Shared, observed, of `Fragile`.
#[private_tracker(shared, observe)]
pub fn shared_fragile_tracker() -> Fragile;

#[test]
fn a_shared_copy_whose_drop_panics_leaves_no_notification_stranded_either() {
    let tracker = shared_fragile_tracker();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let (log, writer) = (Rc::clone(&seen), tracker.clone());
    let _subscription = tracker.subscribe_shared_fragile(move |change| {
        let version = change.version();
        log.borrow_mut().push(version);
        if version == 1 {
            writer.set_shared_fragile(Fragile(2));
        }
    });
    COPY_DROP_PANICS.set(true);
    let written = catch_unwind(AssertUnwindSafe(|| tracker.set_shared_fragile(Fragile(1))));
    assert!(written.is_err());
    assert_eq!(*seen.borrow(), [1, 2]);
}

/// A capture whose `Drop` panics, for a subscriber that leaves mid-round.
pub struct Bomb;

impl Drop for Bomb {
    fn drop(&mut self) {
        assert!(std::thread::panicking(), "a subscriber's capture panicked in its drop");
    }
}

/// Shared, observed, for the bomb.
#[private_tracker(shared, observe)]
pub fn left_tracker() -> u32;

/// Sync, observed, for the bomb.
#[private_tracker(sync, observe)]
pub fn sync_left_tracker() -> u32;

#[test]
fn a_subscriber_that_leaves_mid_round_with_a_panicking_drop_strands_nothing() {
    let tracker = left_tracker();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let own = Rc::new(RefCell::new(None));
    let (own_too, writer, bomb) = (Rc::clone(&own), tracker.clone(), Bomb);
    let leaving = tracker.subscribe_left(move |change| {
        let _ = &bomb;
        if change.version() == 1 {
            writer.set_left(2); // queued
            drop(own_too.borrow_mut().take()); // leaves during its own call
        }
    });
    *own.borrow_mut() = Some(leaving);
    let log = Rc::clone(&seen);
    let _staying = tracker.subscribe_left(move |change| log.borrow_mut().push(change.version()));
    assert!(catch_unwind(AssertUnwindSafe(|| tracker.set_left(1))).is_err(), "the drop's panic goes on");
    assert_eq!(*seen.borrow(), [1, 2], "after the others and the queued round");

    let tracker = sync_left_tracker();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let own = std::sync::Arc::new(std::sync::Mutex::new(None));
    let (own_too, writer, bomb) = (std::sync::Arc::clone(&own), tracker.clone(), Bomb);
    let leaving = tracker.subscribe_sync_left(move |change| {
        let _ = &bomb;
        if change.version() == 1 {
            writer.set_sync_left(2);
            let subscription = own_too.lock().unwrap().take();
            drop(subscription);
        }
    });
    *own.lock().unwrap() = Some(leaving);
    let log = std::sync::Arc::clone(&seen);
    let _staying = tracker.subscribe_sync_left(move |change| log.lock().unwrap().push(change.version()));
    assert!(catch_unwind(AssertUnwindSafe(|| tracker.set_sync_left(1))).is_err());
    assert_eq!(*seen.lock().unwrap(), [1, 2]);
}
