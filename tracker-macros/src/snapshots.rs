//! Expansion snapshots: what representative declarations expand to,
//! formatted with prettyplease, checked in under `src/snapshots/`.
//!
//! A reviewer reads the `.snap` files to see the generated code. After an
//! intended change, `INSTA_UPDATE=always cargo test -p private-tracker-macros` (or
//! `cargo insta review`) rewrites them; read the diff before committing.

use proc_macro2::TokenStream;
use quote::quote;

/// Expands `#[private_tracker(args)] item` and pretty-prints the result.
///
/// Modes `shared` and `sync` wrap their expansion in the facade's feature
/// check (`mode_shared! { … }`), which prettyplease leaves unformatted; the
/// snapshot shows the wrapper as a comment and formats what is inside.
fn expand(args: TokenStream, item: TokenStream) -> String {
    let output = crate::expand(args, item);
    let file = parse(&output);
    if let [syn::Item::Macro(wrapper)] = file.items.as_slice() {
        let path = quote::ToTokens::to_token_stream(&wrapper.mac.path).to_string().replace(' ', "");
        if path.ends_with("mode_shared") || path.ends_with("mode_sync") {
            let inner = prettyplease::unparse(&parse(&wrapper.mac.tokens));
            return format!("// {path}! {{\n{inner}// }}\n");
        }
    }
    prettyplease::unparse(&file)
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
