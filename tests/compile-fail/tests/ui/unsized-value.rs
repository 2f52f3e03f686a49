#[private_tracker::private_tracker]
pub fn text_tracker() -> str;

fn main() {}
