//! Account-owned handoff with the example model and playbook: an MQA routed by the routing rules
//! on its attributes (or to its named account's owner), its leads then going to that owner
//! instead of the round robin, and the account handoff (engaged contacts with roles and strongest
//! signals, the recent window, missing roles with their plays, the SLA); bad input at its path;
//! and the golden handoffs of `tests/golden-account-handoff/`, which every tier reads.
#![cfg(all(feature = "lifecycle", not(target_arch = "wasm32")))]

mod common;

use common::accounts::{contact, example_model, score_accounts};
use common::golden::{check_golden, model_text, ACCOUNT_HANDOFF};
use common::scenario::example_lifecycle;
use common::{at, default_scorer, repo_file, repo_json};
use leadscore::lifecycle::{parse_account, AccountSnapshot, RoutingState};
use leadscore::parse_lead;
use leadscore::value::Value;
use serde_json::json;

/// The example golden account: three engaged contacts sharing the account id ACME-NW-001.
fn northwind() -> AccountSnapshot {
    let case = repo_json("tests/golden-accounts/example-01-account-id-attribute.json");
    let account = case["expected"]["accounts"][0].to_string();
    parse_account(&account).unwrap_or_else(|e| panic!("{e}"))
}

fn attributes(json: serde_json::Value) -> String {
    json.to_string()
}

#[test]
fn an_mqa_is_routed_by_its_attributes_and_its_leads_follow_it() {
    let scorer = default_scorer();
    let lifecycle = example_lifecycle(&scorer);
    let mut routing = RoutingState::default();
    let text = attributes(json!({"country": "US", "companySize": 850}));
    let account_attributes: Value = serde_json::from_str(&text).unwrap();
    let assignment = lifecycle.route_account(&northwind(), &account_attributes, &mut routing);
    // North America, mid-market: the "na" rule's pool, whose first member is ben.
    assert_eq!(
        (assignment.owner.as_str(), assignment.matched),
        ("ben", "rule")
    );
    assert_eq!(assignment.pool.as_deref(), Some("na-sdr"));
    assert_eq!(routing.account_owners["ACME-NW-001"], "ben");
    assert_eq!(routing.cursors["na-sdr"], 1);

    // A lead of the account goes to ben without turning the round robin; another lead of the
    // same territory gets the pool's next member.
    let lead = json!({"id": "new", "attributes": {"accountId": "ACME-NW-001", "country": "US", "companySize": 850}});
    let other = json!({"id": "other", "attributes": {"email": "x@elsewhere.example", "country": "US", "companySize": 850}});
    let (lead, other) = (lead.to_string(), other.to_string());
    let routed = lifecycle.route(&parse_lead(&lead).unwrap(), &mut routing);
    assert_eq!(
        (routed.owner.as_str(), routed.matched),
        ("ben", "accountOwner")
    );
    assert_eq!(routing.cursors["na-sdr"], 1);
    let routed = lifecycle.route(&parse_lead(&other).unwrap(), &mut routing);
    assert_eq!((routed.owner.as_str(), routed.matched), ("cara", "rule"));

    // The routing state stays plain data that reads back.
    let saved = serde_json::to_string(&routing).unwrap();
    assert!(
        saved.contains(r#""accountOwners":{"ACME-NW-001":"ben"}"#),
        "{saved}"
    );
    assert_eq!(
        leadscore::lifecycle::parse_routing_state(&saved).unwrap(),
        routing
    );
}

#[test]
fn a_named_account_keeps_its_owner() {
    let scorer = default_scorer();
    let lifecycle = example_lifecycle(&scorer);
    let leads = vec![contact(
        "v",
        "VP Sales",
        "v@northwind-analytics.com",
        &[("demo_request", "2026-11-20T09:00:00Z")],
    )];
    let result = score_accounts(&example_model(), &leads, "2026-11-20T17:00:00Z");
    let account = parse_account(&result["accounts"][0].to_string()).unwrap();
    assert_eq!(account.account_id, "northwind-analytics.com");
    let mut routing = RoutingState::default();
    let assignment = lifecycle.route_account(&account, &Value::Null, &mut routing);
    assert_eq!(
        (assignment.owner.as_str(), assignment.matched),
        ("ana", "namedAccount")
    );
    assert!(routing.cursors.is_empty());
}

#[test]
fn the_account_handoff_carries_the_buying_group_and_the_sla() {
    let scorer = default_scorer();
    let lifecycle = example_lifecycle(&scorer);
    let handoff = lifecycle.account_handoff(&northwind(), "ben", at("2026-11-20T17:00:00Z"));
    let handoff = serde_json::to_value(&handoff).unwrap();
    assert_eq!(handoff["accountId"], "ACME-NW-001");
    assert_eq!(handoff["owner"], "ben");
    assert_eq!(handoff["score"]["total"], 135);
    assert_eq!(handoff["score"]["crossedBy"], "n3");
    let engaged: Vec<(String, String, String)> = handoff["engagedContacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["leadId"].as_str().unwrap().into(),
                c["roles"][0].as_str().unwrap_or("").into(),
                c["strongestSignals"][0]["ruleId"]
                    .as_str()
                    .unwrap_or("")
                    .into(),
            )
        })
        .collect();
    assert_eq!(engaged.len(), 3, "{handoff:#}");
    assert_eq!(
        engaged[0],
        ("n3".into(), "champion".into(), "demo-request".into())
    );
    // The newest engagement first: the champion's demo request.
    assert_eq!(handoff["recent"]["activity"][0]["leadId"], "n3");
    assert_eq!(
        handoff["recent"]["activity"][0]["summary"],
        "N3 (Head of Analytics): Requested a demo"
    );
    assert_eq!(
        handoff["recent"]["signals"],
        json!([
            "3 or more contacts engaged in 14 days",
            "An economic buyer engaged in 30 days"
        ])
    );
    assert_eq!(handoff["missingRoles"], json!([]));
    // A hand-raiser among the engaged contacts: the fastest SLA.
    assert_eq!(handoff["sla"]["signal"], "handRaiser");
    assert_eq!(handoff["sla"]["window"], "5 business minutes");
    // Noon in New York on ben's calendar: five minutes later.
    assert_eq!(handoff["sla"]["dueAt"], "2026-11-20T17:05:00.000Z");
}

#[test]
fn missing_roles_come_with_their_plays_and_a_quiet_account_gets_the_slowest_sla() {
    let scorer = default_scorer();
    let lifecycle = example_lifecycle(&scorer);
    let leads = vec![
        contact(
            "c",
            "Marketing Manager",
            "c@globex.example",
            &[("content_download", "2026-11-19T10:00:00Z")],
        ),
        contact(
            "e",
            "Data Engineer",
            "e@globex.example",
            &[("visit", "2026-11-19T11:00:00Z")],
        ),
    ];
    let result = score_accounts(&example_model(), &leads, "2026-11-20T17:00:00Z");
    let account = parse_account(&result["accounts"][0].to_string()).unwrap();
    let handoff = lifecycle.account_handoff(&account, "ben", at("2026-11-20T17:00:00Z"));
    let handoff = serde_json::to_value(&handoff).unwrap();
    assert_eq!(handoff["missingRoles"][0]["roleId"], "economic-buyer");
    assert_eq!(handoff["missingRoles"][0]["required"], true);
    assert!(handoff["missingRoles"][0]["play"]
        .as_str()
        .unwrap()
        .starts_with("No economic buyer engaged yet"));
    assert_eq!(handoff["sla"]["signal"], "behavioral");
}

#[test]
fn a_malformed_account_is_an_input_error_at_its_path() {
    let error = parse_account(r#"{"accountId": 5}"#).unwrap_err();
    assert_eq!(error.path, "accountId", "{error}");
    let mut account = serde_json::to_value(
        score_accounts(
            &example_model(),
            &[contact("a", "CEO", "a@initech.example", &[])],
            "2026-11-20T17:00:00Z",
        )["accounts"][0]
            .clone(),
    )
    .unwrap();
    account["contacts"][0]["engaged"] = json!("yes");
    let error = parse_account(&account.to_string()).unwrap_err();
    assert_eq!(error.path, "contacts[0].engaged", "{error}");
}

/// A golden handoff case: every MQA of its leads routed (the routing state handed on) and handed
/// off, as `[{ accountId, assignment, handoff }]`.
fn golden_handoffs(case: &serde_json::Value) -> serde_json::Value {
    let scorer = leadscore::Scorer::from_json(&model_text(case)).unwrap();
    let lifecycle = leadscore::Lifecycle::from_json(
        &repo_file(case["playbook"].as_str().unwrap()),
        scorer.model(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let as_of = case["asOf"].as_str().unwrap();
    let leads: Vec<serde_json::Value> = case["leads"].as_array().unwrap().clone();
    let scored = score_accounts(
        &serde_json::from_str(&model_text(case)).unwrap(),
        &leads,
        as_of,
    );
    let attributes_text = case["attributes"].to_string();
    let attributes: Value = serde_json::from_str(&attributes_text).unwrap();
    let mut routing = RoutingState::default();
    let mut handoffs = Vec::new();
    for account in scored["accounts"].as_array().unwrap() {
        if account["mqa"] != true {
            continue;
        }
        let account = parse_account(&account.to_string()).unwrap();
        let assignment = lifecycle.route_account(&account, &attributes, &mut routing);
        let handoff = lifecycle.account_handoff(&account, &assignment.owner, at(as_of));
        handoffs.push(json!({
            "accountId": account.account_id,
            "assignment": assignment,
            "routing": routing,
            "handoff": handoff,
        }));
    }
    serde_json::from_str(&serde_json::Value::Array(handoffs).to_string()).unwrap()
}

#[test]
fn golden_account_handoffs_match() {
    check_golden(ACCOUNT_HANDOFF, 2, golden_handoffs);
}
