#[private_tracker::private_tracker]
fn pair_tracker(first: &str, second: &str) -> &str;

fn main() {
    // One error, at the elided lifetime: the tracker still exists.
    let mut pair = pair_tracker("a", "b");
    pair.set_pair("c");
}
