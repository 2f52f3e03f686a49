//! No code: the suites are `tests/ui.rs` and `tests/features.rs`.
