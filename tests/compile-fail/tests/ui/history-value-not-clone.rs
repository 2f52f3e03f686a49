pub struct Handle(u8);

#[private_tracker::private_tracker(history = 4)]
pub fn handle_tracker() -> Handle;

#[private_tracker::private_tracker(sync, history = 4)]
pub fn synced_handle_tracker() -> Handle;

fn main() {}
