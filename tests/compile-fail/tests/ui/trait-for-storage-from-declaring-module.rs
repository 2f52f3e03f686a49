use private_tracker::__private::{OwnedStorage, Sealed, Unguarded};
use private_tracker::private_tracker;

#[private_tracker]
fn pin_tracker(secret: u32) -> u8;

/// A user's own trait on the storage type still sees only its public API.
trait Sneak {
    fn sneak(&self) -> u32;
}

impl Sneak for OwnedStorage<(Sealed<u32, PinTracker>,), u8, Unguarded<(Sealed<u32, PinTracker>,), u8>> {
    fn sneak(&self) -> u32 {
        self.captures.0.0
    }
}

fn main() {
    let tracker = pin_tracker(1234);
    let _ = tracker.__storage.sneak();
}
