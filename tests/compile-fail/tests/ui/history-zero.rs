// A history that keeps nothing is one error at its value; the tracker's
// history doors are there all the same, so their uses add none.
#[private_tracker::private_tracker(history = 0)]
pub fn click_tracker() -> u32;

#[private_tracker::private_tracker(history = -1)]
pub fn touch_tracker() -> u32;

#[private_tracker::private_tracker(history = 16u8)]
pub fn press_tracker() -> u32;

fn main() {
    let mut click = click_tracker();
    click.set_click(1);
    let _ = click.undo_click();
    let mut touch = touch_tracker();
    let _ = touch.redo_touch();
    let press = press_tracker();
    let _ = press.history_press().count();
}
