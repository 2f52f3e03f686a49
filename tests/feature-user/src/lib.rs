//! Nothing to build: the user code and its tests are in `tests/`, which
//! depend on `private-tracker` with its `serde` feature as dev-dependencies,
//! so that the feature is on only while these tests are built.
