#[private_tracker::private_tracker]
#[derive(Serialize)]
pub fn click_tracker() -> u32;

fn main() {}
