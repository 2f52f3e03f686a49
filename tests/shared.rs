//! Every generated door of mode *shared*: JavaScript object semantics in one
//! thread.

use std::panic::{AssertUnwindSafe, catch_unwind};

use private_tracker::private_tracker;

/// The seed, with shared storage.
#[private_tracker(shared, guard = private_tracker::truthy)]
pub fn action_tracker(#[get] choice: &'static str) -> &'static str;

#[test]
fn every_handle_sees_every_write() {
    let red = action_tracker("red");
    let alias = red.clone();
    assert!(ActionTracker::ptr_eq(&red, &alias));
    assert!(!ActionTracker::ptr_eq(&red, &action_tracker("red")));

    red.set_action("click").unwrap();
    assert_eq!(alias.action(), Some("click"));
    assert_eq!(alias.replace_action("touch"), Ok(Some("click")));
    assert_eq!(red.with_action(|a| a.map(|a| a.len())), Some(5));
    alias.update_action(|a| if a == Some(&"touch") { "swipe" } else { "?" }).unwrap();
    assert_eq!(red.take_action(), Some("swipe"));
    assert_eq!(alias.action(), None);
    assert_eq!(alias.choice(), "red");
}

#[test]
fn guards_apply_to_every_handle() {
    let red = action_tracker("red");
    let alias = red.clone();
    red.set_action("click").unwrap();
    assert_eq!(alias.set_action("").unwrap_err().into_inner(), "");
    assert_eq!(alias.replace_action("").unwrap_err().into_inner(), "");
    assert_eq!(alias.update_action(|_| "").unwrap_err().into_inner(), "");
    assert_eq!(red.action(), Some("click"));
}

#[test]
fn into_fn_shares_the_storage_with_the_other_handles() {
    let red = action_tracker("red");
    let mut as_fn = red.clone().into_fn();
    assert_eq!(as_fn(Some("click")), Some("click"));
    assert_eq!(as_fn(Some("")), Some("click"));
    assert_eq!(red.action(), Some("click"));
    red.set_action("touch").unwrap();
    assert_eq!(as_fn(None), Some("touch"));
}

/// A value that is not `Clone` is read in place with `with_…`, and the
/// tracker is `Clone` (a handle) whatever it holds.
#[private_tracker(shared)]
fn log_tracker(_sink: NotClone) -> Vec<NotClone>;

struct NotClone;

#[test]
fn handles_clone_whatever_they_hold() {
    let log = log_tracker(NotClone);
    let other = log.clone();
    log.update_log(|entries| {
        assert!(entries.is_none());
        vec![NotClone, NotClone]
    });
    assert_eq!(other.with_log(|entries| entries.map(Vec::len)), Some(2));
    assert_eq!(other.take_log().map(|v| v.len()), Some(2));
}

#[test]
fn panics_lose_nothing_and_every_handle_keeps_working() {
    let red = action_tracker("red");
    let alias = red.clone();
    red.set_action("kept").unwrap();
    assert!(catch_unwind(AssertUnwindSafe(|| red.update_action(|_| panic!("update")))).is_err());
    assert!(catch_unwind(AssertUnwindSafe(|| red.with_action(|_| panic!("with")))).is_err());
    assert_eq!(alias.action(), Some("kept"));
    alias.set_action("still usable").unwrap();
    assert_eq!(red.action(), Some("still usable"));
}

#[private_tracker(shared, guard = |n: &u8| if *n == 13 { panic!("unlucky") } else { true })]
fn lucky_tracker() -> u8;

#[test]
fn a_panicking_guard_loses_nothing() {
    let lucky = lucky_tracker();
    let alias = lucky.clone();
    lucky.set_lucky(7).unwrap();
    assert!(catch_unwind(AssertUnwindSafe(|| alias.set_lucky(13))).is_err());
    assert!(catch_unwind(AssertUnwindSafe(|| alias.update_lucky(|_| 13))).is_err());
    assert_eq!(lucky.lucky(), Some(7));
    alias.set_lucky(8).unwrap();
    assert_eq!(lucky.lucky(), Some(8));
}

#[test]
fn reads_inside_a_closure_are_fine_and_writes_panic_with_the_name() {
    let red = action_tracker("red");
    let alias = red.clone();
    red.set_action("click").unwrap();
    assert_eq!(red.with_action(|_| alias.action()), Some("click"));

    let payload = catch_unwind(AssertUnwindSafe(|| red.with_action(|_| alias.set_action("x")))).unwrap_err();
    let message = payload.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("`ActionTracker` was used from inside its own"), "{message}");
    assert_eq!(red.action(), Some("click"));
}

/// Generics work as in mode owned.
#[private_tracker(shared, field = latest)]
fn history<T: Clone + PartialOrd>(#[get] limit: T) -> T;

#[test]
fn generics_work() {
    let h = history(10_u32);
    h.set_latest(3);
    assert_eq!(h.latest(), Some(3));
    assert_eq!(h.limit(), &10);
    assert_eq!(format!("{h:?}"), "History { .. }");
}

#[test]
fn debug_shows_no_private_data() {
    let red = action_tracker("secret");
    red.set_action("hidden").unwrap();
    assert_eq!(format!("{red:?}"), "ActionTracker { .. }");
}
