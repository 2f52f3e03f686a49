#[private_tracker::private_tracker]
pub fn into_fn_tracker() -> u8;

fn main() {
    let _ = into_fn_tracker();
}
