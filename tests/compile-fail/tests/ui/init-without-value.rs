#[private_tracker::private_tracker(init =)]
pub fn click_tracker() -> u32;

fn main() {}
