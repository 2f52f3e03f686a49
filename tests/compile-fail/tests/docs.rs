//! What a user reads (SPEC 10): every generated signature on the docs page
//! of a user's crate reads as the same item written by hand. It builds the
//! docs of `tests/docs-user` (trackers with every option, in every mode,
//! with watchers) by a cargo of its own, and reads each page's signatures:
//! the constructor's, the struct's, every method's and every impl's
//! header.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Types of `private-tracker` that are hidden from its docs, or that only
/// its storage names: none may stand in a generated signature.
const HIDDEN: &[&str] = &[
    "Initialized",
    "Entries",
    "Sealed",
    "Unguarded",
    "Watched",
    "OwnedStorage",
    "Owned",
    "Shared",
    "Synced",
    "Handle",
    "Lend",
    "Slot",
    "Log",
    "History",
    "Traced",
    "Untraced",
    "Unobserved",
    "Observed",
    "LocalObserved",
    "SyncObserved",
    "Reveal",
    "Guard",
    "named_apart",
];

/// What is wrong with one signature as rustdoc shows it, if anything.
fn faults(signature: &str) -> Vec<String> {
    let mut faults = Vec::new();
    if signature.contains("__") {
        faults.push("a `__` name".to_owned());
    }
    if signature.contains("for<'") {
        faults.push("a higher-ranked bound".to_owned());
    }
    if signature.contains(" as ") {
        faults.push("an associated-type projection".to_owned());
    }
    let words = signature.split(|c: char| !(c.is_alphanumeric() || c == '_'));
    for word in words.filter(|word| HIDDEN.contains(word)) {
        faults.push(format!("the hidden type `{word}`"));
    }
    // A `where` predicate must bound a generic parameter of the item (the
    // trackers here have none of their own) or `Self`: one that names only
    // concrete types (`String: Clone`) is no bound a person writes.
    if let Some((head, predicates)) = signature.split_once("where") {
        let generics: Vec<&str> = head
            .split_once('<')
            .and_then(|(_, rest)| rest.split_once('>'))
            .map(|(params, _)| {
                params.split(',').map(|param| param.trim().split(':').next().unwrap_or("").trim()).collect()
            })
            .unwrap_or_default();
        for predicate in top_level(predicates).into_iter().filter(|predicate| !predicate.is_empty()) {
            let bounded = predicate.split(':').next().unwrap_or("").trim();
            if bounded != "Self" && !generics.contains(&bounded) {
                faults.push(format!("the bound `{predicate}` over concrete types"));
            }
        }
    }
    faults
}

/// `list` split at the commas outside brackets, each part trimmed.
fn top_level(list: &str) -> Vec<&str> {
    let (mut parts, mut depth, mut start) = (Vec::new(), 0_i32, 0);
    for (index, c) in list.char_indices() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(list[start..index].trim());
                start = index + 1;
            }
            _ => {}
        }
    }
    parts.push(list[start..].trim());
    parts
}

/// The text of each signature on a rustdoc page: the item's declaration
/// and the headers of its impls and methods, but not those of auto traits
/// and blanket impls, which rustdoc writes for any type.
fn signatures(page: &str) -> Vec<String> {
    let page = match (
        page.find("id=\"implementations-list\""),
        page.find("id=\"synthetic-implementations-list\""),
    ) {
        (Some(start), Some(end)) => &page[start..end],
        (Some(start), None) => &page[start..],
        _ => page,
    };
    let mut found = Vec::new();
    for (open, close) in [("class=\"code-header\">", "</h"), ("<pre class=\"rust item-decl\">", "</pre>")] {
        let mut rest = page;
        while let Some(start) = rest.find(open) {
            rest = &rest[start + open.len()..];
            let end = rest.find(close).unwrap_or(rest.len());
            found.push(text(&rest[..end]));
            rest = &rest[end..];
        }
    }
    found
}

/// HTML as text: tags dropped, entities decoded, white space folded.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'");
    let out = out.replace("&nbsp;", " ").replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_checks_catch_what_they_look_for() {
    assert_eq!(faults("pub fn set_action(&mut self, __value: u32)").len(), 1);
    assert_eq!(faults("pub fn into_fn(self) -> impl FnMut(Option<u8>) where for<'any> u8: Clone").len(), 2);
    assert_eq!(faults("impl ConfigTracker where Config: Clone").len(), 1);
    assert_eq!(faults("impl Eq for NoteTracker where String: Eq, (u8, u8): Eq,").len(), 2);
    assert_eq!(
        faults("pub fn history(&self) -> Entries<'_, Initialized<String, T>, String, 16, Traced>").len(),
        3
    );
    assert_eq!(faults("pub fn get(&self) -> <<W as Watched>::Storage as Handle>::Out").len(), 3);
    assert!(faults("fn hash_slice<H>(data: &[Self], state: &mut H) where H: Hasher, Self: Sized").is_empty());
    assert!(faults("pub fn set_note(&mut self, value: String) -> Result<(), Rejected<String>>").is_empty());
}

#[test]
fn generated_signatures_read_as_hand_written_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    // The target directory of `feature_user.rs`'s cargo, whose build of
    // the facade and the macro this one shares (the two run one after the
    // other; the outer `cargo test` holds its own target directory).
    let target = target.join("feature-user");
    let status = Command::new(env!("CARGO"))
        .args(["doc", "--quiet", "--no-deps", "--package", "docs-user", "--target-dir"])
        .arg(&target)
        .current_dir(&root)
        .status()
        .expect("cargo runs");
    assert!(status.success(), "`cargo doc -p docs-user` failed: its output is above");
    let mut pages = 0;
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(target.join("doc/docs_user")).expect("the docs were written") {
        let path = entry.expect("a directory entry").path();
        let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default().to_owned();
        if !(name.starts_with("struct.") || name.starts_with("fn.")) {
            continue;
        }
        pages += 1;
        let page = std::fs::read_to_string(&path).expect("a page");
        // Generated docs name the tracker's doors by their real names
        // (`undo_note`), not by a stem with an ellipsis (`undo_…`).
        if page.contains("_…") {
            problems.push(format!("{name}: a door named `…_…` in the generated docs"));
        }
        for signature in signatures(&page) {
            for fault in faults(&signature) {
                problems.push(format!("{name}: {fault} in `{signature}`"));
            }
        }
    }
    assert_eq!(pages, 12, "six trackers, each a struct page and a constructor page");
    assert!(problems.is_empty(), "generated signatures a person would not write:\n{}", problems.join("\n"));
}
