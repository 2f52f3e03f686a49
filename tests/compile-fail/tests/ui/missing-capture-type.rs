#[private_tracker::private_tracker]
pub fn action_tracker(choice: ) -> u8;

fn main() {}
