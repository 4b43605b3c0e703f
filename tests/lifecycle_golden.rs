//! Golden lifecycle scenarios: `tests/golden-lifecycle/*.json`, each a model, a playbook, a lead
//! and a list of steps (actions at moments, with the lead's new events); the expectation is every
//! outcome (record, routing state, effects, SLA status) or error. The Wasm and JavaScript tests
//! run the same files through the binding, so native and Wasm must agree to the bit.
//! `LEADSCORE_BLESS=1 cargo test --test lifecycle_golden` rewrites the expectations (review the
//! diff).
#![cfg(all(feature = "lifecycle", not(target_arch = "wasm32")))]

mod common;

use common::golden::{check_golden, LIFECYCLE};
use common::repo_file;
use leadscore::lifecycle::{parse_action, RoutingState};
use leadscore::{parse_lead, Lifecycle, Scorer, Timestamp};
use serde_json::{json, Value};

/// Runs a scenario's steps, returning one outcome (or error) per step.
fn run(case: &Value) -> Value {
    let model = repo_file(case["model"].as_str().unwrap());
    let scorer = Scorer::from_json(&model).unwrap();
    let lifecycle = Lifecycle::from_json(
        &repo_file(case["playbook"].as_str().unwrap()),
        scorer.model(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut lead = case["lead"].clone();
    let start = Timestamp::parse(case["start"].as_str().unwrap()).unwrap();
    let mut record = lifecycle.new_record(lead["id"].as_str().unwrap(), start);
    let mut routing = RoutingState::default();
    let mut outcomes = Vec::new();
    for step in case["steps"].as_array().unwrap() {
        let now = Timestamp::parse(step["now"].as_str().unwrap()).unwrap();
        if let Some(events) = step["addEvents"].as_array() {
            lead["events"]
                .as_array_mut()
                .unwrap()
                .extend(events.iter().cloned());
        }
        if let Some(attributes) = step["setAttributes"].as_object() {
            for (key, value) in attributes {
                lead["attributes"][key] = value.clone();
            }
        }
        let mut action = step["action"].clone();
        if action["type"] == "scoreUpdate" {
            let text = lead.to_string();
            let score = scorer.score(&parse_lead(&text).unwrap(), now);
            action["score"] =
                serde_json::from_str(&serde_json::to_string(&score).unwrap()).unwrap();
            action["lead"] = lead.clone();
        }
        let text = action.to_string();
        let action = parse_action(&text).unwrap_or_else(|e| panic!("{e}"));
        match lifecycle.apply(&record, &action, now, &routing) {
            Ok(outcome) => {
                let status = lifecycle.sla_status(&outcome.record, now);
                let mut value: Value = serde_json::from_str(&serde_json::to_string(&outcome).unwrap()).unwrap();
                value["slaStatus"] = serde_json::from_str(&serde_json::to_string(&status).unwrap()).unwrap();
                outcomes.push(value);
                record = outcome.record;
                routing = outcome.routing;
            }
            Err(error) => outcomes.push(json!({
                "error": { "code": error.code, "message": error.message, "stage": error.stage.name(), "action": error.action }
            })),
        }
    }
    Value::Array(outcomes)
}

#[test]
fn golden_lifecycle_scenarios_match() {
    check_golden(LIFECYCLE, 2, run);
}

/// What the scenarios show, checked by hand so that blessing cannot hide a wrong expectation.
#[test]
fn golden_lifecycle_scenarios_say_what_their_descriptions_say() {
    let case: Value = serde_json::from_str(&repo_file(
        "tests/golden-lifecycle/hand-raiser-escalated.json",
    ))
    .unwrap();
    let out = run(&case);
    let stage = |i: usize| {
        out[i]["record"]["stage"]
            .as_str()
            .unwrap_or("error")
            .to_string()
    };
    let types = |i: usize| -> Vec<String> {
        out[i]["effects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["type"].as_str().unwrap().to_string())
            .collect()
    };
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

    let case: Value = serde_json::from_str(&repo_file(
        "tests/golden-lifecycle/recycled-and-requalified.json",
    ))
    .unwrap();
    let out = run(&case);
    let stage = |i: usize| {
        out[i]["record"]["stage"]
            .as_str()
            .unwrap_or("error")
            .to_string()
    };
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
