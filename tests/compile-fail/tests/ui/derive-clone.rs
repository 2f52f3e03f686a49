#[private_tracker::private_tracker]
#[derive(Clone, PartialEq)]
pub fn count_tracker() -> u8;

fn main() {
    // The tracker is `Clone` all the same: one error, at `Clone`.
    let count = count_tracker();
    assert_eq!(count.clone(), count);
}
