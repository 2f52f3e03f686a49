//! Loom models of mode `sync`: every interleaving of a few threads, on the
//! very code users run (this crate swaps in loom's primitives under
//! `--cfg loom`).
//!
//! Unit tests, because loom is a dev-dependency (as in tokio): it is then in
//! no user's `Cargo.lock`, and only the library's own test build sees it.
//!
//! ```text
//! RUSTFLAGS="--cfg loom" cargo test -p private-tracker-core --lib --release loom_model
//! ```

use loom::thread;
use std::vec::Vec;

use crate::{Guard, Handle, Reveal, Synced};

/// Accepts values below 100.
struct Below100;

impl Guard for Below100 {
    type Captures = ();
    type Value = u32;
    fn check(_: &Reveal<Self>, (): &(), value: &u32) -> bool {
        *value < 100
    }
}

/// Accepts non-zero values.
struct NonZero;

impl Guard for NonZero {
    type Captures = ();
    type Value = u32;
    fn check(_: &Reveal<Self>, (): &(), value: &u32) -> bool {
        *value > 0
    }
}

/// No update is lost, whatever the interleaving.
#[test]
fn concurrent_updates_are_never_lost() {
    loom::model(|| {
        let counter = Synced::<(), u32>::new((), "Counter");
        let workers: Vec<_> = (0..2)
            .map(|_| {
                let counter = counter.clone();
                thread::spawn(move || counter.door_update(|n| n.copied().unwrap_or(0) + 1))
            })
            .collect();
        counter.door_update(|n| n.copied().unwrap_or(0) + 1);
        for worker in workers {
            worker.join().unwrap();
        }
        assert_eq!(counter.door_get(), Some(3));
    });
}

/// A thread waiting for a lock another thread holds inside a `with` closure
/// is contention, never mistaken for reentrancy.
#[test]
fn contention_is_never_taken_for_reentrancy() {
    loom::model(|| {
        let a = Synced::<(), u32>::new((), "T");
        let b = a.clone();
        let writer = thread::spawn(move || b.door_set(1));
        let seen = a.door_with(|value| value.copied());
        writer.join().unwrap();
        assert!(seen.is_none() || seen == Some(1));
        assert_eq!(a.door_get(), Some(1));
    });
}

/// A guarded write either lands whole or not at all, while another thread
/// updates.
#[test]
fn guarded_writes_and_updates_interleave_safely() {
    loom::model(|| {
        let a = Synced::<(), u32, Below100>::new((), "T");
        a.door_try_set(1).unwrap();
        let b = a.clone();
        let updater = thread::spawn(move || b.door_try_update(|n| n.copied().unwrap_or(0) * 10));
        let refused = a.door_try_set(100).is_err();
        updater.join().unwrap().unwrap();
        assert!(refused);
        assert_eq!(a.door_get(), Some(10));
        let c = Synced::<(), u32, NonZero>::new((), "T");
        assert!(c.door_try_set(0).is_err());
    });
}

/// The watchers' models, with at most 4 preemptions per execution (as
/// tokio bounds its own): a watcher's wait goes through the storage's lock,
/// the list of waiters' lock and a condition variable, and unbounded the
/// four models below explore for minutes (342 s; they pass). With the
/// close read after the version, two of them fail in well under a second.
/// loom does not find the lost wake-up of a plain load of the version after
/// registering, where `wake.rs` reads it with a read-modify-write: that
/// order rests on the argument written there, not on this model.
fn watcher_model(f: impl Fn() + Sync + Send + 'static) {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(4);
    builder.check(f);
}

/// The watcher's register-then-check (feature `watch`): a watcher that
/// waits while another thread writes always wakes, whatever the
/// interleaving. Were the check made before registering, a write between
/// the two would be missed, and loom would report the wait as a deadlock
/// (event-listener once lost wake-ups this way: smol-rs/event-listener#139).
#[test]
fn a_watcher_never_misses_the_write_it_waits_for() {
    use crate::Watcher;
    use crate::watch::testing::counter;

    watcher_model(|| {
        let tracker = counter();
        let mut watcher = Watcher::new(tracker.clone());
        let writer = thread::spawn(move || tracker.0.door_set(1));
        assert_eq!(watcher.wait_changed(), Ok(()));
        assert_eq!(watcher.get(), Some(1));
        writer.join().unwrap();
    });
}

/// Closing against a waiting watcher: the writer writes, then drops the
/// last handle. Whatever the interleaving, the watcher sees the write
/// first (no early `Closed`), then the close, and is never left asleep (no
/// lost wake-up: loom would report a deadlock).
#[test]
fn a_watcher_sees_the_last_write_then_the_close() {
    use crate::watch::testing::counter;
    use crate::{Closed, Watcher};

    watcher_model(|| {
        let tracker = counter();
        let mut watcher = Watcher::new(tracker.clone());
        let writer = thread::spawn(move || {
            tracker.0.door_set(1);
            drop(tracker);
        });
        let first = watcher.wait_changed();
        let second = watcher.wait_changed();
        assert_eq!((first, second), (Ok(()), Err(Closed)));
        assert_eq!(watcher.get(), Some(1));
        writer.join().unwrap();
    });
}

/// Two handles dropped on two threads: exactly one of the drops is the
/// last, and the waiting watcher learns of the close.
#[test]
fn the_close_of_two_handles_dropped_at_once_is_never_missed() {
    use crate::watch::testing::counter;
    use crate::{Closed, Watcher};

    watcher_model(|| {
        let tracker = counter();
        let other = tracker.clone();
        let mut watcher = Watcher::new(tracker.clone());
        let dropper = thread::spawn(move || drop(other));
        drop(tracker);
        assert_eq!(watcher.wait_changed(), Err(Closed));
        dropper.join().unwrap();
    });
}

/// `wait_for`'s first check: a value that already holds, or comes while
/// the watcher registers, is found; the predicate sees each value it is
/// handed under the lock, and the clone is the value it accepted.
#[test]
fn wait_for_never_misses_a_value_that_holds() {
    use crate::Watcher;
    use crate::watch::testing::counter;

    watcher_model(|| {
        let tracker = counter();
        let mut watcher = Watcher::new(tracker.clone());
        let writer = {
            let tracker = tracker.clone();
            thread::spawn(move || {
                tracker.0.door_set(1);
                tracker.0.door_set(2);
            })
        };
        assert_eq!(
            watcher.wait_for_blocking(|value| value >= Some(&1)).map(|value| value >= Some(1)),
            Ok(true)
        );
        assert_eq!(watcher.wait_for_blocking(|value| value == Some(&2)), Ok(Some(2)));
        writer.join().unwrap();
        drop(tracker);
    });
}

/// The thread-local record of the locks a thread runs user code under,
/// which sends a call to the detecting path only when it is not empty: a
/// call into tracker `B` from `A`'s closure is nested, taken on the
/// detecting path, and waits for a thread that holds `B` (contention, never
/// reentrancy: `B` is in no record of this thread); the record is empty
/// again after it, so the next call takes the lock directly. (A panic
/// under a lock cannot be modelled: loom's mutex, built on std's, unwraps
/// the poison such a panic leaves, inside its own `lock`, where the shipped
/// lock, `parking_lot`'s, has none. So the call back into `A` through `B`,
/// which panics, and the record after unwinding are covered by
/// `synced::tests`, on the shipped lock, with deeper nesting.)
#[test]
fn nested_calls_across_two_trackers_wait_for_contention() {
    loom::model(|| {
        let a = Synced::<(), u32>::new((), "A");
        let b = Synced::<(), u32>::new((), "B");
        let other = b.clone();
        let writer = thread::spawn(move || other.door_update(|n| n.copied().unwrap_or(0) + 7));
        let nested = a.door_with(|_| b.door_get());
        assert!(nested.is_none() || nested == Some(7));
        assert!(!crate::sync::running_user_code());
        a.door_set(1);
        writer.join().unwrap();
        assert_eq!((a.door_get(), b.door_get()), (Some(1), Some(7)));
    });
}

/// The same from the other side, one level deeper: `A`'s closure calls
/// `B`, whose closure calls `C` while another thread holds `C`. Both nested
/// calls find a lock held by another thread or by nobody, never by their
/// own, and wait.
#[test]
fn a_call_nested_two_deep_waits_for_another_threads_lock() {
    loom::model(|| {
        let a = Synced::<(), u32>::new((), "A");
        let b = Synced::<(), u32>::new((), "B");
        let c = Synced::<(), u32>::new((), "C");
        let other = c.clone();
        let writer = thread::spawn(move || other.door_update(|n| n.copied().unwrap_or(0) + 3));
        let nested = a.door_with(|_| b.door_with(|_| c.door_get()));
        assert!(nested.is_none() || nested == Some(3));
        assert!(!crate::sync::running_user_code());
        writer.join().unwrap();
        assert_eq!(c.door_get(), Some(3));
    });
}
