#[private_tracker::private_tracker]
fn action_tracker(choice: &'static str) -> ();

fn main() {}
