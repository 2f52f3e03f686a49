use private_tracker::__private::{Guard, Reveal, Sealed};
use private_tracker::private_tracker;

#[private_tracker]
fn vault_tracker(secret: u32) -> u8;

/// A guard of the module's own for an unguarded tracker would get the
/// `Reveal` that opens its sealed captures: the tracker has a `Guard` impl
/// already, so this one conflicts.
impl Guard for VaultTracker {
    type Captures = (Sealed<u32, VaultTracker>,);
    type Value = u8;
    fn check(reveal: &Reveal<Self>, (secret,): &Self::Captures, _: &u8) -> bool {
        *secret.reveal(reveal) == 31337
    }
}

fn main() {}
