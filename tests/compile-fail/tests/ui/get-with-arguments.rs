#[private_tracker::private_tracker]
pub fn action_tracker(#[get(name = "label")] choice: &'static str) -> u8;

fn main() {
    // One error, at the attribute: the getter still exists.
    let tracker = action_tracker("red");
    assert_eq!(tracker.choice(), "red");
}
