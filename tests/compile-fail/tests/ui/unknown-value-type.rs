#[private_tracker::private_tracker]
fn action_tracker(choice: &'static str) -> Actoin;

fn main() {}
