//! The synchronisation primitives of mode `sync`: std's, or loom's under
//! `--cfg loom`, so the loom model checks the very code users run.

#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
#[cfg(loom)]
pub(crate) use loom::sync::{Arc, Mutex, MutexGuard};
pub(crate) use std::sync::PoisonError;
#[cfg(all(feature = "watch", not(loom)))]
pub(crate) use std::sync::atomic::AtomicUsize;
#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
#[cfg(not(loom))]
pub(crate) use std::sync::{Arc, Mutex, MutexGuard};

/// The lock of a sync storage: `parking_lot`'s `Mutex`, or loom's (which
/// models std's) under `--cfg loom`.
///
/// Not std's `Mutex`, for its poison: a std guard reads the global panic
/// count when it locks and again when it unlocks, to poison the lock if a
/// panic unwinds through it. A storage never needs that (a panic in user
/// code leaves the value intact, and every door went on past the poison),
/// yet each check kept a loop of doors from holding in registers what it
/// needs: over std's lock, the same doors measured 9 to 14 instructions
/// more per operation, and the mixed loop 48 more (BENCHMARKS.md). `parking_lot`'s lock and unlock are one
/// atomic read-modify-write each, as std's are (a compare-and-swap each,
/// where std unlocks with a swap), and nothing else.
#[cfg(not(loom))]
pub(crate) use parking_lot::{Mutex as Lock, MutexGuard as Locked};
/// `parking_lot`'s API over loom's `Mutex`.
#[cfg(loom)]
pub(crate) struct Lock<T>(Mutex<T>);
#[cfg(loom)]
pub(crate) type Locked<'a, T> = MutexGuard<'a, T>;
#[cfg(loom)]
impl<T> Lock<T> {
    pub(crate) fn new(value: T) -> Self {
        Self(Mutex::new(value))
    }
    pub(crate) fn lock(&self) -> Locked<'_, T> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
    pub(crate) fn try_lock(&self) -> Option<Locked<'_, T>> {
        match self.0.try_lock() {
            Ok(guard) => Some(guard),
            Err(std::sync::TryLockError::Poisoned(poisoned)) => Some(poisoned.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => None,
        }
    }
}

#[cfg(loom)]
use loom::thread_local;
#[cfg(not(loom))]
use std::thread_local;

use core::cell::{Cell, RefCell};

// Which sync storages' locks this thread holds while it runs user code
// under them (a closure, a guard, a `Clone`), by the address of each
// storage's lock: the innermost in `INNERMOST` (0 when none, which is every
// call but a reentrant or nested one), the ones it is nested in, if any, in
// `OUTER`. A door takes its lock directly when `INNERMOST` is 0, as
// hand-written code does; above, a lock it cannot take at once may be its
// own thread's, and the door asks these two before it waits.
//
// Every address here is of a storage whose lock this thread holds, so it
// is alive and cannot be reused meanwhile; and it is this thread's alone,
// so nothing stale from another thread can be read. The storages record
// nothing of their own: the common path writes one thread-local word on
// entering user code and one on leaving it, and no shared memory besides
// the lock. Neither needs dropping: `const`-initialised, each access is a
// plain thread-local access, with no lazy initialisation and no destructor
// to register, and both stay usable while a thread's other thread-locals
// are destroyed (whose `Drop` may use a tracker). Nesting deeper than
// `INLINE` goes on in `DEEPER`, a `Vec`, which has a destructor: see
// [`nest`]. Loom's `thread_local!` takes only plain initialisers.
#[cfg(not(loom))]
thread_local! {
    static INNERMOST: Cell<usize> = const { Cell::new(0) };
    static OUTER: RefCell<Outer> = const { RefCell::new(Outer { locks: [0; INLINE], len: 0 }) };
    static DEEPER: RefCell<alloc::vec::Vec<usize>> = const { RefCell::new(alloc::vec::Vec::new()) };
}
#[cfg(loom)]
thread_local! {
    static INNERMOST: Cell<usize> = Cell::new(0);
    static OUTER: RefCell<Outer> = RefCell::new(Outer { locks: [0; INLINE], len: 0 });
    static DEEPER: RefCell<alloc::vec::Vec<usize>> = RefCell::new(alloc::vec::Vec::new());
}

/// How many outer locks the record holds inline.
const INLINE: usize = 32;

/// The locks that the innermost one is nested in, outermost first: the
/// first [`INLINE`] here, any further ones in `DEEPER`.
struct Outer {
    locks: [usize; INLINE],
    /// How many there are, `DEEPER`'s included.
    len: usize,
}

/// Whether this thread runs user code under the lock of a sync storage: a
/// call then may be reentrant, and takes the detecting path.
#[inline]
pub(crate) fn running_user_code() -> bool {
    INNERMOST.with(Cell::get) != 0
}

/// This thread runs user code under the lock of a sync storage, as
/// [`enter_user_code`] recorded; dropping it (on unwinding too) brings the
/// record back as it was.
pub(crate) struct Entered {
    /// The storage this thread ran user code under before, or 0.
    outer: usize,
}

impl Drop for Entered {
    #[inline]
    fn drop(&mut self) {
        INNERMOST.with(|innermost| innermost.set(self.outer));
        if self.outer != 0 {
            unnest();
        }
    }
}

/// This thread starts running user code under the lock of the storage at
/// `storage` (an address, see [`holds`]).
///
/// # Panics
///
/// Only while the thread's thread-locals are being destroyed, when user
/// code of more than [`INLINE`] sync trackers would run nested: see
/// [`nest`].
#[inline]
#[track_caller]
pub(crate) fn enter_user_code(storage: usize) -> Entered {
    let outer = INNERMOST.with(Cell::get);
    if outer != 0 {
        nest(outer);
    }
    INNERMOST.with(|innermost| innermost.set(storage));
    Entered { outer }
}

/// This thread starts running user code under the lock of the storage at
/// `storage`, having found [`running_user_code`] false since it last ran
/// any user code: one store, nothing read.
#[inline]
pub(crate) fn enter_first(storage: usize) -> Entered {
    INNERMOST.with(|innermost| innermost.set(storage));
    Entered { outer: 0 }
}

/// User code under one lock calls a door that takes another.
///
/// The first [`INLINE`] outer locks are recorded inline; further ones in
/// `DEEPER`. That `Vec` is dropped with the thread's other thread-locals,
/// so a nesting that deep inside the destructor of another thread-local,
/// after it, cannot be recorded: it panics rather than risk a missed lock.
#[cold]
#[track_caller]
fn nest(outer: usize) {
    let deeper = OUTER.with(|nested| {
        let mut nested = nested.borrow_mut();
        let len = nested.len;
        if len < INLINE {
            nested.locks[len] = outer;
        }
        len >= INLINE
    });
    assert!(
        !deeper || DEEPER.try_with(|deeper| deeper.borrow_mut().push(outer)).is_ok(),
        "private-tracker: the user code of more than {INLINE} sync trackers runs nested in a thread-local's \
         destructor, after this thread's record of them was dropped"
    );
    OUTER.with(|nested| nested.borrow_mut().len += 1);
}

/// The nested door is done.
#[cold]
fn unnest() {
    let deeper = OUTER.with(|nested| {
        let mut nested = nested.borrow_mut();
        nested.len -= 1;
        nested.len >= INLINE
    });
    if deeper {
        // Pushed by `nest`, so the `Vec` was there then, and is until the
        // thread's thread-locals are dropped, which no nested call outlives.
        let _ = DEEPER.try_with(|deeper| deeper.borrow_mut().pop());
    }
}

/// Whether this thread holds the lock of the storage at `storage` while it
/// runs user code under it: a call that would wait for that lock would wait
/// for itself.
#[cold]
pub(crate) fn holds(storage: usize) -> bool {
    INNERMOST.with(Cell::get) == storage
        || OUTER.with(|nested| {
            let nested = nested.borrow();
            nested.locks[..nested.len.min(INLINE)].contains(&storage)
        })
        || DEEPER.try_with(|deeper| deeper.borrow().contains(&storage)).unwrap_or(false)
}

/// What a blocking wait waits on: std's condition variable, or loom's
/// under `--cfg loom`, so that the loom model checks the watchers' own
/// wake-ups.
#[cfg(all(feature = "watch", not(loom)))]
pub(crate) use std::sync::Condvar;

#[cfg(loom)]
pub(crate) use loom::sync::Condvar;
