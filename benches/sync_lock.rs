//! Which lock should mode `sync` use? `Mutex` against `RwLock`, side by side
//! in one run, for the operations a tracker performs, alone and under
//! contention. std only, so it needs nothing installed:
//!
//! ```text
//! cargo bench --bench sync_lock
//! ```
//!
//! Each case runs interleaved with its rival several times; the table shows
//! the median ns per operation and the ratio `RwLock / Mutex` (above 1.00:
//! the mutex is faster). Wall-clock on a shared machine is noisy: read the
//! ratios, not the absolute figures.

use std::hint::black_box;
use std::sync::{Arc, Mutex, RwLock};
use std::thread;
use std::time::Instant;

/// The two candidates behind one interface: what a `sync` tracker needs.
trait Lock: Send + Sync + 'static {
    const NAME: &'static str;
    fn new() -> Self;
    fn get(&self) -> Option<u64>;
    fn set(&self, value: u64);
    fn update(&self, f: impl FnOnce(Option<&u64>) -> u64);
}

impl Lock for Mutex<Option<u64>> {
    const NAME: &'static str = "Mutex";
    fn new() -> Self {
        Mutex::new(None)
    }
    fn get(&self) -> Option<u64> {
        *self.lock().unwrap()
    }
    fn set(&self, value: u64) {
        *self.lock().unwrap() = Some(value);
    }
    fn update(&self, f: impl FnOnce(Option<&u64>) -> u64) {
        let mut guard = self.lock().unwrap();
        let next = f(guard.as_ref());
        *guard = Some(next);
    }
}

impl Lock for RwLock<Option<u64>> {
    const NAME: &'static str = "RwLock";
    fn new() -> Self {
        RwLock::new(None)
    }
    fn get(&self) -> Option<u64> {
        *self.read().unwrap()
    }
    fn set(&self, value: u64) {
        *self.write().unwrap() = Some(value);
    }
    fn update(&self, f: impl FnOnce(Option<&u64>) -> u64) {
        let mut guard = self.write().unwrap();
        let next = f(guard.as_ref());
        *guard = Some(next);
    }
}

const OPS: u64 = 400_000;
const ROUNDS: usize = 15;

/// ns per operation of `work` on `threads` threads sharing one lock, where
/// one operation in `write_every` is an update and the others are reads.
fn run<L: Lock>(threads: u64, write_every: u64) -> f64 {
    let lock = Arc::new(L::new());
    lock.set(0);
    let per_thread = OPS / threads;
    let start = Instant::now();
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let lock = Arc::clone(&lock);
            thread::spawn(move || {
                for i in 0..per_thread {
                    if i % write_every == 0 {
                        lock.update(|n| n.copied().unwrap_or(0) + 1);
                    } else {
                        black_box(lock.get());
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    let elapsed = start.elapsed();
    black_box(lock.get());
    let ops = u32::try_from(per_thread * threads).expect("OPS fits in u32");
    elapsed.as_secs_f64() * 1e9 / f64::from(ops)
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn compare(label: &str, threads: u64, write_every: u64) {
    let (mut mutex, mut rwlock) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        mutex.push(run::<Mutex<Option<u64>>>(threads, write_every));
        rwlock.push(run::<RwLock<Option<u64>>>(threads, write_every));
    }
    let (m, r) = (median(mutex), median(rwlock));
    println!("| {label:<34} | {threads} | {m:>8.1} | {r:>8.1} | {:>5.2} |", r / m);
}

fn main() {
    let (m, r) = (<Mutex<Option<u64>>>::NAME, <RwLock<Option<u64>>>::NAME);
    println!("| case | threads | {m} ns/op | {r} ns/op | {r} / {m} |");
    println!("|---|---|---|---|---|");
    compare("reads only (get)", 1, u64::MAX);
    compare("writes only (update)", 1, 1);
    for threads in [2, 4] {
        compare("read-heavy (1 update in 20)", threads, 20);
        compare("write-heavy (updates only)", threads, 1);
    }
}
