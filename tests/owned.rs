//! Every generated door of mode *owned*, and every argument, as a user calls them.

use std::panic::{AssertUnwindSafe, catch_unwind};

use private_tracker::{Rejected, private_tracker};

/// The seed: JavaScript's `if (action)` as a guard.
#[private_tracker(guard = private_tracker::truthy)]
pub fn action_tracker(#[get] choice: &'static str) -> &'static str;

#[test]
fn a_new_tracker_is_empty() {
    let tracker = action_tracker("red");
    assert_eq!(tracker.action(), None);
    assert!(tracker.with_action(|action| action.is_none()));
}

#[test]
fn guarded_writes_hand_refused_values_back_and_change_nothing() {
    let mut tracker = action_tracker("red");
    let refused: Rejected<&str> = tracker.set_action("").unwrap_err();
    assert_eq!(refused.into_inner(), "");
    assert_eq!(tracker.action(), None);

    tracker.set_action("click").unwrap();
    assert_eq!(tracker.replace_action("").unwrap_err().into_inner(), "");
    assert_eq!(tracker.update_action(|_| "").unwrap_err().into_inner(), "");
    assert_eq!(tracker.action(), Some("click"));

    assert_eq!(tracker.replace_action("touch"), Ok(Some("click")));
    tracker.update_action(|previous| if previous == Some(&"touch") { "swipe" } else { "?" }).unwrap();
    assert_eq!(tracker.take_action(), Some("swipe"));
    assert_eq!(tracker.take_action(), None);
}

#[test]
fn rejected_is_an_error_with_a_message() {
    let mut tracker = action_tracker("red");
    let error: Box<dyn std::error::Error> = Box::new(tracker.set_action("").unwrap_err());
    assert_eq!(error.to_string(), "the guard of ActionTracker rejected the value");
}

/// No guard: every write lands and returns what the spec says.
#[private_tracker]
fn score_tracker() -> u32;

#[test]
fn unguarded_writes_return_plain_values() {
    let mut score = score_tracker();
    let (): () = score.set_score(0);
    assert_eq!(score.score(), Some(0));
    let previous: Option<u32> = score.replace_score(5);
    assert_eq!(previous, Some(0));
    let (): () = score.update_score(|n| n.copied().unwrap_or_default() * 2);
    assert_eq!(score.score(), Some(10));
    assert_eq!(score.with_score(|n| n.map(|n| n + 1)), Some(11));
    assert_eq!(score.take_score(), Some(10));
}

#[test]
fn into_fn_is_the_seeds_closure() {
    let mut blue = action_tracker("blue").into_fn();
    assert_eq!(blue(None), None);
    assert_eq!(blue(Some("click")), Some("click"));
    // A refused write is ignored, as the seed's `if (action)` ignores it.
    assert_eq!(blue(Some("")), Some("click"));
    assert_eq!(blue(None), Some("click"));

    let mut unguarded = score_tracker().into_fn();
    assert_eq!(unguarded(Some(0)), Some(0));
}

#[test]
fn clones_are_independent_copies() {
    let mut original = action_tracker("red");
    original.set_action("click").unwrap();
    let mut copy = original.clone();
    copy.set_action("touch").unwrap();
    assert_eq!(original.action(), Some("click"));
    assert_eq!(copy.action(), Some("touch"));
    assert_eq!(copy.choice(), "red");
}

#[test]
fn debug_shows_no_private_data() {
    let mut tracker = action_tracker("secret-choice");
    tracker.set_action("secret-action").unwrap();
    assert_eq!(format!("{tracker:?}"), "ActionTracker { .. }");
    assert!(!format!("{tracker:#?}").contains("secret"));
}

/// `name` and `field` rename the type and the methods.
#[private_tracker(name = Cursor, field = position)]
fn mouse(#[get] device: u8) -> (i32, i32);

#[test]
fn name_and_field_rename_what_is_generated() {
    let mut cursor: Cursor = mouse(1);
    cursor.set_position((3, 4));
    assert_eq!(cursor.position(), Some((3, 4)));
    assert_eq!(cursor.device(), 1);
    assert_eq!(format!("{cursor:?}"), "Cursor { .. }");
}

/// `fn tracker` has nothing left after `_tracker`: the field is `value`.
#[private_tracker]
fn tracker() -> bool;

#[test]
fn a_bare_tracker_name_gives_the_value_field() {
    let mut t = tracker();
    t.set_value(true);
    assert_eq!(t.value(), Some(true));
    let _: Tracker = t;
}

/// A closure guard, a generic value, a const generic and a where clause.
#[private_tracker(guard = |v: &T| *v > T::default())]
fn positive_tracker<T, const N: usize>(#[get] history: [T; N]) -> T
where
    T: Copy + Default + PartialOrd;

#[test]
fn generics_const_generics_and_closure_guards_work() {
    let mut tracker = positive_tracker([15_i64, 25]);
    assert!(tracker.set_positive(-1).is_err());
    tracker.set_positive(5).unwrap();
    assert_eq!(tracker.positive(), Some(&5));
    assert_eq!(tracker.history(), &[15, 25]);
    let mut ints = positive_tracker::<i8, 0>([]);
    assert_eq!(ints.set_positive(0).unwrap_err().into_inner(), 0);
}

fn non_empty(value: &&str) -> bool {
    !value.is_empty()
}

/// Elided lifetimes follow the fn rules: one input lifetime flows to the value.
#[private_tracker(guard = non_empty)]
fn word_tracker(#[get] text: &str) -> &str;

#[test]
fn elided_lifetimes_borrow_from_the_captures() {
    let owned = String::from("hello world");
    let mut words = word_tracker(&owned);
    let first = owned.split(' ').next().unwrap();
    words.set_word(first).unwrap();
    assert_eq!(words.word(), Some("hello"));
    assert_eq!(words.text(), "hello world");
    assert!(words.set_word("").is_err());
}

/// Any capture pattern is accepted; the whole argument is captured.
#[private_tracker]
fn pattern_tracker(mut _label: String, (_x, _y): (i32, i32), _: Vec<u8>) -> u8;

#[test]
fn capture_patterns_are_accepted() {
    let mut tracker = pattern_tracker(String::from("a"), (1, 2), vec![3]);
    tracker.set_pattern(1);
    assert_eq!(tracker.pattern(), Some(1));
}

/// Captures live as long as the tracker, like a closure's environment.
#[private_tracker]
fn drop_tracker(_witness: DropWitness) -> u8;

struct DropWitness(std::rc::Rc<std::cell::Cell<bool>>);

impl Drop for DropWitness {
    fn drop(&mut self) {
        self.0.set(true);
    }
}

#[test]
fn captures_drop_with_the_tracker() {
    let dropped = std::rc::Rc::new(std::cell::Cell::new(false));
    let tracker = drop_tracker(DropWitness(dropped.clone()));
    assert!(!dropped.get());
    drop(tracker);
    assert!(dropped.get());
}

#[test]
fn panics_in_guards_and_updates_lose_nothing() {
    let mut tracker = positive_tracker([0_i32; 0]);
    tracker.set_positive(7).unwrap();
    let result = catch_unwind(AssertUnwindSafe(|| tracker.update_positive(|_| panic!("update failed"))));
    assert!(result.is_err());
    assert_eq!(tracker.positive(), Some(&7));

    let mut guarded = panicking_guard_tracker();
    guarded.set_value(1).unwrap();
    let result = catch_unwind(AssertUnwindSafe(|| guarded.set_value(13)));
    assert!(result.is_err());
    assert_eq!(guarded.value(), Some(1));
    guarded.set_value(2).unwrap();
    assert_eq!(guarded.value(), Some(2));
}

#[private_tracker(guard = |v: &u8| if *v == 13 { panic!("unlucky") } else { true }, field = value)]
fn panicking_guard_tracker() -> u8;

/// `Clone` follows the captures and the value, like a closure's.
#[private_tracker]
fn not_clone_tracker(_capture: NotClone) -> u8;

struct NotClone;

/// Whether a type implements a trait, as a constant: the inherent constant
/// exists only when the bound holds, and wins over the trait's fallback.
macro_rules! implements {
    ($ty:ty: $($bound:tt)+) => {{
        #[allow(dead_code)]
        trait Fallback {
            const IMPLEMENTS: bool = false;
        }
        impl<T: ?Sized> Fallback for T {}
        struct Probe<T: ?Sized>(std::marker::PhantomData<T>);
        #[allow(dead_code)]
        impl<T: ?Sized + $($bound)+> Probe<T> {
            const IMPLEMENTS: bool = true;
        }
        Probe::<$ty>::IMPLEMENTS
    }};
}

#[test]
fn clone_requires_clone_captures_and_value() {
    const { assert!(implements!(ActionTracker: Clone)) };
    const { assert!(!implements!(NotCloneTracker: Clone)) };
    let _ = not_clone_tracker;
}

#[test]
fn send_and_sync_follow_the_captures_and_value() {
    #[private_tracker]
    fn rc_tracker(_shared: std::rc::Rc<u8>) -> u8;

    const { assert!(implements!(ActionTracker: Send + Sync)) };
    const { assert!(implements!(Cursor: Send + Sync)) };
    const { assert!(!implements!(RcTracker: Send)) };
    let _ = rc_tracker;
}

/// `#[cfg]` on the declaration applies to everything generated: the second
/// declaration of the same names only compiles if the first left nothing.
mod configured {
    use private_tracker::private_tracker;

    #[cfg(any())]
    #[private_tracker]
    pub(super) fn compiled_out_tracker() -> u8;

    #[private_tracker]
    /// Other attributes stay on the constructor.
    #[deprecated = "attributes reach the constructor"]
    pub(super) fn compiled_out_tracker() -> u16;
}

#[test]
#[expect(deprecated, reason = "the constructor keeps the user's #[deprecated]")]
fn cfg_applies_to_everything_and_attributes_reach_the_constructor() {
    let mut tracker: configured::CompiledOutTracker = configured::compiled_out_tracker();
    tracker.set_compiled_out(u16::MAX);
    assert_eq!(tracker.compiled_out(), Some(u16::MAX));
}

#[test]
fn trackers_work_inside_function_bodies() {
    #[private_tracker(guard = private_tracker::truthy)]
    fn local_tracker(#[get] id: u32) -> String;
    let mut local = local_tracker(7);
    assert!(local.set_local(String::new()).is_err());
    local.set_local("x".into()).unwrap();
    assert_eq!(local.local().map(String::as_str), Some("x"));
    assert_eq!(local.id(), 7);
}

/// `self::` and `super::` paths in the declaration keep their meaning,
/// though the struct is generated one module further in.
#[allow(unused_qualifications, reason = "the `self::` paths are what this test is about")]
mod paths {
    pub(crate) struct Outer(pub(crate) u8);

    pub(crate) mod inner {
        use private_tracker::private_tracker;

        pub(crate) struct Here(pub(crate) u8);

        pub(crate) fn small(value: &super::Outer) -> bool {
            value.0 < 10
        }

        #[private_tracker(guard = self::small)]
        pub(crate) fn path_tracker(#[get] here: self::Here) -> super::Outer;
    }
}

#[test]
fn self_and_super_paths_keep_their_meaning() {
    let mut tracker = paths::inner::path_tracker(paths::inner::Here(1));
    assert!(tracker.set_path(paths::Outer(10)).is_err());
    tracker.set_path(paths::Outer(9)).unwrap();
    assert_eq!(tracker.path().map(|o| o.0), Some(9));
    assert_eq!(tracker.here().0, 1);
}

#[test]
fn types_local_to_a_fn_body_work_inside_a_module_of_their_own() {
    // The documented workaround for types declared inside a function body.
    mod local {
        #[derive(Clone, Debug, PartialEq)]
        pub(super) struct Local(pub(super) u8);

        #[private_tracker::private_tracker]
        pub(super) fn local_tracker(#[get] seed: Local) -> Local;
    }
    let mut tracker = local::local_tracker(local::Local(1));
    tracker.set_local(local::Local(2));
    assert_eq!(tracker.local(), Some(&local::Local(2)));
    assert_eq!(tracker.seed(), &local::Local(1));
}

/// Captures of one type with different lifetimes: `Clone` stays one bound,
/// which two bounds differing only in lifetimes would make ambiguous.
#[private_tracker]
fn pair_tracker<'a, 'b>(#[get] first: &'a str, #[get] second: &'b str) -> &'a str;

#[test]
fn captures_differing_only_in_lifetimes_are_clone() {
    let long = String::from("long");
    let mut pair = {
        let short = String::from("short");
        let mut pair = pair_tracker(&long, &short);
        pair.set_pair(&long[..1]);
        assert_eq!(pair.clone().second(), "short");
        pair.take_pair();
        pair_tracker(&long, "static")
    };
    pair.set_pair(&long);
    let copy = pair.clone();
    assert_eq!(copy.pair(), Some("long"));
    assert_eq!(copy.first(), "long");
}

#[test]
fn a_tracker_over_a_type_declared_in_the_test_itself() {
    #[derive(Clone, Debug, PartialEq)]
    struct Item {
        id: u32,
    }

    #[private_tracker(guard = |item: &Item| item.id > 0)]
    fn item_tracker(#[get] shelf: Item) -> Item;

    let mut tracker = item_tracker(Item { id: 9 });
    assert!(tracker.set_item(Item { id: 0 }).is_err());
    tracker.set_item(Item { id: 1 }).unwrap();
    assert_eq!(tracker.item(), Some(&Item { id: 1 }));
    assert_eq!(tracker.shelf(), &Item { id: 9 });
    let _: ItemTracker = tracker.clone();
}

/// What a guard's `super::` means is what it means where it is written,
/// macro calls included.
const LIMIT: u8 = 10;

mod levels {
    use private_tracker::private_tracker;

    /// Not the limit the guard below names.
    pub(crate) const LIMIT: u8 = 200;

    #[private_tracker(guard = |v: &u8| matches!(*v, 0..=super::LIMIT))]
    pub(crate) fn level_tracker() -> u8;
}

#[test]
fn super_in_a_guard_means_the_parent_of_the_declaring_module() {
    let mut levels = levels::level_tracker();
    assert_eq!(levels::LIMIT, 200);
    assert!(levels.set_level(50).is_err(), "the guard read `levels::LIMIT` instead of the crate's");
    levels.set_level(LIMIT).unwrap();
    assert_eq!(levels.level(), Some(10));
}
