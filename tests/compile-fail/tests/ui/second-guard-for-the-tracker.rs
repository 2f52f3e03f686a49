use private_tracker::__private::{Guard, Reveal, Sealed};
use private_tracker::private_tracker;

#[private_tracker(guard = |n: &u8| u32::from(*n) < *secret)]
fn pin_tracker(secret: u32) -> u8;

/// A second guard impl for the tracker type, over other values, would open
/// its sealed captures outside a write: it is a conflicting implementation.
impl Guard for PinTracker {
    type Captures = (Sealed<u32, PinTracker>,);
    type Value = u16;
    fn check(reveal: &Reveal<Self>, captures: &Self::Captures, _: &u16) -> bool {
        *captures.0.reveal(reveal) == 1234
    }
}

fn main() {}
