// Writing a capture out would reveal what only the guard may read.
#[private_tracker::private_tracker(guard = |n: &u32| *n <= *limit)]
#[derive(Serialize)]
pub fn score_tracker(#[get] player: String, limit: u32) -> u32;

fn main() {}
