//! Model in, tokens out. Nothing here can fail: every check ran before.
//!
//! The output, for `VIS fn NAME(CAPTURES) -> VALUE;`:
//!
//! ```text
//! VIS fn NAME(CAPTURES) -> Type { __NAME::Type::__new((captures…,)) }
//!
//! #[doc(hidden)] mod __NAME {            // the privacy boundary
//!     use super::*;                       // the user's types, as in the declaring module
//!     VIS' struct Type { inner: STORAGE } // field private to this module
//!     impl Type { doors… }                // VIS' methods, the only way in
//!     impl Clone, Debug for Type
//! }
//! VIS use __NAME::Type;
//! ```
//!
//! `VIS'` is `VIS` seen from one module further in (`pub(super)` for a
//! private tracker), so the type and its methods are exactly as visible as
//! the user declared, while the field is visible only inside `__NAME`, where
//! no user code is.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned as _;
use syn::visit_mut::{self, VisitMut};
use syn::{GenericParam, Generics, Ident, Path, Type, Visibility};

use crate::args::Mode;
use crate::docs::{Words, doc};
use crate::naming;
use crate::signature::Tracker;

/// The whole expansion.
pub(crate) fn tracker(tracker: &Tracker) -> TokenStream {
    let module = module_ident(tracker);
    let name = &tracker.name;
    let vis = &tracker.vis;
    let cfgs = tracker.attrs.iter().filter(|attr| attr.path().is_ident("cfg"));
    let cfgs = quote!(#(#cfgs)*);
    let constructor = constructor(tracker, &module);
    let definition = Inner::new(tracker).definition();
    let expansion = quote! {
        #constructor

        #cfgs
        #[doc(hidden)]
        #[allow(dead_code)]
        mod #module {
            #[allow(unused_imports)]
            use super::*;

            #definition
        }

        #cfgs
        #vis use #module::#name;
    };
    // Modes `shared` and `sync` need a feature of the facade. The facade's
    // `mode_shared!`/`mode_sync!` pass the tokens through when it is on, and
    // replace them with one error naming the feature when it is off.
    let krate = &tracker.krate;
    match tracker.mode {
        Mode::Owned => expansion,
        Mode::Shared => quote!(#krate::__private::mode_shared! { #expansion }),
        Mode::Sync => quote!(#krate::__private::mode_sync! { #expansion }),
    }
}

/// `__action_tracker` for `fn action_tracker`: unique in the declaring
/// module, as the constructor's name is.
pub(crate) fn module_ident(tracker: &Tracker) -> Ident {
    format_ident!("__{}", naming::unraw(&tracker.constructor))
}

/// The constructor, where the user declared it, with the user's attributes.
pub(crate) fn constructor(tracker: &Tracker, module: &Ident) -> TokenStream {
    let Tracker { attrs, vis, constructor, name, generics, captures, .. } = tracker;
    let (_, ty_generics, where_clause) = generics.split_for_impl();
    let has = |attr: &str| attrs.iter().any(|a| a.path().is_ident(attr));
    let must_use = (!has("must_use")).then(|| quote!(#[must_use]));
    let inline = (!has("inline")).then(|| quote!(#[inline]));
    // `_guard: Guard` is how one captures a value for its `Drop` alone; the
    // body moves it into the tracker, which clippy would call a "use".
    let underscore = captures
        .iter()
        .any(|c| c.binding.to_string().starts_with('_'))
        .then(|| quote!(#[allow(clippy::used_underscore_binding)]));
    let params = captures.iter().map(|c| {
        let (binding, ty) = (&c.binding, &c.ty);
        quote!(#binding: #ty)
    });
    let bindings = captures.iter().map(|c| &c.binding);
    // A pattern other than a plain name is checked as rustc checks a fn
    // parameter's pattern (it must be irrefutable), then the whole argument
    // is captured.
    let pattern_checks = captures.iter().filter_map(|c| {
        let (pattern, ty) = (c.pattern.as_ref()?, &c.ty);
        Some(quote_spanned! {pattern.span()=>
            #[allow(unused_variables)]
            let _ = |#pattern: #ty| {};
        })
    });
    quote! {
        #(#attrs)*
        #must_use
        #inline
        #underscore
        #vis fn #constructor #generics (#(#params),*) -> #name #ty_generics #where_clause {
            #(#pattern_checks)*
            #module::#name::__new((#(#bindings,)*))
        }
    }
}

/// What goes inside the private module: the struct, its doors and its trait
/// impls, with the user's paths re-rooted one module further in.
struct Inner<'t> {
    tracker: &'t Tracker,
    words: Words,
    /// The user's visibility, seen from inside the private module.
    vis: TokenStream,
    generics: Generics,
    captures: Vec<Type>,
    value: Type,
    guard: Option<syn::Expr>,
}

impl<'t> Inner<'t> {
    fn new(tracker: &'t Tracker) -> Self {
        let mut inner = Self {
            tracker,
            words: Words::new(tracker),
            vis: one_level_in(&tracker.vis),
            generics: tracker.generics.clone(),
            captures: tracker.captures.iter().map(|c| c.ty.clone()).collect(),
            value: tracker.value.clone(),
            guard: tracker.guard.clone(),
        };
        let mut reroot = Reroot;
        reroot.visit_generics_mut(&mut inner.generics);
        for ty in inner.captures.iter_mut().chain([&mut inner.value]) {
            reroot.visit_type_mut(ty);
        }
        if let Some(guard) = &mut inner.guard {
            reroot.visit_expr_mut(guard);
        }
        inner
    }

    fn definition(&self) -> TokenStream {
        let Self { vis, generics, captures, value, .. } = self;
        let name = &self.tracker.name;
        let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
        let storage = self.storage();
        let struct_doc = doc(&self.words.structure());
        let guard_fn = self.guard_fn();
        let reads = self.reads();
        let writes = self.writes();
        let into_fn = self.closure_door();
        let getters = self.getters();
        let trait_impls = self.trait_impls();
        let captures_arg = local("captures");
        let storage_new = self.storage_new(&captures_arg);
        let ptr_eq = self.ptr_eq();
        quote! {
            #struct_doc
            #vis struct #name #generics #where_clause {
                inner: #storage<(#(#captures,)*), #value>,
            }

            impl #impl_generics #name #ty_generics #where_clause {
                #[doc(hidden)]
                #[inline]
                pub(super) fn __new(#captures_arg: (#(#captures,)*)) -> Self {
                    Self { inner: #storage_new }
                }

                #guard_fn
                #reads
                #writes
                #into_fn
                #ptr_eq
                #getters
            }

            #trait_impls
        }
    }

    /// The storage type of the tracker's mode, from `private-tracker-core`.
    fn storage(&self) -> TokenStream {
        let krate = &self.tracker.krate;
        match self.tracker.mode {
            Mode::Owned => quote!(#krate::__private::Owned),
            Mode::Shared => quote!(#krate::__private::Shared),
            Mode::Sync => quote!(#krate::__private::Synced),
        }
    }

    /// `new(captures)`, and for the handle modes the type's name, which a
    /// reentrant call's panic message names.
    fn storage_new(&self, captures: &Ident) -> TokenStream {
        let storage = self.storage();
        match self.tracker.mode {
            Mode::Owned => quote!(#storage::new(#captures)),
            Mode::Shared | Mode::Sync => {
                let name = self.tracker.name.to_string();
                quote!(#storage::new(#captures, #name))
            }
        }
    }

    /// `&mut self` for owned storage, `&self` for handles.
    fn write_receiver(&self) -> TokenStream {
        match self.tracker.mode {
            Mode::Owned => quote!(&mut self),
            Mode::Shared | Mode::Sync => quote!(&self),
        }
    }

    /// `set_action` for `prefix = "set_"`, at the span of the field's name.
    fn method(&self, prefix: &str) -> Ident {
        let field = &self.tracker.field;
        format_ident!("{prefix}{}", naming::unraw(field), span = field.span())
    }

    /// The guard, written once as a private associated fn: every write path
    /// passes it to `private-tracker-core`, and a guard of the wrong type is one error,
    /// at the guard's tokens.
    fn guard_fn(&self) -> TokenStream {
        let Some(guard) = &self.guard else { return TokenStream::new() };
        let (krate, value) = (&self.tracker.krate, &self.value);
        // The helper's path runs from the guard's first token to its last, so
        // rustc reports an obligation of the call over exactly the guard's
        // tokens: the same diagnostic as for the guard itself, which rustc
        // then prints once (syn's `new_spanned` uses the same two spans).
        let (first, last) = outer_spans(guard.to_token_stream());
        let arg = Ident::new("value", Span::mixed_site().located_at(first));
        let helper = Ident::new("call_guard", last);
        let prefix = respan(quote!(#krate::__private::), first);
        let call_guard = quote!(#prefix #helper);
        let span = guard.span();
        quote_spanned! {span=>
            /// The declaration's guard, type-checked once for every write path.
            // A guard takes `&V` whatever `V` is, as the spec says.
            #[allow(clippy::trivially_copy_pass_by_ref)]
            #[inline]
            fn __guard(#arg: &#value) -> ::core::primitive::bool {
                #call_guard(#guard, #arg)
            }
        }
    }

    /// `action` and `with_action`.
    fn reads(&self) -> TokenStream {
        let Self { vis, value, words, .. } = self;
        let (get, with) = (self.method(""), self.method("with_"));
        let (get_doc, with_doc) = (doc(&words.getter()), doc(&words.with()));
        let getter = match self.tracker.mode {
            Mode::Owned => quote! {
                #get_doc
                #[must_use]
                #[inline]
                #vis fn #get(&self) -> ::core::option::Option<&#value> {
                    self.inner.get()
                }
            },
            // A handle cannot lend a borrow of shared storage: the getter
            // clones, and `with_…` reads in place.
            Mode::Shared | Mode::Sync => quote! {
                #get_doc
                #[must_use]
                #[inline]
                #vis fn #get(&self) -> ::core::option::Option<#value>
                where
                    for<'__tracker> #value: ::core::clone::Clone,
                {
                    self.inner.get()
                }
            },
        };
        let f = local("f");
        let result = format_ident!(
            "{}",
            naming::fresh("R", |name| self.generics.type_params().any(|param| param.ident == name))
        );
        quote! {
            #getter

            #with_doc
            #[inline]
            #vis fn #with<#result>(
                &self,
                #f: impl ::core::ops::FnOnce(::core::option::Option<&#value>) -> #result,
            ) -> #result {
                self.inner.with(#f)
            }
        }
    }

    /// `set_action`, `replace_action`, `update_action` (through the guard
    /// when there is one) and `take_action`.
    fn writes(&self) -> TokenStream {
        let Self { vis, value, words, .. } = self;
        let receiver = self.write_receiver();
        let (set, replace, update, take) =
            (self.method("set_"), self.method("replace_"), self.method("update_"), self.method("take_"));
        let (set_doc, replace_doc, update_doc, take_doc) =
            (doc(&words.set()), doc(&words.replace()), doc(&words.update()), doc(&words.take()));
        let option = quote!(::core::option::Option);
        let (arg, f) = (local("value"), local("f"));
        // Through `&self`, clippy takes `take_…` for a pure getter; taking and
        // dropping the value is how to clear it.
        let take_allow =
            (self.tracker.mode != Mode::Owned).then(|| quote!(#[allow(clippy::must_use_candidate)]));
        let update_fn = quote!(impl ::core::ops::FnOnce(#option<&#value>) -> #value);
        let guarded = if self.guard.is_some() {
            let krate = &self.tracker.krate;
            let result = |ok: TokenStream| quote!(::core::result::Result<#ok, #krate::Rejected<#value>>);
            let (unit, previous) = (result(quote!(())), result(quote!(#option<#value>)));
            quote! {
                #set_doc
                #[inline]
                #vis fn #set(#receiver, #arg: #value) -> #unit {
                    self.inner.try_set(#arg, Self::__guard)
                }

                #replace_doc
                #[inline]
                #vis fn #replace(#receiver, #arg: #value) -> #previous {
                    self.inner.try_replace(#arg, Self::__guard)
                }

                #update_doc
                #[inline]
                #vis fn #update(#receiver, #f: #update_fn) -> #unit {
                    self.inner.try_update(#f, Self::__guard)
                }
            }
        } else {
            quote! {
                #set_doc
                #[inline]
                #vis fn #set(#receiver, #arg: #value) {
                    self.inner.set(#arg);
                }

                #replace_doc
                #[inline]
                #vis fn #replace(#receiver, #arg: #value) -> #option<#value> {
                    self.inner.replace(#arg)
                }

                #update_doc
                #[inline]
                #vis fn #update(#receiver, #f: #update_fn) {
                    self.inner.update(#f);
                }
            }
        };
        quote! {
            #guarded

            #take_doc
            #[inline]
            #take_allow
            #vis fn #take(#receiver) -> #option<#value> {
                self.inner.take()
            }
        }
    }

    /// `into_fn`: the tracker as one JavaScript-style function.
    fn closure_door(&self) -> TokenStream {
        let Self { vis, value, .. } = self;
        let into_fn_doc = doc(&self.words.closure());
        let captured = captured_generics(&self.generics);
        let body = if self.guard.is_some() {
            quote!(self.inner.into_fn_guarded(Self::__guard))
        } else {
            quote!(self.inner.into_fn())
        };
        let option = quote!(::core::option::Option);
        // `for<'__tracker>` keeps the bound from being checked where the
        // value type is concrete and not `Clone`: the method then only
        // cannot be called, as with a hand-written `where V: Clone`.
        quote! {
            #into_fn_doc
            #[must_use]
            #[inline]
            #vis fn into_fn(self) -> impl ::core::ops::FnMut(#option<#value>) -> #option<#value> #captured
            where
                for<'__tracker> #value: ::core::clone::Clone,
            {
                #body
            }
        }
    }

    /// `ptr_eq(a, b)`, for the handle modes: JavaScript's `===`.
    fn ptr_eq(&self) -> TokenStream {
        if self.tracker.mode == Mode::Owned {
            return TokenStream::new();
        }
        let vis = &self.vis;
        let ptr_eq_doc = doc(&self.words.ptr_eq());
        let storage = self.storage();
        let (a, b) = (local("a"), local("b"));
        quote! {
            #ptr_eq_doc
            #[must_use]
            #[inline]
            #vis fn ptr_eq(#a: &Self, #b: &Self) -> ::core::primitive::bool {
                #storage::ptr_eq(&#a.inner, &#b.inner)
            }
        }
    }

    /// A read-only getter for each `#[get]` capture.
    fn getters(&self) -> TokenStream {
        let vis = &self.vis;
        let getters = self.tracker.captures.iter().zip(&self.captures).enumerate().filter_map(
            |(index, (capture, ty))| {
                let getter = capture.getter.as_ref()?;
                let index = syn::Index::from(index);
                let getter_doc = doc(&self.words.capture(&naming::unraw(getter)));
                Some(quote! {
                    #getter_doc
                    #[must_use]
                    #[inline]
                    #vis fn #getter(&self) -> &#ty {
                        &self.inner.captures().#index
                    }
                })
            },
        );
        quote!(#(#getters)*)
    }

    /// `Clone` when the captures and the value are, and a `Debug` that shows
    /// no private data.
    ///
    /// The `Clone` bound names only the user's types (rustdoc shows "`Clone`
    /// when the captures and the value are") and is higher-ranked, so that a
    /// concrete type that is not `Clone` leaves the impl unusable instead of
    /// failing to compile.
    fn trait_impls(&self) -> TokenStream {
        let Self { generics, captures, value, .. } = self;
        let name = &self.tracker.name;
        let name_text = name.to_string();
        let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
        let where_predicates = where_clause.map(|clause| &clause.predicates);
        let debug_doc = doc(Words::debug());
        // A handle is cloned whatever it holds, as an `Rc` is.
        let clone_where = match self.tracker.mode {
            // One predicate naming the user's types only: separate bounds
            // that differ only in lifetimes would be ambiguous to the solver.
            Mode::Owned => quote! {
                where
                    for<'__tracker> ((#(#captures,)*), ::core::option::Option<#value>): ::core::clone::Clone,
                    #where_predicates
            },
            Mode::Shared | Mode::Sync => quote!(#where_clause),
        };
        let clone_doc = doc(self.words.clone_doc());
        quote! {
            #clone_doc
            #[automatically_derived]
            impl #impl_generics ::core::clone::Clone for #name #ty_generics
            #clone_where
            {
                #[inline]
                fn clone(&self) -> Self {
                    Self { inner: ::core::clone::Clone::clone(&self.inner) }
                }
            }

            #debug_doc
            #[automatically_derived]
            impl #impl_generics ::core::fmt::Debug for #name #ty_generics #where_clause {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.debug_struct(#name_text).finish_non_exhaustive()
                }
            }
        }
    }
}

/// The spans of the first and the last token of `tokens`.
fn outer_spans(tokens: TokenStream) -> (Span, Span) {
    let mut trees = tokens.into_iter();
    let first = trees.next().map_or_else(Span::call_site, |tree| tree.span());
    let last = trees.last().map_or(first, |tree| match tree {
        proc_macro2::TokenTree::Group(group) => group.span_close(),
        tree => tree.span(),
    });
    (first, last)
}

/// `tokens`, every one located at `span`.
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut tree| {
            if let proc_macro2::TokenTree::Group(group) = &tree {
                let mut new = proc_macro2::Group::new(group.delimiter(), respan(group.stream(), span));
                new.set_span(span);
                tree = new.into();
            } else {
                tree.set_span(span);
            }
            tree
        })
        .collect()
}

/// A parameter or local variable of a generated body. Mixed-site hygiene keeps
/// it apart from the user's names: a unit struct `value` in the user's module
/// would otherwise turn the parameter `value` into a pattern matching it.
fn local(name: &str) -> Ident {
    Ident::new(name, Span::mixed_site())
}

/// `+ use<'a, T, N>`: the closure `into_fn` returns holds the whole tracker,
/// so it captures every generic parameter, in every edition.
fn captured_generics(generics: &Generics) -> TokenStream {
    if generics.params.is_empty() {
        return TokenStream::new();
    }
    let names = generics.params.iter().map(|param| match param {
        GenericParam::Lifetime(param) => param.lifetime.to_token_stream(),
        GenericParam::Type(param) => param.ident.to_token_stream(),
        GenericParam::Const(param) => param.ident.to_token_stream(),
    });
    quote!(+ use<#(#names),*>)
}

/// The user's visibility, seen from the private module one level in.
fn one_level_in(vis: &Visibility) -> TokenStream {
    match vis {
        Visibility::Public(_) => vis.to_token_stream(),
        Visibility::Inherited => quote!(pub(super)),
        Visibility::Restricted(restricted) => {
            let path = &restricted.path;
            let first = path.segments.first().map(|segment| segment.ident.to_string());
            match first.as_deref() {
                Some("self") if path.segments.len() == 1 => quote!(pub(super)),
                Some("super") => quote!(pub(in super::#path)),
                _ => vis.to_token_stream(),
            }
        }
    }
}

/// Re-roots `self::…` and `super::…` paths for use one module further in.
struct Reroot;

impl VisitMut for Reroot {
    fn visit_path_mut(&mut self, path: &mut Path) {
        if path.leading_colon.is_none() {
            let len = path.segments.len();
            if let Some(first) = path.segments.first_mut() {
                let span = first.ident.span();
                if first.ident == "self" && len > 1 {
                    first.ident = Ident::new("super", span);
                } else if first.ident == "super" {
                    path.segments.insert(0, syn::PathSegment::from(Ident::new("super", span)));
                }
            }
        }
        visit_mut::visit_path_mut(self, path);
    }
}
