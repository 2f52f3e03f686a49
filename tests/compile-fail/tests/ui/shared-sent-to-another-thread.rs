#[private_tracker::private_tracker(shared)]
fn action_tracker(choice: &'static str) -> &'static str;

fn main() {
    let red = action_tracker("red");
    // A shared tracker is a single-threaded handle, like `Rc`.
    std::thread::spawn(move || red.set_action("click"));
}
