//! Wakers as hostile executors write them (feature `watch`): one that
//! panics, one whose drop drops a watcher of the same tracker, one that
//! polls its task from inside `wake`. None of them may cost another
//! watcher its wake-up, deadlock, or abort the process. Each scenario that
//! could hang runs on a thread of its own, under a deadline.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, mpsc};
use std::task::{Context, Wake, Waker};
use std::thread;
use std::time::Duration;

use private_tracker::{Closed, Watcher, private_tracker};

/// The tracker of every scenario.
#[private_tracker(sync, observe, init = 0)]
pub fn counter_tracker() -> u64;

/// A waker that panics when woken.
struct Panics;

impl Wake for Panics {
    fn wake(self: Arc<Self>) {
        panic!("this waker panics");
    }
}

/// Starts `n` blocking watchers of `tracker`, each of which reports on the
/// returned channel when its wait returns.
fn blocking_watchers(tracker: &CounterTracker, n: usize) -> mpsc::Receiver<Result<(), Closed>> {
    let (sender, receiver) = mpsc::channel();
    for _ in 0..n {
        let mut watcher = tracker.watch_counter();
        let sender = sender.clone();
        thread::spawn(move || {
            let _ = sender.send(watcher.wait_changed());
        });
    }
    // Time to register.
    thread::sleep(Duration::from_millis(100));
    receiver
}

/// A `changed()` of `watcher`, polled once with `waker`: registered.
fn pending_with<'a>(
    watcher: &'a mut Watcher<CounterTracker>,
    waker: &Waker,
) -> Pin<Box<dyn Future<Output = Result<(), Closed>> + Send + 'a>> {
    let mut future = Box::pin(watcher.changed());
    assert!(future.as_mut().poll(&mut Context::from_waker(waker)).is_pending());
    future
}

/// How many of `receiver`'s watchers report within a few seconds.
fn count_woken(receiver: &mpsc::Receiver<Result<(), Closed>>) -> usize {
    std::iter::from_fn(|| receiver.recv_timeout(Duration::from_secs(5)).ok()).count()
}

#[test]
fn a_panicking_waker_keeps_no_other_watcher_from_waking_at_a_write() {
    let tracker = counter_tracker();
    let mut first = tracker.watch_counter();
    let panics = Waker::from(Arc::new(Panics));
    let _registered_first = pending_with(&mut first, &panics);
    let receiver = blocking_watchers(&tracker, 3);
    let write = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| tracker.set_counter(1)));
    assert!(write.is_err(), "the waker's panic goes on to the writer");
    assert_eq!(tracker.version(), 1, "after the write had committed");
    assert_eq!(count_woken(&receiver), 3);
}

#[test]
fn a_panicking_waker_keeps_no_other_watcher_waiting_at_the_close() {
    let tracker = counter_tracker();
    let mut first = tracker.watch_counter();
    let panics = Waker::from(Arc::new(Panics));
    let _registered_first = pending_with(&mut first, &panics);
    // More than one batch of 32.
    let receiver = blocking_watchers(&tracker, 40);
    let close = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || drop(tracker)));
    assert!(close.is_err(), "the waker's panic goes on to the last handle's drop");
    assert_eq!(count_woken(&receiver), 40);
}

/// A waker that owns a watcher of the same tracker (as a task's waker owns
/// its future): its last drop drops the watcher, which leaves the list of
/// waiters.
struct OwnsWatcher(
    #[allow(dead_code, reason = "held, to be dropped with the waker")] Mutex<Watcher<CounterTracker>>,
);

impl Wake for OwnsWatcher {
    fn wake(self: Arc<Self>) {}
}

#[test]
fn a_replaced_waker_is_dropped_with_the_list_of_waiters_unlocked() {
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let tracker = counter_tracker();
        let mut registered = tracker.watch_counter();
        let noop = Waker::noop();
        // A stream poll leaves its registration in the watcher.
        let polled =
            futures_util::Stream::poll_next(Pin::new(&mut registered), &mut Context::from_waker(noop));
        assert!(polled.is_pending());
        let owner = Waker::from(Arc::new(OwnsWatcher(Mutex::new(registered))));
        let mut watcher = tracker.watch_counter();
        let mut future = pending_with(&mut watcher, &owner);
        // The list's clone is now the last: polling with another waker
        // replaces it, and its drop leaves the list.
        drop(owner);
        assert!(future.as_mut().poll(&mut Context::from_waker(noop)).is_pending());
        let _ = sender.send(());
    });
    assert!(receiver.recv_timeout(Duration::from_secs(10)).is_ok(), "deadlocked");
}

/// An executor that polls its task from inside `wake`.
struct Inline(Mutex<Option<Pin<Box<dyn Future<Output = ()> + Send>>>>);

impl Wake for Inline {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        let waker = Waker::from(Arc::clone(self));
        let mut task = self.0.lock().unwrap();
        if let Some(future) = task.as_mut()
            && future.as_mut().poll(&mut Context::from_waker(&waker)).is_ready()
        {
            *task = None;
        }
    }
}

#[test]
fn an_edit_that_panics_wakes_the_watchers_with_the_lock_released() {
    // In a child process: the failure this guards against is an abort.
    if std::env::var_os("INLINE_WAKER_CHILD").is_some() {
        let tracker = counter_tracker();
        let mut watcher = tracker.watch_counter();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let task = Arc::new(Inline(Mutex::new(Some(Box::pin(async move {
            while watcher.changed().await.is_ok() {
                log.lock().unwrap().push(watcher.get());
            }
        })))));
        task.wake_by_ref();
        let edit = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            tracker.modify_counter(|value| {
                *value += 1;
                panic!("the edit fails half way");
            });
        }));
        assert!(edit.is_err());
        assert_eq!(*seen.lock().unwrap(), [1], "woken, and read the edit that stays");
        return;
    }
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["an_edit_that_panics_wakes_the_watchers_with_the_lock_released", "--exact"])
        .env("INLINE_WAKER_CHILD", "1")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}
