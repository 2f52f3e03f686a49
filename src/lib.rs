#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
// docs.rs builds with `--cfg docsrs`: items behind a cargo feature say so.
#![cfg_attr(docsrs, feature(doc_cfg), doc(auto_cfg(hide(loom))))]

#[cfg(feature = "alloc")]
#[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
pub use private_tracker_core::LocalSubscription;
#[cfg(feature = "std")]
#[cfg_attr(docsrs, doc(cfg(feature = "std")))]
pub use private_tracker_core::Subscription;
/// # Examples
///
/// A watcher's loop ends when the writers are gone, after their last
/// write:
///
/// ```
/// use private_tracker::private_tracker;
///
/// #[private_tracker(sync, observe)]
/// fn progress_tracker() -> u32;
///
/// let progress = progress_tracker();
/// let mut watcher = progress.watch_progress();
/// let worker = std::thread::spawn(move || {
///     for done in 1..=100 {
///         progress.set_progress(done);
///     }
///     // `progress`, the last handle, is dropped here: the tracker closes.
/// });
/// let mut last = None;
/// while watcher.wait_changed().is_ok() {
///     last = watcher.get();
/// }
/// // Writes coalesce, but the last one is always seen before the close.
/// assert_eq!(last, Some(100));
/// assert!(watcher.is_closed());
/// worker.join().unwrap();
/// ```
///
/// The same loop on an executor (any: here, futures' `block_on`) is
/// `while watcher.changed().await.is_ok() { … }`. And [`wait_for`] checks
/// the current value before it waits:
///
/// ```
/// # use private_tracker::private_tracker;
/// # #[private_tracker(sync, observe)]
/// # fn progress_tracker() -> u32;
/// let progress = progress_tracker();
/// let mut watcher = progress.watch_progress();
/// let worker = std::thread::spawn(move || {
///     for done in 1..=100 {
///         progress.set_progress(done);
///     }
/// });
/// futures_executor::block_on(async {
///     // `Err(Closed)` only if the tracker closed before 50.
///     let half = watcher.wait_for(|progress| progress >= Some(&50)).await.unwrap();
///     assert!(half >= Some(50));
///     // Coalesced: the waits see the last write, and then the close.
///     while watcher.changed().await.is_ok() {}
///     assert_eq!(watcher.get(), Some(100));
/// });
/// worker.join().unwrap();
/// ```
///
/// With the `stream` feature a watcher is a [`Stream`] of the values after
/// each change it sees, ending when the tracker is closed:
///
/// ```
/// # #[cfg(feature = "stream")] {
/// # use private_tracker::private_tracker;
/// # #[private_tracker(sync, observe)]
/// # fn progress_tracker() -> u32;
/// use futures_util::StreamExt as _;
///
/// let progress = progress_tracker();
/// let watcher = progress.watch_progress();
/// progress.set_progress(1);
/// drop(progress);
/// let seen: Vec<Option<u32>> = futures_executor::block_on(watcher.collect());
/// assert_eq!(seen, [Some(1)]);
/// # }
/// ```
///
/// [`wait_for`]: Watcher::wait_for
/// [`Stream`]: https://docs.rs/futures-core/0.3/futures_core/stream/trait.Stream.html
#[cfg(feature = "watch")]
#[cfg_attr(docsrs, doc(cfg(feature = "watch")))]
pub use private_tracker_core::Watcher;
pub use private_tracker_core::{Change, ChangeKind, Entry, Rejected, SubscriberKey, Truthy, truthy};
#[cfg(feature = "watch")]
#[cfg_attr(docsrs, doc(cfg(feature = "watch")))]
pub use private_tracker_core::{Closed, WaitTimeoutError};
/// `&'a T`, under a name that generated signatures use for a value of type
/// `Option<&T>`: `with_…` of such a tracker lends
/// `Option<BorrowedValue<'_, Option<&T>>>`, which is
/// `Option<&Option<&T>>`, so that clippy's `ref_option_ref` lint, which
/// asks for `Option<&T>` instead, does not fire on a signature the door
/// cannot change.
pub type BorrowedValue<'a, T> = &'a T;

/// Turns one bare `fn` signature into a tracker: a constructor, and a type whose
/// tracked value and captured arguments only its generated methods, its
/// *doors*, can reach.
///
/// ```
/// use private_tracker::private_tracker;
///
/// /// The last action on one button.
/// #[private_tracker(guard = private_tracker::truthy, history = 4, trace)]
/// pub fn action_tracker(#[get] choice: &'static str) -> &'static str;
///
/// let mut red = action_tracker("red");
/// red.set_action("click").unwrap();
/// assert_eq!(red.replace_action("touch"), Ok(Some("click")));
/// assert_eq!(red.set_action("").unwrap_err().into_inner(), ""); // refused
/// assert!(red.undo_action());                                   // back to "click"
/// assert_eq!(red.action(), Some("click"));
/// assert_eq!(red.choice(), "red");
/// assert!(red.last_refused_at().is_some());
/// ```
///
/// Each generated item carries rustdoc of its own, visible on your crate's
/// documentation page. The sections below are the reference:
/// [declaration](#declaration), [arguments](#arguments), [modes](#modes),
/// [doors](#doors), [guards](#guards), [`init`](#init), [derives](#derives),
/// [`observe`](#observe), [`history` and `trace`](#history-and-trace),
/// [errors](#errors) and [limits](#limits).
///
/// # Declaration
///
/// ```text
/// #[private_tracker(ARGUMENTS)]
/// ATTRIBUTES VIS fn NAME<GENERICS>(CAPTURES) -> V WHERE;
/// ```
///
/// - `NAME` becomes the constructor. It keeps `VIS`, the generics, the where
///   clause, your doc comments and your other attributes; a `#[cfg]` applies
///   to everything generated. It returns the tracker, empty at first (or
///   holding [`init`](#init)).
/// - The type is declared where the constructor is, named `NAME` in
///   upper camel case (`action_tracker` → `ActionTracker`), with your docs, then
///   what it is. Every door has the constructor's visibility.
/// - `CAPTURES` are moved into the tracker, as a closure captures its
///   environment. Any pattern works (`mut x`, `(a, b)`, `_`: the whole argument
///   is captured). `#[get]` on a capture with a plain name makes a read-only
///   getter of that name, returning `&T` (or `T` when `T` is
///   [plainly `Copy`](#plainly-copy-values-are-read-by-copy)); a capture
///   without it is *sealed*: only the guard and `init` ever see it.
/// - `V` is the tracked value.
/// - Generics, lifetimes, const generics and where clauses work as on any fn,
///   and elided lifetimes follow the fn rules:
///
/// ```
/// use private_tracker::private_tracker;
///
/// #[private_tracker]
/// fn word_tracker(#[get] text: &str) -> &str;   // the value borrows from `text`
///
/// let text = String::from("hello world");
/// let mut words = word_tracker(&text);
/// words.set_word(&text[..5]);
/// assert_eq!(words.word(), Some("hello"));
/// ```
///
/// A tracker can be declared wherever a fn can, in a module or in a fn body,
/// over types declared there too. `#[derive(…)]` goes *below* the attribute:
/// above it, rustc applies the derive to the fn first and stops.
///
/// ```compile_fail,E0774
/// use private_tracker::private_tracker;
///
/// #[derive(PartialEq)]          // error[E0774]: put it below `#[private_tracker]`
/// #[private_tracker]
/// fn count_tracker() -> u8;
/// ```
///
/// Nothing else can reach the stored value or the captures, from any module.
/// The struct's one field is private, and even the declaring module, which can
/// name it, finds there a storage whose only methods are the same doors: the
/// guard is part of its type, so no write skips it, and a sealed capture has
/// nothing to read it by.
///
/// # Arguments
///
/// All optional, each at most once, comma-separated.
///
/// | argument | meaning | default |
/// |---|---|---|
/// | `shared` | [mode](#modes) shared: handles to one storage in one thread (feature `alloc`) | mode owned |
/// | `sync` | [mode](#modes) sync: handles to one storage across threads (feature `std`) | mode owned |
/// | `name = Ident` | the generated type's name | the constructor's name in upper camel case, without its leading `_`s (`action_tracker` and `_action_tracker` → `ActionTracker`) |
/// | `field = ident` | the stem of the door names (`set_<field>`) | the constructor's name without its leading `_`s and a trailing `_tracker`; `value` if nothing remains |
/// | `guard = EXPR` | a path or a closure callable as `Fn(&V) -> bool`, asked before every write; it sees the captures by reference, under their own names ([guards](#guards)) | none |
/// | `init = EXPR` | the initial value, evaluated by each constructor call and each `reset_…`, with the captures in scope by reference; the tracker is never empty ([`init`](#init)) | starts empty |
/// | `observe` | a version, and subscribers called after each accepted write; in mode sync with feature `watch`, watchers too ([`observe`](#observe)); `observe(distinct)`: a write of an equal value is no change | off |
/// | `history = N` | the last `N` (1 to 1024) replaced values, inline, for `undo_…` and `redo_…` ([`history`](#history-and-trace)) | off |
/// | `trace` | where each write came from: `last_write_at()`, `last_refused_at()` ([`trace`](#history-and-trace)) | off |
/// | `crate = path` | the path of this crate, if you renamed or re-export it: `::…`, `crate::…`, or `$crate::…` in your own `macro_rules!` | `::private_tracker` |
///
/// ```
/// use private_tracker::private_tracker;
///
/// #[private_tracker(
///     name = Thermostat,
///     field = celsius,
///     guard = |t: &f64| (-50.0..=60.0).contains(t),
/// )]
/// fn thermostat(#[get] room: String) -> f64;
///
/// let mut kitchen: Thermostat = thermostat("kitchen".to_owned());
/// assert_eq!(kitchen.set_celsius(99.0).unwrap_err().into_inner(), 99.0);
/// kitchen.set_celsius(21.5).unwrap();
/// kitchen.update_celsius(|c| c.copied().unwrap_or_default() + 0.5).unwrap();
/// assert_eq!(kitchen.celsius(), Some(22.0));
/// assert_eq!(kitchen.room(), "kitchen");
/// ```
///
/// # Modes
///
/// | mode | what a clone is | reads | writes | `Send`, `Sync` |
/// |---|---|---|---|---|
/// | owned (default) | an independent copy, when the captures and `V` are `Clone`, as a cloned closure is | borrow: `Option<&V>` | `&mut self` | as the captures and `V`; neither with `observe`, whose subscribers are boxed closures that need not be `Send` |
/// | `shared` | a new handle to the same storage (`Rc`), always, as a JavaScript object is shared | clone: `Option<V>` (`V: Clone`) | `&self` | neither |
/// | `sync` | a new handle to the same storage (`Arc`), from any thread | clone: `Option<V>` (`V: Clone`) | `&self`; `update_…` and `modify_…` are atomic | `Send + Sync` when the captures are `Send + Sync` and `V` is `Send` |
///
/// Choose owned when one owner holds the tracker: it costs what a struct with
/// an `Option<V>` field costs. Choose `shared` when several parts of one thread
/// must see the same value, `sync` when they run on different threads. With
/// the mode's feature off, declaring such a tracker is one compile error that
/// names the feature.
///
/// An owned tracker is `Send` and `Sync` as its captures and its value are,
/// unless it is declared with `observe`:
///
/// ```
/// use private_tracker::private_tracker;
///
/// #[private_tracker]
/// fn plain_tracker() -> u8;
///
/// #[private_tracker(observe)]
/// fn observed_tracker() -> u8;
///
/// fn send_sync<T: Send + Sync>() {}
/// send_sync::<PlainTracker>();
/// ```
///
/// ```compile_fail,E0277
/// # use private_tracker::private_tracker;
/// # #[private_tracker(observe)]
/// # fn observed_tracker() -> u8;
/// # fn send_sync<T: Send + Sync>() {}
/// send_sync::<ObservedTracker>();   // its subscribers need not be `Send`
/// ```
///
/// ## Calls from inside a tracker's own closure
///
/// In mode owned the borrow checker forbids them. In mode `shared`, reads of
/// the same tracker inside a `with_…` or `update_…` closure are fine and a
/// write panics with a message naming the tracker; inside `modify_…`, which
/// holds the value mutably, any call panics. In mode `sync` the closure runs
/// under a lock that is not reentrant: any call on the same tracker from inside
/// it (or from inside the guard, or from the value's `Clone` while the getter
/// clones it) panics with a message naming the tracker and pointing at your
/// call, rather than deadlocking. No value that the tracker replaces, takes or
/// refuses is dropped while the lock is held, so a value whose `Drop` uses the
/// tracker is safe too; what a `modify_…` closure drops itself (the old value
/// it overwrites in place, or the copy a guarded one edits), it drops under
/// the lock, where such a `Drop` panics instead.
///
/// # Doors
///
/// For `VIS fn action_tracker(CAPTURES) -> V;` (field `action`):
///
/// | door | owned (default) | `shared` | `sync` |
/// |---|---|---|---|
/// | `action(&self)` | `-> Option<&V>`, or `-> Option<V>` when `V` is plainly `Copy` | `-> Option<V>` (`V: Clone`) | `-> Option<V>` (`V: Clone`) |
/// | `with_action(&self, f: FnOnce(Option<&V>) -> R) -> R` | reads in place | reads in place | reads in place, under the lock |
/// | `set_action(value)` | `&mut self` | `&self` | `&self` |
/// | `replace_action(value) -> Option<V>` | `&mut self` | `&self` | `&self` |
/// | `take_action() -> Option<V>` (`reset_action() -> V` with `init`) | `&mut self` | `&self` | `&self` |
/// | `update_action(f: FnOnce(Option<&V>) -> V)` | `&mut self` | `&self` | `&self`, atomic: no update is lost |
/// | `modify_action(f: FnOnce(&mut Option<V>) -> R) -> R` | in place, `&mut self` | in place, `&self` | `&self`, under the lock: an atomic read-modify-write that hands back `R` |
/// | `into_fn(self) -> impl FnMut(Option<V>) -> Option<V>` | `V: Clone`; `None` reads, `Some(v)` writes then reads; a refused write is ignored | same, sharing the storage | same, sharing the storage |
/// | `ActionTracker::ptr_eq(&a, &b) -> bool` | — | same storage? (JavaScript `===`) | same storage? |
/// | `name(&self)`, for `#[get] name: T` | `-> &T`, or `-> T` when `T` is plainly `Copy` | same | same |
/// | `Clone` | an independent copy, when the captures and `V` are `Clone` | a new handle, always | a new handle, always |
/// | `Debug` | `ActionTracker { .. }`: never the private data | same | same |
///
/// With a `guard`, `set_…` and `update_…` return `Result<(), Rejected<V>>`,
/// `replace_…` returns `Result<Option<V>, Rejected<V>>` and `modify_…`
/// `Result<R, Rejected<V>>`; without one they return `()`, `Option<V>` and
/// `R`. Nothing is dropped silently: a refused value comes back in the
/// [`Rejected`]. With `init` the `Option`s around the stored value go: reads
/// return `&V` or `V`, the closures see `&V` and `&mut V`, `replace_…` and
/// `into_fn`'s function return `V` (which still takes an `Option<V>`: `None`
/// reads), and `reset_…` takes the place of `take_…`. A panic inside a guard
/// or an `update_…` closure leaves the stored value as it was, and the tracker
/// usable from every handle and thread: no poisoned lock.
///
/// The doors of [`observe`](#observe), [`history` and `trace`](#history-and-trace)
/// are listed in their sections.
///
/// ## Plainly `Copy` values are read by copy
///
/// When the value's type, as written, is a shared reference, a primitive
/// scalar (`bool`, `char`, the integers and floats) or a tuple, array or
/// `Option` of those, the getter of mode owned returns `Option<V>` rather than
/// `Option<&V>`, and a `#[get]` getter returns `T` rather than `&T`:
/// `assert_eq!(red.action(), Some("click"))` compiles, with no `.copied()`.
/// Other types are lent, at no cost. The macro reads tokens, so a type alias or
/// a `Copy` struct of yours is lent.
///
/// ## `modify_…`
///
/// `modify_…` edits in place, so appending to a tracked `Vec` clones nothing,
/// and in mode `sync` it is the door for an atomic read-modify-write that
/// returns something (a fetch-and-add hands back the count it saw). With a
/// `guard`, nothing bypasses the guard: `modify_…` edits a copy (it needs
/// `V: Clone` and costs one `clone` per call), stores it only if the guard
/// accepts it, and returns `Result<R, Rejected<V>>`; a refused edit leaves the
/// old value and hands the edited one back, and a panic half way changes
/// nothing.
///
/// ```
/// use private_tracker::private_tracker;
///
/// #[private_tracker(sync)]
/// fn hits_tracker() -> u64;
///
/// let hits = hits_tracker();
/// let before = hits.modify_hits(|n| {
///     let before = n.unwrap_or(0);
///     *n = Some(before + 1);
///     before
/// });
/// assert_eq!((before, hits.hits()), (0, Some(1)));
/// ```
///
/// # Guards
///
/// A guard is a path or a closure callable as `Fn(&V) -> bool`, asked before
/// every write. Like a JavaScript closure, it sees the captures by reference,
/// under their own names, sealed or not:
///
/// ```
/// use private_tracker::private_tracker;
///
/// #[private_tracker(guard = |n: &u32| *n <= *limit)]
/// fn score_tracker(limit: u32) -> u32;
///
/// let mut strict = score_tracker(10);
/// let mut lenient = score_tracker(100);
/// assert!(strict.set_score(50).is_err());
/// lenient.set_score(50).unwrap();
/// ```
///
/// The guard expression is evaluated anew at each write, so a guard keeps no
/// state of its own between writes; keep state in a capture, behind a `Cell`
/// or an atomic, if a guard needs it. Only the guard (and `init`) reads sealed
/// captures.
///
/// [`truthy`] is JavaScript's `if (value)`, for the types where it has a
/// meaning ([`Truthy`]); a type without one (`Vec`, your structs) is a compile
/// error that says so: write the check you mean as a closure.
///
/// A refused value comes back in a [`Rejected<V>`](Rejected) (`into_inner`
/// returns it), which is `#[must_use]`, `Debug`, `Display` and
/// `core::error::Error`, and says who refused: `Display` reads `the guard of
/// ActionTracker rejected the value`, and `Debug` shows `Rejected { tracker:
/// ActionTracker, value: "" }`, the value as `..` when its type is not `Debug`.
///
/// # `init`
///
/// `init = EXPR` makes the tracker start holding `EXPR`, which each
/// constructor call evaluates with the captures in scope by reference (as the
/// guard sees them), and it is never empty. `reset_…` evaluates `EXPR` again
/// and returns the value it replaces. A never-empty owned tracker costs what a
/// struct with a plain `V` field costs.
///
/// ```
/// use private_tracker::private_tracker;
///
/// #[private_tracker(init = 0)]
/// fn click_tracker() -> u32;
///
/// let mut clicks = click_tracker();
/// clicks.update_click(|n| n + 1);
/// assert_eq!(clicks.click(), 1);                 // no `.copied().unwrap_or(0)`
/// assert_eq!(clicks.reset_click(), 1);           // back to `0`, returns the old value
/// ```
///
/// With a guard, the initial value must pass it too. A constructor has no way
/// to hand back a refused value, so a refused initial value **panics**, at the
/// caller's line, with the tracker's name and the value; a constructor whose
/// docs you wrote gets a `# Panics` section that says so. `reset_…` of a
/// guarded tracker returns `Result<V, Rejected<V>>`, because `EXPR` may give a
/// different value each time; a derived `Default` calls the constructor, so it
/// can panic the same way. `EXPR` is the body of a closure returning `V`: a `?`
/// in it is a compile error rather than an early end of the constructor,
/// `return x` gives the initial value `x`, and `break` or `.await` are errors.
///
/// # Derives
///
/// `#[derive(PartialEq, Eq, Hash, PartialOrd, Ord, Default)]`, written below
/// `#[private_tracker]`, applies to the tracker. Trackers compare and hash
/// their captures, then their stored values, by value in every mode: two
/// handles of one storage are equal, and so are two storages holding equal
/// things (`ptr_eq` stays the identity test). Only captures with `#[get]` take
/// part: a sealed capture compares equal to every other and hashes to nothing,
/// since a hasher that records its input, or a binary search by ordering,
/// would otherwise read it. In mode `sync` a comparison locks both storages in
/// address order, so `a == b` and `b == a` on two threads cannot deadlock; a
/// thread that already holds one tracker's lock (inside its `with_…` closure)
/// and takes another's can, as with any two mutexes. `Default` is the
/// constructor called with default captures. A handle is a poor key for a
/// `HashSet`: its hash changes with every write, as any key with interior
/// mutability. `Debug` and `Clone` are implemented already; deriving them, or
/// `Copy`, is an error that says so.
///
/// ```
/// use private_tracker::private_tracker;
///
/// #[private_tracker(shared)]
/// #[derive(PartialEq, Default)]
/// fn tag_tracker(kind: u8) -> String;
///
/// let (a, b) = (tag_tracker(1), tag_tracker(1));
/// a.set_tag("x".to_owned());
/// b.set_tag("x".to_owned());
/// assert!(a == b && !TagTracker::ptr_eq(&a, &b));
/// assert!(TagTracker::default() != a);
/// ```
///
/// With feature `serde`, `#[derive(Serialize, Deserialize)]` works the same
/// way (your crate needs `serde` for the traits' names, not its derive macro).
/// A tracker is the struct `ScoreTracker { player, limit, score }`: the
/// captures by name, then the value under the field's name (`null` while
/// empty). It is read back from a map or a sequence into a new tracker,
/// through the guard: a value the guard refuses is a deserialization error,
/// never a tracker holding it. `init` does not run; the value is read. The
/// guard judges the value by the captures read from the same input, so input
/// that supplies both can pick a limit and a value that passes it: read only
/// input you trust for the captures. `Serialize` needs `#[get]` on every
/// capture, since a capture written out is no longer sealed; `Deserialize`
/// takes sealed captures. In mode `sync` the value is written under the lock,
/// as serde writes a `Mutex`. Only the captures and the value cross:
/// neither the history, nor the version, nor the trace, nor subscribers. A
/// deserialized tracker starts at version 0 with an empty history, as a new
/// one does, and compares equal to the one it was read from (comparisons
/// read the captures and the value only). `#[derive(serde::Serialize)]` written as a path
/// needs serde's `derive` feature: rustc resolves a derive's path before the
/// attribute above it runs.
///
/// ```ignore
/// // features = ["serde"]; tests/feature-user runs this in every mode.
/// use serde::{Deserialize, Serialize};
///
/// #[private_tracker(guard = |n: &u32| *n <= *limit)]
/// #[derive(Serialize, Deserialize)]
/// fn score_tracker(#[get] player: String, #[get] limit: u32) -> u32;
///
/// let mut score = score_tracker("ana".to_owned(), 10);
/// score.set_score(7).unwrap();
/// let json = serde_json::to_string(&score)?;  // {"player":"ana","limit":10,"score":7}
/// let back: ScoreTracker = serde_json::from_str(&json)?;
/// let over = r#"{"player":"ana","limit":10,"score":11}"#;
/// assert!(serde_json::from_str::<ScoreTracker>(over).is_err()); // the guard refuses 11
/// ```
///
/// # `observe`
///
/// `#[private_tracker(observe)]` makes a tracker tell of its writes, in every
/// mode (mode owned needs feature `alloc` for it), with these doors:
///
/// | door | what it does |
/// |---|---|
/// | `version() -> u64` | counts accepted writes: 0 at first, one more per accepted write, `take_…` included; a refused write changes nothing, nor, with `observe(distinct)`, a write of an equal value. It needs no borrow or lock: it can be read anywhere, inside the tracker's own closures too |
/// | `subscribe_action(f)` | calls `f` after each accepted write with a [`Change`]: the value after the write (`&Option<V>`, or `&V` with `init`), the version it made, its [`ChangeKind`] and, with `trace`, its location |
/// | `unsubscribe_action(key) -> bool` | mode owned: removes the subscriber of that key |
/// | `watch_action() -> Watcher` | mode `sync` with feature `watch`: a [`Watcher`] to wait on |
///
/// The three modes hand back different things, and unsubscribe differently.
/// A subscription you do not keep is dropped at once, and `let _ = …` drops
/// it too: bind it to a name (`let _subscription = …`) or `detach` it.
///
/// | `subscribe_action(f)` | owned | `shared` | `sync` |
/// |---|---|---|---|
/// | takes | `&mut self`, `FnMut(&Change<V>) + 'static` | `&self`, `FnMut(&Change<V>) + 'static` | `&self`, `FnMut(&Change<V>) + Send + 'static` |
/// | returns | a [`SubscriberKey`] | a [`LocalSubscription`] | a [`Subscription`], which is `Send` |
/// | dropping what it returns | changes nothing | unsubscribes at once | unsubscribes at once, on any thread |
/// | to unsubscribe | `unsubscribe_action(key)` | drop it, or `.unsubscribe()` | drop it, or `.unsubscribe()` |
/// | to keep the subscriber for the tracker's life | forget the key | `.detach()` | `.detach()` |
///
/// ```
/// use std::{cell::RefCell, rc::Rc};
/// use private_tracker::{ChangeKind, private_tracker};
///
/// #[private_tracker(observe, guard = private_tracker::truthy)]
/// fn action_tracker(#[get] choice: &'static str) -> &'static str;
///
/// let log = Rc::new(RefCell::new(Vec::new()));
/// let mut red = action_tracker("red");
/// let sink = Rc::clone(&log);
/// let key = red.subscribe_action(move |change| {
///     sink.borrow_mut().push((*change.value(), change.version(), change.kind()));
/// });
/// red.set_action("click").unwrap();
/// assert!(red.set_action("").is_err());            // refused: no version, no call
/// red.take_action();
/// assert!(red.unsubscribe_action(key));
/// assert_eq!(red.version(), 2);
/// assert_eq!(*log.borrow(), [(Some("click"), 1, ChangeKind::Set), (None, 2, ChangeKind::Take)]);
/// ```
///
/// In every mode:
///
/// - Subscribers run after the write has committed, in the order they
///   subscribed. A subscriber that panics leaves the write committed; with
///   feature `std` the other subscribers are still called, then the panic goes
///   on (to the writer, or in mode `sync` to the thread that was delivering),
///   and later writes notify every subscriber again. What the write would have
///   returned (the old value from `replace_…` or `take_…`) is dropped with the
///   panic.
/// - A `modify_…` whose closure panics keeps its edits, so it counts as a
///   version, but it is announced to no subscriber, since they would run while
///   the panic unwinds.
/// - A clone starts at the same version, with no subscribers (a closure cannot
///   be cloned). `Change`'s `Debug` shows the version and the kind, not the
///   value.
///
/// In the handle modes:
///
/// - Subscribers run with nothing borrowed or locked, so they may read and
///   write their tracker. A write from inside a subscriber commits at once, and
///   its notification is queued until the current round ends: every subscriber
///   sees every version once, in increasing order, never recursively. A round
///   works on a snapshot of the subscribers: one added during a round is not
///   called in it, one removed during a round is not called again.
/// - Because subscribers borrow nothing, each write that has subscribers
///   clones the value for them once, so `V` must be `Clone`.
/// - Dropping a subscription drops its closure at once, so a closure that
///   holds a handle to its own tracker does not keep the tracker alive; a
///   detached one does, for good.
/// - In mode `sync` one thread delivers at a time. A write commits on its own
///   thread and is queued in version order under the storage's lock; if
///   another thread is delivering, that thread announces the write after its
///   round and the writer returns at once. So a subscriber may run on a thread
///   other than the writer's, which is why it must be `Send`, and it runs in
///   whatever the delivering thread was doing. Of several panics in one
///   delivery, only the first goes on; the panic hook reports the others. The
///   queue has no bound: subscribers slower than the writers let it grow and
///   keep the delivering writer busy until it drains. Keep subscribers quick,
///   and send slow work to a channel.
///
/// **Writes that change nothing: `observe(distinct)`.** A tracker declared
/// with `observe(distinct)` compares each write with the stored value (`V:
/// PartialEq`). A write of an equal value changes nothing: it keeps the stored
/// value, bumps no version, calls no subscriber, wakes no watcher, enters no
/// history and moves no trace, as bevy's `set_if_neq` and futures-signals'
/// `set_neq` do. So `version()` counts the writes that changed the value.
/// - `set_…`, `replace_…` (which then returns the value it was given),
///   `update_…`, `reset_…` and `take_…` (of an empty tracker) compare; the
///   guard still runs first, and a refused write is refused.
/// - `modify_…` counts every edit, equal or not: an edit in place has nothing
///   to compare with, short of a copy made before every edit. Use
///   `update_…` where equal edits should stay silent. Undo and redo count too.
/// - It costs one `PartialEq` call per write, under the borrow or lock (a
///   `PartialEq` that calls its own tracker panics, as a guard does), and
///   nothing to trackers declared without it. A value that is not
///   `PartialEq` is one error, at `distinct`.
///
/// ```
/// use private_tracker::private_tracker;
///
/// #[private_tracker(observe(distinct))]
/// fn theme_tracker() -> &'static str;
///
/// let mut theme = theme_tracker();
/// theme.set_theme("dark");
/// theme.set_theme("dark");                   // equal: no change
/// theme.update_theme(|_| "dark");            // equal: no change
/// assert_eq!(theme.version(), 1);
/// ```
///
/// **Watchers** (mode `sync`, feature `watch`). `watch_…()` returns a
/// [`Watcher`] that has seen the current version. It waits for the next change
/// with `changed().await`, on any executor, or blocking with `wait_changed()`
/// and `wait_changed_timeout(d)`, and reads the value through closures only, so
/// nothing is held across an `.await`. Any number of writes between two waits
/// wake it once, as tokio's `watch` does. `wait_for(predicate)` checks the
/// current value, then each change, until the predicate holds. A watcher is
/// not a handle: when the last handle is dropped, its waits return
/// `Err(Closed)` once it has seen the last write, so
/// `while watcher.changed().await.is_ok() { … }` ends with the writers. With
/// feature `stream` it is a `futures_core::Stream` of the values. Its page
/// says the rest. A wait from inside the tracker's own closure, where no write
/// could come, panics with the tracker's name instead of hanging.
///
/// A tracker without `observe` is unchanged by it: the same size and the same
/// instructions per door.
///
/// # `history` and `trace`
///
/// `history = N` keeps the last `N` values that writes replaced, so that a
/// change can be undone; `trace` keeps where each write came from. Both work in
/// every mode, with `guard`, `init` and `observe`, and in `no_std` without an
/// allocator in mode owned.
///
/// | door | argument | what it does |
/// |---|---|---|
/// | `undo_action() -> bool` | `history` | restores the value the last write replaced, and keeps the current one for `redo_…`; `false`, changing nothing, when there is nothing to undo |
/// | `redo_action() -> bool` | `history` | restores the value the last `undo_…` replaced; any other write since ends the redo list |
/// | `history_action()` | `history` | the values an undo would restore, newest first, each an [`Entry`] with `value()` and `location()`: in mode owned an iterator, in the handle modes a call of your closure with one, under the borrow or lock, as `with_…` does |
/// | `clear_history_action()` | `history` | forgets, and drops, both lists |
/// | `last_write_at()`, `last_refused_at()` | `trace` | the `&'static Location` (file, line, column) of the last accepted and the last refused write's call |
///
/// - Undo and redo skip the guard, since their values were accepted once, and
///   they count as writes: each makes a version and reaches subscribers with
///   its own `ChangeKind` (`Undo`, `Redo`). With `trace` they become
///   `last_write_at()`, and a value they restore keeps the location of the
///   write that first stored it.
/// - The ring is one inline array of `N` entries, shared by the undo and the
///   redo list: no allocation, and undo and redo swap values, never clone
///   them. `set_…` and `update_…` move the replaced value in; `replace_…`,
///   `take_…`, `reset_…` and `modify_…` hand it back or edit it in place, so
///   they keep a clone. A history therefore needs a `Clone` value, and a value
///   that is not `Clone` is one error at `history` (for a generic value, the
///   doors exist where it is `Clone`). Like any value, the ring is built on
///   the stack before it moves into place (into the `Rc` or `Arc` of the
///   handle modes too): a large value with a large `N` can overflow a thread's
///   stack, in a debug build first and in a release build too: `history =
///   1024` of a 1 KiB value (a 1 MiB ring, with the copies made on the way)
///   overflowed a 2 MiB thread stack in release. Keep `N × size_of` of the
///   value well under the stack of the threads that make trackers, or track a
///   `Box` of a large value.
/// - A refused write changes no history and no version; with `trace` it
///   records only `last_refused_at()`. In the handle modes a write refused
///   inside the tracker's own closure (`with_…`, say) is not recorded, since
///   the storage is borrowed or locked there; it still returns its `Rejected`.
/// - With `trace`, every write door is `#[track_caller]`, and each history
///   entry and each [`Change`] carries the location of its write. It costs one
///   store per write and two words, as a hand-written
///   `Option<&'static Location>` field does. To trace in debug builds only,
///   choose the attribute by `cfg`:
///   `#[cfg_attr(debug_assertions, private_tracker(trace))]` and
///   `#[cfg_attr(not(debug_assertions), private_tracker)]`; the release build
///   then has no `last_write_at()` to call by mistake.
///
/// ```
/// use private_tracker::private_tracker;
///
/// #[private_tracker(history = 8, trace, guard = private_tracker::truthy)]
/// fn action_tracker(#[get] choice: &'static str) -> &'static str;
///
/// let mut red = action_tracker("red");
/// red.set_action("click").unwrap();
/// red.set_action("touch").unwrap();
/// assert!(red.set_action("").is_err());                // refused: no history entry
/// let kept: Vec<_> = red.history_action().map(|entry| entry.value().copied()).collect();
/// assert_eq!(kept, [Some("click"), None]);             // newest first
/// println!("refused at {}", red.last_refused_at().unwrap());
/// assert!(red.undo_action());                          // back to "click"
/// assert_eq!(red.action(), Some("click"));
/// assert!(red.redo_action());
/// assert_eq!(red.action(), Some("touch"));
/// ```
///
/// # Errors
///
/// A mistake in a declaration is a compile error that points at the offending
/// tokens and says how to fix it:
///
/// ```text
/// error: unknown argument `shard`; did you mean `shared`? the arguments are `shared`, `sync`, `name`, `field`, `guard`, `init`, `observe`, `history`, `trace`, `crate`
///  --> src/lib.rs:3:19
///   |
/// 3 | #[private_tracker(shard)]
///   |                   ^^^^^
/// ```
///
/// - **One mistake, one error.** Independent mistakes are all reported in one
///   build, each once. An unknown type in your signature, a guard that is not
///   callable as `Fn(&V) -> bool`, or [`truthy`] on a type without truthiness
///   is one error at your tokens, not one per door.
/// - **The rest keeps working.** A wrong argument or a wrong signature still
///   generates the constructor and its doors where it can, so the code that
///   uses the tracker adds no errors of its own (and your IDE keeps
///   completing). A value that is not `Clone` under an option that keeps
///   copies (`history`, or `observe` in modes `shared` and `sync`) is one
///   error at the option, and every door is still there; only calls of a
///   handle mode's getter, which returns a clone, add errors of their own.
///   (A value whose type names a type or const parameter is the user's to
///   choose: such a tracker has its doors where the value is `Clone`, as
///   any generic impl of the standard library does.)
/// - **What is rejected:** a body instead of `;`; no return type; `-> ()`,
///   `-> !`, `impl Trait`, `_` or `Self` in the signature; a type without a
///   size known at compile time (`str`, `[T]`, `dyn Trait`: the message says
///   what to store instead); a `self` receiver; `async`, `const`, `unsafe`,
///   `extern` or variadic constructors; two captures of one name; a type or
///   lifetime parameter that no capture and not the value uses; `#[get]` on a
///   pattern, with arguments, or naming a getter like a door; `#[cfg]` or
///   `#[cfg_attr]` on a capture (put it on the whole declaration); an elided
///   output lifetime that fn elision would not allow (the message shows which
///   lifetime to name); unknown, repeated, conflicting (`shared, sync`) or
///   malformed arguments, with a suggestion for a likely typo; a relative
///   `crate` path, or one naming `core` or `std`; a keyword or a path as
///   `name` or `field`; a type name that cannot be derived from the
///   constructor's (`fn __`, `fn _1`, `fn self_`, or one that drops doubled
///   underscores: `x__y_tracker`) or that clashes with a name of the
///   declaration (a type parameter `T` for `fn t<T>`, a capture's type); a
///   field whose getter would be named like a method every tracker has
///   (`clone`, `fmt`, `into_fn`, and `ptr_eq` in the handle modes); deriving
///   `Debug`, `Clone` or `Copy`; the attribute on anything but a fn; a mode
///   whose crate feature is off (the message names the feature).
/// - **rustc's own errors stand alone.** A signature that does not parse (a
///   capture without a type) gets rustc's parse error and nothing from the
///   macro.
/// - **Never a panic.** Property tests feed random and mutated declarations,
///   arguments and hostile names to the macro and check that it always answers
///   with code or errors.
///
/// Where rustc reports more than one error for one mistake:
///
/// - **The attribute on a fn inside an `impl`, `trait` or `extern` block.** The
///   macro cannot see where its declaration stands: rustc reports that a
///   struct is not supported there, then the implementations and the missing
///   type. Declare trackers at module or block level.
/// - **Two declarations whose types get one name** (`_a_tracker` and
///   `a_tracker` in one module): each macro call sees only its own
///   declaration, so rustc reports the name defined twice and the conflicting
///   implementations that follow. Give one of them `name = …`.
/// - **A capture under `#[cfg(…)]` that is off**: the one error says a capture
///   cannot be conditional, and each call that leaves the argument out adds
///   rustc's "this function takes N arguments". Put `#[cfg]` on the whole
///   declaration instead.
/// - **A value type that is not `Sized` behind a type alias or a type
///   parameter** is not seen by the macro (it reads tokens, not types) and
///   gets rustc's errors.
///
/// # Limits
///
/// - A hidden lifetime (`Ref<T>` for `Ref<'_, T>`) cannot be seen by the macro:
///   write `'_` or name it.
/// - Getters decide "plainly `Copy`", and the doors that clone decide
///   "evidently `Clone`" (a primitive, `&T`, `String`, and tuples, arrays and
///   `Option`s of those need no `Clone` bound on the docs page), from the type
///   as written: a type of yours named like one of those (`struct u32`,
///   `struct String`) that is not `Copy` or `Clone`, used as the value or a
///   `#[get]` capture, is an error at the declaration. Name such types
///   otherwise. A value of any other type of yours (`Config`) keeps a bound
///   on the doors that clone it (`where for<'any> Config: Clone`), which
///   leaves them absent when it is not `Clone`.
/// - A refused value of a generic type shows as `..` in `Rejected`'s `Debug`
///   unless the declaration bounds it by `Debug`: the choice is made where the
///   tracker is declared, not where it is used.
/// - With `#[derive(Default)]`, `Default::default` calls the constructor, so a
///   `#[deprecated]` constructor makes it warn.
/// - A derived trait that a capture's or the value's type lacks
///   (`#[derive(Hash)]` with an `f64`, `#[derive(Serialize)]` of a type that is
///   not `Serialize`) is one error that names the type, but it points at the
///   attribute, not at the type: rustc reports an unmet bound of an impl there.
/// - A tracked `Option<T>` does not survive serde: an empty tracker and one
///   holding `None` are both written as `null`, and read back empty (serde's
///   own derive has the same limit for `Option<Option<T>>`).
/// - `init = …` and `guard = …` can name `Self`, which there is the tracker
///   type (as in its own impl): it gives access to nothing private.
/// - A write through the closure that `into_fn()` returns is traced to that
///   closure, inside `private-tracker`, not to its caller: a closure cannot be
///   `#[track_caller]` on stable Rust.
/// - Values that a new write removes from the redo list are dropped when a
///   later write reuses their place in the ring, or by `clear_history_…()`,
///   not at once: in the handle modes nothing is dropped under the lock, and
///   a write hands back at most one value to drop after it.
///
/// The generated code needs no `#[allow]`, builds without warnings under
/// `#![deny(warnings, missing_docs, unreachable_pub, rust_2018_idioms,
/// unused_qualifications)]` and `clippy::pedantic`, and compiles in editions
/// 2015 (with `extern crate private_tracker;`) to 2024, without the prelude,
/// with `core`, `std`, `Option` and friends shadowed, and through a renamed
/// dependency (`crate = ::renamed`). It calls the storage, the guard and your
/// values by fully qualified paths, so no trait you have in scope changes what
/// a door does; names it invents avoid every name in your declaration.
///
#[cfg_attr(feature = "alloc", doc = "[`LocalSubscription`]: crate::LocalSubscription")]
#[cfg_attr(
    not(feature = "alloc"),
    doc = "[`LocalSubscription`]: https://docs.rs/private-tracker/latest/private_tracker/struct.LocalSubscription.html"
)]
#[cfg_attr(feature = "std", doc = "[`Subscription`]: crate::Subscription")]
#[cfg_attr(
    not(feature = "std"),
    doc = "[`Subscription`]: https://docs.rs/private-tracker/latest/private_tracker/struct.Subscription.html"
)]
#[cfg_attr(feature = "watch", doc = "[`Watcher`]: crate::Watcher")]
#[cfg_attr(
    not(feature = "watch"),
    doc = "[`Watcher`]: https://docs.rs/private-tracker/latest/private_tracker/struct.Watcher.html"
)]
pub use private_tracker_macros::private_tracker;

/// What a `watch_…` door asks for when the `watch` feature is off, so
/// that a call of it is one error that names the feature, and a tracker
/// whose `watch_…` is never called builds as before.
#[doc(hidden)]
#[cfg(not(feature = "watch"))]
#[diagnostic::on_unimplemented(
    message = "watchers need the `watch` feature of `private-tracker`",
    label = "`watch_…` exists only with the `watch` feature",
    note = "add `features = [\"watch\"]` to the `private-tracker` entry in Cargo.toml"
)]
pub trait WatchFeature {}

/// What generated code names. Not public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    /// What the parameters of generated methods are imported as in the
    /// block that holds those methods (`use …::named_apart as value;`), so
    /// that no constant or unit struct of the user's module named like a
    /// parameter can turn it into a pattern.
    pub const fn named_apart() {}

    pub use private_tracker_core::{
        Guard, Initialized, Rejected, Reveal, Sealed, ShowDebug, ShowHidden, ShowValue, Unguarded,
        call_guard, call_init,
    };
    #[cfg(feature = "std")]
    pub use private_tracker_core::{Subscription, SyncObserved, Synced};
    #[cfg(feature = "watch")]
    pub use private_tracker_core::{Watched, Watcher};
    // Named apart from `Cow::Owned` and `Cow::Borrowed`: when the facade
    // cannot be found (a renamed dependency), rustc would otherwise suggest
    // those enum variants.
    pub use private_tracker_core::Owned as OwnedStorage;
    #[cfg(feature = "alloc")]
    pub use private_tracker_core::{Handle, Shared};

    pub use private_tracker_core::{
        Change, Cloned, Compares, Copies, Entry, Equal, History, Log, NoHistory, Slot, SubscriberKey, Traced,
        Unobserved, Untraced,
    };
    #[cfg(feature = "alloc")]
    pub use private_tracker_core::{LocalObserved, LocalSubscription, Observed};
    #[cfg(feature = "serde")]
    pub use private_tracker_core::{deserialize_tracker, serde, serialize_tracker};

    pub use crate::{
        __tracker_mode_shared as mode_shared, __tracker_mode_sync as mode_sync,
        __tracker_observe_owned as observe_owned, __tracker_serde as serde_derives, __tracker_watch as watch,
        __tracker_watch_door as watch_door,
    };
}

/// Wraps the expansion of an owned tracker declared with `observe`, whose
/// subscribers are boxed: passes it through when the `alloc` feature is on,
/// and is one error naming the feature when it is off.
#[doc(hidden)]
#[cfg(feature = "alloc")]
#[macro_export]
macro_rules! __tracker_observe_owned {
    ($($expansion:tt)*) => { $($expansion)* };
}

#[doc(hidden)]
#[cfg(not(feature = "alloc"))]
#[macro_export]
macro_rules! __tracker_observe_owned {
    ($($expansion:tt)*) => {
        ::core::compile_error! {
            "`observe` keeps its subscribers in boxes, which needs the `alloc` feature of `private-tracker`: enable it in Cargo.toml (`features = [\"alloc\"]`), or keep the default features"
        }
    };
}

/// Wraps the watcher door of a sync tracker declared with `observe`, and
/// the hidden impl it needs: passes them through when the `watch` feature is
/// on, and drops them when it is off (the tracker then has no `watch_…`, as
/// its docs say).
#[doc(hidden)]
#[cfg(feature = "watch")]
#[macro_export]
macro_rules! __tracker_watch {
    ($($expansion:tt)*) => { $($expansion)* };
}

#[doc(hidden)]
#[cfg(not(feature = "watch"))]
#[macro_export]
macro_rules! __tracker_watch {
    ($($expansion:tt)*) => {};
}

/// Wraps the `watch_…` door of a sync tracker declared with `observe`:
/// passes it through when the `watch` feature is on; when it is off, the
/// door is one that cannot be called, and a call of it is one error naming
/// the feature (`WatchFeature`), rather than a bare "no method named".
#[doc(hidden)]
#[cfg(feature = "watch")]
#[macro_export]
macro_rules! __tracker_watch_door {
    ($($expansion:tt)*) => { $($expansion)* };
}

#[doc(hidden)]
#[cfg(not(feature = "watch"))]
#[macro_export]
macro_rules! __tracker_watch_door {
    ($(#[$attr:meta])* $vis:vis fn $name:ident (&self) -> $output:ty { $($body:tt)* }) => {
        /// Needs the `watch` feature of `private-tracker`.
        #[doc(hidden)]
        #[inline]
        $vis fn $name(&self)
        where
            for<'any> &'any (): $crate::WatchFeature,
        {
        }
    };
}

/// Wraps the `Serialize` and `Deserialize` impls of a declaration that
/// derives them: passes them through when the `serde` feature is on, and is
/// one error naming the feature when it is off.
#[doc(hidden)]
#[cfg(feature = "serde")]
#[macro_export]
macro_rules! __tracker_serde {
    ($($expansion:tt)*) => { $($expansion)* };
}

#[doc(hidden)]
#[cfg(not(feature = "serde"))]
#[macro_export]
macro_rules! __tracker_serde {
    ($($expansion:tt)*) => {
        ::core::compile_error! {
            "deriving `Serialize` or `Deserialize` on a tracker needs the `serde` feature of `private-tracker`: add `features = [\"serde\"]` to its entry in Cargo.toml"
        }
    };
}

/// Wraps the expansion of a `shared` tracker: passes it through when the
/// `alloc` feature is on, and is one error naming the feature when it is off.
#[doc(hidden)]
#[cfg(feature = "alloc")]
#[macro_export]
macro_rules! __tracker_mode_shared {
    ($($expansion:tt)*) => { $($expansion)* };
}

#[doc(hidden)]
#[cfg(not(feature = "alloc"))]
#[macro_export]
macro_rules! __tracker_mode_shared {
    ($($expansion:tt)*) => {
        ::core::compile_error! {
            "mode `shared` needs the `alloc` feature of `private-tracker`: enable it in Cargo.toml (`features = [\"alloc\"]`), or keep the default features"
        }
    };
}

/// Wraps the expansion of a `sync` tracker: passes it through when the `std`
/// feature is on, and is one error naming the feature when it is off.
#[doc(hidden)]
#[cfg(feature = "std")]
#[macro_export]
macro_rules! __tracker_mode_sync {
    ($($expansion:tt)*) => { $($expansion)* };
}

#[doc(hidden)]
#[cfg(not(feature = "std"))]
#[macro_export]
macro_rules! __tracker_mode_sync {
    ($($expansion:tt)*) => {
        ::core::compile_error! {
            "mode `sync` needs the `std` feature of `private-tracker`: enable it in Cargo.toml (`features = [\"std\"]`), or keep the default features"
        }
    };
}
