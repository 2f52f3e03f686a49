#[private_tracker::private_tracker(observe)]
pub fn click_tracker() -> u32;

fn main() {}
