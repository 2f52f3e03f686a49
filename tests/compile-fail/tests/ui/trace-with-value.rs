#[private_tracker::private_tracker(trace = true)]
pub fn click_tracker() -> u32;

fn main() {}
