//! Elided lifetimes: a fn may leave them out, a struct may not.
//!
//! The captures and the value become fields of the generated struct, so every
//! lifetime the user left out must get a name. Each elided lifetime in a
//! capture gets a fresh parameter, as fn elision gives each its own; an
//! elided lifetime in the value type takes the one lifetime of the captures,
//! as fn elision gives the output the one input lifetime, and is an error
//! that says which lifetime to name when there is not exactly one.

use std::collections::BTreeSet;

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::visit_mut::{self, VisitMut};
use syn::{Lifetime, Type};

use crate::naming;

/// Names elided lifetimes in `captures` and `value`.
///
/// `taken` holds every lifetime name already written in the signature, so a
/// fresh name never shadows one. Returns the fresh lifetimes, to add to the
/// generics, and the error for each elided lifetime of the value that has no
/// single capture lifetime to take; such a lifetime gets a fresh parameter
/// too, so the tracker can still be built and uses of it add no errors.
pub(crate) fn name_elided(
    captures: &mut [&mut Type],
    value: &mut Type,
    taken: &BTreeSet<String>,
) -> (Vec<Lifetime>, Option<syn::Error>) {
    let mut namer = Namer {
        taken,
        output_from: None,
        fresh: Vec::new(),
        seen: Vec::new(),
        bound: Vec::new(),
        error: None,
    };
    for capture in captures {
        namer.visit_type_mut(capture);
    }
    let mut inputs: Vec<Lifetime> = Vec::new();
    for lifetime in namer.seen.drain(..) {
        if !inputs.iter().any(|known| known.ident == lifetime.ident) {
            inputs.push(lifetime);
        }
    }
    namer.output_from = Some(&inputs);
    namer.visit_type_mut(value);
    (namer.fresh, namer.error)
}

/// Every lifetime name written anywhere in `tokens`.
pub(crate) fn written(tokens: TokenStream, names: &mut BTreeSet<String>) {
    let mut after_quote = false;
    for tree in tokens {
        match tree {
            TokenTree::Punct(punct) => {
                after_quote = punct.as_char() == '\'';
                continue;
            }
            TokenTree::Ident(ident) if after_quote => {
                names.insert(naming::unraw(&ident));
            }
            TokenTree::Group(group) => written(group.stream(), names),
            _ => {}
        }
        after_quote = false;
    }
}

struct Namer<'a> {
    /// Lifetime names already written in the signature.
    taken: &'a BTreeSet<String>,
    /// `None` while naming the captures; their lifetimes while naming the value.
    output_from: Option<&'a [Lifetime]>,
    /// The names given to elided capture lifetimes.
    fresh: Vec<Lifetime>,
    /// Lifetimes the captures use, named or not (fn elision counts both).
    seen: Vec<Lifetime>,
    /// Lifetimes bound by an enclosing `for<…>`, which are not the fn's.
    bound: Vec<String>,
    error: Option<syn::Error>,
}

impl Namer<'_> {
    /// The lifetime to write where one was elided at `span`. It is located
    /// there but belongs to the expansion: lints about lifetimes that could
    /// be elided then do not point at what the user did elide.
    fn name(&mut self, elided: Span) -> Lifetime {
        let span = Span::call_site().located_at(elided);
        match self.output_from {
            None => {
                let name = fresh_name(self.taken, &self.fresh);
                let lifetime = Lifetime::new(&format!("'{name}"), span);
                self.fresh.push(lifetime.clone());
                self.seen.push(lifetime.clone());
                lifetime
            }
            Some([only]) => Lifetime::new(&only.to_string(), span),
            Some(inputs) => {
                let new = syn::Error::new(elided, ambiguity(inputs, !self.fresh.is_empty()));
                match &mut self.error {
                    Some(all) => all.combine(new),
                    None => self.error = Some(new),
                }
                // A lifetime of its own, which each use of the tracker
                // infers: `'static` would add an error at every use that
                // borrows less.
                let name = fresh_name(self.taken, &self.fresh);
                let lifetime = Lifetime::new(&format!("'{name}"), span);
                self.fresh.push(lifetime.clone());
                lifetime
            }
        }
    }
}

fn fresh_name(taken: &BTreeSet<String>, fresh: &[Lifetime]) -> String {
    let used = |name: &str| taken.contains(name) || fresh.iter().any(|l| l.ident == name);
    (b'a'..=b'z')
        .map(|letter| char::from(letter).to_string())
        .find(|name| !used(name))
        .unwrap_or_else(|| naming::fresh("a", used))
}

fn ambiguity(inputs: &[Lifetime], some_elided: bool) -> String {
    if inputs.is_empty() {
        return "the value type borrows with an elided lifetime, but no capture has a lifetime it could come from; \
                write `'static` here, or declare a lifetime such as `<'a>` and use it in a capture and here"
            .to_owned();
    }
    let mut message = format!(
        "the value type's elided lifetime is ambiguous: the captures have {} lifetimes; name the one the value borrows from",
        inputs.len()
    );
    if some_elided {
        message.push_str(", as in `fn name<'a>(first: &'a str, second: &str) -> &'a str`");
    } else {
        let names: Vec<String> = inputs.iter().map(|l| format!("`{l}`")).collect();
        message.push_str(", for example ");
        message.push_str(&names.join(" or "));
    }
    message
}

impl VisitMut for Namer<'_> {
    fn visit_type_reference_mut(&mut self, reference: &mut syn::TypeReference) {
        if reference.lifetime.is_none() {
            reference.lifetime = Some(self.name(reference.and_token.span));
        }
        visit_mut::visit_type_reference_mut(self, reference);
    }

    fn visit_lifetime_mut(&mut self, lifetime: &mut Lifetime) {
        if lifetime.ident == "_" {
            *lifetime = self.name(lifetime.span());
        } else if !self.bound.iter().any(|name| lifetime.ident == name) {
            self.seen.push(lifetime.clone());
        }
    }

    fn visit_trait_bound_mut(&mut self, bound: &mut syn::TraitBound) {
        let before = self.bound.len();
        if let Some(lifetimes) = &bound.lifetimes {
            for param in &lifetimes.lifetimes {
                if let syn::GenericParam::Lifetime(param) = param {
                    self.bound.push(param.lifetime.ident.to_string());
                }
            }
        }
        visit_mut::visit_trait_bound_mut(self, bound);
        self.bound.truncate(before);
    }

    // Elision inside `fn(&str) -> &str` and `Fn(&str) -> &str` is the
    // pointer's own (late-bound); it must stay as written.
    fn visit_type_fn_ptr_mut(&mut self, _: &mut syn::TypeFnPtr) {}

    fn visit_parenthesized_generic_arguments_mut(&mut self, _: &mut syn::ParenthesizedGenericArguments) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens as _;

    fn run(captures: &[&str], value: &str) -> syn::Result<(Vec<String>, String, Vec<String>)> {
        let mut captures: Vec<Type> = captures.iter().map(|c| syn::parse_str(c).unwrap()).collect();
        let mut value: Type = syn::parse_str(value).unwrap();
        let mut taken = BTreeSet::new();
        for ty in &captures {
            written(ty.to_token_stream(), &mut taken);
        }
        written(value.to_token_stream(), &mut taken);
        let mut refs: Vec<&mut Type> = captures.iter_mut().collect();
        let (fresh, error) = name_elided(&mut refs, &mut value, &taken);
        if let Some(error) = error {
            return Err(error);
        }
        let show = |t: &dyn quote::ToTokens| t.to_token_stream().to_string();
        Ok((
            captures.iter().map(|c| show(c)).collect(),
            show(&value),
            fresh.iter().map(|l| show(l)).collect(),
        ))
    }

    #[test]
    fn one_input_lifetime_flows_to_the_output() {
        let (captures, value, fresh) = run(&["&str"], "&str").unwrap();
        assert_eq!(captures, ["& 'a str"]);
        assert_eq!(value, "& 'a str");
        assert_eq!(fresh, ["'a"]);
    }

    #[test]
    fn each_elided_input_gets_its_own_name_skipping_taken_ones() {
        let (captures, value, fresh) = run(&["&'a str", "Cow<'_, str>", "&&u8"], "u32").unwrap();
        assert_eq!(captures, ["& 'a str", "Cow < 'b , str >", "& 'c & 'd u8"]);
        assert_eq!(value, "u32");
        assert_eq!(fresh, ["'b", "'c", "'d"]);
    }

    #[test]
    fn a_named_input_lifetime_also_counts() {
        let (_, value, fresh) = run(&["&'x str"], "Option<&str>").unwrap();
        assert_eq!(value, "Option < & 'x str >");
        assert!(fresh.is_empty());
    }

    #[test]
    fn function_pointers_and_higher_ranked_bounds_keep_their_own_lifetimes() {
        let (captures, value, fresh) =
            run(&["fn(&str) -> &str", "Box<dyn for<'r> Fn(&'r u8) -> &'r u8>"], "Box<dyn Fn(&str) -> &str>")
                .unwrap();
        assert_eq!(captures[0], "fn (& str) -> & str");
        assert_eq!(value, "Box < dyn Fn (& str) -> & str >");
        assert!(fresh.is_empty());
    }

    #[test]
    fn no_or_several_input_lifetimes_make_the_output_ambiguous() {
        let none = run(&["u8"], "&str").unwrap_err().to_string();
        assert!(none.contains("no capture has a lifetime"), "{none}");
        let several = run(&["&str", "&str"], "&str").unwrap_err().to_string();
        assert!(several.contains("ambiguous"), "{several}");
        assert!(several.contains("fn name<'a>"), "{several}");
        let named = run(&["&'x str", "&'y str"], "&str").unwrap_err().to_string();
        assert!(named.contains("for example `'x` or `'y`"), "{named}");
    }

    #[test]
    fn static_counts_as_the_one_input_lifetime() {
        let (_, value, _) = run(&["&'static str"], "&str").unwrap();
        assert_eq!(value, "& 'static str");
    }
}
