// A value that is not `Clone`, with an option that copies it: one error at
// the option, and none where the tracker is used (`set_` and `take_` need
// no `Clone`, and the doors that do are there all the same).
pub struct Handle(u8);

#[private_tracker::private_tracker(history = 4)]
pub fn handle_tracker() -> Handle;

#[private_tracker::private_tracker(sync, history = 4)]
pub fn synced_handle_tracker() -> Handle;

#[private_tracker::private_tracker(shared, observe, init = Handle(0))]
pub fn observed_handle_tracker() -> Handle;

#[private_tracker::private_tracker(history = 2)]
pub fn borrowed_handle_tracker<'a>(#[get] id: &'a u8) -> (&'a u8, Handle);

fn main() {
    let mut handle = handle_tracker();
    handle.set_handle(Handle(1));
    let _ = handle.take_handle();
    let _ = handle.undo_handle();

    let synced = synced_handle_tracker();
    synced.set_synced_handle(Handle(1));
    let _ = synced.replace_synced_handle(Handle(2));
    let _ = synced.redo_synced_handle();

    let observed = observed_handle_tracker();
    let _subscription = observed.subscribe_observed_handle(|_| {});
    observed.set_observed_handle(Handle(3));

    let mut borrowed = borrowed_handle_tracker(&7);
    borrowed.set_borrowed_handle((&1, Handle(4)));
    let _ = borrowed.undo_borrowed_handle();
}
