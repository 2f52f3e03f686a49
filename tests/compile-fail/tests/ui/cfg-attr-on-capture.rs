#[private_tracker::private_tracker]
pub fn action_tracker(#[cfg_attr(all(), get)] choice: &'static str) -> u8;

fn main() {
    let _ = action_tracker("red");
}
