//! The one message for a tracker used from inside code it runs.

/// Panics because the tracker `name` was called, in a way its mode cannot
/// allow, from code it was running: a `with_…`, `update_…` or `modify_…`
/// closure, its guard, or a `Clone`, `PartialEq`, `Hash` or `Drop` of its
/// value or captures (the message names them all: the storage cannot tell
/// which it was running).
#[cold]
#[track_caller]
pub(crate) fn reentrant(name: &str, mode_rule: &str) -> ! {
    panic!(
        "`{name}` was used from inside its own `with_…`, `update_…` or `modify_…` closure, its guard, or a `Clone`, \
         `PartialEq`, `Hash` or `Drop` of its value that it runs, which {mode_rule}; compute what you need there \
         and call the tracker after it returns"
    )
}
