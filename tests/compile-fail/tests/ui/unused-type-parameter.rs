#[private_tracker::private_tracker]
pub fn count_tracker<T, I: Iterator<Item = T>>(#[get] source: I) -> u8;

fn main() {
    let tracker = count_tracker(0..3);
    let _ = tracker.source();
}
