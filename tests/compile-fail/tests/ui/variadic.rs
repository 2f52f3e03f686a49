#[private_tracker::private_tracker]
fn action_tracker(choice: &'static str, ...) -> u8;

fn main() {}
