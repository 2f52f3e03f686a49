// A value that borrows (its type names the declaration's lifetimes) and is
// not `Clone`: still one error at `observe`, and at `history`.
pub struct Handle(u8);

#[private_tracker::private_tracker(sync, observe)]
pub fn pair_tracker<'a>(first: &'a u8) -> (&'a u8, Handle);

#[private_tracker::private_tracker(history = 2)]
pub fn word_tracker(text: &str) -> (&str, Handle);

fn main() {}
