// With `watch` on, a sync tracker's watchers read clones too: still one
// error, at `observe`, and none where the tracker or its watcher is used.
pub struct Handle(u8);

#[private_tracker::private_tracker(sync, observe)]
pub fn handle_tracker() -> Handle;

fn main() {
    let handle = handle_tracker();
    let mut watcher = handle.watch_handle();
    handle.set_handle(Handle(1));
    let _ = watcher.has_changed();
    watcher.mark_seen();
    let _ = watcher.with(|value| value.map(|handle| handle.0));
}
