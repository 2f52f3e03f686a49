#[private_tracker::private_tracker(shared = true)]
fn action_tracker(choice: &'static str) -> &'static str;

fn main() {}
