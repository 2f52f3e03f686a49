#[private_tracker::private_tracker(guards = private_tracker::truthy)]
fn action_tracker(choice: &'static str) -> &'static str;

fn main() {}
