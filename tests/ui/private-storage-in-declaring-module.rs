use private_tracker::private_tracker;

#[private_tracker]
fn action_tracker(choice: &'static str) -> &'static str;

fn main() {
    let tracker = action_tracker("red");
    // Same module as the declaration, and still no way in:
    let _ = tracker.inner;
}
