use std::rc::Rc;

#[private_tracker::private_tracker(sync)]
fn rc_tracker() -> Rc<u8>;

fn main() {
    let tracker = rc_tracker();
    // The value is not `Send`, so neither is the tracker.
    std::thread::spawn(move || {
        let _ = tracker.take_rc();
    });
}
