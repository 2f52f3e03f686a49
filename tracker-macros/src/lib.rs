//! The `#[private_tracker]` attribute of the [`private-tracker`](https://docs.rs/private-tracker)
//! crate. Depend on `private-tracker`, which re-exports it and documents it.
//!
//! The pipeline reads top to bottom in the file names: `args.rs` parses the
//! attribute's arguments, `signature.rs` parses and checks the declaration
//! and builds the tracker model, `lifetimes.rs` names elided lifetimes,
//! `expand.rs` writes the output (and cannot fail), `docs.rs` words its
//! rustdoc, `errors.rs` collects mistakes, and `fallback.rs` decides what to
//! emit when the input is wrong.
#![forbid(unsafe_code)]

mod args;
mod docs;
mod errors;
mod expand;
mod fallback;
mod lifetimes;
mod naming;
mod signature;

#[cfg(test)]
mod no_panic;
#[cfg(test)]
mod snapshots;

use proc_macro::TokenStream;

/// This attribute is defined in `private-tracker-macros`, as a proc-macro
/// must be in a crate of its own; depend on
/// [`private-tracker`](https://docs.rs/private-tracker), which re-exports it
/// as `private_tracker::private_tracker` with its
/// [full reference](https://docs.rs/private-tracker/latest/private_tracker/attr.private_tracker.html).
#[proc_macro_attribute]
pub fn private_tracker(args: TokenStream, item: TokenStream) -> TokenStream {
    expand(args.into(), item.into()).into()
}

/// The whole macro at the `proc_macro2` level, so tests can call it.
///
/// Never panics: every mistake in `args` or `item` becomes a
/// `compile_error!` at the offending tokens.
fn expand(args: proc_macro2::TokenStream, item: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    let mut errors = errors::Errors::default();
    let (args, args_error) = args::parse(args);
    errors.extend(args_error);
    let tracker = match syn::parse2::<signature::Declaration>(item.clone()) {
        Ok(declaration) => declaration.into_tracker(args, &mut errors),
        // A parameter list that does not parse was reported by rustc, which
        // parses the item first: nothing to add.
        Err(_) if signature::parameters_fail_to_parse(item.clone()) => return errors_or_nothing(errors),
        Err(error) => {
            errors.push(error);
            None
        }
    };
    let output = tracker.as_ref().map(expand::tracker);
    match (errors.into_error(), output) {
        (None, Some(output)) => output,
        (Some(error), output) => fallback::with_errors(&error, output, item),
        // Every path that builds no tracker records why; this arm only keeps
        // the macro panic-free should that ever change.
        (None, None) => quote::quote! {
            ::core::compile_error!("internal error in `#[private_tracker]`: no tracker and no error; please report it");
        },
    }
}

/// The errors of the arguments, if any, and nothing else.
fn errors_or_nothing(errors: errors::Errors) -> proc_macro2::TokenStream {
    errors.into_error().map(|error| error.to_compile_error()).unwrap_or_default()
}
