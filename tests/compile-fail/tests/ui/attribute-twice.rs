// The debug-only `trace` of the README, slipped in as a second attribute:
// one error, at the second attribute, that says how to combine them.
#[private_tracker::private_tracker(observe)]
#[cfg_attr(debug_assertions, private_tracker::private_tracker(trace))]
fn clicks_tracker() -> u32;

#[private_tracker::private_tracker(shared)]
#[private_tracker::private_tracker(observe)]
fn taps_tracker() -> u32;

fn main() {
    // The trackers exist: their uses add no errors.
    let mut clicks = clicks_tracker();
    clicks.set_clicks(1);
    let taps = taps_tracker();
    taps.set_taps(clicks.version() as u32);
}
