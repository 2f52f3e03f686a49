use private_tracker::private_tracker;

#[private_tracker(shared, guard = private_tracker::truthy)]
fn action_tracker() -> &'static str;

fn main() {
    let tracker = action_tracker();
    // The handle storages' unguarded writes need `Unguarded` as the guard.
    private_tracker::__private::Handle::door_set(&tracker.__storage, "");
}
