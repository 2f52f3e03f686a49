//! Expansion snapshots: what representative declarations expand to,
//! formatted with prettyplease, checked in under `src/snapshots/`.
//!
//! A reviewer reads the `.snap` files to see the generated code. After an
//! intended change, `INSTA_UPDATE=always cargo test -p private-tracker-macros` (or
//! `cargo insta review`) rewrites them; read the diff before committing.

use std::fmt::Write as _;

use proc_macro2::TokenStream;
use quote::quote;

/// Expands `#[private_tracker(args)] item` and pretty-prints the result.
///
/// The facade's feature checks wrap parts of the expansion in a macro call
/// (`mode_shared! { … }`, `mode_sync! { … }`, `observe_owned! { … }`,
/// `serde_derives! { … }`), which
/// prettyplease leaves unformatted; the snapshot shows each wrapper as a
/// comment and formats what is inside.
fn expand(args: TokenStream, item: TokenStream) -> String {
    format_items(&crate::expand(args, item))
}

/// Pretty-prints `tokens`, a sequence of items, unwrapping the wrappers.
fn format_items(tokens: &TokenStream) -> String {
    let file = parse(tokens);
    let mut out = String::new();
    let mut plain = Vec::new();
    for item in file.items {
        let wrapper = match &item {
            syn::Item::Macro(wrapper) => {
                let path = quote::ToTokens::to_token_stream(&wrapper.mac.path).to_string().replace(' ', "");
                ["mode_shared", "mode_sync", "observe_owned", "serde_derives", "watch"]
                    .iter()
                    .any(|name| path.ends_with(name))
                    .then(|| (path, wrapper.mac.tokens.clone()))
            }
            _ => None,
        };
        match wrapper {
            Some((path, inner)) => {
                out.push_str(&unparse(std::mem::take(&mut plain)));
                let _ = write!(out, "// {path}! {{\n{}// }}\n", format_items(&inner));
            }
            None => plain.push(item),
        }
    }
    out.push_str(&unparse(plain));
    out
}

fn unparse(items: Vec<syn::Item>) -> String {
    if items.is_empty() {
        return String::new();
    }
    prettyplease::unparse(&syn::File { shebang: None, frontmatter: None, attrs: Vec::new(), items })
}

fn parse(tokens: &TokenStream) -> syn::File {
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => file,
        Err(error) => panic!("the expansion is not valid Rust ({error}):\n{tokens}"),
    }
}

macro_rules! snapshot {
    ($name:ident, ($($args:tt)*), $($item:tt)*) => {
        #[test]
        fn $name() {
            let expanded = expand(quote!($($args)*), quote!($($item)*));
            insta::assert_snapshot!(stringify!($name), expanded, stringify!($($item)*));
        }
    };
}

snapshot! { owned_minimal, (),
    /// Counts clicks.
    pub fn click_tracker() -> u32;
}

snapshot! { owned_seed_with_guard_and_getter, (guard = private_tracker::truthy),
    pub fn action_tracker(#[get] choice: &'static str) -> &'static str;
}

snapshot! { owned_elided_lifetimes_and_patterns, (name = Labels, field = label),
    pub(crate) fn labels(prefix: &str, (width, height): (u16, u16), _: u8) -> &str;
}

snapshot! { owned_generics_where_and_closure_guard, (guard = |v: &T| *v > T::default(), crate = ::private_tracker),
    fn bounded<'k, T: Copy, const N: usize>(#[get] keys: [&'k str; N]) -> T
    where
        T: PartialOrd + Default;
}

snapshot! { error_keeps_the_constructor, (shard),
    pub fn action_tracker(choice: &'static str) -> &'static str;
}

snapshot! { shared_with_guard_and_getter, (shared, guard = private_tracker::truthy),
    pub fn action_tracker(#[get] choice: &'static str) -> &'static str;
}

snapshot! { sync_generic, (sync, name = Counter),
    pub(crate) fn counter<T: Send>(#[get] label: String, _unit: T) -> u64;
}

snapshot! { owned_guard_over_captures, (guard = |n: &u32| *n <= *limit && !label.is_empty()),
    pub fn score_tracker(#[get] label: String, limit: u32, (low, _high): (u32, u32)) -> u32;
}

snapshot! { owned_derives, (),
    #[derive(PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
    pub fn ranked_tracker(#[get] key: u8, secret: String) -> u32;
}

snapshot! { owned_init_with_guard_over_captures, (init = *start, guard = |n: &u32| *n <= *limit),
    /// Counts up to a limit.
    pub fn score_tracker(start: u32, limit: u32) -> u32;
}

snapshot! { sync_init_without_guard, (sync, init = Vec::new()),
    pub fn log_tracker(#[get] label: &'static str) -> Vec<String>;
}

snapshot! { sync_serde_derives, (sync, guard = |n: &u32| *n <= *limit),
    #[derive(Serialize, Deserialize)]
    pub fn score_tracker<'a>(#[get] player: &'a str, #[get] limit: u32) -> u32;
}

snapshot! { owned_observe, (observe, guard = private_tracker::truthy),
    pub fn action_tracker(#[get] choice: &'static str) -> &'static str;
}

snapshot! { shared_observe_init, (shared, observe, init = 0),
    pub fn click_tracker() -> u32;
}

snapshot! { sync_observe, (sync, observe),
    pub fn hits_tracker(#[get] label: String) -> u64;
}

snapshot! { observe_distinct, (shared, observe(distinct)),
    /// The theme, announced only when it changes.
    pub fn theme_tracker() -> &'static str;
}

snapshot! { owned_history_trace, (history = 8, trace, guard = private_tracker::truthy),
    pub fn action_tracker(#[get] choice: &'static str) -> &'static str;
}

snapshot! { shared_history_observe_init, (shared, history = 4, observe, init = 0),
    pub fn click_tracker() -> u32;
}

snapshot! { sync_trace, (sync, trace),
    pub fn hits_tracker<T: Clone + Send>(#[get] label: String) -> T;
}

// A value of the user's type under options that copy it: the tracker is its
// own copier (`Copies`), so that a value that is not `Clone` is one error.
snapshot! { shared_history_observe_user_type, (shared, history = 4, observe, init = Note::default()),
    pub fn note_tracker() -> Note;
}
