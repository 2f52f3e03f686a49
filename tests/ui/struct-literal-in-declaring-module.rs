use private_tracker::private_tracker;

#[private_tracker]
fn action_tracker(choice: &'static str) -> &'static str;

fn forge<T>() -> T {
    unimplemented!()
}

fn main() {
    // The struct cannot be built around the constructor either:
    let _ = ActionTracker { inner: forge() };
}
