#[private_tracker::private_tracker(history = 0)]
pub fn click_tracker() -> u32;

#[private_tracker::private_tracker(history = -1)]
pub fn touch_tracker() -> u32;

fn main() {}
