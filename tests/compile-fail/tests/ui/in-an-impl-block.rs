pub struct Game;

impl Game {
    #[private_tracker::private_tracker]
    pub fn state_tracker() -> u8;
}

fn main() {}
