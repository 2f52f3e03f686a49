#[private_tracker::private_tracker(field = type)]
fn action_tracker(choice: &'static str) -> &'static str;

fn main() {}
