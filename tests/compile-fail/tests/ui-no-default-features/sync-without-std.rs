#[private_tracker::private_tracker(sync)]
fn action_tracker(choice: &'static str) -> &'static str;

fn main() {}
