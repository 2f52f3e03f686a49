#[private_tracker::private_tracker]
fn name_tracker() -> &str;

fn main() {}
