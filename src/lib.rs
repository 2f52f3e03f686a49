#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]

pub use tracker_core::{Rejected, Truthy, truthy};

/// Turns a bare fn signature into a constructor and a tracker type whose
/// private state only its generated methods can reach.
///
/// ```
/// use tracker::private_tracker;
///
/// /// Tracks the last action on one button colour.
/// #[private_tracker(guard = tracker::truthy)]
/// pub fn action_tracker(#[get] choice: &'static str) -> &'static str;
///
/// let mut red = action_tracker("red");
/// assert_eq!(red.action(), None);
/// red.set_action("click").unwrap();
/// assert_eq!(red.replace_action("touch"), Ok(Some("click")));
/// assert_eq!(red.take_action(), Some("touch"));
/// ```
///
/// The [crate documentation](crate) lists the arguments (`name`, `field`,
/// `guard`, `crate`), the generated methods, the guarantees and the limits.
/// Each generated item carries rustdoc of its own, visible on your crate's
/// documentation page.
pub use tracker_macros::private_tracker;

/// What generated code names. Not public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use tracker_core::{Owned, call_guard};
}
