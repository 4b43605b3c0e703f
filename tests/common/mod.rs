//! Helpers shared by the integration tests: the repository's files and golden folders, the
//! example model, leads built from JSON, and times; random models and leads for the property
//! tests (`random`) and edits to their weights (`edits`); an account model worked out by hand
//! and its leads (`accounts`); the lifecycle scenario driver of the native tests (`scenario`);
//! and what the Wasm runners share, their scenario driver included (`wasm`).
#![allow(dead_code)]

#[cfg(not(target_arch = "wasm32"))]
pub mod accounts;
#[cfg(not(target_arch = "wasm32"))]
pub mod edits;
mod files;
pub mod golden;
#[cfg(all(feature = "lifecycle", not(target_arch = "wasm32")))]
pub mod journey;
#[cfg(not(target_arch = "wasm32"))]
pub mod random;
#[cfg(all(feature = "lifecycle", not(target_arch = "wasm32")))]
pub mod scenario;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

use leadscore::{parse_lead, Lead, ScoreResult, Scorer, Timestamp};
use serde_json::{json, Value};

pub const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// The text of a file of the repository, by its path from the repository's root.
pub fn repo_file(path: &str) -> String {
    files::read_text(&format!("{REPO}/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A JSON file of the repository, parsed.
pub fn repo_json(path: &str) -> Value {
    serde_json::from_str(&repo_file(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn default_scorer() -> Scorer {
    Scorer::from_json(&repo_file("examples/models/b2b-default.json"))
        .expect("the example model compiles")
}

pub fn scorer(model: Value) -> Scorer {
    Scorer::from_json(&model.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

/// A model with the given intent rules (and optional extra top-level keys), threshold 50.
pub fn intent_model(rules: Value) -> Scorer {
    scorer(json!({"version": 1, "intent": {"rules": rules}, "mql": {"threshold": 50}}))
}

pub fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

/// Scores a lead given as JSON.
pub fn score(scorer: &Scorer, lead: &Value, as_of: &str) -> Value {
    let text = lead.to_string();
    let lead: Lead = parse_lead(&text).unwrap_or_else(|e| panic!("{e}"));
    let result: ScoreResult = scorer.score(&lead, at(as_of));
    let total: i64 = result.contributions.iter().map(|c| c.points).sum();
    assert_eq!(
        total, result.total,
        "contributions must add up to the total"
    );
    serde_json::to_value(&result).unwrap()
}

/// Events of one type at the given times, with optional props.
pub fn events(kind: &str, times: &[&str], props: Value) -> Vec<Value> {
    times
        .iter()
        .map(|t| json!({"type": kind, "at": t, "props": props}))
        .collect()
}

pub fn lead_with(attributes: Value, events: Vec<Value>) -> Value {
    json!({"id": "test-lead", "attributes": attributes, "events": events})
}

/// The points a result's contribution for `rule` came to, or None if the rule did not count.
pub fn points_of(result: &Value, rule: &str) -> Option<i64> {
    result["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["ruleId"] == rule)
        .map(|c| c["points"].as_i64().unwrap())
}

pub fn contribution<'r>(result: &'r Value, rule: &str) -> &'r Value {
    result["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["ruleId"] == rule)
        .unwrap_or_else(|| panic!("no contribution from {rule}: {result:#}"))
}
