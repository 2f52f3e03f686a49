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
    /// The user's attributes, kept on the constructor.
    pub(crate) attrs: Vec<Attribute>,
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
        let Self { attrs, vis, sig, body, semi_span } = self;
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
                    let (capture, error) = Capture::from_param(typed, captures.len());
                    errors.extend(error);
                    captures.push(capture);
                }
            }
        }
        check_unique_bindings(&captures, errors);

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
        let mut taken = BTreeSet::new();
        lifetimes::written(sig.to_token_stream(), &mut taken);
        let mut names = taken.clone();
        naming::written(sig.to_token_stream(), &mut names);
        if let Some(guard) = &args.guard {
            naming::written(guard.to_token_stream(), &mut names);
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
        // Names derived from the constructor's are located at the attribute,
        // not at the constructor's name: rustc then offers no "add a type
        // parameter to `ActionTracker`" help (rendered at the constructor's
        // name, it would read as if about the constructor) and reports an
        // unknown type in the struct identically to the constructor's report,
        // so the user sees it once.
        let name = args.name.clone().unwrap_or_else(|| {
            Ident::new(&naming::upper_camel(&naming::unraw(&constructor)), Span::call_site())
        });
        let field = args.field.clone().or_else(|| {
            let stem = naming::default_field(&naming::unraw(&constructor));
            if naming::is_keyword(&stem) {
                errors.push(syn::Error::new(
                    constructor.span(),
                    format!("the default method names would use the keyword `{stem}`; choose a field name with `#[private_tracker(field = …)]`"),
                ));
                None
            } else {
                Some(Ident::new(&stem, Span::call_site()))
            }
        });
        let field = field.unwrap_or_else(|| Ident::new("value", Span::call_site()));
        check_getter_names(&mut captures, &field, errors);

        Some(Tracker {
            attrs,
            vis,
            constructor,
            fn_token: sig.fn_token,
            semi_span,
            name,
            field,
            mode: args.mode,
            guard: args.guard,
            krate: args.krate.unwrap_or_else(|| syn::parse_quote!(::private_tracker)),
            generics,
            captures,
            value,
            taken: names,
        })
    }
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
    fn from_param(param: &syn::PatType, index: usize) -> (Self, Option<syn::Error>) {
        let (getter, mut error) = match get_attribute(&param.attrs) {
            Ok(getter) => (getter, None),
            Err(error) => (None, Some(error)),
        };
        let ty = (*param.ty).clone();
        let capture = match &*param.pat {
            Pat::Ident(ident) if ident.by_ref.is_none() && ident.subpat.is_none() => Self {
                binding: ident.ident.clone(),
                named: true,
                pattern: None,
                ty,
                getter: getter.map(|_| ident.ident.clone()),
            },
            pattern => {
                if let Some(attr) = getter {
                    error = Some(syn::Error::new_spanned(
                        attr,
                        "`#[get]` needs a capture with a plain name, such as `#[get] choice: &str`, to name the getter after",
                    ));
                }
                let binding = Ident::new(&format!("__capture_{index}"), Span::mixed_site());
                let pattern = (!matches!(pattern, Pat::Wild(_))).then(|| pattern.clone());
                Self { binding, named: false, pattern, ty, getter: None }
            }
        };
        (capture, error)
    }
}

/// The capture's `#[get]`, if it has one; any other attribute is a mistake.
fn get_attribute(attrs: &[Attribute]) -> syn::Result<Option<&Attribute>> {
    let mut getter = None;
    for attr in attrs {
        if attr.path().is_ident("get") {
            if !matches!(attr.meta, syn::Meta::Path(_)) {
                return Err(syn::Error::new_spanned(&attr.meta, "`#[get]` takes no arguments"));
            }
            if getter.is_some() {
                return Err(syn::Error::new_spanned(attr, "`#[get]` is given more than once; keep one"));
            }
            getter = Some(attr);
        } else {
            return Err(syn::Error::new_spanned(
                attr,
                "the only attribute a capture takes is `#[get]`, which generates a read-only getter",
            ));
        }
    }
    Ok(getter)
}

fn check_unique_bindings(captures: &[Capture], errors: &mut Errors) {
    let mut seen: Vec<&Ident> = Vec::new();
    for capture in captures.iter().filter(|c| c.named) {
        if seen.contains(&&capture.binding) {
            errors.push(syn::Error::new(
                capture.binding.span(),
                format!(
                    "`{}` is used by another capture already; give each capture its own name",
                    capture.binding
                ),
            ));
        }
        seen.push(&capture.binding);
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
    if let Type::Infer(_) = ty {
        errors.push(syn::Error::new_spanned(ty, "the type must be written out; `_` cannot be inferred here"));
    }
    if let Some(span) = find_ident(ty.to_token_stream(), "Self") {
        errors.push(syn::Error::new(
            span,
            "`Self` has no meaning in a tracker declaration, which is a free fn; name the type",
        ));
    }
    errors.count() == before
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
fn check_getter_names(captures: &mut [Capture], field: &Ident, errors: &mut Errors) {
    let field = naming::unraw(field);
    let generated = [
        field.clone(),
        format!("with_{field}"),
        format!("set_{field}"),
        format!("replace_{field}"),
        format!("take_{field}"),
        format!("update_{field}"),
        "into_fn".to_owned(),
        "clone".to_owned(),
        "fmt".to_owned(),
        "ptr_eq".to_owned(),
    ];
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
