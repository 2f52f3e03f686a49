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

// How many sync storages' locks this thread holds while it runs user code
// under them (a closure, a guard, a `Clone`): 0 on every call but a
// reentrant or nested one. A door takes its lock directly when it is 0, as
// hand-written code does, and asks whether the lock is its own only above.
#[cfg(not(loom))]
thread_local! {
    static RUNNING: core::cell::Cell<usize> = const { core::cell::Cell::new(0) };
}
#[cfg(loom)]
thread_local! {
    static RUNNING: core::cell::Cell<usize> = core::cell::Cell::new(0);
}

/// Whether this thread runs user code under the lock of a sync storage: a
/// call then may be reentrant, and takes the detecting path.
#[inline]
pub(crate) fn running_user_code() -> bool {
    RUNNING.with(|running| running.get() != 0)
}

/// This thread starts running user code under a lock.
#[inline]
pub(crate) fn enter_user_code() {
    RUNNING.with(|running| running.set(running.get() + 1));
}

/// This thread stops running user code under a lock (on unwinding too).
#[inline]
pub(crate) fn leave_user_code() {
    RUNNING.with(|running| running.set(running.get() - 1));
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

/// What a watcher waits on: event-listener's `Event`, or under `--cfg loom`
/// a model of its contract (a listener registered before a notification is
/// woken by it), so that the loom model checks the watcher's
/// register-then-check.
#[cfg(all(feature = "watch", not(loom)))]
pub(crate) use event_listener::Event;

#[cfg(loom)]
pub(crate) use model_event::Event;

#[cfg(loom)]
#[allow(unreachable_pub, reason = "public in a private module: a public trait's method returns `Listener`")]
pub(crate) mod model_event {
    use loom::sync::{Condvar, Mutex};

    /// A generation counter under a lock, and a condition variable.
    pub struct Event {
        generation: Mutex<u64>,
        woken: Condvar,
    }

    /// Registered at one generation; woken by any later one.
    pub struct Listener<'a> {
        event: &'a Event,
        generation: u64,
    }

    impl Event {
        pub(crate) fn new() -> Self {
            Self { generation: Mutex::new(0), woken: Condvar::new() }
        }

        pub(crate) fn listen(&self) -> Listener<'_> {
            let generation = *self.generation.lock().unwrap();
            Listener { event: self, generation }
        }

        pub(crate) fn notify(&self, _: usize) {
            *self.generation.lock().unwrap() += 1;
            self.woken.notify_all();
        }
    }

    impl Listener<'_> {
        pub(crate) fn wait(self) {
            let mut generation = self.event.generation.lock().unwrap();
            while *generation == self.generation {
                generation = self.event.woken.wait(generation).unwrap();
            }
        }
    }
}
