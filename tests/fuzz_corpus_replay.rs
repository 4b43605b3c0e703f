//! Replays every committed fuzz corpus (`fuzz/corpus/<target>/`, minimized with `cargo fuzz
//! cmin`) through the same target bodies the libFuzzer binaries run, so the README's test
//! command checks, on the stable toolchain and without libFuzzer, everything the fuzzers found
//! worth keeping: no panic, and every differential check and invariant the targets assert.
//! The bodies are the `leadscore-fuzz` crate's modules, declared here from their files.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../fuzz/src/check.rs"]
mod check;
#[path = "../fuzz/src/fixtures.rs"]
mod fixtures;
#[path = "../fuzz/src/gen/mod.rs"]
mod gen;
#[path = "../fuzz/src/targets/mod.rs"]
mod targets;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

/// Runs every input of the target's corpus, naming each one that fails.
fn replay(target: &str) {
    let inputs = replay_folder(target, "fuzz/corpus");
    assert!(
        inputs > 0,
        "fuzz/corpus/{target} holds no inputs (the corpus is committed)"
    );
    println!("{target}: {inputs} inputs replayed");
}

/// Runs the target's body on every file of `folder/target` (if there is one), naming each
/// input that fails; returns how many there were.
fn replay_folder(target: &str, folder: &str) -> usize {
    let (_, body) = targets::ALL
        .iter()
        .find(|(name, _)| *name == target)
        .unwrap_or_else(|| panic!("no fuzz target {target}"));
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(folder)
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return 0;
    };
    let mut inputs: Vec<PathBuf> = entries
        .map(|entry| entry.expect("a readable folder entry").path())
        .collect();
    inputs.sort();
    let failed: Vec<String> = inputs
        .iter()
        .filter(|path| {
            let data = std::fs::read(path).expect("a readable input");
            catch_unwind(AssertUnwindSafe(|| body(&data))).is_err()
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(
        failed.is_empty(),
        "{target}: {} of {} inputs failed: {failed:#?}",
        failed.len(),
        inputs.len()
    );
    inputs.len()
}

/// Inputs that crashed a target (`fuzz/regressions/<target>/`), each a bug described in
/// fuzz/RESULTS.md and tests/fuzz_regressions.rs, kept as ordinary regression cases now that
/// the bugs are fixed.
#[test]
fn known_crashers_no_longer_crash() {
    let replayed: usize = targets::ALL
        .iter()
        .map(|(target, _)| replay_folder(target, "fuzz/regressions"))
        .sum();
    assert!(replayed > 0, "fuzz/regressions holds the known crashers");
}

macro_rules! replay_tests {
    ($($(#[$attr:meta])* $target:ident),* $(,)?) => {
        $(
            $(#[$attr])*
            #[test]
            fn $target() {
                replay(stringify!($target));
            }
        )*
        /// Every target has a replay test here, and every test a target.
        #[test]
        fn every_target_is_replayed() {
            let tested = [$($(#[$attr])* stringify!($target)),*];
            let targets: Vec<&str> = targets::ALL.iter().map(|(name, _)| *name).collect();
            assert_eq!(tested.as_slice(), targets.as_slice());
        }
    };
}

replay_tests!(
    model_json,
    lead_json,
    batch_json,
    score_structured,
    store_push,
    state_bytes,
    #[cfg(feature = "lifecycle")]
    playbook_json,
    #[cfg(feature = "lifecycle")]
    lifecycle_json,
    #[cfg(feature = "lifecycle")]
    lifecycle_journey,
);
