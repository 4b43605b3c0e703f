//! Account scoring through the JavaScript binding, run in Node by wasm-bindgen-test: every golden
//! case of `tests/golden-accounts/` (read in Node at run time, as the native runner reads it), so
//! the Wasm build must match the native expectations to the bit, and (with the lifecycle) of
//! `tests/golden-account-handoff/`; and errors with their paths.
#![cfg(all(target_arch = "wasm32", feature = "accounts"))]

mod common;

#[cfg(feature = "lifecycle")]
use common::golden::ACCOUNT_HANDOFF;
use common::golden::{check_golden, model_text, ACCOUNTS};
use common::wasm::{get, js, options, to_json};
use leadscore::wasm::{AccountScorer, Scorer};
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const MODEL: &str = include_str!("../examples/models/b2b-default.json");

/// A golden case's accounts through the binding, with the case's own model.
fn golden_accounts(case: &Value) -> Value {
    let scorer = Scorer::new(model_text(case).into(), None).unwrap_or_else(|e| panic!("{e:?}"));
    let accounts = AccountScorer::new(&scorer).unwrap_or_else(|e| panic!("{e:?}"));
    let result = accounts
        .score_accounts(
            case["leads"].to_string().into(),
            options(json!({ "asOf": case["asOf"] })),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
    to_json(&result)
}

#[wasm_bindgen_test]
fn golden_account_cases_match_the_native_build() {
    check_golden(ACCOUNTS, 4, golden_accounts);
}

/// A golden handoff case through the binding: every MQA routed (the routing state handed on)
/// and handed off, as the native runner writes them.
#[cfg(feature = "lifecycle")]
fn golden_handoffs(case: &Value) -> Value {
    use common::repo_file;
    use leadscore::wasm::Lifecycle;
    let model = model_text(case);
    let scorer = Scorer::new(model.clone().into(), None).unwrap();
    let playbook = repo_file(case["playbook"].as_str().unwrap());
    let lifecycle =
        Lifecycle::new(playbook.into(), model.into()).unwrap_or_else(|e| panic!("{e:?}"));
    let scored = AccountScorer::new(&scorer)
        .unwrap()
        .score_accounts(
            case["leads"].to_string().into(),
            options(json!({ "asOf": case["asOf"] })),
        )
        .unwrap();
    let mut routing = json!({});
    let mut handoffs = Vec::new();
    for account in to_json(&scored)["accounts"].as_array().unwrap() {
        if account["mqa"] != true {
            continue;
        }
        let routed = lifecycle
            .route_account(
                account.to_string().into(),
                options(json!({ "attributes": case["attributes"], "routing": routing })),
            )
            .unwrap_or_else(|e| panic!("{e:?}"));
        let mut assignment = to_json(&routed);
        routing = assignment["routing"].take();
        assignment.as_object_mut().unwrap().remove("routing");
        let handoff = lifecycle
            .account_handoff(
                account.to_string().into(),
                options(json!({ "owner": assignment["owner"], "now": case["asOf"] })),
            )
            .unwrap_or_else(|e| panic!("{e:?}"));
        handoffs.push(json!({
            "accountId": account["accountId"],
            "assignment": assignment,
            "routing": routing,
            "handoff": to_json(&handoff),
        }));
    }
    Value::Array(handoffs)
}

#[cfg(feature = "lifecycle")]
#[wasm_bindgen_test]
fn golden_account_handoffs_match_the_native_build() {
    check_golden(ACCOUNT_HANDOFF, 2, golden_handoffs);
}

fn assert_error(error: JsValue, name: &str, path: &str) {
    assert_eq!(get(&error, "name").as_string().as_deref(), Some(name));
    assert_eq!(get(&error, "path").as_string().as_deref(), Some(path));
}

#[wasm_bindgen_test]
fn bad_input_is_an_error_at_its_path_and_the_scorer_keeps_working() {
    let scorer = Scorer::new(MODEL.into(), None).unwrap();
    let accounts = AccountScorer::new(&scorer).unwrap();
    let two_ids =
        js(r#"{"id":"x","attributes":{"accountId":["A-1","A-2"],"email":"x@acme.example"}}"#);
    assert_error(
        accounts.account_of(two_ids).unwrap_err(),
        "InputError",
        "attributes.accountId",
    );
    let bad_contact = js(r#"[{"attributes":{"title":"CEO"},"score":{"fit":"high"}}]"#);
    assert_error(
        accounts.roll_up(bad_contact, None).unwrap_err(),
        "InputError",
        "[0].score.fit",
    );
    let lead = js(r#"{"id":"x","attributes":{"email":"x@acme.example"}}"#);
    assert_eq!(
        to_json(&accounts.account_of(lead).unwrap()),
        json!({"accountId": "acme.example", "keyedBy": "domain"})
    );
    let without = Scorer::new(r#"{"version":1,"mql":{"threshold":50}}"#.into(), None).unwrap();
    assert_error(
        AccountScorer::new(&without).err().unwrap(),
        "ModelError",
        "accounts",
    );
}
