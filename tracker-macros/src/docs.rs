//! The rustdoc of every generated item, in one place so it reads as a whole.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::{ToTokens, quote};
use std::fmt::Write as _;

use crate::args::Mode;
use crate::signature::Tracker;

/// The words the docs of one tracker are made of.
pub(crate) struct Words {
    constructor: String,
    field: String,
    value: String,
    guard: Option<String>,
}

impl Words {
    pub(crate) fn new(tracker: &Tracker) -> Self {
        Self {
            constructor: tracker.constructor.to_string(),
            field: crate::naming::unraw(&tracker.field),
            value: code(&tracker.value),
            guard: tracker.guard.as_ref().map(|guard| match guard {
                syn::Expr::Path(path) => format!("the guard `{}`", code(path)),
                _ => "the declaration's guard closure".to_owned(),
            }),
        }
    }

    pub(crate) fn structure(&self, mode: Mode) -> String {
        let Self { constructor, field, value, .. } = self;
        let mut doc = format!(
            "The tracker that `{constructor}` returns: a private `{field}` of type `{value}` that only the methods below can reach.\n\n\
             It starts empty (JavaScript's `undefined`). Nothing else, not even code in the module that declares it, can read or change the `{field}` or the arguments `{constructor}` captured."
        );
        match mode {
            Mode::Owned => doc.push_str(
                "\n\nMode *owned*: the storage lives inside this value, like a closure's captured environment. \
                 Writes take `&mut self`; a clone, when the captures and the value are `Clone`, is an independent copy; \
                 `Send` and `Sync` follow the captures and the value.",
            ),
        }
        if let Some(guard) = &self.guard {
            let _ = write!(
                doc,
                "\n\nEvery write must pass {guard} before it lands: a refused value is handed back in a `Rejected`, and the stored `{field}` stays as it was."
            );
        }
        doc
    }

    pub(crate) fn getter(&self) -> String {
        format!(
            "Returns the tracked `{}`, or `None` while none is stored (JavaScript's `undefined`).",
            self.field
        )
    }

    pub(crate) fn with(&self) -> String {
        format!(
            "Calls `f` with the tracked `{}` (`None` while none is stored) and returns what `f` returns.\n\n\
             Reads without cloning, for values that are large or not `Clone`.",
            self.field
        )
    }

    pub(crate) fn set(&self) -> String {
        match &self.guard {
            None => format!("Stores `value` as the tracked `{}`, dropping the previous one.", self.field),
            Some(guard) => format!(
                "Stores `value` as the tracked `{field}` if {guard} accepts it, dropping the previous one.{errors}",
                field = self.field,
                errors = self.errors("`value`"),
            ),
        }
    }

    pub(crate) fn replace(&self) -> String {
        match &self.guard {
            None => format!(
                "Stores `value` as the tracked `{}` and returns the previous one, if any.",
                self.field
            ),
            Some(guard) => format!(
                "Stores `value` as the tracked `{field}` if {guard} accepts it, and returns the previous one, if any.{errors}",
                field = self.field,
                errors = self.errors("`value`"),
            ),
        }
    }

    pub(crate) fn take(&self) -> String {
        format!("Removes the tracked `{}` and returns it, leaving none stored.", self.field)
    }

    pub(crate) fn update(&self) -> String {
        let field = &self.field;
        let mut doc = format!(
            "Replaces the tracked `{field}` with what `f` computes from it (`None` while none is stored).\n\n\
             `f` sees a borrow: if it panics, the stored `{field}` stays as it was."
        );
        if let Some(guard) = &self.guard {
            let _ = write!(doc, " The new value must pass {guard} before it is stored.");
            doc.push_str(&self.errors("the new value"));
        }
        doc
    }

    pub(crate) fn closure(&self) -> String {
        let mut doc = format!(
            "Turns this tracker into one function, like the JavaScript closure it models: \
             calling it with `None` returns (a clone of) the tracked `{}`, and calling it with `Some(value)` stores `value` first.",
            self.field
        );
        if let Some(guard) = &self.guard {
            let _ = write!(
                doc,
                "\n\nA value that {guard} refuses is ignored, as JavaScript's `if (value)` ignores it: the call returns what is still stored."
            );
        }
        doc
    }

    pub(crate) fn capture(&self, name: &str) -> String {
        format!("Returns the `{name}` that `{}` captured (read-only).", self.constructor)
    }

    pub(crate) fn debug() -> &'static str {
        "Shows the type's name only, never the tracked value or the captures."
    }

    fn errors(&self, what: &str) -> String {
        format!(
            "\n\n# Errors\n\nReturns `Rejected` holding {what} when the guard refuses it; the stored `{}` stays as it was.",
            self.field
        )
    }
}

/// `#[doc = " line"]` for each line of `text`, so the docs print as `/// line`.
pub(crate) fn doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    quote!(#(#[doc = #lines])*)
}

/// Tokens as a person writes them: `&'static str`, `Option<Vec<u8>>`.
pub(crate) fn code(tokens: &impl ToTokens) -> String {
    let mut out = String::new();
    write_tokens(tokens.to_token_stream(), &mut out);
    out
}

fn write_tokens(tokens: TokenStream, out: &mut String) {
    // Whether the previous token asks to be glued to the next one.
    let mut glue_next = true;
    // The previous token, when it was a plain identifier (not a keyword
    // that takes a space, like `mut` or `dyn`).
    let mut after_name = false;
    for tree in tokens {
        match &tree {
            TokenTree::Punct(punct) => {
                let ch = punct.as_char();
                let joint = punct.spacing() == Spacing::Joint;
                let colon_pair_end = ch == ':' && out.ends_with(':');
                let glue_before = matches!(ch, ',' | ';' | '>' | '?' | '.')
                    || (ch == ':' && joint)
                    || colon_pair_end
                    || (ch == '<' && (after_name || out.ends_with("::")));
                if !(glue_next || glue_before) {
                    out.push(' ');
                }
                out.push(ch);
                let arrow = ch == '>' && out.ends_with("->");
                glue_next = !arrow
                    && (joint || colon_pair_end || matches!(ch, '&' | '<' | '\'' | '#' | '!' | '*' | '.'));
                after_name = false;
            }
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                let call = after_name && group.delimiter() == Delimiter::Parenthesis;
                if !(glue_next || call || out.is_empty()) {
                    out.push(' ');
                }
                out.push_str(open);
                write_tokens(group.stream(), out);
                out.push_str(close);
                glue_next = false;
                after_name = false;
            }
            TokenTree::Ident(_) | TokenTree::Literal(_) => {
                if !(glue_next || out.is_empty()) {
                    out.push(' ');
                }
                let text = tree.to_string();
                after_name = matches!(tree, TokenTree::Ident(_))
                    && !matches!(text.as_str(), "mut" | "dyn" | "impl" | "as" | "const");
                out.push_str(&text);
                glue_next = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::code;

    fn show(source: &str) -> String {
        code(&syn::parse_str::<syn::Type>(source).unwrap())
    }

    #[test]
    fn types_print_as_written_by_hand() {
        for ty in [
            "&'static str",
            "Option<Vec<u8>>",
            "&'a mut [u8; 4]",
            "::std::collections::HashMap<String, (u8, i32)>",
            "Box<dyn Fn(&str) -> bool + Send + 'static>",
            "<T as Iterator>::Item",
            "fn(u8) -> u8",
            "*const u8",
            "()",
        ] {
            assert_eq!(show(ty), ty);
        }
    }

    #[test]
    fn paths_print_readably() {
        let expr: syn::Expr = syn::parse_str("tracker::truthy").unwrap();
        assert_eq!(code(&expr), "tracker::truthy");
        let expr: syn::Expr = syn::parse_str("::my_crate::guards::non_empty::<str>").unwrap();
        assert_eq!(code(&expr), "::my_crate::guards::non_empty::<str>");
    }
}
