#[private_tracker::private_tracker]
fn point_tracker(#[get] (x, y): (i32, i32)) -> u8;

fn main() {}
