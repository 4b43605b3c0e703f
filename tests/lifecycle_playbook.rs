//! The playbook: the example compiles against the example model, and a bad playbook is
//! rejected with every problem at its JSON path, routing gaps named by their combination.
#![cfg(all(feature = "lifecycle", not(target_arch = "wasm32")))]

mod common;

use common::repo_file;
use common::scenario::EXAMPLE_REASONS;
use leadscore::lifecycle::{validate_playbook, Lifecycle};
use leadscore::Model;
use serde_json::{json, Value};

fn model() -> Model {
    Model::from_json(&repo_file("examples/models/b2b-default.json")).unwrap()
}

fn example() -> Value {
    serde_json::from_str(&repo_file("examples/playbooks/b2b-default.json")).unwrap()
}

fn problems(doc: &Value) -> Vec<(String, String)> {
    validate_playbook(&doc.to_string(), &model())
        .into_iter()
        .map(|i| (i.path, i.message))
        .collect()
}

fn paths(doc: &Value) -> Vec<String> {
    problems(doc).into_iter().map(|(p, _)| p).collect()
}

#[test]
fn the_example_playbook_compiles_for_the_example_model() {
    assert_eq!(problems(&example()), []);
    let lifecycle = Lifecycle::from_json(&example().to_string(), &model()).unwrap();
    let reasons: Vec<String> = lifecycle.reasons().into_iter().map(|r| r.id).collect();
    assert_eq!(reasons, EXAMPLE_REASONS);
}

#[test]
fn routing_that_can_leave_a_lead_unassigned_is_rejected_with_the_combination() {
    let mut doc = example();
    doc["routing"].as_object_mut().unwrap().remove("fallback");
    let found = problems(&doc);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "routing");
    assert_eq!(
        found[0].1,
        "can leave a lead unassigned: no rule covers territory \"unmapped\", segment \"smb\", \
         product \"analytics\" (and 11 more combinations); add a rule for it or a `fallback`"
    );
    // A catch-all rule covers them as well as a fallback does.
    doc["routing"]["rules"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "id": "rest", "pool": "global-inbound" }));
    assert_eq!(problems(&doc), []);
    // Covering every combination but one names exactly that one.
    let rules = doc["routing"]["rules"].as_array_mut().unwrap();
    rules.pop();
    rules.push(json!({ "id": "rest", "when": { "segment": ["smb", "mid-market", "enterprise"] }, "pool": "global-inbound" }));
    rules.push(json!({ "id": "rest-2", "when": { "territory": ["unmapped"], "product": ["analytics", "api"] }, "pool": "global-inbound" }));
    let found = problems(&doc);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .1
            .contains("territory \"unmapped\", segment \"unknown\", product \"none\";"),
        "{}",
        found[0].1
    );
}

#[test]
fn every_problem_is_reported_with_its_path() {
    let mut doc = example();
    doc["team"]["ben"]["manager"] = json!("leee");
    doc["calendars"]["emea"]["timeZone"] = json!("Europe/Berln");
    doc["routing"]["rules"][1]["when"]["territory"] = json!(["latam"]);
    doc["routing"]["pools"]["na-sdr"]["members"] = json!(["ben", "zoe"]);
    doc["sla"]["signals"][1]["when"]["rules"] = json!(["pricing"]);
    doc["sla"]["signals"][2]["within"] = json!({ "businessHours": 24, "minutes": 5 });
    doc["handoff"]["approaches"][0]["template"] = json!("Hi {{fname}}");
    doc["rejection"]["reasons"][4]["minContactAttempts"] = json!(0);
    doc["rejection"]["reasons"][5]["policy"] = json!("merge");
    doc["handof"] = json!({});
    let found = paths(&doc);
    assert_eq!(
        found,
        [
            "handof",
            "calendars.emea.timeZone",
            "team.ben.manager",
            "routing.pools.na-sdr.members[1]",
            "routing.rules[1].when.territory[0]",
            "sla.signals[1].when.rules[0]",
            "sla.signals[2].within",
            "handoff.approaches[0].template",
            "rejection.reasons[4].minContactAttempts",
            "rejection.reasons[5].policy",
        ]
    );
    let messages: Vec<String> = problems(&doc).into_iter().map(|(_, m)| m).collect();
    assert!(
        messages[0].contains("did you mean `handoff`?"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].contains("did you mean \"Europe/Berlin\"?"),
        "{}",
        messages[1]
    );
    assert!(
        messages[4].contains("expected one of: apac, emea, na, unmapped"),
        "{}",
        messages[4]
    );
    assert!(
        messages[8].contains("\"no response\" needs a minimum number"),
        "{}",
        messages[8]
    );
}

#[test]
fn no_response_is_never_final_and_escalating_to_a_manager_needs_one() {
    let mut doc = example();
    doc["rejection"]["reasons"][4] =
        json!({ "id": "noResponse", "policy": "disqualify", "minContactAttempts": 3 });
    assert_eq!(paths(&doc), ["rejection.reasons[4].policy"]);
    let mut doc = example();
    doc["team"]["hana"]
        .as_object_mut()
        .unwrap()
        .remove("manager");
    let found = problems(&doc);
    assert_eq!(found[0].0, "sla.escalation[0].to");
    assert!(found[0].1.contains("\"hana\""), "{}", found[0].1);
}

#[test]
fn the_last_sla_signal_must_catch_every_mql() {
    let mut doc = example();
    doc["sla"]["signals"].as_array_mut().unwrap().pop();
    assert_eq!(paths(&doc), ["sla.signals[1]"]);
}

#[test]
fn the_version_and_shape_are_checked() {
    let found = problems(&json!({ "version": 2 }));
    let found: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        found,
        [
            "version",
            "calendars",
            "team",
            "marketingOwner",
            "routing",
            "sla"
        ]
    );
    assert_eq!(paths(&json!([1])), [""]);
    assert!(validate_playbook("{", &model())[0]
        .message
        .contains("not valid JSON"));
}
