//! The subjects both run-time benchmarks measure, shared so that the
//! instruction counts (`benches/instructions.rs`) and the wall-clock times
//! (`benches/criterion`) are of the very same code: each generated tracker and
//! the code a person writes instead, behind one `Subject` trait, and the loop
//! that drives them.

#![allow(
    clippy::inline_always,
    reason = "both sides are inlined alike, so what is measured is the tracker's code, not inlining heuristics"
)]
#![allow(clippy::trivially_copy_pass_by_ref, reason = "a guard takes `&V`")]
#![allow(dead_code, reason = "each benchmark uses the subjects it measures")]

use std::cell::RefCell;
use std::collections::VecDeque;
use std::hint::black_box;
use std::panic::Location;
use std::rc::Rc;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use private_tracker::private_tracker;

/// What each subject does: the doors a tracker has, on a `u64`.
pub(crate) trait Subject {
    fn new() -> Self;
    fn set(&mut self, value: u64);
    fn get(&self) -> Option<u64>;
    fn update(&mut self);
    fn take(&mut self) -> Option<u64>;
    /// Reads in place, through `with_…` (a borrow, or under the lock).
    fn with(&self) -> u64;
}

fn bump(value: Option<&u64>) -> u64 {
    value.copied().unwrap_or(0).wrapping_add(1)
}

fn read(value: Option<&u64>) -> u64 {
    value.copied().unwrap_or(0)
}

fn allowed(value: &u64) -> bool {
    *value != u64::MAX
}

// ---- mode owned -------------------------------------------------------

#[private_tracker]
pub(crate) fn owned_tracker(#[get] label: &'static str) -> u64;

#[private_tracker(guard = allowed)]
pub(crate) fn owned_guarded_tracker(#[get] label: &'static str) -> u64;

/// What a person writes by hand instead of `owned_tracker`.
pub(crate) struct HandOwned {
    _label: &'static str,
    value: Option<u64>,
}

impl Subject for OwnedTracker {
    #[inline(always)]
    fn with(&self) -> u64 {
        self.with_owned(read)
    }
    #[inline(always)]
    fn new() -> Self {
        owned_tracker("bench")
    }
    #[inline(always)]
    fn set(&mut self, value: u64) {
        self.set_owned(value);
    }
    #[inline(always)]
    fn get(&self) -> Option<u64> {
        self.owned()
    }
    #[inline(always)]
    fn update(&mut self) {
        self.update_owned(bump);
    }
    #[inline(always)]
    fn take(&mut self) -> Option<u64> {
        self.take_owned()
    }
}

impl Subject for OwnedGuardedTracker {
    #[inline(always)]
    fn with(&self) -> u64 {
        self.with_owned_guarded(read)
    }
    #[inline(always)]
    fn new() -> Self {
        owned_guarded_tracker("bench")
    }
    #[inline(always)]
    fn set(&mut self, value: u64) {
        black_box(self.set_owned_guarded(value).is_ok());
    }
    #[inline(always)]
    fn get(&self) -> Option<u64> {
        self.owned_guarded()
    }
    #[inline(always)]
    fn update(&mut self) {
        black_box(self.update_owned_guarded(bump).is_ok());
    }
    #[inline(always)]
    fn take(&mut self) -> Option<u64> {
        self.take_owned_guarded()
    }
}

impl Subject for HandOwned {
    #[inline(always)]
    fn with(&self) -> u64 {
        read(self.value.as_ref())
    }
    #[inline(always)]
    fn new() -> Self {
        Self { _label: "bench", value: None }
    }
    #[inline(always)]
    fn set(&mut self, value: u64) {
        self.value = Some(value);
    }
    #[inline(always)]
    fn get(&self) -> Option<u64> {
        // The getter a person writes: a borrow, as the generated one returns.
        self.value.as_ref().copied()
    }
    #[inline(always)]
    fn update(&mut self) {
        self.value = Some(bump(self.value.as_ref()));
    }
    #[inline(always)]
    fn take(&mut self) -> Option<u64> {
        self.value.take()
    }
}

// ---- mode owned, never empty (`init = …`) -----------------------------

#[private_tracker(init = 0)]
pub(crate) fn owned_init_tracker(#[get] label: &'static str) -> u64;

/// What a person writes by hand instead of `owned_init_tracker`: the value
/// itself, with no `Option` around it.
pub(crate) struct HandOwnedInit {
    _label: &'static str,
    value: u64,
}

impl Subject for OwnedInitTracker {
    #[inline(always)]
    fn with(&self) -> u64 {
        self.with_owned_init(|n| *n)
    }
    #[inline(always)]
    fn new() -> Self {
        owned_init_tracker("bench")
    }
    #[inline(always)]
    fn set(&mut self, value: u64) {
        self.set_owned_init(value);
    }
    #[inline(always)]
    fn get(&self) -> Option<u64> {
        Some(self.owned_init())
    }
    #[inline(always)]
    fn update(&mut self) {
        self.update_owned_init(|n| n.wrapping_add(1));
    }
    /// `reset_…`, the never-empty tracker's `take_…`.
    #[inline(always)]
    fn take(&mut self) -> Option<u64> {
        Some(self.reset_owned_init())
    }
}

impl Subject for HandOwnedInit {
    #[inline(always)]
    fn with(&self) -> u64 {
        self.value
    }
    #[inline(always)]
    fn new() -> Self {
        Self { _label: "bench", value: 0 }
    }
    #[inline(always)]
    fn set(&mut self, value: u64) {
        self.value = value;
    }
    #[inline(always)]
    fn get(&self) -> Option<u64> {
        Some(self.value)
    }
    #[inline(always)]
    fn update(&mut self) {
        self.value = self.value.wrapping_add(1);
    }
    #[inline(always)]
    fn take(&mut self) -> Option<u64> {
        Some(std::mem::replace(&mut self.value, 0))
    }
}

/// The hand-written guarded version: check, then store or hand back.
pub(crate) struct HandOwnedGuarded(HandOwned);

impl Subject for HandOwnedGuarded {
    #[inline(always)]
    fn with(&self) -> u64 {
        self.0.with()
    }
    #[inline(always)]
    fn new() -> Self {
        Self(HandOwned::new())
    }
    #[inline(always)]
    fn set(&mut self, value: u64) {
        let result = if allowed(&value) {
            self.0.value = Some(value);
            Ok(())
        } else {
            Err(value)
        };
        black_box(result.is_ok());
    }
    #[inline(always)]
    fn get(&self) -> Option<u64> {
        self.0.get()
    }
    #[inline(always)]
    fn update(&mut self) {
        let next = bump(self.0.value.as_ref());
        let result = if allowed(&next) {
            self.0.value = Some(next);
            Ok(())
        } else {
            Err(next)
        };
        black_box(result.is_ok());
    }
    #[inline(always)]
    fn take(&mut self) -> Option<u64> {
        self.0.take()
    }
}

// ---- mode shared ------------------------------------------------------

#[private_tracker(shared)]
pub(crate) fn shared_tracker(#[get] label: &'static str) -> u64;

/// What a person writes by hand instead of `shared_tracker`.
pub(crate) struct HandShared(Rc<RefCell<Option<u64>>>);

impl Subject for SharedTracker {
    #[inline(always)]
    fn with(&self) -> u64 {
        self.with_shared(read)
    }
    #[inline(always)]
    fn new() -> Self {
        shared_tracker("bench")
    }
    #[inline(always)]
    fn set(&mut self, value: u64) {
        self.set_shared(value);
    }
    #[inline(always)]
    fn get(&self) -> Option<u64> {
        self.shared()
    }
    #[inline(always)]
    fn update(&mut self) {
        self.update_shared(bump);
    }
    #[inline(always)]
    fn take(&mut self) -> Option<u64> {
        self.take_shared()
    }
}

impl Subject for HandShared {
    #[inline(always)]
    fn with(&self) -> u64 {
        read(self.0.borrow().as_ref())
    }
    #[inline(always)]
    fn new() -> Self {
        Self(Rc::new(RefCell::new(None)))
    }
    #[inline(always)]
    fn set(&mut self, value: u64) {
        *self.0.borrow_mut() = Some(value);
    }
    #[inline(always)]
    fn get(&self) -> Option<u64> {
        // A getter written for any `V: Clone`, as the generated one is
        // (SPEC 8: the getter is compared with a hand-written one that
        // clones).
        cloned(&*self.0.borrow())
    }
    #[inline(always)]
    fn update(&mut self) {
        let next = bump(self.0.borrow().as_ref());
        *self.0.borrow_mut() = Some(next);
    }
    #[inline(always)]
    fn take(&mut self) -> Option<u64> {
        self.0.borrow_mut().take()
    }
}

// ---- mode sync --------------------------------------------------------

#[private_tracker(sync)]
pub(crate) fn sync_tracker(#[get] label: &'static str) -> u64;

/// What a person writes by hand instead of `sync_tracker`.
pub(crate) struct HandSync(Arc<Mutex<Option<u64>>>);

impl Subject for SyncTracker {
    #[inline(always)]
    fn with(&self) -> u64 {
        self.with_sync(read)
    }
    #[inline(always)]
    fn new() -> Self {
        sync_tracker("bench")
    }
    #[inline(always)]
    fn set(&mut self, value: u64) {
        self.set_sync(value);
    }
    #[inline(always)]
    fn get(&self) -> Option<u64> {
        self.sync()
    }
    #[inline(always)]
    fn update(&mut self) {
        self.update_sync(bump);
    }
    #[inline(always)]
    fn take(&mut self) -> Option<u64> {
        self.take_sync()
    }
}

/// What a getter written for any `V: Clone` does with the value it reads.
#[inline(always)]
fn cloned<T: Clone>(value: &T) -> T {
    value.clone()
}

/// The leanest locking a person writes: no panic on poison, no unwrap.
#[inline(always)]
fn lock(mutex: &Mutex<Option<u64>>) -> MutexGuard<'_, Option<u64>> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Subject for HandSync {
    #[inline(always)]
    fn with(&self) -> u64 {
        read(lock(&self.0).as_ref())
    }
    #[inline(always)]
    fn new() -> Self {
        Self(Arc::new(Mutex::new(None)))
    }
    #[inline(always)]
    fn set(&mut self, value: u64) {
        *lock(&self.0) = Some(value);
    }
    #[inline(always)]
    fn get(&self) -> Option<u64> {
        // A getter written for any `V: Clone`, as the generated one is.
        cloned(&*lock(&self.0))
    }
    #[inline(always)]
    fn update(&mut self) {
        let mut guard = lock(&self.0);
        let next = bump(guard.as_ref());
        *guard = Some(next);
    }
    #[inline(always)]
    fn take(&mut self) -> Option<u64> {
        lock(&self.0).take()
    }
}

/// The same code over `parking_lot`'s `Mutex`, the lock a sync tracker is
/// built on: not what SPEC 8 measures against (that is std's), but what
/// shows the cost of the reentrancy detection alone.
pub(crate) struct HandSyncParking(Arc<parking_lot::Mutex<Option<u64>>>);

impl Subject for HandSyncParking {
    #[inline(always)]
    fn with(&self) -> u64 {
        read(self.0.lock().as_ref())
    }
    #[inline(always)]
    fn new() -> Self {
        Self(Arc::new(parking_lot::Mutex::new(None)))
    }
    #[inline(always)]
    fn set(&mut self, value: u64) {
        *self.0.lock() = Some(value);
    }
    #[inline(always)]
    fn get(&self) -> Option<u64> {
        cloned(&*self.0.lock())
    }
    #[inline(always)]
    fn update(&mut self) {
        let mut guard = self.0.lock();
        let next = bump(guard.as_ref());
        *guard = Some(next);
    }
    #[inline(always)]
    fn take(&mut self) -> Option<u64> {
        self.0.lock().take()
    }
}

// ---- workloads --------------------------------------------------------

// ---- mode owned, with `trace` ---------------------------------------------

#[private_tracker(trace)]
pub(crate) fn owned_traced_tracker(#[get] label: &'static str) -> u64;

/// What a person writes by hand instead of `owned_traced_tracker`: the
/// value and the location of the last write, kept by `#[track_caller]`
/// methods.
pub(crate) struct HandOwnedTraced {
    _label: &'static str,
    value: Option<u64>,
    last_write: Option<&'static Location<'static>>,
}

impl Subject for OwnedTracedTracker {
    #[inline(always)]
    fn with(&self) -> u64 {
        self.with_owned_traced(read)
    }
    #[inline(always)]
    fn new() -> Self {
        owned_traced_tracker("bench")
    }
    #[inline(always)]
    fn set(&mut self, value: u64) {
        self.set_owned_traced(value);
    }
    #[inline(always)]
    fn get(&self) -> Option<u64> {
        self.owned_traced()
    }
    #[inline(always)]
    fn update(&mut self) {
        self.update_owned_traced(bump);
    }
    #[inline(always)]
    fn take(&mut self) -> Option<u64> {
        self.take_owned_traced()
    }
}

impl Subject for HandOwnedTraced {
    #[inline(always)]
    fn with(&self) -> u64 {
        read(self.value.as_ref())
    }
    #[inline(always)]
    fn new() -> Self {
        Self { _label: "bench", value: None, last_write: None }
    }
    #[inline(always)]
    fn set(&mut self, value: u64) {
        self.value = Some(value);
        self.last_write = Some(Location::caller());
    }
    #[inline(always)]
    fn get(&self) -> Option<u64> {
        self.value
    }
    #[inline(always)]
    fn update(&mut self) {
        self.value = Some(bump(self.value.as_ref()));
        self.last_write = Some(Location::caller());
    }
    #[inline(always)]
    fn take(&mut self) -> Option<u64> {
        self.last_write = Some(Location::caller());
        self.value.take()
    }
}

// ---- mode owned, with `history = 16` and `trace` -------------------------

/// How many values the history keeps.
const DEPTH: usize = 16;

#[private_tracker(history = 16, trace)]
pub(crate) fn owned_history_tracker(#[get] label: &'static str) -> u64;

/// Where a write came from, as `trace` keeps it.
type At = Option<&'static Location<'static>>;

/// What a person writes by hand instead of `owned_history_tracker`: the
/// `undo` crate's data structure (a `VecDeque` of past values, capped, and
/// a redo list that a new write clears), each value with the location of
/// the write that stored it, and the location of the last write.
pub(crate) struct HandOwnedHistory {
    _label: &'static str,
    value: Option<u64>,
    value_at: At,
    undo: VecDeque<(Option<u64>, At)>,
    redo: Vec<(Option<u64>, At)>,
    last_write: At,
}

impl HandOwnedHistory {
    /// Keeps the value a write replaced, and where it came from.
    #[inline(always)]
    #[track_caller]
    fn keep(&mut self, previous: Option<u64>) {
        let at = Some(Location::caller());
        if self.undo.len() == DEPTH {
            self.undo.pop_front();
        }
        let previous_at = std::mem::replace(&mut self.value_at, at);
        self.undo.push_back((previous, previous_at));
        self.redo.clear();
        self.last_write = at;
    }
}

impl Subject for OwnedHistoryTracker {
    #[inline(always)]
    fn with(&self) -> u64 {
        self.with_owned_history(read)
    }
    #[inline(always)]
    fn new() -> Self {
        owned_history_tracker("bench")
    }
    #[inline(always)]
    fn set(&mut self, value: u64) {
        self.set_owned_history(value);
    }
    #[inline(always)]
    fn get(&self) -> Option<u64> {
        self.owned_history()
    }
    #[inline(always)]
    fn update(&mut self) {
        self.update_owned_history(bump);
    }
    #[inline(always)]
    fn take(&mut self) -> Option<u64> {
        self.take_owned_history()
    }
}

impl Subject for HandOwnedHistory {
    #[inline(always)]
    fn with(&self) -> u64 {
        read(self.value.as_ref())
    }
    #[inline(always)]
    fn new() -> Self {
        Self {
            _label: "bench",
            value: None,
            value_at: None,
            undo: VecDeque::with_capacity(DEPTH),
            redo: Vec::with_capacity(DEPTH),
            last_write: None,
        }
    }
    #[inline(always)]
    fn set(&mut self, value: u64) {
        let previous = self.value.replace(value);
        self.keep(previous);
    }
    #[inline(always)]
    fn get(&self) -> Option<u64> {
        self.value
    }
    #[inline(always)]
    fn update(&mut self) {
        let next = bump(self.value.as_ref());
        let previous = self.value.replace(next);
        self.keep(previous);
    }
    #[inline(always)]
    fn take(&mut self) -> Option<u64> {
        let taken = self.value.take();
        self.keep(taken);
        taken
    }
}

/// One operation, `iterations` times, on a subject made outside the count.
#[derive(Clone, Copy)]
pub(crate) enum Op {
    With,
    Set,
    Get,
    Update,
    Take,
    /// `set`, `update` and the getter, and `take` every 7th time: a loop
    /// that uses a tracker as a program does.
    Mixed,
}

#[inline(always)]
pub(crate) fn work<S: Subject>(subject: &mut S, op: Op, iterations: u64) {
    for i in 0..iterations {
        // Opaque on every iteration, so the optimiser cannot fold the loop
        // (a chain of updates into one addition, say) for either side.
        let subject = black_box(&mut *subject);
        match op {
            Op::With => {
                black_box(subject.with());
            }
            Op::Set => subject.set(black_box(i)),
            Op::Get => {
                black_box(subject.get());
            }
            Op::Update => subject.update(),
            Op::Take => {
                subject.set(black_box(i));
                black_box(subject.take());
            }
            Op::Mixed => {
                subject.set(black_box(i));
                subject.update();
                black_box(subject.get());
                if i % 7 == 0 {
                    black_box(subject.take());
                }
            }
        }
    }
}
