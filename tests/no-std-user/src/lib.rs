//! A `no_std` user's crate with no allocator: `history = N` and `trace` in
//! mode owned need `core` alone. `.ci/run` builds it on its own
//! (`cargo build -p no-std-user`), so that no other crate's features turn
//! `std` on; a generated path to `std` or `alloc` would not resolve here.
#![no_std]
#![forbid(missing_docs, unsafe_code)]

use core::panic::Location;

use private_tracker::private_tracker;

/// A guarded level with the last 8 values it held and where each came from.
#[private_tracker(history = 8, trace, init = 0, guard = |n: &u8| *n <= 10)]
pub fn level_tracker() -> u8;

/// Raises the level, is refused once, undoes, and reports the line of the
/// last write and of the refusal.
#[must_use]
pub fn levels() -> (u8, Option<u32>, Option<u32>, usize) {
    let mut level = level_tracker();
    let _ = level.set_level(3);
    let _ = level.update_level(|n| n + 4);
    let _ = level.set_level(11);
    let _ = level.undo_level();
    let kept = level.history_level().len();
    (
        level.level(),
        level.last_write_at().map(Location::line),
        level.last_refused_at().map(Location::line),
        kept,
    )
}

/// Traced alone.
#[private_tracker(trace)]
pub fn word_tracker(#[get] text: &'static str) -> &'static str;
