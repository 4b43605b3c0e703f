//! The lifecycle's JavaScript boundary, run in Node by wasm-bindgen-test: a lead from score to
//! MQL to SAL, real `PlaybookError`, `TransitionError` and `InputError` objects, and a
//! `Lifecycle` that keeps working after every kind of bad input. Every golden lifecycle scenario
//! of `tests/golden-lifecycle/` runs here too, through the Wasm scenario driver
//! (`common/wasm/scenario.rs`): the same transitions give the same records natively and in Wasm.
#![cfg(all(target_arch = "wasm32", feature = "lifecycle"))]

mod common;

use common::golden::{check_golden, LIFECYCLE};
use common::wasm::scenario::{golden_outcomes, Scenario};
use common::wasm::{get, js, options, to_json};
use js_sys::{Array, Reflect};
use leadscore::wasm::{validate_playbook, Lifecycle, Scorer};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const MODEL: &str = include_str!("../examples/models/b2b-default.json");
const PLAYBOOK: &str = include_str!("../examples/playbooks/b2b-default.json");
const LEADS: &str = include_str!("../examples/leads/b2b-leads.json");
const NOW: &str = "2026-11-20T17:00:00Z";

fn lifecycle() -> Lifecycle {
    Lifecycle::new(PLAYBOOK.into(), MODEL.into()).unwrap()
}

fn lead(index: u32) -> JsValue {
    Array::from(&js(LEADS)).get(index)
}

fn expect_error(result: Result<JsValue, JsValue>, name: &str) -> JsValue {
    let error = result.expect_err("should have thrown");
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "a real Error object"
    );
    assert_eq!(get(&error, "name").as_string().as_deref(), Some(name));
    error
}

/// Scores lead-001 and applies the update: the lead becomes Ana's MQL.
fn mql(lifecycle: &Lifecycle) -> JsValue {
    let scorer = Scorer::new(MODEL.into(), None).unwrap();
    let lead = to_json(&lead(0));
    let mut scenario = Scenario::new(scorer, lifecycle, lead, "2026-11-01T00:00:00Z");
    let update = json!({ "now": NOW, "action": { "type": "scoreUpdate" } });
    scenario.step(&update).unwrap_or_else(|e| panic!("{e:?}"));
    scenario.record
}

fn assert_still_works(lifecycle: &Lifecycle) {
    let record = mql(lifecycle);
    assert_eq!(get(&record, "stage").as_string().as_deref(), Some("mql"));
    assert_eq!(get(&record, "owner").as_string().as_deref(), Some("ana"));
}

#[wasm_bindgen_test]
fn a_lead_becomes_an_mql_and_is_accepted() {
    let lifecycle = lifecycle();
    let record = mql(&lifecycle);
    let sla = get(&record, "sla");
    assert_eq!(
        get(&sla, "dueAt").as_string().as_deref(),
        Some("2026-11-20T21:00:00.000Z")
    );
    let outcome = lifecycle
        .apply(
            record,
            js(r#"{"type":"accept"}"#),
            options(json!({ "now": "2026-11-20T18:00:00Z" })),
        )
        .unwrap();
    let record = to_json(&get(&outcome, "record"));
    assert_eq!(record["stage"], "sal");
    assert_eq!(record["history"][1]["from"], "mql");
    assert_eq!(to_json(&get(&outcome, "effects")), json!([]));
    let status = lifecycle
        .sla_status(
            js(&record.to_string()),
            options(json!({ "now": "2026-11-20T20:30:00Z" })),
        )
        .unwrap();
    assert_eq!(
        get(&status, "state").as_string().as_deref(),
        Some("dueSoon")
    );
    let reasons = to_json(&lifecycle.reasons().unwrap());
    assert_eq!(reasons[4]["id"], "noResponse");
    assert_eq!(reasons[4]["minContactAttempts"], 3);
}

#[wasm_bindgen_test]
fn illegal_transitions_throw_a_transition_error() {
    let lifecycle = lifecycle();
    let record = lifecycle
        .new_record(JsValue::from(42), options(json!({ "now": NOW })))
        .unwrap();
    assert_eq!(get(&record, "leadId").as_string().as_deref(), Some("42"));
    let error = expect_error(
        lifecycle.apply(
            record.clone(),
            js(r#"{"type":"accept"}"#),
            options(json!({ "now": NOW })),
        ),
        "TransitionError",
    );
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("illegalTransition")
    );
    assert_eq!(get(&error, "stage").as_string().as_deref(), Some("lead"));
    assert_eq!(get(&error, "action").as_string().as_deref(), Some("accept"));
    let mql = mql(&lifecycle);
    let error = expect_error(
        lifecycle.apply(
            mql,
            js(r#"{"type":"reject","reason":"noResponse"}"#),
            options(json!({ "now": NOW })),
        ),
        "TransitionError",
    );
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("notEnoughContactAttempts")
    );
    assert_still_works(&lifecycle);
}

#[wasm_bindgen_test]
fn bad_input_throws_an_input_error_with_a_path_and_the_lifecycle_keeps_working() {
    let lifecycle = lifecycle();
    let good = lifecycle
        .new_record("lead-001".into(), options(json!({ "now": NOW })))
        .unwrap();
    let good_text = to_json(&good).to_string();
    let cases: Vec<(JsValue, JsValue, Value, &str)> = vec![
        (
            good.clone(),
            js(r#"{"type":"fly"}"#),
            json!({ "now": NOW }),
            "action.type",
        ),
        (
            good.clone(),
            js(r#"{"reason":"x"}"#),
            json!({ "now": NOW }),
            "action.type",
        ),
        (
            good.clone(),
            js(r#"{"type":"accept","reason":"x"}"#),
            json!({ "now": NOW }),
            "action.reason",
        ),
        (
            good.clone(),
            js(r#"{"type":"scoreUpdate","score":{},"lead":{"id":"x"}}"#),
            json!({ "now": NOW }),
            "action.score",
        ),
        (
            good.clone(),
            js(
                r#"{"type":"scoreUpdate","score":{"leadId":"x","asOf":0,"fit":0,"intent":0,"total":0,"mql":false},"lead":{"id":"x","events":[{"type":"visit","at":"soon"}]}}"#,
            ),
            json!({ "now": NOW }),
            "action.lead.events[0].at",
        ),
        (
            js(&good_text.replace("\"lead\",", "\"won\",")),
            js(r#"{"type":"accept"}"#),
            json!({ "now": NOW }),
            "record.stage",
        ),
        (
            js(r#"{"version":1}"#),
            js(r#"{"type":"accept"}"#),
            json!({ "now": NOW }),
            "record",
        ),
        (
            good.clone(),
            js(r#"{"type":"timePasses"}"#),
            json!({ "now": "later" }),
            "now",
        ),
        (
            good.clone(),
            js(r#"{"type":"timePasses"}"#),
            json!({ "now": NOW, "routing": { "cursors": { "na-sdr": -1 } } }),
            "routing.cursors.na-sdr",
        ),
        (
            JsValue::UNDEFINED,
            js(r#"{"type":"timePasses"}"#),
            json!({ "now": NOW }),
            "record",
        ),
        (
            "{".into(),
            js(r#"{"type":"timePasses"}"#),
            json!({ "now": NOW }),
            "record",
        ),
    ];
    for (record, action, opts, path) in cases {
        let error = expect_error(lifecycle.apply(record, action, options(opts)), "InputError");
        assert_eq!(get(&error, "path").as_string().as_deref(), Some(path));
        assert_still_works(&lifecycle);
    }
    expect_error(lifecycle.new_record(JsValue::from(1.5), None), "InputError");
    let error = expect_error(
        lifecycle.due_at(js(
            r#"{"calendar":"us-east","start":0,"within":{"weeks":1}}"#,
        )),
        "InputError",
    );
    assert_eq!(
        get(&error, "path").as_string().as_deref(),
        Some("within.weeks")
    );
    let due = lifecycle
        .due_at(js(
            r#"{"calendar":"emea","start":"2026-03-27T15:30:00Z","within":{"businessHours":2}}"#,
        ))
        .unwrap();
    // Friday 16:30 CET, open until 16:00 on Fridays: Monday 09:00 CEST + 2h is 11:00 CEST.
    assert_eq!(due.as_string().as_deref(), Some("2026-03-30T09:00:00.000Z"));
    assert_still_works(&lifecycle);
}

#[wasm_bindgen_test]
fn a_bad_playbook_throws_a_playbook_error_with_every_path() {
    let mut doc: Value = serde_json::from_str(PLAYBOOK).unwrap();
    doc["routing"].as_object_mut().unwrap().remove("fallback");
    doc["calendars"]["us-east"]["timeZone"] = json!("America/NewYork");
    let error = match Lifecycle::new(js(&doc.to_string()), MODEL.into()) {
        Ok(_) => panic!("should have thrown"),
        Err(error) => error,
    };
    assert!(error.is_instance_of::<js_sys::Error>());
    assert_eq!(
        get(&error, "name").as_string().as_deref(),
        Some("PlaybookError")
    );
    assert_eq!(
        get(&error, "path").as_string().as_deref(),
        Some("calendars.us-east.timeZone")
    );
    let paths: Vec<String> = Array::from(&get(&error, "errors"))
        .iter()
        .map(|e| get(&e, "path").as_string().unwrap())
        .collect();
    assert_eq!(paths, ["calendars.us-east.timeZone", "routing"]);
    let issues = to_json(&validate_playbook(js(&doc.to_string()), MODEL.into()).into());
    assert_eq!(issues.as_array().unwrap().len(), 2);
    let model_issue = to_json(&validate_playbook(PLAYBOOK.into(), "{}".into()).into());
    assert_eq!(model_issue[0]["path"], "model.version");
    match Lifecycle::new(PLAYBOOK.into(), "{".into()) {
        Ok(_) => panic!("should have thrown"),
        Err(error) => assert_eq!(
            get(&error, "name").as_string().as_deref(),
            Some("ModelError")
        ),
    }
    assert_still_works(&lifecycle());
}

#[wasm_bindgen_test]
fn routing_round_robin_state_goes_in_and_out() {
    let lifecycle = lifecycle();
    let pool_lead = lead(5); // Mercy Health: the North America SDR pool
    let first = lifecycle.route(pool_lead.clone(), None).unwrap();
    assert_eq!(get(&first, "owner").as_string().as_deref(), Some("ben"));
    let routing = get(&first, "routing");
    assert_eq!(
        to_json(&routing),
        json!({ "version": 1, "cursors": { "na-sdr": 1 } })
    );
    let opts: js_sys::Object = js_sys::Object::new();
    Reflect::set(&opts, &"routing".into(), &routing).unwrap();
    let second = lifecycle.route(pool_lead, Some(opts)).unwrap();
    assert_eq!(get(&second, "owner").as_string().as_deref(), Some("cara"));
    assert_eq!(to_json(&get(&second, "key"))["segment"], "mid-market");
}

/// Every file of tests/golden-lifecycle, read in Node at run time as the native runner reads
/// it, each with its own model and playbook.
#[wasm_bindgen_test]
fn golden_lifecycle_scenarios_match_the_native_build() {
    check_golden(LIFECYCLE, 2, golden_outcomes);
}
