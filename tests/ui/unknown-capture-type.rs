#[tracker::private_tracker(guard = tracker::truthy)]
fn action_tracker(#[get] choice: Choise) -> &'static str;

fn main() {}
