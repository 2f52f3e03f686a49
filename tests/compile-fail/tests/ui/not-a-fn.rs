#[private_tracker::private_tracker]
struct ActionTracker {
    choice: &'static str,
}

fn main() {
    // The struct stays usable: one error, at the attribute's target.
    let _ = ActionTracker { choice: "red" };
}
