#[private_tracker::private_tracker(guard = |value: &u32| *value > 0)]
fn action_tracker(choice: &'static str) -> &'static str;

fn main() {}
