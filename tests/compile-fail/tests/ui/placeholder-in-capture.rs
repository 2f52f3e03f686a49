#[private_tracker::private_tracker]
pub fn list_tracker(seed: [u8; _]) -> u8;

fn main() {}
