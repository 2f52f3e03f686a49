#[private_tracker::private_tracker(field = clone)]
pub fn count_tracker() -> u8;

fn main() {
    let tracker = count_tracker();
    let _copy = tracker.clone();
}
