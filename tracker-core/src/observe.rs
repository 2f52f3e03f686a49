//! Observing a storage (`observe`): a version that counts accepted writes,
//! and subscribers that hear of each one.
//!
//! A storage names its observer as a type, as it names its guard: the
//! default, [`Unobserved`], is zero-sized and its report of a write is an
//! empty inline function, so a tracker declared without `observe` has the
//! size and the instructions it had before. [`Observed`] keeps the version
//! and the subscribers.

#[cfg(feature = "alloc")]
use alloc::boxed::Box;
#[cfg(feature = "alloc")]
use alloc::vec::Vec;
use core::fmt;

/// What kind of write a [`Change`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChangeKind {
    /// `set_…`.
    Set,
    /// `replace_…`.
    Replace,
    /// `take_…`.
    Take,
    /// `update_…`.
    Update,
    /// `modify_…`.
    Modify,
    /// `reset_…`.
    Reset,
}

/// One accepted write, as a subscriber hears of it: the value after the
/// write (`Option<V>`, or `V` for a tracker declared with `init`), the
/// version the write made, and what kind of write it was.
pub struct Change<'a, T> {
    value: &'a T,
    version: u64,
    kind: ChangeKind,
}

impl<'a, T> Change<'a, T> {
    /// The value after the write.
    #[inline]
    #[must_use]
    pub const fn value(&self) -> &'a T {
        self.value
    }

    /// The version the write made: 1 for the first accepted write, one
    /// more for each after it.
    #[inline]
    #[must_use]
    pub const fn version(&self) -> u64 {
        self.version
    }

    /// What kind of write it was.
    #[inline]
    #[must_use]
    pub const fn kind(&self) -> ChangeKind {
        self.kind
    }
}

/// Shows the version and the kind; the value only as `..`: a `Change`
/// printed in a log does not leak the tracked value.
impl<T> fmt::Debug for Change<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Change")
            .field("version", &self.version)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

pub(crate) mod sealed {
    /// Only this crate's observers observe.
    pub trait Sealed {}
}

/// How a storage reports its accepted writes: not at all ([`Unobserved`]),
/// or to a version and subscribers ([`Observed`]). Sealed.
pub trait Observer<T>: sealed::Sealed {
    /// A fresh observer: version 0, no subscribers.
    fn fresh() -> Self;

    /// What a clone of the storage starts with: the same version, no
    /// subscribers (a subscriber is a closure, which cannot be cloned).
    #[must_use]
    fn for_clone(&self) -> Self;

    /// Reports an accepted write that left `value` stored.
    fn committed(&mut self, value: &T, kind: ChangeKind);
}

/// The observer of a tracker declared without `observe`: zero-sized, and
/// reports nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Unobserved;

impl sealed::Sealed for Unobserved {}

impl<T> Observer<T> for Unobserved {
    #[inline]
    fn fresh() -> Self {
        Self
    }

    #[inline]
    fn for_clone(&self) -> Self {
        Self
    }

    #[inline]
    fn committed(&mut self, _: &T, _: ChangeKind) {}
}

/// A subscriber's key, for `unsubscribe_…`: unique within its tracker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SubscriberKey(u64);

/// A subscriber of mode `owned`.
#[cfg(feature = "alloc")]
type Subscriber<T> = Box<dyn FnMut(&Change<'_, T>)>;

/// The observer of a tracker declared with `observe`, in mode `owned`: the
/// version, and the subscribers in the order they subscribed.
///
/// Subscribers run after the write has committed, in that order. In mode
/// `owned` a subscriber cannot reach its tracker (the write holds it
/// mutably), so no write can happen during a round. A subscriber that
/// panics leaves the write committed; with feature `std` the others are
/// still called, then the first panic goes on to the writer, and later
/// writes notify every subscriber again.
#[cfg(feature = "alloc")]
pub struct Observed<T> {
    version: u64,
    next_key: u64,
    subscribers: Vec<(SubscriberKey, Subscriber<T>)>,
}

#[cfg(feature = "alloc")]
impl<T> Observed<T> {
    /// How many writes have been accepted.
    #[inline]
    #[must_use]
    pub const fn version(&self) -> u64 {
        self.version
    }

    /// Adds `subscriber`, to be called after each accepted write, after
    /// those already there.
    pub fn subscribe(&mut self, subscriber: impl FnMut(&Change<'_, T>) + 'static) -> SubscriberKey {
        let key = SubscriberKey(self.next_key);
        self.next_key += 1;
        self.subscribers.push((key, Box::new(subscriber)));
        key
    }

    /// Removes the subscriber `key`; `false` if it was not there.
    pub fn unsubscribe(&mut self, key: SubscriberKey) -> bool {
        let before = self.subscribers.len();
        self.subscribers.retain(|(known, _)| *known != key);
        self.subscribers.len() != before
    }
}

#[cfg(feature = "alloc")]
impl<T> sealed::Sealed for Observed<T> {}

#[cfg(feature = "alloc")]
impl<T> Observer<T> for Observed<T> {
    #[inline]
    fn fresh() -> Self {
        Self { version: 0, next_key: 0, subscribers: Vec::new() }
    }

    #[inline]
    fn for_clone(&self) -> Self {
        Self { version: self.version, next_key: 0, subscribers: Vec::new() }
    }

    #[inline]
    fn committed(&mut self, value: &T, kind: ChangeKind) {
        self.version += 1;
        if self.subscribers.is_empty() {
            return;
        }
        let change = Change { value, version: self.version, kind };
        notify(&mut self.subscribers, &change);
    }
}

/// Calls each subscriber with `change`. With `std`, a panic in one is held
/// until the others have run, then resumed: one subscriber cannot keep
/// the others from hearing of a committed write.
#[cfg(feature = "alloc")]
fn notify<T>(subscribers: &mut [(SubscriberKey, Subscriber<T>)], change: &Change<'_, T>) {
    #[cfg(feature = "std")]
    {
        let mut first_panic = None;
        for (_, subscriber) in subscribers.iter_mut() {
            let called = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| subscriber(change)));
            if let Err(payload) = called {
                first_panic.get_or_insert(payload);
            }
        }
        if let Some(payload) = first_panic {
            std::panic::resume_unwind(payload);
        }
    }
    #[cfg(not(feature = "std"))]
    for (_, subscriber) in subscribers.iter_mut() {
        subscriber(change);
    }
}

/// Shows the version and how many subscribe.
#[cfg(feature = "alloc")]
impl<T> fmt::Debug for Observed<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Observed")
            .field("version", &self.version)
            .field("subscribers", &self.subscribers.len())
            .finish_non_exhaustive()
    }
}
