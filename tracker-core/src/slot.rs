//! Where a storage keeps its value: a slot that may be empty (`Option<V>`,
//! a tracker declared without `init`) or one that never is
//! ([`Initialized`], a tracker declared with `init = …`).
//!
//! Each storage is generic over its slot type, so one implementation of
//! every door serves both: the slot says what a read lends (`Option<&V>` or
//! `&V`), what an edit sees (`&mut Option<V>` or `&mut V`) and what a
//! replaced value comes back as (`Option<V>` or `V`). Both are plain
//! inline values: a never-empty tracker costs what a struct with a `V` field
//! costs, with no `Option` to unwrap on each read.
//!
//! The slot is the storage's type parameter itself (not a kind with an
//! associated type), so that an owned tracker is covariant in its value as
//! a struct with that field would be.

use core::fmt;
use core::marker::PhantomData;

use crate::guard::{Guard, Rejected, Reveal, check, check_initial};

pub(crate) mod sealed {
    /// Only this crate's slots are slots.
    pub trait Sealed {}

    /// Proof that a call comes from inside this crate: without it, code
    /// that can name a tracker's storage could run the tracker's `init` on
    /// its captures outside a door.
    #[derive(Debug)]
    pub struct Key(pub(crate) ());
}

/// What a slot lends for the lifetime `'a`: `Ref` to a read, `Mut` to an
/// edit.
///
/// A trait with a lifetime rather than lifetime-generic associated types on
/// [`Slot`]: the doors take closures that accept a borrow of any lifetime
/// (`for<'a> FnOnce(<S as Lend<'a, V>>::Ref)`), and a generic associated type
/// would have to require `S: 'a` for every `'a`, which only `'static` values
/// meet. The `Bound` parameter, `&'a Self`, gives each impl the implied
/// bound `Self: 'a` instead, so that trackers of borrowed values work.
pub trait Lend<'a, V, Bound = &'a Self> {
    /// What a read lends: `Option<&'a V>`, or `&'a V`.
    type Ref;
    /// What an edit sees: `&'a mut Option<V>`, or `&'a mut V`.
    type Mut;
}

/// The slot of a storage: `Option<V>`, or [`Initialized<V, I>`].
///
/// Sealed. Its methods are the few ways in which the two kinds differ; the
/// storages write every door once in their terms.
pub trait Slot<V>: Sized + sealed::Sealed + for<'a> Lend<'a, V> {
    /// What comes out of the slot (a replaced value, a clone): `Option<V>`,
    /// or `V`.
    type Out;

    /// A slot holding `value`.
    fn fill(value: V) -> Self;
    /// A slot holding what [`into_out`](Self::into_out) returned.
    fn from_out(out: Self::Out) -> Self;
    /// The slot with `f` applied to its value, or `f`'s error.
    ///
    /// # Errors
    ///
    /// `f`'s.
    fn try_map<E>(self, f: impl FnOnce(V) -> Result<V, E>) -> Result<Self, E>;
    /// What a read lends.
    fn view(&self) -> Reads<'_, Self, V>;
    /// What an edit sees.
    fn edit(&mut self) -> Edits<'_, Self, V>;
    /// Stores `value` and returns what the slot held.
    fn replace(&mut self, value: V) -> Self::Out;
    /// The slot's content, by value.
    fn into_out(self) -> Self::Out;
    /// The slot's content, by reference, as an observer reports it.
    fn as_out(&self) -> &Self::Out;
    /// The value, if the slot holds one.
    fn value(&self) -> Option<&V>;
    /// The value, if the slot holds one, by value.
    fn into_value(self) -> Option<V>;
    /// A slot holding a clone of the value.
    #[must_use]
    fn duplicate(&self) -> Self
    where
        V: Clone;
    /// A clone of the slot's content, as a getter returns it.
    #[must_use]
    fn cloned(&self) -> Self::Out
    where
        V: Clone;
    /// A slot holding `copy` of the value: how a tracker whose value is
    /// not evidently `Clone` copies its slot (see [`Copies`](crate::Copies)).
    #[must_use]
    fn duplicate_by(&self, copy: impl FnOnce(&V) -> V) -> Self;
}

/// What the slot `S` lends to a read.
pub(crate) type Reads<'a, S, V> = <S as Lend<'a, V>>::Ref;
/// What the slot `S` lends to an edit.
pub(crate) type Edits<'a, S, V> = <S as Lend<'a, V>>::Mut;

impl<V> sealed::Sealed for Option<V> {}

impl<'a, V> Lend<'a, V> for Option<V> {
    type Ref = Option<&'a V>;
    type Mut = &'a mut Self;
}

/// The slot of a tracker declared without `init`: empty at first, and
/// emptied by `take`.
impl<V> Slot<V> for Option<V> {
    type Out = Self;

    #[inline]
    fn fill(value: V) -> Self {
        Some(value)
    }

    #[inline]
    fn from_out(out: Self) -> Self {
        out
    }

    #[inline]
    fn try_map<E>(self, f: impl FnOnce(V) -> Result<V, E>) -> Result<Self, E> {
        self.map(f).transpose()
    }

    #[inline]
    fn view(&self) -> Option<&V> {
        self.as_ref()
    }

    #[inline]
    fn edit(&mut self) -> &mut Self {
        self
    }

    #[inline]
    fn replace(&mut self, value: V) -> Self {
        Self::replace(self, value)
    }

    #[inline]
    fn into_out(self) -> Self {
        self
    }

    #[inline]
    fn as_out(&self) -> &Self {
        self
    }

    #[inline]
    fn value(&self) -> Option<&V> {
        self.as_ref()
    }

    #[inline]
    fn into_value(self) -> Self {
        self
    }

    #[inline]
    fn duplicate(&self) -> Self
    where
        V: Clone,
    {
        self.clone()
    }

    #[inline]
    fn cloned(&self) -> Self
    where
        V: Clone,
    {
        self.clone()
    }

    #[inline]
    fn duplicate_by(&self, copy: impl FnOnce(&V) -> V) -> Self {
        self.as_ref().map(copy)
    }
}

/// The slot of a tracker declared with `init = …`: it holds a `V` from the
/// constructor on, and `reset` refills it with a fresh initial value, which
/// the tracker type `I` computes ([`Guard::initial`]).
pub struct Initialized<V, I>(V, PhantomData<fn() -> I>);

impl<V, I> sealed::Sealed for Initialized<V, I> {}

/// A copy of the value, whatever `I` is: how a history keeps one.
impl<V: Clone, I> Clone for Initialized<V, I> {
    #[inline]
    fn clone(&self) -> Self {
        Self(self.0.clone(), PhantomData)
    }
}

impl<'a, V, I> Lend<'a, V> for Initialized<V, I> {
    type Ref = &'a V;
    type Mut = &'a mut V;
}

impl<V, I> Slot<V> for Initialized<V, I> {
    type Out = V;

    #[inline]
    fn fill(value: V) -> Self {
        Self(value, PhantomData)
    }

    #[inline]
    fn from_out(out: V) -> Self {
        Self(out, PhantomData)
    }

    #[inline]
    fn try_map<E>(self, f: impl FnOnce(V) -> Result<V, E>) -> Result<Self, E> {
        f(self.0).map(Self::fill)
    }

    #[inline]
    fn view(&self) -> &V {
        &self.0
    }

    #[inline]
    fn edit(&mut self) -> &mut V {
        &mut self.0
    }

    #[inline]
    fn replace(&mut self, value: V) -> V {
        core::mem::replace(&mut self.0, value)
    }

    #[inline]
    fn into_out(self) -> V {
        self.0
    }

    #[inline]
    fn as_out(&self) -> &V {
        &self.0
    }

    #[inline]
    fn value(&self) -> Option<&V> {
        Some(&self.0)
    }

    #[inline]
    fn into_value(self) -> Option<V> {
        Some(self.0)
    }

    #[inline]
    fn duplicate(&self) -> Self
    where
        V: Clone,
    {
        Self(self.0.clone(), PhantomData)
    }

    #[inline]
    fn cloned(&self) -> V
    where
        V: Clone,
    {
        self.0.clone()
    }

    #[inline]
    fn duplicate_by(&self, copy: impl FnOnce(&V) -> V) -> Self {
        Self(copy(&self.0), PhantomData)
    }
}

/// Shows that a value is there, never the value.
impl<V, I> fmt::Debug for Initialized<V, I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Initialized(..)")
    }
}

/// The slots that can be emptied: `Option<V>` alone.
pub trait Empty<V>: Slot<V> {
    /// Empties the slot and returns what it held.
    fn take(&mut self) -> Option<V>;
}

impl<V> Empty<V> for Option<V> {
    #[inline]
    fn take(&mut self) -> Self {
        Self::take(self)
    }
}

/// The slots that a storage can refill with a fresh initial value, for the
/// captures `C`: [`Initialized`] alone.
pub trait Refill<C, V>: Slot<V, Out = V> {
    /// A fresh initial value, computed from the captures.
    ///
    /// # Panics
    ///
    /// When the tracker type `I` has no initial value (it was declared
    /// without `init`; the macro never makes such a storage).
    #[track_caller]
    fn initial(key: sealed::Key, captures: &C) -> V;
}

impl<C, V, I: Guard<Captures = C, Value = V>> Refill<C, V> for Initialized<V, I> {
    #[inline]
    #[track_caller]
    fn initial(_: sealed::Key, captures: &C) -> V {
        match I::initial(&Reveal::NEW, captures) {
            Some(value) => value,
            None => no_initial_value(),
        }
    }
}

#[cold]
#[track_caller]
fn no_initial_value() -> ! {
    panic!("a storage with an `Initialized` slot needs a tracker type declared with `init = …`")
}

/// The slot a storage of the guard `G` starts with: the initial value that
/// `S` computes from the captures, checked by `G`.
///
/// # Panics
///
/// When `G` refuses the initial value (see [`Guard::initial`]).
#[inline]
#[track_caller]
pub(crate) fn initial_slot<C, V, G: Guard<Captures = C, Value = V>, S: Refill<C, V>>(captures: &C) -> S {
    S::fill(check_initial::<G>(captures, S::initial(sealed::Key(()), captures)))
}

/// The slot that a storage of the guard `G` restores from `out` (what a
/// getter returned, as a deserializer gives it back): `out`'s value must
/// pass `G`, and an empty slot needs no guard.
///
/// # Errors
///
/// [`Rejected`] with the value when `G` refuses it.
#[inline]
pub(crate) fn restored_slot<C, V, G: Guard<Captures = C, Value = V>, S: Slot<V>>(
    captures: &C,
    out: S::Out,
) -> Result<S, Rejected<V>> {
    S::from_out(out).try_map(|value| check::<G>(captures, value))
}
