#[private_tracker::private_tracker]
#[derive(Default)]
pub fn default_tracker(limit: u8) -> u8;

fn main() {
    // One error, at the name: the tracker and its `Default` still exist.
    let _ = DefaultTracker::default();
}
