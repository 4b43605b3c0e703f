//! Golden account cases: `tests/golden-accounts/*.json`, each a model (inline or a path), leads,
//! an as-of time and the expected accounts (`scoreAccounts`). The Wasm and JavaScript tests read
//! the same files through the binding, so every tier must agree to the bit. `LEADSCORE_BLESS=1
//! cargo test --test account_golden` rewrites the expectations after a deliberate change.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::golden::{check_golden, model_text, ACCOUNTS};
use leadscore::accounts::AccountScorer;
use leadscore::{parse_lead, Lead, Scorer, Timestamp};
use serde_json::Value;

fn actual(case: &Value) -> Value {
    let scorer = Scorer::from_json(&model_text(case)).unwrap_or_else(|e| panic!("{e}"));
    let accounts = AccountScorer::new(&scorer).unwrap_or_else(|e| panic!("{e}"));
    let texts: Vec<String> = (case["leads"].as_array().expect("leads"))
        .iter()
        .map(Value::to_string)
        .collect();
    let leads: Vec<Lead> = texts
        .iter()
        .map(|text| parse_lead(text).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let as_of = Timestamp::parse(case["asOf"].as_str().unwrap()).unwrap();
    let result = accounts
        .score_accounts(&leads, as_of)
        .unwrap_or_else(|e| panic!("{e}"));
    // Through text, exactly as the expectation was written.
    serde_json::from_str(&serde_json::to_string(&result).unwrap()).unwrap()
}

#[test]
fn golden_account_cases_match() {
    check_golden(ACCOUNTS, 4, actual);
}
