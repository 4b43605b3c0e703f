//! Golden cases: `tests/golden/*.json`, each a model (inline or a path), a lead, an as-of time
//! and the expected result. The Wasm and JavaScript tests read the same files through the
//! binding, so the native and Wasm builds must agree to the bit. `LEADSCORE_BLESS=1 cargo test
//! --test golden` rewrites the expectations after a deliberate change (review the diff).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::golden::{check_golden, model_text, SCORING};
use leadscore::{parse_lead, Scorer, Timestamp};
use serde_json::Value;

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
    check_golden(SCORING, 10, actual);
}
