// An unknown value type with an option that keeps copies is one error, at
// the type, in every mode.

#[private_tracker::private_tracker(history = 4)]
fn note_tracker() -> Strng;

#[private_tracker::private_tracker(shared, observe)]
fn shared_note_tracker() -> Strng1;

#[private_tracker::private_tracker(sync, observe, history = 2)]
fn sync_note_tracker() -> Strng2;

fn main() {}
