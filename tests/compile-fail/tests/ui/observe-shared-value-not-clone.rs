// Subscribers of a handle run with nothing borrowed, so each write with
// subscribers hands them a clone of the value.
pub struct Handle(u8);

#[private_tracker::private_tracker(shared, observe)]
pub fn handle_tracker() -> Handle;

fn main() {}
