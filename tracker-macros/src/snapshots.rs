//! Expansion snapshots: what representative declarations expand to,
//! formatted with prettyplease, checked in under `src/snapshots/`.
//!
//! A reviewer reads the `.snap` files to see the generated code. After an
//! intended change, `INSTA_UPDATE=always cargo test -p tracker-macros` (or
//! `cargo insta review`) rewrites them; read the diff before committing.

use proc_macro2::TokenStream;
use quote::quote;

/// Expands `#[private_tracker(args)] item` and pretty-prints the result.
fn expand(args: TokenStream, item: TokenStream) -> String {
    let output = crate::expand(args, item);
    match syn::parse2::<syn::File>(output.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(error) => panic!("the expansion is not valid Rust ({error}):\n{output}"),
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

snapshot!(
    owned_minimal,
    (),
    /// Counts clicks.
    pub fn click_tracker() -> u32;
);

snapshot!(
    owned_seed_with_guard_and_getter,
    (guard = tracker::truthy),
    pub fn action_tracker(#[get] choice: &'static str) -> &'static str;
);

snapshot!(
    owned_elided_lifetimes_and_patterns,
    (name = Labels, field = label),
    pub(crate) fn labels(prefix: &str, (width, height): (u16, u16), _: u8) -> &str;
);

snapshot!(
    owned_generics_where_and_closure_guard,
    (guard = |v: &T| *v > T::default(), crate = ::tracker),
    fn bounded<'k, T: Copy, const N: usize>(#[get] keys: [&'k str; N]) -> T
    where
        T: PartialOrd + Default;
);

snapshot!(error_keeps_the_constructor, (shard), pub fn action_tracker(choice: &'static str) -> &'static str;);
