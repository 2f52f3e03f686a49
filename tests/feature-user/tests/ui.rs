//! The compile errors that need a feature on: serde derives (`serde`), and
//! a watched tracker of a value that is not `Clone` (`watch`). Those that
//! need no feature are in `tests/compile-fail`.

#[test]
fn errors_with_the_features_on_read_well() {
    trybuild::TestCases::new().compile_fail("tests/ui/*.rs");
}
