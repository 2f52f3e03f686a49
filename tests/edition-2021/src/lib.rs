//! Edition 2021, no prelude, `std` and `core` shadowed by local modules:
//! `::core` and `::private_tracker` still mean the crates.
#![no_implicit_prelude]
#![deny(warnings, missing_docs, unreachable_pub, rust_2018_idioms, unused_qualifications)]

/// A local `core`, which `::core::…` paths must not reach.
pub mod core {}
/// A local `std`.
pub mod std {}
/// A local `private_tracker`, which `::private_tracker::…` paths must not reach.
pub mod private_tracker {}

/// Sync, with a lifetime: `into_fn` must capture it in edition 2021 too.
#[::private_tracker::private_tracker(sync)]
pub fn word_tracker<'a>(#[get] text: &'a str) -> &'a str;

/// Owned, with a closure guard and a const generic.
#[::private_tracker::private_tracker(guard = |v: &[u8; N]| v[0] != 0)]
pub fn bytes_tracker<const N: usize>() -> [u8; N];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_and_owned_work() {
        let words = word_tracker("a b");
        let mut as_fn = ::core::clone::Clone::clone(&words).into_fn();
        ::core::assert_eq!(as_fn(::core::option::Option::Some("a")), ::core::option::Option::Some("a"));
        ::core::assert_eq!(words.word(), ::core::option::Option::Some("a"));
        ::core::assert_eq!(words.text(), "a b");

        let mut bytes = bytes_tracker::<2>();
        ::core::assert!(bytes.set_bytes([0, 1]).is_err());
        bytes.set_bytes([1, 0]).unwrap();
        ::core::assert_eq!(bytes.take_bytes(), ::core::option::Option::Some([1, 0]));
    }
}
