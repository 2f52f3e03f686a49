//! Fan-out on tokio's own ground (issue 24): one writer task and 64 async
//! watchers on tokio's multi-thread runtime with 2 workers. The writer makes
//! 10,000 writes, yielding every 50; each watcher loops on `changed().await`
//! until it has seen the last value. The same work runs on a sync tracker
//! declared with `observe` (its `watch_…()` watchers) and on
//! `tokio::sync::watch`, in interleaved pairs (tracker, then tokio, then the
//! other way round), each on a fresh runtime.
//!
//! ```text
//! cargo bench -p tracker-benches --bench fanout
//! FANOUT_PAIRS=31 FANOUT_WRITES=1000 FANOUT_WATCHERS=64 cargo bench -p tracker-benches --bench fanout
//! ```
//!
//! It prints, for the whole run (end to end: spawning the watchers, the
//! writes, and every watcher seeing the last value) and for the writer alone
//! (its writes, from its first to its last), the median time of each side,
//! the median of the ratios tracker / tokio and their interquartile range.
//! On a shared 2-core machine single times vary; ratios of neighbouring
//! runs vary less.

use std::sync::Arc;
use std::time::{Duration, Instant};

use private_tracker::private_tracker;

#[private_tracker(sync, observe)]
fn fanout_tracker() -> u64;

/// What one run measured: the whole run, and the writer's writes alone.
struct Run {
    total: Duration,
    writer: Duration,
}

/// The shape of the work.
#[derive(Clone, Copy)]
struct Work {
    watchers: usize,
    writes: u64,
    yield_every: u64,
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .expect("a tokio runtime with 2 workers")
}

fn run_tracker(work: Work) -> Run {
    runtime().block_on(async move {
        let start = Instant::now();
        let tracker = fanout_tracker();
        tracker.set_fanout(0);
        let watchers: Vec<_> = (0..work.watchers)
            .map(|_| {
                let mut watcher = tracker.watch_fanout();
                tokio::spawn(async move {
                    while watcher.get() != Some(work.writes) {
                        watcher.changed().await.expect("the writer is still there");
                    }
                })
            })
            .collect();
        let writer = tokio::spawn(async move {
            let began = Instant::now();
            for n in 1..=work.writes {
                tracker.set_fanout(n);
                if n % work.yield_every == 0 {
                    tokio::task::yield_now().await;
                }
            }
            began.elapsed()
        });
        let writer = writer.await.expect("the writer");
        for watcher in watchers {
            watcher.await.expect("a watcher");
        }
        Run { total: start.elapsed(), writer }
    })
}

fn run_tokio(work: Work) -> Run {
    runtime().block_on(async move {
        let start = Instant::now();
        let (sender, receiver) = tokio::sync::watch::channel(0_u64);
        let watchers: Vec<_> = (0..work.watchers)
            .map(|_| {
                let mut receiver = receiver.clone();
                tokio::spawn(async move {
                    while *receiver.borrow_and_update() != work.writes {
                        if receiver.changed().await.is_err() {
                            break;
                        }
                    }
                })
            })
            .collect();
        drop(receiver);
        let sender = Arc::new(sender);
        let writer = tokio::spawn({
            let sender = Arc::clone(&sender);
            async move {
                let began = Instant::now();
                for n in 1..=work.writes {
                    sender.send_replace(n);
                    if n % work.yield_every == 0 {
                        tokio::task::yield_now().await;
                    }
                }
                began.elapsed()
            }
        });
        let writer = writer.await.expect("the writer");
        for watcher in watchers {
            watcher.await.expect("a watcher");
        }
        Run { total: start.elapsed(), writer }
    })
}

/// The value at quantile `q` of sorted `values` (the nearest rank).
fn at(values: &[f64], q: f64) -> f64 {
    #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "an index")]
    #[expect(clippy::cast_precision_loss, reason = "a handful of runs")]
    let index = ((values.len() - 1) as f64 * q).round() as usize;
    values[index]
}

fn sorted(mut values: Vec<f64>) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    values
}

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|value| value.parse().ok()).unwrap_or(default)
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is read from the
    // command line.
    #[expect(clippy::cast_possible_truncation, reason = "a handful of watchers")]
    let work = Work {
        watchers: env("FANOUT_WATCHERS", 64) as usize,
        writes: env("FANOUT_WRITES", 10_000),
        yield_every: env("FANOUT_YIELD_EVERY", 50).max(1),
    };
    let pairs = env("FANOUT_PAIRS", 15);
    let (mut tracker, mut tokio) = (Vec::new(), Vec::new());
    for pair in 0..pairs {
        let (t, k) = if pair % 2 == 0 {
            let t = run_tracker(work);
            (t, run_tokio(work))
        } else {
            let k = run_tokio(work);
            (run_tracker(work), k)
        };
        tracker.push(t);
        tokio.push(k);
    }
    println!(
        "{} watchers, {} writes yielding every {}, {pairs} interleaved pairs, 2 tokio workers\n",
        work.watchers, work.writes, work.yield_every
    );
    println!(
        "| measured | tracker, median ms | tokio, median ms | median tracker / tokio | interquartile range |"
    );
    println!("|---|---|---|---|---|");
    for (what, pick) in
        [("whole run", (|run: &Run| run.total) as fn(&Run) -> Duration), ("writer alone", |run| run.writer)]
    {
        let ms = |runs: &[Run]| sorted(runs.iter().map(|run| pick(run).as_secs_f64() * 1e3).collect());
        let ratios = sorted(
            tracker.iter().zip(&tokio).map(|(t, k)| pick(t).as_secs_f64() / pick(k).as_secs_f64()).collect(),
        );
        println!(
            "| {what} | {:.2} | {:.2} | {:.2} | {:.2} - {:.2} |",
            at(&ms(&tracker), 0.5),
            at(&ms(&tokio), 0.5),
            at(&ratios, 0.5),
            at(&ratios, 0.25),
            at(&ratios, 0.75)
        );
    }
}
