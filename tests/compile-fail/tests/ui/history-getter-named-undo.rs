#[private_tracker::private_tracker(history = 4, trace)]
pub fn click_tracker(#[get] undo_click: u32, #[get] last_write_at: u32) -> u32;

fn main() {}
