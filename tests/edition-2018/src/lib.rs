//! Edition 2018, no prelude, the runtime crate renamed to `trk`: the
//! generated code names everything by absolute path through `crate = ::trk`.
#![no_implicit_prelude]
#![deny(warnings, missing_docs, unreachable_pub, rust_2018_idioms, unused_qualifications)]

/// Shadows of the names generated code must not rely on.
pub mod shadows {
    /// Not `core::option::Option`.
    pub struct Option;
    /// Not `core::result::Result`.
    pub struct Result;
    /// Not `core::clone::Clone`.
    pub struct Clone;
}

#[allow(unused_imports)]
use self::shadows::{Clone, Option, Result};

/// Owned, guarded.
#[::trk::private_tracker(crate = ::trk, guard = ::trk::truthy)]
pub fn action_tracker(#[get] choice: &'static str) -> &'static str;

/// Shared, generic.
#[::trk::private_tracker(crate = ::trk, shared)]
pub fn shared_tracker<T: ::core::clone::Clone>(#[get] seed: T) -> T;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_and_shared_work() {
        let mut red = action_tracker("red");
        ::core::assert!(red.set_action("").is_err());
        red.set_action("click").unwrap();
        ::core::assert_eq!(red.action(), ::core::option::Option::Some("click"));

        let a = shared_tracker(1_u8);
        let b = ::core::clone::Clone::clone(&a);
        a.set_shared(2);
        ::core::assert_eq!(b.shared(), ::core::option::Option::Some(2));
        ::core::assert_eq!(b.seed(), &1);
    }
}
