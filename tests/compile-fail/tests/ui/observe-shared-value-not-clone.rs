// Subscribers of a handle run with nothing borrowed, so each write with
// subscribers hands them a clone of the value: a value that is not `Clone`
// is one error at `observe`, and none where the tracker is used.
pub struct Handle(u8);

#[private_tracker::private_tracker(shared, observe)]
pub fn handle_tracker() -> Handle;

fn main() {
    let handle = handle_tracker();
    let _subscription = handle.subscribe_handle(|_| {});
    handle.set_handle(Handle(1));
    let _ = handle.take_handle();
}
