#[private_tracker::private_tracker]
#[derive(Deserialize)]
pub fn area_tracker((width, height): (u32, u32)) -> u32;

fn main() {}
