#![deny(deprecated)]

#[private_tracker::private_tracker]
pub fn action_tracker() -> &'static str;

fn main() {
    // The name a user coming from getters and setters tries first.
    let red = action_tracker();
    let _ = red.get_action();
}
