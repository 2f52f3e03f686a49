#[private_tracker::private_tracker]
fn action_tracker(choice: impl AsRef<str>) -> u8;

fn main() {}
