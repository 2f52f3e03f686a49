#[derive(Clone, Debug)]
pub struct Foo;

#[private_tracker::private_tracker(name = Foo)]
pub fn foo_tracker(#[get] origin: Foo) -> u8;

fn main() {
    let tracker = foo_tracker(Foo);
    let _: &Foo = tracker.origin();
}
