//! A user's crate, written from SPEC.md sections 3 and 4 alone, that must
//! build without a single warning under the strictest lints a user may set.
//! `cargo clippy --workspace --all-targets -- -D warnings` (run by `.ci/run`)
//! adds `clippy::pedantic`; `cargo doc` checks the generated rustdoc.
//!
//! Every lint is `forbid`den, not only denied: generated code that needed an
//! `#[allow]` of any of them would be a hard error here (E0453).
#![deny(warnings)]
#![forbid(missing_docs, unreachable_pub, rust_2018_idioms, unused_qualifications)]
#![forbid(unused_imports, non_snake_case, non_camel_case_types, dead_code, unused_variables, unused_mut)]
#![forbid(clippy::pedantic)]
#![forbid(unsafe_code)]

use private_tracker::private_tracker;

/// The seed's tracker: one per button colour.
#[private_tracker(guard = private_tracker::truthy)]
pub fn action_tracker(#[get] choice: &'static str) -> &'static str;

/// Every argument at once.
#[private_tracker(name = Thermostat, field = celsius, guard = |t: &f64| (-50.0..=60.0).contains(t), crate = ::private_tracker)]
pub fn thermostat(#[get] room: String, #[get] floor: u8) -> f64;

/// Borrowing from a capture, with an elided lifetime.
#[private_tracker]
pub fn word_tracker(#[get] text: &str) -> &str;

/// A guard over the captures: a per-instance limit, sealed, and a pattern.
#[private_tracker(guard = |n: &u32| *n <= *limit && (*low..=*high).contains(n))]
pub fn score_tracker(limit: u32, (low, high): (u32, u32)) -> u32;

/// Generics, a const generic and a where clause.
#[private_tracker(guard = |v: &T| v.len() <= N)]
pub fn bounded_tracker<T, const N: usize>(#[get] label: &'static str) -> T
where
    T: AsRef<[u8]> + Len;

/// Anything with a length, for [`bounded_tracker`].
pub trait Len {
    /// The length.
    fn len(&self) -> usize;
    /// Whether the length is zero.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Len for Vec<u8> {
    fn len(&self) -> usize {
        <[u8]>::len(self)
    }
}

/// A capture that is not `Clone`, a pattern capture and one kept only to be
/// dropped with the tracker: it still works, it is just not `Clone`.
#[private_tracker]
pub fn session_tracker(#[get] owner: Owner, (_first, _last): (u8, u8), _audit: Owner) -> u64;

/// Not `Clone`, on purpose.
#[derive(Debug, PartialEq, Eq)]
pub struct Owner(pub u32);

/// A value type that clippy's `ref_option_ref` watches for, a field name
/// with a leading underscore, and mutable pattern captures.
#[private_tracker(sync, field = _label)]
pub fn label_tracker((mut _x, _y): (u8, u8)) -> Option<&'static str>;

/// An outlives bound that a fn needs and a struct infers.
#[private_tracker]
pub fn outliving_tracker<'a, T: 'a>(#[get] item: &'a T, #[get] other: &'a T) -> u8;

/// A `'static` bound, which a struct does not infer, is kept.
#[private_tracker]
pub fn anchored_tracker<T: 'static>(#[get] item: &'static T) -> u8;

/// A getter of an `Option<&T>` capture stays clean under `ref_option_ref`.
#[private_tracker]
pub fn hinted_tracker(#[get] hint: Option<&str>) -> u8;

/// A module whose name is also the name of the lifetime the macro gives an
/// elided one: a path through it is not mistaken for that lifetime.
pub mod a {
    /// Not `Clone`: the tracker of it is simply not `Clone`.
    #[derive(Debug, PartialEq, Eq)]
    pub struct Thing(pub u8);
}

/// Elided lifetime (named `'a` by the macro) and a value from module `a`.
#[private_tracker]
pub fn thing_tracker(#[get] label: &str) -> a::Thing;

/// A tracker visible to this crate only.
#[private_tracker(guard = private_tracker::truthy)]
pub(crate) fn internal_tracker() -> Option<u8>;

/// A private tracker, used by tests only: no dead-code warnings for the
/// methods it leaves unused.
#[private_tracker]
fn private_tracker_fn(#[get] id: u32) -> Vec<String>;

/// Mode shared: every clone is a handle to one storage (JavaScript objects).
#[private_tracker(shared, guard = private_tracker::truthy)]
pub fn shared_action_tracker(#[get] choice: &'static str) -> String;

/// Mode sync, generic, guarded, shared across threads.
#[private_tracker(sync, name = Tally, field = total, guard = |n: &T| *n >= T::default())]
pub fn tally<T>(#[get] unit: &'static str) -> T
where
    T: Copy + Default + PartialOrd + Send + core::ops::Add<Output = T>;

/// Mode sync, visible to this crate only.
#[private_tracker(sync)]
pub(crate) fn internal_sync_tracker() -> Vec<u8>;

/// Builds the trackers this crate keeps to itself and calls none of their
/// methods: a tracker that is built does not warn about methods it leaves
/// unused (one that is never built warns like any unused fn).
pub fn build_internal_trackers() {
    let _ = internal_tracker();
    let _ = private_tracker_fn(1);
    let _ = internal_sync_tracker();
    let _ = nested::parent_tracker();
}

/// Trackers declared in a nested module, seen from outside it.
pub mod nested {
    use private_tracker::private_tracker;

    /// Visible to the parent module only.
    #[private_tracker]
    pub(super) fn parent_tracker() -> char;

    /// Visible everywhere.
    #[private_tracker(guard = crate::guards::positive)]
    pub fn public_tracker() -> i64;
}

/// Guards kept in a module of their own.
pub mod guards {
    /// A guard in another module, reached through `crate::`.
    #[must_use]
    pub fn positive(value: &i64) -> bool {
        *value > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed() {
        let mut red = action_tracker("red");
        red.set_action("click").unwrap();
        assert_eq!(red.action(), Some("click"));
        assert!(red.set_action("").is_err());
        assert_eq!(red.choice(), "red");
    }

    #[test]
    fn every_argument() {
        let mut t: Thermostat = thermostat("kitchen".to_owned(), 2);
        assert_eq!(t.set_celsius(99.0).unwrap_err().into_inner().to_bits(), 99.0_f64.to_bits());
        t.set_celsius(21.5).unwrap();
        t.update_celsius(|c| c.copied().unwrap_or_default() + 0.5).unwrap();
        assert_eq!(t.celsius(), Some(22.0));
        assert_eq!(t.room(), "kitchen");
        assert_eq!(t.floor(), 2);
        let copy = t.clone();
        assert_eq!(t.take_celsius(), Some(22.0));
        assert_eq!(copy.celsius(), Some(22.0));
        assert_eq!(format!("{copy:?}"), "Thermostat { .. }");
    }

    #[test]
    fn distinct() {
        assert_eq!(distinct_versions(), [1, 1, 1]);
    }

    #[test]
    fn borrowing() {
        let text = String::from("a b");
        let mut words = word_tracker(&text);
        words.set_word(&text[..1]);
        assert_eq!(words.replace_word(&text[2..]), Some("a"));
        assert_eq!(words.text(), "a b");
        let mut as_fn = words.into_fn();
        assert_eq!(as_fn(None), Some("b"));
    }

    #[test]
    fn generics() {
        let mut bounded = bounded_tracker::<Vec<u8>, 2>("bytes");
        assert!(bounded.set_bounded(vec![1, 2, 3]).is_err());
        bounded.set_bounded(vec![1]).unwrap();
        assert_eq!(bounded.with_bounded(|v| v.map(AsRef::as_ref).map(<[u8]>::len)), Some(1));
        assert_eq!(bounded.label(), "bytes");
    }

    #[test]
    fn non_clone_captures() {
        let mut session = session_tracker(Owner(7), (1, 2), Owner(8));
        session.set_session(1);
        assert_eq!(session.owner(), &Owner(7));
        assert_eq!(session.session(), Some(1));
    }

    #[test]
    fn shared_handles() {
        let red = shared_action_tracker("red");
        let alias = red.clone();
        red.set_shared_action("click".to_owned()).unwrap();
        assert_eq!(alias.shared_action().as_deref(), Some("click"));
        assert!(alias.set_shared_action(String::new()).is_err());
        assert!(SharedActionTracker::ptr_eq(&red, &alias));
        assert_eq!(alias.with_shared_action(|a| a.map(String::len)), Some(5));
        assert_eq!(red.choice(), "red");
        let mut as_fn = alias.into_fn();
        assert_eq!(as_fn(None).as_deref(), Some("click"));
        assert_eq!(red.take_shared_action().as_deref(), Some("click"));
    }

    #[test]
    fn sync_across_threads() {
        let tally: Tally<i64> = tally("clicks");
        tally.set_total(0).unwrap();
        std::thread::scope(|scope| {
            for _ in 0..4 {
                let tally = tally.clone();
                scope.spawn(move || {
                    for _ in 0..100 {
                        tally.update_total(|n| n.copied().unwrap_or_default() + 1).unwrap();
                    }
                });
            }
        });
        assert_eq!(tally.total(), Some(400));
        assert!(tally.set_total(-1).is_err());
        assert_eq!(tally.replace_total(1), Ok(Some(400)));
        assert_eq!(tally.unit(), "clicks");
        let internal = internal_sync_tracker();
        internal.set_internal_sync(vec![1]);
        assert_eq!(internal.take_internal_sync(), Some(vec![1]));
    }

    #[test]
    fn pedantic_shapes() {
        let labels = label_tracker((1, 2));
        labels.set__label(Some("a"));
        assert_eq!(labels._label(), Some(Some("a")));
        assert_eq!(labels.with__label(|v| v.copied().flatten()), Some("a"));
        let outliving = outliving_tracker(&1, &2);
        assert_eq!((*outliving.item(), *outliving.other()), (1, 2));
    }

    #[test]
    fn bounds_and_paths_the_macro_must_read_right() {
        let statics = anchored_tracker(&5_u32);
        assert_eq!(statics.item(), &5);
        let hints = hinted_tracker(Some("h"));
        assert_eq!(hints.hint(), Some("h"));
        let mut things = thing_tracker("t");
        things.set_thing(a::Thing(1));
        assert_eq!(things.take_thing(), Some(a::Thing(1)));
        assert_eq!(things.label(), "t");
    }

    #[test]
    fn visibilities() {
        let mut internal = internal_tracker();
        assert!(internal.set_internal(Some(0)).is_err());
        internal.set_internal(Some(1)).unwrap();
        let mut private = private_tracker_fn(3);
        private.set_private_tracker_fn(vec!["x".to_owned()]);
        assert_eq!(private.id(), 3);
        let mut parent = nested::parent_tracker();
        parent.set_parent('p');
        let mut public = nested::public_tracker();
        assert!(public.set_public(-1).is_err());
    }
}

/// Declares a tracker of each mode from `macro_rules!` tokens. clippy lints
/// the expansion there as the user's own code (it skips what a proc-macro
/// writes at its own spans), so this is where a lint the generated code
/// trips would show.
macro_rules! declare_trackers {
    ($($mode:ident: $name:ident -> $value:ty;)*) => {
        $(
            /// Declared by `declare_trackers!`.
            #[private_tracker($mode, guard = |_: &$value| *count < u8::MAX && !label.is_empty())]
            pub fn $name(#[get] label: &'static str, count: u8) -> $value;
        )*
    };
}

declare_trackers! {
    shared: shared_from_macro_tracker -> String;
    sync: sync_from_macro_tracker -> Vec<u8>;
}

/// Mode owned from `macro_rules!`.
macro_rules! declare_owned {
    ($name:ident -> $value:ty) => {
        /// Declared by `declare_owned!`.
        #[private_tracker(guard = |_: &$value| *count < u8::MAX)]
        pub fn $name(#[get] label: &'static str, count: u8) -> $value;
    };
}

declare_owned!(owned_from_macro_tracker -> String);

/// Derives on an owned tracker, with a generic capture.
#[private_tracker]
#[derive(PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub fn ranked_tracker<T: Ord + core::hash::Hash + Default>(#[get] key: T, secret: u64) -> u32;

/// Derives on handles.
#[private_tracker(sync, guard = |n: &i64| *n >= *floor)]
#[derive(PartialEq, Eq, Hash, Default)]
pub fn floor_tracker(floor: i64) -> i64;

/// Derives from `macro_rules!`, where clippy lints the expansion.
macro_rules! declare_ranked {
    ($mode:ident: $name:ident) => {
        /// Declared by `declare_ranked!`.
        #[private_tracker($mode)]
        #[derive(PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub fn $name(#[get] label: &'static str) -> u8;
    };
}

declare_ranked!(shared: shared_ranked_tracker);

/// Never empty: starts at a sealed capture, guarded by another.
#[private_tracker(init = *start, guard = |n: &u32| *n <= *limit)]
pub fn bounded_counter(start: u32, limit: u32) -> u32;

/// Never empty, generic, with a value built from a `#[get]` capture.
#[private_tracker(init = vec![key.clone()])]
#[derive(PartialEq, Eq, Default)]
pub fn history_tracker<T: Clone>(#[get] key: T) -> Vec<T>;

/// Never empty, borrowing from a capture.
#[private_tracker(shared, init = text)]
pub fn cursor_tracker(#[get] text: &str) -> &str;

/// Never empty, declared from `macro_rules!`, in each handle mode.
macro_rules! declare_initialized {
    ($($mode:ident: $name:ident -> $value:ty = $init:expr;)*) => {
        $(
            /// Declared by `declare_initialized!`.
            ///
            /// Starts at the given value.
            #[private_tracker($mode, init = $init, guard = |_: &$value| !label.is_empty())]
            pub fn $name(#[get] label: &'static str) -> $value;
        )*
    };
}

declare_initialized! {
    shared: shared_initialized_tracker -> u64 = 0;
    sync: sync_initialized_tracker -> String = String::from("start");
}

/// Capture names passed in as `$name`: the constructor's parameter and its
/// use must resolve alike, whatever context the name comes from.
macro_rules! declare_with_names {
    ($name:ident($capture:ident, $limit:ident) -> $value:ty) => {
        /// Declared by `declare_with_names!`.
        #[private_tracker(init = *$capture, guard = |v: &$value| *v <= *$limit)]
        pub fn $name(#[get] $capture: $value, $limit: $value) -> $value;
    };
}

declare_with_names!(named_by_macro_tracker(start, most) -> u16);

/// Uses the tracker declared with names from a `macro_rules!`.
#[must_use]
pub fn named_by_macro_start() -> u16 {
    let mut tracker = named_by_macro_tracker(3, 5);
    let refused = tracker.set_named_by_macro(6).is_err();
    tracker.start() + u16::from(refused) + tracker.named_by_macro()
}

/// Observed: a version and subscribers.
#[private_tracker(observe, init = 0, guard = |n: &u32| *n <= *limit)]
pub fn observed_tracker(#[get] limit: u32) -> u32;

/// Counts the writes an observed tracker reports.
#[must_use]
pub fn observed_writes() -> u64 {
    let mut tracker = observed_tracker(5);
    let key = tracker.subscribe_observed(|change| {
        let _ = (change.value(), change.kind());
    });
    let _ = tracker.set_observed(3);
    let _ = tracker.unsubscribe_observed(key);
    tracker.version()
}

/// Observed, with writes of an equal value changing nothing, in each mode.
#[private_tracker(observe(distinct), history = 2, trace)]
pub fn distinct_owned_tracker() -> Level;

/// Shared, distinct, over a value of generic type.
#[private_tracker(shared, observe(distinct), init = T::default())]
pub fn distinct_shared_tracker<T: Clone + Default + PartialEq>() -> T;

/// Sync, distinct, guarded.
#[private_tracker(sync, observe(distinct), guard = |level: &Level| level.0 < 10)]
pub fn distinct_sync_tracker() -> Level;

/// A user type, compared by its own `PartialEq`.
#[derive(Clone, Debug, PartialEq)]
pub struct Level(pub u8);

/// Writes each distinct tracker twice with one value: each counts one.
#[must_use]
pub fn distinct_versions() -> [u64; 3] {
    let mut owned = distinct_owned_tracker();
    owned.set_distinct_owned(Level(1));
    owned.set_distinct_owned(Level(1));
    let shared = distinct_shared_tracker::<u8>();
    shared.set_distinct_shared(1);
    shared.update_distinct_shared(|level| *level);
    let sync = distinct_sync_tracker();
    let _ = sync.set_distinct_sync(Level(1));
    let _ = sync.replace_distinct_sync(Level(1));
    [owned.version(), shared.version(), sync.version()]
}

/// Shared and observed.
#[private_tracker(shared, observe, guard = |s: &String| !s.is_empty())]
pub fn shared_observed_tracker(#[get] label: &'static str) -> String;

/// Subscribes to a shared tracker and writes to it.
#[must_use]
pub fn shared_observed_version() -> u64 {
    let tracker = shared_observed_tracker("log");
    let subscription = tracker.subscribe_shared_observed(|change| {
        let _ = (change.value(), change.version());
    });
    let _ = tracker.set_shared_observed("x".to_owned());
    subscription.unsubscribe();
    tracker.version()
}

/// Sync and observed.
#[private_tracker(sync, observe, init = 0)]
pub fn sync_observed_tracker() -> u64;

/// Subscribes to a sync tracker from another thread's point of view.
#[must_use]
pub fn sync_observed_version() -> u64 {
    let tracker = sync_observed_tracker();
    let subscription = tracker.subscribe_sync_observed(|change| {
        let _ = (change.value(), change.kind());
    });
    tracker.update_sync_observed(|n| n + 1);
    drop(subscription);
    tracker.version()
}

/// With a history and a trace, guarded and observed.
#[private_tracker(history = 4, trace, observe, guard = |s: &String| !s.is_empty())]
pub fn owned_history_tracker(#[get] label: &'static str) -> String;

/// Writes, undoes, and reports where the last write came from.
#[must_use]
pub fn owned_history_lines() -> Vec<u32> {
    let mut tracker = owned_history_tracker("doc");
    let _ = tracker.set_owned_history("a".to_owned());
    let _ = tracker.set_owned_history(String::new());
    let _ = tracker.undo_owned_history();
    let _ = tracker.redo_owned_history();
    let mut lines: Vec<u32> = tracker
        .history_owned_history()
        .filter_map(|entry| entry.location())
        .map(core::panic::Location::line)
        .collect();
    lines.extend(tracker.last_write_at().map(core::panic::Location::line));
    lines.extend(tracker.last_refused_at().map(core::panic::Location::line));
    tracker.clear_history_owned_history();
    lines
}

/// Shared, with a history of a generic value and an init.
#[private_tracker(shared, history = 2, init = T::default())]
pub fn shared_history_tracker<T: Clone + Default>() -> T;

/// Walks a shared history.
#[must_use]
pub fn shared_history_len() -> usize {
    let tracker = shared_history_tracker::<u8>();
    tracker.set_shared_history(1);
    let _ = tracker.undo_shared_history();
    let _ = tracker.redo_shared_history();
    tracker.clear_history_shared_history();
    tracker.history_shared_history(|entries| entries.len())
}

/// Sync, traced only.
#[private_tracker(sync, trace)]
pub fn sync_traced_tracker() -> u64;

/// Where a sync write came from.
#[must_use]
pub fn sync_traced_line() -> Option<u32> {
    let tracker = sync_traced_tracker();
    tracker.update_sync_traced(|n| n.copied().unwrap_or(0) + 1);
    let _ = tracker.last_refused_at();
    tracker.last_write_at().map(core::panic::Location::line)
}

/// Sync, with a history, traced and observed.
#[private_tracker(sync, history = 3, trace, observe, init = 0)]
pub fn sync_history_tracker() -> u64;

/// Undoes a sync write.
#[must_use]
pub fn sync_history_value() -> u64 {
    let tracker = sync_history_tracker();
    let subscription = tracker.subscribe_sync_history(|change| {
        let _ = (change.value(), change.kind(), change.location());
    });
    tracker.modify_sync_history(|n| *n += 2);
    let _ = tracker.undo_sync_history();
    let _ = tracker.history_sync_history(|entries| entries.count());
    drop(subscription);
    tracker.sync_history()
}

/// Sync, observed, of a value that borrows from a capture.
#[private_tracker(sync, observe, history = 2)]
pub fn borrowed_observed_tracker(#[get] first: &str) -> (&str, u8);

/// Writes a borrowed value and undoes it.
#[must_use]
pub fn borrowed_observed_version() -> u64 {
    let text = String::from("first second");
    let tracker = borrowed_observed_tracker(&text);
    tracker.set_borrowed_observed((&text[6..], 2));
    let _ = tracker.undo_borrowed_observed();
    let _ = tracker.first();
    tracker.version()
}

/// Trackers that a `macro_rules!` of the user's declares, written out in
/// its body, in every mode and in a module the macro writes: methods never
/// called warn no more than those of a tracker written out (issue 25).
macro_rules! declare_trackers {
    () => {
        #[private_tracker]
        pub(crate) fn macro_plain_tracker() -> u32;

        #[private_tracker(shared, observe, history = 2)]
        pub(crate) fn macro_shared_tracker() -> u32;

        #[private_tracker(sync, observe, trace)]
        pub(crate) fn macro_sync_tracker() -> u32;

        mod written {
            /// Written by the macro, in a module of its own.
            #[private_tracker::private_tracker(guard = |n: &u8| *n > 0)]
            pub(crate) fn written_tracker() -> u8;
        }
    };
}

declare_trackers!();

/// Calls one door of each tracker the macro declared, and no other.
#[must_use]
pub fn macro_declared_total() -> u32 {
    let mut plain = macro_plain_tracker();
    plain.set_macro_plain(1);
    macro_shared_tracker().set_macro_shared(2);
    macro_sync_tracker().set_macro_sync(3);
    let accepted = written::written_tracker().set_written(1).is_ok();
    u32::from(accepted)
}

/// A value of the user's own type, `Clone` but not evidently so to the
/// macro: each tracker below copies it through its own `Copies` impl.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Note(pub String);

/// Kept copies of a user type, owned.
#[private_tracker(history = 3, trace)]
pub fn owned_note_tracker() -> Note;

/// Subscribers' copies of a user type, shared, never empty.
#[private_tracker(shared, observe, history = 2, init = Note::default())]
pub fn shared_note_tracker() -> Note;

/// Subscribers' copies of a user type, sync.
#[private_tracker(sync, observe, history = 2)]
pub fn sync_note_tracker(#[get] owner: &str) -> (&str, Note);

/// Writes, undoes and observes the three note trackers: 7 when each works.
#[must_use]
pub fn note_round_trip() -> usize {
    let mut owned = owned_note_tracker();
    owned.set_owned_note(Note("a".to_owned()));
    let _ = owned.replace_owned_note(Note("b".to_owned()));
    let owned_undone = owned.undo_owned_note() && owned.owned_note() == Some(&Note("a".to_owned()));

    let shared = shared_note_tracker();
    let heard = std::rc::Rc::new(core::cell::Cell::new(0));
    let counter = std::rc::Rc::clone(&heard);
    let subscription = shared.subscribe_shared_note(move |_| counter.set(counter.get() + 1));
    shared.set_shared_note(Note("c".to_owned()));
    let shared_undone = shared.undo_shared_note() && shared.shared_note() == Note::default();
    drop(subscription);

    let sync = sync_note_tracker("me");
    sync.set_sync_note(("me", Note("d".to_owned())));
    let taken = sync.take_sync_note().is_some();
    let sync_undone = sync.undo_sync_note();

    usize::from(owned_undone)
        + usize::from(shared_undone)
        + heard.get()
        + usize::from(taken)
        + usize::from(sync_undone)
        + usize::from(sync.version() == 3)
}

#[cfg(test)]
mod note_tests {
    #[test]
    fn user_types_are_copied_by_the_trackers_own_copier() {
        // Owned and shared undo, two notifications (the write and the
        // undo), the take, the sync undo, and the sync version.
        assert_eq!(super::note_round_trip(), 7);
    }
}
