#[private_tracker::private_tracker]
pub fn pair_tracker(#[get] x: u8, y: u8, x: u16) -> u8;

fn main() {
    // One error, at the second `x`: the constructor keeps all three.
    let tracker = pair_tracker(1, 2, 3);
    assert_eq!(tracker.x(), 1);
}
