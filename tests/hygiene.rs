//! Generated code names everything by absolute path: it compiles without the
//! prelude, with the prelude's and the runtime's names shadowed.
#![no_implicit_prelude]
#![allow(dead_code, non_camel_case_types, clippy::upper_case_acronyms)]

// Every name SPEC.md section 2 lists, shadowed at the crate root...
mod core {}
mod std {}
mod private_tracker {}
struct Option;
struct Some;
struct None;
struct Box;
struct Rc;
struct Arc;
struct Result;
struct Ok;
struct Err;
struct Clone;
struct Debug;
struct Fn;
struct FnOnce;
struct FnMut;
struct Send;
struct Sync;
struct Rejected;
struct Owned;
struct String;
struct bool;

// ...and again in a module that declares trackers.
mod declarations {
    #![allow(dead_code, non_camel_case_types)]
    mod core {}
    mod std {}
    struct Option;
    struct Some;
    struct None;
    struct Result;
    struct Clone;
    struct bool;
    struct u8;
    struct Self_;
    struct R;
    // Not shadowed: lowercase unit structs or consts named like the generated
    // parameters (`value`, `f`, `captures`). A binding pattern resolves such
    // items at the call site whatever its hygiene, and naming the parameters
    // `__value` would put that name in every tracker's public docs; such
    // items already go against `non_camel_case_types`.

    #[::private_tracker::private_tracker(guard = ::private_tracker::truthy)]
    pub(crate) fn action_tracker(#[get] choice: &'static str) -> &'static str;

    #[::private_tracker::private_tracker(guard = |v: &::core::primitive::u8| *v < 10, crate = ::private_tracker)]
    pub(crate) fn digit_tracker<'a, T>(
        #[get] label: &'a T,
        _unit: &'a (),
        (_a, _b): (::core::primitive::u8, ::core::primitive::u8),
    ) -> ::core::primitive::u8
    where
        T: ?::core::marker::Sized;
}

#[test]
fn trackers_work_without_the_prelude() {
    let mut red = declarations::action_tracker("red");
    ::core::assert!(red.set_action("").is_err());
    red.set_action("click").unwrap();
    ::core::assert_eq!(red.action(), ::core::option::Option::Some("click"));
    ::core::assert_eq!(red.choice(), "red");
    let copy = ::core::clone::Clone::clone(&red);
    ::core::assert_eq!(copy.action(), ::core::option::Option::Some("click"));

    let mut digit = declarations::digit_tracker("label", &(), (1, 2));
    ::core::assert!(digit.set_digit(10).is_err());
    digit.update_digit(|d| d.copied().unwrap_or(0) + 9).unwrap();
    ::core::assert_eq!(digit.take_digit(), ::core::option::Option::Some(9));
    ::core::assert_eq!(digit.label(), "label");
    let mut as_fn = digit.into_fn();
    ::core::assert_eq!(as_fn(::core::option::Option::Some(3)), ::core::option::Option::Some(3));
}
