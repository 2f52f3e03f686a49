//! A stress of watchers (issue 24), written by a hostile review of the
//! watchers' own list of wakers: writers on threads or tasks, async
//! watchers of nine shapes (cancelled waits, `select!`, `wait_for`, the
//! `Stream`, clones) on tokio's multi-thread runtime, blocking watchers,
//! and the writers' handles dropped; every watcher must end on `Closed`
//! having seen the last write, and none may hang. Not run by CI (a crate
//! outside the workspace's default members); run it after a change to
//! `tracker-core/src/wake.rs` or `watch.rs`:
//!
//! ```text
//! STRESS_ITERS=3000 cargo test --release -p tracker-benches --test stress -- --nocapture --test-threads=1
//! ```
#![allow(missing_docs, clippy::pedantic, unreachable_pub, reason = "a test harness, not an API")]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use futures_util::StreamExt as _;
use private_tracker::{Closed, WaitTimeoutError, Watcher, private_tracker};

#[private_tracker(sync, observe, init = 0)]
pub fn counter_tracker() -> u64;

type W = Watcher<CounterTracker>;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn iters() -> usize {
    std::env::var("STRESS_ITERS").ok().and_then(|s| s.parse().ok()).unwrap_or(300)
}

/// What each watcher reports: (kind, last value it saw, seen version, error text)
type Report = (&'static str, u64, u64, Option<String>);

fn check_end(kind: &'static str, w: &W, fin: u64) -> Report {
    let v = w.get();
    let s = w.seen_version();
    let err = if v != fin || s != fin || !w.is_closed() {
        Some(format!("{kind}: get={v} seen={s} closed={} expected {fin}", w.is_closed()))
    } else {
        None
    };
    (kind, v, s, err)
}

async fn async_watcher(kind: usize, mut w: W, fin: u64, seed: u64, reached: Arc<AtomicUsize>) -> Report {
    let mut rng = Rng(seed | 1);
    let mut hit = false;
    let mut mark = |v: u64| {
        if v == fin && !hit {
            hit = true;
            reached.fetch_add(1, Ordering::SeqCst);
        }
    };
    match kind {
        0 => {
            let mut last = 0;
            while w.changed().await.is_ok() {
                let v = w.get();
                mark(v);
                assert!(v >= last);
                last = v;
            }
            check_end("async changed", &w, fin)
        }
        1 => {
            loop {
                let d = Duration::from_micros(rng.below(200));
                match tokio::time::timeout(d, w.changed()).await {
                    Ok(Ok(())) => mark(w.get()),
                    Ok(Err(Closed)) => break,
                    Err(_) => {}
                }
            }
            check_end("async timeout(changed)", &w, fin)
        }
        2 => {
            loop {
                tokio::select! {
                    biased;
                    r = w.changed() => if r.is_err() { break } else { mark(w.get()) },
                    () = tokio::task::yield_now() => {}
                }
            }
            check_end("async select(changed, yield)", &w, fin)
        }
        3 => {
            let r = w.wait_for(|v| *v == fin).await;
            mark(w.get());
            if r != Ok(fin) {
                return ("async wait_for(final)", 0, 0, Some(format!("wait_for(final) = {r:?}")));
            }
            if w.changed().await.is_ok() {
                return ("async wait_for(final)", 0, 0, Some("changed after final Ok".into()));
            }
            check_end("async wait_for(final)", &w, fin)
        }
        4 => {
            // impossible predicate, raced by cancellation
            loop {
                let d = Duration::from_micros(rng.below(300));
                match tokio::time::timeout(
                    d,
                    w.wait_for(|v| {
                        mark(*v);
                        *v > fin
                    }),
                )
                .await
                {
                    Ok(Ok(v)) => return ("async wait_for(never)", 0, 0, Some(format!("accepted {v}"))),
                    Ok(Err(Closed)) => break,
                    Err(_) => {}
                }
            }
            while w.changed().await.is_ok() {}
            check_end("async wait_for(never)", &w, fin)
        }
        5 => {
            let mut last = 0;
            let mut items = 0;
            while let Some(v) = w.next().await {
                if v <= last && items > 0 {
                    return ("stream", v, 0, Some(format!("not increasing {last} -> {v}")));
                }
                last = v;
                mark(v);
                items += 1;
            }
            if last != fin {
                return ("stream", last, 0, Some(format!("stream ended at {last}, expected {fin}")));
            }
            check_end("stream", &w, fin)
        }
        6 => {
            let mut last = 0;
            loop {
                let d = Duration::from_micros(rng.below(200));
                match tokio::time::timeout(d, w.next()).await {
                    Ok(Some(v)) => {
                        last = v;
                        mark(v)
                    }
                    Ok(None) => break,
                    Err(_) => {}
                }
            }
            if last != fin {
                return ("stream timeout", last, 0, Some(format!("stream ended at {last}, expected {fin}")));
            }
            check_end("stream timeout", &w, fin)
        }
        7 => {
            // clone churn while the writers go away
            let mut n = 0u64;
            while !w.is_closed() {
                mark(w.get());
                let mut c = w.clone();
                if n.is_multiple_of(3) {
                    // a registration left by a cancelled wait of a clone
                    let _ = tokio::time::timeout(Duration::from_micros(10), c.changed()).await;
                }
                drop(c);
                n += 1;
                tokio::task::yield_now().await;
            }
            while w.changed().await.is_ok() {}
            check_end("async clone churn", &w, fin)
        }
        _ => {
            // select of stream against changed of a clone
            let mut c = w.clone();
            let mut done_stream = false;
            let mut done_changed = false;
            let (mut hit_s, mut hit_c) = (false, false);
            while !(done_stream && done_changed) {
                if hit_s && hit_c {
                    mark(fin)
                }
                tokio::select! {
                    r = w.next(), if !done_stream => match r { None => done_stream = true, Some(v) => if v == fin { hit_s = true } },
                    r = c.changed(), if !done_changed => if r.is_err() { done_changed = true } else if c.get() == fin { hit_c = true },
                }
            }
            let r = check_end("select(stream, clone.changed)", &c, fin);
            if r.3.is_some() {
                return r;
            }
            if w.get() != fin {
                return ("select(stream, clone.changed)", w.get(), 0, Some("stream side".into()));
            }
            r
        }
    }
}

fn blocking_watcher(kind: usize, mut w: W, fin: u64, seed: u64, reached: Arc<AtomicUsize>) -> Report {
    let mut rng = Rng(seed | 1);
    let mut hit = false;
    let mut mark = |v: u64| {
        if v == fin && !hit {
            hit = true;
            reached.fetch_add(1, Ordering::SeqCst);
        }
    };
    match kind {
        0 => {
            while w.wait_changed().is_ok() {
                mark(w.get())
            }
            check_end("blocking wait_changed", &w, fin)
        }
        1 => {
            loop {
                match w.wait_changed_timeout(Duration::from_micros(rng.below(300))) {
                    Ok(()) => mark(w.get()),
                    Err(WaitTimeoutError::Timeout) => {}
                    Err(WaitTimeoutError::Closed) => break,
                }
            }
            check_end("blocking wait_changed_timeout", &w, fin)
        }
        2 => {
            let r = w.wait_for_blocking(|v| *v == fin);
            mark(w.get());
            if r != Ok(fin) {
                return ("blocking wait_for", 0, 0, Some(format!("wait_for_blocking(final) = {r:?}")));
            }
            if w.wait_changed() != Err(Closed) {
                return ("blocking wait_for", 0, 0, Some("changed after final".into()));
            }
            check_end("blocking wait_for", &w, fin)
        }
        _ => {
            loop {
                match w.wait_for_timeout(Duration::from_micros(rng.below(300)), |v| *v == fin) {
                    Ok(v) if v == fin => {
                        mark(v);
                        break;
                    }
                    Ok(v) => return ("blocking wait_for_timeout", v, 0, Some(format!("accepted {v}"))),
                    Err(WaitTimeoutError::Timeout) => {}
                    Err(WaitTimeoutError::Closed) => {
                        return ("blocking wait_for_timeout", w.get(), 0, Some("Closed before final".into()));
                    }
                }
            }
            while w.wait_changed().is_ok() {}
            check_end("blocking wait_for_timeout", &w, fin)
        }
    }
}

#[test]
fn stress_watchers() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_time().build().unwrap();
    let n = iters();
    let start = Instant::now();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut total_writes, mut total_watchers) = (0u64, 0usize);
    for it in 0..n {
        let tracker = counter_tracker();
        let writers = 1 + rng.below(4) as usize;
        let per: Vec<u64> = (0..writers).map(|_| 1 + rng.below(150)).collect();
        let fin: u64 = per.iter().sum();
        total_writes += fin;
        let n_async = 12
            + rng.below(std::env::var("STRESS_WIDTH").ok().and_then(|s| s.parse().ok()).unwrap_or(20))
                as usize;
        let n_block = 2 + rng.below(4) as usize;
        total_watchers += n_async + n_block;
        let done = Arc::new(Mutex::new(Vec::<String>::new()));
        let reached = Arc::new(AtomicUsize::new(0));
        let keep = rng.below(2) == 0;
        let mut handles = Vec::new();
        for i in 0..n_async {
            let w = tracker.watch_counter();
            let kind = i % 9;
            let seed = rng.next();
            let done = Arc::clone(&done);
            let reached = Arc::clone(&reached);
            handles.push(rt.spawn(async move {
                let r = async_watcher(kind, w, fin, seed, reached).await;
                done.lock().unwrap().push(r.0.to_string());
                r
            }));
        }
        let (tx, rx) = mpsc::channel();
        for i in 0..n_block {
            let w = tracker.watch_counter();
            let tx = tx.clone();
            let seed = rng.next();
            let done = Arc::clone(&done);
            let reached = Arc::clone(&reached);
            thread::spawn(move || {
                let r = blocking_watcher(i % 4, w, fin, seed, reached);
                done.lock().unwrap().push(r.0.to_string());
                let _ = tx.send(r);
            });
        }
        drop(tx);
        let on_rt = rng.below(2) == 0;
        let mut rt_writers = Vec::new();
        if on_rt {
            for &k in &per {
                let t = tracker.clone();
                let mut r = Rng(rng.next() | 1);
                rt_writers.push(rt.spawn(async move {
                    for _ in 0..k {
                        t.update_counter(|v| v + 1);
                        if r.below(4) == 0 {
                            tokio::task::yield_now().await;
                        }
                    }
                }));
            }
        }
        let writer_threads: Vec<_> = per
            .iter()
            .filter(|_| !on_rt)
            .map(|&k| {
                let t = tracker.clone();
                let mut r = Rng(rng.next() | 1);
                thread::spawn(move || {
                    for _ in 0..k {
                        t.update_counter(|v| v + 1);
                        match r.below(16) {
                            0 => thread::yield_now(),
                            1 => thread::sleep(Duration::from_micros(r.below(50))),
                            _ => {}
                        }
                    }
                    // dropped here: maybe the last handle
                })
            })
            .collect();
        // A watcher made from the last handle: the main handle goes first.
        let probe = tracker.watch_counter();
        let keeper = if keep {
            Some(tracker)
        } else {
            drop(tracker);
            None
        };
        for t in writer_threads {
            t.join().unwrap();
        }
        for t in rt_writers {
            rt.block_on(t).unwrap();
        }
        if let Some(keeper) = keeper {
            // Every watcher must see the last write while a handle still lives:
            // a wake-up lost for a write is not rescued by the close here.
            let until = Instant::now() + Duration::from_secs(10);
            while reached.load(Ordering::SeqCst) < n_async + n_block {
                if Instant::now() > until {
                    eprintln!(
                        "LOST WAKE-UP iteration {it}: {} of {} watchers saw the last write {fin} within 10 s (version {}) finished={:?}",
                        reached.load(Ordering::SeqCst),
                        n_async + n_block,
                        keeper.version(),
                        done.lock().unwrap()
                    );
                    std::process::exit(1);
                }
                thread::sleep(Duration::from_micros(200));
            }
            drop(keeper);
        }
        let deadline = Instant::now() + Duration::from_secs(20);
        let joined = rt.block_on(async {
            tokio::time::timeout(Duration::from_secs(20), async {
                let mut out = Vec::new();
                for h in handles {
                    out.push(h.await.unwrap());
                }
                out
            })
            .await
        });
        let hang = |what: &str| -> ! {
            eprintln!(
                "HANG iteration {it}: {what}; fin={fin} writers={writers} async={n_async} blocking={n_block} probe closed={} version={} finished={:?}",
                probe.is_closed(),
                probe.get(),
                done.lock().unwrap()
            );
            std::process::exit(1);
        };
        let Ok(reports) = joined else { hang("async watchers did not finish in 20 s") };
        let mut all = reports;
        for _ in 0..n_block {
            let left = deadline.saturating_duration_since(Instant::now()) + Duration::from_secs(1);
            match rx.recv_timeout(left) {
                Ok(r) => all.push(r),
                Err(_) => hang("blocking watchers did not finish"),
            }
        }
        for r in &all {
            if let Some(e) = &r.3 {
                panic!("iteration {it}: {e}");
            }
        }
        assert!(probe.is_closed());
        if it % 500 == 0 {
            eprintln!("iteration {it} ok ({:?})", start.elapsed());
        }
    }
    eprintln!("{n} iterations, {total_writes} writes, {total_watchers} watchers, in {:?}", start.elapsed());
}

/// A waker that counts how many clones of it are alive, to see registrations left behind.
struct Counting(AtomicUsize);
impl std::task::Wake for Counting {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
    fn wake_by_ref(self: &Arc<Self>) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

/// Cancelled waits, concurrently with writers: no entry (waker clone) left behind.
#[test]
fn cancelled_waits_leave_no_registration() {
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Waker};
    let n = iters();
    for it in 0..n {
        let tracker = counter_tracker();
        let writer = {
            let t = tracker.clone();
            thread::spawn(move || {
                for _ in 0..200 {
                    t.update_counter(|v| v + 1);
                }
            })
        };
        let counting = Arc::new(Counting(AtomicUsize::new(0)));
        let other = Arc::new(Counting(AtomicUsize::new(0)));
        let waker = Waker::from(Arc::clone(&counting));
        let waker2 = Waker::from(Arc::clone(&other));
        let mut w = tracker.watch_counter();
        let mut s = tracker.watch_counter();
        for i in 0..200 {
            {
                let mut f = pin!(w.changed());
                if f.as_mut().poll(&mut Context::from_waker(&waker)).is_pending() {
                    // re-poll with another waker: replacement
                    let _ =
                        f.as_mut().poll(&mut Context::from_waker(if i % 2 == 0 { &waker2 } else { &waker }));
                }
            }
            {
                let mut f = pin!(w.wait_for(|v| *v == u64::MAX));
                let _ = f.as_mut().poll(&mut Context::from_waker(&waker));
            }
            let _ = futures_util::Stream::poll_next(
                std::pin::Pin::new(&mut s),
                &mut Context::from_waker(&waker2),
            );
            if i % 7 == 0 {
                let _ = futures_util::Stream::poll_next(
                    std::pin::Pin::new(&mut s),
                    &mut Context::from_waker(&waker),
                );
            }
        }
        writer.join().unwrap();
        drop(s);
        drop(waker);
        drop(waker2);
        assert_eq!(Arc::strong_count(&counting), 1, "iteration {it}: a registration holds a waker");
        assert_eq!(Arc::strong_count(&other), 1, "iteration {it}: a registration holds a waker");
        drop(tracker);
    }
}
