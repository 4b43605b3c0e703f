//! The golden folders that every tier reads whole: `tests/golden/` (a model, a lead, an as-of
//! time and the expected result), `tests/golden-lifecycle/` (a model, a playbook, a lead and
//! its steps, with every expected outcome), `tests/golden-accounts/` (a model, leads, an as-of
//! time and every account they make, with the leads in none) and `tests/golden-account-handoff/`
//! (those, a playbook and the accounts' attributes: every MQA routed and handed off). A new case
//! is a new file, picked up by the native, Wasm and JavaScript runners alike without editing a
//! list. Natively, `LEADSCORE_BLESS=1` rewrites the expectations after a deliberate change
//! (review the diff).

use super::{files, repo_file, REPO};
use serde_json::Value;

pub const SCORING: &str = "tests/golden";
pub const LIFECYCLE: &str = "tests/golden-lifecycle";
pub const ACCOUNTS: &str = "tests/golden-accounts";
pub const ACCOUNT_HANDOFF: &str = "tests/golden-account-handoff";

/// One golden file: its path from the repository's root, and the case it holds.
pub struct GoldenCase {
    pub file: String,
    pub case: Value,
}

/// Every case of a golden folder, in file-name order. Fails loudly when the folder cannot be
/// read, holds fewer than `at_least` cases, or a file is unreadable or not JSON.
pub fn golden_cases(folder: &str, at_least: usize) -> Vec<GoldenCase> {
    let names = files::file_names(&format!("{REPO}/{folder}"), ".json")
        .unwrap_or_else(|e| panic!("cannot list the golden folder {folder}: {e}"));
    assert!(
        names.len() >= at_least,
        "{folder} holds {} golden cases, expected at least {at_least}",
        names.len()
    );
    names
        .into_iter()
        .map(|name| {
            let file = format!("{folder}/{name}");
            let case = serde_json::from_str(&repo_file(&file))
                .unwrap_or_else(|e| panic!("{file} is not JSON: {e}"));
            GoldenCase { file, case }
        })
        .collect()
}

/// Runs every case of a folder and compares what it gives with its `expected`, listing every
/// case that differs (for a list of step outcomes, the first step that differs). Natively,
/// with `LEADSCORE_BLESS` set, writes what it gives as the new expectation instead.
pub fn check_golden(folder: &str, at_least: usize, mut actual: impl FnMut(&Value) -> Value) {
    let bless = blessing();
    let mut failures = Vec::new();
    for GoldenCase { file, mut case } in golden_cases(folder, at_least) {
        let actual = actual(&case);
        if bless {
            case["expected"] = actual;
            write_expectation(&file, &case);
        } else if case["expected"] != actual {
            failures.push(difference(&file, &case["expected"], &actual));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn difference(file: &str, expected: &Value, actual: &Value) -> String {
    match (expected.as_array(), actual.as_array()) {
        (Some(expected), Some(actual)) => {
            let step =
                (0..actual.len().max(expected.len())).find(|&i| expected.get(i) != actual.get(i));
            let at = |steps: &[Value]| {
                step.and_then(|i| steps.get(i))
                    .unwrap_or(&Value::Null)
                    .clone()
            };
            format!(
                "{file} differs at step {step:?}:\nexpected {}\n  actual {}",
                at(expected),
                at(actual)
            )
        }
        _ => format!("{file}:\nexpected {expected}\n  actual {actual}"),
    }
}

/// A case's model as text: inline in the case, or the path of a model file.
pub fn model_text(case: &Value) -> String {
    match &case["model"] {
        Value::String(path) => repo_file(path),
        inline => inline.to_string(),
    }
}

/// A lifecycle step's changes to its lead: `addEvents` appended, `setAttributes` set.
pub fn change_lead(lead: &mut Value, step: &Value) {
    if let Some(events) = step["addEvents"].as_array() {
        lead["events"]
            .as_array_mut()
            .expect("the lead has events")
            .extend(events.iter().cloned());
    }
    if let Some(attributes) = step["setAttributes"].as_object() {
        for (key, value) in attributes {
            lead["attributes"][key] = value.clone();
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn blessing() -> bool {
    std::env::var_os("LEADSCORE_BLESS").is_some()
}

/// The Wasm runners only check: the native runners write the expectations.
#[cfg(target_arch = "wasm32")]
fn blessing() -> bool {
    false
}

#[cfg(not(target_arch = "wasm32"))]
fn write_expectation(file: &str, case: &Value) {
    let text = serde_json::to_string_pretty(case).unwrap() + "\n";
    std::fs::write(format!("{REPO}/{file}"), text).unwrap_or_else(|e| panic!("{file}: {e}"));
}

#[cfg(target_arch = "wasm32")]
fn write_expectation(_: &str, _: &Value) {
    unreachable!("the Wasm runners never bless")
}
