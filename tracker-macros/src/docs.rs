//! The rustdoc of every generated item, in one place so it reads as a whole.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::{ToTokens, quote};
use std::fmt::Write as _;

use crate::args::Mode;
use crate::signature::Tracker;

/// The words the docs of one tracker are made of.
pub(crate) struct Words {
    mode: Mode,
    constructor: String,
    field: String,
    value: String,
    /// "the guard `path`" or "the declaration's guard closure".
    guard: Option<String>,
}

impl Words {
    pub(crate) fn new(tracker: &Tracker) -> Self {
        Self {
            mode: tracker.mode,
            constructor: tracker.constructor.to_string(),
            field: crate::naming::unraw(&tracker.field),
            value: code(&tracker.value),
            guard: tracker.guard.as_ref().map(|guard| match guard {
                syn::Expr::Path(path) => format!("the guard `{}`", code(path)),
                _ => "the declaration's guard closure".to_owned(),
            }),
        }
    }

    pub(crate) fn structure(&self) -> String {
        let Self { constructor, field, value, .. } = self;
        let mut doc = format!(
            "The tracker that `{constructor}` returns: a private `{field}` of type `{value}` that only the methods below can reach.\n\n\
             It starts empty (JavaScript's `undefined`). Nothing else, not even code in the module that declares it, \
             can read or change the `{field}` or the arguments `{constructor}` captured."
        );
        doc.push_str(match self.mode {
            Mode::Owned => {
                "\n\nMode *owned*: the storage lives inside this value, like a closure's captured environment. \
                 Writes take `&mut self`; a clone, when the captures and the value are `Clone`, is an independent copy; \
                 `Send` and `Sync` follow the captures and the value."
            }
            Mode::Shared => {
                "\n\nMode *shared*: every clone is a handle to the same storage, as JavaScript objects are shared \
                 (`ptr_eq` tells whether two handles are one tracker). Writes take `&self`; reads clone the value out, \
                 or borrow it inside `with_…`. Neither `Send` nor `Sync`: it stays in one thread."
            }
            Mode::Sync => {
                "\n\nMode *sync*: every clone is a handle to the same storage, from any thread \
                 (`ptr_eq` tells whether two handles are one tracker). Writes take `&self`; `update_…` is atomic, \
                 so no update is lost between threads. `Send + Sync` when the captures are `Send + Sync` and the value is `Send`."
            }
        });
        if let Some(guard) = &self.guard {
            let _ = write!(
                doc,
                "\n\nEvery write must pass {guard} before it lands: a refused value is handed back in a `Rejected`, \
                 and the stored `{field}` stays as it was."
            );
        }
        doc
    }

    pub(crate) fn getter(&self) -> String {
        let field = &self.field;
        match self.mode {
            Mode::Owned => {
                format!(
                    "Returns the tracked `{field}`, or `None` while none is stored (JavaScript's `undefined`)."
                )
            }
            Mode::Shared | Mode::Sync => format!(
                "Returns a clone of the tracked `{field}`, or `None` while none is stored (JavaScript's `undefined`).\n\n\
                 To read without cloning, use `with_{field}`.{}",
                self.reentrancy_of_reads()
            ),
        }
    }

    pub(crate) fn with(&self) -> String {
        format!(
            "Calls `f` with the tracked `{}` (`None` while none is stored) and returns what `f` returns.\n\n\
             Reads without cloning, for values that are large or not `Clone`.{}",
            self.field,
            self.reentrancy_in_closures()
        )
    }

    pub(crate) fn set(&self) -> String {
        let field = &self.field;
        match &self.guard {
            None => format!("Stores `value` as the tracked `{field}`, dropping the previous one."),
            Some(guard) => format!(
                "Stores `value` as the tracked `{field}` if {guard} accepts it, dropping the previous one.{}",
                self.errors("`value`"),
            ),
        }
    }

    pub(crate) fn replace(&self) -> String {
        let field = &self.field;
        match &self.guard {
            None => format!("Stores `value` as the tracked `{field}` and returns the previous one, if any."),
            Some(guard) => format!(
                "Stores `value` as the tracked `{field}` if {guard} accepts it, and returns the previous one, if any.{}",
                self.errors("`value`"),
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
        if self.mode == Mode::Sync {
            doc.push_str(
                " `f` runs under the lock, so no other update can slip in between the read and the write.",
            );
        }
        if let Some(guard) = &self.guard {
            let _ = write!(doc, " The new value must pass {guard} before it is stored.");
            doc.push_str(&self.errors("the new value"));
        }
        doc.push_str(self.reentrancy_in_closures());
        doc
    }

    pub(crate) fn closure(&self) -> String {
        let mut doc = format!(
            "Turns this tracker into one function, like the JavaScript closure it models: \
             calling it with `None` returns (a clone of) the tracked `{}`, and calling it with `Some(value)` stores `value` first.",
            self.field
        );
        if self.mode != Mode::Owned {
            doc.push_str(" Other handles to the same tracker see what it stores.");
        }
        if let Some(guard) = &self.guard {
            let _ = write!(
                doc,
                "\n\nA value that {guard} refuses is ignored, as JavaScript's `if (value)` ignores it: \
                 the call returns what is still stored."
            );
        }
        doc
    }

    pub(crate) fn ptr_eq(&self) -> String {
        format!(
            "Whether `a` and `b` are handles to the same tracker, as JavaScript's `===` compares objects.\n\n\
             Clones of one tracker are; two calls of `{}` make two trackers.",
            self.constructor
        )
    }

    pub(crate) fn capture(&self, name: &str) -> String {
        format!("Returns the `{name}` that `{}` captured (read-only).", self.constructor)
    }

    pub(crate) fn clone_doc(&self) -> &'static str {
        match self.mode {
            Mode::Owned => {
                "An independent copy of the captures and the tracked value, as a cloned closure is."
            }
            Mode::Shared | Mode::Sync => {
                "A new handle to the same storage: writes through either are seen by both."
            }
        }
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

    /// What a read does from inside this tracker's own closure, per mode.
    fn reentrancy_of_reads(&self) -> &'static str {
        match self.mode {
            Mode::Owned | Mode::Shared => "",
            Mode::Sync => {
                "\n\n# Panics\n\nWhen called from inside a `with_…` or `update_…` closure of the same tracker, \
                 whose lock is held: it panics with a message naming the tracker instead of deadlocking."
            }
        }
    }

    /// What calling the same tracker from inside `f` does, per mode.
    fn reentrancy_in_closures(&self) -> &'static str {
        match self.mode {
            Mode::Owned => "",
            Mode::Shared => {
                "\n\n# Panics\n\nInside `f`, this tracker (or any handle to it) may be read but not written: \
                 a write there panics with a message naming the tracker."
            }
            Mode::Sync => {
                "\n\n# Panics\n\n`f` runs under the tracker's lock, which is not reentrant: calling this tracker \
                 (or any handle to it) from inside `f` panics with a message naming the tracker, instead of deadlocking."
            }
        }
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
        let expr: syn::Expr = syn::parse_str("private_tracker::truthy").unwrap();
        assert_eq!(code(&expr), "private_tracker::truthy");
        let expr: syn::Expr = syn::parse_str("::my_crate::guards::non_empty::<str>").unwrap();
        assert_eq!(code(&expr), "::my_crate::guards::non_empty::<str>");
    }
}
