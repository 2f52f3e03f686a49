use private_tracker::private_tracker;

#[private_tracker]
fn action_tracker(choice: &'static str) -> &'static str;

fn main() {
    let tracker = action_tracker("red");
    // The declaring module can name the storage field, but a capture
    // without `#[get]` is sealed: the storage hands out nothing to read.
    let captures = private_tracker::__private::OwnedStorage::door_captures(&tracker.__storage);
    let _: &&str = &captures.0.0;
}
