#[private_tracker::private_tracker(shared)]
fn action_tracker(choice: &'static str) -> &'static str;

fn main() {}
