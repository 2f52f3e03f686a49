#[private_tracker::private_tracker]
pub fn callback_tracker(on_change: dyn Fn()) -> u8;

fn main() {}
