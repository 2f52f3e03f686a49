#[tracker::private_tracker(guard = tracker::truthy)]
fn list_tracker() -> Vec<u8>;

fn main() {}
