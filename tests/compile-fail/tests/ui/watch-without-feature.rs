#[private_tracker::private_tracker(sync, observe)]
pub fn reading_tracker() -> f64;

fn main() {
    let reading = reading_tracker();
    let _watcher = reading.watch_reading();
}
