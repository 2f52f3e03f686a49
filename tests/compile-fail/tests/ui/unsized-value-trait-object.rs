#[private_tracker::private_tracker]
pub fn shown_tracker() -> dyn std::fmt::Debug;

fn main() {}
