//! Runtime storage of the [`private-tracker`](https://docs.rs/private-tracker) crate.
//!
//! `#[private_tracker::private_tracker]` generates a struct whose only field is one of
//! the storage types of this crate, and methods that forward to it. Every rule
//! about what a write does (the guard runs first, a refused value comes back
//! in a [`Rejected`], a panic in a guard or an `update` closure leaves the
//! stored value as it was) lives here, as ordinary Rust with ordinary tests.
//!
//! Depend on `private-tracker`, not on this crate: it re-exports everything a user
//! names.
//!
//! | storage | mode | reads | writes |
//! |---|---|---|---|
//! | [`Owned`] | `owned` (default) | `&self`, borrowed | `&mut self` |
//! | `Shared` (feature `alloc`) | `shared` | `&self`, cloned | `&self`; every clone is a handle to the same storage |
//! | `Synced` (feature `std`) | `sync` | `&self`, cloned | `&self`, from any thread |
//!
//! Each storage type keeps the tracker's captured constructor arguments
//! (`C`, a tuple, with [`Sealed`] around those without a getter) beside the
//! tracked value (`V`), and names its [`Guard`] as a type (`G`), as it names
//! its slot (`S`: `Option<V>`, or [`Initialized`] with `init`), its observer
//! (`O`, [`Unobserved`] unless declared with `observe`) and its record of
//! history and locations (`H`, a [`Log`] that keeps nothing unless declared
//! with `history` or `trace`); the default observer and record are
//! zero-sized. Its public
//! methods are exactly the tracker's doors, so code that can name a
//! tracker's storage field gets nothing through it that the doors do not
//! give: no write skips the guard, and no sealed capture can be read.
#![no_std]
#![forbid(unsafe_code)]
// docs.rs builds with `--cfg docsrs`: items behind a cargo feature say so
// (`loom` is this crate's own test configuration, not a user's choice).
#![cfg_attr(docsrs, feature(doc_cfg), doc(auto_cfg(hide(loom))))]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(any(feature = "std", test))]
extern crate std;

mod captures;
mod compare;
mod copies;
mod guard;
#[cfg(feature = "alloc")]
mod handle;
mod history;
mod observe;
mod owned;
#[cfg(feature = "serde")]
mod persist;
#[cfg(feature = "alloc")]
mod reentrancy;
#[cfg(feature = "alloc")]
mod shared;
mod slot;
#[cfg(feature = "std")]
mod sync;
#[cfg(feature = "std")]
mod synced;
#[cfg(any(feature = "watch", all(loom, feature = "std")))]
mod wake;
#[cfg(any(feature = "watch", all(loom, feature = "std")))]
#[cfg_attr(docsrs, doc(auto_cfg = false), doc(cfg(feature = "watch")))]
mod watch;

#[cfg(all(test, loom, feature = "std"))]
mod loom_model;

pub use captures::Sealed;
pub use copies::{Cloned, Compares, Copies, Equal, Every};

/// `&'a T`, under a name: generated doors that lend a value of type
/// `Option<&T>` write `Option<Borrowed<'_, Option<&T>>>`, so that clippy's
/// `ref_option_ref` lint, which asks for `Option<&T>` in place of
/// `&Option<&T>`, does not fire on a signature the door cannot change.
pub type Borrowed<'a, T> = &'a T;
pub use guard::{
    AcceptsAll, Describe, Guard, Rejected, Reveal, ShowDebug, ShowHidden, ShowValue, Truthy, Unguarded,
    call_guard, call_init, truthy,
};
#[cfg(feature = "alloc")]
#[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
pub use handle::Handle;
pub use history::{
    At, Cleared, Entries, Entry, History, Log, NoHistory, Recorder, Ring, Trace, Traced, Untraced,
};
pub use observe::{
    Change, ChangeKind, Distinguishes, Fresh, HandleObserver, Handles, Observer, SubscriberKey, Unobserved,
};
#[cfg(feature = "alloc")]
#[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
pub use observe::{LocalObserved, LocalSubscription, Observed};
#[cfg(feature = "std")]
#[cfg_attr(docsrs, doc(cfg(feature = "std")))]
pub use observe::{Subscription, SyncObserved};
pub use owned::Owned;
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
pub use persist::{DeserializeCaptures, SerializeCaptures, deserialize_tracker, serialize_tracker};
/// The `serde` this crate implements its traits for, for generated code.
#[cfg(feature = "serde")]
#[doc(hidden)]
pub use serde;
#[cfg(feature = "alloc")]
#[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
pub use shared::Shared;
pub use slot::{Empty, Initialized, Lend, Refill, Slot};
#[cfg(feature = "std")]
#[cfg_attr(docsrs, doc(cfg(feature = "std")))]
pub use synced::Synced;
#[cfg(any(feature = "watch", all(loom, feature = "std")))]
#[cfg_attr(docsrs, doc(cfg(feature = "watch")))]
pub use watch::{Closed, WaitTimeoutError, WatchSource, Watched, WatchedOut, WatchedRef, Watcher};
