use private_tracker::__private::Reveal;
use private_tracker::private_tracker;

#[private_tracker(guard = |n: &u8| u32::from(*n) < *secret)]
fn pin_tracker(secret: u32) -> u8;

fn main() {
    let tracker = pin_tracker(1234);
    let captures = private_tracker::__private::OwnedStorage::door_captures(&tracker.__storage);
    // Only a storage makes a `Reveal`, to call the guard.
    let reveal = Reveal::<PinTracker>(core::marker::PhantomData);
    let _ = captures.0.reveal(&reveal);
}
