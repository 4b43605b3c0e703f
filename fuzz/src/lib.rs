//! The bodies of leadscore's fuzz targets, shared by the libFuzzer binaries (`fuzz_targets/`)
//! and by the main crate's corpus replay test (`tests/fuzz_corpus_replay.rs`, which declares
//! these same four modules), so every committed input runs through the same code under an
//! ordinary `cargo test`. Each body takes the raw input bytes, never panics on bad input (it is
//! the engine's answers that are checked), and asserts what must hold: differential checks (a
//! batch equals one lead at a time, incremental scoring equals full scoring), the invariants of
//! every result (contributions add up to the total) and round trips.

pub mod check;
pub mod fixtures;
pub mod gen;
pub mod targets;
