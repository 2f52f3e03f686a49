#[tracker::private_tracker(crate = tracker)]
fn action_tracker(choice: &'static str) -> &'static str;

fn main() {}
