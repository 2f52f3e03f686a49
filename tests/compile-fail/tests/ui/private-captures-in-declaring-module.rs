use private_tracker::private_tracker;

#[private_tracker]
fn action_tracker(choice: &'static str) -> &'static str;

fn main() {
    let tracker = action_tracker("red");
    // A capture without `#[get]` has no door at all:
    let _ = tracker.choice();
}
