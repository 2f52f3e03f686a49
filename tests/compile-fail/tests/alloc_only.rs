//! Every subscriber sees every version once, in every build (SPEC 9), a
//! subscriber's panic notwithstanding. With `std` the panic is caught and
//! goes on after the round. Without it (the facade's default features off,
//! `alloc` on: what a `no_std` library that depends on this crate gets),
//! nothing catches it, and the notifications it cut short reach the others
//! with the next write. `.ci/run` runs this file in that build too:
//!
//! ```text
//! cargo test -p compile-fail --no-default-features --features alloc --test alloc_only
//! ```

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use private_tracker::private_tracker;

#[private_tracker(shared, observe)]
fn clicks_tracker() -> u32;

#[test]
fn a_round_cut_short_by_a_panic_reaches_the_others_with_the_next_write() {
    let tracker = clicks_tracker();
    let writer = tracker.clone();
    // `a` writes, then panics, at version 1.
    let a = tracker.subscribe_clicks(move |change| {
        if change.version() == 1 {
            writer.set_clicks(2);
            panic!("a panics at version 1");
        }
    });
    let heard: Rc<RefCell<Vec<u64>>> = Rc::default();
    let log = Rc::clone(&heard);
    let b = tracker.subscribe_clicks(move |change| log.borrow_mut().push(change.version()));
    assert!(catch_unwind(AssertUnwindSafe(|| tracker.set_clicks(1))).is_err());
    assert_eq!(tracker.version(), 2, "both writes committed");
    tracker.set_clicks(3);
    assert_eq!(*heard.borrow(), [1, 2, 3], "`b` hears every version once, in order");
    drop((a, b));
}
