//! A trait the user has in scope cannot take over a door: generated code
//! calls the storage, the guard and the user's values by full path. Each
//! mode is declared under blanket traits whose methods are named like the
//! storage's (`get`, `set`, `replace`, `take`, `update`, `with`, `clone`,
//! `into_fn`, …) and would silently do nothing if method lookup chose them.

#![allow(dead_code, reason = "the blanket traits exist to be in scope, not to be called")]

/// Every storage method name, as a `&self` method of any type: method-call
/// syntax on a storage would pick these over the storage's `&mut self` ones.
mod blanket {
    pub(crate) trait Hijack {
        fn get<T>(&self) -> Option<T> {
            None
        }
        fn set<X>(&self, _: X) {}
        fn replace<X>(&self, _: X) -> Option<X> {
            None
        }
        fn take<T>(&self) -> Option<T> {
            None
        }
        fn update<X>(&self, _: X) {}
        fn with<X>(&self, _: X) -> u8 {
            0
        }
        fn try_set<X>(&self, _: X) -> Result<(), ()> {
            Ok(())
        }
        fn try_replace<X>(&self, _: X) -> Result<Option<X>, ()> {
            Ok(None)
        }
        fn try_update<X>(&self, _: X) -> Result<(), ()> {
            Ok(())
        }
        fn captures(&self) -> &'static (u8,) {
            &(0,)
        }
        fn ptr_eq(&self, _: &Self) -> bool {
            true
        }
        fn clone(&self) -> Option<u8> {
            None
        }
        fn into_fn(self) -> fn(Option<u8>) -> Option<u8>
        where
            Self: Sized,
        {
            |_| None
        }
        fn check<X>(&self, _: X) -> bool {
            true
        }
        fn debug_struct<X>(&self, _: X) {}
    }

    impl<T: ?Sized> Hijack for T {}

    /// The storage's own method names (`door_…`), and `copied`, which the
    /// getter of a `Copy` value calls: taken by value, so that method
    /// lookup would meet them first on `&mut Owned<…>`, `&Owned<…>` and
    /// `Option<&V>`, were a door ever to call the storage with method
    /// syntax (the doors call it by fully qualified path).
    pub(crate) trait ByValue: Sized {
        fn door_get<T>(self) -> Option<T> {
            None
        }
        fn door_set<X>(self, _: X) {}
        fn door_replace<X>(self, _: X) -> Option<X> {
            None
        }
        fn door_take<T>(self) -> Option<T> {
            None
        }
        fn door_update<X>(self, _: X) {}
        fn door_with<X>(self, _: X) -> u8 {
            0
        }
        fn door_try_set<X>(self, _: X) -> Result<(), ()> {
            Ok(())
        }
        fn door_try_replace<X>(self, _: X) -> Result<Option<X>, ()> {
            Ok(None)
        }
        fn door_try_update<X>(self, _: X) -> Result<(), ()> {
            Ok(())
        }
        fn door_captures(self) -> &'static (&'static str,) {
            &("hijacked",)
        }
        fn door_into_fn(self) -> fn(Option<u8>) -> Option<u8> {
            |_| None
        }
        fn copied(self) -> Option<u8> {
            Some(99)
        }
    }

    impl<T> ByValue for T {}
}

mod owned {
    #[allow(unused_imports)]
    use super::blanket::*;
    use private_tracker::private_tracker;

    #[private_tracker(guard = |n: &u8| *n < 100)]
    pub(crate) fn click_tracker(#[get] label: &'static str) -> u8;

    #[private_tracker]
    pub(crate) fn plain_tracker() -> u8;
}

mod shared {
    #[allow(unused_imports)]
    use super::blanket::*;
    use private_tracker::private_tracker;

    #[private_tracker(shared, guard = |n: &u8| *n < 100)]
    pub(crate) fn click_tracker(#[get] label: &'static str) -> u8;

    #[private_tracker(shared)]
    pub(crate) fn plain_tracker() -> u8;
}

mod sync {
    #[allow(unused_imports)]
    use super::blanket::*;
    use private_tracker::private_tracker;

    #[private_tracker(sync, guard = |n: &u8| *n < 100)]
    pub(crate) fn click_tracker(#[get] label: &'static str) -> u8;

    #[private_tracker(sync)]
    pub(crate) fn plain_tracker() -> u8;
}

/// Runs every door of one guarded and one plain tracker and checks that each
/// did what it says; `$w` is `mut` for mode owned and empty for handles.
macro_rules! every_door_works {
    ($module:ident, $($w:tt)?) => {{
        let $($w)? tracker = $module::click_tracker("button");
        assert_eq!(tracker.label(), "button");
        tracker.set_click(1).unwrap();
        assert!(tracker.set_click(100).is_err(), "the guard was skipped");
        assert_eq!(tracker.replace_click(2), Ok(Some(1)));
        assert!(tracker.replace_click(200).is_err());
        tracker.update_click(|n| n.copied().unwrap_or(0) + 1).unwrap();
        assert!(tracker.update_click(|_| 150).is_err());
        assert_eq!(tracker.with_click(|n| n.copied()), Some(3));
        assert_eq!(tracker.take_click(), Some(3));
        assert_eq!(tracker.take_click(), None);
        tracker.set_click(4).unwrap();
        let copy = tracker.clone();
        assert_eq!(format!("{copy:?}"), "ClickTracker { .. }");
        let mut as_fn = copy.into_fn();
        assert_eq!(as_fn(None), Some(4));
        assert_eq!(as_fn(Some(101)), Some(4));
        assert_eq!(as_fn(Some(5)), Some(5));

        let $($w)? plain = $module::plain_tracker();
        plain.set_plain(1);
        assert_eq!(plain.replace_plain(2), Some(1));
        plain.update_plain(|n| n.copied().unwrap_or(0) * 10);
        assert_eq!(plain.take_plain(), Some(20));
        assert_eq!(plain.with_plain(|n| n.copied()), None);
        tracker
    }};
}

#[test]
fn owned_doors_ignore_traits_in_scope() {
    let tracker = every_door_works!(owned, mut);
    assert_eq!(tracker.click(), Some(4));
}

#[test]
fn shared_doors_ignore_traits_in_scope() {
    let tracker = every_door_works!(shared,);
    assert_eq!(tracker.click(), Some(5), "`into_fn` shares the storage");
    assert!(shared::ClickTracker::ptr_eq(&tracker, &tracker.clone()));
    assert!(!shared::ClickTracker::ptr_eq(&tracker, &shared::click_tracker("other")));
}

#[test]
fn sync_doors_ignore_traits_in_scope() {
    let tracker = every_door_works!(sync,);
    assert_eq!(tracker.click(), Some(5), "`into_fn` shares the storage");
    assert!(sync::ClickTracker::ptr_eq(&tracker, &tracker.clone()));
    assert!(!sync::ClickTracker::ptr_eq(&tracker, &sync::click_tracker("other")));
}
