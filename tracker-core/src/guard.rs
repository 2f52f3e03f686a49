//! Guards: the check every write passes before it lands.

use core::convert::Infallible;
use core::fmt;
use core::marker::PhantomData;

/// A value that a tracker's guard refused, handed back to the caller.
///
/// Returned by the `set_…`, `replace_…`, `update_…` and `modify_…` doors of
/// a tracker declared with `guard = …`, and by `reset_…` with `init` too,
/// when the guard returns `false`. The stored value is unchanged, and
/// nothing is dropped silently: [`into_inner`](Rejected::into_inner) gives
/// the refused value back.
///
/// It says who refused: `Display` names the tracker type (`the guard of
/// ActionTracker rejected the value`), and `Debug` shows the tracker and,
/// when the value's type is `Debug`, the value (`..` otherwise), so that
/// `.unwrap()` tells what happened whatever the tracked type. The tracker
/// names itself through a function pointer, the one word a `Rejected`
/// holds beside the value, which also gives `Result<(), Rejected<V>>` its
/// niche.
///
/// ```
/// use private_tracker::{Rejected, private_tracker};
///
/// #[private_tracker(guard = private_tracker::truthy)]
/// fn action_tracker(#[get] choice: &'static str) -> &'static str;
///
/// let mut red = action_tracker("red");
/// red.set_action("click").unwrap();
/// let refused: Rejected<&str> = red.set_action("").unwrap_err();
/// assert_eq!(refused.to_string(), "the guard of ActionTracker rejected the value");
/// assert_eq!(format!("{refused:?}"), r#"Rejected { tracker: ActionTracker, value: "" }"#);
/// assert_eq!(refused.into_inner(), "");
/// assert_eq!(red.action(), Some("click")); // unchanged
/// ```
#[must_use = "a rejected value is handed back so that it is not lost; use `into_inner` to recover it"]
#[derive(Clone, Copy)]
pub struct Rejected<V> {
    value: V,
    describe: Describe<V>,
}

/// How a [`Rejected`] names its tracker (`None`) and shows its value
/// (`Some`): see [`Guard::describe`].
pub type Describe<V> = fn(Option<&V>, &mut fmt::Formatter<'_>) -> fmt::Result;

impl<V> Rejected<V> {
    /// Wraps a value that a guard refused, from an unnamed tracker.
    #[inline]
    pub const fn new(value: V) -> Self {
        Self { value, describe: anonymous::<V> }
    }

    /// Wraps a value that the guard `G` refused: `G` names the tracker and
    /// shows the value.
    #[inline]
    pub(crate) fn by<G: Guard<Value = V>>(value: V) -> Self {
        Self { value, describe: G::describe }
    }

    /// The refused value, by reference.
    #[inline]
    #[must_use]
    pub const fn value(&self) -> &V {
        &self.value
    }

    /// Gives the refused value back.
    #[inline]
    pub fn into_inner(self) -> V {
        self.value
    }
}

/// [`Guard::describe`] of a guard that does not say more.
fn anonymous<V>(value: Option<&V>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str(if value.is_some() { ".." } else { "a tracker" })
}

/// Compares the refused values.
impl<V: PartialEq> PartialEq for Rejected<V> {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<V: Eq> Eq for Rejected<V> {}

/// Hashes the refused value.
impl<V: core::hash::Hash> core::hash::Hash for Rejected<V> {
    #[inline]
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

/// `Rejected { tracker: ActionTracker, value: 5 }`; the value shows as `..`
/// when its type is not `Debug`.
impl<V> fmt::Debug for Rejected<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        /// One part of the description, as `Debug` shows it.
        struct Part<'a, V>(&'a Rejected<V>, bool);
        impl<V> fmt::Debug for Part<'_, V> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                (self.0.describe)(self.1.then_some(&self.0.value), f)
            }
        }
        f.debug_struct("Rejected")
            .field("tracker", &Part(self, false))
            .field("value", &Part(self, true))
            .finish()
    }
}

/// `the guard of ActionTracker rejected the value`.
impl<V> fmt::Display for Rejected<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the guard of ")?;
        (self.describe)(None, f)?;
        f.write_str(" rejected the value")
    }
}

impl<V> core::error::Error for Rejected<V> {}

/// The check a tracker's writes pass before they land, bound into the
/// storage by type (`Owned<C, V, G>`), so that no write can skip it.
///
/// `#[private_tracker(guard = …)]` implements it for the generated tracker
/// type itself, whose storage then names that type as its guard: nothing
/// that can reach the storage can write past the guard. [`Unguarded`] accepts
/// everything.
///
/// The guard sees the captures, as the seed's closure sees its arguments:
/// a capture [`Sealed`](crate::Sealed) for the tracker type `G` opens only
/// with the [`Reveal<G>`] that the storage hands to `G::check`. The captures
/// and the value are associated types, so a type is the guard of one kind
/// of storage only: a second `impl` for other captures, which could reveal
/// them outside a write, is a conflicting implementation.
///
/// ```
/// use private_tracker_core::{Guard, Owned, Reveal, Sealed};
///
/// struct AtMostLimit;
/// impl Guard for AtMostLimit {
///     type Captures = (Sealed<u32, AtMostLimit>,);
///     type Value = u32;
///     fn check(reveal: &Reveal<Self>, (limit,): &Self::Captures, value: &u32) -> bool {
///         value <= limit.reveal(reveal)
///     }
/// }
///
/// let mut storage = Owned::<_, u32, AtMostLimit>::new((Sealed::new(10),));
/// assert_eq!(storage.door_try_set(11).unwrap_err().into_inner(), 11);
/// storage.door_try_set(10).unwrap();
/// assert_eq!(storage.door_get(), Some(&10));
/// ```
pub trait Guard: Sized {
    /// The captured constructor arguments of the storages it guards.
    type Captures;
    /// The tracked value.
    type Value;

    /// Whether `value` may be stored, knowing the `captures`.
    fn check(reveal: &Reveal<Self>, captures: &Self::Captures, value: &Self::Value) -> bool;

    /// For a [`Rejected`] value: writes the tracker's name when `value` is
    /// `None`, and the refused value when it is `Some` (`..` where its type
    /// is not `Debug`). The default says "a tracker" and `..`; the tracker
    /// types the macro generates name themselves and show `Debug` values.
    ///
    /// # Errors
    ///
    /// Those of the formatter.
    #[inline]
    fn describe(value: Option<&Self::Value>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        anonymous(value, f)
    }

    /// The initial value of a tracker declared with `init = …`, computed
    /// from the captures (sealed ones open with `reveal`), or `None` for one
    /// declared without. Storages with an [`Initialized`](crate::Initialized)
    /// slot call it in their constructor and in `reset`.
    ///
    /// It is a method of this trait, which every tracker type implements
    /// exactly once, so that no other impl can receive a `Reveal` for the
    /// tracker's sealed captures.
    #[inline]
    fn initial(reveal: &Reveal<Self>, captures: &Self::Captures) -> Option<Self::Value> {
        let _ = (reveal, captures);
        None
    }
}

/// `value` as `Debug` shows it, for [`Guard::describe`] in generated code:
/// `(&ShowValue(value)).__private_tracker_show(f)` picks [`ShowDebug`] when
/// the value's type is `Debug` and [`ShowHidden`] (`..`) otherwise. Method
/// syntax is what makes that choice at a concrete type; the method's name is
/// one no other trait has.
#[doc(hidden)]
pub struct ShowValue<'a, V>(pub &'a V);

/// The `Debug` half of [`ShowValue`].
#[doc(hidden)]
pub trait ShowDebug {
    /// Writes the value with `Debug`.
    ///
    /// # Errors
    ///
    /// Those of the formatter.
    fn __private_tracker_show(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

impl<V: fmt::Debug> ShowDebug for ShowValue<'_, V> {
    #[inline]
    fn __private_tracker_show(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

/// The fallback half of [`ShowValue`]: `..`.
#[doc(hidden)]
pub trait ShowHidden {
    /// Writes `..`.
    ///
    /// # Errors
    ///
    /// Those of the formatter.
    fn __private_tracker_show(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

impl<V> ShowHidden for &ShowValue<'_, V> {
    #[inline]
    fn __private_tracker_show(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("..")
    }
}

/// Opens the captures [`Sealed`](crate::Sealed) for the tracker type `G`
/// ([`Sealed::reveal`](crate::Sealed::reveal)). Only the storages make one,
/// to call `G::check`: no other code can read a sealed capture.
pub struct Reveal<G>(PhantomData<fn() -> G>);

impl<G> Reveal<G> {
    pub(crate) const NEW: Self = Self(PhantomData);
}

impl<G> fmt::Debug for Reveal<G> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Reveal")
    }
}

/// The guard of a tracker declared without one: every value passes.
///
/// Only storages guarded by `Unguarded` have the plain `set`, `replace` and
/// `update`, which return no `Result`. Uninhabited: it is only ever a type.
pub struct Unguarded<C, V>(Infallible, PhantomData<fn() -> (C, V)>);

impl<C, V> Guard for Unguarded<C, V> {
    type Captures = C;
    type Value = V;

    #[inline]
    fn check(_: &Reveal<Self>, _: &C, _: &V) -> bool {
        true
    }
}

/// The guards that accept every value: [`Unguarded`] alone. Storages whose
/// guard is one have the plain writes.
pub trait AcceptsAll: Guard + sealed::Sealed {}

impl<C, V> AcceptsAll for Unguarded<C, V> {}

mod sealed {
    pub trait Sealed {}
    impl<C, V> Sealed for super::Unguarded<C, V> {}
}

impl<C, V> fmt::Debug for Unguarded<C, V> {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {}
    }
}

/// Calls the guard expression of a declaration; the generated
/// [`Guard::check`] is this call.
///
/// Taking the guard as `impl FnOnce(&V) -> bool` lets a closure guard infer
/// its argument type and a generic guard such as [`truthy`] infer its type
/// parameter, and puts a type error in the guard on the guard's own tokens.
#[doc(hidden)]
#[inline]
pub fn call_guard<V: ?Sized>(guard: impl FnOnce(&V) -> bool, value: &V) -> bool {
    guard(value)
}

/// Calls the `init = …` expression of a declaration; the generated
/// [`Guard::initial`] is this call.
///
/// The expression is the body of a closure, so that a `?` or a `return` in
/// it cannot leave `initial` early (`?` is a compile error, `return` gives
/// the initial value), and its return type is the tracked type, so that a
/// type error is reported on the expression.
#[doc(hidden)]
#[inline]
pub fn call_init<V>(init: impl FnOnce() -> V) -> Option<V> {
    Some(init())
}

/// Runs the guard `G` on `value`, with the `captures`: `Ok(value)` if it
/// accepts, [`Rejected`] if not.
///
/// The one place where a guard is consulted, so every write path of every
/// storage mode treats a refusal the same way.
#[inline]
pub(crate) fn check<G: Guard>(
    captures: &G::Captures,
    value: G::Value,
) -> Result<G::Value, Rejected<G::Value>> {
    if accepts::<G>(captures, &value) { Ok(value) } else { Err(Rejected::by::<G>(value)) }
}

/// The initial value `value` of a storage, if the guard `G` accepts it.
///
/// # Panics
///
/// When the guard refuses it: a tracker that starts with a value its own
/// guard refuses is a bug in its declaration (or in the captures it was
/// given), and no constructor may store it silently.
#[inline]
#[track_caller]
pub(crate) fn check_initial<G: Guard>(captures: &G::Captures, value: G::Value) -> G::Value {
    match check::<G>(captures, value) {
        Ok(value) => value,
        Err(refused) => refused_initial(&refused),
    }
}

#[cold]
#[track_caller]
fn refused_initial<V>(refused: &Rejected<V>) -> ! {
    /// The tracker's name, as `Rejected` shows it.
    struct Tracker<'a, V>(&'a Rejected<V>);
    impl<V> fmt::Display for Tracker<'_, V> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            (self.0.describe)(None, f)
        }
    }
    panic!(
        "the guard of {} rejected its initial value ({refused:?}); \
         make `init = …` a value that the guard accepts for every argument of the constructor",
        Tracker(refused),
    )
}

/// Whether the guard `G` accepts `value`, with the `captures`.
#[inline]
pub(crate) fn accepts<G: Guard>(captures: &G::Captures, value: &G::Value) -> bool {
    G::check(&Reveal::NEW, captures, value)
}

/// JavaScript's truthiness, for the types where it has a meaning.
///
/// | type | truthy when |
/// |---|---|
/// | `bool` | `true` |
/// | integers | non-zero |
/// | `f32`, `f64` | non-zero and not NaN |
/// | `char` | always |
/// | `str`, `String`, `Cow<str>` | non-empty |
/// | `Option<T>` | `Some` of a truthy value (`None` is JavaScript's `undefined`) |
/// | `&T`, `&mut T`, `Box<T>`, `Rc<T>`, `Arc<T>` | `T` is truthy |
///
/// Other types (`Vec`, `()`, your structs) have no JavaScript truthiness that
/// Rust could copy without guessing (an empty JavaScript array is truthy), so
/// they do not implement `Truthy`: write the guard you mean as a closure.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no JavaScript truthiness, so `private_tracker::truthy` cannot guard it",
    label = "`private_tracker::truthy` needs `{Self}: Truthy`",
    note = "truthiness is defined for `bool`, integers, floats, `char`, `str`, `String`, `Option`, and references and smart pointers to those",
    note = "for any other type, write the check you mean as a closure, for example `guard = |value: &MyType| value.is_valid()`"
)]
pub trait Truthy {
    /// Whether JavaScript would treat this value as `true` in an `if`.
    fn is_truthy(&self) -> bool;
}

/// The guard with JavaScript's `if (value)` semantics:
/// `guard = private_tracker::truthy`, for the types that implement
/// [`Truthy`].
///
/// ```
/// use private_tracker::{private_tracker, truthy};
///
/// #[private_tracker(guard = private_tracker::truthy)]
/// fn action_tracker(#[get] choice: &'static str) -> &'static str;
///
/// let mut red = action_tracker("red");
/// assert!(red.set_action("").is_err());    // as JavaScript's `if (action)` skips ""
/// red.set_action("click").unwrap();
///
/// assert!(truthy(&"click") && !truthy(&""));
/// assert!(!truthy(&0_u8) && !truthy(&f64::NAN));
/// assert!(!truthy(&None::<&str>) && truthy(&Some(1)));
/// ```
#[inline]
#[must_use]
pub fn truthy<T: ?Sized + Truthy>(value: &T) -> bool {
    value.is_truthy()
}

impl Truthy for bool {
    #[inline]
    fn is_truthy(&self) -> bool {
        *self
    }
}

macro_rules! truthy_integers {
    ($($int:ty)*) => {$(
        impl Truthy for $int {
            #[inline]
            fn is_truthy(&self) -> bool {
                *self != 0
            }
        }
    )*};
}
truthy_integers!(i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize);

macro_rules! truthy_floats {
    ($($float:ty)*) => {$(
        impl Truthy for $float {
            #[inline]
            fn is_truthy(&self) -> bool {
                // `-0.0 == 0.0`, and NaN compares unequal to everything.
                *self != 0.0 && !self.is_nan()
            }
        }
    )*};
}
truthy_floats!(f32 f64);

impl Truthy for char {
    #[inline]
    fn is_truthy(&self) -> bool {
        true
    }
}

impl Truthy for str {
    #[inline]
    fn is_truthy(&self) -> bool {
        !self.is_empty()
    }
}

impl<T: Truthy> Truthy for Option<T> {
    #[inline]
    fn is_truthy(&self) -> bool {
        self.as_ref().is_some_and(T::is_truthy)
    }
}

impl<T: ?Sized + Truthy> Truthy for &T {
    #[inline]
    fn is_truthy(&self) -> bool {
        T::is_truthy(self)
    }
}

impl<T: ?Sized + Truthy> Truthy for &mut T {
    #[inline]
    fn is_truthy(&self) -> bool {
        T::is_truthy(self)
    }
}

#[cfg(feature = "alloc")]
mod alloc_impls {
    use super::Truthy;
    use alloc::borrow::{Cow, ToOwned};
    use alloc::boxed::Box;
    use alloc::rc::Rc;
    use alloc::string::String;
    use alloc::sync::Arc;

    impl Truthy for String {
        #[inline]
        fn is_truthy(&self) -> bool {
            !self.is_empty()
        }
    }

    impl<B: ?Sized + Truthy + ToOwned> Truthy for Cow<'_, B> {
        #[inline]
        fn is_truthy(&self) -> bool {
            B::is_truthy(self)
        }
    }

    macro_rules! truthy_pointers {
        ($($ptr:ident)*) => {$(
            impl<T: ?Sized + Truthy> Truthy for $ptr<T> {
                #[inline]
                fn is_truthy(&self) -> bool {
                    T::is_truthy(self)
                }
            }
        )*};
    }
    truthy_pointers!(Box Rc Arc);
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A guard over `String`, for the storages' tests.
    pub(crate) struct NonEmpty;

    impl Guard for NonEmpty {
        type Captures = (&'static str,);
        type Value = std::string::String;
        fn check(_: &Reveal<Self>, _: &Self::Captures, value: &std::string::String) -> bool {
            !value.is_empty()
        }
    }

    /// A guard that panics, for the storages' tests.
    pub(crate) struct Panics;

    impl Guard for Panics {
        type Captures = ();
        type Value = std::string::String;
        fn check(_: &Reveal<Self>, (): &(), _: &std::string::String) -> bool {
            panic!("guard")
        }
    }

    /// Starts at ten times its sealed capture and accepts values up to a
    /// hundred times it: the guard and `init` of a never-empty tracker.
    pub(crate) struct TenFold;

    impl Guard for TenFold {
        type Captures = (crate::Sealed<u32, TenFold>,);
        type Value = u32;
        fn check(reveal: &Reveal<Self>, (n,): &Self::Captures, value: &u32) -> bool {
            *value <= n.reveal(reveal) * 100
        }
        fn initial(reveal: &Reveal<Self>, (n,): &Self::Captures) -> Option<u32> {
            Some(n.reveal(reveal) * 10)
        }
    }

    /// Starts at 0 and guards nothing: the `init` of an unguarded tracker.
    pub(crate) struct StartsAtZero;

    impl Guard for StartsAtZero {
        type Captures = ();
        type Value = u32;
        fn check(_: &Reveal<Self>, (): &(), _: &u32) -> bool {
            true
        }
        fn initial(_: &Reveal<Self>, (): &()) -> Option<u32> {
            Some(0)
        }
    }

    /// Accepts multiples of its sealed capture.
    struct MultipleOf;

    impl Guard for MultipleOf {
        type Captures = (crate::Sealed<i32, MultipleOf>,);
        type Value = i32;
        fn check(reveal: &Reveal<Self>, (factor,): &Self::Captures, value: &i32) -> bool {
            value % factor.reveal(reveal) == 0
        }
    }

    #[test]
    fn scalars_follow_javascript() {
        assert!(truthy(&true) && !truthy(&false));
        assert!(truthy(&-1_i64) && truthy(&1_u128) && !truthy(&0_isize));
        assert!(truthy(&0.5_f32) && truthy(&f64::INFINITY));
        assert!(!truthy(&0.0_f64) && !truthy(&-0.0_f64) && !truthy(&f32::NAN));
        assert!(truthy(&'\0'));
    }

    #[test]
    fn strings_are_truthy_when_non_empty() {
        assert!(truthy("0") && truthy("false") && !truthy(""));
        assert!(truthy(&"x") && !truthy(&&""));
    }

    #[test]
    fn option_is_some_of_a_truthy_value() {
        assert!(truthy(&Some("a")));
        assert!(!truthy(&Some("")));
        assert!(!truthy(&None::<u8>));
        assert!(!truthy(&Some(Some(0))));
    }

    #[test]
    fn mutable_references_look_through() {
        let mut n = 3;
        assert!(truthy(&&mut n));
        n = 0;
        assert!(!truthy(&&mut n));
    }

    #[cfg(feature = "alloc")]
    #[test]
    fn owned_strings_and_smart_pointers_look_through() {
        use alloc::borrow::Cow;
        use alloc::boxed::Box;
        use alloc::rc::Rc;
        use alloc::string::String;
        use alloc::sync::Arc;

        assert!(!truthy(&String::new()) && truthy(&String::from("a")));
        assert!(truthy(&Cow::Borrowed("a")) && !truthy(&Cow::<str>::Owned(String::new())));
        assert!(truthy(&Box::new(1)) && !truthy(&Rc::new(0.0)) && truthy(&Arc::<str>::from("x")));
        let boxed: Box<str> = "".into();
        assert!(!truthy(&boxed));
    }

    #[test]
    fn check_sees_the_captures_and_hands_refused_values_back() {
        let captures = (crate::Sealed::new(2),);
        assert_eq!(check::<MultipleOf>(&captures, 4), Ok(4));
        assert_eq!(check::<Unguarded<(), i32>>(&(), 3), Ok(3));
        let refused = check::<MultipleOf>(&captures, 3).unwrap_err();
        assert_eq!(*refused.value(), 3);
        assert_eq!(refused.into_inner(), 3);
    }

    #[test]
    fn rejected_hides_the_value_in_debug_and_explains_itself() {
        struct NotDebug;
        let refused = Rejected::new(NotDebug);
        assert_eq!(std::format!("{refused:?}"), "Rejected { tracker: a tracker, value: .. }");
        assert_eq!(std::format!("{refused}"), "the guard of a tracker rejected the value");
        let as_error: &dyn core::error::Error = &refused;
        assert!(as_error.source().is_none());
    }
}
