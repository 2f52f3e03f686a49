use serde::Serialize;

pub struct Point {
    pub x: i32,
}

#[private_tracker::private_tracker]
#[derive(Serialize)]
pub fn point_tracker(#[get] label: String) -> Point;

fn main() {}
