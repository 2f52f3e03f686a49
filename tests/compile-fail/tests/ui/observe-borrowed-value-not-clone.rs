// A value that borrows (its type names the declaration's lifetimes) and is
// not `Clone`: still one error at `observe`, and at `history`, and none
// where the tracker is used.
pub struct Handle(u8);

#[private_tracker::private_tracker(sync, observe)]
pub fn pair_tracker<'a>(first: &'a u8) -> (&'a u8, Handle);

#[private_tracker::private_tracker(history = 2)]
pub fn word_tracker(text: &str) -> (&str, Handle);

fn main() {
    let first = 1;
    let pair = pair_tracker(&first);
    pair.set_pair((&first, Handle(1)));
    let _ = pair.take_pair();

    let mut word = word_tracker("hi");
    word.set_word(("hi", Handle(2)));
    let _ = word.undo_word();
}
