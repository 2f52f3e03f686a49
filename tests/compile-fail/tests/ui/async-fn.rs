#[private_tracker::private_tracker]
async fn action_tracker(choice: &'static str) -> u8;

fn main() {}
