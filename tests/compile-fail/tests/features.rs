//! With default features off, modes `shared` and `sync` are one compile
//! error each that names the feature to turn on. Run by `.ci/run` as
//! `cargo test -p compile-fail --no-default-features --test features`.

#[cfg(not(feature = "alloc"))]
#[test]
fn modes_name_the_feature_they_need() {
    trybuild::TestCases::new().compile_fail("tests/ui-no-default-features/*.rs");
}

/// With default features, the feature-off cases above cannot be observed;
/// this keeps the file from running no test at all.
#[cfg(feature = "alloc")]
#[test]
fn modes_are_available_with_default_features() {
    #[private_tracker::private_tracker(shared)]
    fn shared_tracker() -> u8;
    let tracker = shared_tracker();
    tracker.set_shared(1);
    assert_eq!(tracker.shared(), Some(1));
}
