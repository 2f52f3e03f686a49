const DEPTH: usize = 8;

#[private_tracker::private_tracker(history = DEPTH)]
pub fn click_tracker() -> u32;

#[private_tracker::private_tracker(history = 8u8)]
pub fn touch_tracker() -> u32;

fn main() {}
