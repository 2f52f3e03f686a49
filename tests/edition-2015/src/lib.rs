//! Edition 2015, where `::core` names a module of the crate root: the
//! guard, which the macro writes at the user's tokens, must still reach
//! `core` and the facade.
#![deny(warnings, missing_docs)]

extern crate private_tracker;

use private_tracker::private_tracker;

/// Guarded by a closure.
#[private_tracker(guard = |n: &u8| *n > 0)]
pub fn count_tracker() -> u8;

/// Guarded by a path.
#[private_tracker(guard = private_tracker::truthy)]
pub fn action_tracker(#[get] choice: &'static str) -> &'static str;

/// With a history and a trace, whose `Clone` bound the macro writes at
/// `history`.
#[private_tracker(history = 2, trace, observe)]
pub fn level_tracker() -> u8;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guards_run_in_edition_2015() {
        let mut count = count_tracker();
        assert!(count.set_count(0).is_err());
        assert_eq!(count.set_count(2), Ok(()));
        assert_eq!(count.count(), Some(2));

        let mut action = action_tracker("red");
        assert!(action.set_action("").is_err());
        assert_eq!(action.set_action("go"), Ok(()));
        assert_eq!(action.choice(), "red");
    }

    #[test]
    fn history_and_trace_work_in_edition_2015() {
        let mut level = level_tracker();
        level.set_level(1);
        level.set_level(2);
        assert!(level.undo_level());
        assert_eq!(level.level(), Some(1));
        assert_eq!(level.history_level().len(), 1);
        assert!(level.last_write_at().is_some());
        assert_eq!(level.version(), 3);
    }
}
