//! Nothing to build: the benchmarks are in `benches/`. See BENCHMARKS.md at the
//! repository root for what they measure and how to read them.
