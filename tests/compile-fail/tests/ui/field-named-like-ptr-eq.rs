#[private_tracker::private_tracker(shared)]
pub fn ptr_eq_tracker() -> u8;

fn main() {
    let a = ptr_eq_tracker();
    let _ = PtrEqTracker::ptr_eq(&a, &a.clone());
}
