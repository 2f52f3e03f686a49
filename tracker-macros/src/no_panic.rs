//! No input panics the macro: generated and mutated declarations and
//! argument lists go through the whole expansion, which must return tokens
//! that parse as items (the tracker, or `compile_error!`s and what could be
//! kept), never panic.
//!
//! `cargo test` runs 256 cases of each property; for a longer search:
//!
//! ```text
//! PROPTEST_CASES=100000 cargo test -p private-tracker-macros --release no_panic
//! ```

use proc_macro2::TokenStream;
use proptest::prelude::*;

/// Pieces of attribute arguments, valid and not.
const ARG_PIECES: &[&str] = &[
    "shared",
    "sync",
    "shard",
    "name",
    "field",
    "guard",
    "crate",
    "=",
    ",",
    "::",
    "tracker",
    "truthy",
    "Tracker",
    "value",
    "type",
    "fn",
    "5",
    "\"s\"",
    "|v: &u8| *v > 0",
    "|v| v.is_empty()",
    "(",
    ")",
    "::private_tracker",
    "private_tracker::truthy",
    "name = X",
    "field = y",
    "guard = private_tracker::truthy",
    "crate = ::private_tracker",
    "#",
];

/// Pieces of declarations, valid and not.
const ITEM_PIECES: &[&str] = &[
    "#[get]",
    "#[doc = \"d\"]",
    "#[cfg(all())]",
    "#[inline]",
    "pub",
    "pub(crate)",
    "pub(super)",
    "pub(in crate)",
    "const",
    "async",
    "unsafe",
    "extern \"C\"",
    "fn",
    "struct",
    "action_tracker",
    "tracker",
    "r#type",
    "<T>",
    "<'a>",
    "<const N: usize>",
    "<T: Clone>",
    "(",
    ")",
    "choice: &str",
    "choice: &'static str",
    "(a, b): (u8, u8)",
    "_: u8",
    "mut m: String",
    "&self",
    "self",
    "...",
    "x: impl Sized",
    ",",
    "->",
    "&str",
    "u8",
    "Vec<T>",
    "Self",
    "()",
    "!",
    "_",
    "impl Sized",
    "[u8; N]",
    "fn(&str) -> &str",
    "Option<&'a T>",
    "where T: Clone",
    "where",
    ";",
    "{}",
    "{ 1 }",
    "'a",
    "&",
    "::",
    "<",
    ">",
    "dyn Fn(&str)",
];

/// A valid declaration, for the mutation property.
const VALID: &str =
    "pub fn action_tracker<'a, T: Clone>(#[get] choice: &'a str, (x, y): (u8, T)) -> &'a T where T: Send;";

/// Runs the macro and checks the output is made of items.
fn expands_to_items(args: &str, item: &str) -> Result<(), TestCaseError> {
    // Text that does not even lex is no input a macro can receive.
    let (Ok(args), Ok(item)) = (args.parse::<TokenStream>(), item.parse::<TokenStream>()) else {
        return Ok(());
    };
    let output = crate::expand(args.clone(), item.clone());
    prop_assert!(
        syn::parse2::<syn::File>(output.clone()).is_ok(),
        "not items: #[private_tracker({args})] {item}\n=> {output}"
    );
    Ok(())
}

fn pieces(from: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(from), 0..max).prop_map(|pieces| pieces.join(" "))
}

/// Names as a hostile user writes them: leading digits or underscores, only
/// underscores, raw identifiers, non-ASCII letters, keywords, and names of
/// the generated methods.
fn hostile_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "(r#)?[_a-z0-9éßΩ]{1,12}",
        "_{1,4}[0-9]{0,2}(_tracker)?",
        proptest::sample::select(
            &[
                "self_",
                "Self",
                "r#type",
                "r#self",
                "type",
                "fn",
                "tracker",
                "_tracker",
                "x__y___tracker",
                "into_fn_tracker",
                "ptr_eq_tracker",
                "clone",
                "fmt",
                "__storage",
                "T",
                "R",
                "ÉclairTracker",
            ][..]
        )
        .prop_map(str::to_owned),
    ]
}

proptest! {
    #[test]
    fn hostile_names(
        constructor in hostile_name(),
        name in proptest::option::of(hostile_name()),
        field in proptest::option::of(hostile_name()),
        mode in proptest::sample::select(&["", "shared, ", "sync, "][..]),
    ) {
        let name = name.map(|name| format!("name = {name}, ")).unwrap_or_default();
        let field = field.map(|field| format!("field = {field}, ")).unwrap_or_default();
        let args = format!("{mode}{name}{field}");
        let item = format!("pub fn {constructor}<T: Clone>(#[get] x: T, #[get] r#type: u8) -> T;");
        expands_to_items(&args, &item)?;
    }

    #[test]
    fn random_arguments_and_declarations(args in pieces(ARG_PIECES, 8), item in pieces(ITEM_PIECES, 16)) {
        expands_to_items(&args, &item)?;
    }

    #[test]
    fn random_arguments_on_a_valid_declaration(args in pieces(ARG_PIECES, 10)) {
        expands_to_items(&args, VALID)?;
    }

    #[test]
    fn mutated_valid_declarations(
        edits in proptest::collection::vec((0..64_usize, proptest::sample::select(ITEM_PIECES), any::<bool>()), 1..4),
        args in pieces(ARG_PIECES, 4),
    ) {
        // Split the valid declaration into tokens and, at random places,
        // replace one with a piece or insert a piece before it.
        let mut tokens: Vec<String> = VALID.parse::<TokenStream>().unwrap().into_iter().map(|t| t.to_string()).collect();
        for (at, piece, replace) in edits {
            let at = at % (tokens.len() + 1);
            if replace && at < tokens.len() {
                tokens[at] = piece.to_owned();
            } else {
                tokens.insert(at, piece.to_owned());
            }
        }
        expands_to_items(&args, &tokens.join(" "))?;
    }
}
