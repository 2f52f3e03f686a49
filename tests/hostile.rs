//! Declarations a hostile user writes that are valid Rust and must compile
//! and work: names the macro invents (`R`, `'a`, `'any`) never shadow or
//! duplicate the user's, and names made of underscores and digits derive
//! the types and methods a user expects. Declarations that cannot work are
//! the `tests/ui` cases.

use private_tracker::private_tracker;

/// A user type named like the type parameter of `with_…`.
#[derive(Clone, Debug, PartialEq)]
pub struct R(pub u8);

/// Holds an `R`.
#[private_tracker]
pub fn reading_tracker() -> R;

/// Holds a `Result` over `R`.
#[private_tracker]
pub fn result_tracker(#[get] fallback: R) -> Result<u8, R>;

#[test]
fn a_user_type_named_r_is_the_users() {
    let mut reading = reading_tracker();
    reading.set_reading(R(4));
    let doubled: Option<u8> = reading.with_reading(|r| r.map(|r| r.0 * 2));
    assert_eq!(doubled, Some(8));

    let mut result = result_tracker(R(0));
    result.set_result(Err(R(1)));
    assert!(result.with_result(|r| r == Some(&Err(R(1)))));
    assert_eq!(result.fallback(), &R(0));
}

mod const_generic_r {
    use private_tracker::private_tracker;

    /// A const generic named `R`.
    #[private_tracker]
    pub(crate) fn window_tracker<const R: usize>() -> [u8; R];

    #[test]
    fn a_const_generic_named_r() {
        let mut window = window_tracker::<3>();
        window.set_window([1, 2, 3]);
        assert_eq!(window.with_window(|w| w.map(|w| w.len())), Some(3));
    }
}

/// Lifetimes named like the macro's own.
#[private_tracker]
pub fn borrowed_tracker<'__tracker, 'any>(
    #[get] first: &'__tracker str,
    second: &'any str,
    third: &str,
) -> &'__tracker str;

/// A raw lifetime.
#[private_tracker]
pub fn raw_lifetime_tracker<'r#a>(#[get] first: &'r#a str, second: &str) -> &'r#a str;

#[test]
fn user_lifetimes_are_never_redeclared() {
    let mut borrowed = borrowed_tracker("a", "b", "c");
    borrowed.set_borrowed("d");
    assert_eq!(borrowed.borrowed(), Some("d"));
    assert_eq!(borrowed.first(), "a");

    let mut raw = raw_lifetime_tracker("x", "y");
    raw.set_raw_lifetime("z");
    assert_eq!(raw.raw_lifetime(), Some("z"));
    assert_eq!(raw.first(), "x");
}

/// A leading `_` only silences "unused": the names are those of
/// `unused_tracker`.
#[private_tracker]
fn _unused_tracker() -> u8;

/// Digits after an underscore keep a name of their own.
#[private_tracker]
pub fn vec_2d_tracker() -> (f32, f32);

/// A leading `_` stays where a digit would start the method names.
#[private_tracker(name = Flat)]
pub fn _2d_tracker() -> (f32, f32);

#[test]
#[allow(clippy::used_underscore_items, reason = "calling `_`-prefixed constructors is the point")]
fn names_of_underscores_and_digits() {
    let mut unused: UnusedTracker = _unused_tracker();
    unused.set_unused(1);
    assert_eq!(unused.unused(), Some(1));

    let mut plane: Vec2dTracker = vec_2d_tracker();
    plane.set_vec_2d((1.0, 2.0));
    assert_eq!(plane.vec_2d(), Some((1.0, 2.0)));

    let mut flat: Flat = _2d_tracker();
    flat.set__2d((3.0, 4.0));
    assert_eq!(flat.take__2d(), Some((3.0, 4.0)));
}

/// A raw type name.
#[private_tracker(name = r#Raw)]
pub fn raw_name_tracker() -> u8;

#[test]
fn a_raw_type_name_prints_without_its_prefix() {
    assert_eq!(format!("{:?}", raw_name_tracker()), "Raw { .. }");
}

/// A guard that panics leaves the value as it was, and the tracker usable.
#[private_tracker(guard = |n: &u8| if *n == 13 { panic!("unlucky") } else { true })]
pub fn lucky_tracker() -> u8;

#[test]
fn a_panicking_guard_loses_no_write() {
    let mut lucky = lucky_tracker();
    lucky.set_lucky(7).unwrap();
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| lucky.set_lucky(13)));
    assert!(caught.is_err());
    assert_eq!(lucky.lucky(), Some(7));
    lucky.set_lucky(8).unwrap();
    assert_eq!(lucky.lucky(), Some(8));
}

macro_rules! declare {
    ($name:ident -> $value:ty) => {
        /// Declared by `declare!`.
        #[private_tracker]
        pub fn $name() -> $value;
    };
}

declare!(macro_made_tracker -> u16);

#[test]
fn a_declaration_from_macro_rules() {
    let mut tracker = macro_made_tracker();
    tracker.set_macro_made(3);
    assert_eq!(tracker.macro_made(), Some(3));
}
