#[private_tracker::private_tracker(field = action, field = click)]
fn action_tracker(choice: &'static str) -> &'static str;

fn main() {}
