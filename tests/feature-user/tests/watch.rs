//! Watchers (feature `watch`), as a user of mode sync meets them: an async
//! and a blocking wait for the next change, under the strictest lints.
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

use private_tracker::{Watcher, private_tracker};

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
    block_on(watcher.changed());
    assert!((watcher.get() - 21.5).abs() < f64::EPSILON);
    writer.join().unwrap();
    reading.set_reading(22.0);
    reading.set_reading(22.5);
    block_on(watcher.changed()); // two writes, one wake-up
    assert!(!watcher.has_changed());
    assert!(watcher.with(|value| (*value - 22.5).abs() < f64::EPSILON));
}

#[test]
fn a_blocking_watcher_waits_with_or_without_a_timeout() {
    let reading = reading_tracker("attic");
    let mut watcher = reading.watch_reading();
    assert!(!watcher.wait_changed_timeout(Duration::from_millis(10)));
    let writer = {
        let reading = reading.clone();
        thread::spawn(move || reading.update_reading(|r| r + 1.0))
    };
    watcher.wait_changed();
    writer.join().unwrap();
    assert!((watcher.get() - 1.0).abs() < f64::EPSILON);
    assert_eq!(watcher.seen_version(), reading.version());
}

#[test]
fn watchers_travel_between_threads() {
    let reading = reading_tracker("porch");
    let mut watcher = reading.watch_reading();
    let waiting = thread::spawn(move || {
        watcher.wait_changed();
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
        changed && start.elapsed() < Duration::from_secs(10)
    });
    thread::sleep(Duration::from_millis(50));
    CLONES_PANIC.store(true, std::sync::atomic::Ordering::SeqCst);
    let written = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| tracker.set_touchy(Touchy(1))));
    CLONES_PANIC.store(false, std::sync::atomic::Ordering::SeqCst);
    assert!(written.is_err(), "the copy for the subscriber panicked");
    assert_eq!(tracker.version(), 1, "after the write had committed");
    assert!(waiting.join().unwrap(), "the watcher woke for it, not at its timeout");
}
