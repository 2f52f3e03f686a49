#[private_tracker::private_tracker]
#[derive(Deserialize)]
pub fn action_tracker(action: u8) -> u8;

fn main() {}
