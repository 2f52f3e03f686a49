#[private_tracker::private_tracker(observe = true)]
pub fn click_tracker() -> u32;

fn main() {}
