//! The seed: three JavaScript ways to keep the last action on a button, and
//! the same three in Rust, call for call. Each `console.log` of the seed
//! prints one line: its argument, ` -> `, and the value the seed's comment shows.
//!
//! ```text
//! cargo run --example seed
//! ```

use std::collections::BTreeMap;
use std::sync::Mutex;

use private_tracker::private_tracker;

// Snippet 1, a global map: `trackActions` keeps the actions, and so can
// anyone else, since `tracking` is open to every line of the program.
//
// ```js
// var tracking = {};
// function trackActions(item, choice) {
//   if (choice) {
//     tracking[item] = choice;
//   }
//   return tracking[item];
// }
// trackActions("red", "click");
// console.log(trackActions("red")); // "click"
// console.log(tracking.red); // "click"
// ```

static TRACKING: Mutex<BTreeMap<&str, &str>> = Mutex::new(BTreeMap::new());

fn track_actions(item: &'static str, choice: Option<&'static str>) -> Option<&'static str> {
    let mut tracking = TRACKING.lock().unwrap();
    if let Some(choice) = choice.filter(private_tracker::truthy) {
        tracking.insert(item, choice);
    }
    tracking.get(item).copied()
}

// Snippet 2, a closure: each tracker's map is its own, reached only by calling it.
//
// ```js
// function actionTracker(item) {
//   var tracking = {};
//   return function (choice) {
//     if (choice) {
//       tracking[item] = choice;
//     }
//     return tracking[item];
//   };
// }
// var redTracker = actionTracker("red");
// var blueTracker = actionTracker("blue");
// console.log(blueTracker()); // undefined
// blueTracker("click");
// redTracker("touch");
// console.log(blueTracker()); // "click"
// console.log(redTracker()); // "touch"
// ```
//
// Snippet 3, an object with a getter and a setter over the same private storage.
//
// ```js
// var actionTracker = function (choice) {
//   var tracking = {};
//   return {
//     setAction: function (action) { if (action) { tracking[choice] = action; } },
//     getAction: function () { return tracking[choice]; }
//   };
// };
// var redTracker = actionTracker("red");
// redTracker.setAction("click");
// console.log(redTracker.getAction()); // "click"
// ```
//
// In Rust, one declaration gives both: `into_fn()` is snippet 2's function,
// `set_action` and `action` are snippet 3's setter and getter, and the guard
// is the seed's `if (choice)`. Nothing else reaches the stored action, and
// nothing at all reaches `item`, as in the seed.

/// The last action on the button of one colour.
#[private_tracker(guard = private_tracker::truthy)]
fn action_tracker(item: &'static str) -> &'static str;

/// One `console.log`: its argument, and the value as JavaScript shows it.
fn log(argument: &str, value: Option<&str>) -> String {
    match value {
        Some(value) => format!("{argument} -> {value:?}"),
        None => format!("{argument} -> undefined"),
    }
}

/// The seed's six `console.log` lines.
pub(crate) fn lines() -> Vec<String> {
    let mut lines = Vec::new();

    // Snippet 1.
    track_actions("red", Some("click"));
    lines.push(log(r#"trackActions("red")"#, track_actions("red", None)));
    lines.push(log("tracking.red", TRACKING.lock().unwrap().get("red").copied()));

    // Snippet 2: `None` reads, `Some(choice)` writes, then reads.
    let mut red_tracker = action_tracker("red").into_fn();
    let mut blue_tracker = action_tracker("blue").into_fn();
    lines.push(log("blueTracker()", blue_tracker(None)));
    blue_tracker(Some("click"));
    red_tracker(Some("touch"));
    lines.push(log("blueTracker()", blue_tracker(None)));
    lines.push(log("redTracker()", red_tracker(None)));

    // Snippet 3. Where the seed drops a falsy action, `set_action` hands it
    // back in an `Err`.
    let mut red_tracker = action_tracker("red");
    red_tracker.set_action("click").expect("\"click\" is truthy");
    lines.push(log("redTracker.getAction()", red_tracker.action()));

    lines
}

fn main() {
    for line in lines() {
        println!("{line}");
    }
}
