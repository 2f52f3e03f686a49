#[private_tracker::private_tracker]
const fn action_tracker(choice: &'static str) -> u8;

fn main() {}
