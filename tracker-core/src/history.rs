//! History and provenance (`history = N`, `trace`): what a tracker held
//! before, and which code wrote it.
//!
//! A storage names its record as a type, as it names its guard and its
//! observer: a [`Log`] of a ring ([`NoHistory`] or [`History`]) and a trace
//! ([`Untraced`] or [`Traced`]). The default, `Log<NoHistory, Untraced>`, is
//! zero-sized and each of its methods is an empty inline function, so a
//! tracker declared without these options has the size and the
//! instructions it had before.
//!
//! In the handle modes the log lives under the same borrow or lock as the
//! value, so that a write, its history entry and its location are one step.
//! Nothing is dropped there: a write hands back what it evicted from the
//! ring, and the storage drops it after letting go, so that a `Drop` that
//! uses the tracker finds it free.

use core::fmt;
use core::iter::FusedIterator;
use core::marker::PhantomData;
use core::mem;
use core::panic::Location;

use crate::copies::{Cloned, Copies};
use crate::observe::{self, Fresh};
use crate::slot::{Lend, Slot};

/// Where a write came from: the caller of the write door, as
/// [`Location::caller`] gives it.
pub type At = Option<&'static Location<'static>>;

pub(crate) mod sealed {
    /// Only this crate's rings, traces and logs record.
    pub trait Sealed {}
}

/// Whether a storage records where its writes come from: [`Untraced`] or
/// [`Traced`]. Sealed.
pub trait Trace: sealed::Sealed + Clone {
    /// What a history entry keeps of the write that stored its value:
    /// nothing, or its location.
    type Stamp: Copy;

    /// The stamp of a value no write door stored (an initial value).
    const UNKNOWN: Self::Stamp;

    /// Whether anything is recorded.
    const TRACES: bool;

    /// A fresh trace, with no write yet.
    fn fresh() -> Self;

    /// Records an accepted write made at `at`; its stamp.
    fn wrote_at(&mut self, at: &'static Location<'static>) -> Self::Stamp;

    /// Records a write that the guard refused, made at `at`.
    fn refused_at(&mut self, at: &'static Location<'static>);

    /// Records an accepted write made by the caller; its stamp.
    #[inline]
    #[track_caller]
    fn wrote(&mut self) -> Self::Stamp {
        self.wrote_at(Location::caller())
    }

    /// Records a write that the guard refused, made by the caller.
    #[inline]
    #[track_caller]
    fn refused(&mut self) {
        self.refused_at(Location::caller());
    }

    /// Where the last accepted write came from.
    fn last_write(&self) -> At;

    /// The location a stamp holds.
    fn location(stamp: Self::Stamp) -> At;
}

/// The trace of a tracker declared without `trace`: zero-sized, and
/// records nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Untraced;

impl sealed::Sealed for Untraced {}

impl Trace for Untraced {
    type Stamp = ();
    const UNKNOWN: () = ();
    const TRACES: bool = false;

    #[inline]
    fn fresh() -> Self {
        Self
    }

    #[inline]
    fn wrote_at(&mut self, _: &'static Location<'static>) {}

    #[inline]
    fn refused_at(&mut self, _: &'static Location<'static>) {}

    #[inline]
    fn last_write(&self) -> At {
        None
    }

    #[inline]
    fn location((): ()) -> At {
        None
    }
}

/// The trace of a tracker declared with `trace`: the locations of the last
/// accepted and the last refused write. Two words.
#[derive(Clone, Copy, Default)]
pub struct Traced {
    write: At,
    refused: At,
}

impl sealed::Sealed for Traced {}

impl Trace for Traced {
    type Stamp = At;
    const UNKNOWN: At = None;
    const TRACES: bool = true;

    #[inline]
    fn fresh() -> Self {
        Self { write: None, refused: None }
    }

    #[inline]
    fn wrote_at(&mut self, at: &'static Location<'static>) -> At {
        self.write = Some(at);
        self.write
    }

    #[inline]
    fn refused_at(&mut self, at: &'static Location<'static>) {
        self.refused = Some(at);
    }

    #[inline]
    fn last_write(&self) -> At {
        self.write
    }

    #[inline]
    fn location(stamp: At) -> At {
        stamp
    }
}

impl Traced {
    /// Where the last refused write came from.
    #[inline]
    #[must_use]
    pub const fn last_refused(&self) -> At {
        self.refused
    }
}

/// Locations are not private data: they are shown.
impl fmt::Debug for Traced {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Traced")
            .field("last_write", &self.write)
            .field("last_refused", &self.refused)
            .finish()
    }
}

/// Whether a storage keeps the values its writes replaced: [`NoHistory`]
/// or [`History`]. Sealed; `S` is the storage's slot and `L` its trace.
pub trait Ring<S, L: Trace>: sealed::Sealed {
    /// What an accepted write that moved its previous value in leaves for
    /// the storage to drop: that value itself, without a history; the
    /// entry it evicted, with one.
    type Rest;

    /// Whether values are kept (and copied, for the writes that hand the
    /// previous value on).
    const KEEPS: bool;

    /// What an accepted write that copied its previous value in leaves for
    /// the storage to drop: nothing, or the entry it evicted.
    type Evicted;

    /// `previous` was replaced by a write stamped `at`: kept, or handed back.
    fn displaced(&mut self, previous: S, at: L::Stamp) -> Self::Rest;

    /// A copy of a value, or nothing.
    type Copy;

    /// A copy of `previous`, which a write is about to replace and hands on
    /// (`replace`, `take`, `reset`) or edits in place (`modify`). Made
    /// before anything is recorded: a `Clone` that panics leaves the
    /// storage as it was.
    fn door_copy(previous: &S) -> Self::Copy;

    /// The copy of the value a write stamped `at` replaced: kept, or not at
    /// all.
    fn copied(&mut self, copy: Self::Copy, at: L::Stamp) -> Self::Evicted;
}

/// The ring of a tracker declared without `history`: zero-sized, keeps
/// nothing, and copies nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoHistory;

impl sealed::Sealed for NoHistory {}
impl observe::sealed::Sealed for NoHistory {}

impl Fresh for NoHistory {
    #[inline]
    fn fresh() -> Self {
        Self
    }
}

impl<S, L: Trace> Ring<S, L> for NoHistory {
    type Rest = S;
    type Evicted = ();
    const KEEPS: bool = false;

    #[inline]
    fn displaced(&mut self, previous: S, _: L::Stamp) -> S {
        previous
    }

    type Copy = ();

    #[inline]
    fn door_copy(_: &S) {}

    #[inline]
    fn copied(&mut self, (): (), _: L::Stamp) {}
}

/// One value a [`History`] keeps, with the stamp of the write that stored it.
type Kept<S, L> = Option<(S, <L as Trace>::Stamp)>;

/// The ring of a tracker declared with `history = N`: the last `N` values
/// its accepted writes replaced, and the values undone since the last
/// write, inline (no allocation).
///
/// One array serves both lists. Counting from the oldest entry, the first
/// `past` entries are the undo list (oldest first) and the next ones, up to
/// `len`, the redo list (the next value to redo first). An undo swaps the
/// stored value with the newest undo entry, which becomes the first redo
/// entry; a redo swaps it back. Neither clones nor drops anything. A new
/// write ends the redo list: its entries stay in place, unreachable, until
/// a later write reuses their place (and hands them to the storage to
/// drop) or [`clear_history`](Log::clear_history) drops them.
pub struct History<S, const N: usize, L: Trace = Untraced, C = Cloned> {
    entries: [Kept<S, L>; N],
    /// Where the oldest entry is.
    head: usize,
    /// How many entries an undo may restore.
    past: usize,
    /// `past` and how many entries a redo may restore.
    len: usize,
    /// The stamp of the value stored now.
    current: L::Stamp,
    /// How a write that hands its previous value on copies it for the
    /// ring: [`Cloned`], or the tracker's own [`Copies`] impl.
    copier: PhantomData<fn() -> C>,
}

impl<S, const N: usize, L: Trace, C> History<S, N, L, C> {
    /// Where the `k`th entry from the oldest is.
    #[inline]
    const fn index(&self, k: usize) -> usize {
        (self.head + k) % N
    }

    /// Makes `entry` the newest undo entry and ends the redo list; the
    /// entry whose place it took, if any, goes to the caller to drop.
    #[inline]
    fn push(&mut self, entry: (S, L::Stamp)) -> Kept<S, L> {
        if self.past == N {
            let evicted = self.entries[self.head].replace(entry);
            self.head = self.index(1);
            evicted
        } else {
            let at = self.index(self.past);
            self.past += 1;
            self.len = self.past;
            self.entries[at].replace(entry)
        }
    }

    /// Swaps the stored value with the `k`th entry from the oldest.
    #[inline]
    fn swap(&mut self, k: usize, slot: &mut S) -> bool {
        let at = self.index(k);
        match &mut self.entries[at] {
            Some((value, stamp)) => {
                mem::swap(slot, value);
                mem::swap(&mut self.current, stamp);
                true
            }
            None => false,
        }
    }
}

impl<S, const N: usize, L: Trace, C> sealed::Sealed for History<S, N, L, C> {}
impl<S, const N: usize, L: Trace, C> observe::sealed::Sealed for History<S, N, L, C> {}

/// An empty history. No bound on the value: a value that is not `Clone` is
/// one error, at `history` (see [`Copies`]), not one more for each
/// constructor.
impl<S, const N: usize, L: Trace, C> Fresh for History<S, N, L, C> {
    #[inline]
    fn fresh() -> Self {
        const { assert!(N > 0, "a history keeps at least one value") };
        Self {
            entries: [const { None }; N],
            head: 0,
            past: 0,
            len: 0,
            current: L::UNKNOWN,
            copier: PhantomData,
        }
    }
}

impl<S, const N: usize, L: Trace, C: Copies<S>> Ring<S, L> for History<S, N, L, C> {
    type Rest = Kept<S, L>;
    type Evicted = Kept<S, L>;
    const KEEPS: bool = true;

    #[inline]
    fn displaced(&mut self, previous: S, at: L::Stamp) -> Kept<S, L> {
        let stamp = mem::replace(&mut self.current, at);
        self.push((previous, stamp))
    }

    type Copy = S;

    #[inline]
    fn door_copy(previous: &S) -> S {
        C::door_copy(previous)
    }

    #[inline]
    fn copied(&mut self, copy: S, at: L::Stamp) -> Kept<S, L> {
        self.displaced(copy, at)
    }
}

/// A copy keeps the same undo and redo lists, and nothing a write cut off.
impl<S: Clone, const N: usize, L: Trace, C> Clone for History<S, N, L, C> {
    fn clone(&self) -> Self {
        let mut entries = [const { None }; N];
        for k in 0..self.len {
            let at = self.index(k);
            entries[at].clone_from(&self.entries[at]);
        }
        Self {
            entries,
            head: self.head,
            past: self.past,
            len: self.len,
            current: self.current,
            copier: PhantomData,
        }
    }
}

/// A handle storage's value and log, under its one borrow or lock.
#[cfg(feature = "alloc")]
pub(crate) struct Record<S, H> {
    pub(crate) slot: S,
    pub(crate) log: H,
}

/// The record of a storage: its ring and its trace. See the module docs.
#[derive(Clone)]
pub struct Log<R = NoHistory, L = Untraced> {
    ring: R,
    trace: L,
}

/// How a storage records its writes. Implemented by [`Log`] only (sealed).
///
/// Every method that records a write is `#[track_caller]`: called from a
/// write door that is `#[track_caller]` too, it records the door's caller.
pub trait Recorder<S>: sealed::Sealed {
    /// What [`displaced`](Self::displaced) leaves for the storage to drop.
    type Rest;
    /// What [`copied`](Self::copied) leaves for the storage to drop.
    type Evicted;
    /// Whether a refused write is recorded. A handle storage takes its
    /// lock to record one only if so.
    const TRACES: bool;
    /// Whether recording a write runs user code (a history clones the
    /// value): a storage that runs user code under its lock records the
    /// thread first, so that a `Clone` that calls its own tracker panics
    /// instead of waiting for itself.
    const COPIES: bool;

    /// An accepted write made at `at` replaced `previous`, which it no
    /// longer needs.
    fn displaced_at(&mut self, previous: S, at: &'static Location<'static>) -> Self::Rest;

    /// An accepted write replaced `previous` and no longer needs it.
    #[inline]
    #[track_caller]
    fn displaced(&mut self, previous: S) -> Self::Rest {
        self.displaced_at(previous, Location::caller())
    }

    /// An accepted write is about to replace `previous`, and hands it on
    /// or edits it in place.
    #[track_caller]
    fn copied(&mut self, previous: &S) -> Self::Evicted;

    /// The guard refused a write made at `at`.
    fn refused_at(&mut self, at: &'static Location<'static>);

    /// The guard refused a write.
    #[inline]
    #[track_caller]
    fn refused(&mut self) {
        self.refused_at(Location::caller());
    }

    /// Where the last accepted write came from, for its [`Change`](crate::Change).
    fn last_write(&self) -> At;
}

impl<R, L> sealed::Sealed for Log<R, L> {}
impl<R, L> observe::sealed::Sealed for Log<R, L> {}

/// A fresh record: no history, no write.
impl<R: Fresh, L: Trace> Fresh for Log<R, L> {
    #[inline]
    fn fresh() -> Self {
        Self { ring: R::fresh(), trace: L::fresh() }
    }
}

impl<S, R: Ring<S, L>, L: Trace> Recorder<S> for Log<R, L> {
    type Rest = R::Rest;
    type Evicted = R::Evicted;
    const TRACES: bool = L::TRACES;
    const COPIES: bool = R::KEEPS;

    #[inline]
    fn displaced_at(&mut self, previous: S, at: &'static Location<'static>) -> R::Rest {
        let at = self.trace.wrote_at(at);
        self.ring.displaced(previous, at)
    }

    #[inline]
    #[track_caller]
    fn copied(&mut self, previous: &S) -> R::Evicted {
        let copy = R::door_copy(previous);
        let at = self.trace.wrote();
        self.ring.copied(copy, at)
    }

    #[inline]
    fn refused_at(&mut self, at: &'static Location<'static>) {
        self.trace.refused_at(at);
    }

    #[inline]
    fn last_write(&self) -> At {
        self.trace.last_write()
    }
}

impl<R> Log<R, Traced> {
    /// Where the last refused write came from.
    #[inline]
    #[must_use]
    pub const fn last_refused_at(&self) -> At {
        self.trace.last_refused()
    }

    /// Where the last accepted write came from.
    #[inline]
    #[must_use]
    pub const fn last_write_at(&self) -> At {
        self.trace.write
    }
}

/// Everything a history held, taken out of it by
/// [`clear_history`](Log::clear_history), for the storage to drop.
pub type Cleared<S, const N: usize, L> = [Kept<S, L>; N];

impl<S, const N: usize, L: Trace, C> Log<History<S, N, L, C>, L> {
    /// Restores the value the last write replaced, keeping the stored one
    /// for a redo. `false`, and nothing changes, when there is nothing to
    /// undo.
    #[inline]
    #[track_caller]
    pub fn undo(&mut self, slot: &mut S) -> bool {
        let ring = &mut self.ring;
        if ring.past == 0 || !ring.swap(ring.past - 1, slot) {
            return false;
        }
        ring.past -= 1;
        self.trace.wrote();
        true
    }

    /// Restores the value the last undo replaced. `false`, and nothing
    /// changes, when there is nothing to redo.
    #[inline]
    #[track_caller]
    pub fn redo(&mut self, slot: &mut S) -> bool {
        let ring = &mut self.ring;
        if ring.past == ring.len || !ring.swap(ring.past, slot) {
            return false;
        }
        ring.past += 1;
        self.trace.wrote();
        true
    }

    /// Empties the undo and the redo list, and hands their values to the
    /// caller to drop.
    #[inline]
    pub fn clear_history(&mut self) -> Cleared<S, N, L> {
        let ring = &mut self.ring;
        ring.head = 0;
        ring.past = 0;
        ring.len = 0;
        mem::replace(&mut ring.entries, [const { None }; N])
    }

    /// The values an undo would restore, newest first.
    #[inline]
    pub fn entries<V>(&self) -> Entries<'_, S, V, N, L, C>
    where
        S: Slot<V>,
    {
        Entries { ring: &self.ring, next: self.ring.past, marker: PhantomData }
    }
}

/// One value of a history: the value (`Option<&V>`, or `&V` for a tracker
/// declared with `init`) and, with `trace`, where the write that stored it
/// came from.
#[derive(Clone, Copy)]
pub struct Entry<T> {
    value: T,
    at: At,
}

impl<T: Copy> Entry<T> {
    /// The value, as a getter lends it.
    #[inline]
    #[must_use]
    pub const fn value(&self) -> T {
        self.value
    }
}

impl<T> Entry<T> {
    /// Where the write that stored this value came from: `None` without
    /// `trace`, and for a value that no write door stored (an initial one).
    #[inline]
    #[must_use]
    pub const fn location(&self) -> At {
        self.at
    }
}

/// Shows the location; the value only as `..`, as a tracker's own `Debug`
/// hides it.
impl<T> fmt::Debug for Entry<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entry").field("location", &self.at).finish_non_exhaustive()
    }
}

/// The values an undo would restore, newest first: what `history_…`
/// walks.
pub struct Entries<'a, S, V, const N: usize, L: Trace, C = Cloned> {
    ring: &'a History<S, N, L, C>,
    /// How many entries are left: the next one is the `next - 1`th from the
    /// oldest.
    next: usize,
    marker: PhantomData<fn() -> V>,
}

impl<'a, S: Slot<V>, V, const N: usize, L: Trace, C> Iterator for Entries<'a, S, V, N, L, C> {
    type Item = Entry<<S as Lend<'a, V>>::Ref>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let ring: &'a History<S, N, L, C> = self.ring;
        while self.next > 0 {
            self.next -= 1;
            // Every undo entry is filled; the `None` arm is never taken.
            if let Some((value, stamp)) = &ring.entries[ring.index(self.next)] {
                return Some(Entry { value: value.view(), at: L::location(*stamp) });
            }
        }
        None
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.next, Some(self.next))
    }
}

impl<S: Slot<V>, V, const N: usize, L: Trace, C> ExactSizeIterator for Entries<'_, S, V, N, L, C> {}
impl<S: Slot<V>, V, const N: usize, L: Trace, C> FusedIterator for Entries<'_, S, V, N, L, C> {}

/// Shows how many entries are left.
impl<S, V, const N: usize, L: Trace, C> fmt::Debug for Entries<'_, S, V, N, L, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entries").field("left", &self.next).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use std::vec::Vec;

    use crate::{Owned, Unguarded, Unobserved};

    use super::{History, Log, Untraced};

    type Ring3 = Log<History<Option<u32>, 3, Untraced>, Untraced>;
    type Storage = Owned<(), u32, Unguarded<(), u32>, Option<u32>, Unobserved, Ring3>;

    /// The obvious model: an undo stack that forgets its oldest value past
    /// 3, and a redo stack that each write clears.
    #[derive(Default)]
    struct Model {
        value: Option<u32>,
        undo: Vec<Option<u32>>,
        redo: Vec<Option<u32>>,
    }

    impl Model {
        fn write(&mut self, value: Option<u32>) {
            let previous = core::mem::replace(&mut self.value, value);
            self.undo.push(previous);
            if self.undo.len() > 3 {
                self.undo.remove(0);
            }
            self.redo.clear();
        }
    }

    #[test]
    fn the_ring_behaves_as_two_stacks_over_many_random_sequences() {
        // A fixed linear congruential generator: the same sequences on
        // every run.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move |below: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % below
        };
        for _ in 0..200 {
            let mut storage = Storage::new(());
            let mut model = Model::default();
            for step in 0..60 {
                let value = u32::try_from(step).unwrap();
                match next(7) {
                    0 => {
                        storage.door_set(value);
                        model.write(Some(value));
                    }
                    1 => {
                        assert_eq!(storage.door_take(), model.value);
                        model.write(None);
                    }
                    2 => {
                        assert_eq!(storage.door_replace(value), model.value);
                        model.write(Some(value));
                    }
                    3 | 4 => {
                        let undone = model.undo.pop().map(|previous| {
                            let current = core::mem::replace(&mut model.value, previous);
                            model.redo.push(current);
                        });
                        assert_eq!(storage.door_undo(), undone.is_some());
                    }
                    5 => {
                        let redone = model.redo.pop().map(|next| {
                            let current = core::mem::replace(&mut model.value, next);
                            model.undo.push(current);
                        });
                        assert_eq!(storage.door_redo(), redone.is_some());
                    }
                    _ => {
                        storage.door_modify(|v| *v = Some(value + 1000));
                        model.write(Some(value + 1000));
                    }
                }
                assert_eq!(storage.door_get().copied(), model.value);
                let shown: Vec<Option<u32>> =
                    storage.door_history().map(|entry| entry.value().copied()).collect();
                let expected: Vec<Option<u32>> = model.undo.iter().rev().copied().collect();
                assert_eq!(shown, expected);
                assert_eq!(storage.door_history().len(), expected.len());
            }
        }
    }
}
