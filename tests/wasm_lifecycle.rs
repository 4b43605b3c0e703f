//! The lifecycle's JavaScript boundary, run in Node by wasm-bindgen-test: a lead from score to
//! MQL to SAL, real `PlaybookError`, `TransitionError` and `InputError` objects, and a
//! `Lifecycle` that keeps working after every kind of bad input. The golden lifecycle scenarios
//! run here too: the same transitions give the same records natively and in Wasm.
#![cfg(all(target_arch = "wasm32", feature = "lifecycle"))]

use js_sys::{Array, Reflect, JSON};
use leadscore::wasm::{validate_playbook, Lifecycle, Scorer};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const MODEL: &str = include_str!("../examples/models/b2b-default.json");
const PLAYBOOK: &str = include_str!("../examples/playbooks/b2b-default.json");
const LEADS: &str = include_str!("../examples/leads/b2b-leads.json");
const NOW: &str = "2026-11-20T17:00:00Z";

fn js(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

fn to_json(value: &JsValue) -> Value {
    serde_json::from_str(&String::from(JSON::stringify(value).unwrap())).unwrap()
}

fn options(value: Value) -> Option<js_sys::Object> {
    Some(js(&value.to_string()).unchecked_into())
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

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
    let scorer = Scorer::new(MODEL.into()).unwrap();
    let score = scorer
        .score(lead(0), options(json!({ "asOf": NOW })))
        .unwrap();
    let record = lifecycle
        .new_record(
            "lead-001".into(),
            options(json!({ "now": "2026-11-01T00:00:00Z" })),
        )
        .unwrap();
    let action = js_sys::Object::new();
    Reflect::set(&action, &"type".into(), &"scoreUpdate".into()).unwrap();
    Reflect::set(&action, &"score".into(), &score).unwrap();
    Reflect::set(&action, &"lead".into(), &lead(0)).unwrap();
    let outcome = lifecycle
        .apply(record, action.into(), options(json!({ "now": NOW })))
        .unwrap();
    get(&outcome, "record")
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

/// Runs a golden scenario (see tests/lifecycle_golden.rs) through the binding.
fn golden(case: &str) {
    let case: Value = serde_json::from_str(case).unwrap();
    let scorer = Scorer::new(MODEL.into()).unwrap();
    let lifecycle = lifecycle();
    let mut lead = case["lead"].clone();
    let start = json!({ "now": case["start"] });
    let mut record = lifecycle
        .new_record(lead["id"].as_str().unwrap().into(), options(start))
        .unwrap();
    let mut routing = Value::Null;
    let mut outcomes = Vec::new();
    for step in case["steps"].as_array().unwrap() {
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
            let score = scorer
                .score(
                    js(&lead.to_string()),
                    options(json!({ "asOf": step["now"] })),
                )
                .unwrap();
            action["score"] = to_json(&score);
            action["lead"] = lead.clone();
        }
        let opts = json!({ "now": step["now"], "routing": routing });
        match lifecycle.apply(record.clone(), js(&action.to_string()), options(opts)) {
            Ok(outcome) => {
                let status = lifecycle
                    .sla_status(
                        get(&outcome, "record"),
                        options(json!({ "now": step["now"] })),
                    )
                    .unwrap();
                let mut value = to_json(&outcome);
                value["slaStatus"] = to_json(&status);
                record = get(&outcome, "record");
                routing = value["routing"].clone();
                outcomes.push(value);
            }
            Err(error) => {
                let field = |key: &str| get(&error, key).as_string().unwrap();
                outcomes.push(json!({ "error": {
                    "code": field("code"), "message": field("message"), "stage": field("stage"), "action": field("action")
                } }));
            }
        }
    }
    assert_eq!(Value::Array(outcomes), case["expected"]);
}

#[wasm_bindgen_test]
fn golden_lifecycle_scenarios_match_the_native_build() {
    golden(include_str!("golden-lifecycle/hand-raiser-escalated.json"));
    golden(include_str!(
        "golden-lifecycle/recycled-and-requalified.json"
    ));
}
