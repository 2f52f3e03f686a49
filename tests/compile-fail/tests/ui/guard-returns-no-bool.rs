fn describe(value: &&str) -> String {
    value.to_string()
}

#[private_tracker::private_tracker(guard = describe)]
fn action_tracker(choice: &'static str) -> &'static str;

fn main() {}
