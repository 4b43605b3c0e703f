//! What the account tests share: a small model whose account numbers are easy to work out by
//! hand (no decay), leads of one company and their scoring through the core.

use super::{at, repo_json};
use leadscore::accounts::{AccountScorer, ContactInput, ContactScore};
use leadscore::{parse_lead, Lead, Scorer};
use serde_json::{json, Value};

/// Fit 20 for a senior title and 10 for 200+ employees; intent 30 for the pricing page (once),
/// 10 a download, 5 a visit. Accounts: fit from the best contact, intent the best two (cap 60),
/// total cap 80; roles buyer and champion; 10 points when three contacts engaged in 14 days; an
/// MQA at 70 with an engaged buyer and two engaged contacts.
pub fn account_model() -> Value {
    json!({
        "version": 1,
        "fit": {"rules": [
            {"id": "senior", "attribute": "title", "when": {"containsAny": ["vp", "chief", "ceo"]}, "points": 20},
            {"id": "size", "attribute": "companySize", "when": {"min": 200}, "points": 10}
        ]},
        "intent": {"rules": [
            {"id": "pricing", "event": "page_view", "where": {"path": {"prefix": "/pricing"}}, "points": 30, "limit": {"max": 1}},
            {"id": "download", "event": "content_download", "points": 10},
            {"id": "visit", "event": "visit", "points": 5}
        ]},
        "mql": {"threshold": 50},
        "accounts": {
            "rollup": {
                "fit": {"method": "best"},
                "intent": {"method": "sumTop", "top": 2, "cap": 60},
                "total": {"cap": 80}
            },
            "engagedDays": 14,
            "roles": [
                {"id": "buyer", "label": "Economic buyer", "where": {"title": {"containsAny": ["vp", "chief", "ceo"]}}},
                {"id": "champion", "label": "Champion", "where": {"title": {"containsAny": ["director", "manager"]}}}
            ],
            "signals": [{"id": "three-engaged", "label": "3 contacts engaged in 14 days", "engagedContacts": 3, "days": 14, "points": 10}],
            "mqa": {"threshold": 70, "requiredRoles": ["buyer"], "minEngagedContacts": 2},
            "bands": [{"name": "cold"}, {"name": "warm", "min": 40}, {"name": "hot", "min": 70}]
        }
    })
}

pub const AS_OF: &str = "2026-11-20T12:00:00Z";

/// A lead of `email`'s company with `title` and these events (`[type, at, path?]`).
pub fn contact(id: &str, title: &str, email: &str, events: &[(&str, &str)]) -> Value {
    let events: Vec<Value> = events
        .iter()
        .enumerate()
        .map(|(i, (kind, at))| {
            let (kind, path) = match kind.split_once(' ') {
                Some((kind, path)) => (kind, Some(path)),
                None => (*kind, None),
            };
            let mut event = json!({"id": format!("{id}-{i}"), "type": kind, "at": at});
            if let Some(path) = path {
                event["props"] = json!({"path": path});
            }
            event
        })
        .collect();
    json!({"id": id, "attributes": {"name": id.to_uppercase(), "title": title, "email": email, "companySize": 500}, "events": events})
}

/// Acme's contacts: a VP (pricing and a download), a director (three downloads and two visits),
/// an engineer (one visit), and a manager on a free-mail address.
pub fn acme() -> Vec<Value> {
    vec![
        contact(
            "a",
            "VP Sales",
            "a@acme.example",
            &[
                ("page_view /pricing", "2026-11-18T10:00:00Z"),
                ("content_download", "2026-11-18T11:00:00Z"),
            ],
        ),
        contact(
            "b",
            "Director of IT",
            "b@acme.example",
            &[
                ("visit", "2026-11-16T08:00:00Z"),
                ("content_download", "2026-11-17T09:00:00Z"),
                ("content_download", "2026-11-17T09:30:00Z"),
                ("content_download", "2026-11-17T10:00:00Z"),
                ("visit", "2026-11-19T08:00:00Z"),
            ],
        ),
        contact(
            "c",
            "Software Engineer",
            "c@acme.example",
            &[("visit", "2026-11-19T09:00:00Z")],
        ),
        contact(
            "d",
            "Marketing Manager",
            "dee@gmail.com",
            &[("visit", "2026-11-19T10:00:00Z")],
        ),
    ]
}

pub fn scorer_of(model: &Value) -> Scorer {
    Scorer::from_json(&model.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

/// The leads' JSON texts, to parse (leads borrow from their text).
pub fn texts(leads: &[Value]) -> Vec<String> {
    leads.iter().map(Value::to_string).collect()
}

pub fn parse(texts: &[String]) -> Vec<Lead<'_>> {
    texts
        .iter()
        .map(|t| parse_lead(t).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

/// Every account of the leads, as JSON.
pub fn score_accounts(model: &Value, leads: &[Value], as_of: &str) -> Value {
    let scorer = scorer_of(model);
    let accounts = AccountScorer::new(&scorer).unwrap();
    let texts = texts(leads);
    let result = accounts
        .score_accounts(&parse(&texts), at(as_of))
        .unwrap_or_else(|e| panic!("{e}"));
    serde_json::to_value(&result).unwrap()
}

/// The account rolled up from its contacts' results (scored as of `as_of`).
pub fn roll_up(model: &Value, leads: &[Value], as_of: &str) -> Value {
    let scorer = scorer_of(model);
    let accounts = AccountScorer::new(&scorer).unwrap();
    let texts = texts(leads);
    let leads = parse(&texts);
    let contacts: Vec<ContactInput> = leads
        .iter()
        .map(|lead| ContactInput {
            attributes: lead.attributes.clone(),
            score: ContactScore::of(&scorer.score(lead, at(as_of))),
        })
        .collect();
    let result = accounts
        .roll_up(&contacts, None)
        .unwrap_or_else(|e| panic!("{e}"));
    serde_json::to_value(&result).unwrap()
}

/// The example model.
pub fn example_model() -> Value {
    repo_json("examples/models/b2b-default.json")
}

/// Checks that an account's contributions add up to its total, and each contact's rules to the
/// contact's points.
pub fn assert_adds_up(account: &Value) {
    let contributions = account["contributions"].as_array().unwrap();
    let sum: i64 = contributions
        .iter()
        .map(|c| c["points"].as_i64().unwrap())
        .sum();
    assert_eq!(
        sum,
        account["total"].as_i64().unwrap(),
        "contributions of {account:#}"
    );
    for c in contributions {
        if let Some(rules) = c["rules"].as_array() {
            let rules: i64 = rules.iter().map(|r| r["points"].as_i64().unwrap()).sum();
            assert_eq!(rules, c["points"].as_i64().unwrap(), "rules of {c}");
        }
    }
}

/// A random `accounts` section: roll-ups of either method with or without bounds, roles on the
/// random leads' titles, signals, and an MQA policy that may require roles and engagement.
pub fn accounts_strategy() -> impl proptest::strategy::Strategy<Value = Value> {
    use super::random::bounds_strategy;
    use proptest::prelude::*;
    let group = || {
        (0..4u32, bounds_strategy()).prop_map(|(top, bounds)| {
            let mut rollup = bounds;
            if top == 0 {
                rollup["method"] = json!("best");
            } else {
                rollup["method"] = json!("sumTop");
                rollup["top"] = json!(top);
            }
            rollup
        })
    };
    let signal = (1..4u32, 1..40u32, -10..30i32, any::<bool>());
    (
        group(),
        group(),
        bounds_strategy(),
        1..40u32,
        prop::collection::vec(signal, 0..3),
        (0..160i32, any::<bool>(), 0..3u32, 0..4u32),
    )
        .prop_map(|(fit, intent, total, engaged_days, signals, (threshold, buyer, min_roles, min_engaged))| {
            let signals: Vec<Value> = signals
                .into_iter()
                .enumerate()
                .map(|(i, (contacts, days, points, buyers))| {
                    let mut signal = json!({"id": format!("s{i}"), "engagedContacts": contacts, "days": days, "points": points});
                    if buyers {
                        signal["roles"] = json!(["buyer"]);
                    }
                    signal
                })
                .collect();
            let mut mqa = json!({"threshold": threshold, "minRoles": min_roles, "minEngagedContacts": min_engaged});
            if buyer {
                mqa["requiredRoles"] = json!(["buyer"]);
            }
            json!({
                "rollup": {"fit": fit, "intent": intent, "total": total},
                "engagedDays": engaged_days,
                "roles": [
                    {"id": "buyer", "where": {"title": {"containsAny": ["vp", "chief"]}}},
                    {"id": "engineer", "where": {"title": {"containsAny": ["engineer"]}}}
                ],
                "signals": signals,
                "mqa": mqa
            })
        })
}

/// An account of one to five contacts of acme.example, from random leads.
pub fn account_leads_strategy() -> impl proptest::strategy::Strategy<Value = Vec<Value>> {
    use proptest::prelude::*;
    prop::collection::vec(super::random::lead_strategy(), 1..6).prop_map(|leads| {
        leads
            .into_iter()
            .enumerate()
            .map(|(i, mut lead)| {
                lead["id"] = json!(format!("c{i}"));
                lead["attributes"]["email"] = json!(format!("c{i}@acme.example"));
                lead
            })
            .collect()
    })
}
