//! The synchronisation primitives of mode `sync`: std's, or loom's under
//! `--cfg loom`, so the loom model checks the very code users run.

#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
#[cfg(loom)]
pub(crate) use loom::sync::{Arc, Mutex, MutexGuard};
#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::atomic::{AtomicUsize as StdAtomicUsize, Ordering as StdOrdering};
#[cfg(not(loom))]
pub(crate) use std::sync::{Arc, Mutex, MutexGuard};
pub(crate) use std::sync::{PoisonError, TryLockError};

#[cfg(loom)]
use loom::thread_local;
#[cfg(not(loom))]
use std::thread_local;

/// The next [`thread_token`]. Always std's atomic: it only hands out
/// numbers, and is not part of what the loom model checks.
static NEXT_TOKEN: StdAtomicUsize = StdAtomicUsize::new(1);

// `const`-initialised, so reading it is a plain thread-local access with no
// lazy-initialisation call; 0 means "no token yet". Loom's `thread_local!`
// takes only plain initialisers.
#[cfg(not(loom))]
thread_local! {
    static TOKEN: core::cell::Cell<usize> = const { core::cell::Cell::new(0) };
}
#[cfg(loom)]
thread_local! {
    static TOKEN: core::cell::Cell<usize> = core::cell::Cell::new(0);
}

/// A non-zero number unique to the calling thread, never reused.
///
/// Not the address of a thread-local: a new thread may get the address of
/// one that has exited, and a stale read of the owner field could then take
/// contention for reentrancy (the loom model found exactly that).
#[inline]
pub(crate) fn thread_token() -> usize {
    TOKEN.with(|token| match token.get() {
        0 => {
            let fresh = NEXT_TOKEN.fetch_add(1, StdOrdering::Relaxed);
            token.set(fresh);
            fresh
        }
        known => known,
    })
}
