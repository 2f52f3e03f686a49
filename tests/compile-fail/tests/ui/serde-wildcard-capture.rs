// A `_` capture has no name to write or read a field under.
#[private_tracker::private_tracker]
#[derive(Serialize, Deserialize)]
pub fn click_tracker(#[get] label: String, _: u32) -> u32;

fn main() {}
