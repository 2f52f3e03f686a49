#[private_tracker::private_tracker]
fn action_tracker(choice: &'static str) -> impl std::fmt::Display;

fn main() {}
