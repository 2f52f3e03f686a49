//! A user's crate that derives `Serialize` and `Deserialize` on trackers, in
//! every mode, under the strictest lints a user may set (as `strict-user`
//! does), and the round trips that test them: what is written, what is read
//! back, and that a value the guard refuses is never read back.
//!
//! Everything is in this test crate, and `private-tracker`'s `serde` feature
//! is turned on by a dev-dependency: cargo then turns it on only when these
//! tests are built, and `cargo run --example seed` in the workspace stays
//! free of serde.
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

use keyed::{KeyedTracker, keyed_tracker};

fn read<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, String> {
    serde_json::from_str(json).map_err(|error| error.to_string())
}

#[test]
fn owned_writes_captures_then_value_and_reads_back_equal() {
    let mut score = score_tracker("ana".to_owned(), 10);
    let empty = serde_json::to_string(&score).unwrap();
    assert_eq!(empty, r#"{"player":"ana","limit":10,"score":null}"#);
    score.set_score(7).unwrap();
    let json = serde_json::to_string(&score).unwrap();
    assert_eq!(json, r#"{"player":"ana","limit":10,"score":7}"#);
    let back: ScoreTracker = read(&json).unwrap();
    assert!(back == score);
    assert_eq!((back.player().as_str(), back.limit(), back.score()), ("ana", 10, Some(7)));
}

#[test]
fn a_value_the_guard_refuses_is_a_deserialization_error() {
    let error = read::<ScoreTracker>(r#"{"player":"ana","limit":10,"score":11}"#).unwrap_err();
    assert_eq!(error, "the guard of ScoreTracker rejected the value");
    // An empty tracker needs no guard.
    assert_eq!(read::<ScoreTracker>(r#"{"player":"bo","limit":0,"score":null}"#).unwrap().score(), None);
}

#[test]
fn missing_and_mistyped_fields_are_errors_that_name_them() {
    let missing = read::<ScoreTracker>(r#"{"player":"ana","score":1}"#).unwrap_err();
    assert!(missing.starts_with("missing field `limit`"), "{missing}");
    let mistyped = read::<ScoreTracker>(r#"{"player":"ana","limit":"ten","score":1}"#).unwrap_err();
    assert!(mistyped.starts_with("invalid type: string \"ten\", expected u32"), "{mistyped}");
}

#[test]
fn shared_never_empty_tracker_round_trips_into_a_new_storage() {
    let list = list_tracker("log".to_owned());
    list.modify_list(|v| v.extend([1, 2]));
    let json = serde_json::to_string(&list).unwrap();
    assert_eq!(json, r#"{"name":"log","list":[1,2]}"#);
    let back: ListTracker = read(&json).unwrap();
    assert!(!ListTracker::ptr_eq(&back, &list));
    back.modify_list(|v| v.push(3));
    assert_eq!((back.list(), list.list()), (vec![1, 2, 3], vec![1, 2]));
    // Never empty: the value must be there.
    assert!(read::<ListTracker>(r#"{"name":"log","list":null}"#).is_err());
}

#[test]
fn sync_sealed_captures_are_read_back_and_guard_the_value() {
    let balance: BalanceTracker = read(r#"{"floor":0,"balance":5}"#).unwrap();
    assert_eq!(balance.balance(), Some(5));
    assert!(balance.set_balance(-1).is_err(), "the sealed floor came back");
    let refused = read::<BalanceTracker>(r#"{"floor":0,"balance":-5}"#).unwrap_err();
    assert_eq!(refused, "the guard of BalanceTracker rejected the value");
    let _ = balance_tracker(0);
}

#[test]
fn borrowed_values_read_from_the_input() {
    let input = String::from(r#"{"text":"hello world","word":"hello"}"#);
    let words: WordTracker<'_> = serde_json::from_str(&input).unwrap();
    assert_eq!((words.text(), words.word()), ("hello world", Some("hello")));
    let mut again = word_tracker("x");
    again.set_word("y");
    assert_eq!(serde_json::to_string(&again).unwrap(), r#"{"text":"x","word":"y"}"#);
}

#[test]
fn generic_trackers_round_trip_as_sequences_too() {
    let keyed = keyed_tracker(3_u8);
    keyed.set_keyed(4);
    let back: KeyedTracker<u8> = read(&serde_json::to_string(&keyed).unwrap()).unwrap();
    assert_eq!((back.key(), back.keyed()), (&3, 4));
    let from_seq: KeyedTracker<u8> = read("[1, 2]").unwrap();
    assert_eq!((from_seq.key(), from_seq.keyed()), (&1, 2));
}

/// A capture with a lifetime that need not borrow: `Cow`.
#[private_tracker(init = 0)]
#[derive(Serialize, Deserialize)]
pub fn note_tracker(#[get] text: std::borrow::Cow<'_, str>) -> u8;

#[test]
fn a_tracker_with_a_lifetime_can_be_deserialize_owned() {
    fn from_reader<T: serde::de::DeserializeOwned>(json: &str) -> T {
        serde_json::from_reader(json.as_bytes()).unwrap()
    }
    let note: NoteTracker<'static> = from_reader(r#"{"text":"hi","note":3}"#);
    assert_eq!((note.text().as_ref(), note.note()), ("hi", 3));
}

/// Items named like the locals that the serde impls bind: a valid
/// declaration never fails because of a name the macro invented (SPEC 5).
#[allow(non_upper_case_globals, reason = "the names under test")]
mod underscored_items {
    use private_tracker::private_tracker;
    use serde::{Deserialize, Serialize};

    /// Named like a local of `Serialize`.
    pub(crate) const __value: u8 = 0;
    /// Named like a local of `Deserialize`.
    pub(crate) const __captures: u8 = 0;
    /// Named like a local of `Deserialize`.
    pub(crate) const __storage: u8 = 0;
    /// Named like a local of `Deserialize`.
    pub(crate) const __refused: u8 = 0;

    /// Sync and guarded, beside those items.
    #[private_tracker(sync, guard = |n: &u8| *n != __value, history = 2)]
    #[derive(Serialize, Deserialize)]
    pub(crate) fn beside_tracker(#[get] name: String) -> u8;

    /// Uses the items.
    #[must_use]
    pub(crate) fn items() -> (u8, u8, u8, u8) {
        (__value, __captures, __storage, __refused)
    }
}

#[test]
fn serde_impls_bind_their_locals_beside_items_of_the_same_names() {
    let _ = underscored_items::items();
    let tracker = underscored_items::beside_tracker("b".to_owned());
    tracker.set_beside(3).unwrap();
    let text = serde_json::to_string(&tracker).unwrap();
    let back: underscored_items::BesideTracker = serde_json::from_str(&text).unwrap();
    assert_eq!((back.beside(), back.name().as_str()), (Some(3), "b"));
    assert!(serde_json::from_str::<underscored_items::BesideTracker>(&text.replace('3', "0")).is_err());
}
