#[private_tracker::private_tracker(init = "zero")]
pub fn click_tracker() -> u32;

fn main() {
    // The tracker is still usable: only `init` is wrong.
    let mut clicks = click_tracker();
    clicks.set_click(1);
}
