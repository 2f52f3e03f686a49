//! Compile-fail cases: each `tests/ui/*.rs` holds one mistake, and its
//! `.stderr` the one error a user sees. Review a changed `.stderr` by reading
//! it; `TRYBUILD=overwrite cargo test --test ui` rewrites them.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
