// `x__y___tracker` and `x_y_tracker` would both name `XYTracker`.
#[private_tracker::private_tracker]
pub fn x__y___tracker() -> u8;

#[private_tracker::private_tracker]
pub fn x_y_tracker() -> u8;

fn main() {
    let _ = x__y___tracker();
    let _ = x_y_tracker();
}
