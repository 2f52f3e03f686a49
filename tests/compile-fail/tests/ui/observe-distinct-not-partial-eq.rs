// `observe(distinct)` compares each write with the stored value: a value
// that is not `PartialEq` is one error at `distinct`, in every mode, and
// none where the tracker is used.
#[derive(Clone)]
pub struct Opaque(u8);

#[private_tracker::private_tracker(observe(distinct))]
pub fn owned_tracker() -> Opaque;

#[private_tracker::private_tracker(shared, observe(distinct), init = Opaque(0))]
pub fn shared_tracker() -> Opaque;

#[private_tracker::private_tracker(sync, observe(distinct), history = 2)]
pub fn sync_tracker() -> Opaque;

fn main() {
    let mut owned = owned_tracker();
    owned.set_owned(Opaque(1));
    let _ = owned.take_owned();
    let shared = shared_tracker();
    shared.update_shared(|_| Opaque(2));
    let _ = shared.reset_shared();
    let sync = sync_tracker();
    let _ = sync.replace_sync(Opaque(3));
    let _ = sync.undo_sync();
    let _ = sync.version();
}
