#[private_tracker::private_tracker]
unsafe fn action_tracker(choice: &'static str) -> u8;

fn main() {}
