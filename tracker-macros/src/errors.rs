//! Error collection: report every independent mistake in one build, each once.

/// Independent errors, merged into one `syn::Error` that reports each
/// (serde's `Ctxt`, without the drop check: the expansion always ends by
/// calling [`Errors::into_error`]).
#[derive(Default)]
pub(crate) struct Errors(Option<syn::Error>);

impl Errors {
    pub(crate) fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(error),
            None => self.0 = Some(error),
        }
    }

    /// Keeps the value of `result`, or records its error and returns `None`.
    pub(crate) fn record<T>(&mut self, result: syn::Result<T>) -> Option<T> {
        result.map_err(|error| self.push(error)).ok()
    }

    pub(crate) fn extend(&mut self, error: Option<syn::Error>) {
        if let Some(error) = error {
            self.push(error);
        }
    }

    /// How many errors so far.
    pub(crate) fn count(&self) -> usize {
        self.0.as_ref().map_or(0, |error| error.into_iter().count())
    }

    pub(crate) fn into_error(self) -> Option<syn::Error> {
        self.0
    }
}
