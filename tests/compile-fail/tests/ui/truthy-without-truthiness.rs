#[private_tracker::private_tracker(guard = private_tracker::truthy)]
fn list_tracker() -> Vec<u8>;

fn main() {}
