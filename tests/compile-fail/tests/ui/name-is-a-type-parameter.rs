#[private_tracker::private_tracker]
pub fn t<T: Clone>(#[get] x: T) -> u8;

fn main() {
    let tracker = t(5_u8);
    assert_eq!(*tracker.x(), 5);
}
