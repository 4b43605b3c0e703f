//! A model's `accounts` section: the example's compiles, every problem in a bad one is reported
//! with its path (a signal or the MQA policy naming a role the section does not define
//! included), and the section does not touch the lead side (its fingerprint keeps saved states).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::repo_json;
use leadscore::model::accounts::RollupMethod;
use leadscore::{validate_model, Model};
use serde_json::{json, Value};

fn with_accounts(accounts: Value) -> Value {
    json!({"version": 1, "mql": {"threshold": 50}, "accounts": accounts})
}

fn paths(model: Value) -> Vec<String> {
    validate_model(&model.to_string())
        .into_iter()
        .map(|issue| issue.path)
        .collect()
}

#[test]
fn the_example_section_compiles_with_its_defaults_filled_in() {
    let model = Model::from_json(&repo_json("examples/models/b2b-default.json").to_string())
        .expect("the example model compiles");
    let accounts = model.accounts.expect("the example has an accounts section");
    assert_eq!(accounts.rollup.fit.method, RollupMethod::Best);
    assert_eq!(accounts.rollup.intent.method, RollupMethod::SumTop(3));
    assert_eq!(accounts.roles.len(), 3);
    assert_eq!(accounts.mqa.required_roles, [0]);
    assert_eq!(accounts.max_contacts, 1_000);
    let minimal = Model::from_json(&with_accounts(json!({"mqa": {"threshold": 100}})).to_string())
        .unwrap()
        .accounts
        .unwrap();
    assert_eq!(minimal.key.attribute.text, "accountId");
    assert_eq!(minimal.engaged_ms, 14 * 86_400_000);
    assert!(minimal.key.built_in_free_mail);
}

#[test]
fn every_problem_in_the_section_has_its_path() {
    let found = paths(with_accounts(json!({
        "key": {"attribute": "", "freeMailDomains": ["gmail", "x@y.com"], "typo": 1},
        "rollup": {"fit": {"method": "best", "top": 2}, "intent": {"method": "sumTop"},
                   "total": {"cap": -1}},
        "engagedDays": 0,
        "roles": [
            {"id": "buyer", "where": {"title": {"containsAny": ["ceo"]}}},
            {"id": "buyer", "where": {}},
            {"id": "user"}
        ],
        "signals": [{"id": "s", "engagedContacts": 0, "days": 7, "roles": ["champion"]}],
        "mqa": {"requiredRoles": ["economic-buyer"], "minRoles": 4},
        "bands": [{"name": "a"}, {"name": "b"}],
        "maxContacts": 20000
    })));
    for expected in [
        "accounts.key.attribute",
        "accounts.key.freeMailDomains[0]",
        "accounts.key.freeMailDomains[1]",
        "accounts.key.typo",
        "accounts.rollup.fit.top",
        "accounts.rollup.intent.top",
        "accounts.rollup.total.cap",
        "accounts.engagedDays",
        "accounts.roles[1].id",
        "accounts.roles[1].where",
        "accounts.roles[2].where",
        "accounts.signals[0].engagedContacts",
        "accounts.signals[0].roles[0]",
        "accounts.mqa.threshold",
        "accounts.mqa.requiredRoles[0]",
        "accounts.mqa.minRoles",
        "accounts.bands[1].min",
        "accounts.maxContacts",
    ] {
        assert!(
            found.iter().any(|p| p == expected),
            "{expected} not in {found:?}"
        );
    }
}

#[test]
fn an_unknown_role_is_named_with_the_known_ones() {
    let issues = validate_model(
        &with_accounts(json!({
            "roles": [{"id": "champion", "where": {"title": {"containsAny": ["director"]}}}],
            "mqa": {"threshold": 100, "requiredRoles": ["economic-buyer"]}
        }))
        .to_string(),
    );
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0].path, "accounts.mqa.requiredRoles[0]");
    assert_eq!(
        issues[0].message,
        "no role \"economic-buyer\" in accounts.roles (known: champion)"
    );
}

#[test]
fn a_missing_mqa_policy_says_what_it_needs() {
    let issues = validate_model(&with_accounts(json!({"engagedDays": 7})).to_string());
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0].path, "accounts.mqa");
    assert!(
        issues[0].message.starts_with("is required"),
        "{}",
        issues[0].message
    );
}

#[test]
fn the_accounts_section_leaves_lead_states_valid() {
    let example = repo_json("examples/models/b2b-default.json");
    let mut without = example.clone();
    without.as_object_mut().unwrap().remove("accounts");
    let mut tuned = example.clone();
    tuned["accounts"]["mqa"]["threshold"] = json!(90);
    let fingerprint = |doc: &Value| Model::from_json(&doc.to_string()).unwrap().fingerprint;
    assert_eq!(fingerprint(&example), fingerprint(&without));
    assert_eq!(fingerprint(&example), fingerprint(&tuned));
    let mut lead_side = example.clone();
    lead_side["mql"]["threshold"] = json!(55);
    assert_ne!(fingerprint(&example), fingerprint(&lead_side));
}
