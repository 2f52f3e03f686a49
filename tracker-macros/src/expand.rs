//! Model in, tokens out. Nothing here can fail: every check ran before.
//!
//! The output, for `VIS fn NAME(CAPTURES) -> VALUE;`, in the order this file
//! writes it:
//!
//! ```text
//! VIS fn NAME(CAPTURES) -> Type { Type { __storage: STORAGE::new((captures…,)) } }
//!
//! VIS struct Type { __storage: STORAGE<(captures…,), VALUE, GUARD> }
//! impl Guard<VALUE> for Type { … }      // hidden; accepts all without `guard = …`
//! const _: () = {                       // the parameters' names kept apart
//!     use …::named_apart as value; …
//!     impl Type { doors… }              // each a fully qualified call on the storage
//!     impl Clone, Debug, derives for Type
//! };
//! ```
//!
//! Everything stands where the user declared it, written with the user's
//! tokens as they are: no private module, no re-rooted paths. The one field is
//! private to the declaring module, and what that module can do with it is
//! only what the doors do: the storage types of `private-tracker-core` offer
//! exactly the doors, the guard is part of the storage's type (`GUARD` is the
//! tracker type itself, which implements `Guard`), and captures without
//! `#[get]` are `Sealed`.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned as _;
use syn::{GenericParam, Generics, Ident, Lifetime, Type};

use crate::args::Mode;
use crate::docs::{Words, doc};
use crate::naming;
use crate::signature::{Derive, Tracker};

/// The whole expansion.
pub(crate) fn tracker(tracker: &Tracker) -> TokenStream {
    let expansion = Expansion::new(tracker);
    let items = [
        expansion.constructor(),
        expansion.structure(),
        expansion.guard_apart(),
        expansion.named_apart(&[
            expansion.doors(),
            expansion.copies(),
            expansion.compares(),
            expansion.trait_impls(),
            expansion.derives(),
        ]),
        expansion.watched(),
    ];
    let items = quote!(#(#items)*);
    // Modes `shared` and `sync` need a feature of the facade. The facade's
    // `mode_shared!`/`mode_sync!` pass the tokens through when it is on, and
    // replace them with one error naming the feature when it is off.
    let private = &expansion.private;
    match tracker.mode {
        // An owned tracker's subscribers are boxed: `observe` needs `alloc`.
        Mode::Owned if tracker.observe => quote!(#private::observe_owned! { #items }),
        Mode::Owned => items,
        Mode::Shared => quote!(#private::mode_shared! { #items }),
        Mode::Sync => quote!(#private::mode_sync! { #items }),
    }
}

/// The parameters of the generated methods, named as a person names them
/// (`value`, `f`), or afresh (`value0`) where the declaration uses the name.
struct Names {
    value: Ident,
    f: Ident,
    key: Ident,
    a: Ident,
    b: Ident,
    other: Ident,
    state: Ident,
    serializer: Ident,
    deserializer: Ident,
}

impl Names {
    fn new(taken: impl Fn(&str) -> bool) -> Self {
        let name = |base: &str| Ident::new(&naming::fresh(base, &taken), Span::call_site());
        Self {
            value: name("value"),
            f: name("f"),
            key: name("key"),
            a: name("a"),
            b: name("b"),
            other: name("other"),
            state: name("state"),
            serializer: name("serializer"),
            deserializer: name("deserializer"),
        }
    }

    /// Those that the methods of `tracker` take.
    fn used(&self, tracker: &Tracker) -> Vec<&Ident> {
        let mut used = vec![&self.value, &self.f];
        if tracker.observe && tracker.mode == Mode::Owned {
            used.push(&self.key);
        }
        if tracker.mode != Mode::Owned || tracker.distinct_key.is_some() {
            used.extend([&self.a, &self.b]);
        }
        let derives = |wanted: &[Derive]| tracker.derives.iter().any(|(derive, _)| wanted.contains(derive));
        if derives(&[Derive::PartialEq, Derive::PartialOrd, Derive::Ord]) {
            used.push(&self.other);
        }
        if derives(&[Derive::Hash]) {
            used.push(&self.state);
        }
        if derives(&[Derive::Serialize]) {
            used.push(&self.serializer);
        }
        if derives(&[Derive::Deserialize]) {
            used.push(&self.deserializer);
        }
        used
    }
}

/// The locals that the generated impls bind (`Guard::check`'s value, a
/// deserializer's captures, …): `__value` and the like, or afresh
/// (`__value0`) where the declaration writes the name. Each is imported as a
/// function in the block around the impls that bind it (see
/// [`Expansion::named_apart`]), so that a constant or unit struct of the
/// user's module named like one cannot turn its binding into a pattern
/// (SPEC 5). Named apart from the guard's and `init`'s tokens, so that the
/// import never hides a name the user's expressions use.
struct Locals {
    reveal: Ident,
    captures: Ident,
    value: Ident,
    formatter: Ident,
    entries: Ident,
    storage: Ident,
    refused: Ident,
}

impl Locals {
    fn new(taken: impl Fn(&str) -> bool) -> Self {
        let name = |base: &str| Ident::new(&naming::fresh(base, &taken), Span::mixed_site());
        Self {
            reveal: name("__reveal"),
            captures: name("__captures"),
            value: name("__value"),
            formatter: name("__f"),
            entries: name("__entries"),
            storage: name("__storage"),
            refused: name("__refused"),
        }
    }
}

/// What every piece of the expansion needs, worked out once.
struct Expansion<'t> {
    tracker: &'t Tracker,
    words: Words,
    /// `::private_tracker::__private`, or the `crate = …` path's.
    private: TokenStream,
    /// The storage type of the mode: `…::OwnedStorage`, `…::Shared` or
    /// `…::Synced`.
    storage: TokenStream,
    /// What a door calls, fully qualified: the storage type with its slot
    /// named (`OwnedStorage::<_, _, _, SLOT>`), in the handle modes as its
    /// `Handle` impl (`<Synced<_, _, _, SLOT> as Handle>`). See
    /// [`door_call`](Self::door_call).
    doors: TokenStream,
    /// Where the storage keeps the value: `Option<VALUE>` (the storage's
    /// default, not written out), or `Initialized<VALUE, Type>` with
    /// `init = …`.
    slot: TokenStream,
    /// `, Observed<…>` with `observe`: the storage's fifth parameter
    /// (`, Unobserved` when a sixth follows).
    observer: TokenStream,
    /// `, Log<…>` with `history` or `trace`: the storage's sixth parameter.
    log: TokenStream,
    /// The one field, private to the declaring module.
    field: Ident,
    /// `#[cfg(…)]`s of the declaration, repeated on every item.
    cfgs: TokenStream,
    /// The type parameter of `with_…`, named apart from the user's names.
    result: Ident,
    /// A lifetime for higher-ranked bounds, named apart from the user's.
    binder: Lifetime,
    /// The methods' parameters.
    names: Names,
    /// The locals the impls bind, named apart from every name the
    /// declaration writes (its guard and `init` included).
    locals: Locals,
    /// The declaration's visibility, for the methods: the user's tokens,
    /// marked as the expansion's, so that rustc treats every method as the
    /// macro's whether the declaration is written out or comes from a
    /// `macro_rules!` of the user's. Methods never called then never warn,
    /// as no method of a derive does.
    vis: TokenStream,
    /// Where every generated doc comment is located: at the user's `fn`.
    /// clippy reads the docs of an item only where they are not from an
    /// external macro, so docs at the macro's own spans would be invisible
    /// to it wherever it lints the item (in a `macro_rules!` of the user's,
    /// `missing_errors_doc` would not see their `# Errors`).
    doc_span: Span,
}

impl<'t> Expansion<'t> {
    fn new(tracker: &'t Tracker) -> Self {
        let krate = &tracker.krate;
        let private = quote!(#krate::__private);
        let value = &tracker.value;
        let slot = if tracker.init.is_some() {
            let (_, ty_generics, _) = tracker.generics.split_for_impl();
            let name = &tracker.name;
            quote!(#private::Initialized<#value, #name #ty_generics>)
        } else {
            quote!(::core::option::Option<#value>)
        };
        // What copies the value where an option keeps or hands out copies:
        // `Cloned` (the default, not written out), or the tracker itself
        // (see `copies`).
        let copier = copies_itself(tracker).then(|| {
            let (_, ty_generics, _) = tracker.generics.split_for_impl();
            let name = &tracker.name;
            quote!(, #name #ty_generics)
        });
        // An observed tracker names its observer too (the default is
        // `Unobserved`), and with `observe(distinct)` what compares its
        // writes: the tracker itself (see `compares`), or `Equal`.
        let observer = tracker.observe.then(|| {
            let out =
                if tracker.init.is_some() { quote!(#value) } else { quote!(::core::option::Option<#value>) };
            let comparer = tracker.distinct_key.map(|_| {
                if compares_itself(tracker) {
                    let (_, ty_generics, _) = tracker.generics.split_for_impl();
                    let name = &tracker.name;
                    quote!(#name #ty_generics)
                } else {
                    quote!(#private::Equal)
                }
            });
            let comparer_arg = comparer.as_ref().map(|comparer| quote!(, #comparer));
            let copier = match (&copier, &comparer) {
                (None, Some(comparer)) => quote!(, #private::Cloned, #comparer),
                (copier, _) => quote!(#copier #comparer_arg),
            };
            match tracker.mode {
                Mode::Owned => quote!(, #private::Observed<#out #comparer_arg>),
                Mode::Shared => quote!(, #private::LocalObserved<#out #copier>),
                Mode::Sync => quote!(, #private::SyncObserved<#out #copier>),
            }
        });
        // A tracker with a history or a trace names its log (the default
        // keeps nothing), and then its observer too.
        let log = (tracker.history.is_some() || tracker.trace).then(|| {
            let trace = if tracker.trace { quote!(#private::Traced) } else { quote!(#private::Untraced) };
            let ring = tracker.history.as_ref().map_or_else(
                || quote!(#private::NoHistory),
                |(_, depth)| quote!(#private::History<#slot, #depth, #trace #copier>),
            );
            quote!(, #private::Log<#ring, #trace>)
        });
        let observer = match (observer, &log) {
            (None, Some(_)) => Some(quote!(, #private::Unobserved)),
            (observer, _) => observer,
        };
        // What the doors call: the storage type with the captures, the
        // value and the guard inferred from the field (`_`) and the slot
        // named, so that a capture of an unknown type leaves nothing to
        // infer; in the handle modes, as the `Handle` impl of that type.
        let inferred = observer.as_ref().map(|_| quote!(, _));
        let inferred_log = log.as_ref().map(|_| quote!(, _));
        let (storage, doors) = match tracker.mode {
            Mode::Owned => (
                quote!(#private::OwnedStorage),
                quote!(#private::OwnedStorage::<_, _, _, #slot #inferred #inferred_log>),
            ),
            Mode::Shared => (
                quote!(#private::Shared),
                quote!(<#private::Shared<_, _, _, #slot #inferred #inferred_log> as #private::Handle>),
            ),
            Mode::Sync => (
                quote!(#private::Synced),
                quote!(<#private::Synced<_, _, _, #slot #inferred #inferred_log> as #private::Handle>),
            ),
        };
        let cfgs = tracker.attrs.iter().filter(|attr| attr.path().is_ident("cfg"));
        let taken = |name: &str| tracker.taken.contains(name);
        // The names that the methods' block uses: those in the types of
        // their signatures, and the constructor, which a derived `Default`
        // calls. A parameter named like one would shadow it there. The
        // captures' names, the guard and the lifetimes are not in that block.
        let types = tracker.captures.iter().map(|c| &c.ty).chain([&tracker.value]);
        let (generics, where_clause, constructor) =
            (&tracker.generics, &tracker.generics.where_clause, &tracker.constructor);
        let in_types = names_but_lifetimes(quote!(#(#types)* #generics #where_clause #constructor));
        Self {
            tracker,
            words: Words::new(tracker),
            storage,
            doors,
            slot,
            observer: observer.unwrap_or_default(),
            log: log.unwrap_or_default(),
            private,
            field: Ident::new("__storage", Span::call_site()),
            cfgs: quote!(#(#cfgs)*),
            result: Ident::new(&naming::fresh("R", taken), Span::call_site()),
            binder: Lifetime::new(&format!("'{}", naming::fresh("any", taken)), Span::call_site()),
            names: Names::new(|name: &str| in_types.contains(name)),
            locals: Locals::new(taken),
            vis: respan(tracker.vis.to_token_stream(), Span::call_site()),
            doc_span: tracker.fn_token.span,
        }
    }

    /// `items` in a block of their own, where the names of the methods'
    /// parameters cannot mean a constant or a unit struct of the user's
    /// module: a parameter `value` would otherwise be a pattern that matches
    /// a `const value` (E0005). Each name is imported there as a function,
    /// which a parameter shadows, and used once, so that no import is unused.
    /// rustdoc lists the impls as it lists any.
    fn named_apart(&self, items: &[TokenStream]) -> TokenStream {
        let tracker = self.tracker;
        let locals = &self.locals;
        let derives = |wanted: Derive| tracker.derives.iter().any(|(derive, _)| *derive == wanted);
        let mut names = self.names.used(tracker);
        if tracker.history.is_some() && tracker.mode != Mode::Owned {
            names.push(&locals.entries);
        }
        if derives(Derive::Serialize) {
            names.push(&locals.value);
        }
        if derives(Derive::Deserialize) {
            names.extend([&locals.captures, &locals.storage, &locals.refused]);
        }
        self.apart(&names, items)
    }

    /// The `Guard` impl, in a block of its own that names its locals apart
    /// (see [`Locals`]): apart from the methods' block, whose imports
    /// (`value`, `f`) would hide the user's names from the guard's and
    /// `init`'s expressions.
    fn guard_apart(&self) -> TokenStream {
        let (tracker, locals) = (self.tracker, &self.locals);
        let names: Vec<&Ident> = match (&tracker.guard, &tracker.init) {
            (Some(_), _) => vec![&locals.reveal, &locals.captures, &locals.value, &locals.formatter],
            (None, Some(_)) => vec![&locals.reveal, &locals.captures],
            (None, None) => return self.guard(),
        };
        self.apart(&names, &[self.guard()])
    }

    /// `items` in a block that imports each of `names` as a function, which
    /// a binding of the name then shadows.
    fn apart(&self, names: &[&Ident], items: &[TokenStream]) -> TokenStream {
        let (private, cfgs) = (&self.private, &self.cfgs);
        // Imported as the expansion's (call-site) names, whatever the
        // hygiene of the bindings: an item is found from either.
        let names: Vec<Ident> =
            names.iter().map(|name| Ident::new(&name.to_string(), Span::call_site())).collect();
        quote! {
            #cfgs
            const _: () = {
                #(use #private::named_apart as #names;)*
                #(#items)*
                let _ = (#(#names,)*);
            };
        }
    }

    /// The constructor, where the user declared it, with the user's
    /// attributes.
    fn constructor(&self) -> TokenStream {
        let Tracker { attrs, vis, constructor, name, generics, captures, .. } = self.tracker;
        let (_, ty_generics, where_clause) = generics.split_for_impl();
        let has = |attr: &str| attrs.iter().any(|a| a.path().is_ident(attr));
        let must_use = (!has("must_use")).then(|| quote!(#[must_use]));
        let inline = (!has("inline")).then(|| quote!(#[inline]));
        // A guard that refuses the initial value makes the constructor
        // panic: at the caller's line, and said in the docs the user wrote.
        let refusable = self.tracker.init.is_some() && self.tracker.guard.is_some();
        let track_caller = (refusable && !has("track_caller")).then(|| quote!(#[track_caller]));
        let documents_panics = attrs.iter().any(|attr| {
            attr.path().is_ident("doc") && attr.to_token_stream().to_string().contains("# Panics")
        });
        let panics_doc = (refusable && has("doc") && !documents_panics)
            .then(|| doc(&self.words.constructor_panics(), self.doc_span));
        // Each parameter, and each use of it, is located at the user's name
        // but belongs to the expansion: moving `_guard` into the tracker is
        // no "use of an underscore binding" of the user's, and a name that a
        // `macro_rules!` passes in as `$name` resolves as its use does (the
        // two must share one context, whatever context the name came from).
        let params = captures.iter().map(|c| {
            let (mut binding, ty) = (c.binding.clone(), &c.ty);
            if c.named {
                binding.set_span(Span::call_site().located_at(binding.span()));
            }
            quote!(#binding: #ty)
        });
        let private = &self.private;
        let stored = captures.iter().map(|c| {
            let mut binding = c.binding.clone();
            if c.named {
                binding.set_span(Span::call_site().located_at(binding.span()));
            }
            if c.getter.is_some() { quote!(#binding) } else { quote!(#private::Sealed::new(#binding)) }
        });
        // A pattern other than a plain name is checked as rustc checks a fn
        // parameter's pattern (it must be irrefutable), then the whole
        // argument is captured. The closure is never called; it uses each of
        // the pattern's bindings, so that none of them is reported unused.
        let pattern_checks = captures.iter().filter_map(|c| {
            let (pattern, ty) = (c.pattern.as_ref()?, &c.ty);
            let uses = bindings_of(pattern).into_iter().map(|(mut binding, by_value_mut)| {
                binding.set_span(Span::call_site().located_at(binding.span()));
                if by_value_mut { quote!(let _ = &mut #binding;) } else { quote!(let _ = &#binding;) }
            });
            Some(quote_spanned! {pattern.span()=>
                let _ = |#pattern: #ty| { #(#uses)* };
            })
        });
        let (field, storage) = (&self.field, &self.storage);
        let new = if self.tracker.init.is_some() { quote!(new_initialized) } else { quote!(new) };
        let name_arg = self.name_argument();
        let fn_token = &self.tracker.fn_token;
        let mut body = proc_macro2::Group::new(
            proc_macro2::Delimiter::Brace,
            quote! {
                #(#pattern_checks)*
                #name { #field: #storage::#new((#(#stored,)*) #name_arg) }
            },
        );
        body.set_span(self.tracker.semi_span);
        quote! {
            #(#attrs)*
            #panics_doc
            #must_use
            #inline
            #track_caller
            #vis #fn_token #constructor #generics (#(#params),*) -> #name #ty_generics #where_clause #body
        }
    }

    /// `, "ActionTracker"` for the handle storages, whose reentrancy panic
    /// names the tracker.
    fn name_argument(&self) -> TokenStream {
        match self.tracker.mode {
            Mode::Owned => TokenStream::new(),
            Mode::Shared | Mode::Sync => {
                let name = naming::unraw(&self.tracker.name);
                quote!(, #name)
            }
        }
    }

    /// The struct: the user's docs, then what it is; one private field.
    fn structure(&self) -> TokenStream {
        let Tracker { vis, name, .. } = self.tracker;
        // rustc infers a struct's outlives requirements from its fields and
        // lints one written out (`explicit_outlives_requirements`): the
        // struct keeps every bound of the declaration but those.
        let generics = without_outlives(&self.tracker.generics);
        let where_clause = &generics.where_clause;
        let (cfgs, field) = (&self.cfgs, &self.field);
        let user_docs: Vec<_> =
            self.tracker.attrs.iter().filter(|attr| attr.path().is_ident("doc")).collect();
        let separator = (!user_docs.is_empty()).then(|| quote!(#[doc = ""]));
        let struct_doc = doc(&self.words.structure(), self.doc_span);
        let field_type = self.field_type();
        quote! {
            #(#user_docs)*
            #separator
            #struct_doc
            #cfgs
            #vis struct #name #generics #where_clause {
                #field: #field_type,
            }
        }
    }

    /// The storage type of the one field: `STORAGE<CAPTURES, VALUE, GUARD>`,
    /// with the slot, the observer and the log where they differ from the
    /// storage's defaults.
    fn field_type(&self) -> TokenStream {
        let storage = &self.storage;
        let captures = self.captures_type();
        let value = &self.tracker.value;
        let guard = self.guard_type();
        let slot = (self.tracker.init.is_some() || !self.observer.is_empty()).then(|| {
            let (slot, observer, log) = (&self.slot, &self.observer, &self.log);
            quote!(, #slot #observer #log)
        });
        quote!(#storage<#captures, #value, #guard #slot>)
    }

    /// The tracker type, as its own items name it: `Name<T, 'a>`.
    fn self_type(&self) -> TokenStream {
        let Tracker { name, generics, .. } = self.tracker;
        let (_, ty_generics, _) = generics.split_for_impl();
        quote!(#name #ty_generics)
    }

    /// The captures as the storage holds them: a tuple in which those with
    /// a getter are plain and the others are sealed for the tracker type's
    /// guard.
    fn captures_type(&self) -> TokenStream {
        let private = &self.private;
        let tracker = self.self_type();
        let captures = self.tracker.captures.iter().map(|c| {
            let ty = &c.ty;
            if c.getter.is_some() { quote!(#ty) } else { quote!(#private::Sealed<#ty, #tracker>) }
        });
        quote!((#(#captures,)*))
    }

    /// The guard as the storage names it: the tracker type itself, which
    /// implements `Guard`, or `Unguarded`.
    fn guard_type(&self) -> TokenStream {
        if self.tracker.guard.is_some() {
            self.self_type()
        } else {
            let private = &self.private;
            let (captures, value) = (self.captures_type(), &self.tracker.value);
            quote!(#private::Unguarded<#captures, #value>)
        }
    }

    /// `let limit = …;` for each named capture, so that the guard sees it by
    /// reference under its own name, as the seed's closure does.
    /// Sealed captures open with the `Reveal` the storage passes to `check`.
    fn capture_bindings(&self, reveal: &Ident, captures: &Ident) -> TokenStream {
        let private = &self.private;
        let bindings = self.tracker.captures.iter().enumerate().filter_map(|(index, c)| {
            let (pattern, names) = match &c.pattern {
                Some(pattern) => {
                    (by_reference(pattern), bindings_of(pattern).into_iter().map(|(name, _)| name).collect())
                }
                None if c.named => (c.binding.to_token_stream(), vec![c.binding.clone()]),
                None => return None,
            };
            // A name that starts with `_` says "unused" already (and clippy's
            // `used_underscore_binding` would object to a use).
            let names: Vec<Ident> =
                names.into_iter().filter(|name| !naming::unraw(name).starts_with('_')).collect();
            let index = syn::Index::from(index);
            let value = if c.getter.is_some() {
                quote!(&#captures.#index)
            } else {
                quote!(#private::Sealed::reveal(&#captures.#index, #reveal))
            };
            // Each name is used once here, so a guard that names it in
            // another role (a closure parameter, a field, a path), or not at
            // all, leaves nothing unused; the user's own spans let implicit
            // format arguments (`"{prefix}"`) find it too.
            Some(quote! {
                let #pattern = #value;
                #(let _ = &#names;)*
            })
        });
        quote!(#(#bindings)*)
    }

    /// `impl Guard<VALUE> for Type`: the declaration's guard, type-checked
    /// once for every write path, and bound into the storage's type.
    fn guard(&self) -> TokenStream {
        let Some(guard) = &self.tracker.guard else { return self.no_guard() };
        let Tracker { name, generics, value, .. } = self.tracker;
        let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
        let (cfgs, private) = (&self.cfgs, &self.private);
        // The helper's path runs from the guard's first token to its last, so
        // rustc reports an obligation of the call over exactly the guard's
        // tokens: the same diagnostic as for the guard itself, which rustc
        // then prints once (syn's `new_spanned` uses the same two spans).
        let (first, last) = outer_spans(guard.to_token_stream());
        let arg = Ident::new(&self.locals.value.to_string(), Span::mixed_site().located_at(first));
        let helper = Ident::new("call_guard", last);
        // The crate's path keeps the guard's span (an edition 2015 user has
        // `extern crate private_tracker;` at the root, which `::…` then
        // names); `::core` below is resolved at the call site, where it is
        // the crate `core` in every edition.
        let prefix = respan(quote!(#private::), first);
        let borrowed = self.borrowed_value();
        let (reveal, captures) = (&self.locals.reveal, &self.locals.captures);
        let bindings = self.capture_bindings(reveal, captures);
        let captures_type = self.captures_type();
        let span = Span::call_site().located_at(guard.span());
        let verdict = inline_closure(guard, &arg).unwrap_or_else(|| quote!(#prefix #helper(#guard, #arg)));
        let check = quote_spanned! {span=>
            #[inline]
            fn check(
                #reveal: &#private::Reveal<Self>,
                #captures: &Self::Captures,
                #arg: #borrowed,
            ) -> ::core::primitive::bool {
                #bindings
                #verdict
            }
        };
        let describe = self.describe();
        let initial = self.initial();
        // Hidden: the guard is part of the storage's type, not of the API.
        quote! {
            #cfgs
            #[doc(hidden)]
            impl #impl_generics #private::Guard for #name #ty_generics #where_clause {
                type Captures = #captures_type;
                type Value = #value;

                #check

                #describe

                #initial
            }
        }
    }

    /// Without `guard = …`: an impl of `Guard` that accepts everything and
    /// that no storage uses (the storage's guard is `Unguarded`). It is there
    /// so that the declaring module cannot write one of its own: with it, a
    /// storage guarded by the tracker type over a copy of the captures would
    /// get the `Reveal` that opens the sealed ones.
    fn no_guard(&self) -> TokenStream {
        let Tracker { name, generics, value, .. } = self.tracker;
        let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
        let (cfgs, private) = (&self.cfgs, &self.private);
        let captures_type = self.captures_type();
        let borrowed = self.borrowed_value();
        let initial = self.initial();
        quote! {
            #cfgs
            #[doc(hidden)]
            impl #impl_generics #private::Guard for #name #ty_generics #where_clause {
                type Captures = #captures_type;
                type Value = #value;

                #[inline]
                fn check(
                    _: &#private::Reveal<Self>,
                    _: &Self::Captures,
                    _: #borrowed,
                ) -> ::core::primitive::bool {
                    true
                }

                #initial
            }
        }
    }

    /// `Guard::initial`, with `init = …`: the expression, with the captures
    /// in scope by reference as in the guard, evaluated by each constructor
    /// call and each `reset_…`. It is the body of a closure (`call_init`),
    /// so that a `?` in it cannot end `initial` early.
    fn initial(&self) -> TokenStream {
        let Some(init) = &self.tracker.init else { return TokenStream::new() };
        let (private, value) = (&self.private, &self.tracker.value);
        let (first, last) = outer_spans(init.to_token_stream());
        let prefix = respan(quote!(#private::), first);
        let helper = Ident::new("call_init", last);
        let (reveal, captures) = (&self.locals.reveal, &self.locals.captures);
        let bindings = self.capture_bindings(reveal, captures);
        let span = Span::call_site().located_at(init.span());
        quote_spanned! {span=>
            #[inline]
            fn initial(
                #reveal: &#private::Reveal<Self>,
                #captures: &Self::Captures,
            ) -> ::core::option::Option<#value> {
                #bindings
                #prefix #helper(|| -> #value { #init })
            }
        }
    }

    /// `Guard::describe`: a refused value's `Rejected` names this tracker
    /// type and shows the value when its type is `Debug` (`..` otherwise).
    /// The one method call the expansion makes: choosing by whether a
    /// concrete type is `Debug` takes method resolution, and the method's
    /// name is one that no user trait has.
    fn describe(&self) -> TokenStream {
        let private = &self.private;
        let name = naming::unraw(&self.tracker.name);
        let (value, f) = (&self.locals.value, &self.locals.formatter);
        let borrowed = self.borrowed_value();
        quote! {
            fn describe(
                #value: ::core::option::Option<#borrowed>,
                #f: &mut ::core::fmt::Formatter<'_>,
            ) -> ::core::fmt::Result {
                use #private::{ShowDebug as _, ShowHidden as _};
                match #value {
                    ::core::option::Option::None => ::core::fmt::Formatter::write_str(#f, #name),
                    ::core::option::Option::Some(#value) => (&#private::ShowValue(#value)).__private_tracker_show(#f),
                }
            }
        }
    }

    /// `set_action` for `prefix = "set_"`, at the span of the field's name.
    fn method(&self, prefix: &str) -> Ident {
        let field = &self.tracker.field;
        format_ident!("{prefix}{}", naming::unraw(field), span = Span::call_site().located_at(field.span()))
    }

    /// The declaration's where clause, and `VALUE: Clone` when an option
    /// copies a value of a type that names the declaration's type or const
    /// parameters (see [`copies_itself`]), and `VALUE: PartialEq` when
    /// `observe(distinct)` compares one (see [`compares_itself`]): the doors
    /// exist where the value is `Clone` or `PartialEq`, as in any generic
    /// impl. Each bound is located at its option.
    fn where_clause_for_doors(&self) -> Option<syn::WhereClause> {
        let Tracker { generics, value, .. } = self.tracker;
        let mut where_clause = generics.where_clause.clone();
        // `VALUE: Trait`, located at the option `key` that asks for it.
        let mut bound = |key: Span, spelled: fn(Span) -> TokenStream| {
            let at_option = Span::call_site().located_at(key);
            let bound = spelled(at_option);
            where_clause
                .get_or_insert_with(|| syn::parse_quote!(where))
                .predicates
                .push(syn::parse_quote_spanned!(at_option=> #value: #bound));
        };
        if let Some(key) = self.tracker.distinct_key.filter(|_| !compares_itself(self.tracker)) {
            bound(key, |at| quote_spanned!(at=> ::core::cmp::PartialEq));
        }
        if let Some(key) = needs_clone_at(self.tracker).filter(|_| !copies_itself(self.tracker)) {
            bound(key, |at| quote_spanned!(at=> ::core::clone::Clone));
        }
        where_clause
    }

    /// The tracker's own copier, when [`copies_itself`]: `Copies` of the
    /// value, by its `Clone` written at the option, and of the slot (for
    /// `history`, and for `observe` without `init`, whose subscribers get
    /// copies of the slot) through it. A value that is not `Clone` is one
    /// error there; the impls still count as holding, so the doors and
    /// their callers add none.
    fn copies(&self) -> TokenStream {
        let Some(key) = needs_clone_at(self.tracker).filter(|_| copies_itself(self.tracker)) else {
            return TokenStream::new();
        };
        let Tracker { name, generics, .. } = self.tracker;
        let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
        let Self { private, names: Names { value: param, .. }, .. } = self;
        let at_option = Span::call_site().located_at(key);
        // The type is inferred, so that the value's tokens stand only where
        // the user wrote them: a type that does not exist is one error, at
        // the type; one that is not `Clone`, one error at the option.
        let clone = quote_spanned!(at_option=> <_ as ::core::clone::Clone>::clone);
        // The value named through the `Guard` impl, not as written: a value
        // whose written type is an error (a lifetime left out of a path,
        // `Cow<str>`) is then reported where it is written, and not once
        // more in these impls' headers.
        let value = quote!(<#name #ty_generics as #private::Guard>::Value);
        let slot = if self.tracker.init.is_some() {
            quote!(#private::Initialized<#value, #name #ty_generics>)
        } else {
            quote!(::core::option::Option<#value>)
        };
        let copies = |ty: &TokenStream, body: TokenStream| {
            quote! {
                #[doc(hidden)]
                impl #impl_generics #private::Copies<#ty> for #name #ty_generics #where_clause {
                    #[inline]
                    fn door_copy(#param: &#ty) -> #ty {
                        #body
                    }
                }
            }
        };
        // The value's copy is the one that clones; the slot's copies the
        // value through it, so that a value that is not `Clone` fails one
        // body, not two.
        let mut impls = copies(&value, quote!(#clone(#param)));
        if self.tracker.history.is_some() || self.tracker.init.is_none() {
            let copy = quote!(<Self as #private::Copies<#value>>::door_copy);
            impls.extend(copies(&slot, quote!(#private::Slot::duplicate_by(#param, #copy))));
        }
        impls
    }

    /// The tracker's own comparer, when [`compares_itself`]: `Compares`
    /// of what its subscribers see (`Option<VALUE>`, or `VALUE` with
    /// `init`), by the `PartialEq` written at `distinct`. A value that is
    /// not `PartialEq` is one error there; the impl still counts as
    /// holding, so the doors and their callers add none.
    fn compares(&self) -> TokenStream {
        let Some(key) = self.tracker.distinct_key.filter(|_| compares_itself(self.tracker)) else {
            return TokenStream::new();
        };
        let Tracker { name, generics, .. } = self.tracker;
        let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
        let Self { private, names: Names { a, b, .. }, .. } = self;
        let at_option = Span::call_site().located_at(key);
        let eq = quote_spanned!(at_option=> <_ as ::core::cmp::PartialEq>::eq);
        // Named through the `Guard` impl, as in `copies`.
        let value = quote!(<#name #ty_generics as #private::Guard>::Value);
        let out = if self.tracker.init.is_some() { value } else { quote!(::core::option::Option<#value>) };
        quote! {
            #[doc(hidden)]
            impl #impl_generics #private::Compares<#out> for #name #ty_generics #where_clause {
                #[inline]
                fn door_same(#a: &#out, #b: &#out) -> ::core::primitive::bool {
                    #eq(#a, #b)
                }
            }
        }
    }

    /// The inherent impl with every door, under
    /// [`where_clause_for_doors`](Self::where_clause_for_doors).
    fn doors(&self) -> TokenStream {
        let Tracker { name, generics, .. } = self.tracker;
        let (impl_generics, ty_generics, _) = generics.split_for_impl();
        let where_clause = self.where_clause_for_doors();
        let cfgs = &self.cfgs;
        let doors = [
            self.reads(),
            self.writes(),
            self.modify_door(),
            self.closure_door(),
            self.ptr_eq(),
            self.observe_doors(),
            self.history_doors(),
            self.trace_doors(),
            self.getters(),
        ];
        quote! {
            #cfgs
            impl #impl_generics #name #ty_generics #where_clause {
                #(#doors)*
            }
        }
    }

    /// `#[track_caller]` for the doors of the handle modes, which panic on
    /// reentrancy: the panic then points at the user's call.
    fn track_caller(&self) -> Option<TokenStream> {
        (self.tracker.mode != Mode::Owned).then(|| quote!(#[track_caller]))
    }

    /// `#[track_caller]` for the write doors: those of the handle modes,
    /// and every one of a traced tracker, which records its caller.
    fn write_track_caller(&self) -> Option<TokenStream> {
        (self.tracker.mode != Mode::Owned || self.tracker.trace).then(|| quote!(#[track_caller]))
    }

    /// `&mut self` for owned storage, `&self` for handles.
    fn write_receiver(&self) -> TokenStream {
        match self.tracker.mode {
            Mode::Owned => quote!(&mut self),
            Mode::Shared | Mode::Sync => quote!(&self),
        }
    }

    /// A call of the storage's door `method` on the field, borrowed
    /// mutably or not, with `args`: a fully qualified call, so that no trait
    /// of the user's can answer it, even where a bound of the storage's
    /// method does not hold. In mode owned, `OwnedStorage::<_, _, _,
    /// SLOT>::door_set(&mut self.__storage, value)`: with the slot named, a
    /// capture of an unknown type leaves nothing to infer. In the handle
    /// modes, the same type's `Handle` method, for the same reason.
    fn door_call(&self, method: &str, mutable: bool, args: &TokenStream) -> TokenStream {
        let method = door(method);
        let path = &self.doors;
        let receiver = self.field_ref(mutable);
        let comma = (!args.is_empty()).then(|| quote!(,));
        quote!(#path::#method(#receiver #comma #args))
    }

    /// A call of the storage's inherent method `method` on the field, fully
    /// qualified as [`door_call`](Self::door_call) makes it, in every mode.
    fn inherent_call(&self, method: &str, mutable: bool, args: &TokenStream) -> TokenStream {
        let method = door(method);
        let path = match self.tracker.mode {
            Mode::Owned => self.doors.clone(),
            Mode::Shared | Mode::Sync => self.storage.clone(),
        };
        let receiver = self.field_ref(mutable);
        let comma = (!args.is_empty()).then(|| quote!(,));
        quote!(#path::#method(#receiver #comma #args))
    }

    /// The field, borrowed: `&self.__storage` or `&mut self.__storage`.
    fn field_ref(&self, mutable: bool) -> TokenStream {
        let field = &self.field;
        if mutable { quote!(&mut self.#field) } else { quote!(&self.#field) }
    }

    /// Whether the write doors take `&mut self` (mode owned).
    fn writes_mutably(&self) -> bool {
        self.tracker.mode == Mode::Owned
    }

    /// `where V: Clone`, for the doors that clone the value. A value type
    /// that names none of the tracker's generic parameters gets a
    /// higher-ranked bound: rustc would check a plain one where it is
    /// written, and a value that is not `Clone` would then fail to compile
    /// instead of leaving the door uncallable.
    fn value_clone_bound(&self) -> TokenStream {
        let value = &self.tracker.value;
        if is_evidently_clone(value) {
            return TokenStream::new();
        }
        let bound = clone_bound(value, &self.tracker.generics, &self.binder);
        quote!(where #bound)
    }

    /// `&V`, as every door that lends the value writes it. For a value of
    /// type `Option<&T>` it is spelled `BorrowedValue<'_, V>`, the facade's
    /// public alias of `&V`:
    /// clippy's `ref_option_ref` would otherwise ask for a signature that
    /// the door cannot have.
    fn borrowed_value(&self) -> TokenStream {
        self.borrowed(&self.tracker.value)
    }

    /// `&ty`, spelled as [`borrowed_value`](Self::borrowed_value) says.
    fn borrowed(&self, ty: &Type) -> TokenStream {
        if is_option_of_reference(ty) {
            let krate = &self.tracker.krate;
            quote!(#krate::BorrowedValue<'_, #ty>)
        } else {
            quote!(&#ty)
        }
    }

    /// What a read lends: `Option<&V>`, or `&V` for a tracker that is never
    /// empty (`init = …`).
    fn lent(&self) -> TokenStream {
        let borrowed = self.borrowed_value();
        if self.tracker.init.is_some() { borrowed } else { quote!(::core::option::Option<#borrowed>) }
    }

    /// What an edit sees: `&mut Option<V>`, or `&mut V` with `init = …`.
    fn edited(&self) -> TokenStream {
        let value = &self.tracker.value;
        if self.tracker.init.is_some() {
            quote!(&mut #value)
        } else {
            quote!(&mut ::core::option::Option<#value>)
        }
    }

    /// What a replaced or cloned value comes out as: `Option<V>`, or `V`
    /// with `init = …`.
    fn out(&self) -> TokenStream {
        let value = &self.tracker.value;
        if self.tracker.init.is_some() { quote!(#value) } else { quote!(::core::option::Option<#value>) }
    }

    /// `action` and `with_action`.
    fn reads(&self) -> TokenStream {
        let Tracker { value, .. } = self.tracker;
        let vis = &self.vis;
        let Self { words, result, .. } = self;
        let (get, with) = (self.method(""), self.method("with_"));
        let (get_doc, with_doc) = (doc(&words.getter(), self.doc_span), doc(&words.with(), self.doc_span));
        let track_caller = self.track_caller();
        let (lent, out) = (self.lent(), self.out());
        let read = self.door_call("get", false, &TokenStream::new());
        // What the getter returns, and how, by mode.
        let (returns, read, bound) = match self.tracker.mode {
            // A value that is plainly `Copy` (`&str`, `u32`, `Option<&T>`…)
            // is read by copy, so `t.action() == Some("click")` compiles;
            // any other is lent.
            Mode::Owned if is_evidently_copy(value) => {
                let read = if self.tracker.init.is_some() { quote!(*#read) } else { quote!(#read.copied()) };
                (out, read, TokenStream::new())
            }
            Mode::Owned => (lent.clone(), read, TokenStream::new()),
            // A handle cannot lend a borrow of shared storage: the getter
            // clones, and `with_…` reads in place.
            Mode::Shared | Mode::Sync => (out, read, self.value_clone_bound()),
        };
        // `get_action`, the name a user coming from getters and setters
        // tries first: hidden, deprecated, and pointing at the getter, so
        // that the slip leads to the right door (rustc would otherwise
        // suggest `set_action`, the name nearest to it).
        let alias = self.method("get_");
        let alias_note = format!("the getter is `{get}()`, named after the value as in the standard library");
        let getter = quote! {
            #get_doc
            #[must_use]
            #[inline]
            #track_caller
            #vis fn #get(&self) -> #returns #bound {
                #read
            }

            #[doc(hidden)]
            #[deprecated(note = #alias_note)]
            #[must_use]
            #[inline]
            #track_caller
            #vis fn #alias(&self) -> #returns #bound {
                Self::#get(self)
            }
        };
        let f = &self.names.f;
        let with_call = self.door_call("with", false, &quote!(#f));
        quote! {
            #getter

            #with_doc
            #[inline]
            #track_caller
            #vis fn #with<#result>(&self, #f: impl ::core::ops::FnOnce(#lent) -> #result) -> #result {
                #with_call
            }
        }
    }

    /// `set_action`, `replace_action`, `update_action` (through the guard
    /// when there is one), and `take_action`, or `reset_action` with
    /// `init = …`.
    fn writes(&self) -> TokenStream {
        let Tracker { value, .. } = self.tracker;
        let vis = &self.vis;
        let Self { words, private, .. } = self;
        let receiver = self.write_receiver();
        let mutable = self.writes_mutably();
        let (set, replace, update) = (self.method("set_"), self.method("replace_"), self.method("update_"));
        let (set_doc, replace_doc, update_doc) = (
            doc(&words.set(), self.doc_span),
            doc(&words.replace(), self.doc_span),
            doc(&words.update(), self.doc_span),
        );
        let track_caller = self.write_track_caller();
        let option = quote!(::core::option::Option);
        let (arg, f) = (&self.names.value, &self.names.f);
        let (lent, out) = (self.lent(), self.out());
        let update_fn = quote!(impl ::core::ops::FnOnce(#lent) -> #value);
        let result = |ok: TokenStream| quote!(::core::result::Result<#ok, #private::Rejected<#value>>);
        let guarded = self.tracker.guard.is_some();
        let no_args = TokenStream::new();
        let emptying = if self.tracker.init.is_some() {
            let reset = self.method("reset_");
            let reset_doc = doc(&words.reset(), self.doc_span);
            let (returns, call) = if guarded {
                (result(quote!(#value)), self.door_call("try_reset", mutable, &no_args))
            } else {
                (quote!(#value), self.door_call("reset", mutable, &no_args))
            };
            quote! {
                #reset_doc
                #[inline]
                #track_caller
                #vis fn #reset(#receiver) -> #returns {
                    #call
                }
            }
        } else {
            let take = self.method("take_");
            let take_doc = doc(&words.take(), self.doc_span);
            let call = self.door_call("take", mutable, &no_args);
            quote! {
                #take_doc
                #[inline]
                #track_caller
                #vis fn #take(#receiver) -> #option<#value> {
                    #call
                }
            }
        };
        // With a guard, the storage's `try_` doors, which hand a refused
        // value back.
        let (try_, unit, previous) = if guarded {
            let (unit, previous) = (result(quote!(())), result(out));
            ("try_", quote!(-> #unit), quote!(-> #previous))
        } else {
            ("", TokenStream::new(), quote!(-> #out))
        };
        let door = |name: &str| format!("{try_}{name}");
        let (set_call, replace_call, update_call) = (
            self.door_call(&door("set"), mutable, &quote!(#arg)),
            self.door_call(&door("replace"), mutable, &quote!(#arg)),
            self.door_call(&door("update"), mutable, &quote!(#f)),
        );
        let writes = quote! {
            #set_doc
            #[inline]
            #track_caller
            #vis fn #set(#receiver, #arg: #value) #unit {
                #set_call
            }

            #replace_doc
            #[inline]
            #track_caller
            #vis fn #replace(#receiver, #arg: #value) #previous {
                #replace_call
            }

            #update_doc
            #[inline]
            #track_caller
            #vis fn #update(#receiver, #f: #update_fn) #unit {
                #update_call
            }
        };
        quote! {
            #writes

            #emptying
        }
    }

    /// `modify_action`: an edit in place that hands back what the closure
    /// returns; with a guard, an edit of a copy that lands whole or not at
    /// all.
    fn modify_door(&self) -> TokenStream {
        let Tracker { value, .. } = self.tracker;
        let vis = &self.vis;
        let Self { private, result, .. } = self;
        let modify = self.method("modify_");
        let modify_doc = doc(&self.words.modify(), self.doc_span);
        let receiver = self.write_receiver();
        let track_caller = self.write_track_caller();
        let f = &self.names.f;
        let edited = self.edited();
        let edit = quote!(impl ::core::ops::FnOnce(#edited) -> #result);
        let mutable = self.writes_mutably();
        if self.tracker.guard.is_some() {
            let bound = self.value_clone_bound();
            let call = self.door_call("try_modify", mutable, &quote!(#f));
            quote! {
                #modify_doc
                #[inline]
                #track_caller
                #vis fn #modify<#result>(#receiver, #f: #edit) -> ::core::result::Result<#result, #private::Rejected<#value>>
                #bound
                {
                    #call
                }
            }
        } else {
            let call = self.door_call("modify", mutable, &quote!(#f));
            quote! {
                #modify_doc
                #[inline]
                #track_caller
                #vis fn #modify<#result>(#receiver, #f: #edit) -> #result {
                    #call
                }
            }
        }
    }

    /// `into_fn`: the tracker as one function, `None` reads and `Some`
    /// writes.
    fn closure_door(&self) -> TokenStream {
        let Tracker { value, generics, .. } = self.tracker;
        let vis = &self.vis;
        let Self { field, .. } = self;
        let into_fn_doc = doc(&self.words.closure(), self.doc_span);
        let captured = captured_generics(generics);
        let option = quote!(::core::option::Option);
        let out = self.out();
        let bound = self.value_clone_bound();
        // By value, and fully qualified, as in `door_call`.
        let doors = &self.doors;
        let call = quote!(#doors::door_into_fn(self.#field));
        // No `#[must_use]`: the closure it returns is must-use already, and
        // clippy's `double_must_use` says so where a declaration comes from
        // a `macro_rules!`.
        quote! {
            #into_fn_doc
            #[inline]
            #vis fn into_fn(self) -> impl ::core::ops::FnMut(#option<#value>) -> #out #captured
            #bound
            {
                #call
            }
        }
    }

    /// With `observe`: `version` and `subscribe_action`, and in mode owned
    /// `unsubscribe_action` (the handle modes' subscriptions unsubscribe
    /// when dropped).
    fn observe_doors(&self) -> TokenStream {
        if !self.tracker.observe {
            return TokenStream::new();
        }
        let vis = &self.vis;
        let private = &self.private;
        // The observer's doors are the storage's own, not `Handle`'s.
        let mutable = self.writes_mutably();
        let subscribe = self.method("subscribe_");
        let (version_doc, subscribe_doc) =
            (doc(&self.words.version(), self.doc_span), doc(&self.words.subscribe(), self.doc_span));
        let out = self.out();
        let (subscriber, key) = (&self.names.f, &self.names.key);
        let subscribe_call = self.inherent_call("subscribe", mutable, &quote!(#subscriber));
        // In mode sync, the thread that delivers may not be the writer's.
        let send = (self.tracker.mode == Mode::Sync).then(|| quote!(+ ::core::marker::Send));
        let subscriber_type = quote!(impl ::core::ops::FnMut(&#private::Change<'_, #out>) #send + 'static);
        let subscription = match self.tracker.mode {
            Mode::Owned => {
                let unsubscribe = self.method("unsubscribe_");
                let unsubscribe_doc = doc(Words::unsubscribe(), self.doc_span);
                let unsubscribe_call = self.inherent_call("unsubscribe", true, &quote!(#key));
                quote! {
                    #subscribe_doc
                    #[inline]
                    #vis fn #subscribe(&mut self, #subscriber: #subscriber_type) -> #private::SubscriberKey {
                        #subscribe_call
                    }

                    #unsubscribe_doc
                    #[inline]
                    #vis fn #unsubscribe(&mut self, #key: #private::SubscriberKey) -> ::core::primitive::bool {
                        #unsubscribe_call
                    }
                }
            }
            Mode::Shared | Mode::Sync => {
                let subscription = if self.tracker.mode == Mode::Sync {
                    quote!(#private::Subscription<#out>)
                } else {
                    quote!(#private::LocalSubscription<#out>)
                };
                quote! {
                    #subscribe_doc
                    #[inline]
                    #vis fn #subscribe(&self, #subscriber: #subscriber_type) -> #subscription {
                        #subscribe_call
                    }
                }
            }
        };
        // Mode sync's watcher, with the facade's `watch` feature.
        let watcher = (self.tracker.mode == Mode::Sync).then(|| {
            let watch = self.method("watch_");
            let watch_doc = doc(Words::watch(), self.doc_span);
            quote! {
                #private::watch_door! {
                    #watch_doc
                    #[must_use]
                    #[inline]
                    #vis fn #watch(&self) -> #private::Watcher<Self> {
                        #private::Watcher::new(::core::clone::Clone::clone(self))
                    }
                }
            }
        });
        let version_call = self.inherent_call("version", false, &TokenStream::new());
        quote! {
            #version_doc
            #[must_use]
            #[inline]
            #vis fn version(&self) -> ::core::primitive::u64 {
                #version_call
            }

            #subscription

            #watcher
        }
    }

    /// With `history = N`: `undo_action`, `redo_action`,
    /// `clear_history_action` and `history_action` (an iterator in mode
    /// owned, a closure's walk under the borrow or lock in the handle
    /// modes).
    fn history_doors(&self) -> TokenStream {
        if self.tracker.history.is_none() {
            return TokenStream::new();
        }
        let vis = &self.vis;
        let Self { private, result, .. } = self;
        // The history's doors are the storage's own, not `Handle`'s.
        let receiver = self.write_receiver();
        let mutable = self.writes_mutably();
        let no_args = TokenStream::new();
        let (undo_call, redo_call, clear_call) = (
            self.inherent_call("undo", mutable, &no_args),
            self.inherent_call("redo", mutable, &no_args),
            self.inherent_call("clear_history", mutable, &no_args),
        );
        let track_caller = self.write_track_caller();
        let (undo, redo, clear, history) = (
            self.method("undo_"),
            self.method("redo_"),
            self.method("clear_history_"),
            self.method("history_"),
        );
        let words = &self.words;
        let (undo_doc, redo_doc, clear_doc, history_doc) = (
            doc(&words.undo(), self.doc_span),
            doc(&words.redo(), self.doc_span),
            doc(&words.clear_history(), self.doc_span),
            doc(&words.history(), self.doc_span),
        );
        // The entries as a reader sees them: an iterator of `Entry`s of
        // what a read lends, not the storage's `Entries` type, which names
        // the slot, the depth and the trace.
        let lent = self.lent();
        let entry = quote!(#private::Entry<#lent>);
        let f = &self.names.f;
        let walk = match self.tracker.mode {
            Mode::Owned => {
                let captured = captured_generics_with(&self.tracker.generics, quote!('_));
                let call = self.inherent_call("history", false, &no_args);
                quote! {
                    #history_doc
                    #[must_use]
                    #[inline]
                    #vis fn #history(&self) -> impl ::core::iter::ExactSizeIterator<Item = #entry> #captured {
                        #call
                    }
                }
            }
            Mode::Shared | Mode::Sync => {
                let entries = &self.locals.entries;
                let call = self.inherent_call("history", false, &quote!(|mut #entries| #f(&mut #entries)));
                quote! {
                    #history_doc
                    #[inline]
                    #[track_caller]
                    #vis fn #history<#result>(
                        &self,
                        #f: impl ::core::ops::FnOnce(&mut dyn ::core::iter::ExactSizeIterator<Item = #entry>) -> #result,
                    ) -> #result {
                        #call
                    }
                }
            }
        };
        quote! {
            #undo_doc
            #[inline]
            #track_caller
            #vis fn #undo(#receiver) -> ::core::primitive::bool {
                #undo_call
            }

            #redo_doc
            #[inline]
            #track_caller
            #vis fn #redo(#receiver) -> ::core::primitive::bool {
                #redo_call
            }

            #clear_doc
            #[inline]
            #track_caller
            #vis fn #clear(#receiver) {
                #clear_call;
            }

            #walk
        }
    }

    /// With `trace`: `last_write_at` and `last_refused_at`.
    fn trace_doors(&self) -> TokenStream {
        if !self.tracker.trace {
            return TokenStream::new();
        }
        let vis = &self.vis;
        let track_caller = self.track_caller();
        let no_args = TokenStream::new();
        let (write_call, refused_call) = (
            self.inherent_call("last_write_at", false, &no_args),
            self.inherent_call("last_refused_at", false, &no_args),
        );
        let (write_doc, refused_doc) = (
            doc(&self.words.last_write_at(), self.doc_span),
            doc(&self.words.last_refused_at(), self.doc_span),
        );
        let location = quote!(::core::option::Option<&'static ::core::panic::Location<'static>>);
        quote! {
            #write_doc
            #[must_use]
            #[inline]
            #track_caller
            #vis fn last_write_at(&self) -> #location {
                #write_call
            }

            #refused_doc
            #[must_use]
            #[inline]
            #track_caller
            #vis fn last_refused_at(&self) -> #location {
                #refused_call
            }
        }
    }

    /// The hidden `Watched` impl that a sync tracker's watchers read
    /// through, with `observe` and the facade's `watch` feature.
    fn watched(&self) -> TokenStream {
        if !self.tracker.observe || self.tracker.mode != Mode::Sync {
            return TokenStream::new();
        }
        let Tracker { name, generics, value, .. } = self.tracker;
        let (impl_generics, ty_generics, _) = generics.split_for_impl();
        // The doors' bound: a value that is not `Clone` is the doors' one
        // error, not one more here.
        let where_clause = self.where_clause_for_doors();
        let Self { private, field, cfgs, storage, slot, observer, log, .. } = self;
        let captures = self.captures_type();
        let guard = self.guard_type();
        quote! {
            #private::watch! {
                #cfgs
                #[doc(hidden)]
                impl #impl_generics #private::Watched for #name #ty_generics #where_clause {
                    type Storage = #storage<#captures, #value, #guard, #slot #observer #log>;

                    #[inline]
                    fn storage(&self) -> &Self::Storage {
                        &self.#field
                    }
                }
            }
        }
    }

    /// `ptr_eq(a, b)`, for the handle modes: whether two handles share one
    /// storage.
    fn ptr_eq(&self) -> TokenStream {
        if self.tracker.mode == Mode::Owned {
            return TokenStream::new();
        }
        let vis = &self.vis;
        let field = &self.field;
        let handle = &self.doors;
        let ptr_eq_doc = doc(Words::ptr_eq(), self.doc_span);
        let (a, b) = (&self.names.a, &self.names.b);
        quote! {
            #ptr_eq_doc
            #[must_use]
            #[inline]
            #vis fn ptr_eq(#a: &Self, #b: &Self) -> ::core::primitive::bool {
                #handle::door_ptr_eq(&#a.#field, &#b.#field)
            }
        }
    }

    /// A read-only getter for each `#[get]` capture.
    fn getters(&self) -> TokenStream {
        let vis = &self.vis;
        let captures = self.door_call("captures", false, &TokenStream::new());
        let getters = self.tracker.captures.iter().enumerate().filter_map(|(index, capture)| {
            let getter = capture.getter.as_ref()?;
            let index = syn::Index::from(index);
            let getter_doc = doc(&self.words.capture(&naming::unraw(getter)), self.doc_span);
            // By copy when plainly `Copy`, as the value's getter.
            let (ty, read) = if is_evidently_copy(&capture.ty) {
                (capture.ty.to_token_stream(), quote!(#captures.#index))
            } else {
                (self.borrowed(&capture.ty), quote!(&#captures.#index))
            };
            Some(quote! {
                #getter_doc
                #[must_use]
                #[inline]
                #vis fn #getter(&self) -> #ty {
                    #read
                }
            })
        });
        quote!(#(#getters)*)
    }

    /// `Clone` (in mode owned when the captures and the value are), and a
    /// `Debug` that shows no private data.
    fn trait_impls(&self) -> TokenStream {
        let Tracker { name, generics, captures, value, .. } = self.tracker;
        let Self { field, cfgs, .. } = self;
        let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
        let name_text = naming::unraw(name);
        let debug_doc = doc(Words::debug(), self.doc_span);
        let clone_doc = doc(self.words.clone_doc(), self.doc_span);
        // A handle is cloned whatever it holds, as an `Rc` is. An owned
        // tracker is `Clone` when each capture and the value are: one bound
        // per type, as a person would write them.
        let clone_where = match self.tracker.mode {
            Mode::Owned => {
                let mut seen = Vec::new();
                let bounds: Vec<TokenStream> = captures
                    .iter()
                    .map(|c| &c.ty)
                    .chain([value])
                    .filter(|ty| !is_evidently_clone(ty))
                    .filter(|ty| {
                        let text = ty.to_token_stream().to_string();
                        !seen.contains(&text) && {
                            seen.push(text);
                            true
                        }
                    })
                    .map(|ty| clone_bound(ty, generics, &self.binder))
                    .collect();
                let predicates = where_clause.map(|clause| &clause.predicates);
                if bounds.is_empty() && predicates.is_none() {
                    TokenStream::new()
                } else {
                    quote!(where #(#bounds,)* #predicates)
                }
            }
            Mode::Shared | Mode::Sync => quote!(#where_clause),
        };
        let formatter = &self.names.f;
        quote! {
            #clone_doc
            #cfgs
            #[automatically_derived]
            impl #impl_generics ::core::clone::Clone for #name #ty_generics #clone_where {
                #[inline]
                fn clone(&self) -> Self {
                    Self { #field: ::core::clone::Clone::clone(&self.#field) }
                }
            }

            #debug_doc
            #cfgs
            #[automatically_derived]
            impl #impl_generics ::core::fmt::Debug for #name #ty_generics #where_clause {
                fn fmt(&self, #formatter: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    ::core::fmt::DebugStruct::finish_non_exhaustive(
                        &mut ::core::fmt::Formatter::debug_struct(#formatter, #name_text),
                    )
                }
            }
        }
    }
}

impl Expansion<'_> {
    /// The impls `#[derive(…)]` on the declaration asks for: comparisons and
    /// `Hash` of the captures, then the value, by value in every mode (the
    /// storage implements them; `ptr_eq` stays the identity test), and
    /// `Default` through the constructor with default captures.
    fn derives(&self) -> TokenStream {
        let derives = &self.tracker.derives;
        if derives.is_empty() {
            return TokenStream::new();
        }
        let Tracker { captures, value, .. } = self.tracker;
        let cfgs = &self.cfgs;
        // One bound per type, as a person would write them, for what the
        // comparisons, the hash and serde read: the value and the captures
        // with a getter. A sealed capture compares equal to every other and
        // hashes to nothing, whatever its type.
        let types = distinct(captures.iter().filter(|c| c.getter.is_some()).map(|c| &c.ty).chain([value]));
        // serde reads (`Serialize`, where every capture has a getter) or
        // fills (`Deserialize`) every capture.
        let serde_types = distinct(captures.iter().map(|c| &c.ty).chain([value]));
        let mut impls = Vec::new();
        let mut serde = Vec::new();
        for (derive, path) in derives {
            if matches!(derive, Derive::Serialize | Derive::Deserialize) {
                serde.push(self.serde_item(*derive, path, &serde_types));
                continue;
            }
            let item = self.derive_item(*derive, &types);
            impls.push(quote! {
                #cfgs
                #[automatically_derived]
                #item
            });
        }
        // serde's traits need the facade's `serde` feature, which the
        // facade's `serde_derives!` checks, as `mode_sync!` does for a mode.
        if !serde.is_empty() {
            let private = &self.private;
            impls.push(quote!(#private::serde_derives! { #(#serde)* }));
        }
        quote!(#(#impls)*)
    }

    /// `Default`: the constructor called with default captures.
    fn default_item(&self, bounds: &TokenStream) -> TokenStream {
        let Tracker { name, generics, captures, constructor, .. } = self.tracker;
        let (impl_generics, ty_generics, _) = generics.split_for_impl();
        let defaults = captures.iter().map(|_| quote!(::core::default::Default::default()));
        let default_doc = doc(&self.words.default_doc(), self.doc_span);
        // Like the constructor it calls, it panics if the guard refuses the
        // initial value: at the caller's line.
        let track_caller =
            (self.tracker.init.is_some() && self.tracker.guard.is_some()).then(|| quote!(#[track_caller]));
        quote! {
            #default_doc
            impl #impl_generics ::core::default::Default for #name #ty_generics #bounds {
                #[inline]
                #track_caller
                fn default() -> Self {
                    #constructor(#(#defaults),*)
                }
            }
        }
    }

    /// `Serialize` or `Deserialize`, written with the user's `path` to the
    /// trait (so that their `use serde::Serialize;` is used), through
    /// `serialize_tracker`/`deserialize_tracker` of `private-tracker-core`:
    /// the struct `Name { capture: …, field: … }`, and a deserialized value
    /// must pass the guard (the storage's `restore`).
    fn serde_item(&self, derive: Derive, path: &syn::Path, types: &[&Type]) -> TokenStream {
        let Tracker { name, generics, captures, .. } = self.tracker;
        let Self { private, doors, field, cfgs, .. } = self;
        let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
        let predicates = where_clause.map(|clause| &clause.predicates);
        let name_text = naming::unraw(name);
        let names =
            captures.iter().map(|c| naming::unraw(&c.binding)).chain([naming::unraw(&self.tracker.field)]);
        let names = quote!(&[#(#names),*]);
        let taken = |candidate: &str| self.tracker.taken.contains(candidate);
        let value = &self.locals.value;
        if derive == Derive::Serialize {
            let serializer_type = Ident::new(&naming::fresh("S", taken), Span::call_site());
            let serializer = &self.names.serializer;
            let bounds = types.iter().map(|ty| quote!(#ty: #private::serde::Serialize));
            let docs = doc(&self.words.serialize(), self.doc_span);
            let captures = self.door_call("captures", false, &TokenStream::new());
            let track_caller = self.track_caller();
            let with_call = self.door_call(
                "with",
                false,
                &quote!(|#value| #private::serialize_tracker(#serializer, #name_text, #names, #captures, &#value)),
            );
            return quote! {
                #docs
                #cfgs
                #[automatically_derived]
                impl #impl_generics #path for #name #ty_generics where #(#bounds,)* #predicates {
                    #track_caller
                    fn serialize<#serializer_type>(
                        &self,
                        #serializer: #serializer_type,
                    ) -> ::core::result::Result<#serializer_type::Ok, #serializer_type::Error>
                    where
                        #serializer_type: #private::serde::Serializer,
                    {
                        #with_call
                    }
                }
            };
        }
        let de = Lifetime::new(&format!("'{}", naming::fresh("de", taken)), Span::call_site());
        let mut de_generics = generics.clone();
        de_generics.params.insert(0, GenericParam::Lifetime(syn::LifetimeParam::new(de.clone())));
        let (de_impl_generics, _, _) = de_generics.split_for_impl();
        let bounds = types.iter().map(|ty| quote!(#ty: #private::serde::Deserialize<#de>));
        let deserializer_type = Ident::new(&naming::fresh("D", taken), Span::call_site());
        let (deserializer, read, storage, refused) =
            (&self.names.deserializer, &self.locals.captures, &self.locals.storage, &self.locals.refused);
        let restore = match self.tracker.mode {
            Mode::Owned => quote!(#doors::restore),
            Mode::Shared | Mode::Sync => {
                let storage_type = &self.storage;
                quote!(#storage_type::restore)
            }
        };
        let name_arg = self.name_argument();
        let docs = doc(&self.words.deserialize(), self.doc_span);
        quote! {
            #docs
            #cfgs
            #[automatically_derived]
            impl #de_impl_generics #path<#de> for #name #ty_generics
            where
                #(#bounds,)*
                #predicates
            {
                fn deserialize<#deserializer_type>(
                    #deserializer: #deserializer_type,
                ) -> ::core::result::Result<Self, #deserializer_type::Error>
                where
                    #deserializer_type: #private::serde::Deserializer<#de>,
                {
                    let (#read, #value) = #private::deserialize_tracker(#deserializer, #name_text, #names)?;
                    match #restore(#read, #value #name_arg) {
                        ::core::result::Result::Ok(#storage) => ::core::result::Result::Ok(Self { #field: #storage }),
                        ::core::result::Result::Err(#refused) => ::core::result::Result::Err(
                            <#deserializer_type::Error as #private::serde::de::Error>::custom(#refused),
                        ),
                    }
                }
            }
        }
    }

    /// `where TYPE: bound, …` for each of `types` and the declaration's own
    /// predicates. A type that evidently implements the trait
    /// (`String: Eq`) needs no bound, and shows none.
    fn derive_bounds(&self, bound: &TokenStream, types: &[&Type]) -> TokenStream {
        let (_, _, where_clause) = self.tracker.generics.split_for_impl();
        let predicates = where_clause.map(|clause| &clause.predicates);
        let trait_name = bound.to_string();
        let trait_name = trait_name.rsplit(':').next().unwrap_or_default().trim().to_owned();
        let types: Vec<&&Type> = types.iter().filter(|ty| !evidently_implements(ty, &trait_name)).collect();
        if types.is_empty() && predicates.is_none() {
            return TokenStream::new();
        }
        let bounds = types.iter().map(|ty| quote!(#ty: #bound));
        quote!(where #(#bounds,)* #predicates)
    }

    /// The docs of the derived `PartialOrd`/`Ord`, `PartialEq` and
    /// `Hash`. Sealed captures compare equal to every other: the docs say
    /// which captures count.
    fn comparison_docs(&self) -> (TokenStream, TokenStream, TokenStream) {
        let captures = &self.tracker.captures;
        // Sealed captures compare equal to every other: the docs say which
        // captures count.
        let compared = if captures.iter().all(|c| c.getter.is_some()) {
            "the captures"
        } else {
            "the captures with a getter (the others are not compared)"
        };
        let order_doc = doc(
            &if self.tracker.init.is_some() {
                format!("Orders by {compared}, then by the stored values, by value.")
            } else {
                format!("Orders by {compared}, then by the stored values (`None` first), by value.")
            },
            self.doc_span,
        );
        let eq_doc = doc(
            &format!("Equal when {compared}, then the stored values, are equal, by value."),
            self.doc_span,
        );
        let hash_doc = doc(
            &format!("Hashes {compared}, then the stored value, as `PartialEq` compares them."),
            self.doc_span,
        );
        (order_doc, eq_doc, hash_doc)
    }

    /// The impl of one derived trait, bounded on each of `types`.
    fn derive_item(&self, derive: Derive, types: &[&Type]) -> TokenStream {
        let Tracker { name, generics, captures, derives, .. } = self.tracker;
        let field = &self.field;
        let (impl_generics, ty_generics, _) = generics.split_for_impl();
        let bounded = |bound: TokenStream, types: &[&Type]| self.derive_bounds(&bound, types);
        let other = &self.names.other;
        // A comparison of handles reads the storage, which panics on
        // reentrancy: at the user's `==`, not at the declaration.
        let track_caller = self.track_caller();
        let (order_doc, eq_doc, hash_doc) = self.comparison_docs();
        match derive {
            // Behind the `serde` feature check: see `serde_item`.
            Derive::Serialize | Derive::Deserialize => TokenStream::new(),
            Derive::PartialEq => {
                let bounds = bounded(quote!(::core::cmp::PartialEq), types);
                quote! {
                    #eq_doc
                    impl #impl_generics ::core::cmp::PartialEq for #name #ty_generics #bounds {
                        #[inline]
                        #track_caller
                        fn eq(&self, #other: &Self) -> ::core::primitive::bool {
                            ::core::cmp::PartialEq::eq(&self.#field, &#other.#field)
                        }
                    }
                }
            }
            Derive::Eq => {
                let bounds = bounded(quote!(::core::cmp::Eq), types);
                quote! {
                    impl #impl_generics ::core::cmp::Eq for #name #ty_generics #bounds {}
                }
            }
            Derive::PartialOrd => {
                // With `Ord` too, `partial_cmp` is `Some(cmp)`, as clippy's
                // `non_canonical_partial_ord_impl` asks.
                let (bounds, body) = if derives.iter().any(|(derive, _)| *derive == Derive::Ord) {
                    (
                        bounded(quote!(::core::cmp::Ord), types),
                        quote!(::core::option::Option::Some(::core::cmp::Ord::cmp(self, #other))),
                    )
                } else {
                    (
                        bounded(quote!(::core::cmp::PartialOrd), types),
                        quote!(::core::cmp::PartialOrd::partial_cmp(&self.#field, &#other.#field)),
                    )
                };
                quote! {
                    #order_doc
                    impl #impl_generics ::core::cmp::PartialOrd for #name #ty_generics #bounds {
                        #[inline]
                        #track_caller
                        fn partial_cmp(&self, #other: &Self) -> ::core::option::Option<::core::cmp::Ordering> {
                            #body
                        }
                    }
                }
            }
            Derive::Ord => {
                let bounds = bounded(quote!(::core::cmp::Ord), types);
                quote! {
                    #order_doc
                    impl #impl_generics ::core::cmp::Ord for #name #ty_generics #bounds {
                        #[inline]
                        #track_caller
                        fn cmp(&self, #other: &Self) -> ::core::cmp::Ordering {
                            ::core::cmp::Ord::cmp(&self.#field, &#other.#field)
                        }
                    }
                }
            }
            Derive::Hash => {
                let bounds = bounded(quote!(::core::hash::Hash), types);
                let hasher = Ident::new(
                    &naming::fresh("H", |name| self.tracker.taken.contains(name)),
                    Span::call_site(),
                );
                let state = &self.names.state;
                quote! {
                    #hash_doc
                    impl #impl_generics ::core::hash::Hash for #name #ty_generics #bounds {
                        #[inline]
                        #track_caller
                        fn hash<#hasher: ::core::hash::Hasher>(&self, #state: &mut #hasher) {
                            ::core::hash::Hash::hash(&self.#field, #state);
                        }
                    }
                }
            }
            Derive::Default => {
                let capture_types: Vec<&Type> = captures.iter().map(|c| &c.ty).collect();
                self.default_item(&bounded(quote!(::core::default::Default), &capture_types))
            }
        }
    }
}

/// `ty: Clone`, higher-ranked when `ty` names none of `generics`' parameters
/// (see [`Expansion::value_clone_bound`]).
fn clone_bound(ty: &Type, generics: &Generics, binder: &Lifetime) -> TokenStream {
    let (lifetimes, names_types) = generic_params_named(ty, generics);
    if names_types || !lifetimes.is_empty() {
        quote!(#ty: ::core::clone::Clone)
    } else {
        quote!(for<#binder> #ty: ::core::clone::Clone)
    }
}

/// A guard written as a closure of one parameter (`|v: &u32| *v != 0`),
/// as the body of `check`: its parameter bound to the value, then its body
/// (`{ let v: &u32 = value; *v != 0 }`), which is what a person writes in
/// place of a call of the closure, and what rustc checks fastest. Its
/// `return`s return the verdict, as the closure's did. `None` for any other
/// guard, or a closure with attributes, modifiers (`move`, `async`, …), a
/// return type or another number of parameters: those are called through
/// `call_guard`, whose diagnostics say what a guard must be.
fn inline_closure(guard: &syn::Expr, value: &Ident) -> Option<TokenStream> {
    let syn::Expr::Closure(closure) = guard else { return None };
    let plain = closure.attrs.is_empty()
        && closure.lifetimes.is_none()
        && closure.modifiers.require_empty().is_ok()
        && closure.constness.is_none()
        && closure.asyncness.is_none()
        && closure.capture.is_none()
        && closure.inputs.len() == 1
        && matches!(closure.output, syn::ReturnType::Default);
    if !plain {
        return None;
    }
    let (parameter, body) = (&closure.inputs[0], &closure.body);
    Some(quote!({
        let #parameter = #value;
        #body
    }))
}

/// Where the option that copies the value is written: `history = N` (a
/// history keeps the values that writes replaced), or `observe` in the
/// handle modes (each write hands the subscribers a copy). `None` for a
/// value that is evidently `Clone`, which needs nothing said.
fn needs_clone_at(tracker: &Tracker) -> Option<Span> {
    if is_evidently_clone(&tracker.value) {
        return None;
    }
    let observed_handles = tracker.observe_key.filter(|_| tracker.mode != Mode::Owned);
    tracker.history.as_ref().map(|(key, _)| *key).or(observed_handles)
}

/// Whether the tracker copies its value through its own `Copies` impl
/// (see [`Expansion::copies`]), rather than through `Cloned`, which asks
/// for `VALUE: Clone` where the doors are declared: when an option copies
/// a value whose type names none of the declaration's type or const
/// parameters. A bound `VALUE: Clone` would then name no parameter, and a
/// value that is not `Clone` would make every call of a door an error too.
fn copies_itself(tracker: &Tracker) -> bool {
    needs_clone_at(tracker).is_some() && !generic_params_named(&tracker.value, &tracker.generics).1
}

/// Whether the tracker compares its writes through its own `Compares`
/// impl (see [`Expansion::compares`]), rather than through `Equal`, which
/// asks for `VALUE: PartialEq` where the doors are declared: with
/// `observe(distinct)`, when the value's type names none of the
/// declaration's type or const parameters (as [`copies_itself`]).
fn compares_itself(tracker: &Tracker) -> bool {
    tracker.distinct_key.is_some() && !generic_params_named(&tracker.value, &tracker.generics).1
}

/// Which of `generics` the type `ty` names: its lifetime parameters, by
/// name, and whether it names any type or const parameter.
fn generic_params_named(ty: &Type, generics: &Generics) -> (std::collections::BTreeSet<String>, bool) {
    let tokens = ty.to_token_stream();
    let mut lifetimes = std::collections::BTreeSet::new();
    crate::lifetimes::written(tokens.clone(), &mut lifetimes);
    let mut names = std::collections::BTreeSet::new();
    naming::path_starts(tokens, &mut names);
    let (mut named_lifetimes, mut names_types) = (std::collections::BTreeSet::new(), false);
    for param in &generics.params {
        match param {
            GenericParam::Lifetime(param) => {
                let name = naming::unraw(&param.lifetime.ident);
                if lifetimes.contains(&name) {
                    named_lifetimes.insert(name);
                }
            }
            GenericParam::Type(syn::TypeParam { ident, .. })
            | GenericParam::Const(syn::ConstParam { ident, .. }) => {
                names_types |= names.contains(&naming::unraw(ident));
            }
        }
    }
    (named_lifetimes, names_types)
}

/// Whether `ty` is plainly `Copy` as written: a shared reference, a
/// primitive scalar, or a tuple, array or `Option` of those. Getters return
/// such values by copy. A type alias or a user type is not seen as `Copy`
/// (the macro reads tokens, not types), and is lent as before.
fn is_evidently_copy(ty: &Type) -> bool {
    const SCALARS: &[&str] = &[
        "bool", "char", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128",
        "isize", "f32", "f64",
    ];
    match ty {
        Type::Reference(reference) => reference.mutability.is_none(),
        Type::Paren(inner) => is_evidently_copy(&inner.elem),
        Type::Group(inner) => is_evidently_copy(&inner.elem),
        Type::Tuple(tuple) => !tuple.elems.is_empty() && tuple.elems.iter().all(is_evidently_copy),
        Type::Array(array) => is_evidently_copy(&array.elem),
        Type::Path(path) if path.qself.is_none() && path.path.leading_colon.is_none() => {
            let [segment] = &path.path.segments.iter().collect::<Vec<_>>()[..] else { return false };
            match &segment.arguments {
                syn::PathArguments::None => SCALARS.iter().any(|scalar| segment.ident == scalar),
                syn::PathArguments::AngleBracketed(args) if segment.ident == "Option" => {
                    matches!(&args.args.iter().collect::<Vec<_>>()[..], [syn::GenericArgument::Type(inner)] if is_evidently_copy(inner))
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// Whether `ty` is `Clone` as written: plainly `Copy` (see
/// [`is_evidently_copy`]), `String`, or a tuple, array or `Option` of
/// those. A door that clones such a value needs no bound, and shows none.
/// Any other type gets one, which leaves the door uncallable where the type
/// is not `Clone` (a user's own `String` that is not `Clone` is an error in
/// the door instead).
fn is_evidently_clone(ty: &Type) -> bool {
    if is_evidently_copy(ty) {
        return true;
    }
    match ty {
        Type::Paren(inner) => is_evidently_clone(&inner.elem),
        Type::Group(inner) => is_evidently_clone(&inner.elem),
        Type::Tuple(tuple) => tuple.elems.iter().all(is_evidently_clone),
        Type::Array(array) => is_evidently_clone(&array.elem),
        Type::Path(path) if path.qself.is_none() && path.path.leading_colon.is_none() => {
            let [segment] = &path.path.segments.iter().collect::<Vec<_>>()[..] else { return false };
            match &segment.arguments {
                syn::PathArguments::None => segment.ident == "String",
                syn::PathArguments::AngleBracketed(args) if segment.ident == "Option" => {
                    matches!(&args.args.iter().collect::<Vec<_>>()[..], [syn::GenericArgument::Type(inner)] if is_evidently_clone(inner))
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// The identifiers in `tokens`, groups included, but those of lifetimes
/// (`'a` is no name a parameter `a` could shadow).
fn names_but_lifetimes(tokens: TokenStream) -> std::collections::BTreeSet<String> {
    fn walk(tokens: TokenStream, names: &mut std::collections::BTreeSet<String>) {
        let mut after_quote = false;
        for tree in tokens {
            match tree {
                proc_macro2::TokenTree::Ident(ident) => {
                    if !after_quote {
                        names.insert(naming::unraw(&ident));
                    }
                    after_quote = false;
                }
                proc_macro2::TokenTree::Punct(punct) => after_quote = punct.as_char() == '\'',
                proc_macro2::TokenTree::Group(group) => {
                    after_quote = false;
                    walk(group.stream(), names);
                }
                proc_macro2::TokenTree::Literal(_) => after_quote = false,
            }
        }
    }
    let mut names = std::collections::BTreeSet::new();
    walk(tokens, &mut names);
    names
}

/// `types` without repeats, in their order: one bound per type, as a
/// person writes them.
fn distinct<'a>(types: impl Iterator<Item = &'a Type>) -> Vec<&'a Type> {
    let mut distinct: Vec<&Type> = Vec::new();
    for ty in types {
        let text = ty.to_token_stream().to_string();
        if !distinct.iter().any(|known| known.to_token_stream().to_string() == text) {
            distinct.push(ty);
        }
    }
    distinct
}

/// Whether `ty` evidently implements the derivable trait named `name`
/// (`PartialEq`, `Eq`, `PartialOrd`, `Ord`, `Hash`, `Default`) as written:
/// integers, `bool`, `char` and `String` implement them all, floats only
/// `PartialEq`, `PartialOrd` and `Default`, `&str` all but `Default`… and
/// tuples, arrays and `Option`s of such types what their parts do. Any
/// other type keeps its bound.
fn evidently_implements(ty: &Type, name: &str) -> bool {
    const ALL: &[&str] = &[
        "bool", "char", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128",
        "isize", "String",
    ];
    const PARTIAL: &[&str] = &["PartialEq", "PartialOrd", "Default"];
    match ty {
        Type::Paren(inner) => evidently_implements(&inner.elem, name),
        Type::Group(inner) => evidently_implements(&inner.elem, name),
        Type::Tuple(tuple) => {
            tuple.elems.len() <= 12 && tuple.elems.iter().all(|ty| evidently_implements(ty, name))
        }
        Type::Array(array) => name != "Default" && evidently_implements(&array.elem, name),
        Type::Reference(reference) => {
            reference.mutability.is_none()
                && name != "Default"
                && matches!(&*reference.elem, Type::Path(path) if path.path.is_ident("str"))
        }
        Type::Path(path) if path.qself.is_none() && path.path.leading_colon.is_none() => {
            let [segment] = &path.path.segments.iter().collect::<Vec<_>>()[..] else { return false };
            match &segment.arguments {
                syn::PathArguments::None => {
                    ALL.iter().any(|known| segment.ident == known)
                        || (["f32", "f64"].iter().any(|float| segment.ident == float)
                            && PARTIAL.contains(&name))
                }
                syn::PathArguments::AngleBracketed(args) if segment.ident == "Option" => {
                    matches!(&args.args.iter().collect::<Vec<_>>()[..], [syn::GenericArgument::Type(inner)] if name == "Default" || evidently_implements(inner, name))
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// Whether `ty` is written `Option<&T>` (`ref_option_ref` territory).
fn is_option_of_reference(ty: &Type) -> bool {
    let Type::Path(path) = ty else { return false };
    let Some(last) = path.path.segments.last() else { return false };
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else { return false };
    last.ident == "Option"
        && matches!(args.args.first(), Some(syn::GenericArgument::Type(Type::Reference(reference))) if reference.mutability.is_none())
}

/// `generics` without the outlives bounds that a struct infers from its
/// fields: `T: 'a`, `'a: 'b`, and the lifetimes in `T: Trait + 'a`.
fn without_outlives(generics: &Generics) -> Generics {
    let mut generics = generics.clone();
    for param in &mut generics.params {
        match param {
            GenericParam::Lifetime(param) => {
                param.bounds = param.bounds.iter().filter(|bound| bound.ident == "static").cloned().collect();
                if param.bounds.is_empty() {
                    param.colon_token = None;
                }
            }
            GenericParam::Type(param) => {
                param.bounds = strip_lifetimes(&param.bounds);
                if param.bounds.is_empty() {
                    param.colon_token = None;
                }
            }
            GenericParam::Const(_) => {}
        }
    }
    if let Some(clause) = &mut generics.where_clause {
        clause.predicates = clause
            .predicates
            .iter()
            .filter_map(|predicate| match predicate {
                syn::WherePredicate::Lifetime(predicate) => {
                    let mut predicate = predicate.clone();
                    predicate.bounds =
                        predicate.bounds.iter().filter(|bound| bound.ident == "static").cloned().collect();
                    (!predicate.bounds.is_empty()).then_some(syn::WherePredicate::Lifetime(predicate))
                }
                syn::WherePredicate::Type(predicate) => {
                    let mut predicate = predicate.clone();
                    predicate.bounds = strip_lifetimes(&predicate.bounds);
                    (!predicate.bounds.is_empty()).then_some(syn::WherePredicate::Type(predicate))
                }
                other => Some(other.clone()),
            })
            .collect();
        if clause.predicates.is_empty() {
            generics.where_clause = None;
        }
    }
    generics
}

/// `bounds` without lifetimes, but `'static`: rustc infers a struct's
/// `T: 'a` from its fields, never `T: 'static`.
fn strip_lifetimes(
    bounds: &syn::punctuated::Punctuated<syn::TypeParamBound, syn::Token![+]>,
) -> syn::punctuated::Punctuated<syn::TypeParamBound, syn::Token![+]> {
    bounds
        .iter()
        .filter(
            |bound| !matches!(bound, syn::TypeParamBound::Lifetime(lifetime) if lifetime.ident != "static"),
        )
        .cloned()
        .collect()
}

/// The names a pattern binds, and whether each is a by-value `mut` binding.
pub(crate) fn bindings_of(pattern: &syn::Pat) -> Vec<(Ident, bool)> {
    // `visit-mut` is the one visitor syn is built with here.
    struct Bindings(Vec<(Ident, bool)>);
    impl syn::visit_mut::VisitMut for Bindings {
        fn visit_pat_ident_mut(&mut self, pat: &mut syn::PatIdent) {
            self.0.push((pat.ident.clone(), pat.by_ref.is_none() && pat.mutability.is_some()));
            syn::visit_mut::visit_pat_ident_mut(self, pat);
        }
    }
    let mut bindings = Bindings(Vec::new());
    syn::visit_mut::VisitMut::visit_pat_mut(&mut bindings, &mut pattern.clone());
    bindings.0
}

/// `pattern` as a guard binds it against a reference to the capture: by
/// default binding mode, so without the `mut` and `ref` that a fn parameter
/// may carry (edition 2024 rejects them there).
fn by_reference(pattern: &syn::Pat) -> TokenStream {
    struct Plain;
    impl syn::visit_mut::VisitMut for Plain {
        fn visit_pat_ident_mut(&mut self, pat: &mut syn::PatIdent) {
            pat.by_ref = None;
            pat.mutability = None;
            syn::visit_mut::visit_pat_ident_mut(self, pat);
        }
    }
    let mut pattern = pattern.clone();
    syn::visit_mut::VisitMut::visit_pat_mut(&mut Plain, &mut pattern);
    pattern.to_token_stream()
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
    map_spans(tokens, &|_| span)
}

/// `tokens`, each with the span `new` makes of its own, groups included.
fn map_spans(tokens: TokenStream, new: &impl Fn(Span) -> Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut tree| {
            if let proc_macro2::TokenTree::Group(group) = &tree {
                let mut made = proc_macro2::Group::new(group.delimiter(), map_spans(group.stream(), new));
                made.set_span(new(group.span()));
                tree = made.into();
            } else {
                tree.set_span(new(tree.span()));
            }
            tree
        })
        .collect()
}

/// The storage's method for the door `name`: `door_set` for `set`. The
/// storages name their methods apart from the doors a user calls on a
/// tracker, so that a slip such as `tracker.get()` or `tracker.undo()` is
/// never answered with "the field `__storage` has a method of that name".
fn door(name: &str) -> Ident {
    format_ident!("door_{name}")
}

/// `+ use<'a, T, N>`: the closure `into_fn` returns holds the whole tracker,
/// so it captures every generic parameter, in every edition.
fn captured_generics(generics: &Generics) -> TokenStream {
    if generics.params.is_empty() {
        return TokenStream::new();
    }
    captured_generics_with(generics, TokenStream::new())
}

/// `+ use<first, 'a, T, N>`: every generic parameter, after `first` (`'_`
/// for what borrows `self`, or nothing).
fn captured_generics_with(generics: &Generics, first: TokenStream) -> TokenStream {
    let names = generics.params.iter().map(|param| match param {
        GenericParam::Lifetime(param) => param.lifetime.to_token_stream(),
        GenericParam::Type(param) => param.ident.to_token_stream(),
        GenericParam::Const(param) => param.ident.to_token_stream(),
    });
    let names = (!first.is_empty()).then_some(first).into_iter().chain(names);
    quote!(+ use<#(#names),*>)
}
