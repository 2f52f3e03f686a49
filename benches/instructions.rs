//! Instruction counts: each generated tracker against the hand-written code
//! it replaces, doing the same work, counted by callgrind (deterministic on a
//! noisy machine). One command, which needs `valgrind` on the `PATH`:
//!
//! ```text
//! cargo bench --bench instructions
//! ```
//!
//! It runs this binary once per workload under
//! `valgrind --tool=callgrind --toggle-collect=<workload>`, so only the
//! workload's own instructions count, prints generated and hand-written
//! instructions per operation, and exits non-zero when a door breaks SPEC.md
//! section 8: modes *owned* and *shared* cost exactly what the hand-written
//! code costs (with `trace` too), and an owned `history` fewer instructions
//! than a hand-written `VecDeque` history; mode *sync* at most 3 instructions
//! more for `set`, `replace` and `take`, at most 6 more for each door that runs
//! user code under the lock (the getter's clone, `with_`, `update_`), and at
//! most 15 more for a loop of `set`, `update` and the getter. The
//! hand-written getters clone, as a getter written for any `V: Clone` does
//! (SPEC 8). `-- --smoke` runs fewer iterations;
//! `-- --mode owned` (repeatable) measures and checks those modes only.
//!
//! `-- --atomics` counts instead the atomic read-modify-write instructions
//! (`lock`-prefixed ones, and `xchg` with memory) that each sync door
//! executes per operation, and fails unless they are the hand-written
//! code's: one lock and one unlock (SPEC 8). It reads callgrind's count of
//! each instruction (`--dump-instr=yes`) against the binary's own bytes, so
//! it needs no disassembler, and it counts what runs, not what the loop
//! contains: a cold once-per-thread initialisation inlined into the loop
//! does not count, an atomic in a function the door calls does. It covers
//! the uncontended path (a single thread): that the contended path calls
//! `Mutex::lock` with nothing tried first is in the code
//! (`tracker-core/src/synced.rs`, `lock`), not measured.

use std::hint::black_box;
use std::process::{Command, ExitCode};

mod subjects;

use subjects::{
    HandOwned, HandOwnedGuarded, HandOwnedHistory, HandOwnedInit, HandOwnedTraced, HandShared, HandSync,
    HandSyncParking, Op, OwnedGuardedTracker, OwnedHistoryTracker, OwnedInitTracker, OwnedTracedTracker,
    OwnedTracker, SharedTracker, Subject, SyncTracker, work,
};

/// Declares one `#[inline(never)]` entry per (subject, operation): the
/// function callgrind counts, found by its name.
macro_rules! workloads {
    ($($name:ident: $subject:ty, $op:ident;)*) => {
        $(
            #[inline(never)]
            fn $name(subject: &mut $subject, iterations: u64) {
                // A constant of its own, outside the loop: a workload whose
                // code equals another's would otherwise be merged into it,
                // and callgrind would count nothing under its name.
                black_box(stringify!($name));
                work(subject, Op::$op, iterations);
            }
        )*

        /// Runs the workload called `name`, if there is one.
        fn run(name: &str, iterations: u64) -> bool {
            match name {
                $(stringify!($name) => {
                    let mut subject = <$subject as Subject>::new();
                    subject.set(1);
                    $name(black_box(&mut subject), black_box(iterations));
                    true
                })*
                _ => false,
            }
        }
    };
}

workloads! {
    owned_generated_with: OwnedTracker, With;
    owned_hand_with: HandOwned, With;
    shared_generated_with: SharedTracker, With;
    shared_hand_with: HandShared, With;
    sync_generated_with: SyncTracker, With;
    sync_hand_with: HandSync, With;
    owned_generated_set: OwnedTracker, Set;
    owned_hand_set: HandOwned, Set;
    owned_generated_get: OwnedTracker, Get;
    owned_hand_get: HandOwned, Get;
    owned_generated_update: OwnedTracker, Update;
    owned_hand_update: HandOwned, Update;
    owned_generated_take: OwnedTracker, Take;
    owned_hand_take: HandOwned, Take;
    owned_guarded_generated_set: OwnedGuardedTracker, Set;
    owned_guarded_hand_set: HandOwnedGuarded, Set;
    owned_guarded_generated_update: OwnedGuardedTracker, Update;
    owned_guarded_hand_update: HandOwnedGuarded, Update;
    owned_init_generated_set: OwnedInitTracker, Set;
    owned_init_hand_set: HandOwnedInit, Set;
    owned_init_generated_get: OwnedInitTracker, Get;
    owned_init_hand_get: HandOwnedInit, Get;
    owned_init_generated_update: OwnedInitTracker, Update;
    owned_init_hand_update: HandOwnedInit, Update;
    owned_init_generated_with: OwnedInitTracker, With;
    owned_init_hand_with: HandOwnedInit, With;
    owned_init_generated_reset: OwnedInitTracker, Take;
    owned_init_hand_reset: HandOwnedInit, Take;
    owned_traced_generated_set: OwnedTracedTracker, Set;
    owned_traced_hand_set: HandOwnedTraced, Set;
    owned_traced_generated_update: OwnedTracedTracker, Update;
    owned_traced_hand_update: HandOwnedTraced, Update;
    owned_traced_generated_take: OwnedTracedTracker, Take;
    owned_traced_hand_take: HandOwnedTraced, Take;
    owned_history_generated_set: OwnedHistoryTracker, Set;
    owned_history_hand_set: HandOwnedHistory, Set;
    owned_history_generated_update: OwnedHistoryTracker, Update;
    owned_history_hand_update: HandOwnedHistory, Update;
    owned_history_generated_take: OwnedHistoryTracker, Take;
    owned_history_hand_take: HandOwnedHistory, Take;
    shared_generated_set: SharedTracker, Set;
    shared_hand_set: HandShared, Set;
    shared_generated_get: SharedTracker, Get;
    shared_hand_get: HandShared, Get;
    shared_generated_update: SharedTracker, Update;
    shared_hand_update: HandShared, Update;
    shared_generated_take: SharedTracker, Take;
    shared_hand_take: HandShared, Take;
    sync_generated_set: SyncTracker, Set;
    sync_hand_set: HandSync, Set;
    sync_generated_get: SyncTracker, Get;
    sync_hand_get: HandSync, Get;
    sync_generated_update: SyncTracker, Update;
    sync_hand_update: HandSync, Update;
    sync_generated_take: SyncTracker, Take;
    sync_hand_take: HandSync, Take;
    sync_generated_mixed: SyncTracker, Mixed;
    sync_hand_mixed: HandSync, Mixed;
    sync_parking_hand_set: HandSyncParking, Set;
    sync_parking_hand_get: HandSyncParking, Get;
    sync_parking_hand_update: HandSyncParking, Update;
    sync_parking_hand_with: HandSyncParking, With;
    sync_parking_hand_take: HandSyncParking, Take;
    sync_parking_hand_mixed: HandSyncParking, Mixed;
    shared_generated_mixed: SharedTracker, Mixed;
    shared_hand_mixed: HandShared, Mixed;
}

/// How much more than the hand-written code a door may cost.
#[derive(Clone, Copy)]
enum Limit {
    /// Not one instruction more.
    Same,
    /// At most this many instructions more per operation.
    Plus(f64),
    /// Fewer instructions: the tracker's design must beat the hand-written
    /// one (an inline ring against a `VecDeque`).
    Fewer,
    /// Shown for reference, not checked.
    Report,
}

/// (mode, operation, generated workload, hand-written workload, limit).
const PAIRS: &[(&str, &str, &str, &str, Limit)] = &[
    ("owned", "set", "owned_generated_set", "owned_hand_set", Limit::Same),
    ("owned", "get", "owned_generated_get", "owned_hand_get", Limit::Same),
    ("owned", "update", "owned_generated_update", "owned_hand_update", Limit::Same),
    ("owned", "with", "owned_generated_with", "owned_hand_with", Limit::Same),
    ("owned", "set + take", "owned_generated_take", "owned_hand_take", Limit::Same),
    ("owned, guarded", "set", "owned_guarded_generated_set", "owned_guarded_hand_set", Limit::Same),
    ("owned, guarded", "update", "owned_guarded_generated_update", "owned_guarded_hand_update", Limit::Same),
    ("owned, init", "set", "owned_init_generated_set", "owned_init_hand_set", Limit::Same),
    ("owned, init", "get", "owned_init_generated_get", "owned_init_hand_get", Limit::Same),
    ("owned, init", "update", "owned_init_generated_update", "owned_init_hand_update", Limit::Same),
    ("owned, init", "with", "owned_init_generated_with", "owned_init_hand_with", Limit::Same),
    ("owned, init", "set + reset", "owned_init_generated_reset", "owned_init_hand_reset", Limit::Same),
    ("owned, trace", "set", "owned_traced_generated_set", "owned_traced_hand_set", Limit::Same),
    ("owned, trace", "update", "owned_traced_generated_update", "owned_traced_hand_update", Limit::Same),
    ("owned, trace", "set + take", "owned_traced_generated_take", "owned_traced_hand_take", Limit::Same),
    ("owned, history + trace", "set", "owned_history_generated_set", "owned_history_hand_set", Limit::Fewer),
    (
        "owned, history + trace",
        "update",
        "owned_history_generated_update",
        "owned_history_hand_update",
        Limit::Fewer,
    ),
    (
        "owned, history + trace",
        "set + take",
        "owned_history_generated_take",
        "owned_history_hand_take",
        Limit::Fewer,
    ),
    ("shared", "set", "shared_generated_set", "shared_hand_set", Limit::Same),
    ("shared", "get", "shared_generated_get", "shared_hand_get", Limit::Same),
    ("shared", "update", "shared_generated_update", "shared_hand_update", Limit::Same),
    ("shared", "with", "shared_generated_with", "shared_hand_with", Limit::Same),
    ("shared", "set + take", "shared_generated_take", "shared_hand_take", Limit::Same),
    ("shared", "set, update, get (+ take)", "shared_generated_mixed", "shared_hand_mixed", Limit::Same),
    // SPEC 8's ceilings for mode sync: `set`, `replace` and `take` at most
    // 3 more; each door that runs user code under the lock at most 6 more;
    // the mixed loop at most 15 more (aiming for 12).
    ("sync", "set", "sync_generated_set", "sync_hand_set", Limit::Plus(3.0)),
    ("sync", "get", "sync_generated_get", "sync_hand_get", Limit::Plus(6.0)),
    ("sync", "update", "sync_generated_update", "sync_hand_update", Limit::Plus(6.0)),
    ("sync", "with", "sync_generated_with", "sync_hand_with", Limit::Plus(6.0)),
    ("sync", "set + take", "sync_generated_take", "sync_hand_take", Limit::Plus(6.0)),
    ("sync", "set, update, get (+ take)", "sync_generated_mixed", "sync_hand_mixed", Limit::Plus(15.0)),
    // For reference: the same code over the lock the tracker is built on,
    // so that the difference is the reentrancy detection's alone.
    ("sync, against parking_lot", "set", "sync_generated_set", "sync_parking_hand_set", Limit::Report),
    ("sync, against parking_lot", "get", "sync_generated_get", "sync_parking_hand_get", Limit::Report),
    (
        "sync, against parking_lot",
        "update",
        "sync_generated_update",
        "sync_parking_hand_update",
        Limit::Report,
    ),
    ("sync, against parking_lot", "with", "sync_generated_with", "sync_parking_hand_with", Limit::Report),
    (
        "sync, against parking_lot",
        "set + take",
        "sync_generated_take",
        "sync_parking_hand_take",
        Limit::Report,
    ),
    (
        "sync, against parking_lot",
        "set, update, get (+ take)",
        "sync_generated_mixed",
        "sync_parking_hand_mixed",
        Limit::Report,
    ),
];

/// What the workload `name` costs per operation, by `measure` (a count over
/// one run): the difference between runs of `2 * iterations` and
/// `iterations`, so that the call's fixed cost (prologue, setup) cancels out
/// and only the loop's body counts.
fn per_operation(
    name: &str,
    iterations: u64,
    measure: fn(&str, u64) -> Result<u64, String>,
) -> Result<f64, String> {
    let (once, twice) = (measure(name, iterations)?, measure(name, 2 * iterations)?);
    let extra = twice.checked_sub(once).ok_or_else(|| format!("{name}: more work counted less"))?;
    #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
    Ok(extra as f64 / iterations as f64)
}

/// Runs the workload `name` under callgrind, collecting only inside it, with
/// `options` added; callgrind's output.
fn callgrind(name: &str, iterations: u64, options: &[&str]) -> Result<String, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = std::env::temp_dir().join(format!("tracker-callgrind-{}-{name}.out", std::process::id()));
    let status = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(format!("--toggle-collect=*{name}"))
        .args(options)
        .arg("--quiet")
        .arg(&exe)
        .args(["--workload", name, "--iterations", &iterations.to_string()])
        .status()
        .map_err(|e| format!("cannot run valgrind ({e}); install it, e.g. `apt-get install valgrind`"))?;
    if !status.success() {
        return Err(format!("valgrind failed on {name}: {status}"));
    }
    let text = std::fs::read_to_string(&out).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(&out);
    Ok(text)
}

/// Instructions callgrind counted inside the workload `name`.
fn count(name: &str, iterations: u64) -> Result<u64, String> {
    callgrind(name, iterations, &[])?
        .lines()
        .find_map(|line| line.strip_prefix("summary:").or_else(|| line.strip_prefix("totals:")))
        .and_then(|total| total.split_whitespace().next()?.parse().ok())
        .ok_or_else(|| format!("no instruction total in callgrind's output for {name}"))
}

/// Atomic instructions executed inside the workload `name`, in this binary
/// (the C library's are not counted: an uncontended lock runs none there):
/// the deterministic witness that a door takes its lock as hand-written
/// code does (SPEC 8). callgrind counts how often each instruction ran
/// (`--dump-instr=yes`), and the binary's own bytes say which of them are
/// atomic (see [`is_atomic`]).
fn atomics(name: &str, iterations: u64) -> Result<u64, String> {
    let text = callgrind(name, iterations, &["--dump-instr=yes"])?;
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let image = std::fs::read(&exe).map_err(|e| e.to_string())?;
    let mut total = 0;
    for (address, count) in executed(&text, &exe.to_string_lossy())? {
        let bytes = code_at(&image, address).ok_or_else(|| format!("{name}: no code at {address:#x}"))?;
        if is_atomic(bytes) {
            total += count;
        }
    }
    Ok(total)
}

/// How often each instruction of the object `object` ran, by address, from
/// callgrind's output with `--dump-instr=yes` (positions `instr line`, one
/// event). Addresses are the object's own (callgrind takes its load address
/// off), and are written relative to the previous cost line (`+n`, `-n`,
/// `*`); the line after `calls=` is the call's inclusive cost, not the
/// instruction's own.
fn executed(text: &str, object: &str) -> Result<std::collections::BTreeMap<u64, u64>, String> {
    let mut objects = std::collections::BTreeMap::new();
    let (mut in_object, mut call_cost, mut last) = (false, false, 0u64);
    let mut counts = std::collections::BTreeMap::new();
    for line in text.lines() {
        // `ob=(id) path` names an object and makes it the current one;
        // `ob=(id)` refers to it again; `cob=` names a callee's object.
        let (callee, named) = match (line.strip_prefix("ob="), line.strip_prefix("cob=")) {
            (Some(named), _) => (false, named),
            (_, Some(named)) => (true, named),
            _ => (false, ""),
        };
        if !named.is_empty() {
            let (id, path) = named.split_once(' ').unwrap_or((named, ""));
            if !path.is_empty() {
                objects.insert(id.to_owned(), path == object);
            }
            if !callee {
                in_object = objects.get(id).copied().unwrap_or(false);
            }
            continue;
        }
        if line.starts_with("calls=") {
            call_cost = true;
            continue;
        }
        let mut fields = line.split_whitespace();
        let Some(position) = fields.next() else { continue };
        let address = if let Some(hex) = position.strip_prefix("0x") {
            u64::from_str_radix(hex, 16).map_err(|e| format!("bad position {position}: {e}"))?
        } else if let Some(n) = position.strip_prefix('+') {
            last + n.parse::<u64>().map_err(|e| format!("bad position {position}: {e}"))?
        } else if let Some(n) = position.strip_prefix('-') {
            last - n.parse::<u64>().map_err(|e| format!("bad position {position}: {e}"))?
        } else if position == "*" {
            last
        } else {
            continue;
        };
        last = address;
        if std::mem::take(&mut call_cost) || !in_object {
            continue;
        }
        // The line number, then the instruction count (absent means 0).
        let count = fields.nth(1).map_or(Ok(0), str::parse::<u64>).map_err(|e| e.to_string())?;
        *counts.entry(address).or_insert(0) += count;
    }
    Ok(counts)
}

/// The bytes of the ELF image `image` from the virtual address `address`
/// on, through its loadable segments' program headers.
fn code_at(image: &[u8], address: u64) -> Option<&[u8]> {
    let read = |at: usize, width: usize| -> Option<u64> {
        let bytes = image.get(at..at + width)?;
        Some(bytes.iter().rev().fold(0, |value, byte| value << 8 | u64::from(*byte)))
    };
    let (headers, size, count) = (read(0x20, 8)?, read(0x36, 2)?, read(0x38, 2)?);
    (0..count).find_map(|k| {
        let header = usize::try_from(headers + k * size).ok()?;
        let (kind, offset, start, length) =
            (read(header, 4)?, read(header + 8, 8)?, read(header + 16, 8)?, read(header + 32, 8)?);
        if kind != 1 || address < start || address >= start + length {
            return None;
        }
        image.get(usize::try_from(offset + (address - start)).ok()?..)
    })
}

/// Whether the x86-64 instruction at the start of `code` is an atomic
/// read-modify-write: one with a `lock` prefix, or an `xchg` with memory
/// (locked without one). What a lock and an unlock compile to.
fn is_atomic(code: &[u8]) -> bool {
    let mut bytes = code.iter().copied();
    let mut next = bytes.next();
    // Legacy prefixes, `lock` among them, then at most one REX prefix.
    while let Some(prefix @ (0xF0 | 0xF2 | 0xF3 | 0x2E | 0x36 | 0x3E | 0x26 | 0x64 | 0x65 | 0x66 | 0x67)) =
        next
    {
        if prefix == 0xF0 {
            return true;
        }
        next = bytes.next();
    }
    if matches!(next, Some(0x40..=0x4F)) {
        next = bytes.next();
    }
    // `xchg r/m, r`: atomic when its ModRM byte names memory (mod != 3).
    matches!(next, Some(0x86 | 0x87)) && bytes.next().is_some_and(|modrm| modrm >> 6 != 3)
}

/// `--atomics`: checks that every sync door executes the atomic operations
/// of the hand-written code, and no more (SPEC 8). Prints a table.
fn check_atomics(iterations: u64) -> ExitCode {
    if !cfg!(target_arch = "x86_64") {
        eprintln!("the atomic-operation count reads x86-64 machine code");
        return ExitCode::FAILURE;
    }
    println!("Atomic operations per operation, {iterations} iterations, executed under callgrind\n");
    println!("| mode | operation | generated | hand-written | verdict |");
    println!("|---|---|---|---|---|");
    let mut failed = false;
    for &(mode, op, generated, hand, _) in PAIRS.iter().filter(|(mode, ..)| *mode == "sync") {
        let (per_g, per_h) =
            match (per_operation(generated, iterations, atomics), per_operation(hand, iterations, atomics)) {
                (Ok(g), Ok(h)) => (g, h),
                (Err(e), _) | (_, Err(e)) => {
                    eprintln!("{e}");
                    return ExitCode::FAILURE;
                }
            };
        // Equal, and not vacuously: the hand-written code locks.
        let ok = (per_g - per_h).abs() < 0.005 && per_h >= 2.0;
        failed |= !ok;
        println!("| {mode} | {op} | {per_g:.2} | {per_h:.2} | {} |", if ok { "same" } else { "FAIL" });
    }
    if failed {
        eprintln!(
            "\na sync door executes other atomic operations than the hand-written code (see FAIL above)"
        );
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let value_of = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1));
    let smoke = args.iter().any(|a| a == "--smoke");
    // `--mode owned` (repeatable) checks only those modes' rows: what
    // `.ci/run` checks is the promises that hold.
    let modes: Vec<&str> = args
        .iter()
        .enumerate()
        .filter(|(_, a)| *a == "--mode")
        .filter_map(|(i, _)| args.get(i + 1).map(String::as_str))
        .collect();
    let iterations: u64 =
        value_of("--iterations").and_then(|n| n.parse().ok()).unwrap_or(if smoke { 1_000 } else { 100_000 });
    if let Some(name) = value_of("--workload") {
        return if run(name, iterations) { ExitCode::SUCCESS } else { ExitCode::FAILURE };
    }
    if args.iter().any(|a| a == "--atomics") {
        return check_atomics(iterations);
    }

    println!("Instructions per operation, {iterations} iterations, counted by callgrind\n");
    println!("| mode | operation | generated | hand-written | difference | limit |");
    println!("|---|---|---|---|---|---|");
    let mut failed = false;
    for &(mode, op, generated, hand, limit) in PAIRS {
        if !modes.is_empty() && !modes.iter().any(|m| mode.split(',').next() == Some(*m)) {
            continue;
        }
        let (per_g, per_h) =
            match (per_operation(generated, iterations, count), per_operation(hand, iterations, count)) {
                (Ok(g), Ok(h)) => (g, h),
                (Err(e), _) | (_, Err(e)) => {
                    eprintln!("{e}");
                    return ExitCode::FAILURE;
                }
            };
        let difference = per_g - per_h;
        // A twentieth of an instruction of slack: counts per operation are
        // averages over the loop, exact up to rounding.
        let (allowed, shown) = match limit {
            Limit::Same => (0.05, "+0".to_owned()),
            Limit::Plus(extra) => (extra + 0.05, format!("+{extra}")),
            Limit::Fewer => (-0.95, "< 0".to_owned()),
            Limit::Report => (f64::INFINITY, "no".to_owned()),
        };
        let verdict = match (limit, difference > allowed) {
            (Limit::Report, _) => "(reference)",
            (_, true) => "FAIL",
            (_, false) => "ok",
        };
        failed |= difference > allowed;
        println!("| {mode} | {op} | {per_g:.2} | {per_h:.2} | {difference:+.2} | {shown} {verdict} |");
    }
    if failed {
        eprintln!("\ngenerated code costs more than the hand-written equivalent (see FAIL above)");
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
