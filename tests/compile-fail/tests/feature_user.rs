//! Runs the suite of the optional features (`serde`, `watch`),
//! `tests/feature-user`, as part of `cargo test`.
//!
//! That crate is no default member of the workspace. Cargo unifies the
//! features of the members one command builds, and when a command builds an
//! example it includes their dev-dependencies' features too. Its `serde`
//! and `watch` features would then be compiled into
//! `cargo run --example seed`. So it is
//! built here, by a cargo of its own, in a target directory of its own (as
//! trybuild builds its cases).

use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn the_optional_features_suite_passes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let status = Command::new(env!("CARGO"))
        .args(["test", "--package", "feature-user", "--target-dir"])
        .arg(target.join("feature-user"))
        .current_dir(&root)
        .status()
        .expect("cargo runs");
    assert!(status.success(), "`cargo test -p feature-user` failed: its output is above");
}
