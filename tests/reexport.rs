//! A crate that re-exports the facade can wrap the attribute in its own
//! `macro_rules!` and point it at the re-export with `crate = $crate::…`, so
//! that its users need no dependency on `private-tracker` of their own.

/// The re-export a wrapping crate would make.
pub use private_tracker as reexported;

/// What such a crate offers its users: a counter tracker.
macro_rules! counter {
    ($vis:vis fn $name:ident;) => {
        #[$crate::reexported::private_tracker(crate = $crate::reexported, guard = |n: &u64| *n < 100)]
        $vis fn $name() -> u64;
    };
}

counter! { fn clicks_tracker; }

/// `crate::…` is a path from a crate root too.
#[private_tracker::private_tracker(crate = crate::reexported)]
fn label_tracker() -> &'static str;

#[test]
fn the_attribute_follows_a_re_export() {
    let mut clicks = clicks_tracker();
    clicks.set_clicks(1).unwrap();
    assert!(clicks.set_clicks(100).is_err());
    assert_eq!(clicks.clicks(), Some(1));
    let mut labels = label_tracker();
    labels.set_label("a");
    assert_eq!(labels.take_label(), Some("a"));
}
