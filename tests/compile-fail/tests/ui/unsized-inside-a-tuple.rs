#[private_tracker::private_tracker]
pub fn pair_tracker() -> (u8, str);

fn main() {}
