#[private_tracker::private_tracker(name = my::Tracker)]
fn action_tracker(choice: &'static str) -> u8;

fn main() {}
