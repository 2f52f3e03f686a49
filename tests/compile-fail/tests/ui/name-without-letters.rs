#[private_tracker::private_tracker]
pub fn __() -> u8;

#[private_tracker::private_tracker(name = Unnamed)]
pub fn ___() -> u8;

fn main() {
    // One error, at `__`: the constructor still exists.
    let mut tracker = __();
    tracker.set_value(1);
    let _ = ___();
}
