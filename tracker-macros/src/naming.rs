//! Names: the default type and field names, keywords, and "did you mean".

use syn::Ident;

/// The identifier's text without a leading `r#`.
pub(crate) fn unraw(ident: &Ident) -> String {
    let text = ident.to_string();
    match text.strip_prefix("r#") {
        Some(rest) => rest.to_owned(),
        None => text,
    }
}

/// Strict and reserved keywords of every edition, which cannot name a method
/// or a type without `r#` (and some not even with it).
pub(crate) fn is_keyword(text: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
        "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in",
        "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
        "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof", "unsafe", "unsized",
        "use", "virtual", "where", "while", "yield", "_",
    ];
    KEYWORDS.contains(&text)
}

/// The type name derived from a constructor's name: `action_tracker` →
/// `ActionTracker`, `_action_tracker` → `ActionTracker` (a leading `_` only
/// silences "unused"), or why there is none.
pub(crate) fn type_name(constructor: &str) -> Result<String, String> {
    let trimmed = constructor.trim_start_matches('_');
    let name = upper_camel(trimmed);
    if is_keyword(&name) {
        return Err(format!("`{constructor}` would name the type `{name}`, which is a keyword"));
    }
    if name.is_empty() {
        return Err(format!("`{constructor}` has no letters to name the type after"));
    }
    if syn::parse_str::<Ident>(&name).is_err() {
        let why = if name.starts_with(|c: char| c.is_ascii_digit()) {
            "starts with a digit"
        } else {
            "is not an identifier"
        };
        return Err(format!("`{constructor}` would name the type `{name}`, which {why}"));
    }
    if trimmed.contains("__") || trimmed.ends_with('_') {
        let plain: Vec<&str> = trimmed.split('_').filter(|word| !word.is_empty()).collect();
        return Err(format!(
            "`{constructor}` would name the type `{name}`, as `{}` does: the doubled underscores are lost",
            plain.join("_")
        ));
    }
    Ok(name)
}

/// `action_tracker` → `ActionTracker`.
pub(crate) fn upper_camel(snake: &str) -> String {
    snake
        .split('_')
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
        })
        .collect()
}

/// The field stem: the constructor's name without a trailing `_tracker`, or
/// `value` when nothing remains (`fn tracker(…)`).
pub(crate) fn default_field(constructor: &str) -> String {
    let stem = constructor.strip_suffix("_tracker").unwrap_or(constructor);
    // A leading `_` only silences "unused"; it stays where a digit would
    // otherwise start the name (`_2d_tracker` → `_2d`).
    let trimmed = stem.trim_start_matches('_');
    match trimmed {
        "" | "tracker" => "value".to_owned(),
        _ if trimmed.starts_with(|c: char| c.is_ascii_digit()) => format!("_{trimmed}"),
        _ => trimmed.to_owned(),
    }
}

/// Every identifier written anywhere in `tokens`, without `r#`.
pub(crate) fn written(tokens: proc_macro2::TokenStream, names: &mut std::collections::BTreeSet<String>) {
    for tree in tokens {
        match tree {
            proc_macro2::TokenTree::Ident(ident) => {
                names.insert(unraw(&ident));
            }
            proc_macro2::TokenTree::Group(group) => written(group.stream(), names),
            _ => {}
        }
    }
}

/// The identifiers in `tokens` that can name a generic parameter or an item
/// of the declaring module: those that start a path (`T`, `T::Item`), not
/// `other::T`, `x.T` or `'a`.
pub(crate) fn path_starts(tokens: proc_macro2::TokenStream, names: &mut std::collections::BTreeSet<String>) {
    let mut after_separator = false;
    for tree in tokens {
        match tree {
            proc_macro2::TokenTree::Ident(ident) => {
                if !after_separator {
                    names.insert(unraw(&ident));
                }
                after_separator = false;
            }
            proc_macro2::TokenTree::Punct(punct) => {
                after_separator = matches!(punct.as_char(), ':' | '.' | '\'');
            }
            proc_macro2::TokenTree::Group(group) => {
                path_starts(group.stream(), names);
                after_separator = false;
            }
            proc_macro2::TokenTree::Literal(_) => after_separator = false,
        }
    }
}

/// `base`, or else `base0`, `base1`, …: the first name `taken` does not hold.
pub(crate) fn fresh(base: &str, taken: impl Fn(&str) -> bool) -> String {
    std::iter::once(base.to_owned())
        .chain((0..=u16::MAX).map(|n| format!("{base}{n}")))
        .find(|name| !taken(name))
        .unwrap_or_else(|| format!("{base}_{}", u32::from(u16::MAX) + 1))
}

/// The known word closest to `word`, if it is close enough to be a typo.
pub(crate) fn closest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|candidate| (edit_distance(word, candidate), *candidate))
        .filter(|(distance, candidate)| *distance <= candidate.len().max(word.len()) / 3 + 1)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proc_macro2::Span;

    #[test]
    fn type_names_are_upper_camel_case() {
        assert_eq!(upper_camel("action_tracker"), "ActionTracker");
        assert_eq!(upper_camel("_private__double"), "PrivateDouble");
        assert_eq!(upper_camel("tracker"), "Tracker");
        assert_eq!(upper_camel("éclair_count"), "ÉclairCount");
    }

    #[test]
    fn type_names_are_identifiers_that_keep_what_the_constructor_says() {
        assert_eq!(type_name("action_tracker").as_deref(), Ok("ActionTracker"));
        assert_eq!(type_name("_action_tracker").as_deref(), Ok("ActionTracker"));
        assert_eq!(type_name("vec_2d_tracker").as_deref(), Ok("Vec2dTracker"));
        assert_eq!(type_name("type").as_deref(), Ok("Type"));
        for (constructor, why) in [
            ("__", "no letters"),
            ("_1", "starts with a digit"),
            ("_0_tracker", "starts with a digit"),
            ("self_", "keyword"),
            ("x_tracker_", "doubled underscores are lost"),
            ("self", "keyword"),
            ("x__y_tracker", "as `x_y_tracker` does"),
        ] {
            let error = type_name(constructor).unwrap_err();
            assert!(error.contains(why), "{constructor}: {error}");
        }
    }

    #[test]
    fn field_drops_the_tracker_suffix() {
        assert_eq!(default_field("action_tracker"), "action");
        assert_eq!(default_field("tracker"), "value");
        assert_eq!(default_field("click_count"), "click_count");
        assert_eq!(default_field("mouse_position_tracker"), "mouse_position");
        assert_eq!(default_field("mytracker"), "mytracker");
        assert_eq!(default_field("_tracker"), "value");
        assert_eq!(default_field("_unused_tracker"), "unused");
        assert_eq!(default_field("__"), "value");
        assert_eq!(default_field("_1"), "_1");
        assert_eq!(default_field("__2d_tracker"), "_2d");
    }

    #[test]
    fn typos_get_a_suggestion_and_strangers_do_not() {
        let known = ["shared", "sync", "name", "field", "guard", "crate"];
        assert_eq!(closest("shard", &known), Some("shared"));
        assert_eq!(closest("guards", &known), Some("guard"));
        assert_eq!(closest("feild", &known), Some("field"));
        assert_eq!(closest("krate", &known), Some("crate"));
        assert_eq!(closest("frobnicate", &known), None);
    }

    #[test]
    fn raw_identifiers_are_unrawed() {
        assert_eq!(unraw(&Ident::new_raw("type", Span::call_site())), "type");
        assert!(is_keyword("type") && !is_keyword("action"));
    }
}
