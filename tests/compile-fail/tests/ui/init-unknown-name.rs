#[private_tracker::private_tracker(init = *star)]
pub fn score_tracker(start: u32) -> u32;

fn main() {}
