//! The JavaScript boundary, run in Node by wasm-bindgen-test: real `Error` objects with names
//! and paths, every form of `asOf`, batches, and a module that keeps working after bad input.
//! Every golden case of `tests/golden/` runs here too, read in Node at run time (see
//! `common/files.rs`), so the Wasm build must match the native expectations to the bit.
#![cfg(target_arch = "wasm32")]

mod common;

use common::golden::{check_golden, model_text, SCORING};
use common::wasm::{get, js, options, to_json};
use js_sys::{Array, Date, JSON};
use leadscore::wasm::{validate_model, Scorer};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const MODEL: &str = include_str!("../examples/models/b2b-default.json");
const LEADS: &str = include_str!("../examples/leads/b2b-leads.json");
const AS_OF: &str = "2026-11-20T17:00:00Z";

fn scorer() -> Scorer {
    Scorer::new(MODEL.into(), None).unwrap()
}

fn first_lead() -> JsValue {
    Array::from(&js(LEADS)).get(0)
}

fn expect_error(result: Result<JsValue, JsValue>, name: &str, path: &str) -> JsValue {
    let error = result.expect_err("should have thrown");
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "a real Error object"
    );
    assert_eq!(get(&error, "name").as_string().as_deref(), Some(name));
    assert_eq!(get(&error, "path").as_string().as_deref(), Some(path));
    error
}

/// The known-good score of the first example lead, to prove the scorer still works.
fn assert_still_scores(scorer: &Scorer) {
    let result = scorer
        .score(first_lead(), options(json!({ "asOf": AS_OF })))
        .unwrap();
    assert_eq!(get(&result, "total").as_f64(), Some(95.0));
}

#[wasm_bindgen_test]
fn scores_from_an_object_or_json_text() {
    let scorer = scorer();
    let from_object = scorer
        .score(first_lead(), options(json!({ "asOf": AS_OF })))
        .unwrap();
    let text = String::from(JSON::stringify(&first_lead()).unwrap());
    let from_text = scorer
        .score(text.into(), options(json!({ "asOf": AS_OF })))
        .unwrap();
    assert_eq!(to_json(&from_object), to_json(&from_text));
    assert_eq!(get(&from_object, "mql").as_bool(), Some(true));
    assert_eq!(
        get(&from_object, "crossedAt").as_string().as_deref(),
        Some("2026-11-13T16:45:00.000Z")
    );
    let from_model_object = Scorer::new(js(MODEL), None).unwrap();
    assert_eq!(
        from_model_object.model_name().as_deref(),
        Some("B2B default")
    );
}

#[wasm_bindgen_test]
fn as_of_may_be_a_date_text_or_epoch_milliseconds() {
    let scorer = scorer();
    let date = Date::new(&JsValue::from_str(AS_OF));
    let by_date = scorer
        .score(
            first_lead(),
            Some(
                js_sys::Object::from_entries(&Array::of1(&Array::of2(&"asOf".into(), &date)))
                    .unwrap(),
            ),
        )
        .unwrap();
    let by_text = scorer
        .score(first_lead(), options(json!({ "asOf": AS_OF })))
        .unwrap();
    let by_number = scorer
        .score(first_lead(), options(json!({ "asOf": date.get_time() })))
        .unwrap();
    assert_eq!(to_json(&by_date), to_json(&by_text));
    assert_eq!(to_json(&by_number), to_json(&by_text));
    // Without asOf, the binding reads the clock: the result is stamped with a current time.
    let now = scorer.score(first_lead(), None).unwrap();
    let stamped = Date::new(&get(&now, "asOf")).get_time();
    assert!((stamped - Date::now()).abs() < 60_000.0);
}

#[wasm_bindgen_test]
fn a_bad_model_throws_a_model_error_listing_every_problem() {
    let bad = r#"{"version": 1, "intent": {"rules": [
        {"id": "a", "event": "x", "points": 1, "decay": {"kind": "exponential", "halfLifeDays": -2}},
        {"id": "b", "event": "y", "points": "ten"}]}, "mql": {}}"#;
    let error = expect_error(
        Scorer::new(bad.into(), None).map(JsValue::from),
        "ModelError",
        "intent.rules[0].decay.halfLifeDays",
    );
    let errors = Array::from(&get(&error, "errors"));
    let paths: Vec<String> = errors
        .iter()
        .map(|e| get(&e, "path").as_string().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "intent.rules[0].decay.halfLifeDays",
            "intent.rules[1].points",
            "mql.threshold"
        ]
    );
    let message = get(&error, "message").as_string().unwrap();
    assert!(message.contains("must be more than 0 days"), "{message}");
    expect_error(
        Scorer::new("{not json".into(), None).map(JsValue::from),
        "ModelError",
        "",
    );
    expect_error(
        Scorer::new(JsValue::UNDEFINED, None).map(JsValue::from),
        "ModelError",
        "",
    );
    let issues = validate_model(bad.into());
    assert_eq!(issues.length(), 3);
    assert_eq!(validate_model(MODEL.into()).length(), 0);
}

#[wasm_bindgen_test]
fn bad_input_throws_an_input_error_and_the_scorer_keeps_working() {
    let scorer = scorer();
    let cases: [(&str, Option<&str>, &str); 7] = [
        (
            r#"{"id":"x","events":[{"type":"visit","at":"someday"}]}"#,
            None,
            "events[0].at",
        ),
        (
            r#"{"id":"x","events":[{"at":"2026-11-20T10:00:00Z"}]}"#,
            None,
            "events[0]",
        ),
        (r#"{"events":[]}"#, None, ""),
        (r#"{"id":"x","attributes":[]}"#, None, "attributes"),
        (r#"{"id":"x"}"#, Some(r#"{"asOf":"tomorrow"}"#), "asOf"),
        (r#"{"id":"x"}"#, Some(r#"{"asOf":true}"#), "asOf"),
        (r#"{"id":"x"}"#, Some(r#"{"asOf":1e300}"#), "asOf"),
    ];
    for (lead, opts, path) in cases {
        expect_error(
            scorer.score(js(lead), opts.map(|text| js(text).unchecked_into())),
            "InputError",
            path,
        );
        assert_still_scores(&scorer);
    }
    let invalid_date = Date::new(&JsValue::from_str("not a date"));
    let opts =
        js_sys::Object::from_entries(&Array::of1(&Array::of2(&"asOf".into(), &invalid_date)))
            .unwrap();
    expect_error(scorer.score(first_lead(), Some(opts)), "InputError", "asOf");
    expect_error(scorer.score("{".into(), None), "InputError", "");
    expect_error(scorer.score(JsValue::NULL, None), "InputError", "");
    assert_still_scores(&scorer);
    // A fresh scorer after all that still compiles and scores.
    assert_still_scores(&Scorer::new(MODEL.into(), None).unwrap());
}

#[wasm_bindgen_test]
fn batches_throw_or_collect() {
    let scorer = scorer();
    let results = scorer
        .score_batch(js(LEADS), options(json!({ "asOf": AS_OF })))
        .unwrap();
    let totals: Vec<f64> = Array::from(&results)
        .iter()
        .map(|r| get(&r, "total").as_f64().unwrap())
        .collect();
    assert_eq!(totals, [95.0, 60.0, 10.0, 85.0, 35.0, 75.0, 70.0, 30.0]);
    let mixed = js(r#"[{"id":"ok"},{"id":"bad","events":[{"type":"v","at":"x"}]},{"id":"ok2"}]"#);
    expect_error(
        scorer.score_batch(mixed.clone(), None),
        "InputError",
        "[1].events[0].at",
    );
    let collected = Array::from(
        &scorer
            .score_batch(mixed, options(json!({ "onError": "collect" })))
            .unwrap(),
    );
    assert_eq!(collected.length(), 3);
    let failed = collected.get(1);
    assert_eq!(get(&failed, "leadId").as_string().as_deref(), Some("bad"));
    assert_eq!(
        get(&get(&failed, "error"), "path").as_string().as_deref(),
        Some("[1].events[0].at")
    );
    assert_eq!(
        get(&collected.get(2), "leadId").as_string().as_deref(),
        Some("ok2")
    );
    expect_error(
        scorer.score_batch(js("[]"), options(json!({ "onError": "sometimes" }))),
        "InputError",
        "onError",
    );
    expect_error(
        scorer.score_batch(js(r#"{"id":"not an array"}"#), None),
        "InputError",
        "",
    );
    assert_still_scores(&scorer);
}

/// A golden case's result through the binding, with the case's own model.
fn golden_result(case: &Value) -> Value {
    let scorer = Scorer::new(model_text(case).into(), None).unwrap_or_else(|e| panic!("{e:?}"));
    let result = scorer
        .score(
            case["lead"].to_string().into(),
            options(json!({ "asOf": case["asOf"] })),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
    to_json(&result)
}

/// Every file of tests/golden, read in Node at run time as the native runner reads it.
#[wasm_bindgen_test]
fn golden_cases_match_the_native_build() {
    check_golden(SCORING, 10, golden_result);
}

#[wasm_bindgen_test]
fn incremental_updates_match_full_scoring_and_bad_states_are_input_errors() {
    let scorer = scorer();
    let lead = first_lead();
    let header = js(
        r#"{"id":"lead-001","attributes":{"email":"maria.lopez@northwind-analytics.com","title":"VP of Marketing","companySize":850,"industry":"Software"}}"#,
    );
    let state = JsValue::from(js_sys::Uint8Array::from(
        scorer.init_state(header).unwrap().as_slice(),
    ));
    let opts = || options(json!({ "asOf": AS_OF }));
    let update = scorer
        .update(state.clone(), get(&lead, "events"), opts())
        .unwrap();
    let full = scorer.score(lead, opts()).unwrap();
    let mut expected = to_json(&full);
    // The full lead has more attributes than the header; only the scores must agree here.
    let actual = to_json(&get(&update, "result"));
    for key in [
        "fit",
        "intent",
        "total",
        "mql",
        "crossedAt",
        "crossingEvent",
        "contributions",
    ] {
        assert_eq!(actual[key], expected[key].take(), "{key}");
    }
    expect_error(
        scorer.update("nope".into(), js("[]"), opts()),
        "InputError",
        "state",
    );
    expect_error(
        scorer.update(
            js_sys::Uint8Array::new_with_length(4).into(),
            js("[]"),
            opts(),
        ),
        "InputError",
        "state",
    );
    assert!(get(&update, "state").is_instance_of::<js_sys::Uint8Array>());
    assert_still_scores(&scorer);
}
