#[private_tracker::private_tracker]
fn action_tracker(#[get] set_action: &'static str) -> u8;

fn main() {}
