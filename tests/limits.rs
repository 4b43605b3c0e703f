//! Limits: each one, when exceeded, is an InputError (or a ModelError) at the path of the first
//! value past it, on every entry point that reads JSON text; at the limit, input is scored.

use leadscore::{Limits, Model, OnError, Scorer, Timestamp};
use serde_json::{json, Value};

fn as_of() -> Timestamp {
    Timestamp::parse("2026-11-20T17:00:00Z").unwrap()
}

fn model(rules: usize) -> Value {
    let rules: Vec<Value> = (0..rules)
        .map(|i| json!({"id": format!("r{i}"), "event": "visit", "points": 1}))
        .collect();
    json!({"version": 1, "mql": {"threshold": 5}, "fit": {"rules": [
        {"id": "f", "attribute": "companySize", "when": {"min": 200}, "points": 1}
    ]}, "intent": {"rules": rules}})
}

fn tight() -> Limits {
    Limits {
        events_per_lead: 3,
        rules_per_model: 4,
        string_length: 16,
        nesting_depth: 5,
        batch_size: 2,
    }
}

fn scorer() -> Scorer {
    Scorer::new(Model::from_json(&model(2).to_string()).unwrap()).with_limits(tight())
}

fn events(count: usize) -> Vec<Value> {
    (0..count)
        .map(|_| json!({"type": "visit", "at": "2026-11-20T10:00:00Z"}))
        .collect()
}

/// The path and message of scoring this lead, or "ok".
fn score(lead: Value) -> (String, String) {
    match scorer().score_json(&lead.to_string(), as_of()) {
        Ok(_) => ("ok".into(), String::new()),
        Err(err) => (err.path, err.message),
    }
}

#[test]
fn defaults_are_documented_values() {
    let limits = Limits::default();
    assert_eq!(limits.events_per_lead, 100_000);
    assert_eq!(limits.rules_per_model, 10_000);
    assert_eq!(limits.string_length, 65_536);
    assert_eq!(limits.nesting_depth, 32);
    assert_eq!(limits.batch_size, 100_000);
}

#[test]
fn events_per_lead() {
    assert_eq!(score(json!({"id": "l", "events": events(3)})).0, "ok");
    let (path, message) = score(json!({"id": "l", "events": events(4)}));
    assert_eq!(path, "events[3]");
    assert!(
        message.contains("at most 3 events (the eventsPerLead limit)"),
        "{message}"
    );
}

#[test]
fn rules_per_model() {
    assert!(Model::from_json_within(&model(3).to_string(), &tight()).is_ok());
    let err = Model::from_json_within(&model(4).to_string(), &tight()).unwrap_err();
    assert_eq!(err.path(), "intent.rules[3]");
    assert!(err.to_string().contains("rulesPerModel"), "{err}");
    // The default allows 10,000 rules and refuses one more.
    assert!(Model::from_json(&model(9_999).to_string()).is_ok());
    let err = Model::from_json(&model(10_000).to_string()).unwrap_err();
    assert_eq!(err.path(), "intent.rules[9999]");
}

#[test]
fn string_length() {
    let at_limit = "x".repeat(16);
    let over = "x".repeat(17);
    assert_eq!(
        score(json!({"id": at_limit, "attributes": {"name": at_limit}})).0,
        "ok"
    );
    assert_eq!(score(json!({"id": over})).0, "id");
    assert_eq!(
        score(json!({"id": "l", "attributes": {"name": over}})).0,
        "attributes.name"
    );
    let event = json!({"type": "visit", "at": "2026-11-20T10:00:00Z", "props": {"p": over}});
    let (path, message) = score(json!({"id": "l", "events": [event]}));
    assert_eq!(path, "events[0].props");
    assert!(
        message.contains("at most 16 bytes (the stringLength limit)"),
        "{message}"
    );
    let event = json!({"type": over, "at": "2026-11-20T10:00:00Z"});
    assert_eq!(
        score(json!({"id": "l", "events": [event]})).0,
        "events[0].type"
    );
    let mut long_label = model(1);
    long_label["fit"]["rules"][0]["label"] = json!(over);
    let err = Model::from_json_within(&long_label.to_string(), &tight()).unwrap_err();
    assert_eq!(err.path(), "fit.rules[0].label");
}

#[test]
fn nesting_depth() {
    // The lead is 1 deep, its attributes 2, so three more levels reach the limit of 5.
    let within = json!({"id": "l", "attributes": {"a": {"b": [[1]]}}});
    assert_eq!(score(within).0, "ok");
    let (path, message) = score(json!({"id": "l", "attributes": {"a": {"b": [[[1]]]}}}));
    assert_eq!(path, "attributes.a.b[0][0]");
    assert!(
        message.contains("at most 5 deep (the nestingDepth limit)"),
        "{message}"
    );
    // An event's props are 4 deep (lead, events, event, props); a bracket in a string is text.
    let flat = json!({"type": "visit", "at": "2026-11-20T10:00:00Z", "props": {"p": ["[["]}});
    assert_eq!(score(json!({"id": "l", "events": [flat]})).0, "ok");
    let deep = json!({"type": "visit", "at": "2026-11-20T10:00:00Z", "props": {"p": [["]"]]}});
    let (path, _) = score(json!({"id": "l", "events": [deep]}));
    assert_eq!(path, "events[0].props");
    let mut deep_model = model(1);
    deep_model["description"] = json!({"a": {"b": {"c": {"d": {}}}}});
    let err = Model::from_json_within(&deep_model.to_string(), &tight()).unwrap_err();
    assert_eq!(err.path(), "description.a.b.c.d", "{err}");
}

#[test]
fn batch_size() {
    let lead = json!({"id": "l", "events": events(1)});
    let scorer = scorer();
    let two = json!([lead, lead]).to_string();
    assert!(scorer
        .score_batch_json(&two, as_of(), OnError::Throw)
        .is_ok());
    let three = json!([lead, lead, lead]).to_string();
    for on_error in [OnError::Throw, OnError::Collect] {
        let err = scorer
            .score_batch_json(&three, as_of(), on_error)
            .unwrap_err();
        assert_eq!(err.path, "[2]");
        assert!(
            err.message.contains("the batchSize limit"),
            "{}",
            err.message
        );
    }
}

#[test]
fn a_lead_over_a_limit_in_a_batch_is_named_or_collected() {
    let scorer = scorer();
    let batch = json!([{"id": "a"}, {"id": "b", "events": events(4)}]).to_string();
    let err = scorer
        .score_batch_json(&batch, as_of(), OnError::Throw)
        .unwrap_err();
    assert_eq!(err.path, "[1].events[3]");
    let results = scorer
        .score_batch_json(&batch, as_of(), OnError::Collect)
        .unwrap();
    let results: Value = serde_json::from_str(&results).unwrap();
    assert_eq!(results[0]["leadId"], "a");
    assert_eq!(results[1]["leadId"], "b");
    assert_eq!(results[1]["error"]["path"], "[1].events[3]");
}

#[test]
fn an_update_over_the_events_limit() {
    let scorer = scorer();
    let lead = leadscore::parse_lead(r#"{"id":"l"}"#).unwrap();
    let state = scorer.init_state(&lead).unwrap().to_bytes();
    let mut scratch = Default::default();
    let four = json!(events(4)).to_string();
    let err = scorer
        .update_json(&state, &four, as_of(), None, &mut scratch)
        .unwrap_err();
    assert_eq!(err.path, "events[3]");
    let three = json!(events(3)).to_string();
    assert!(scorer
        .update_json(&state, &three, as_of(), None, &mut scratch)
        .is_ok());
}

#[test]
fn each_limit_is_set_by_the_name_its_message_cites() {
    for (at, name) in Limits::NAMES.into_iter().enumerate() {
        let mut limits = Limits::default();
        let named = limits.named_mut();
        assert_eq!(named[at].0, name);
        *named[at].1 = 7;
        let set = [
            limits.events_per_lead,
            limits.rules_per_model,
            limits.string_length,
            limits.nesting_depth,
            limits.batch_size,
        ];
        let sevens: Vec<usize> = (0..5).filter(|&i| set[i] == 7).collect();
        assert_eq!(sevens, [at], "{name} sets only its own limit");
    }
    // The messages name each limit as the options do.
    let (_, message) = score(json!({"id": "l", "events": events(4)}));
    assert!(
        message.contains(&format!("the {} limit", Limits::NAMES[0])),
        "{message}"
    );
}
