//! Golden cases: `tests/golden/*.json`, each a model (inline or a path), a lead, an as-of time
//! and the expected result. The JavaScript tests read the same files through the Wasm package,
//! so the native and Wasm builds must agree to the bit. `LEADSCORE_BLESS=1 cargo test --test
//! golden` rewrites the expectations after a deliberate change (review the diff).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{repo_file, REPO};
use leadscore::{parse_lead, Scorer, Timestamp};
use serde_json::Value;
use std::path::PathBuf;

fn golden_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(format!("{REPO}/tests/golden"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

fn model_text(case: &Value) -> String {
    match &case["model"] {
        Value::String(path) => repo_file(path),
        inline => inline.to_string(),
    }
}

fn actual(case: &Value) -> Value {
    let scorer = Scorer::from_json(&model_text(case)).unwrap_or_else(|e| panic!("{e}"));
    let lead_text = case["lead"].to_string();
    let lead = parse_lead(&lead_text).unwrap_or_else(|e| panic!("{e}"));
    let as_of = Timestamp::parse(case["asOf"].as_str().unwrap()).unwrap();
    // Through text, exactly as the expectation was written.
    let text = serde_json::to_string(&scorer.score(&lead, as_of)).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn golden_cases_match() {
    let bless = std::env::var_os("LEADSCORE_BLESS").is_some();
    let files = golden_files();
    assert!(files.len() >= 10, "the golden cases are missing");
    let mut failures = Vec::new();
    for file in files {
        let mut case: Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let result = actual(&case);
        if bless {
            case["expected"] = result;
            std::fs::write(&file, serde_json::to_string_pretty(&case).unwrap() + "\n").unwrap();
        } else if case["expected"] != result {
            failures.push(format!(
                "{}:\nexpected {}\n  actual {}",
                file.display(),
                case["expected"],
                result
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
