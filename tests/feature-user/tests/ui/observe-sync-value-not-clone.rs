// With `watch` on, a sync tracker's watchers read clones too: still one
// error, at `observe`.
pub struct Handle(u8);

#[private_tracker::private_tracker(sync, observe)]
pub fn handle_tracker() -> Handle;

fn main() {}
