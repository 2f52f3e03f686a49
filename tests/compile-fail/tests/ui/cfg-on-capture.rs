#[private_tracker::private_tracker]
pub fn action_tracker(#[cfg(all())] #[get] choice: &'static str) -> u8;

fn main() {
    let tracker = action_tracker("red");
    assert_eq!(tracker.choice(), "red");
}
