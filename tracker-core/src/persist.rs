//! `Serialize` and `Deserialize` for trackers (feature `serde`).
//!
//! `#[derive(Serialize, Deserialize)]` on a declaration makes the tracker a
//! struct to serde, named like the tracker type, whose fields are the
//! captures under their own names, then the value under the field's name
//! (`ActionTracker { choice: "red", action: Some("click") }`; the value is
//! `V` itself with `init = …`). The generated impls call the two functions
//! here with those names, and build the tracker from what
//! [`deserialize_tracker`] returns with the storage's `restore`, which asks
//! the guard: a deserialized value the guard refuses is a deserialization
//! error, never a tracker holding it.
//!
//! These are written by hand, not derived: serde's derive emits `#[allow]`s
//! that a user's `#![forbid(…)]` turns into errors, and generated code must
//! build under any lint level.

use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use crate::captures::Sealed;

/// A tracker's captures, written as struct fields: tuples of up to 12
/// `Serialize` types. A [`Sealed`] capture is not `Serialize`: writing it
/// out would reveal it.
pub trait SerializeCaptures {
    /// Writes each capture as the field named at its index in `names`.
    ///
    /// # Errors
    ///
    /// The serializer's.
    fn serialize_captures<S: SerializeStruct>(
        &self,
        names: &[&'static str],
        state: &mut S,
    ) -> Result<(), S::Error>;
}

/// A tracker's captures, read back from struct fields: tuples of up to 12
/// `Deserialize` types, [`Sealed`] ones included (reading one from input
/// reveals nothing).
pub trait DeserializeCaptures<'de>: Sized {
    /// The captures read so far from a map, each `None` until read.
    type Partial: Default;
    /// How many captures there are.
    const LEN: usize;

    /// Reads the captures as the first elements of a sequence.
    ///
    /// # Errors
    ///
    /// The deserializer's, and a too short sequence.
    fn from_seq<A: SeqAccess<'de>>(seq: &mut A, expected: &dyn de::Expected) -> Result<Self, A::Error>;

    /// Reads the capture at `index` from the map's next value.
    ///
    /// # Errors
    ///
    /// The deserializer's, and a field given twice.
    fn read<A: MapAccess<'de>>(
        partial: &mut Self::Partial,
        index: usize,
        names: &[&'static str],
        map: &mut A,
    ) -> Result<(), A::Error>;

    /// The captures, once the map is read.
    ///
    /// # Errors
    ///
    /// A missing field.
    fn finish<E: de::Error>(partial: Self::Partial, names: &[&'static str]) -> Result<Self, E>;
}

/// The name at `index`, for an error message.
fn name(names: &[&'static str], index: usize) -> &'static str {
    names.get(index).copied().unwrap_or("?")
}

macro_rules! tuple_captures {
    ($($len:literal: ($($index:tt $t:ident),*);)*) => {$(
        impl<$($t: Serialize),*> SerializeCaptures for ($($t,)*) {
            #[inline]
            fn serialize_captures<S: SerializeStruct>(
                &self,
                names: &[&'static str],
                state: &mut S,
            ) -> Result<(), S::Error> {
                let _ = (names, &state);
                $(state.serialize_field(name(names, $index), &self.$index)?;)*
                Ok(())
            }
        }

        impl<'de, $($t: Deserialize<'de>),*> DeserializeCaptures<'de> for ($($t,)*) {
            type Partial = ($(Option<$t>,)*);
            const LEN: usize = $len;

            #[inline]
            fn from_seq<A: SeqAccess<'de>>(seq: &mut A, expected: &dyn de::Expected) -> Result<Self, A::Error> {
                let _ = (&seq, expected);
                Ok(($(
                    seq.next_element::<$t>()?.ok_or_else(|| de::Error::invalid_length($index, expected))?,
                )*))
            }

            #[inline]
            fn read<A: MapAccess<'de>>(
                partial: &mut Self::Partial,
                index: usize,
                names: &[&'static str],
                map: &mut A,
            ) -> Result<(), A::Error> {
                let _ = (&partial, index, names, &map);
                $(
                    if index == $index {
                        if partial.$index.is_some() {
                            return Err(de::Error::duplicate_field(name(names, $index)));
                        }
                        partial.$index = Some(map.next_value()?);
                    }
                )*
                Ok(())
            }

            #[inline]
            fn finish<E: de::Error>(partial: Self::Partial, names: &[&'static str]) -> Result<Self, E> {
                let _ = (&partial, names);
                Ok(($(
                    partial.$index.ok_or_else(|| E::missing_field(name(names, $index)))?,
                )*))
            }
        }
    )*};
}

tuple_captures! {
    0: ();
    1: (0 T0);
    2: (0 T0, 1 T1);
    3: (0 T0, 1 T1, 2 T2);
    4: (0 T0, 1 T1, 2 T2, 3 T3);
    5: (0 T0, 1 T1, 2 T2, 3 T3, 4 T4);
    6: (0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5);
    7: (0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5, 6 T6);
    8: (0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5, 6 T6, 7 T7);
    9: (0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5, 6 T6, 7 T7, 8 T8);
    10: (0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5, 6 T6, 7 T7, 8 T8, 9 T9);
    11: (0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5, 6 T6, 7 T7, 8 T8, 9 T9, 10 T10);
    12: (0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5, 6 T6, 7 T7, 8 T8, 9 T9, 10 T10, 11 T11);
}

/// Read from input like the value it seals.
impl<'de, T: Deserialize<'de>, G> Deserialize<'de> for Sealed<T, G> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Self::new)
    }
}

/// Writes a tracker as the struct `name`: the captures under the first
/// `names`, then `value` (what the getter returns) under the last.
///
/// # Errors
///
/// The serializer's.
#[inline]
pub fn serialize_tracker<C: SerializeCaptures, O: Serialize, S: Serializer>(
    serializer: S,
    name: &'static str,
    names: &'static [&'static str],
    captures: &C,
    value: &O,
) -> Result<S::Ok, S::Error> {
    let mut state = serializer.serialize_struct(name, names.len())?;
    captures.serialize_captures(names, &mut state)?;
    state.serialize_field(names.last().copied().unwrap_or("value"), value)?;
    state.end()
}

/// Reads a tracker written by [`serialize_tracker`] with the same `name` and
/// `names`, from a map (field names) or a sequence (field order), and
/// returns its captures and value for the storage's `restore`. Unknown
/// fields are skipped; every field must be there (the value too: an empty
/// tracker writes it as `None`).
///
/// # Errors
///
/// The deserializer's, and a missing, repeated or mistyped field.
#[inline]
pub fn deserialize_tracker<'de, C: DeserializeCaptures<'de>, O: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
    name: &'static str,
    names: &'static [&'static str],
) -> Result<(C, O), D::Error> {
    deserializer.deserialize_struct(name, names, TrackerVisitor { name, names, parts: PhantomData })
}

/// Reads the struct that [`serialize_tracker`] writes.
struct TrackerVisitor<C, O> {
    name: &'static str,
    names: &'static [&'static str],
    parts: PhantomData<fn() -> (C, O)>,
}

impl<'de, C: DeserializeCaptures<'de>, O: Deserialize<'de>> Visitor<'de> for TrackerVisitor<C, O> {
    type Value = (C, O);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", self.name)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(C, O), A::Error> {
        let captures = C::from_seq(&mut seq, &self)?;
        let value = seq.next_element::<O>()?.ok_or_else(|| de::Error::invalid_length(C::LEN, &self))?;
        Ok((captures, value))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(C, O), A::Error> {
        let mut partial = C::Partial::default();
        let mut value = None;
        while let Some(index) = map.next_key_seed(FieldIndex(self.names))? {
            match index {
                Some(index) if index < C::LEN => C::read(&mut partial, index, self.names, &mut map)?,
                Some(index) => {
                    if value.is_some() {
                        return Err(de::Error::duplicate_field(name(self.names, index)));
                    }
                    value = Some(map.next_value::<O>()?);
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let captures = C::finish(partial, self.names)?;
        let value = value.ok_or_else(|| de::Error::missing_field(name(self.names, C::LEN)))?;
        Ok((captures, value))
    }
}

/// A field's name, read as its index in the names (`None`: unknown).
struct FieldIndex(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for FieldIndex {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for FieldIndex {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_u64<E: de::Error>(self, index: u64) -> Result<Option<usize>, E> {
        Ok(usize::try_from(index).ok().filter(|index| *index < self.0.len()))
    }

    fn visit_str<E: de::Error>(self, field: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|name| *name == field))
    }

    fn visit_bytes<E: de::Error>(self, field: &[u8]) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|name| name.as_bytes() == field))
    }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;
    use crate::{Guard, Owned, Reveal, Sealed};
    use std::string::{String, ToString};

    /// Refuses empty strings.
    #[derive(Debug)]
    struct NonEmpty;

    impl Guard for NonEmpty {
        type Captures = (String,);
        type Value = String;
        fn check(_: &Reveal<Self>, _: &(String,), value: &String) -> bool {
            !value.is_empty()
        }
    }

    type Storage = Owned<(String,), String, NonEmpty>;
    const NAMES: &[&str] = &["choice", "action"];

    /// What a generated `Serialize` does.
    #[derive(Debug)]
    struct Tracker(Storage);

    impl Serialize for Tracker {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            self.0.door_with(|value| {
                serialize_tracker(serializer, "ActionTracker", NAMES, self.0.door_captures(), &value)
            })
        }
    }

    /// What a generated `Deserialize` does.
    impl<'de> Deserialize<'de> for Tracker {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let (captures, value) = deserialize_tracker(deserializer, "ActionTracker", NAMES)?;
            Storage::restore(captures, value).map(Tracker).map_err(de::Error::custom)
        }
    }

    fn tracker(value: Option<&str>) -> Tracker {
        Tracker(Storage::restore(("red".into(),), value.map(Into::into)).unwrap())
    }

    fn read(json: &str) -> Result<Tracker, String> {
        serde_json::from_str(json).map_err(|error| error.to_string())
    }

    #[test]
    fn writes_the_captures_then_the_value_by_name() {
        let json = serde_json::to_string(&tracker(Some("click"))).unwrap();
        assert_eq!(json, r#"{"choice":"red","action":"click"}"#);
        assert_eq!(serde_json::to_string(&tracker(None)).unwrap(), r#"{"choice":"red","action":null}"#);
    }

    #[test]
    fn reads_back_maps_and_sequences_and_asks_the_guard() {
        let back = read(r#"{"action":"click","other":[1],"choice":"blue"}"#).unwrap();
        assert_eq!(
            (back.0.door_captures().0.as_str(), back.0.door_get().map(String::as_str)),
            ("blue", Some("click"))
        );
        assert_eq!(read(r#"["red",null]"#).unwrap().0.door_get(), None);
        let refused = read(r#"{"choice":"red","action":""}"#).unwrap_err();
        assert!(refused.starts_with("the guard of a tracker rejected the value"), "{refused}");
    }

    #[test]
    fn missing_repeated_and_extra_fields_are_errors() {
        assert!(read(r#"{"choice":"red"}"#).unwrap_err().starts_with("missing field `action`"));
        assert!(read(r#"{"action":null}"#).unwrap_err().starts_with("missing field `choice`"));
        assert!(
            read(r#"{"choice":"a","choice":"b","action":null}"#)
                .unwrap_err()
                .starts_with("duplicate field `choice`")
        );
        assert!(
            read(r#"{"choice":"a","action":null,"action":null}"#)
                .unwrap_err()
                .starts_with("duplicate field `action`")
        );
        assert!(
            read(r#"["red"]"#).unwrap_err().starts_with("invalid length 1, expected struct ActionTracker")
        );
    }

    #[test]
    fn sealed_captures_read_back_sealed() {
        let (captures, value): ((Sealed<u32>, u8), u8) = deserialize_tracker(
            &mut serde_json::Deserializer::from_str("[7, 1, 2]"),
            "T",
            &["limit", "key", "n"],
        )
        .unwrap();
        assert_eq!((captures.1, value), (1, 2));
        assert_eq!(std::format!("{:?}", captures.0), "Sealed(..)");
    }
}
