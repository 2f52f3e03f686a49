//! Mode `sync` under contention: a generated `sync` tracker against the
//! hand-written `Arc<Mutex<Option<u64>>>` and `Arc<RwLock<Option<u64>>>`,
//! with 1, 2 and 4 threads on one shared value.
//!
//! ```text
//! cargo bench -p tracker-benches --bench contention
//! ```
//!
//! Two mixes: *read-heavy* (each thread reads nine times, then updates once)
//! and *write-heavy* (each thread only updates). Every thread does the same
//! number of operations; a sample is the wall-clock time from the moment all
//! threads are released until the last one is done, so thread start-up is not
//! counted. Criterion reports it per operation of one thread. The machine has
//! two cores: four threads measure the locks' behaviour when threads
//! outnumber cores, as they do on a busy server.

use std::hint::black_box;
use std::sync::{Arc, Barrier, Mutex, PoisonError, RwLock};
use std::thread;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};
use private_tracker::private_tracker;

#[private_tracker(sync)]
fn counter_tracker() -> u64;

/// One shared value, as each contender stores it.
trait Contender: Clone + Send + 'static {
    fn new() -> Self;
    fn read(&self) -> Option<u64>;
    fn bump(&self);
}

fn bump(value: Option<&u64>) -> u64 {
    value.copied().unwrap_or(0).wrapping_add(1)
}

impl Contender for CounterTracker {
    fn new() -> Self {
        counter_tracker()
    }
    fn read(&self) -> Option<u64> {
        self.counter()
    }
    fn bump(&self) {
        self.update_counter(bump);
    }
}

/// What a person writes by hand: a mutex.
#[derive(Clone)]
struct HandMutex(Arc<Mutex<Option<u64>>>);

impl Contender for HandMutex {
    fn new() -> Self {
        Self(Arc::new(Mutex::new(None)))
    }
    fn read(&self) -> Option<u64> {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
    fn bump(&self) {
        let mut value = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        *value = Some(bump(value.as_ref()));
    }
}

/// The same over `parking_lot`'s `Mutex`, the lock a sync tracker is built
/// on: the reference that tells the lock's share of a ratio from the
/// reentrancy detection's (`CONTENTION_REFERENCE=1`).
#[derive(Clone)]
struct HandParking(Arc<parking_lot::Mutex<Option<u64>>>);

impl Contender for HandParking {
    fn new() -> Self {
        Self(Arc::new(parking_lot::Mutex::new(None)))
    }
    fn read(&self) -> Option<u64> {
        *self.0.lock()
    }
    fn bump(&self) {
        let mut value = self.0.lock();
        *value = Some(bump(value.as_ref()));
    }
}

/// The hand-written alternative for reads: a reader-writer lock.
#[derive(Clone)]
struct HandRwLock(Arc<RwLock<Option<u64>>>);

impl Contender for HandRwLock {
    fn new() -> Self {
        Self(Arc::new(RwLock::new(None)))
    }
    fn read(&self) -> Option<u64> {
        *self.0.read().unwrap_or_else(PoisonError::into_inner)
    }
    fn bump(&self) {
        let mut value = self.0.write().unwrap_or_else(PoisonError::into_inner);
        *value = Some(bump(value.as_ref()));
    }
}

/// Reads per update in a mix: 9 (read-heavy) or 0 (write-heavy).
#[derive(Clone, Copy)]
struct Mix {
    name: &'static str,
    reads_per_update: u64,
}

const MIXES: [Mix; 2] =
    [Mix { name: "read-heavy", reads_per_update: 9 }, Mix { name: "write-heavy", reads_per_update: 0 }];

/// `operations` operations on each of `threads` threads, timed from their
/// common start to the last one's end.
fn run<C: Contender>(threads: usize, mix: Mix, operations: u64) -> Duration {
    let shared = C::new();
    shared.bump();
    let start = Arc::new(Barrier::new(threads + 1));
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let (shared, start) = (shared.clone(), Arc::clone(&start));
            thread::spawn(move || {
                start.wait();
                for i in 0..operations {
                    if i % (mix.reads_per_update + 1) == mix.reads_per_update {
                        shared.bump();
                    } else {
                        black_box(shared.read());
                    }
                }
            })
        })
        .collect();
    // The clock starts before this thread, the last one to arrive, releases
    // the others: taken after the release, it could start after fast workers
    // had finished.
    let began = Instant::now();
    start.wait();
    for worker in workers {
        worker.join().expect("a benchmark thread panicked");
    }
    began.elapsed()
}

fn contention(c: &mut Criterion) {
    for mix in MIXES {
        for threads in [1, 2, 4] {
            let mut group = c.benchmark_group(format!(
                "sync {}/{threads} thread{}",
                mix.name,
                if threads == 1 { "" } else { "s" }
            ));
            group.throughput(Throughput::Elements(1));
            group.bench_function(BenchmarkId::from_parameter("generated"), |b| {
                b.iter_custom(|iterations| run::<CounterTracker>(threads, mix, iterations));
            });
            group.bench_function(BenchmarkId::from_parameter("Arc<Mutex>"), |b| {
                b.iter_custom(|iterations| run::<HandMutex>(threads, mix, iterations));
            });
            if mix.reads_per_update > 0 {
                group.bench_function(BenchmarkId::from_parameter("Arc<RwLock>"), |b| {
                    b.iter_custom(|iterations| run::<HandRwLock>(threads, mix, iterations));
                });
            }
            group.finish();
        }
    }
}

/// The issue-22 report: `pairs` interleaved pairs of runs (tracker, then
/// `Arc<Mutex>`, then the other way round), at 2 and 4 threads, read-heavy
/// and write-heavy, and for each the median of the ratios tracker /
/// `Arc<Mutex>` with their interquartile range. On a shared 2-core machine
/// single times vary by up to 2x; ratios of neighbouring runs vary less.
fn pairs_report<T: Contender>(subject: &str, pairs: usize, operations: u64) {
    println!("| mix | threads | median {subject} / Arc<Mutex> | interquartile range | pairs |");
    println!("|---|---|---|---|---|");
    for mix in MIXES {
        for threads in [2, 4] {
            let mut ratios: Vec<f64> = (0..pairs)
                .map(|pair| {
                    let (tracker, mutex) = if pair % 2 == 0 {
                        let tracker = run::<T>(threads, mix, operations);
                        (tracker, run::<HandMutex>(threads, mix, operations))
                    } else {
                        let mutex = run::<HandMutex>(threads, mix, operations);
                        (run::<T>(threads, mix, operations), mutex)
                    };
                    if std::env::var_os("CONTENTION_VERBOSE").is_some() {
                        eprintln!("{} {threads}: tracker {tracker:?}, mutex {mutex:?}", mix.name);
                    }
                    tracker.as_secs_f64() / mutex.as_secs_f64()
                })
                .collect();
            ratios.sort_by(f64::total_cmp);
            let at = |q: f64| {
                #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "an index")]
                #[expect(clippy::cast_precision_loss, reason = "a handful of pairs")]
                let index = ((ratios.len() - 1) as f64 * q).round() as usize;
                ratios[index]
            };
            println!(
                "| {} | {threads} | {:.2} | {:.2} - {:.2} | {pairs} |",
                mix.name,
                at(0.5),
                at(0.25),
                at(0.75)
            );
        }
    }
}

criterion_group!(benches, contention);

/// `CONTENTION_PAIRS=15 cargo bench -p tracker-benches --bench contention`
/// prints the interleaved-pairs report (`CONTENTION_REFERENCE=1`: and the
/// same for hand-written code over `parking_lot`'s lock); without it,
/// criterion runs.
fn main() {
    if let Some(pairs) = std::env::var("CONTENTION_PAIRS").ok().and_then(|pairs| pairs.parse().ok()) {
        let operations =
            std::env::var("CONTENTION_OPERATIONS").ok().and_then(|n| n.parse().ok()).unwrap_or(100_000);
        pairs_report::<CounterTracker>("tracker", pairs, operations);
        if std::env::var_os("CONTENTION_REFERENCE").is_some() {
            println!();
            pairs_report::<HandParking>("Arc<parking_lot::Mutex>", pairs, operations);
        }
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
