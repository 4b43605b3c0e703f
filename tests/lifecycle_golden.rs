//! Golden lifecycle scenarios: `tests/golden-lifecycle/*.json`, each a model, a playbook, a lead
//! and a list of steps (actions at moments, with the lead's new events); the expectation is every
//! outcome (record, routing state, effects, SLA status) or error. The Wasm and JavaScript tests
//! run the same files through the binding, so native and Wasm must agree to the bit.
//! `LEADSCORE_BLESS=1 cargo test --test lifecycle_golden` rewrites the expectations (review the
//! diff).
#![cfg(all(feature = "lifecycle", not(target_arch = "wasm32")))]

mod common;

use common::golden::{check_golden, LIFECYCLE};
use common::repo_json;
use common::scenario::golden_outcomes;
use serde_json::Value;

#[test]
fn golden_lifecycle_scenarios_match() {
    check_golden(LIFECYCLE, 2, golden_outcomes);
}

/// The stage a step left the record in, or "error" where the step was refused.
fn stage_after(outcome: &Value) -> String {
    outcome["record"]["stage"]
        .as_str()
        .unwrap_or("error")
        .to_string()
}

fn effect_types(outcome: &Value) -> Vec<String> {
    outcome["effects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap().to_string())
        .collect()
}

/// What the scenarios show, checked by hand so that blessing cannot hide a wrong expectation.
#[test]
fn golden_lifecycle_scenarios_say_what_their_descriptions_say() {
    let out = golden_outcomes(&repo_json(
        "tests/golden-lifecycle/hand-raiser-escalated.json",
    ));
    let stage = |i: usize| stage_after(&out[i]);
    let types = |i: usize| effect_types(&out[i]);
    assert_eq!(stage(0), "mql");
    assert_eq!(out[0]["record"]["owner"], "dieter");
    assert_eq!(out[0]["slaStatus"]["dueAt"], "2026-11-19T15:15:00.000Z");
    assert_eq!(types(1), ["notifyOwner"]);
    assert_eq!(
        types(2),
        ["flagForManagerReview", "escalate", "scheduleCheck"]
    );
    assert_eq!(out[3]["error"]["code"], "illegalTransition");
    assert_eq!(out[4]["effects"][0]["to"], "sam");
    assert_eq!(out[5]["slaStatus"]["state"], "breached");
    assert_eq!(out[5]["slaStatus"]["late"], true);
    assert_eq!(
        (stage(6), stage(7), stage(8)),
        ("sal".into(), "sql".into(), "opportunity".into())
    );

    let out = golden_outcomes(&repo_json(
        "tests/golden-lifecycle/recycled-and-requalified.json",
    ));
    let stage = |i: usize| stage_after(&out[i]);
    assert_eq!(stage(0), "lead");
    assert_eq!(
        (stage(1), out[1]["record"]["owner"].as_str().unwrap()),
        ("mql".into(), "ben")
    );
    assert_eq!(out[1]["slaStatus"]["dueAt"], "2026-11-25T17:00:00.000Z");
    assert_eq!(out[2]["error"]["code"], "notEnoughContactAttempts");
    assert_eq!(stage(6), "recycled");
    assert_eq!(out[6]["record"]["reevaluateAt"], "2026-12-31T15:00:00.000Z");
    assert_eq!(
        (stage(7), out[7]["effects"].as_array().unwrap().len()),
        ("recycled".into(), 0)
    );
    assert_eq!(
        (stage(8), out[8]["record"]["owner"].as_str().unwrap()),
        ("mql".into(), "cara")
    );
    assert_eq!(out[8]["record"]["mqlCount"], 2);
    // The crossing of November is not why the lead is back in January.
    assert_eq!(out[8]["effects"][2]["type"], "notifyOwner");
    assert_eq!(out[8]["effects"][2]["handoff"]["crossing"], Value::Null);
    assert_eq!(
        out[8]["effects"][2]["handoff"]["previousRecycleReason"],
        "noResponse"
    );
    assert_eq!(
        out[9]["record"]["icpBlock"]["attributes"]["title"],
        "Director of Operations"
    );
    assert_eq!(
        (stage(10), out[10]["effects"].as_array().unwrap().len()),
        ("recycled".into(), 0)
    );
    assert_eq!(
        (stage(11), out[11]["record"]["mqlCount"].as_u64().unwrap()),
        ("mql".into(), 3)
    );
    assert_eq!(out[11]["record"]["sla"]["signal"], "handRaiser");
}
