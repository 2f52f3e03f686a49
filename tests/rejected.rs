//! A refused value says who refused it: `Display` names the tracker type,
//! and `Debug` shows the value when its type is `Debug`, in every mode.

use private_tracker::private_tracker;

/// Owned.
#[private_tracker(guard = private_tracker::truthy)]
pub fn action_tracker() -> &'static str;

/// Shared.
#[private_tracker(shared, guard = |n: &i32| *n >= 0)]
pub fn balance_tracker() -> i32;

/// Sync, with a value that is not `Debug`.
#[private_tracker(sync, guard = |_: &Secret| false)]
pub fn secret_tracker() -> Secret;

/// Generic: `Debug` when the bound says so.
#[private_tracker(guard = |v: &T| *v != T::default())]
pub fn generic_tracker<T: Default + PartialEq + std::fmt::Debug>() -> T;

/// Not `Debug`.
pub struct Secret;

#[test]
fn display_names_the_tracker_type() {
    let refused = action_tracker().set_action("").unwrap_err();
    assert_eq!(refused.to_string(), "the guard of ActionTracker rejected the value");
    let refused = balance_tracker().set_balance(-1).unwrap_err();
    assert_eq!(refused.to_string(), "the guard of BalanceTracker rejected the value");
}

#[test]
fn debug_shows_the_value_when_it_is_debug() {
    let refused = action_tracker().set_action("").unwrap_err();
    assert_eq!(format!("{refused:?}"), r#"Rejected { tracker: ActionTracker, value: "" }"#);
    let refused = balance_tracker().update_balance(|_| -5).unwrap_err();
    assert_eq!(format!("{refused:?}"), "Rejected { tracker: BalanceTracker, value: -5 }");
    let refused = generic_tracker::<u8>().set_generic(0).unwrap_err();
    assert_eq!(format!("{refused:?}"), "Rejected { tracker: GenericTracker, value: 0 }");
}

#[test]
fn debug_hides_a_value_that_is_not_debug_and_unwrap_still_works() {
    let refused = secret_tracker().set_secret(Secret).unwrap_err();
    assert_eq!(format!("{refused:?}"), "Rejected { tracker: SecretTracker, value: .. }");
    let panic = std::panic::catch_unwind(|| secret_tracker().set_secret(Secret).unwrap()).unwrap_err();
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("Rejected { tracker: SecretTracker, value: .. }"), "{message}");
}
