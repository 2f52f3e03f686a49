#[private_tracker::private_tracker(init = 0)]
pub fn click_tracker(#[get] reset_click: u8) -> u32;

fn main() {}
