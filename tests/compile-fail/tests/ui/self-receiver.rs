#[private_tracker::private_tracker]
fn action_tracker(&self, choice: &'static str) -> u8;

fn main() {}
