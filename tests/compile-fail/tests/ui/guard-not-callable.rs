#[private_tracker::private_tracker(guard = 5)]
fn action_tracker(choice: &'static str) -> &'static str;

fn main() {}
