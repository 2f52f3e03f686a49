//! `observe` in mode `sync`, against the leanest hand-written equivalent and
//! against `tokio::sync::watch`, side by side in one run:
//!
//! ```text
//! cargo bench -p tracker-benches --bench observe
//! ```
//!
//! - `set, nobody listens`: an observed tracker, an unobserved one, a
//!   hand-written `Arc<Mutex<Option<u64>>>` with an atomic version, and
//!   tokio's `send_replace` with no receiver.
//! - `set, N subscribers` (N = 0, 1, 10, 100; each adds to an atomic): the
//!   tracker against hand-written code that keeps the callbacks in a
//!   `Mutex<Vec<Box<dyn FnMut>>>` and calls them after unlocking, with a
//!   clone of the value, as the tracker does.
//! - `set, N idle watchers` (N = 1, 10, 100): the tracker's watchers against
//!   tokio's receivers, none of them waiting.
//! - `distinct, 1 subscriber`: a tracker declared `observe(distinct)`
//!   against hand-written code that compares under its lock and notifies
//!   only when the value changed (`if old != new { notify }`), for a write
//!   of an equal value (nothing to announce) and for writes that alternate
//!   two values (each announced).
//! - `wake-up, N writers` (N = 0, 4): a round trip between two threads,
//!   each waiting for the other's write, while N more threads write to the
//!   first tracker; the tracker's `changed().await` against tokio's, on the
//!   same one-future executor.
//!
//! The machine is shared: read the lines of a group against each other.

use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Wake, Waker};
use std::thread;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use private_tracker::private_tracker;

#[private_tracker(sync, observe)]
fn observed_tracker() -> u64;

#[private_tracker(sync)]
fn plain_tracker() -> u64;

#[private_tracker(sync, observe(distinct))]
fn distinct_tracker() -> u64;

/// A hand-written callback.
type Callback = Box<dyn FnMut(&Option<u64>) + Send>;

/// What a person writes instead of an observed sync tracker: the value, a
/// version, and callbacks called after unlocking with a clone of the value.
#[derive(Clone, Default)]
struct HandObserved {
    value: Arc<Mutex<Option<u64>>>,
    version: Arc<AtomicU64>,
    callbacks: Arc<Mutex<Vec<Callback>>>,
}

impl HandObserved {
    fn set(&self, value: u64) {
        let snapshot = {
            let mut slot = self.value.lock().unwrap_or_else(PoisonError::into_inner);
            *slot = Some(value);
            self.version.fetch_add(1, Ordering::AcqRel);
            *slot
        };
        for callback in self.callbacks.lock().unwrap_or_else(PoisonError::into_inner).iter_mut() {
            callback(&snapshot);
        }
    }
}

impl HandObserved {
    /// `set`, announcing only a value not equal to the stored one.
    fn set_if_changed(&self, value: u64) {
        let snapshot = {
            let mut slot = self.value.lock().unwrap_or_else(PoisonError::into_inner);
            if *slot == Some(value) {
                return;
            }
            *slot = Some(value);
            self.version.fetch_add(1, Ordering::AcqRel);
            *slot
        };
        for callback in self.callbacks.lock().unwrap_or_else(PoisonError::into_inner).iter_mut() {
            callback(&snapshot);
        }
    }
}

fn set_distinct(c: &mut Criterion) {
    let mut group = c.benchmark_group("distinct, 1 subscriber");
    let calls = Arc::new(AtomicU64::new(0));
    let tracker = distinct_tracker();
    let _subscription = {
        let calls = Arc::clone(&calls);
        tracker.subscribe_distinct(move |change| {
            calls.fetch_add(change.value().unwrap_or(0), Ordering::Relaxed);
        })
    };
    let hand = HandObserved::default();
    {
        let calls = Arc::clone(&calls);
        hand.callbacks.lock().unwrap().push(Box::new(move |value: &Option<u64>| {
            calls.fetch_add(value.unwrap_or(0), Ordering::Relaxed);
        }));
    }
    tracker.set_distinct(1);
    hand.set_if_changed(1);
    group.bench_function("tracker, equal value", |b| b.iter(|| tracker.set_distinct(black_box(1))));
    group.bench_function("hand-written, equal value", |b| b.iter(|| hand.set_if_changed(black_box(1))));
    let mut next = 0_u64;
    group.bench_function("tracker, new value", |b| {
        b.iter(|| {
            next ^= 1;
            tracker.set_distinct(black_box(next));
        });
    });
    group.bench_function("hand-written, new value", |b| {
        b.iter(|| {
            next ^= 1;
            hand.set_if_changed(black_box(next));
        });
    });
    group.finish();
}

fn set_nobody_listens(c: &mut Criterion) {
    let mut group = c.benchmark_group("set, nobody listens");
    let observed = observed_tracker();
    group.bench_function("observed tracker", |b| b.iter(|| observed.set_observed(black_box(1))));
    let plain = plain_tracker();
    group.bench_function("unobserved tracker", |b| b.iter(|| plain.set_plain(black_box(1))));
    let hand = HandObserved::default();
    group.bench_function("hand-written", |b| b.iter(|| hand.set(black_box(1))));
    let (sender, receiver) = tokio::sync::watch::channel(0_u64);
    drop(receiver);
    group.bench_function("tokio watch", |b| b.iter(|| sender.send_replace(black_box(1))));
    group.finish();
}

fn set_with_subscribers(c: &mut Criterion) {
    let mut group = c.benchmark_group("set, N subscribers");
    for subscribers in [0_usize, 1, 10, 100] {
        let calls = Arc::new(AtomicU64::new(0));
        let observed = observed_tracker();
        let _subscriptions: Vec<_> = (0..subscribers)
            .map(|_| {
                let calls = Arc::clone(&calls);
                observed.subscribe_observed(move |change| {
                    calls.fetch_add(change.value().unwrap_or(0), Ordering::Relaxed);
                })
            })
            .collect();
        group.bench_with_input(BenchmarkId::new("tracker", subscribers), &subscribers, |b, _| {
            b.iter(|| observed.set_observed(black_box(1)));
        });
        let hand = HandObserved::default();
        for _ in 0..subscribers {
            let calls = Arc::clone(&calls);
            hand.callbacks.lock().unwrap().push(Box::new(move |value: &Option<u64>| {
                calls.fetch_add(value.unwrap_or(0), Ordering::Relaxed);
            }));
        }
        group.bench_with_input(BenchmarkId::new("hand-written", subscribers), &subscribers, |b, _| {
            b.iter(|| hand.set(black_box(1)));
        });
    }
    group.finish();
}

fn set_with_idle_watchers(c: &mut Criterion) {
    let mut group = c.benchmark_group("set, N idle watchers");
    for watchers in [1_usize, 10, 100] {
        let observed = observed_tracker();
        let _watchers: Vec<_> = (0..watchers).map(|_| observed.watch_observed()).collect();
        group.bench_with_input(BenchmarkId::new("tracker", watchers), &watchers, |b, _| {
            b.iter(|| observed.set_observed(black_box(1)));
        });
        let (sender, receiver) = tokio::sync::watch::channel(0_u64);
        let _receivers: Vec<_> = (0..watchers).map(|_| receiver.clone()).collect();
        group.bench_with_input(BenchmarkId::new("tokio watch", watchers), &watchers, |b, _| {
            b.iter(|| sender.send_replace(black_box(1)));
        });
    }
    group.finish();
}

/// A one-future executor: polls, and parks the thread until woken.
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

/// `count` threads writing until `stop`: writes that notify every watcher
/// but keep the value (a round's value must not be overwritten).
fn writers(
    count: usize,
    stop: &Arc<AtomicBool>,
    write: impl Fn() + Send + Clone + 'static,
) -> Vec<thread::JoinHandle<()>> {
    (0..count)
        .map(|_| {
            let (stop, write) = (Arc::clone(stop), write.clone());
            thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    write();
                    thread::yield_now();
                }
            })
        })
        .collect()
}

fn wake_up_latency(c: &mut Criterion) {
    // Without writers, what the wait itself costs; with 4, what contention
    // adds.
    for noise in [0, 4] {
        wake_up_latency_with(c, noise);
    }
}

fn wake_up_latency_with(c: &mut Criterion, noise_writers: usize) {
    let mut group = c.benchmark_group(format!("wake-up, {noise_writers} writers"));
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("tracker changed().await", |b| {
        b.iter_custom(|rounds| {
            let (request, reply) = (observed_tracker(), observed_tracker());
            let stop = Arc::new(AtomicBool::new(false));
            let noise = writers(noise_writers, &stop, {
                let request = request.clone();
                move || request.update_observed(|value| value.copied().unwrap_or(0))
            });
            let ponger = {
                let (request, reply) = (request.clone(), reply.clone());
                thread::spawn(move || {
                    let mut watcher = request.watch_observed();
                    for round in 1..=rounds {
                        while watcher.get() != Some(round) {
                            block_on(watcher.changed()).expect("the other side is still there");
                        }
                        reply.set_observed(round);
                    }
                })
            };
            let mut watcher = reply.watch_observed();
            let start = Instant::now();
            for round in 1..=rounds {
                request.set_observed(round);
                while watcher.get() != Some(round) {
                    block_on(watcher.changed()).expect("the other side is still there");
                }
            }
            let elapsed = start.elapsed();
            stop.store(true, Ordering::Relaxed);
            ponger.join().unwrap();
            for writer in noise {
                writer.join().unwrap();
            }
            elapsed
        });
    });
    group.bench_function("tokio changed().await", |b| {
        b.iter_custom(|rounds| {
            let (request, request_rx) = tokio::sync::watch::channel(0_u64);
            let (reply, mut reply_rx) = tokio::sync::watch::channel(0_u64);
            let request = Arc::new(request);
            let stop = Arc::new(AtomicBool::new(false));
            let noise = writers(noise_writers, &stop, {
                let request = Arc::clone(&request);
                move || request.send_modify(|_| {})
            });
            let ponger = thread::spawn(move || {
                let mut request_rx = request_rx;
                for round in 1..=rounds {
                    while *request_rx.borrow_and_update() != round {
                        let _ = block_on(request_rx.changed());
                    }
                    reply.send_replace(round);
                }
            });
            let start = Instant::now();
            for round in 1..=rounds {
                request.send_replace(round);
                while *reply_rx.borrow_and_update() != round {
                    let _ = block_on(reply_rx.changed());
                }
            }
            let elapsed = start.elapsed();
            stop.store(true, Ordering::Relaxed);
            ponger.join().unwrap();
            for writer in noise {
                writer.join().unwrap();
            }
            elapsed
        });
    });
    group.finish();
}

criterion_group!(
    benches,
    set_nobody_listens,
    set_with_subscribers,
    set_with_idle_watchers,
    set_distinct,
    wake_up_latency
);
criterion_main!(benches);
