#[private_tracker::private_tracker]
fn action_tracker(choice: &'static str) -> &'static str {
    choice
}

fn main() {}
