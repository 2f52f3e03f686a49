#[private_tracker::private_tracker(init = 0)]
pub fn click_tracker() -> u32;

fn main() {
    let mut clicks = click_tracker();
    // A tracker with `init` is never empty: `reset_click` restores `init`.
    let _ = clicks.take_click();
}
