#[private_tracker::private_tracker(shared, sync)]
fn action_tracker(choice: &'static str) -> &'static str;

fn main() {}
