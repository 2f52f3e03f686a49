#![doc = include_str!("../README.md")]
//!
//! # Reference
//!
//! See [`private_tracker`] for the arguments and the generated items,
//! [`Rejected`] and [`truthy`] for guards.
#![no_std]
#![forbid(unsafe_code)]

pub use tracker_core::{Rejected, Truthy, truthy};
pub use tracker_macros::private_tracker;

/// What generated code names. Not public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use tracker_core::{Owned, call_guard};
}
