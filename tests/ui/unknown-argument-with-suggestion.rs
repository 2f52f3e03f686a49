#[tracker::private_tracker(guards = tracker::truthy)]
fn action_tracker(choice: &'static str) -> &'static str;

fn main() {}
