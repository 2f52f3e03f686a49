//! The rustdoc of every generated item, in one place so it reads as a whole.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::{ToTokens, quote_spanned};
use std::fmt::Write as _;

use crate::args::Mode;
use crate::signature::Tracker;

/// The words the docs of one tracker are made of.
pub(crate) struct Words {
    mode: Mode,
    constructor: String,
    /// Whether the constructor captures anything.
    captures: bool,
    value: String,
    /// "the guard `…`", with the guard's source text.
    guard: Option<String>,
    /// The source text of `init = …`.
    init: Option<String>,
    /// `history = N`: `N`.
    history: Option<usize>,
    /// `trace`.
    trace: bool,
    /// `observe(distinct)`.
    distinct: bool,
    /// The methods' stem: `action` in `set_action`.
    field: String,
}

impl Words {
    pub(crate) fn new(tracker: &Tracker) -> Self {
        Self {
            mode: tracker.mode,
            constructor: crate::naming::unraw(&tracker.constructor),
            captures: !tracker.captures.is_empty(),
            value: code(&tracker.value),
            guard: tracker.guard.as_ref().map(|guard| format!("the guard `{}`", code(guard))),
            init: tracker.init.as_ref().map(code),
            history: tracker.history.as_ref().and_then(|(_, depth)| depth.base10_parse().ok()),
            trace: tracker.trace,
            distinct: tracker.distinct_key.is_some(),
            field: crate::naming::unraw(&tracker.field),
        }
    }

    /// A link to the tracker's own door `prefix…`: ``[`set_action`](Self::set_action)``.
    fn door(&self, prefix: &str) -> String {
        let name = format!("{prefix}{}", self.field);
        format!("[`{name}`](Self::{name})")
    }

    /// A link to the facade's struct `name` on docs.rs, at the version
    /// the macro belongs to (the facade pins it). Not an intra-doc link: a
    /// path to the facade (`private_tracker::Rejected`) does not resolve in
    /// a module with `#![no_implicit_prelude]`, or through a `$crate`, and
    /// rustdoc takes one that starts with `::` for a URL.
    fn item(name: &str) -> String {
        format!(
            "[`{name}`](https://docs.rs/private-tracker/{}/private_tracker/struct.{name}.html)",
            env!("CARGO_PKG_VERSION")
        )
    }

    /// The door that empties the slot: `take_…`, or `reset_…` with `init`.
    fn emptying(&self) -> String {
        self.door(if self.init.is_some() { "reset_" } else { "take_" })
    }

    /// `(`None` while none is stored)`, for a tracker that can be empty.
    fn while_empty(&self, text: &'static str) -> &'static str {
        if self.init.is_some() { "" } else { text }
    }

    pub(crate) fn structure(&self) -> String {
        let Self { constructor, value, .. } = self;
        let captured = if self.captures {
            format!(" and the arguments `{constructor}` captured,")
        } else {
            String::new()
        };
        let start = match &self.init {
            None => "empty at first".to_owned(),
            Some(init) => format!("always holding one (never `None`), starting as `{init}`"),
        };
        let mut doc = format!(
            "Returned by `{constructor}`: one `{value}`, {start},{captured} \
             reachable only through the methods below, from any module.\n\n"
        );
        doc.push_str(match self.mode {
            Mode::Owned => "Writes take `&mut self`; a clone is an independent copy.".to_owned(),
            Mode::Shared => "Every clone is a handle to the same storage ([`ptr_eq`](Self::ptr_eq) tells); writes \
                 take `&self`. Neither `Send` nor `Sync`."
                .to_owned(),
            Mode::Sync => format!(
                "Every clone is a handle to the same storage ([`ptr_eq`](Self::ptr_eq) tells), from any thread; \
                 writes take `&self`, and {} is atomic.",
                self.door("update_")
            ),
        }
        .as_str());
        if let Some(guard) = &self.guard {
            let _ = write!(
                doc,
                "\n\nEvery write must pass {guard}; a refused value comes back in a {}.",
                Self::item("Rejected")
            );
            if self.init.is_some() {
                doc.push_str(" The constructor panics if the guard refuses the initial value.");
            }
        }
        doc
    }

    /// The `# Panics` section added to the constructor's own docs when a
    /// guard could refuse the initial value.
    pub(crate) fn constructor_panics(&self) -> String {
        let init = self.init.as_deref().unwrap_or_default();
        let guard = self.guard.as_deref().unwrap_or("the guard");
        format!("\n# Panics\n\nIf {guard} refuses the initial value `{init}`.")
    }

    pub(crate) fn getter(&self) -> String {
        let empty = self.while_empty(", or `None` while none is stored");
        match self.mode {
            Mode::Owned => format!("Returns the stored value{empty}."),
            Mode::Shared | Mode::Sync => {
                format!("Returns a clone of the stored value{empty}.{}", self.reentrancy_of_reads())
            }
        }
    }

    pub(crate) fn with(&self) -> String {
        format!(
            "Calls the closure with the stored value{} and returns what it returns.{}",
            self.while_empty(" (`None` while none is stored)"),
            self.reentrancy_in_closures()
        )
    }

    pub(crate) fn set(&self) -> String {
        let doc = match &self.guard {
            None if self.history.is_some() => {
                format!("Stores the given value, and keeps the previous one for {}.", self.door("undo_"))
            }
            None => "Stores the given value, dropping the previous one.".to_owned(),
            Some(guard) => format!("Stores the given value if {guard} accepts it.{}", Self::errors()),
        };
        doc + &self.distinct("the given value is dropped") + &self.reentrancy_of_writes()
    }

    /// With `observe(distinct)`: what a write of an equal value does
    /// instead, `instead` saying what becomes of the value it was given.
    fn distinct(&self, instead: &str) -> String {
        if self.distinct {
            format!(
                " A value equal to the stored one changes nothing (`observe(distinct)`): the stored one stays, \
                 {instead}, and nothing is announced or recorded."
            )
        } else {
            String::new()
        }
    }

    pub(crate) fn replace(&self) -> String {
        let doc = match &self.guard {
            None => "Stores the given value and returns the previous one.".to_owned(),
            Some(guard) => {
                format!(
                    "Stores the given value if {guard} accepts it, and returns the previous one.{}",
                    Self::errors()
                )
            }
        };
        doc + &self.distinct("the given value is returned") + &self.reentrancy_of_writes()
    }

    pub(crate) fn modify(&self) -> String {
        let mut doc = match &self.guard {
            None => format!(
                "Calls the closure with the stored value in place{} and returns what the closure returns. {}: if \
                 the closure panics, its edits so far stay.",
                self.while_empty(" (`None` while none is stored; the closure may store, edit or remove it)"),
                if self.history.is_some() {
                    "No copy is made but the one the history keeps, before the closure runs"
                } else {
                    "No copy is made"
                }
            ),
            Some(guard) => format!(
                "Calls the closure with a copy of the stored value{}, stores the edited copy if {guard} accepts it, \
                 and returns what the closure returns{}. The copy, one `clone` per call, is what keeps a refused \
                 edit or a panic from changing anything.",
                self.while_empty(" (`None` while none is stored)"),
                self.while_empty("; removing the value needs no guard"),
            ),
        };
        if self.mode == Mode::Sync {
            doc.push_str(" Atomic: the closure runs under the lock.");
        }
        if self.guard.is_some() {
            doc.push_str(&Self::errors());
        }
        let who = if self.guard.is_some() { "the closure or the guard" } else { "the closure" };
        match self.mode {
            Mode::Owned => {}
            Mode::Shared => {
                let _ = write!(doc, "\n\n# Panics\n\nIf {who} calls this tracker.");
            }
            Mode::Sync => {
                let _ = write!(doc, "\n\n# Panics\n\nIf {who} calls this tracker, instead of deadlocking.");
            }
        }
        doc
    }

    pub(crate) fn take(&self) -> String {
        let distinct = if self.distinct {
            " Taking from an empty tracker changes nothing (`observe(distinct)`): nothing is announced or recorded."
        } else {
            ""
        };
        "Removes the stored value and returns it.".to_owned() + distinct + &self.reentrancy_of_writes()
    }

    /// `reset_…`, with `init = …`.
    pub(crate) fn reset(&self) -> String {
        let init = self.init.as_deref().unwrap_or_default();
        let doc = match &self.guard {
            None => format!("Stores a fresh initial value, `{init}`, and returns the previous value."),
            Some(guard) => format!(
                "Stores a fresh initial value, `{init}`, if {guard} accepts it, and returns the previous value.{}",
                Self::errors()
            ),
        };
        doc + &self.distinct("the fresh value is returned") + &self.reentrancy_of_writes()
    }

    pub(crate) fn update(&self) -> String {
        let mut doc = format!(
            "Stores what the closure computes from the stored value{}; if the closure panics, nothing changes.",
            self.while_empty(" (`None` while none is stored)")
        );
        if self.mode == Mode::Sync {
            doc.push_str(" Atomic: the closure runs under the lock.");
        }
        if let Some(guard) = &self.guard {
            let _ = write!(doc, " The new value must pass {guard}.");
            doc.push_str(&Self::errors());
        }
        doc.push_str(&self.distinct("the computed value is dropped"));
        doc.push_str(self.reentrancy_in_closures());
        doc
    }

    pub(crate) fn closure(&self) -> String {
        let mut doc = "Turns this tracker into one function: `None` returns a clone of the stored value, \
             `Some(value)` stores `value` first."
            .to_owned();
        if self.mode != Mode::Owned {
            doc.push_str(" Other handles see its writes.");
        }
        if self.guard.is_some() {
            doc.push_str(" A value the guard refuses is ignored.");
        }
        doc
    }

    /// The derived `Default`.
    pub(crate) fn default_doc(&self) -> String {
        match (&self.init, &self.guard) {
            (None, _) => "What the constructor returns for default captures: no value yet.".to_owned(),
            (Some(init), None) => {
                format!("What the constructor returns for default captures: holding `{init}` for them.")
            }
            (Some(init), Some(guard)) => format!(
                "What the constructor returns for default captures: holding `{init}` for them.\n\n# Panics\n\n\
                 If {guard} refuses that initial value."
            ),
        }
    }

    /// The derived `Serialize`.
    pub(crate) fn serialize(&self) -> String {
        let mut doc = format!(
            "Writes the tracker as a struct of the captures, by name, then the stored value{}.",
            self.while_empty(" (`None` while none is stored)")
        );
        match self.mode {
            Mode::Owned => {}
            Mode::Shared => doc.push_str(
                " The value is written while borrowed.\n\n# Panics\n\nIf the value's `Serialize` writes to \
                 this tracker.",
            ),
            Mode::Sync => doc.push_str(
                " The value is written under the lock, as serde writes a `Mutex`.\n\n# Panics\n\nIf the value's \
                 `Serialize` calls this tracker, instead of deadlocking.",
            ),
        }
        doc
    }

    /// The derived `Deserialize`.
    pub(crate) fn deserialize(&self) -> String {
        let mut doc = "Reads what `Serialize` writes, into a new tracker.".to_owned();
        if let Some(guard) = &self.guard {
            let _ = write!(
                doc,
                " The value must pass {guard}: a refused value is a deserialization error. The guard judges \
                 it by the captures read from the same input, so the input decides both: read only input \
                 you trust for the captures."
            );
        }
        if self.init.is_some() {
            doc.push_str(" The stored value is read, not computed: `init` does not run.");
        }
        doc
    }

    /// `version`, with `observe`.
    pub(crate) fn version(&self) -> String {
        let counts = if self.distinct {
            format!(
                "How many writes have changed this tracker: 0 at first, one more for each accepted write of a \
                 value not equal to the stored one ({} included). A write of an equal value changes nothing \
                 (`observe(distinct)`): no version, no subscriber called, no history entry; neither does a \
                 refused write. {} counts every edit, as it has no copy to compare with{}.",
                self.emptying(),
                self.door("modify_"),
                if self.history.is_some() { ", as do undo and redo" } else { "" }
            )
        } else {
            format!(
                "How many writes this tracker has accepted: 0 at first, one more for each accepted write ({} \
                 included; a refused write changes nothing).",
                self.emptying()
            )
        };
        format!(
            "{counts} An in-place edit whose closure panicked counts too, as its edits stay, but is announced to \
             no subscriber."
        )
    }

    /// `subscribe_…`, with `observe`.
    pub(crate) fn subscribe(&self) -> String {
        let value = if self.init.is_some() {
            "the value".to_owned()
        } else {
            format!("the value (`None` after a {})", self.door("take_"))
        };
        let unsubscribe = format!("Returns the key for {}.", self.door("unsubscribe_"));
        let (returns, panics) = match self.mode {
            Mode::Owned => (
                unsubscribe.as_str(),
                "the others are still called (with feature `std`), then the panic goes on to the writer.",
            ),
            Mode::Shared => (
                "Subscribers run with nothing borrowed: they may read and write this tracker, and a write from one \
                 is announced after the current round. Dropping the returned subscription unsubscribes.",
                "the others are still called (with feature `std`), then the panic goes on to the writer.",
            ),
            Mode::Sync => (
                "Subscribers run with no lock held, one round at a time: they may read and write this tracker, and \
                 a write from one, or from another thread during a round, is announced after it, by the thread \
                 that is delivering. Dropping the returned subscription unsubscribes.",
                "the others are still called, then the panic goes on to the thread that was delivering.",
            ),
        };
        let write = if self.distinct {
            "accepted write that changes the value (`observe(distinct)`: a value equal to the stored one is no change)"
        } else {
            "accepted write"
        };
        format!(
            "Calls the closure after each {write}, with a {}: {value}, the new version and the kind of \
             write. Subscribers run in the order they subscribed. {returns}\n\nA subscriber that panics leaves \
             the write committed; {panics} What the write would have returned (the value {} or {} hands back) \
             is then dropped.",
            Self::item("Change"),
            self.door("replace_"),
            self.emptying()
        )
    }

    /// `watch_…`, with `observe` in mode sync (feature `watch`).
    pub(crate) fn watch() -> &'static str {
        "A watcher of this tracker, which has seen its current version: it waits for the next change, with \
         `changed().await` on any executor or `wait_changed()` / `wait_changed_timeout(…)` blocking, and reads \
         the value through closures. Writes between two waits wake it once. It is not a handle: once every \
         handle is dropped, its waits return `Err(Closed)`, after the last write."
    }

    /// `undo_…`, with `history = N`.
    pub(crate) fn undo(&self) -> String {
        let guard = if self.guard.is_some() {
            " without asking the guard (it accepted that value once),"
        } else {
            ""
        };
        format!(
            "Restores the value that the last write replaced,{guard} and keeps the current one for {}. \
             Returns `false`, and changes nothing, when no earlier value is kept. An undo counts as a write: \
             it makes a version and is announced, with its own kind, to subscribers{}.{}",
            self.door("redo_"),
            self.trace_note(),
            self.reentrancy_of_writes()
        )
    }

    /// `redo_…`, with `history = N`.
    pub(crate) fn redo(&self) -> String {
        format!(
            "Restores the value that the last {} replaced. Returns `false`, and changes nothing, when \
             there is nothing to redo: any other write since the undo ends the redo list. A redo counts as a \
             write, as an undo does{}.{}",
            self.door("undo_"),
            self.trace_note(),
            self.reentrancy_of_writes()
        )
    }

    /// What `trace` adds to the docs of `undo_…` and `redo_…`.
    fn trace_note(&self) -> &'static str {
        if self.trace { "; its caller becomes [`last_write_at`](Self::last_write_at)" } else { "" }
    }

    /// `clear_history_…`, with `history = N`.
    pub(crate) fn clear_history(&self) -> String {
        format!(
            "Forgets, and drops, every value kept for {} and {}. The stored value stays.{}",
            self.door("undo_"),
            self.door("redo_"),
            self.reentrancy_of_writes()
        )
    }

    /// `history_…`, with `history = N`.
    pub(crate) fn history(&self) -> String {
        let depth = self.history.unwrap_or_default();
        let location =
            if self.trace { " and, from `location()`, where the write that stored it came from" } else { "" };
        let (walk, then) = match self.mode {
            Mode::Owned => ("Returns an iterator over", ""),
            Mode::Shared => (
                "Calls the closure with an iterator over",
                " The closure runs with the storage borrowed; what it returns is returned.",
            ),
            Mode::Sync => (
                "Calls the closure with an iterator over",
                " The closure runs under the lock; what it returns is returned.",
            ),
        };
        format!(
            "{walk} the values that {} would restore, newest first: at most {depth}, the values the last \
             writes replaced. Each {} has the value{location}.{then}{}",
            self.door("undo_"),
            Self::item("Entry"),
            self.reentrancy_in_closures()
        )
    }

    /// `last_write_at`, with `trace`.
    pub(crate) fn last_write_at(&self) -> String {
        format!(
            "Where the last accepted write came from: the file, line and column of the call to the write \
             method{}{}. `None` before the first write.{}",
            if self.history.is_some() {
                format!(" ({} and {} included)", self.door("undo_"), self.door("redo_"))
            } else {
                String::new()
            },
            if self.distinct {
                "; a write of a value equal to the stored one, which changes nothing, is none"
            } else {
                ""
            },
            self.reentrancy_of_trace()
        )
    }

    /// `last_refused_at`, with `trace`.
    pub(crate) fn last_refused_at(&self) -> String {
        if self.guard.is_none() {
            return format!(
                "Where the last refused write came from: always `None`, as this tracker has no guard to refuse \
                 one.{}",
                self.reentrancy_of_trace()
            );
        }
        format!(
            "Where the last write that the guard refused came from: the file, line and column of the call. \
             `None` until a write is refused.{}",
            self.reentrancy_of_trace()
        )
    }

    /// What reading a location does from inside this tracker's own
    /// closure: it needs the borrow or the lock.
    fn reentrancy_of_trace(&self) -> String {
        match self.mode {
            Mode::Owned => String::new(),
            Mode::Shared => {
                format!(
                    "\n\n# Panics\n\nIf called from inside this tracker's own {} closure.",
                    self.door("modify_")
                )
            }
            Mode::Sync => self.under_lock(),
        }
    }

    /// `unsubscribe_…`, with `observe`.
    pub(crate) fn unsubscribe() -> &'static str {
        "Removes the subscriber with this key, and says whether it was there."
    }

    pub(crate) fn ptr_eq() -> &'static str {
        "Whether the two handles share one storage."
    }

    pub(crate) fn capture(&self, name: &str) -> String {
        format!("Returns the `{name}` that `{}` captured.", self.constructor)
    }

    pub(crate) fn clone_doc(&self) -> &'static str {
        match self.mode {
            Mode::Owned => "An independent copy of the tracker.",
            Mode::Shared | Mode::Sync => "A new handle to the same storage.",
        }
    }

    pub(crate) fn debug() -> &'static str {
        "Shows the type's name, never the stored value or the captures."
    }

    fn errors() -> String {
        format!(
            "\n\n# Errors\n\nA refused value comes back in a {}; the stored value stays as it was.",
            Self::item("Rejected")
        )
    }

    /// What a read does from inside this tracker's own closure, per mode.
    fn reentrancy_of_reads(&self) -> String {
        match self.mode {
            Mode::Owned | Mode::Shared => String::new(),
            Mode::Sync => self.under_lock(),
        }
    }

    /// The `# Panics` section of a sync door called from the tracker's own
    /// user code: a closure, the guard if there is one, or a `Clone`.
    fn under_lock(&self) -> String {
        let runs = if self.guard.is_some() { "a closure, guard or `Clone`" } else { "a closure or `Clone`" };
        format!(
            "\n\n# Panics\n\nIf called from {runs} that this tracker runs under its lock, instead of deadlocking."
        )
    }

    /// What a write does from inside this tracker's own closure, per mode.
    fn reentrancy_of_writes(&self) -> String {
        match self.mode {
            Mode::Owned => String::new(),
            Mode::Shared => format!(
                "\n\n# Panics\n\nIf called from inside this tracker's own {}, {} or {} closure.",
                self.door("with_"),
                self.door("update_"),
                self.door("modify_")
            ),
            Mode::Sync => self.under_lock(),
        }
    }

    /// What calling the same tracker from inside the closure does, per mode.
    fn reentrancy_in_closures(&self) -> &'static str {
        match self.mode {
            Mode::Owned => "",
            Mode::Shared => "\n\n# Panics\n\nIf the closure writes to this tracker.",
            Mode::Sync => "\n\n# Panics\n\nIf the closure calls this tracker, instead of deadlocking.",
        }
    }
}

/// `#[doc = "…"]`: one attribute for the whole text, which costs the
/// compiler less than one per line and renders the same.
pub(crate) fn doc(text: &str, span: proc_macro2::Span) -> TokenStream {
    let mut text = proc_macro2::Literal::string(&format!(" {}", text.replace('\n', "\n ")));
    text.set_span(span);
    quote_spanned!(span=> #[doc = #text])
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
