//! The attribute's arguments: `#[private_tracker(shared, guard = …, …)]`.

use proc_macro2::{Span, TokenStream};
use syn::parse::{Parse, ParseStream, Parser as _};
use syn::spanned::Spanned as _;
use syn::{Expr, Ident, Path, Token};

use crate::errors::Errors;
use crate::naming;

/// Every argument the attribute knows, in the order the docs list them.
const KNOWN: &[&str] =
    &["shared", "sync", "name", "field", "guard", "init", "observe", "history", "trace", "crate"];

/// The largest `history = N`: the ring is inline, so each tracker carries
/// `N` copies of its value's size, and a larger ring belongs in a `Vec` of
/// the user's own.
pub(crate) const MAX_HISTORY: usize = 1024;

/// How the tracker owns its storage.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(crate) enum Mode {
    /// The default: storage inline, writes through `&mut self`.
    #[default]
    Owned,
    /// `shared`: `Rc` handles to one storage, writes through `&self`.
    Shared,
    /// `sync`: `Arc` handles to one storage, across threads.
    Sync,
}

/// The parsed and checked arguments. Each field is `None` when not given.
#[derive(Default)]
pub(crate) struct Args {
    pub(crate) mode: Mode,
    /// The `shared`/`sync` keyword, when one was given.
    mode_key: Option<Ident>,
    pub(crate) name: Option<Ident>,
    pub(crate) field: Option<Ident>,
    pub(crate) guard: Option<Expr>,
    pub(crate) init: Option<Expr>,
    /// `observe`: the key, when given.
    pub(crate) observe: Option<Ident>,
    /// `observe(distinct)`: the option, when given.
    pub(crate) distinct: Option<Ident>,
    /// `history = N`: the key and `N`, when given.
    pub(crate) history: Option<(Ident, syn::LitInt)>,
    /// `trace`: the key, when given.
    pub(crate) trace: Option<Ident>,
    pub(crate) krate: Option<Path>,
}

/// Parses the arguments, collecting every independent mistake.
///
/// Returns the arguments that were valid even when others were not, so that
/// the expansion can go on and keep the constructor usable (see `fallback`).
pub(crate) fn parse(tokens: TokenStream) -> (Args, Option<syn::Error>) {
    let mut args = Args::default();
    let mut errors = Errors::default();
    let parser = |input: ParseStream<'_>| {
        while !input.is_empty() {
            let arg: Arg = input.parse()?;
            errors.record(args.add(arg));
            if input.is_empty() {
                break;
            }
            if !input.peek(Token![,]) {
                return Err(input.error("expected `,` between the arguments of `#[private_tracker]`"));
            }
            input.parse::<Token![,]>()?;
        }
        Ok(())
    };
    if let Err(error) = parser.parse2(tokens) {
        errors.push(error);
    }
    (args, errors.into_error())
}

/// One `key` or `key = value` argument, before it is checked.
struct Arg {
    key: Ident,
    /// `(…)` after the key: its span and contents.
    options: Option<(Span, TokenStream)>,
    value: Option<(Token![=], TokenStream)>,
}

impl Parse for Arg {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let key = if input.peek(Token![crate]) {
            let token: Token![crate] = input.parse()?;
            Ident::new("crate", token.span)
        } else if input.peek(Ident) {
            input.call(syn::ext::IdentExt::parse_any)?
        } else {
            return Err(
                input.error(format!("expected an argument of `#[private_tracker]`: one of {}", list_known()))
            );
        };
        let options = if input.peek(syn::token::Paren) {
            let content;
            let paren = syn::parenthesized!(content in input);
            Some((paren.span.join(), content.parse::<TokenStream>()?))
        } else {
            None
        };
        let value = if input.peek(Token![=]) {
            let eq: Token![=] = input.parse()?;
            let mut tokens = TokenStream::new();
            // The value runs to the next top-level comma; a closure's own
            // commas sit inside its `|…|` or in groups, which an expression
            // parse on a fork handles.
            if input.is_empty() || input.peek(Token![,]) {
                return Err(syn::Error::new(eq.span, format!("expected a value after `{key} =`")));
            }
            let fork = input.fork();
            if fork.parse::<Expr>().is_ok() {
                let expr: Expr = input.parse()?;
                quote::ToTokens::to_tokens(&expr, &mut tokens);
            } else {
                while !input.is_empty() && !input.peek(Token![,]) {
                    let tt: proc_macro2::TokenTree = input.parse()?;
                    tokens.extend([tt]);
                }
            }
            Some((eq, tokens))
        } else {
            None
        };
        Ok(Self { key, options, value })
    }
}

impl Args {
    /// Checks `key(…)`: only `observe(distinct)` takes an option.
    fn add_options(&mut self, key: &Ident, span: Span, tokens: TokenStream) -> syn::Result<()> {
        let name = key.to_string();
        if !KNOWN.contains(&name.as_str()) {
            // The unknown argument's own error, with its "did you mean".
            return self.add(Arg { key: key.clone(), options: None, value: None });
        }
        if key != "observe" {
            if matches!(name.as_str(), "shared" | "sync" | "trace") {
                // On all the same, so that the doors' uses add no errors of
                // their own.
                let _ = self.add(Arg { key: key.clone(), options: None, value: None });
                return Err(syn::Error::new(
                    span,
                    format!(
                        "`{key}` takes no options: write `{key}`; only `observe` takes one, as `observe(distinct)`"
                    ),
                ));
            }
            return Err(syn::Error::new(
                span,
                format!("`{key}` takes a value after `=`, not in parentheses: write `{key} = {tokens}`"),
            ));
        }
        // The doors are generated whatever the option, so that the code that
        // uses them adds no errors of its own.
        if self.observe.is_none() {
            self.observe = Some(key.clone());
        } else {
            return Err(syn::Error::new(key.span(), "`observe` is given more than once; keep one"));
        }
        let mut tokens = tokens.into_iter();
        let first = tokens.next();
        let distinct = match &first {
            Some(proc_macro2::TokenTree::Ident(option)) if option == "distinct" => option.clone(),
            _ => {
                return Err(syn::Error::new(
                    first.map_or(span, |token| token.span()),
                    "expected `distinct`, the one option of `observe`: `observe(distinct)` makes a write of a value equal to the stored one change nothing",
                ));
            }
        };
        if let Some(extra) = tokens.next() {
            return Err(syn::Error::new(
                extra.span(),
                "`observe` takes one option: write `observe(distinct)`, with nothing after `distinct`",
            ));
        }
        self.distinct = Some(distinct);
        Ok(())
    }

    /// Checks one argument and stores it.
    fn add(&mut self, arg: Arg) -> syn::Result<()> {
        let Arg { key, options, value } = arg;
        if let Some((span, tokens)) = options {
            if let Some((eq, _)) = &value {
                return Err(syn::Error::new(eq.span, format!("`{key}(…)` takes no value after it")));
            }
            return self.add_options(&key, span, tokens);
        }
        match key.to_string().as_str() {
            mode @ ("shared" | "sync") => {
                if let Some((eq, _)) = &value {
                    return Err(syn::Error::new(
                        eq.span,
                        format!("`{mode}` takes no value: write `#[private_tracker({mode})]`"),
                    ));
                }
                if let Some(first) = &self.mode_key {
                    let message = if *first == key {
                        format!("`{key}` is given more than once; keep one")
                    } else {
                        format!(
                            "`{first}` and `{key}` are two storage modes; a tracker has one, so keep either"
                        )
                    };
                    return Err(syn::Error::new(key.span(), message));
                }
                self.mode = if mode == "shared" { Mode::Shared } else { Mode::Sync };
                self.mode_key = Some(key);
                Ok(())
            }
            flag @ ("observe" | "trace") => {
                if let Some((eq, tokens)) = &value {
                    let message = if flag == "observe" && tokens.to_string() == "distinct" {
                        // Observed all the same, so that the doors' uses add
                        // no errors of their own.
                        self.observe.get_or_insert_with(|| key.clone());
                        "`observe` takes its option in parentheses: write `observe(distinct)`".to_owned()
                    } else {
                        format!("`{flag}` takes no value: write `#[private_tracker({flag})]`")
                    };
                    return Err(syn::Error::new(eq.span, message));
                }
                let slot = if flag == "observe" { &mut self.observe } else { &mut self.trace };
                set_once(slot, key.clone(), &key)
            }
            "history" => {
                let value = require_value(&key, value, "history = 16")?;
                match parse_history(&value) {
                    Ok(depth) => set_once(&mut self.history, (key.clone(), depth), &key),
                    Err(error) => {
                        // The doors are generated all the same, keeping one
                        // value, so that the code that uses them adds no
                        // errors of its own: the mistake is this one.
                        if self.history.is_none() {
                            self.history = Some((key.clone(), syn::LitInt::new("1", key.span())));
                        }
                        Err(error)
                    }
                }
            }
            "name" => {
                let value = require_value(&key, value, "name = MyTracker")?;
                let ident = parse_ident(&value, "name", "a type name such as `name = MyTracker`")?;
                set_once(&mut self.name, ident, &key)
            }
            "field" => {
                let value = require_value(&key, value, "field = action")?;
                let ident = parse_ident(&value, "field", "a method-name stem such as `field = action`")?;
                set_once(&mut self.field, ident, &key)
            }
            "guard" => {
                let value = require_value(&key, value, "guard = private_tracker::truthy")?;
                let expr = parse_expr(
                    &value,
                    "expected a guard: a path to a function or a closure taking `&VALUE` (VALUE is the declaration's return type) and returning `bool`, such as `guard = private_tracker::truthy` or `guard = |value| !value.is_empty()`",
                )?;
                set_once(&mut self.guard, expr, &key)
            }
            "init" => {
                let value = require_value(&key, value, "init = 0")?;
                let expr = parse_expr(
                    &value,
                    "expected an initial value: an expression of the declaration's return type, such as `init = 0` or `init = Vec::new()`",
                )?;
                set_once(&mut self.init, expr, &key)
            }
            "crate" => {
                let value = require_value(&key, value, "crate = ::private_tracker")?;
                let path = parse_crate_path(&value)?;
                set_once(&mut self.krate, path, &key)
            }
            unknown => {
                let hint = match naming::closest(unknown, KNOWN) {
                    _ if unknown == "distinct" => {
                        "it is an option of `observe`: write `observe(distinct)`; ".to_owned()
                    }
                    Some(close) => format!("did you mean `{close}`? "),
                    None => String::new(),
                };
                Err(syn::Error::new(
                    key.span(),
                    format!("unknown argument `{unknown}`; {hint}the arguments are {}", list_known()),
                ))
            }
        }
    }
}

fn list_known() -> String {
    let quoted: Vec<String> = KNOWN.iter().map(|known| format!("`{known}`")).collect();
    quoted.join(", ")
}

/// Stores `value` unless the argument was already given.
fn set_once<T>(slot: &mut Option<T>, value: T, key: &Ident) -> syn::Result<()> {
    if slot.is_some() {
        return Err(syn::Error::new(key.span(), format!("`{key}` is given more than once; keep one")));
    }
    *slot = Some(value);
    Ok(())
}

fn require_value(
    key: &Ident,
    value: Option<(Token![=], TokenStream)>,
    example: &str,
) -> syn::Result<TokenStream> {
    value
        .map(|(_, tokens)| tokens)
        .ok_or_else(|| syn::Error::new(key.span(), format!("`{key}` needs a value, as in `{example}`")))
}

/// A `guard`/`init` value: one expression, or `expected` at the tokens that
/// are not one.
fn parse_expr(tokens: &TokenStream, expected: &str) -> syn::Result<Expr> {
    syn::parse2::<Expr>(tokens.clone()).map_err(|error| {
        // An expression cut short (`guard = |`) is reported at its end,
        // which is the attribute's: point at the value instead.
        let at_end = error.to_string().contains("end of input");
        syn::Error::new(if at_end { tokens.span() } else { error.span() }, expected)
    })
}

/// A `history` value: an integer literal from 1 to [`MAX_HISTORY`].
fn parse_history(tokens: &TokenStream) -> syn::Result<syn::LitInt> {
    let expected = || {
        syn::Error::new_spanned(
            tokens,
            "`history` must be a whole number of values to keep, such as `history = 16`",
        )
    };
    let literal = syn::parse2::<syn::LitInt>(tokens.clone()).map_err(|_| expected())?;
    if !literal.suffix().is_empty() {
        return Err(syn::Error::new(
            literal.span(),
            format!(
                "write `history = {}` without the `{}` suffix",
                literal.base10_digits(),
                literal.suffix()
            ),
        ));
    }
    let depth = literal.base10_parse::<usize>();
    if literal.base10_digits().starts_with('-') || matches!(depth, Ok(0)) {
        return Err(syn::Error::new_spanned(
            tokens,
            format!(
                "`history = {}` keeps nothing to undo; keep at least one value, or drop `history`",
                literal.base10_digits()
            ),
        ));
    }
    match depth {
        Ok(depth) if depth <= MAX_HISTORY => Ok(syn::LitInt::new(&depth.to_string(), literal.span())),
        _ => Err(syn::Error::new(
            literal.span(),
            format!(
                "`history = {}` would put that many values inline in every tracker; keep at most {MAX_HISTORY}, or keep a longer history in a `Vec` of your own",
                literal.base10_digits()
            ),
        )),
    }
}

/// A `name`/`field` value: one identifier that is not a keyword.
fn parse_ident(tokens: &TokenStream, key: &str, expected: &str) -> syn::Result<Ident> {
    // `parse_any` accepts keywords too, so that `field = type` is reported
    // as a keyword rather than as "not an identifier".
    let ident = syn::ext::IdentExt::parse_any.parse2(tokens.clone()).map_err(|_| {
        syn::Error::new_spanned(tokens, format!("`{key}` must be one identifier: {expected}"))
    })?;
    let text = naming::unraw(&ident);
    if naming::is_keyword(&text) {
        return Err(syn::Error::new(
            ident.span(),
            format!("`{key} = {text}` would generate a keyword; choose another name"),
        ));
    }
    Ok(ident)
}

/// `crate = ::path` (or `crate::path`, `$crate::path`): absolute, because the
/// generated code is expanded in the user's module, where a relative path
/// means something else.
fn parse_crate_path(tokens: &TokenStream) -> syn::Result<Path> {
    let path = syn::parse2::<Path>(tokens.clone()).map_err(|_| {
        syn::Error::new_spanned(
            tokens,
            "`crate` must be a path to the `private_tracker` crate, such as `crate = ::private_tracker`",
        )
    })?;
    // `crate::…` and a macro's `$crate::…` are as absolute as `::…`: a crate
    // that re-exports the facade and wraps the attribute in `macro_rules!`
    // points it at its re-export that way.
    let from_a_crate_root = path.segments.first().is_some_and(|first| {
        let first = first.ident.to_string();
        first == "crate" || first == "$crate"
    });
    let builtin = ["core", "std", "alloc", "proc_macro", "test"];
    let only_segment = if path.segments.len() == 1 { path.segments.first() } else { None };
    if let Some(only) = only_segment.filter(|only| builtin.iter().any(|crate_name| only.ident == crate_name))
    {
        return Err(syn::Error::new_spanned(
            &path,
            format!(
                "`crate = ::{}` names a standard-library crate; `crate` is the path to `private_tracker`, such as `crate = ::private_tracker` or a re-export of it",
                only.ident
            ),
        ));
    }
    if path.leading_colon.is_none() && !from_a_crate_root {
        let shown = quote::quote!(#path).to_string().replace(' ', "");
        return Err(syn::Error::new(
            path.span(),
            format!("`crate` must be an absolute path: write `crate = ::{shown}`"),
        ));
    }
    Ok(path)
}
