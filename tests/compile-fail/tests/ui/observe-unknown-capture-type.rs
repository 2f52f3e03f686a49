#[private_tracker::private_tracker(observe)]
pub fn label_tracker(label: Strin) -> u32;

fn main() {}
