//! `cargo run --example seed` prints what the JavaScript seed logs.

#[path = "../examples/seed.rs"]
#[allow(dead_code, reason = "the example's `main` is not called here")]
mod seed;

#[test]
fn the_seed_logs_what_javascript_logs() {
    let lines = seed::lines();
    let expected = ["\"click\"", "\"click\"", "undefined", "\"click\"", "\"touch\"", "\"click\""];
    assert_eq!(lines.len(), expected.len(), "{lines:#?}");
    for (line, value) in lines.iter().zip(expected) {
        assert!(line.ends_with(value), "{line:?} should end with {value}");
    }
    assert_eq!(lines[2], "blueTracker() -> undefined");
}
