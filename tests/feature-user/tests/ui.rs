//! The compile errors of serde derives that need the `serde` feature on
//! (those that do not are in `tests/compile-fail`).

#[test]
fn serde_derive_errors_read_well() {
    trybuild::TestCases::new().compile_fail("tests/ui/*.rs");
}
