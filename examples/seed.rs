//! The seed: three JavaScript ways to track a button's last action, and the
//! same three in Rust, printing one line per `console.log` of the original.
//!
//! ```text
//! cargo run --example seed
//! ```

use std::collections::BTreeMap;
use std::sync::Mutex;

use private_tracker::private_tracker;

// 1. A global map: anyone can read or overwrite anyone's entry.
//
//    var tracking = {};
//    var setAction = function (choice, action) { tracking[choice] = action; };
//    setAction("red", "click");
//    console.log(tracking["red"]);             // "click"

static TRACKING: Mutex<BTreeMap<&str, &str>> = Mutex::new(BTreeMap::new());

fn set_action(choice: &'static str, action: &'static str) {
    TRACKING.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(choice, action);
}

// 2. A closure: the map is private to each tracker, reached only by calling it.
//
//    var actionTracker = function (choice) {
//      var tracking = {};
//      return function (action) {
//        if (action) { tracking[choice] = action; }
//        return tracking[choice];
//      };
//    };
//    var redTracker = actionTracker("red");
//    redTracker("click");
//    console.log(redTracker());                // "click"
//    var blueTracker = actionTracker("blue");
//    console.log(blueTracker());               // undefined
//
// 3. An object with a getter and a setter over the same private storage.
//
//    var actionTracker = function (choice) {
//      var tracking = {};
//      return {
//        setAction: function (action) { if (action) { tracking[choice] = action; } },
//        getAction: function () { return tracking[choice]; }
//      };
//    };
//    var red = actionTracker("red");
//    red.setAction("click");
//    console.log(red.getAction());             // "click"
//    var blue = actionTracker("blue");
//    blue.setAction("touch");
//    console.log(blue.getAction());            // "touch"
//    console.log(red.getAction());             // "click"
//
// In Rust, one declaration gives both: `into_fn` is snippet 2's function,
// the methods are snippet 3's object. The guard is the seed's `if (action)`.

/// Tracks the last action on one button colour.
#[private_tracker(guard = private_tracker::truthy)]
fn action_tracker(#[get] choice: &'static str) -> &'static str;

/// JavaScript's rendering of a value that may be `undefined`.
fn js(value: Option<&str>) -> String {
    value.map_or_else(|| "undefined".to_owned(), |value| format!("{value:?}"))
}

/// The seed's six `console.log` lines, each naming its call.
pub(crate) fn lines() -> Vec<String> {
    let mut lines = Vec::new();

    // 1. The global map.
    set_action("red", "click");
    let red = TRACKING.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get("red").copied();
    lines.push(format!("tracking[\"red\"] -> {}", js(red)));

    // 2. The closure.
    let mut red_tracker = action_tracker("red").into_fn();
    red_tracker(Some("click"));
    lines.push(format!("redTracker() -> {}", js(red_tracker(None))));
    let mut blue_tracker = action_tracker("blue").into_fn();
    lines.push(format!("blueTracker() -> {}", js(blue_tracker(None))));

    // 3. The object. `set_action` hands back a value the guard refuses; these
    // values are truthy, so the writes land.
    let mut red = action_tracker("red");
    red.set_action("click").expect("\"click\" is truthy");
    lines.push(format!("red.getAction() -> {}", js(red.action())));
    let mut blue = action_tracker("blue");
    blue.set_action("touch").expect("\"touch\" is truthy");
    lines.push(format!("blue.getAction() -> {}", js(blue.action())));
    lines.push(format!("red.getAction() -> {}", js(red.action())));

    lines
}

fn main() {
    for line in lines() {
        println!("{line}");
    }
}
