#[private_tracker::private_tracker(guard = |)]
pub fn count_tracker() -> u8;

fn main() {}
