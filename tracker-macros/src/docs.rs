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
    /// "the guard `…`", with the guard's source text.
    guard: Option<String>,
}

impl Words {
    pub(crate) fn new(tracker: &Tracker) -> Self {
        Self {
            mode: tracker.mode,
            constructor: crate::naming::unraw(&tracker.constructor),
            field: crate::naming::unraw(&tracker.field),
            value: code(&tracker.value),
            guard: tracker.guard.as_ref().map(|guard| format!("the guard `{}`", code(guard))),
        }
    }

    pub(crate) fn structure(&self) -> String {
        let Self { constructor, field, value, .. } = self;
        let mut doc = format!(
            "Returned by `{constructor}`: stores one `{value}` and the arguments `{constructor}` captured, \
             which only the methods below can reach, from any module.\n\n\
             It starts empty: `{field}` returns `None` until a value is stored."
        );
        doc.push_str(match self.mode {
            Mode::Owned => {
                "\n\nThe storage lives inside this value. Writes take `&mut self`; a clone, when the captures and \
                 the value are `Clone`, is an independent copy; `Send` and `Sync` follow the captures and the value."
            }
            Mode::Shared => {
                "\n\nEvery clone is a handle to the same storage: a write through one is seen through all \
                 (`ptr_eq` tells whether two handles share it). Writes take `&self`; reads clone the value, \
                 or borrow it inside `with_…`. Neither `Send` nor `Sync`: it stays in one thread."
            }
            Mode::Sync => {
                "\n\nEvery clone is a handle to the same storage, from any thread \
                 (`ptr_eq` tells whether two handles share it). Writes take `&self`; `update_…` is atomic, \
                 so no update is lost between threads. `Send + Sync` when the captures are `Send + Sync` and the value is `Send`."
            }
        });
        if let Some(guard) = &self.guard {
            let _ = write!(
                doc,
                "\n\nEvery write must pass {guard} before it lands: a refused value is handed back in a `Rejected`, \
                 and the stored value stays as it was."
            );
        }
        doc
    }

    pub(crate) fn getter(&self) -> String {
        let field = &self.field;
        match self.mode {
            Mode::Owned => "Returns the stored value, or `None` while none is stored.".to_owned(),
            Mode::Shared | Mode::Sync => format!(
                "Returns a clone of the stored value, or `None` while none is stored.\n\n\
                 To read without cloning, use `with_{field}`.{}",
                self.reentrancy_of_reads()
            ),
        }
    }

    pub(crate) fn with(&self) -> String {
        format!(
            "Calls the closure with the stored value (`None` while none is stored) and returns what it returns.\n\n\
             Reads without cloning, for values that are large or not `Clone`.{}",
            self.reentrancy_in_closures()
        )
    }

    pub(crate) fn set(&self) -> String {
        match &self.guard {
            None => "Stores the given value, dropping the previous one.".to_owned(),
            Some(guard) => format!(
                "Stores the given value if {guard} accepts it, dropping the previous one.{}",
                Self::errors("the given value"),
            ),
        }
    }

    pub(crate) fn replace(&self) -> String {
        match &self.guard {
            None => "Stores the given value and returns the previous one, if any.".to_owned(),
            Some(guard) => format!(
                "Stores the given value if {guard} accepts it, and returns the previous one, if any.{}",
                Self::errors("the given value"),
            ),
        }
    }

    pub(crate) fn take() -> String {
        "Removes the stored value and returns it, leaving the tracker empty.".to_owned()
    }

    pub(crate) fn update(&self) -> String {
        let mut doc = "Replaces the stored value with what the closure computes from it (`None` while none is stored).\n\n\
             The closure sees a borrow: if it panics, the stored value stays as it was."
            .to_owned();
        if self.mode == Mode::Sync {
            doc.push_str(
                " The closure runs under the lock, so no other write can slip in between the read and the write.",
            );
        }
        if let Some(guard) = &self.guard {
            let _ = write!(doc, " The new value must pass {guard} before it is stored.");
            doc.push_str(&Self::errors("the new value"));
        }
        doc.push_str(self.reentrancy_in_closures());
        doc
    }

    pub(crate) fn closure(&self) -> String {
        let mut doc = "Turns this tracker into one function: called with `None`, it returns a clone of the stored value; \
             called with `Some(value)`, it stores `value` first and then returns it."
            .to_owned();
        if self.mode != Mode::Owned {
            doc.push_str(" Other handles to the same storage see what it stores.");
        }
        if let Some(guard) = &self.guard {
            let _ = write!(
                doc,
                "\n\nA value that {guard} refuses is ignored: the call returns what is still stored."
            );
        }
        doc
    }

    pub(crate) fn ptr_eq(&self) -> String {
        format!(
            "Whether the two handles share one storage.\n\n\
             Clones of one tracker do; two calls of `{}` make two trackers that do not.",
            self.constructor
        )
    }

    pub(crate) fn capture(&self, name: &str) -> String {
        format!("Returns the `{name}` that `{}` captured (read-only).", self.constructor)
    }

    pub(crate) fn clone_doc(&self) -> &'static str {
        match self.mode {
            Mode::Owned => "An independent copy of the captures and the stored value.",
            Mode::Shared | Mode::Sync => {
                "A new handle to the same storage: writes through either are seen through both."
            }
        }
    }

    pub(crate) fn debug() -> &'static str {
        "Shows the type's name only, never the stored value or the captures."
    }

    fn errors(what: &str) -> String {
        format!(
            "\n\n# Errors\n\nReturns `Rejected` holding {what} when the guard refuses it; the stored value stays as it was."
        )
    }

    /// What a read does from inside this tracker's own closure, per mode.
    fn reentrancy_of_reads(&self) -> &'static str {
        match self.mode {
            Mode::Owned | Mode::Shared => "",
            Mode::Sync => {
                "\n\n# Panics\n\nWhen called from inside a closure, a guard or a `Clone` that this tracker runs \
                 under its lock: it panics with a message naming the tracker instead of deadlocking."
            }
        }
    }

    /// What calling the same tracker from inside the closure does, per mode.
    fn reentrancy_in_closures(&self) -> &'static str {
        match self.mode {
            Mode::Owned => "",
            Mode::Shared => {
                "\n\n# Panics\n\nInside the closure, this tracker (or any handle to it) may be read but not written: \
                 a write there panics with a message naming the tracker."
            }
            Mode::Sync => {
                "\n\n# Panics\n\nThe closure runs under the tracker's lock, which is not reentrant: calling this tracker \
                 (or any handle to it) from inside it panics with a message naming the tracker, instead of deadlocking."
            }
        }
    }
}

/// `#[doc = " line"]` for each line of `text`, so the docs print as `/// line`.
pub(crate) fn doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    quote!(#(#[doc = #lines])*)
}

/// Tokens as a person writes them: `&'static str`, `Option<Vec<u8>>`,
/// `|v: &T| *v > T::default()`.
pub(crate) fn code(tokens: &impl ToTokens) -> String {
    let mut printer = Printer::default();
    printer.write(tokens.to_token_stream());
    printer.out
}

/// What the previous token was, which decides the space before the next.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
enum Last {
    /// Nothing yet, an opening delimiter, or a token that sticks to what
    /// follows (`&` as a prefix, `'`, `::`, `#`, `.`, a generic's `<`).
    #[default]
    Glue,
    /// A name that a `(` or `!` sticks to: `call(…)`, `matches!(…)`.
    Name,
    /// A value or type that ends here: a literal, `)`, a generic's `>`.
    Value,
    /// A keyword or binary operator, followed by a space.
    Spaced,
}

#[derive(Default)]
struct Printer {
    out: String,
    last: Last,
    /// Open generic `<`s.
    angles: usize,
    /// Inside a closure's `|…|`.
    closure_params: bool,
}

impl Printer {
    fn space_unless(&mut self, glue: bool) {
        if !glue && self.last != Last::Glue {
            self.out.push(' ');
        }
    }

    fn write(&mut self, tokens: TokenStream) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut index = 0;
        while index < trees.len() {
            match &trees[index] {
                TokenTree::Punct(_) => {
                    // One operator: a run of joint punctuation.
                    let mut op = String::new();
                    while let Some(TokenTree::Punct(punct)) = trees.get(index) {
                        op.push(punct.as_char());
                        index += 1;
                        if punct.spacing() == Spacing::Alone || op == "'" {
                            break;
                        }
                    }
                    self.operator(&op);
                    continue;
                }
                TokenTree::Group(group) => self.group(group),
                TokenTree::Ident(ident) => {
                    let text = ident.to_string();
                    self.space_unless(false);
                    self.out.push_str(&text);
                    self.last =
                        if matches!(text.as_str(), "mut" | "dyn" | "impl" | "as" | "const" | "move" | "in") {
                            Last::Spaced
                        } else {
                            Last::Name
                        };
                }
                TokenTree::Literal(literal) => {
                    self.space_unless(false);
                    self.out.push_str(&literal.to_string());
                    self.last = Last::Value;
                }
            }
            index += 1;
        }
    }

    fn group(&mut self, group: &proc_macro2::Group) {
        let (open, close) = match group.delimiter() {
            Delimiter::Parenthesis => ("(", ")"),
            Delimiter::Bracket => ("[", "]"),
            Delimiter::Brace => ("{ ", " }"),
            Delimiter::None => ("", ""),
        };
        let call = match group.delimiter() {
            Delimiter::Parenthesis => self.last == Last::Name,
            Delimiter::Bracket => matches!(self.last, Last::Name | Last::Value),
            _ => false,
        };
        self.space_unless(call);
        self.out.push_str(open);
        let outer = (self.last, self.angles, self.closure_params);
        self.last = Last::Glue;
        self.angles = 0;
        self.closure_params = false;
        self.write(group.stream());
        (_, self.angles, self.closure_params) = outer;
        self.out.push_str(close);
        self.last = Last::Value;
    }

    fn operator(&mut self, op: &str) {
        let after_operand = matches!(self.last, Last::Name | Last::Value);
        let (glue_before, last) = match op {
            "::" | "." | ".." | "..=" => (true, Last::Glue),
            "," | ";" | ":" => (true, Last::Spaced),
            "?" => (true, Last::Value),
            "'" | "#" => (false, Last::Glue),
            "!" if self.last == Last::Name => (true, Last::Name),
            "<" if self.out.ends_with("::")
                || !after_operand
                || (self.last == Last::Name && self.out.ends_with(|c: char| c.is_uppercase()))
                || self.ends_with_uppercase_name() =>
            {
                self.angles += 1;
                (true, Last::Glue)
            }
            ">" if self.angles > 0 => {
                self.angles -= 1;
                (true, Last::Value)
            }
            "|" | "||" if !after_operand || self.closure_params => {
                // A closure's parameter list opens, or closes.
                let closing = self.closure_params;
                self.closure_params = !closing && op == "|";
                if closing {
                    (true, Last::Spaced)
                } else {
                    (false, if op == "|" { Last::Glue } else { Last::Spaced })
                }
            }
            "&" | "&&" | "*" | "-" | "!" if !after_operand => (false, Last::Glue),
            _ => (false, Last::Spaced),
        };
        self.space_unless(glue_before);
        self.out.push_str(op);
        self.last = last;
    }

    /// Whether the output ends with a name that starts with an uppercase
    /// letter, which a `<` then opens the generics of (`Vec<T>`), where
    /// after a lowercase name it compares (`n < limit`).
    fn ends_with_uppercase_name(&self) -> bool {
        self.last == Last::Name
            && self
                .out
                .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .is_some_and(|name| name.starts_with(char::is_uppercase))
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
    fn closures_print_as_written_by_hand() {
        for guard in [
            "|v: &T| *v > T::default()",
            "|t: &f64| (-50.0..=60.0).contains(t)",
            "|n: &u32| *n <= *limit",
            "|v| !v.is_empty()",
            "|v: &u8| matches!(*v, 0..=super::LIMIT)",
            "|v: &[u8; N]| v[0] != 0 && v.len() < N",
            "move |x| x < 3",
        ] {
            assert_eq!(code(&syn::parse_str::<syn::Expr>(guard).unwrap()), guard);
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
