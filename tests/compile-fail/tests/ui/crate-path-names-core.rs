#[private_tracker::private_tracker(crate = ::core)]
pub fn count_tracker() -> u8;

fn main() {
    let mut tracker = count_tracker();
    tracker.set_count(1);
}
