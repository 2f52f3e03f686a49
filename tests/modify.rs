//! `modify_…`: an edit in place that hands back what the closure returns,
//! in every mode; with a guard, an edit that lands whole or not at all.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use private_tracker::private_tracker;

/// A log that grows in place.
#[private_tracker]
pub fn log_tracker() -> Vec<String>;

/// A shared list.
#[private_tracker(shared)]
pub fn list_tracker() -> Vec<u8>;

/// A counter across threads.
#[private_tracker(sync)]
pub fn hits_tracker() -> u64;

/// At most `limit` entries, in each mode.
#[private_tracker(guard = |v: &Vec<u8>| v.len() <= *limit)]
pub fn bounded_tracker(limit: usize) -> Vec<u8>;

/// Shared and guarded.
#[private_tracker(shared, guard = |v: &Vec<u8>| v.len() <= *limit)]
pub fn shared_bounded_tracker(limit: usize) -> Vec<u8>;

/// Sync and guarded.
#[private_tracker(sync, guard = |n: &u64| *n <= *limit)]
pub fn capped_tracker(limit: u64) -> u64;

#[test]
fn owned_modify_appends_in_place_and_returns_a_result() {
    let mut log = log_tracker();
    let len = log.modify_log(|log| {
        let log = log.get_or_insert_with(Vec::new);
        log.push("start".to_owned());
        log.push("click".to_owned());
        log.len()
    });
    assert_eq!(len, 2);
    assert_eq!(log.log().map(Vec::len), Some(2));
    // `modify_` may remove the value too.
    assert_eq!(log.modify_log(Option::take).map(|log| log.len()), Some(2));
    assert_eq!(log.log(), None);
}

#[test]
fn shared_modify_is_seen_by_every_handle() {
    let list = list_tracker();
    let other = list.clone();
    other.modify_list(|list| list.get_or_insert_with(Vec::new).push(1));
    list.modify_list(|list| list.get_or_insert_with(Vec::new).push(2));
    assert_eq!(other.list(), Some(vec![1, 2]));
}

#[test]
fn shared_modify_that_calls_its_tracker_panics_with_its_name() {
    let list = list_tracker();
    let inner = list.clone();
    let payload = catch_unwind(AssertUnwindSafe(|| list.modify_list(|_| inner.list()))).unwrap_err();
    let message = payload.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("`ListTracker` was used from inside its own"), "{message}");
    list.set_list(vec![3]);
    assert_eq!(inner.list(), Some(vec![3]));
}

#[test]
fn sync_modify_is_an_atomic_fetch_and_add() {
    let hits = Arc::new(hits_tracker());
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let hits = hits.clone();
            std::thread::spawn(move || {
                (0..1000)
                    .map(|_| {
                        hits.modify_hits(|n| {
                            let before = n.unwrap_or(0);
                            *n = Some(before + 1);
                            before
                        })
                    })
                    .collect::<Vec<u64>>()
            })
        })
        .collect();
    let mut seen: Vec<u64> = workers.into_iter().flat_map(|worker| worker.join().unwrap()).collect();
    seen.sort_unstable();
    // Every fetch saw a different count: no increment was lost or repeated.
    assert_eq!(seen, (0..4000).collect::<Vec<u64>>());
    assert_eq!(hits.hits(), Some(4000));
}

#[test]
fn sync_modify_that_calls_its_tracker_panics_instead_of_deadlocking() {
    let hits = hits_tracker();
    let inner = hits.clone();
    let payload = catch_unwind(AssertUnwindSafe(|| hits.modify_hits(|_| inner.hits()))).unwrap_err();
    let message = payload.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("`HitsTracker` was used from inside its own"), "{message}");
    hits.set_hits(1);
    assert_eq!(inner.hits(), Some(1));
}

#[test]
fn guarded_modify_lands_whole_or_hands_the_edit_back_in_every_mode() {
    let mut owned = bounded_tracker(2);
    owned.set_bounded(vec![1]).unwrap();
    assert_eq!(owned.modify_bounded(|v| v.as_mut().map(|v| v.push(2)).is_some()), Ok(true));
    let refused = owned.modify_bounded(|v| v.as_mut().map(|v| v.push(3))).unwrap_err();
    assert_eq!(refused.into_inner(), vec![1, 2, 3]);
    assert_eq!(owned.bounded(), Some(&vec![1, 2]));

    let shared = shared_bounded_tracker(1);
    shared.set_shared_bounded(vec![1]).unwrap();
    assert!(shared.modify_shared_bounded(|v| v.as_mut().map(|v| v.push(2))).is_err());
    assert_eq!(shared.shared_bounded(), Some(vec![1]));
    assert_eq!(shared.modify_shared_bounded(Option::take), Ok(Some(vec![1])));

    let capped = capped_tracker(10);
    capped.set_capped(9).unwrap();
    let refused = capped.modify_capped(|n| *n = n.map(|n| n + 5)).unwrap_err();
    assert_eq!(refused.into_inner(), 14);
    assert_eq!(capped.capped(), Some(9));
    // A panic half way through the edit changes nothing: the edit is of a copy.
    let panicked = catch_unwind(AssertUnwindSafe(|| {
        capped.modify_capped(|n| {
            *n = Some(0);
            panic!("half way")
        })
    }));
    assert!(panicked.is_err());
    assert_eq!(capped.capped(), Some(9));
}
