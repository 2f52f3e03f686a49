#[tracker::private_tracker]
fn pair_tracker(first: &str, second: &str) -> &str;

fn main() {}
