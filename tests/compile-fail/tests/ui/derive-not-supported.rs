#[private_tracker::private_tracker]
#[derive(Debug, PartialEq, Copy)]
pub fn count_tracker() -> u8;

fn main() {
    // The derives the tracker takes still apply.
    assert_eq!(count_tracker(), count_tracker());
}
