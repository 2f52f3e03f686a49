#[private_tracker::private_tracker]
pub fn text_tracker(prefix: str) -> u8;

fn main() {}
