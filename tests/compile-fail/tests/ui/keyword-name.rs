#[private_tracker::private_tracker(name = struct)]
fn action_tracker(choice: &'static str) -> u8;

fn main() {}
