//! `cargo run --example seed` prints what the JavaScript seed logs, line for
//! line, and quotes the seed verbatim.

#[path = "../examples/seed.rs"]
#[allow(dead_code, reason = "the example's `main` is not called here")]
mod seed;

#[test]
fn the_seed_logs_what_javascript_logs() {
    assert_eq!(
        seed::lines(),
        [
            r#"trackActions("red") -> "click""#,
            r#"tracking.red -> "click""#,
            "blueTracker() -> undefined",
            r#"blueTracker() -> "click""#,
            r#"redTracker() -> "touch""#,
            r#"redTracker.getAction() -> "click""#,
        ]
    );
}

/// The seed's three snippets, as SPEC §6 and issue 21 give them.
const SNIPPETS: [&str; 3] = [
    r#"var tracking = {};
function trackActions(item, choice) {
  if (choice) {
    tracking[item] = choice;
  }
  return tracking[item];
}
trackActions("red", "click");
console.log(trackActions("red")); // "click"
console.log(tracking.red); // "click""#,
    r#"function actionTracker(item) {
  var tracking = {};
  return function (choice) {
    if (choice) {
      tracking[item] = choice;
    }
    return tracking[item];
  };
}
var redTracker = actionTracker("red");
var blueTracker = actionTracker("blue");
console.log(blueTracker()); // undefined
blueTracker("click");
redTracker("touch");
console.log(blueTracker()); // "click"
console.log(redTracker()); // "touch""#,
    r#"var actionTracker = function (choice) {
  var tracking = {};
  return {
    setAction: function (action) { if (action) { tracking[choice] = action; } },
    getAction: function () { return tracking[choice]; }
  };
};
var redTracker = actionTracker("red");
redTracker.setAction("click");
console.log(redTracker.getAction()); // "click""#,
];

#[test]
fn the_example_quotes_each_snippet_verbatim() {
    let source = include_str!("../examples/seed.rs");
    for snippet in SNIPPETS {
        let quoted: String = snippet.lines().flat_map(|line| ["// ", line, "\n"]).collect();
        assert!(source.contains(&quoted), "examples/seed.rs should quote, in `// ` comments:\n{quoted}");
    }
}
