// `init` runs in the constructor, which has nowhere to send an error: a `?`
// in it is an error at the `?`, not an early return.
#[private_tracker::private_tracker(init = text.parse().ok()?)]
pub fn number_tracker(text: String) -> u32;

fn main() {}
