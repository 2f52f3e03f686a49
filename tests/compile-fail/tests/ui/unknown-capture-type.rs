#[private_tracker::private_tracker(guard = private_tracker::truthy)]
fn action_tracker(#[get] choice: Choise) -> &'static str;

fn main() {}
