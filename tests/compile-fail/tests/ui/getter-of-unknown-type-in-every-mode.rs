// An unknown type in a `#[get]` capture is one error, at the type, in every
// mode and with every option: nothing else of the expansion is reported.

#[private_tracker::private_tracker(sync)]
fn plain_tracker(#[get] c: Missing) -> u8;

#[private_tracker::private_tracker(sync, guard = |n: &u8| *n > 0, init = 1, observe, history = 2, trace)]
fn sync_tracker(#[get] c: Missing1) -> u8;

#[private_tracker::private_tracker(shared, guard = |n: &u8| *n > 0, init = 1, observe, history = 2, trace)]
fn shared_tracker(#[get] c: Missing2) -> u8;

#[private_tracker::private_tracker(guard = |n: &u8| *n > 0, init = 1, observe, history = 2, trace)]
#[derive(PartialEq, Hash)]
fn owned_tracker(#[get] c: Missing3) -> u8;

fn main() {}
