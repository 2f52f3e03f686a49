#[private_tracker::private_tracker]
pub fn self_() -> u8;

fn main() {
    let mut tracker = self_();
    tracker.set_self_(1);
}
