#![deny(dead_code)]

use private_tracker::private_tracker;

// Built and used: its doors stay unused, and none of them warns.
#[private_tracker]
fn used_tracker(#[get] label: &'static str) -> u8;

// Never built: one warning, at the constructor, as for any unused fn.
#[private_tracker(sync, guard = |n: &u8| *n > 0)]
fn never_built_tracker(label: &'static str) -> u8;

fn main() {
    let _ = used_tracker("kept");
}
