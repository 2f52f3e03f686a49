#[private_tracker::private_tracker]
extern "C" fn action_tracker(choice: &'static str) -> u8;

fn main() {}
