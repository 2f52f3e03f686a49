//! The one message for a tracker used from inside its own closure.

/// Panics because the tracker `name` was called from inside its own
/// `with_…`, `update_…` or `modify_…` closure (or its guard) in a way its
/// mode cannot allow.
#[cold]
#[track_caller]
pub(crate) fn reentrant(name: &str, mode_rule: &str) -> ! {
    panic!(
        "`{name}` was used from inside its own `with_…`, `update_…` or `modify_…` closure, which {mode_rule}; \
         compute what you need in the closure and call the tracker after it returns"
    )
}
