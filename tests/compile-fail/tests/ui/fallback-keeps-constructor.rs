#[private_tracker::private_tracker(shard)]
fn action_tracker(choice: &'static str) -> &'static str;

fn main() {
    // One error, at `shard`: the constructor and its doors still exist.
    let mut tracker = action_tracker("red");
    tracker.set_action("click");
    assert_eq!(tracker.action(), Some("click"));
}
