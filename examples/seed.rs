use tracker::private_tracker;

#[private_tracker(guard = tracker::truthy)]
pub fn action_tracker(#[get] choice: &'static str) -> &'static str;

fn main() {
    let mut red = action_tracker("red");
    red.set_action("click").unwrap();
    assert_eq!(red.action(), Some(&"click"));
    assert!(red.set_action("").is_err());
    assert_eq!(red.choice(), &"red");
    println!("{red:?}");
}
