//! A derived comparison or hash of handle trackers that reenters a tracker
//! panics at the user's expression (`a == b`), not at the declaration, as a
//! door's reentrancy panic does (issue 25).

use std::hash::{DefaultHasher, Hash};
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Mutex};

use private_tracker::private_tracker;

#[private_tracker(shared, init = 0)]
#[derive(PartialEq, Eq, PartialOrd, Ord, Hash)]
fn level_tracker() -> u32;

#[private_tracker(sync, init = 0)]
#[derive(PartialEq, Eq, PartialOrd, Ord, Hash)]
fn shared_level_tracker() -> u32;

/// Computes its argument for nothing but its panic.
fn ignore<T>(_: T) {}

/// The line of the panic that `f` raises.
fn panic_line(f: impl FnOnce()) -> u32 {
    let seen = Arc::new(Mutex::new(None));
    let record = Arc::clone(&seen);
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        *record.lock().unwrap() = info.location().map(|at| (at.file().to_owned(), at.line()));
    }));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    panic::set_hook(previous);
    assert!(result.is_err(), "reentering the tracker panics");
    let (file, line) = seen.lock().unwrap().take().expect("a location");
    assert!(file.ends_with("derived_panics.rs"), "the panic points at {file}:{line}");
    line
}

// One test, so that no other test's panic meets this hook.
#[test]
fn reentrant_comparisons_and_hashes_point_at_the_callers_expression() {
    let (a, b) = (level_tracker(), level_tracker());
    let line = panic_line(|| a.modify_level(|_| ignore(a.level())));
    assert_eq!(line, line!() - 1, "a door of mode shared");
    let line = panic_line(|| a.modify_level(|_| ignore(a == b)));
    assert_eq!(line, line!() - 1, "`==` of mode shared");
    let line = panic_line(|| a.modify_level(|_| ignore(a.cmp(&b))));
    assert_eq!(line, line!() - 1, "`cmp` of mode shared");
    let line = panic_line(|| a.modify_level(|_| ignore(a.partial_cmp(&b))));
    assert_eq!(line, line!() - 1, "`partial_cmp` of mode shared");
    let line = panic_line(|| a.modify_level(|_| a.hash(&mut DefaultHasher::new())));
    assert_eq!(line, line!() - 1, "`hash` of mode shared");

    let (c, d) = (shared_level_tracker(), shared_level_tracker());
    let line = panic_line(|| c.modify_shared_level(|_| ignore(c == d)));
    assert_eq!(line, line!() - 1, "`==` of mode sync");
    let line = panic_line(|| c.modify_shared_level(|_| c.hash(&mut DefaultHasher::new())));
    assert_eq!(line, line!() - 1, "`hash` of mode sync");
}
