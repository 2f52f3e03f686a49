//! A user's crate that derives `Serialize` and `Deserialize` on trackers, in
//! every mode, under the strictest lints a user may set (as `strict-user`
//! does). Its round trips are in `tests/round_trip.rs`.
#![deny(warnings)]
#![forbid(missing_docs, unreachable_pub, rust_2018_idioms, unused_qualifications)]
#![forbid(unused_imports, non_snake_case, non_camel_case_types, dead_code, unused_variables, unused_mut)]
#![forbid(clippy::pedantic)]
#![forbid(unsafe_code)]

use private_tracker::private_tracker;
use serde::{Deserialize, Serialize};

/// Owned and guarded: a score up to a per-instance limit.
#[private_tracker(guard = |n: &u32| *n <= *limit)]
#[derive(Serialize, Deserialize, PartialEq)]
pub fn score_tracker(#[get] player: String, #[get] limit: u32) -> u32;

/// Shared and never empty.
#[private_tracker(shared, init = Vec::new())]
#[derive(Serialize, Deserialize)]
pub fn list_tracker(#[get] name: String) -> Vec<u8>;

/// Sync, with a sealed capture: it can be read back, never written out.
#[private_tracker(sync, guard = |n: &i64| *n >= *floor)]
#[derive(Deserialize)]
pub fn balance_tracker(floor: i64) -> i64;

/// Borrowing from its input.
#[private_tracker]
#[derive(Serialize, Deserialize)]
pub fn word_tracker(#[get] text: &str) -> &str;

/// Generic, in a module with imports of its own. (`#[derive(serde::Serialize)]`,
/// by path, would need serde's `derive` feature: rustc resolves a derive's
/// path as a macro before the attribute before it runs.)
pub mod keyed {
    use private_tracker::private_tracker;
    use serde::{Deserialize, Serialize};

    /// Never empty, starting as its key.
    #[private_tracker(sync, init = key.clone())]
    #[derive(Serialize, Deserialize)]
    pub fn keyed_tracker<K: Clone + Send + Sync>(#[get] key: K) -> K;
}
