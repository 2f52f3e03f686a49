#!/usr/bin/env python3
"""What each part of a guarded tracker's expansion costs to compile (issue 23).

    python3 benches/compile-time/shapes.py            # 500 trackers, 3 rounds
    ITEMS=2000 ROUNDS=5 python3 benches/compile-time/shapes.py

A research tool, not a check: CI does not run it. It expands one tracker of
the shape `benches/compile-time/run.sh` measures,

    #[private_tracker(guard = |v: &u32| *v != 0)]
    pub fn t0_tracker(#[get] id: u32, label: &'static str) -> u32;

with rustc's `-Zunpretty=expanded` (through `RUSTC_BOOTSTRAP=1`, so a stable
toolchain does), then writes crates of ITEMS copies of that expansion, in
modules of 100, each with one change, and times interleaved rebuilds of each
(after `touch`, `CARGO_INCREMENTAL=0`, a debug build) next to the
hand-written crate of `run.sh` (run that first: it writes
`target/compile-time/hand_guarded`). No macro runs in these crates, so each
difference is type checking, borrow checking and code generation alone:

- `expanded`: the expansion as it is;
- `config`: the doors call a storage generic over one parameter, the tracker
  type, whose `impl Cfg` names the captures, the value and the guard, with
  the guard's bound carried by the trait (checked once, at the impl), in
  place of the storage's six parameters and their bounds at each call;
- `config` minus one part each: `no_into_fn`, `plain_guard` (the guard's
  check written as the `if` a person writes, not a call of the closure),
  `no_const_block` (the doors outside the block that names parameters
  apart), `no_get_alias` (without the hidden `get_…` door), and all four
  at once.
"""

import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "target" / "compile-time-shapes"
TARGET = WORK / "target"
ITEMS = int(os.environ.get("ITEMS", "500"))
ROUNDS = int(os.environ.get("ROUNDS", "3"))
PER_MODULE = 100
HAND = ROOT / "target" / "compile-time" / "hand_guarded"

DEPS = (
    f'private-tracker = {{ path = "{ROOT}" }}\n'
    f'private-tracker-core = {{ path = "{ROOT / "tracker-core"}" }}\n'
)

# The one-parameter storage of the `config` crates: a wrapper over the real
# storage, as the core crate would define it.
CONFIG_CORE = """
pub mod kcore {
    use private_tracker_core::{Guard, Owned, Rejected};
    pub trait Cfg { type C; type V; type G: Guard<Captures = Self::C, Value = Self::V>; }
    pub struct OwnedK<K: Cfg>(Owned<K::C, K::V, K::G>);
    impl<K: Cfg> OwnedK<K> {
        #[inline] pub fn new(c: K::C) -> Self { Self(Owned::new(c)) }
        #[inline] pub fn door_get(&self) -> Option<&K::V> { self.0.door_get() }
        #[inline] pub fn door_with<R>(&self, f: impl FnOnce(Option<&K::V>) -> R) -> R { self.0.door_with(f) }
        #[inline] #[track_caller] pub fn door_try_set(&mut self, v: K::V) -> Result<(), Rejected<K::V>> { self.0.door_try_set(v) }
        #[inline] #[track_caller] pub fn door_try_replace(&mut self, v: K::V) -> Result<Option<K::V>, Rejected<K::V>> { self.0.door_try_replace(v) }
        #[inline] #[track_caller] pub fn door_try_update(&mut self, f: impl FnOnce(Option<&K::V>) -> K::V) -> Result<(), Rejected<K::V>> { self.0.door_try_update(f) }
        #[inline] #[track_caller] pub fn door_take(&mut self) -> Option<K::V> { self.0.door_take() }
        #[inline] #[track_caller] pub fn door_try_modify<R>(&mut self, f: impl FnOnce(&mut Option<K::V>) -> R) -> Result<R, Rejected<K::V>> where K::V: Clone { self.0.door_try_modify(f) }
        #[inline] pub fn door_into_fn(self) -> impl FnMut(Option<K::V>) -> Option<K::V> where K::V: Clone { self.0.door_into_fn() }
        #[inline] pub fn door_captures(&self) -> &K::C { self.0.door_captures() }
    }
    impl<K: Cfg> Clone for OwnedK<K> where K::C: Clone, K::V: Clone { fn clone(&self) -> Self { Self(self.0.clone()) } }
}
"""


def cargo_toml(name):
    return f'[package]\nname = "{name}"\nversion = "0.0.0"\nedition = "2021"\n[workspace]\n[dependencies]\n{DEPS}'


def expand_one():
    """The expansion of one tracker: the body of its module."""
    crate = WORK / "one"
    (crate / "src").mkdir(parents=True, exist_ok=True)
    (crate / "Cargo.toml").write_text(cargo_toml("one"))
    (crate / "src" / "lib.rs").write_text(
        "#![allow(missing_docs, dead_code)]\npub mod m0 {\n"
        "#[private_tracker::private_tracker(guard = |v: &u32| *v != 0)]\n"
        "pub fn t0_tracker(#[get] id: u32, label: &'static str) -> u32;\n}\n"
    )
    env = dict(os.environ, RUSTC_BOOTSTRAP="1", CARGO_TARGET_DIR=str(TARGET))
    out = subprocess.run(
        ["cargo", "rustc", "-q", "--", "-Zunpretty=expanded"],
        cwd=crate, env=env, check=True, capture_output=True, text=True,
    ).stdout
    return out[out.index("pub mod m0 {") + len("pub mod m0 {"): out.rindex("}")]


def renamed(template, n):
    """The tracker `t0` of `template`, renamed `t{n}`."""
    return re.sub(r"\b(T0Tracker|t0_tracker|t0|get_t0|with_t0|set_t0|replace_t0|update_t0|take_t0|modify_t0)\b",
                  lambda m: m.group(1).replace("T0", f"T{n}").replace("t0", f"t{n}"), template)


def config(body):
    body = re.sub(r"__storage: ::private_tracker::__private::OwnedStorage<\(u32,\s*"
                  r"::private_tracker::__private::Sealed<&'static str, T0Tracker>\), u32,\s*T0Tracker>,",
                  "__storage: crate::kcore::OwnedK<T0Tracker>,", body)
    body = body.replace("::private_tracker::__private::OwnedStorage::new(", "crate::kcore::OwnedK::new(")
    body = re.sub(r"::private_tracker::__private::OwnedStorage::<_, _, _,\s*::core::option::Option<u32>>::",
                  "crate::kcore::OwnedK::<T0Tracker>::", body)
    body = body.replace(
        "    impl ::private_tracker::__private::Guard for T0Tracker {",
        "    impl crate::kcore::Cfg for T0Tracker { type C = (u32, ::private_tracker::__private::Sealed<&'static str, T0Tracker>); "
        "type V = u32; type G = T0Tracker; }\n    impl ::private_tracker::__private::Guard for T0Tracker {", 1)
    assert "OwnedStorage" not in body, "the expansion changed: update shapes.py"
    return body


def without(pattern, body, name):
    changed = re.sub(pattern, "", body)
    assert changed != body, f"{name}: the expansion changed: update shapes.py"
    return changed


def write(name, prelude, body):
    crate = WORK / name
    (crate / "src").mkdir(parents=True, exist_ok=True)
    (crate / "Cargo.toml").write_text(cargo_toml(name))
    parts = ["#![allow(missing_docs, dead_code, deprecated)]\n", prelude]
    for m in range(ITEMS // PER_MODULE):
        parts.append(f"pub mod m{m} {{\n")
        parts.extend(renamed(body, m * PER_MODULE + k) for k in range(PER_MODULE))
        parts.append("}\n")
    (crate / "src" / "lib.rs").write_text("".join(parts))
    return crate


def build(crate, target):
    (crate / "src" / "lib.rs").touch()
    env = dict(os.environ, CARGO_INCREMENTAL="0", CARGO_TARGET_DIR=str(target))
    start = time.monotonic()
    subprocess.run(["cargo", "build", "-q"], cwd=crate, env=env, check=True)
    return time.monotonic() - start


def main():
    if not HAND.exists():
        sys.exit(f"run `ITEMS={ITEMS} bash benches/compile-time/run.sh` first: {HAND} is missing")
    body = expand_one()
    cfg = config(body)
    no_into_fn = (r"\n\s*#\[doc =\s*\" Turns this tracker into one function[^\]]*\]\s*#\[inline\]\s*pub fn into_fn\(self\)"
                  r"[\s\S]*?door_into_fn\(self.__storage\)\s*\}")
    plain_guard = ("::private_tracker::__private::call_guard(|v: &u32| *v != 0,\n                __value)", "*__value != 0")
    const_open = (r"const _: \(\) =\s*\{\s*use ::private_tracker::__private::named_apart as value;\s*"
                  r"use ::private_tracker::__private::named_apart as f;")
    const_close = r"let _ = \(value, f\);\s*\};"
    get_alias = (r"#\[doc\(hidden\)\]\s*#\[deprecated\(note =\s*\"[^\"]*\"\)\]\s*#\[must_use\]\s*#\[inline\]\s*"
                 r"pub fn get_t0\(&self\) -> ::core::option::Option<u32> \{\s*Self::t0\(self\)\s*\}")
    all_four = without(get_alias, without(const_close, without(const_open, without(
        no_into_fn, cfg.replace(*plain_guard), "all"), "all"), "all"), "all")
    crates = {
        "expanded": write("expanded", "", body),
        "config": write("config", CONFIG_CORE, cfg),
        "config, no_into_fn": write("no_into_fn", CONFIG_CORE, without(no_into_fn, cfg, "no_into_fn")),
        "config, plain_guard": write("plain_guard", CONFIG_CORE, cfg.replace(*plain_guard)),
        "config, no_const_block": write("no_const_block", CONFIG_CORE, without(
            const_close, without(const_open, cfg, "no_const_block"), "no_const_block")),
        "config, no_get_alias": write("no_get_alias", CONFIG_CORE, without(get_alias, cfg, "no_get_alias")),
        "config, all four": write("all_four", CONFIG_CORE, all_four),
    }
    hand_target = ROOT / "target" / "compile-time" / "target"
    for crate in crates.values():
        build(crate, TARGET)
    build(HAND, hand_target)
    times = {name: [] for name in [*crates, "hand_guarded"]}
    for _ in range(ROUNDS):
        for name, crate in crates.items():
            times[name].append(build(crate, TARGET))
        times["hand_guarded"].append(build(HAND, hand_target))
    hand = statistics.median(times["hand_guarded"])
    print(f"{ITEMS} guarded trackers, {ROUNDS} interleaved rounds, seconds (median, min - max), no macro run\n")
    print("| crate | median | min - max | median / hand_guarded |")
    print("|---|---|---|---|")
    for name, samples in times.items():
        median = statistics.median(samples)
        print(f"| {name} | {median:.2f} | {min(samples):.2f} - {max(samples):.2f} | {median / hand:.2f} |")


if __name__ == "__main__":
    main()
