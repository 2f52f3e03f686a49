#[private_tracker::private_tracker(crate = private_tracker)]
fn action_tracker(choice: &'static str) -> &'static str;

fn main() {}
