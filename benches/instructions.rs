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
//! workload's own instructions count, prints generated / hand-written per
//! mode and operation, and exits non-zero when a ratio is above 1.00 for
//! mode *owned* or above 1.02 for *shared* and *sync* (SPEC.md section 8).
//! `-- --smoke` runs fewer iterations, for CI.

#![allow(
    clippy::inline_always,
    reason = "both sides are inlined alike, so the count is of the tracker's code, not of inlining heuristics"
)]
#![allow(clippy::trivially_copy_pass_by_ref, reason = "a guard takes `&V`")]

use std::cell::RefCell;
use std::hint::black_box;
use std::process::{Command, ExitCode};
use std::rc::Rc;
use std::sync::{Arc, Mutex};

use tracker::private_tracker;

/// What each subject does: the doors a tracker has, on a `u64`.
trait Subject {
    fn new() -> Self;
    fn set(&mut self, value: u64);
    fn get(&self) -> Option<u64>;
    fn update(&mut self);
    fn take(&mut self) -> Option<u64>;
    /// Reads in place, through `with_…` (a borrow, or under the lock).
    fn with(&self) -> u64;
}

fn bump(value: Option<&u64>) -> u64 {
    value.copied().unwrap_or(0).wrapping_add(1)
}

/// A getter over any `V: Clone` clones (`Option::clone` matches on the
/// variant); only a getter written for a `Copy` type could copy the bits.
#[inline(always)]
#[expect(clippy::ref_option, reason = "the hand-written getter clones the `Option` it borrows")]
fn clone_of<V: Clone>(value: &Option<V>) -> Option<V> {
    value.clone()
}

fn read(value: Option<&u64>) -> u64 {
    value.copied().unwrap_or(0)
}

fn allowed(value: &u64) -> bool {
    *value != u64::MAX
}

// ---- mode owned -------------------------------------------------------

#[private_tracker]
fn owned_tracker(#[get] label: &'static str) -> u64;

#[private_tracker(guard = allowed)]
fn owned_guarded_tracker(#[get] label: &'static str) -> u64;

/// What a person writes by hand instead of `owned_tracker`.
struct HandOwned {
    _label: &'static str,
    value: Option<u64>,
}

impl Subject for OwnedTracker {
    #[inline(always)]
    fn with(&self) -> u64 {
        self.with_owned(read)
    }
    #[inline(always)]
    fn new() -> Self {
        owned_tracker("bench")
    }
    #[inline(always)]
    fn set(&mut self, value: u64) {
        self.set_owned(value);
    }
    #[inline(always)]
    fn get(&self) -> Option<u64> {
        self.owned().copied()
    }
    #[inline(always)]
    fn update(&mut self) {
        self.update_owned(bump);
    }
    #[inline(always)]
    fn take(&mut self) -> Option<u64> {
        self.take_owned()
    }
}

impl Subject for OwnedGuardedTracker {
    #[inline(always)]
    fn with(&self) -> u64 {
        self.with_owned_guarded(read)
    }
    #[inline(always)]
    fn new() -> Self {
        owned_guarded_tracker("bench")
    }
    #[inline(always)]
    fn set(&mut self, value: u64) {
        black_box(self.set_owned_guarded(value).is_ok());
    }
    #[inline(always)]
    fn get(&self) -> Option<u64> {
        self.owned_guarded().copied()
    }
    #[inline(always)]
    fn update(&mut self) {
        black_box(self.update_owned_guarded(bump).is_ok());
    }
    #[inline(always)]
    fn take(&mut self) -> Option<u64> {
        self.take_owned_guarded()
    }
}

impl Subject for HandOwned {
    #[inline(always)]
    fn with(&self) -> u64 {
        read(self.value.as_ref())
    }
    #[inline(always)]
    fn new() -> Self {
        Self { _label: "bench", value: None }
    }
    #[inline(always)]
    fn set(&mut self, value: u64) {
        self.value = Some(value);
    }
    #[inline(always)]
    fn get(&self) -> Option<u64> {
        // The getter a person writes: a borrow, as the generated one returns.
        self.value.as_ref().copied()
    }
    #[inline(always)]
    fn update(&mut self) {
        self.value = Some(bump(self.value.as_ref()));
    }
    #[inline(always)]
    fn take(&mut self) -> Option<u64> {
        self.value.take()
    }
}

/// The hand-written guarded version: check, then store or hand back.
struct HandOwnedGuarded(HandOwned);

impl Subject for HandOwnedGuarded {
    #[inline(always)]
    fn with(&self) -> u64 {
        self.0.with()
    }
    #[inline(always)]
    fn new() -> Self {
        Self(HandOwned::new())
    }
    #[inline(always)]
    fn set(&mut self, value: u64) {
        let result = if allowed(&value) {
            self.0.value = Some(value);
            Ok(())
        } else {
            Err(value)
        };
        black_box(result.is_ok());
    }
    #[inline(always)]
    fn get(&self) -> Option<u64> {
        self.0.get()
    }
    #[inline(always)]
    fn update(&mut self) {
        let next = bump(self.0.value.as_ref());
        let result = if allowed(&next) {
            self.0.value = Some(next);
            Ok(())
        } else {
            Err(next)
        };
        black_box(result.is_ok());
    }
    #[inline(always)]
    fn take(&mut self) -> Option<u64> {
        self.0.take()
    }
}

// ---- mode shared ------------------------------------------------------

#[private_tracker(shared)]
fn shared_tracker(#[get] label: &'static str) -> u64;

/// What a person writes by hand instead of `shared_tracker`.
struct HandShared(Rc<RefCell<Option<u64>>>);

impl Subject for SharedTracker {
    #[inline(always)]
    fn with(&self) -> u64 {
        self.with_shared(read)
    }
    #[inline(always)]
    fn new() -> Self {
        shared_tracker("bench")
    }
    #[inline(always)]
    fn set(&mut self, value: u64) {
        self.set_shared(value);
    }
    #[inline(always)]
    fn get(&self) -> Option<u64> {
        self.shared()
    }
    #[inline(always)]
    fn update(&mut self) {
        self.update_shared(bump);
    }
    #[inline(always)]
    fn take(&mut self) -> Option<u64> {
        self.take_shared()
    }
}

impl Subject for HandShared {
    #[inline(always)]
    fn with(&self) -> u64 {
        read(self.0.borrow().as_ref())
    }
    #[inline(always)]
    fn new() -> Self {
        Self(Rc::new(RefCell::new(None)))
    }
    #[inline(always)]
    fn set(&mut self, value: u64) {
        *self.0.borrow_mut() = Some(value);
    }
    #[inline(always)]
    fn get(&self) -> Option<u64> {
        // The getter a person writes for a `V: Clone`, as the generated one is.
        clone_of(&self.0.borrow())
    }
    #[inline(always)]
    fn update(&mut self) {
        let next = bump(self.0.borrow().as_ref());
        *self.0.borrow_mut() = Some(next);
    }
    #[inline(always)]
    fn take(&mut self) -> Option<u64> {
        self.0.borrow_mut().take()
    }
}

// ---- mode sync --------------------------------------------------------

#[private_tracker(sync)]
fn sync_tracker(#[get] label: &'static str) -> u64;

/// What a person writes by hand instead of `sync_tracker`.
struct HandSync(Arc<Mutex<Option<u64>>>);

impl Subject for SyncTracker {
    #[inline(always)]
    fn with(&self) -> u64 {
        self.with_sync(read)
    }
    #[inline(always)]
    fn new() -> Self {
        sync_tracker("bench")
    }
    #[inline(always)]
    fn set(&mut self, value: u64) {
        self.set_sync(value);
    }
    #[inline(always)]
    fn get(&self) -> Option<u64> {
        self.sync()
    }
    #[inline(always)]
    fn update(&mut self) {
        self.update_sync(bump);
    }
    #[inline(always)]
    fn take(&mut self) -> Option<u64> {
        self.take_sync()
    }
}

impl Subject for HandSync {
    #[inline(always)]
    fn with(&self) -> u64 {
        read(self.0.lock().unwrap().as_ref())
    }
    #[inline(always)]
    fn new() -> Self {
        Self(Arc::new(Mutex::new(None)))
    }
    #[inline(always)]
    fn set(&mut self, value: u64) {
        *self.0.lock().unwrap() = Some(value);
    }
    #[inline(always)]
    fn get(&self) -> Option<u64> {
        // The getter a person writes for a `V: Clone`, as the generated one is.
        clone_of(&self.0.lock().unwrap())
    }
    #[inline(always)]
    fn update(&mut self) {
        let mut guard = self.0.lock().unwrap();
        let next = bump(guard.as_ref());
        *guard = Some(next);
    }
    #[inline(always)]
    fn take(&mut self) -> Option<u64> {
        self.0.lock().unwrap().take()
    }
}

// ---- workloads --------------------------------------------------------

/// One operation, `iterations` times, on a subject made outside the count.
#[derive(Clone, Copy)]
enum Op {
    With,
    Set,
    Get,
    Update,
    Take,
}

#[inline(always)]
fn work<S: Subject>(subject: &mut S, op: Op, iterations: u64) {
    for i in 0..iterations {
        // Opaque on every iteration, so the optimiser cannot fold the loop
        // (a chain of updates into one addition, say) for either side.
        let subject = black_box(&mut *subject);
        match op {
            Op::With => {
                black_box(subject.with());
            }
            Op::Set => subject.set(black_box(i)),
            Op::Get => {
                black_box(subject.get());
            }
            Op::Update => subject.update(),
            Op::Take => {
                subject.set(black_box(i));
                black_box(subject.take());
            }
        }
    }
}

/// Declares one `#[inline(never)]` entry per (subject, operation): the
/// function callgrind counts, found by its name.
macro_rules! workloads {
    ($($name:ident: $subject:ty, $op:ident;)*) => {
        $(
            #[inline(never)]
            fn $name(subject: &mut $subject, iterations: u64) {
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
}

/// (mode, operation, generated workload, hand-written workload, threshold).
const PAIRS: &[(&str, &str, &str, &str, f64)] = &[
    ("owned", "set", "owned_generated_set", "owned_hand_set", 1.00),
    ("owned", "get", "owned_generated_get", "owned_hand_get", 1.00),
    ("owned", "update", "owned_generated_update", "owned_hand_update", 1.00),
    ("owned", "with", "owned_generated_with", "owned_hand_with", 1.00),
    ("owned", "set + take", "owned_generated_take", "owned_hand_take", 1.00),
    ("owned, guarded", "set", "owned_guarded_generated_set", "owned_guarded_hand_set", 1.00),
    ("owned, guarded", "update", "owned_guarded_generated_update", "owned_guarded_hand_update", 1.00),
    ("shared", "set", "shared_generated_set", "shared_hand_set", 1.02),
    ("shared", "get", "shared_generated_get", "shared_hand_get", 1.02),
    ("shared", "update", "shared_generated_update", "shared_hand_update", 1.02),
    ("shared", "with", "shared_generated_with", "shared_hand_with", 1.02),
    ("shared", "set + take", "shared_generated_take", "shared_hand_take", 1.02),
    ("sync", "set", "sync_generated_set", "sync_hand_set", 1.02),
    ("sync", "get", "sync_generated_get", "sync_hand_get", 1.02),
    ("sync", "update", "sync_generated_update", "sync_hand_update", 1.02),
    ("sync", "with", "sync_generated_with", "sync_hand_with", 1.02),
    ("sync", "set + take", "sync_generated_take", "sync_hand_take", 1.02),
];

/// Instructions per operation in the workload `name`: the difference between
/// runs of `2 * iterations` and `iterations`, so that the call's fixed cost
/// (prologue, setup) cancels out and only the loop's body counts.
fn per_operation(name: &str, iterations: u64) -> Result<f64, String> {
    let (once, twice) = (count(name, iterations)?, count(name, 2 * iterations)?);
    let extra =
        twice.checked_sub(once).ok_or_else(|| format!("{name}: more work counted fewer instructions"))?;
    #[expect(clippy::cast_precision_loss, reason = "instruction counts far below 2^52")]
    Ok(extra as f64 / iterations as f64)
}

/// Instructions callgrind counted inside the workload `name`.
fn count(name: &str, iterations: u64) -> Result<u64, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = std::env::temp_dir().join(format!("tracker-callgrind-{}-{name}.out", std::process::id()));
    let status = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(format!("--toggle-collect=*{name}"))
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
    text.lines()
        .find_map(|line| line.strip_prefix("summary:").or_else(|| line.strip_prefix("totals:")))
        .and_then(|total| total.split_whitespace().next()?.parse().ok())
        .ok_or_else(|| format!("no instruction total in callgrind's output for {name}"))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let value_of = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1));
    let smoke = args.iter().any(|a| a == "--smoke");
    let iterations: u64 =
        value_of("--iterations").and_then(|n| n.parse().ok()).unwrap_or(if smoke { 1_000 } else { 100_000 });
    if let Some(name) = value_of("--workload") {
        return if run(name, iterations) { ExitCode::SUCCESS } else { ExitCode::FAILURE };
    }

    println!("Instructions per operation, {iterations} iterations, counted by callgrind\n");
    println!("| mode | operation | generated | hand-written | ratio | limit |");
    println!("|---|---|---|---|---|---|");
    let mut failed = false;
    for &(mode, op, generated, hand, limit) in PAIRS {
        let (per_g, per_h) = match (per_operation(generated, iterations), per_operation(hand, iterations)) {
            (Ok(g), Ok(h)) => (g, h),
            (Err(e), _) | (_, Err(e)) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        };
        let ratio = per_g / per_h;
        let verdict = if ratio > limit { "FAIL" } else { "ok" };
        failed |= ratio > limit;
        println!("| {mode} | {op} | {per_g:.2} | {per_h:.2} | {ratio:.3} | {limit:.2} {verdict} |");
    }
    if failed {
        eprintln!("\ngenerated code costs more than the hand-written equivalent (see FAIL above)");
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
