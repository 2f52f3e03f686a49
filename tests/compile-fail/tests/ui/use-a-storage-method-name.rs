// A door called by a bare name (`get`, `undo`, `set`) leads to nothing
// internal: no field of the tracker and no trait of private-tracker.
#[private_tracker::private_tracker(history = 4)]
pub fn note_tracker() -> String;

#[private_tracker::private_tracker(sync, history = 4)]
pub fn name_tracker() -> String;

fn main() {
    let mut note = note_tracker();
    note.set(String::new());
    let _ = note.undo();
    let name = name_tracker();
    let _ = name.get();
    let _ = name.undo();
}
