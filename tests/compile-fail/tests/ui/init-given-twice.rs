#[private_tracker::private_tracker(init = 0, init = 1)]
pub fn click_tracker() -> u32;

fn main() {}
