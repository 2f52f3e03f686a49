#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]

#[cfg(feature = "alloc")]
pub use private_tracker_core::LocalSubscription;
#[cfg(feature = "std")]
pub use private_tracker_core::Subscription;
#[cfg(feature = "watch")]
pub use private_tracker_core::Watcher;
pub use private_tracker_core::{Change, ChangeKind, Entries, Entry, Rejected, SubscriberKey, Truthy, truthy};

/// Turns a bare fn signature into a constructor and a tracker type whose
/// private state only its generated methods can reach.
///
/// ```
/// use private_tracker::private_tracker;
///
/// /// Tracks the last action on one button colour.
/// #[private_tracker(guard = private_tracker::truthy)]
/// pub fn action_tracker(#[get] choice: &'static str) -> &'static str;
///
/// let mut red = action_tracker("red");
/// assert_eq!(red.action(), None);
/// red.set_action("click").unwrap();
/// assert_eq!(red.replace_action("touch"), Ok(Some("click")));
/// assert_eq!(red.take_action(), Some("touch"));
/// ```
///
/// The [crate documentation](crate) lists the arguments (`name`, `field`, `init`,
/// `guard`, `crate`), the generated methods, the guarantees and the limits.
/// Each generated item carries rustdoc of its own, visible on your crate's
/// documentation page.
pub use private_tracker_macros::private_tracker;

/// What generated code names. Not public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    /// What the parameters of generated methods are imported as in the
    /// block that holds those methods (`use …::named_apart as value;`), so
    /// that no constant or unit struct of the user's module named like a
    /// parameter can turn it into a pattern.
    pub const fn named_apart() {}

    pub use private_tracker_core::{
        Guard, Initialized, Rejected, Reveal, Sealed, ShowDebug, ShowHidden, ShowValue, Unguarded,
        call_guard, call_init,
    };
    #[cfg(feature = "std")]
    pub use private_tracker_core::{Subscription, SyncObserved, Synced};
    #[cfg(feature = "watch")]
    pub use private_tracker_core::{Watched, Watcher};
    // Named apart from `Cow::Owned` and `Cow::Borrowed`: when the facade
    // cannot be found (a renamed dependency), rustc would otherwise suggest
    // those enum variants.
    pub use private_tracker_core::{Borrowed as BorrowedValue, Owned as OwnedStorage};
    #[cfg(feature = "alloc")]
    pub use private_tracker_core::{Handle, Shared};

    pub use private_tracker_core::{
        Change, Entries, History, Log, NoHistory, SubscriberKey, Traced, Unobserved, Untraced,
    };
    #[cfg(feature = "alloc")]
    pub use private_tracker_core::{LocalObserved, LocalSubscription, Observed};
    #[cfg(feature = "serde")]
    pub use private_tracker_core::{deserialize_tracker, serde, serialize_tracker};

    pub use crate::{
        __tracker_mode_shared as mode_shared, __tracker_mode_sync as mode_sync,
        __tracker_observe_owned as observe_owned, __tracker_serde as serde_derives, __tracker_watch as watch,
    };
}

/// Wraps the expansion of an owned tracker declared with `observe`, whose
/// subscribers are boxed: passes it through when the `alloc` feature is on,
/// and is one error naming the feature when it is off.
#[doc(hidden)]
#[cfg(feature = "alloc")]
#[macro_export]
macro_rules! __tracker_observe_owned {
    ($($expansion:tt)*) => { $($expansion)* };
}

#[doc(hidden)]
#[cfg(not(feature = "alloc"))]
#[macro_export]
macro_rules! __tracker_observe_owned {
    ($($expansion:tt)*) => {
        ::core::compile_error! {
            "`observe` keeps its subscribers in boxes, which needs the `alloc` feature of `private-tracker`: enable it in Cargo.toml (`features = [\"alloc\"]`), or keep the default features"
        }
    };
}

/// Wraps the watcher door of a sync tracker declared with `observe`, and
/// the hidden impl it needs: passes them through when the `watch` feature is
/// on, and drops them when it is off (the tracker then has no `watch_…`, as
/// its docs say).
#[doc(hidden)]
#[cfg(feature = "watch")]
#[macro_export]
macro_rules! __tracker_watch {
    ($($expansion:tt)*) => { $($expansion)* };
}

#[doc(hidden)]
#[cfg(not(feature = "watch"))]
#[macro_export]
macro_rules! __tracker_watch {
    ($($expansion:tt)*) => {};
}

/// Wraps the `Serialize` and `Deserialize` impls of a declaration that
/// derives them: passes them through when the `serde` feature is on, and is
/// one error naming the feature when it is off.
#[doc(hidden)]
#[cfg(feature = "serde")]
#[macro_export]
macro_rules! __tracker_serde {
    ($($expansion:tt)*) => { $($expansion)* };
}

#[doc(hidden)]
#[cfg(not(feature = "serde"))]
#[macro_export]
macro_rules! __tracker_serde {
    ($($expansion:tt)*) => {
        ::core::compile_error! {
            "deriving `Serialize` or `Deserialize` on a tracker needs the `serde` feature of `private-tracker`: add `features = [\"serde\"]` to its entry in Cargo.toml"
        }
    };
}

/// Wraps the expansion of a `shared` tracker: passes it through when the
/// `alloc` feature is on, and is one error naming the feature when it is off.
#[doc(hidden)]
#[cfg(feature = "alloc")]
#[macro_export]
macro_rules! __tracker_mode_shared {
    ($($expansion:tt)*) => { $($expansion)* };
}

#[doc(hidden)]
#[cfg(not(feature = "alloc"))]
#[macro_export]
macro_rules! __tracker_mode_shared {
    ($($expansion:tt)*) => {
        ::core::compile_error! {
            "mode `shared` needs the `alloc` feature of `private-tracker`: enable it in Cargo.toml (`features = [\"alloc\"]`), or keep the default features"
        }
    };
}

/// Wraps the expansion of a `sync` tracker: passes it through when the `std`
/// feature is on, and is one error naming the feature when it is off.
#[doc(hidden)]
#[cfg(feature = "std")]
#[macro_export]
macro_rules! __tracker_mode_sync {
    ($($expansion:tt)*) => { $($expansion)* };
}

#[doc(hidden)]
#[cfg(not(feature = "std"))]
#[macro_export]
macro_rules! __tracker_mode_sync {
    ($($expansion:tt)*) => {
        ::core::compile_error! {
            "mode `sync` needs the `std` feature of `private-tracker`: enable it in Cargo.toml (`features = [\"std\"]`), or keep the default features"
        }
    };
}
