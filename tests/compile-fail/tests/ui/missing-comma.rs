#[private_tracker::private_tracker(shared field = action)]
fn action_tracker(choice: &'static str) -> u8;

fn main() {}
