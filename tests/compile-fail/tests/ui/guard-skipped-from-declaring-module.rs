use private_tracker::private_tracker;

#[private_tracker(guard = private_tracker::truthy)]
fn action_tracker() -> &'static str;

fn main() {
    let mut tracker = action_tracker();
    // The guard is part of the storage's type: a guarded storage has no
    // write that skips it, not even for the module that declares it.
    private_tracker::__private::OwnedStorage::door_set(&mut tracker.__storage, "");
}
