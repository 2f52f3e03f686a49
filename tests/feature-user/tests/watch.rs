//! Watchers (features `watch` and `stream`), as a user of mode sync meets
//! them: async and blocking waits for the next change, for a value a
//! predicate accepts, and for the writers to be gone, and a `Stream` of the
//! changes, under the strictest lints.
#![deny(warnings)]
#![forbid(missing_docs, unreachable_pub, rust_2018_idioms, unused_qualifications)]
#![forbid(clippy::pedantic)]
#![forbid(unsafe_code)]

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread;
use std::time::Duration;

use futures_util::StreamExt as _;
use private_tracker::{Closed, WaitTimeoutError, Watcher, private_tracker};

/// The latest reading of a sensor, shared across threads.
#[private_tracker(sync, observe, init = 0.0)]
pub fn reading_tracker(#[get] sensor: &'static str) -> f64;

/// A one-future executor, to show that `changed()` needs no particular one.
fn block_on<F: Future>(future: F) -> F::Output {
    struct Unpark(thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(thread::current())));
    let mut context = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        thread::park();
    }
}

#[test]
fn an_async_watcher_wakes_once_for_writes_and_reads_the_latest() {
    let reading = reading_tracker("hall");
    let mut watcher: Watcher<ReadingTracker> = reading.watch_reading();
    assert!(!watcher.has_changed(), "a new watcher has seen the current version");
    let writer = {
        let reading = reading.clone();
        thread::spawn(move || {
            thread::sleep(Duration::from_millis(10));
            reading.set_reading(21.5);
        })
    };
    assert_eq!(block_on(watcher.changed()), Ok(()));
    assert!((watcher.get() - 21.5).abs() < f64::EPSILON);
    writer.join().unwrap();
    reading.set_reading(22.0);
    reading.set_reading(22.5);
    assert_eq!(block_on(watcher.changed()), Ok(())); // two writes, one wake-up
    assert!(!watcher.has_changed());
    assert!(watcher.with(|value| (*value - 22.5).abs() < f64::EPSILON));
}

#[test]
fn a_blocking_watcher_waits_with_or_without_a_timeout() {
    let reading = reading_tracker("attic");
    let mut watcher = reading.watch_reading();
    assert_eq!(watcher.wait_changed_timeout(Duration::from_millis(10)), Err(WaitTimeoutError::Timeout));
    let writer = {
        let reading = reading.clone();
        thread::spawn(move || reading.update_reading(|r| r + 1.0))
    };
    assert_eq!(watcher.wait_changed(), Ok(()));
    writer.join().unwrap();
    assert!((watcher.get() - 1.0).abs() < f64::EPSILON);
    assert_eq!(watcher.seen_version(), reading.version());
}

#[test]
fn watchers_travel_between_threads() {
    let reading = reading_tracker("porch");
    let mut watcher = reading.watch_reading();
    let waiting = thread::spawn(move || {
        watcher.wait_changed().expect("the tracker is open");
        watcher.get()
    });
    thread::sleep(Duration::from_millis(10));
    reading.set_reading(3.0);
    assert!((waiting.join().unwrap() - 3.0).abs() < f64::EPSILON);
}

/// A value whose `Clone` panics while `CLONES_PANIC` is set.
#[derive(Debug, PartialEq)]
pub struct Touchy(u8);

static CLONES_PANIC: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

impl Clone for Touchy {
    fn clone(&self) -> Self {
        assert!(!CLONES_PANIC.load(std::sync::atomic::Ordering::SeqCst), "this clone panics");
        Self(self.0)
    }
}

/// A tracker of `Touchy` values.
#[private_tracker(sync, observe)]
pub fn touchy_tracker() -> Touchy;

#[test]
fn a_write_whose_copy_for_the_subscribers_panics_still_wakes_the_watchers() {
    let tracker = touchy_tracker();
    let _subscription = tracker.subscribe_touchy(|_| {});
    let mut watcher = tracker.watch_touchy();
    let waiting = thread::spawn(move || {
        let start = std::time::Instant::now();
        let changed = watcher.wait_changed_timeout(Duration::from_secs(20));
        changed.is_ok() && start.elapsed() < Duration::from_secs(10)
    });
    thread::sleep(Duration::from_millis(50));
    CLONES_PANIC.store(true, std::sync::atomic::Ordering::SeqCst);
    let written = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| tracker.set_touchy(Touchy(1))));
    CLONES_PANIC.store(false, std::sync::atomic::Ordering::SeqCst);
    assert!(written.is_err(), "the copy for the subscriber panicked");
    assert_eq!(tracker.version(), 1, "after the write had committed");
    assert!(waiting.join().unwrap(), "the watcher woke for it, not at its timeout");
}

#[test]
fn the_loop_a_user_writes_ends_when_the_writers_are_gone_after_their_last_write() {
    let reading = reading_tracker("cellar");
    let mut async_watcher = reading.watch_reading();
    let mut blocking_watcher = reading.watch_reading();
    let writers: Vec<_> = (0..2)
        .map(|writer| {
            let reading = reading.clone();
            thread::spawn(move || {
                for n in 0..50 {
                    reading.set_reading(f64::from(writer * 100 + n));
                }
            })
        })
        .collect();
    drop(reading);
    let blocking = thread::spawn(move || {
        let mut wakes = 0_u32;
        while blocking_watcher.wait_changed().is_ok() {
            wakes += 1;
        }
        (wakes, blocking_watcher.get(), blocking_watcher.is_closed())
    });
    let mut wakes = 0_u32;
    while block_on(async_watcher.changed()).is_ok() {
        wakes += 1;
    }
    for writer in writers {
        writer.join().unwrap();
    }
    let last = async_watcher.get();
    assert!((1..=100).contains(&wakes), "woken at least once, at most once a write: {wakes}");
    assert!(
        (last - 49.0).abs() < f64::EPSILON || (last - 149.0).abs() < f64::EPSILON,
        "a last write: {last}"
    );
    let (blocking_wakes, blocking_last, closed) = blocking.join().unwrap();
    assert!(blocking_wakes >= 1 && closed);
    assert!((blocking_last - last).abs() < f64::EPSILON, "both saw the same last write");
    assert_eq!(async_watcher.wait_changed_timeout(Duration::from_secs(20)), Err(WaitTimeoutError::Closed));
}

#[test]
fn wait_for_hands_back_the_value_its_predicate_accepted_in_every_form() {
    let reading = reading_tracker("garage");
    let mut watcher = reading.watch_reading();
    // The current value first: no wait.
    assert_eq!(watcher.wait_for_blocking(|value| *value == 0.0), Ok(0.0));
    let writer = {
        let reading = reading.clone();
        thread::spawn(move || {
            for n in 1..=20 {
                thread::sleep(Duration::from_millis(1));
                reading.set_reading(f64::from(n));
            }
        })
    };
    let warm = block_on(watcher.wait_for(|value| *value >= 10.0)).unwrap();
    assert!(warm >= 10.0);
    let hot = watcher.wait_for_timeout(Duration::from_secs(20), |value| *value >= 20.0);
    assert_eq!(hot, Ok(20.0));
    writer.join().unwrap();
    assert_eq!(
        watcher.wait_for_timeout(Duration::from_millis(10), |value| *value < 0.0),
        Err(WaitTimeoutError::Timeout)
    );
    drop(reading);
    assert_eq!(block_on(watcher.wait_for(|value| *value < 0.0)), Err(Closed));
}

#[test]
fn a_watcher_is_a_stream_of_the_values_after_each_change_ending_at_the_close() {
    let reading = reading_tracker("shed");
    let watcher = reading.watch_reading();
    let writer = thread::spawn(move || {
        for n in 1..=30 {
            reading.set_reading(f64::from(n));
            if n % 10 == 0 {
                thread::sleep(Duration::from_millis(2));
            }
        }
    });
    let seen: Vec<f64> = futures_executor::block_on(watcher.collect());
    writer.join().unwrap();
    assert_eq!(seen.last(), Some(&30.0), "the last write, then the end");
    assert!(seen.windows(2).all(|pair| pair[0] < pair[1]), "coalesced, each change once: {seen:?}");
    // With the combinators: the first three changes above 5.
    let reading = reading_tracker("roof");
    let watcher = reading.watch_reading();
    let writer = thread::spawn(move || {
        for n in 1..=10 {
            reading.set_reading(f64::from(n));
            thread::sleep(Duration::from_millis(1));
        }
    });
    let above: Vec<f64> = futures_executor::block_on(
        watcher.filter(|value| std::future::ready(*value > 5.0)).take(3).collect(),
    );
    assert_eq!(above.len(), 3);
    assert!(above.iter().all(|value| *value > 5.0));
    writer.join().unwrap();
}
