use private_tracker::__private::{Guard, OwnedStorage, Reveal, Sealed};
use private_tracker::private_tracker;

#[private_tracker(guard = |n: &u8| u32::from(*n) < *secret)]
fn pin_tracker(secret: u32) -> u8;

/// A guard of the user's own, on a copy of the tracker's captures: its
/// `Reveal` is for `Spy`, and opens nothing sealed for `PinTracker`.
struct Spy;

impl Guard for Spy {
    type Captures = (Sealed<u32, PinTracker>,);
    type Value = u8;
    fn check(reveal: &Reveal<Self>, captures: &Self::Captures, _: &u8) -> bool {
        *captures.0.reveal(reveal) == 1234
    }
}

fn main() {
    let tracker = pin_tracker(1234);
    let copy = OwnedStorage::door_captures(&tracker.__storage).clone();
    let mut spied = OwnedStorage::<_, u8, Spy>::new(copy);
    let _ = spied.door_try_set(1);
}
