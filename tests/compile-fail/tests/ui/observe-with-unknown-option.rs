// `observe` takes one option, `distinct`; another is one error at it, and
// the tracker is observed all the same, so its uses add none.
#[private_tracker::private_tracker(sync, observe(disctinct))]
pub fn typo_tracker() -> u8;

#[private_tracker::private_tracker(trace(distinct))]
pub fn traced_tracker() -> u8;

fn main() {
    let typo = typo_tracker();
    typo.set_typo(1);
    let _ = typo.version();
    let traced = traced_tracker();
    let _ = traced.last_write_at();
}
