mod trackers {
    use private_tracker::private_tracker;

    #[private_tracker]
    pub fn action_tracker(#[get] choice: &'static str) -> &'static str;
}

fn main() {
    let tracker = trackers::action_tracker("red");
    // Outside the declaring module the storage field is not even visible.
    let _ = &tracker.__storage;
}
