#[private_tracker::private_tracker(sync, observe)]
pub fn click_tracker() -> u32;

fn main() {
    // The tracker is still there, without `observe`.
    click_tracker().set_click(1);
}
