//! The declaration: `ATTRS VIS fn NAME<GENERICS>(CAPTURES) -> VALUE WHERE;`,
//! parsed, checked, and turned into the tracker model that `expand` writes out.

use std::collections::BTreeSet;

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens as _;
use syn::parse::{Parse, ParseStream};
use syn::{
    Attribute, Expr, FnArg, GenericParam, Generics, Ident, Pat, Path, ReturnType, Signature, Token, Type,
    Visibility,
};

use crate::args::{Args, Mode};
use crate::errors::Errors;
use crate::{lifetimes, naming};

/// Everything `expand` needs, checked.
pub(crate) struct Tracker {
    /// The user's attributes, kept on the constructor (but `#[derive]`).
    pub(crate) attrs: Vec<Attribute>,
    /// The traits `#[derive(…)]` on the declaration asks for, which the
    /// tracker type implements by value, each with the path the user wrote.
    pub(crate) derives: Vec<(Derive, Path)>,
    pub(crate) vis: Visibility,
    pub(crate) constructor: Ident,
    /// The user's `fn` and `;`: the constructor is written with them, so
    /// that rustc sees it as the user's item (an unused one is reported like
    /// any unused fn).
    pub(crate) fn_token: Token![fn],
    pub(crate) semi_span: Span,
    /// The generated type's name.
    pub(crate) name: Ident,
    /// The stem of the method names (`action` in `set_action`).
    pub(crate) field: Ident,
    pub(crate) mode: Mode,
    pub(crate) guard: Option<Expr>,
    /// `init = …`: the tracker is never empty.
    pub(crate) init: Option<Expr>,
    /// `observe`: a version and subscribers.
    pub(crate) observe: bool,
    /// The span of `observe`, when given.
    pub(crate) observe_key: Option<Span>,
    /// The span of `distinct` in `observe(distinct)`: a write of an equal
    /// value changes nothing.
    pub(crate) distinct_key: Option<Span>,
    /// `history = N`: the span of `history`, and `N`, the number of values
    /// kept for undo.
    pub(crate) history: Option<(Span, syn::LitInt)>,
    /// `trace`: where each write came from.
    pub(crate) trace: bool,
    /// The facade crate, `::private_tracker` unless `crate = …`.
    pub(crate) krate: Path,
    /// The fn's generics plus a name for each elided lifetime.
    pub(crate) generics: Generics,
    pub(crate) captures: Vec<Capture>,
    pub(crate) value: Type,
    /// Every identifier and lifetime name written in the declaration and its
    /// arguments: names the macro invents avoid all of them.
    pub(crate) taken: BTreeSet<String>,
}

/// One constructor parameter, kept in the tracker.
pub(crate) struct Capture {
    /// The parameter's name in the generated constructor: the user's name for
    /// `name: T` and `mut name: T`, a hygienic `__capture_N` for other
    /// patterns.
    pub(crate) binding: Ident,
    /// Whether `binding` is the user's own name (not a hygienic one).
    pub(crate) named: bool,
    /// The user's pattern when it is not a plain name, checked in the
    /// constructor as rustc checks a fn parameter's pattern.
    pub(crate) pattern: Option<Pat>,
    pub(crate) ty: Type,
    /// `Some(name)` with `#[get]`.
    pub(crate) getter: Option<Ident>,
    /// Where the capture's pattern (a name, `_`, a tuple…) is written.
    pub(crate) span: Span,
}

/// The item under the attribute, parsed as far as its shape allows.
pub(crate) struct Declaration {
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) vis: Visibility,
    pub(crate) sig: Signature,
    /// A `{ … }` where `;` belongs.
    pub(crate) body: Option<TokenTree>,
    /// The span of the `;` (or of the body in its place).
    pub(crate) semi_span: Span,
}

impl Parse for Declaration {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis: Visibility = input.parse()?;
        if !starts_a_fn(input) {
            return Err(input.error(
                "`#[private_tracker]` goes on a fn signature, such as `pub fn action_tracker(choice: &'static str) -> &'static str;`",
            ));
        }
        let sig: Signature = input.parse()?;
        let (body, semi_span) = if input.peek(syn::token::Brace) {
            let body: TokenTree = input.parse()?;
            let span = body.span();
            (Some(body), span)
        } else {
            let semi = input.parse::<Token![;]>().map_err(|_| {
                input.error("expected `;` after the signature: a tracker declaration has no body")
            })?;
            (None, semi.span)
        };
        if !input.is_empty() {
            return Err(input.error("unexpected tokens after the tracker declaration"));
        }
        Ok(Self { attrs, vis, sig, body, semi_span })
    }
}

/// Whether the fn's parameter list fails to parse. rustc parses the item
/// before it calls the attribute and has then reported the mistake already:
/// the macro adds no second message about the same tokens.
pub(crate) fn parameters_fail_to_parse(item: TokenStream) -> bool {
    let parser = |input: ParseStream<'_>| -> syn::Result<bool> {
        input.call(Attribute::parse_outer)?;
        input.parse::<Visibility>()?;
        input.parse::<Option<Token![const]>>()?;
        input.parse::<Option<Token![async]>>()?;
        input.parse::<Option<Token![unsafe]>>()?;
        input.parse::<Option<syn::Abi>>()?;
        input.parse::<Token![fn]>()?;
        input.parse::<Ident>()?;
        input.parse::<Generics>()?;
        let params;
        syn::parenthesized!(params in input);
        let fails = params.parse_terminated(FnArg::parse, Token![,]).is_err();
        input.parse::<TokenStream>()?;
        Ok(fails)
    };
    syn::parse::Parser::parse2(parser, item).unwrap_or(false)
}

/// Whether the next tokens are `[const] [async] [unsafe] [extern "abi"] fn`.
fn starts_a_fn(input: ParseStream<'_>) -> bool {
    let fork = input.fork();
    let _ = fork.parse::<Option<Token![const]>>();
    let _ = fork.parse::<Option<Token![async]>>();
    let _ = fork.parse::<Option<Token![unsafe]>>();
    if fork.peek(Token![extern]) {
        let _ = fork.parse::<syn::Abi>();
    }
    fork.peek(Token![fn])
}

impl Declaration {
    /// Checks the declaration against the arguments and builds the model.
    ///
    /// Every independent mistake goes into `errors`. The model comes back
    /// whenever one can be built (wrong pieces replaced by their defaults),
    /// so that the constructor and its type still exist for the rest of the
    /// user's code; `None` only when the value type itself is unusable.
    pub(crate) fn into_tracker(self, args: Args, errors: &mut Errors) -> Option<Tracker> {
        let Self { mut attrs, vis, sig, body, semi_span } = self;
        let derives = take_derives(&mut attrs, errors);
        take_repeated_attribute(&mut attrs, errors);
        if let Some(body) = body {
            errors.push(syn::Error::new(
                body.span(),
                "a tracker declaration has no body: replace `{ … }` with `;`, and the macro writes the constructor",
            ));
        }
        check_modifiers(&sig, errors);

        let mut captures = Vec::new();
        for arg in &sig.inputs {
            match arg {
                FnArg::Receiver(receiver) => errors.push(syn::Error::new_spanned(
                    receiver,
                    "a tracker constructor has no `self`: it is a free fn whose parameters become the tracker's captures",
                )),
                FnArg::Typed(typed) => {
                    // A mistake in a capture's attributes drops the getter,
                    // never the capture: the constructor keeps its parameter.
                    let (capture, error) = Capture::from_param(typed);
                    errors.extend(error);
                    captures.push(capture);
                }
            }
        }
        check_unique_bindings(&mut captures, errors);
        name_patterns_apart(&mut captures);

        let mut value = errors.record(value_type(&sig))?;
        // A type that cannot be a field leaves nothing to build: emitting the
        // struct anyway would only add rustc's errors about the same tokens.
        let mut storable = true;
        for ty in captures.iter().map(|c| &c.ty).chain([&value]) {
            storable &= check_type(ty, errors);
        }
        if !storable {
            return None;
        }

        let mut generics = sig.generics.clone();
        drop_unused_params(&mut generics, &captures, &value, errors);
        let mut taken = BTreeSet::new();
        lifetimes::written(sig.to_token_stream(), &mut taken);
        let mut names = taken.clone();
        naming::written(sig.to_token_stream(), &mut names);
        for expr in args.guard.iter().chain(&args.init) {
            naming::written(expr.to_token_stream(), &mut names);
        }
        let mut capture_types: Vec<&mut Type> = captures.iter_mut().map(|c| &mut c.ty).collect();
        let (fresh, ambiguous) = lifetimes::name_elided(&mut capture_types, &mut value, &taken);
        errors.extend(ambiguous);
        let lifetime_count = generics.lifetimes().count();
        for (offset, lifetime) in fresh.into_iter().enumerate() {
            let param = GenericParam::Lifetime(syn::LifetimeParam::new(lifetime));
            generics.params.insert(lifetime_count + offset, param);
        }
        if generics.lt_token.is_none() && !generics.params.is_empty() {
            generics.lt_token = Some(Token![<](Span::call_site()));
            generics.gt_token = Some(Token![>](Span::call_site()));
        }

        let constructor = sig.ident;
        let name = type_name(&args, &constructor, &generics, &captures, &value, &names, errors);
        let kinds: Vec<Derive> = derives.iter().map(|(derive, _)| *derive).collect();
        let field = field_name(&args, &constructor, &kinds, errors);
        check_getter_names(&mut captures, &field, &args, &kinds, errors);
        // A derive that cannot be had is reported and dropped, so that only
        // that error is seen.
        let refused = check_serde(&captures, &field, &kinds, errors);
        let mut derives = derives;
        derives.retain(|(derive, _)| !refused.contains(derive));

        Some(Tracker {
            attrs,
            derives,
            vis,
            constructor,
            fn_token: sig.fn_token,
            semi_span,
            name,
            field,
            mode: args.mode,
            guard: args.guard,
            init: args.init,
            observe: args.observe.is_some(),
            observe_key: args.observe.as_ref().map(Ident::span),
            distinct_key: args.distinct.as_ref().map(Ident::span),
            history: args.history.as_ref().map(|(key, depth)| (key.span(), depth.clone())),
            trace: args.trace.is_some(),
            krate: args.krate.unwrap_or_else(|| syn::parse_quote!(::private_tracker)),
            generics,
            captures,
            value,
            taken: names,
        })
    }
}

/// The tracker type's name: `name = …`, or the constructor's in
/// upper camel case. A name that cannot be derived, or that would clash with a
/// name of the declaration, is reported at the tokens it comes from and
/// replaced by a fresh one, so that nothing else fails.
fn type_name(
    args: &Args,
    constructor: &Ident,
    generics: &Generics,
    captures: &[Capture],
    value: &Type,
    names: &BTreeSet<String>,
    errors: &mut Errors,
) -> Ident {
    let fix = "give the type a name with `#[private_tracker(name = …)]`";
    // Unique to the constructor, so that two failed declarations in one
    // module do not clash.
    let fallback = || {
        let text = format!("TrackerFor{}", naming::upper_camel(&naming::unraw(constructor)));
        let text = if syn::parse_str::<Ident>(&text).is_ok() {
            text
        } else {
            naming::fresh("Tracker", |name| names.contains(name))
        };
        Ident::new(&text, Span::call_site())
    };
    // Located at the attribute, not at the constructor's name: rustc then
    // offers no "add a type parameter to `ActionTracker`" help (rendered at
    // the constructor's name, it would read as if about the constructor) and
    // reports an unknown type in the struct identically to the constructor's
    // report, so the user sees it once.
    let (name, span, fix) = match &args.name {
        Some(name) => (name.clone(), name.span(), "choose another `name = …`"),
        None => match naming::type_name(&naming::unraw(constructor)) {
            Ok(text) => (Ident::new(&text, Span::call_site()), constructor.span(), fix),
            Err(why) => {
                errors.push(syn::Error::new(constructor.span(), format!("{why}; {fix}")));
                return fallback();
            }
        },
    };
    let text = naming::unraw(&name);
    let is_param = generics.params.iter().any(|param| match param {
        GenericParam::Type(param) => naming::unraw(&param.ident) == text,
        GenericParam::Const(param) => naming::unraw(&param.ident) == text,
        GenericParam::Lifetime(_) => false,
    });
    let mut used = BTreeSet::new();
    for ty in captures.iter().map(|c| &c.ty).chain([value]) {
        naming::path_starts(ty.to_token_stream(), &mut used);
    }
    if let Some(clause) = &generics.where_clause {
        naming::path_starts(clause.to_token_stream(), &mut used);
    }
    let clash = if is_param {
        Some("a generic parameter of this declaration")
    } else if used.contains(&text) {
        Some("a type this declaration uses")
    } else {
        None
    };
    match clash {
        Some(what) => {
            errors.push(syn::Error::new(
                span,
                format!("the tracker type would be named `{text}`, like {what}; {fix}"),
            ));
            fallback()
        }
        None => name,
    }
}

/// The stem of the door names: `field = …`, or the constructor's name
/// without `_tracker`. One that is a keyword, or that would make a door
/// named like a method the tracker has anyway, is reported and replaced.
fn field_name(args: &Args, constructor: &Ident, derives: &[Derive], errors: &mut Errors) -> Ident {
    let (text, span, source, fix) = match &args.field {
        Some(field) => {
            let text = naming::unraw(field);
            (text.clone(), field.span(), format!("`field = {text}`"), "choose another `field = …`")
        }
        None => (
            naming::default_field(&naming::unraw(constructor)),
            constructor.span(),
            format!("`{}`", naming::unraw(constructor)),
            "rename the constructor, or set the method stem with `#[private_tracker(field = …)]`",
        ),
    };
    let problem = if syn::parse_str::<Ident>(&text).is_err() && !naming::is_keyword(&text) {
        Some(format!("the method names cannot be made from `{text}`"))
    } else if naming::is_keyword(&text) {
        Some(format!("the default method names would use the keyword `{text}`"))
    } else if reserved_methods(args, derives).contains(&text.as_str()) {
        let which = if text == "ptr_eq" {
            "which every shared and sync tracker already has"
        } else if text == "version" {
            "which an observed tracker already has"
        } else if text.starts_with("last_") {
            "which a traced tracker already has"
        } else if ["into_fn", "clone", "clone_from", "fmt"].contains(&text.as_str()) {
            "which every tracker already has"
        } else {
            "which a derived trait gives the tracker"
        };
        Some(format!("{source} makes the value's read method `{text}`, {which}"))
    } else {
        None
    };
    match problem {
        Some(problem) => {
            errors.push(syn::Error::new(span, format!("{problem}; {fix}")));
            Ident::new("value", Span::call_site())
        }
        None => args.field.clone().unwrap_or_else(|| Ident::new(&text, Span::call_site())),
    }
}

/// Methods a tracker has whatever its field: `into_fn`, those of `Clone`
/// and `Debug` (a getter named `clone` would shadow `Clone::clone`),
/// `ptr_eq` in the handle modes, and those of `observe` and `trace`.
fn reserved_methods(args: &Args, derives: &[Derive]) -> Vec<&'static str> {
    let mut reserved = vec!["into_fn", "clone", "clone_from", "fmt"];
    if args.mode != Mode::Owned {
        reserved.push("ptr_eq");
    }
    if args.observe.is_some() {
        reserved.push("version");
    }
    if args.trace.is_some() {
        reserved.extend(["last_write_at", "last_refused_at"]);
    }
    // The methods of the derived traits, which a getter would shadow
    // (`DefaultTracker::default()` would find the getter).
    for derive in derives {
        reserved.extend_from_slice(match derive {
            Derive::PartialEq => &["eq", "ne"][..],
            Derive::Eq => &[][..],
            Derive::PartialOrd => &["partial_cmp", "lt", "le", "gt", "ge"][..],
            Derive::Ord => &["cmp", "max", "min", "clamp"][..],
            Derive::Hash => &["hash", "hash_slice"][..],
            Derive::Default => &["default"][..],
            Derive::Serialize => &["serialize"][..],
            Derive::Deserialize => &["deserialize"][..],
        });
    }
    reserved
}

/// A trait that `#[derive(…)]` on a declaration passes to the tracker type.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Derive {
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    /// serde's, with the facade's `serde` feature.
    Serialize,
    /// serde's, with the facade's `serde` feature.
    Deserialize,
}

impl Derive {
    const ALL: [(&'static str, Self); 8] = [
        ("PartialEq", Self::PartialEq),
        ("Eq", Self::Eq),
        ("PartialOrd", Self::PartialOrd),
        ("Ord", Self::Ord),
        ("Hash", Self::Hash),
        ("Default", Self::Default),
        ("Serialize", Self::Serialize),
        ("Deserialize", Self::Deserialize),
    ];
}

/// The most captures a tracker that derives `Serialize` or `Deserialize`
/// may have: the tuples `private-tracker-core` implements them for.
const SERDE_CAPTURES: usize = 12;

/// What `#[derive(Serialize)]` and `#[derive(Deserialize)]` need of the
/// captures: a name for each (it is the field's name), no name shared with
/// the value's field, and for `Serialize` a `#[get]` on each, because a
/// capture written out is no longer sealed.
///
/// Returns the derives it reported.
fn check_serde(captures: &[Capture], field: &Ident, derives: &[Derive], errors: &mut Errors) -> Vec<Derive> {
    let requested: Vec<(Derive, &str)> =
        [(Derive::Serialize, "Serialize"), (Derive::Deserialize, "Deserialize")]
            .into_iter()
            .filter(|(derive, _)| derives.contains(derive))
            .collect();
    if requested.is_empty() {
        return Vec::new();
    }
    let names: Vec<&str> = requested.iter().map(|(_, name)| *name).collect();
    let derive = format!("#[derive({})]", names.join(", "));
    let everything = || requested.iter().map(|(derive, _)| *derive).collect();
    if let Some(extra) = captures.get(SERDE_CAPTURES) {
        errors.push(syn::Error::new(
            extra.span,
            format!("`{derive}` takes trackers of at most {SERDE_CAPTURES} captures; group some of them in a tuple or a struct"),
        ));
        return everything();
    }
    // What both traits need: one field name per capture, apart from the
    // value's.
    let field = naming::unraw(field);
    let before = errors.count();
    for capture in captures {
        if !capture.named {
            let ty = crate::docs::code(&capture.ty);
            errors.push(syn::Error::new(
                capture.span,
                format!("`{derive}` names a field after each capture, and this one is a pattern with no name: bind it to a name, as in `name: {ty}`"),
            ));
        } else if naming::unraw(&capture.binding) == field {
            errors.push(syn::Error::new(
                capture.binding.span(),
                format!("this capture is named `{field}`, like the tracked value, and `{derive}` would make both fields of one struct: rename the capture, or give the value another name with `#[private_tracker(field = …)]` (which renames `set_{field}` and the other methods too)"),
            ));
        }
    }
    if errors.count() > before {
        return everything();
    }
    // What `Serialize` needs: nothing sealed to write out.
    let mut refused = Vec::new();
    if derives.contains(&Derive::Serialize) {
        for capture in captures.iter().filter(|capture| capture.getter.is_none()) {
            let name = naming::unraw(&capture.binding);
            errors.push(syn::Error::new(
                capture.binding.span(),
                format!("`#[derive(Serialize)]` would write out `{name}`, which has no `#[get]` and so is for the guard's eyes only; add `#[get]` to it, or derive only `Deserialize`"),
            ));
            refused = vec![Derive::Serialize];
        }
    }
    refused
}

/// Removes a second `#[private_tracker(…)]` from `attrs`, written out or
/// under a `cfg_attr`, with one error that says how to combine the two:
/// left on the constructor, it would run on the expansion and report
/// mistakes the user did not make.
fn take_repeated_attribute(attrs: &mut Vec<Attribute>, errors: &mut Errors) {
    let names_the_macro = |tokens: TokenStream| {
        tokens.into_iter().any(|tree| match tree {
            TokenTree::Ident(ident) => ident == "private_tracker",
            TokenTree::Group(group) => group
                .stream()
                .into_iter()
                .any(|tree| matches!(tree, TokenTree::Ident(ident) if ident == "private_tracker")),
            _ => false,
        })
    };
    attrs.retain(|attr| {
        let path = attr.path();
        let repeated = path.segments.last().is_some_and(|last| last.ident == "private_tracker")
            || (path.is_ident("cfg_attr") && names_the_macro(attr.meta.to_token_stream()));
        if repeated {
            errors.push(syn::Error::new_spanned(
                attr,
                "`#[private_tracker]` is given twice: write every argument in one attribute, such as `#[private_tracker(observe, trace)]`; to turn an argument on under a condition, repeat the whole attribute under each condition: `#[cfg_attr(debug_assertions, private_tracker(observe, trace))]` and `#[cfg_attr(not(debug_assertions), private_tracker(observe))]`",
            ));
        }
        !repeated
    });
}

/// Removes the `#[derive(…)]` attributes from `attrs` (a fn cannot carry
/// them: E0774) and returns the traits they name. A trait the tracker
/// cannot derive is reported at its name.
fn take_derives(attrs: &mut Vec<Attribute>, errors: &mut Errors) -> Vec<(Derive, Path)> {
    let mut derives = Vec::new();
    let mut kept = Vec::new();
    for attr in attrs.drain(..) {
        if !attr.path().is_ident("derive") {
            kept.push(attr);
            continue;
        }
        let paths = attr.parse_args_with(syn::punctuated::Punctuated::<Path, Token![,]>::parse_terminated);
        let Some(paths) = errors.record(paths) else { continue };
        for path in paths {
            let Some(last) = path.segments.last() else { continue };
            let name = last.ident.to_string();
            match Derive::ALL.iter().find(|(known, _)| *known == name) {
                Some((_, derive)) if derives.iter().any(|(known, _)| known == derive) => errors.push(
                    syn::Error::new_spanned(&path, format!("`{name}` is derived more than once; keep one")),
                ),
                Some((_, derive)) => derives.push((*derive, path)),
                None if name == "Clone" => errors.push(syn::Error::new_spanned(
                    &path,
                    "every tracker implements `Clone` already (an owned tracker when its captures and value are `Clone`; a shared or sync one as a new handle to the same storage); remove it from the derive",
                )),
                None if name == "Debug" => errors.push(syn::Error::new_spanned(
                    &path,
                    "every tracker implements `Debug` already, without the private data; remove it from the derive",
                )),
                None => errors.push(syn::Error::new_spanned(
                    &path,
                    format!(
                        "`{name}` cannot be derived for a tracker; the derives it takes are `PartialEq`, `Eq`, `Hash`, `PartialOrd`, `Ord`, `Default`, and, with the `serde` feature, `Serialize` and `Deserialize`"
                    ),
                )),
            }
        }
    }
    *attrs = kept;
    derives
}

/// `const`, `async`, `unsafe`, `extern` and `...` have no meaning for a
/// constructor that only moves its arguments into a struct.
fn check_modifiers(sig: &Signature, errors: &mut Errors) {
    let mut reject = |tokens: &dyn quote::ToTokens, what: &str| {
        errors.push(syn::Error::new_spanned(
            tokens.to_token_stream(),
            format!("a tracker constructor cannot be {what}; remove it"),
        ));
    };
    if let Some(token) = &sig.constness {
        reject(token, "`const`");
    }
    if let Some(token) = &sig.asyncness {
        reject(token, "`async`");
    }
    if let syn::Safety::Unsafe(token) = &sig.safety {
        reject(token, "`unsafe`");
    }
    if let Some(abi) = &sig.abi {
        reject(abi, "`extern`");
    }
    if let Some(variadic) = &sig.variadic {
        reject(variadic, "variadic (`...`)");
    }
}

impl Capture {
    fn from_param(param: &syn::PatType) -> (Self, Option<syn::Error>) {
        let (getter, mut error) = get_attribute(&param.attrs);
        let ty = (*param.ty).clone();
        let span = syn::spanned::Spanned::span(&*param.pat);
        let capture = match &*param.pat {
            Pat::Ident(ident) if ident.by_ref.is_none() && ident.subpat.is_none() => Self {
                binding: ident.ident.clone(),
                named: true,
                pattern: None,
                ty,
                getter: getter.map(|_| ident.ident.clone()),
                span,
            },
            pattern => {
                if let Some(attr) = getter {
                    let misplaced = syn::Error::new_spanned(
                        attr,
                        "`#[get]` needs a capture with a plain name, such as `#[get] choice: &str`, to name the getter after",
                    );
                    match &mut error {
                        Some(error) => error.combine(misplaced),
                        None => error = Some(misplaced),
                    }
                }
                let binding = Ident::new(&pattern_name(pattern), Span::mixed_site());
                let pattern = (!matches!(pattern, Pat::Wild(_))).then(|| pattern.clone());
                Self { binding, named: false, pattern, ty, getter: None, span }
            }
        };
        (capture, error)
    }
}

/// The name of the constructor's parameter for a capture written as a
/// pattern: its bindings joined, as a person would name the whole
/// (`(low, high)` → `low_high`), or `capture` for one that binds nothing
/// (`_`) or whose bindings make no name (`(_1, _2)`, `(r#type,)`).
/// [`name_patterns_apart`] then makes each one unique. It is hygienic, so
/// it cannot clash with a name of the user's in the constructor's body.
fn pattern_name(pattern: &Pat) -> String {
    let names: Vec<String> = crate::expand::bindings_of(pattern)
        .iter()
        .map(|(name, _)| naming::unraw(name).trim_start_matches('_').to_owned())
        .filter(|name| !name.is_empty())
        .collect();
    let joined = names.join("_");
    let usable = syn::parse_str::<Ident>(&joined).is_ok()
        && !naming::is_keyword(&joined)
        && !["self", "Self", "super", "crate"].contains(&joined.as_str());
    if usable { joined } else { "capture".to_owned() }
}

/// Gives the parameters made for pattern captures names that no other
/// parameter has (`low_high0` beside a `low_high`), so that the constructor
/// on the docs page never lists one name twice.
fn name_patterns_apart(captures: &mut [Capture]) {
    let mut taken: Vec<String> =
        captures.iter().filter(|c| c.named).map(|c| naming::unraw(&c.binding)).collect();
    for capture in captures.iter_mut().filter(|c| !c.named) {
        let base = capture.binding.to_string();
        let name = naming::fresh(&base, |candidate| taken.iter().any(|known| known == candidate));
        taken.push(name.clone());
        capture.binding = Ident::new(&name, capture.binding.span());
    }
}

/// The capture's `#[get]`, if it has one, and the error for every other
/// attribute. A `#[get]` written wrong still counts, so that uses of its
/// getter add no errors of their own.
fn get_attribute(attrs: &[Attribute]) -> (Option<&Attribute>, Option<syn::Error>) {
    let mut getter = None;
    let mut errors = Errors::default();
    for attr in attrs {
        let path = attr.path();
        let message = if path.is_ident("get") {
            let message = if getter.is_some() {
                Some("`#[get]` is given more than once; keep one")
            } else if matches!(attr.meta, syn::Meta::Path(_)) {
                None
            } else {
                Some("`#[get]` takes no arguments: write `#[get]`, and the getter is named after the capture")
            };
            getter = Some(attr);
            message
        } else if path.is_ident("cfg") {
            Some(
                "a capture cannot be conditional: every capture is a field of the tracker; put `#[cfg]` on the whole declaration, or declare one tracker per configuration",
            )
        } else if path.is_ident("cfg_attr") {
            Some(
                "`#[cfg_attr]` cannot go on a capture: write `#[get]` without a condition, or put `#[cfg]` on the whole declaration",
            )
        } else {
            Some("the only attribute a capture takes is `#[get]`, which generates a read-only getter")
        };
        if let Some(message) = message {
            errors.push(syn::Error::new_spanned(attr, message));
        }
    }
    (getter, errors.into_error())
}

/// A name given to two captures is reported at the second, which is then
/// kept under a hygienic name: the constructor keeps its parameter, and
/// rustc sees no duplicate of its own to report.
fn check_unique_bindings(captures: &mut [Capture], errors: &mut Errors) {
    let mut seen: Vec<Ident> = Vec::new();
    for (index, capture) in captures.iter_mut().enumerate().filter(|(_, c)| c.named) {
        if seen.contains(&capture.binding) {
            errors.push(syn::Error::new(
                capture.binding.span(),
                format!(
                    "`{}` is used by another capture already; give each capture its own name",
                    capture.binding
                ),
            ));
            capture.binding = Ident::new(&format!("__capture_{index}"), Span::mixed_site());
            capture.named = false;
            capture.getter = None;
        } else {
            seen.push(capture.binding.clone());
        }
    }
}

/// The value type: what `-> VALUE` names.
fn value_type(sig: &Signature) -> syn::Result<Type> {
    let ReturnType::Type(_, ty) = &sig.output else {
        return Err(syn::Error::new(
            sig.paren_token.span.close(),
            "a tracker declaration needs a value type: add `-> T` for the type of the tracked value, such as `-> &'static str`",
        ));
    };
    match &**ty {
        Type::Tuple(tuple) if tuple.elems.is_empty() => Err(syn::Error::new_spanned(
            ty,
            "a tracker of `()` tracks nothing; name the type of the tracked value, such as `-> bool`",
        )),
        Type::Never(_) => {
            Err(syn::Error::new_spanned(ty, "a tracker cannot hold `!`; name the type of the tracked value"))
        }
        _ => Ok((**ty).clone()),
    }
}

/// Types a struct field cannot have, or that would mean something else
/// there. Returns whether `ty` can be stored.
fn check_type(ty: &Type, errors: &mut Errors) -> bool {
    let before = errors.count();
    if let Type::ImplTrait(_) = ty {
        errors.push(syn::Error::new_spanned(ty, IMPL_TRAIT));
    } else if let Some(span) = find_ident(ty.to_token_stream(), "impl") {
        errors.push(syn::Error::new(span, IMPL_TRAIT));
    }
    if let Some(unsized_error) = unsized_type(ty) {
        errors.push(unsized_error);
    }
    if let Some(placeholder) = find_placeholder(ty) {
        errors.push(syn::Error::new(
            placeholder,
            "`_` cannot be inferred here: the captures and the value become fields of a struct, so write the type out",
        ));
    }
    if let Some(span) = find_ident(ty.to_token_stream(), "Self") {
        errors.push(syn::Error::new(
            span,
            "`Self` has no meaning in a tracker declaration, which is a free fn; name the type",
        ));
    }
    errors.count() == before
}

/// The error for a type without a size known at compile time, which no
/// field can have: `str`, a slice, a trait object.
fn unsized_type(ty: &Type) -> Option<syn::Error> {
    let advice = match ty {
        Type::Paren(inner) => return unsized_type(&inner.elem),
        Type::Group(inner) => return unsized_type(&inner.elem),
        // A tuple or an array stores its elements inline: `(u8, str)` is
        // reported at the `str`.
        Type::Tuple(tuple) => return tuple.elems.iter().find_map(unsized_type),
        Type::Array(array) => return unsized_type(&array.elem),
        Type::Slice(_) => "store a `Vec<T>`, a `Box<[T]>` or a `&'static [T]` instead",
        Type::TraitObject(_) => {
            "store a `Box<dyn Trait>` or a `&dyn Trait` instead, or add a type parameter `<T: Trait>` and use `T`"
        }
        Type::Path(path)
            if path.qself.is_none()
                && path
                    .path
                    .segments
                    .last()
                    .is_some_and(|last| last.ident == "str" && last.arguments.is_empty())
                && (path.path.segments.len() == 1
                    || path.path.segments.iter().rev().nth(1).is_some_and(|s| s.ident == "primitive")) =>
        {
            "store a `String`, a `Box<str>` or a `&'static str` instead"
        }
        _ => return None,
    };
    Some(syn::Error::new_spanned(
        ty,
        format!(
            "`{}` has no size known at compile time, and a tracker stores its captures and its value; {advice}",
            crate::docs::code(ty)
        ),
    ))
}

/// The first `_` standing for a type or an array length in `ty`.
fn find_placeholder(ty: &Type) -> Option<Span> {
    struct Placeholder(Option<Span>);
    impl syn::visit_mut::VisitMut for Placeholder {
        fn visit_type_mut(&mut self, ty: &mut Type) {
            if let Type::Infer(infer) = ty {
                self.0.get_or_insert(infer.underscore_token.span);
            }
            syn::visit_mut::visit_type_mut(self, ty);
        }
        fn visit_expr_mut(&mut self, expr: &mut Expr) {
            if let Expr::Infer(infer) = expr {
                self.0.get_or_insert(infer.underscore_token.span);
            }
            syn::visit_mut::visit_expr_mut(self, expr);
        }
    }
    let mut placeholder = Placeholder(None);
    syn::visit_mut::VisitMut::visit_type_mut(&mut placeholder, &mut ty.clone());
    placeholder.0
}

/// Drops each type or lifetime parameter that no capture and not the value
/// type uses, with an error at it: the struct would have nothing to store it in
/// (E0392), and the constructor's callers nothing to infer it from. Bounds
/// and predicates that name it go with it, so that nothing else fails.
fn drop_unused_params(generics: &mut Generics, captures: &[Capture], value: &Type, errors: &mut Errors) {
    let mut used_names = BTreeSet::new();
    let mut used_lifetimes = BTreeSet::new();
    for ty in captures.iter().map(|c| &c.ty).chain([value]) {
        naming::path_starts(ty.to_token_stream(), &mut used_names);
        lifetimes::written(ty.to_token_stream(), &mut used_lifetimes);
    }
    let mut unused_names = BTreeSet::new();
    let mut unused_lifetimes = BTreeSet::new();
    for param in &generics.params {
        let (ident, what, used, unused) = match param {
            GenericParam::Type(param) => (&param.ident, "type parameter", &used_names, &mut unused_names),
            // A struct may leave a const parameter unused: a tag for the
            // type, which callers name (`bounded_tracker::<3>(…)`).
            GenericParam::Const(_) => continue,
            GenericParam::Lifetime(param) => {
                (&param.lifetime.ident, "lifetime", &used_lifetimes, &mut unused_lifetimes)
            }
        };
        let text = naming::unraw(ident);
        if !used.contains(&text) {
            let shown =
                if matches!(param, GenericParam::Lifetime(_)) { format!("'{text}") } else { text.clone() };
            errors.push(syn::Error::new(
                ident.span(),
                format!(
                    "the {what} `{shown}` appears in no capture's type and not in the value type (bounds do not count), so the tracker has no field to hold it; remove it, or use it in a capture's type or the value type"
                ),
            ));
            unused.insert(text);
        }
    }
    if unused_names.is_empty() && unused_lifetimes.is_empty() {
        return;
    }
    let mentions_unused = |tokens: TokenStream| {
        let (mut names, mut lifetimes_written) = (BTreeSet::new(), BTreeSet::new());
        naming::path_starts(tokens.clone(), &mut names);
        lifetimes::written(tokens, &mut lifetimes_written);
        !names.is_disjoint(&unused_names) || !lifetimes_written.is_disjoint(&unused_lifetimes)
    };
    generics.params = std::mem::take(&mut generics.params)
        .into_iter()
        .filter(|param| {
            let ident = match param {
                GenericParam::Type(param) => &param.ident,
                GenericParam::Const(param) => &param.ident,
                GenericParam::Lifetime(param) => &param.lifetime.ident,
            };
            let text = naming::unraw(ident);
            match param {
                GenericParam::Lifetime(_) => !unused_lifetimes.contains(&text),
                _ => !unused_names.contains(&text),
            }
        })
        .map(|mut param| {
            if let GenericParam::Type(param) = &mut param {
                param.bounds = std::mem::take(&mut param.bounds)
                    .into_iter()
                    .filter(|bound| !mentions_unused(bound.to_token_stream()))
                    .collect();
                if param.bounds.is_empty() {
                    param.colon_token = None;
                }
            }
            param
        })
        .collect();
    if let Some(clause) = &mut generics.where_clause {
        clause.predicates = std::mem::take(&mut clause.predicates)
            .into_iter()
            .filter(|predicate| !mentions_unused(predicate.to_token_stream()))
            .collect();
        if clause.predicates.is_empty() {
            generics.where_clause = None;
        }
    }
    if generics.params.is_empty() {
        generics.lt_token = None;
        generics.gt_token = None;
    }
}

const IMPL_TRAIT: &str = "`impl Trait` cannot be stored in a tracker: name the type, or add a type parameter `<T: Trait>` and use `T`";

/// The first `name` in `tokens`, at any depth.
fn find_ident(tokens: TokenStream, name: &str) -> Option<Span> {
    tokens.into_iter().find_map(|tree| match tree {
        TokenTree::Ident(ident) if ident == name => Some(ident.span()),
        TokenTree::Group(group) => find_ident(group.stream(), name),
        _ => None,
    })
}

/// A `#[get]` getter may not take the name of a generated method; one that
/// would is reported and dropped, so that only this error is seen.
fn check_getter_names(
    captures: &mut [Capture],
    field: &Ident,
    args: &Args,
    derives: &[Derive],
    errors: &mut Errors,
) {
    let field = naming::unraw(field);
    let emptying = if args.init.is_some() { "reset_" } else { "take_" };
    let observing: &[&str] = match (args.observe.is_some(), args.mode) {
        (false, _) => &[],
        (true, Mode::Owned) => &["subscribe_", "unsubscribe_"],
        (true, Mode::Shared) => &["subscribe_"],
        (true, Mode::Sync) => &["subscribe_", "watch_"],
    };
    let remembering: &[&str] =
        if args.history.is_some() { &["undo_", "redo_", "history_", "clear_history_"] } else { &[] };
    let mut generated: Vec<String> =
        ["", "get_", "with_", "set_", "replace_", emptying, "update_", "modify_"]
            .iter()
            .chain(observing)
            .chain(remembering)
            .map(|prefix| format!("{prefix}{field}"))
            .collect();
    generated.extend(reserved_methods(args, derives).iter().map(|&name| name.to_owned()));
    for capture in captures {
        let Some(span) = capture.getter.as_ref().map(Ident::span) else { continue };
        let name = capture.getter.as_ref().map(naming::unraw).unwrap_or_default();
        if generated.contains(&name) || name.starts_with("__") {
            capture.getter = None;
            errors.push(syn::Error::new(
                span,
                format!(
                    "`#[get]` would generate a method `{name}`, which the tracker already has; rename the capture or choose another field with `#[private_tracker(field = …)]`"
                ),
            ));
        }
    }
}
