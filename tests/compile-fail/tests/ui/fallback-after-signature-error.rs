#[private_tracker::private_tracker]
async fn action_tracker(#[get] choice: &'static str) -> &'static str {
    choice
}

fn main() {
    // Two mistakes in the declaration, two errors there, and none here: the
    // constructor and its doors are generated as if `async` and the body
    // were not there.
    let mut tracker = action_tracker("red");
    tracker.set_action("click");
    assert_eq!(tracker.choice(), "red");
}
