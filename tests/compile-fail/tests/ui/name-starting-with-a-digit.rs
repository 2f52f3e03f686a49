#[private_tracker::private_tracker]
pub fn _2d_tracker() -> (f32, f32);

fn main() {
    // One error, at `_2d_tracker`; the methods keep the leading `_`.
    let mut tracker = _2d_tracker();
    tracker.set__2d((0.0, 1.0));
}
