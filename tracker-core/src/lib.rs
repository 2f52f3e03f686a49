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
//! (`C`, a tuple) beside the tracked value (`V`).
#![no_std]
#![forbid(unsafe_code)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(any(feature = "std", test))]
extern crate std;

mod guard;
#[cfg(feature = "alloc")]
mod handle;
mod owned;
#[cfg(feature = "alloc")]
mod reentrancy;
#[cfg(feature = "alloc")]
mod shared;
#[cfg(feature = "std")]
mod sync;
#[cfg(feature = "std")]
mod synced;

pub use guard::{Rejected, Truthy, call_guard, truthy};
pub use owned::Owned;
#[cfg(feature = "alloc")]
pub use shared::Shared;
#[cfg(feature = "std")]
pub use synced::Synced;
