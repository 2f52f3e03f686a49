//! What to emit when the input is wrong.
//!
//! The errors, and as much of the tracker as could be built, so that a
//! mistake is reported once, at its tokens, and not again at every use of
//! the constructor (tokio's `entry.rs` explains why IDEs need this too).

use proc_macro2::{TokenStream, TokenTree};
use quote::quote;

/// `compile_error!`s for `error`, followed by `partial`: the expansion of
/// what was valid, when a tracker could be built.
///
/// When none could, the item goes back unchanged if it is an item but not a
/// fn (the attribute was put on a struct, say, which stays usable), and is
/// dropped otherwise: a fn without a body would only add an error of its own.
pub(crate) fn with_errors(
    error: &syn::Error,
    partial: Option<TokenStream>,
    item: TokenStream,
) -> TokenStream {
    let errors = error.to_compile_error();
    let rest = partial.unwrap_or_else(|| if is_item_but_not_fn(&item) { item } else { TokenStream::new() });
    quote! {
        #errors
        #rest
    }
}

/// Whether `item` is a whole item, and `fn` is not among its top-level tokens.
fn is_item_but_not_fn(item: &TokenStream) -> bool {
    let is_fn = item.clone().into_iter().any(|tree| matches!(tree, TokenTree::Ident(ident) if ident == "fn"));
    !is_fn && syn::parse2::<syn::Item>(item.clone()).is_ok()
}
