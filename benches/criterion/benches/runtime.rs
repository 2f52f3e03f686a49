//! Wall-clock time per operation: each generated tracker against the
//! hand-written code it replaces, the same subjects and loop that
//! `benches/instructions.rs` counts instructions of.
//!
//! ```text
//! cargo bench -p tracker-benches --bench runtime
//! ```
//!
//! Each group is one mode and operation; its two functions, `generated` and
//! `hand-written`, run back to back in the same process. Criterion reports
//! the time per operation (`thrpt` is operations per second). The machine is
//! shared: read the two lines of a group against each other, not across runs.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

#[path = "../../subjects/mod.rs"]
mod subjects;

use subjects::{
    HandOwned, HandOwnedGuarded, HandShared, HandSync, Op, OwnedGuardedTracker, OwnedTracker, SharedTracker,
    Subject, SyncTracker, work,
};

/// Operations per measured iteration: enough that criterion's own overhead
/// per iteration is noise.
const OPERATIONS: u64 = 1_000;

/// One group: `G` (generated) and `H` (hand-written) doing `op`.
fn pair<G: Subject, H: Subject>(c: &mut Criterion, mode: &str, operation: &str, op: Op) {
    let mut group = c.benchmark_group(format!("{mode}/{operation}"));
    group.throughput(Throughput::Elements(OPERATIONS));
    let mut generated = G::new();
    generated.set(1);
    group.bench_function("generated", |b| b.iter(|| work(&mut generated, op, OPERATIONS)));
    let mut hand = H::new();
    hand.set(1);
    group.bench_function("hand-written", |b| b.iter(|| work(&mut hand, op, OPERATIONS)));
    group.finish();
}

/// The five operations of one mode.
fn mode<G: Subject, H: Subject>(c: &mut Criterion, mode: &str) {
    pair::<G, H>(c, mode, "set", Op::Set);
    pair::<G, H>(c, mode, "get", Op::Get);
    pair::<G, H>(c, mode, "update", Op::Update);
    pair::<G, H>(c, mode, "with", Op::With);
    pair::<G, H>(c, mode, "set + take", Op::Take);
}

fn runtime(c: &mut Criterion) {
    mode::<OwnedTracker, HandOwned>(c, "owned");
    pair::<OwnedGuardedTracker, HandOwnedGuarded>(c, "owned, guarded", "set", Op::Set);
    pair::<OwnedGuardedTracker, HandOwnedGuarded>(c, "owned, guarded", "update", Op::Update);
    mode::<SharedTracker, HandShared>(c, "shared");
    mode::<SyncTracker, HandSync>(c, "sync");
}

criterion_group!(benches, runtime);
criterion_main!(benches);
