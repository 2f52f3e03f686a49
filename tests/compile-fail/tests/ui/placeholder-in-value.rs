#[private_tracker::private_tracker]
pub fn list_tracker() -> Vec<_>;

fn main() {}
