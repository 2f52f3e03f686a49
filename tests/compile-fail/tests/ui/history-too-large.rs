#[private_tracker::private_tracker(history = 100_000)]
pub fn click_tracker() -> u32;

fn main() {}
