#[private_tracker::private_tracker(observe)]
pub fn click_tracker(#[get] version: u8) -> u32;

fn main() {}
