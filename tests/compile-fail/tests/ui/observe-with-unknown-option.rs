// `observe` takes one option, `distinct`, in parentheses; every other way of
// writing it is one error at the mistake, and the tracker is observed all
// the same, so its uses add none.
#[private_tracker::private_tracker(sync, observe(disctinct))]
pub fn typo_tracker() -> u8;

#[private_tracker::private_tracker(observe(distinct, distinct))]
pub fn twice_tracker() -> u8;

#[private_tracker::private_tracker(observe = distinct)]
pub fn assigned_tracker() -> u8;

#[private_tracker::private_tracker(distinct)]
pub fn bare_tracker() -> u8;

#[private_tracker::private_tracker(trace(distinct))]
pub fn traced_tracker() -> u8;

#[private_tracker::private_tracker(history(4))]
pub fn history_tracker() -> u8;

#[private_tracker::private_tracker(shard(x))]
pub fn shard_tracker() -> u8;

fn main() {
    let typo = typo_tracker();
    typo.set_typo(1);
    let _ = typo.version();
    let mut twice = twice_tracker();
    twice.set_twice(1);
    let _ = twice.version();
    let traced = traced_tracker();
    let _ = traced.last_write_at();
    let assigned = assigned_tracker();
    let _ = assigned.version();
    let _ = (bare_tracker(), history_tracker(), shard_tracker());
}
