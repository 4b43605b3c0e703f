//! Incremental scoring: a lead state updated event by event gives exactly the result of scoring
//! the whole history, survives a round trip through bytes, stays small however long the history,
//! and refuses what it cannot fold exactly.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use leadscore::{parse_lead, Event, LeadState, Scorer, Scratch, Timestamp};
use serde_json::{json, Value};

fn full(scorer: &Scorer, lead: &Value, as_of: &str) -> Value {
    score(scorer, lead, as_of)
}

fn events_of(json: &Value) -> Vec<Event<'static>> {
    let text: &'static str = Box::leak(json.to_string().into_boxed_str());
    let lead = parse_lead(text).unwrap();
    lead.events
}

fn new_state(scorer: &Scorer, lead: &Value) -> LeadState {
    let header = json!({"id": lead["id"], "attributes": lead["attributes"]});
    let text = header.to_string();
    scorer.init_state(&parse_lead(&text).unwrap()).unwrap()
}

fn update(scorer: &Scorer, state: &mut LeadState, events: &[Value], as_of: &str) -> Value {
    let batch = json!({"id": "x", "events": events});
    let events = events_of(&batch);
    let mut scratch = Scratch::default();
    let result = scorer
        .update(state, &events, at(as_of), None, &mut scratch)
        .unwrap();
    serde_json::to_value(result).unwrap()
}

#[test]
fn event_by_event_equals_the_whole_history() {
    let scorer = default_scorer();
    let leads: Vec<Value> =
        serde_json::from_str(&repo_file("examples/leads/b2b-leads.json")).unwrap();
    for lead in &leads {
        let mut state = new_state(&scorer, lead);
        let events = lead["events"].as_array().unwrap();
        let mut delivered = Vec::new();
        for event in events {
            delivered.push(event.clone());
            let as_of = event["at"].as_str().unwrap();
            let incremental = update(&scorer, &mut state, std::slice::from_ref(event), as_of);
            let so_far =
                json!({"id": lead["id"], "attributes": lead["attributes"], "events": delivered});
            assert_eq!(
                incremental,
                full(&scorer, &so_far, as_of),
                "{} after {}",
                lead["id"],
                event["id"]
            );
            // Through bytes and back, the state is the same state.
            state = LeadState::from_bytes(&state.to_bytes()).unwrap();
        }
        let final_result = update(&scorer, &mut state, &[], "2026-11-20T17:00:00Z");
        assert_eq!(final_result, full(&scorer, lead, "2026-11-20T17:00:00Z"));
    }
}

#[test]
fn redelivered_events_count_once_and_out_of_order_events_land_in_place() {
    let scorer = default_scorer();
    let lead: Vec<Value> =
        serde_json::from_str(&repo_file("examples/leads/b2b-leads.json")).unwrap();
    let lead = &lead[0];
    let events = lead["events"].as_array().unwrap();
    let mut state = new_state(&scorer, lead);
    // Two batches: the first out of order and ahead of two events that come in the second
    // (within the 48-hour hold of the newest), plus one event delivered twice.
    let pick = |indexes: &[usize]| {
        indexes
            .iter()
            .map(|&i| events[i].clone())
            .collect::<Vec<Value>>()
    };
    let first = pick(&[7, 4, 3, 0, 2, 1]);
    let second = pick(&[9, 5, 0, 8, 6]);
    update(&scorer, &mut state, &first, "2026-11-18T09:00:00Z");
    let result = update(&scorer, &mut state, &second, "2026-11-20T17:00:00Z");
    let mut history = first.clone();
    history.extend(second);
    let whole = json!({"id": lead["id"], "attributes": lead["attributes"], "events": history});
    assert_eq!(result, full(&scorer, &whole, "2026-11-20T17:00:00Z"));
    assert_eq!(result["total"], 95);
    assert_eq!(result["warnings"][0]["code"], "duplicateEventId");
}

#[test]
fn the_state_stays_small_however_long_the_history() {
    let scorer = default_scorer();
    let lead = json!({"id": "busy", "attributes": {"email": "a@b.example", "title": "CTO", "companySize": 900}});
    let mut state = new_state(&scorer, &lead);
    let mut sizes = Vec::new();
    let start = at("2024-01-01T00:00:00Z").millis();
    let kinds = ["visit", "email_open", "page_view", "content_download"];
    let mut n = 0i64;
    for batch in 0..1000 {
        let events: Vec<Value> = (0..100)
            .map(|i| {
                n += 1;
                let when = Timestamp::from_millis(start + n * 600_000).unwrap().to_rfc3339();
                let kind = kinds[(i % 4) as usize];
                json!({"id": format!("evt-{n:08}"), "type": kind, "at": when,
                       "props": {"path": if i % 7 == 0 { "/pricing" } else { "/blog" }, "contentType": "case_study"}})
            })
            .collect();
        let as_of = Timestamp::from_millis(start + n * 600_000)
            .unwrap()
            .to_rfc3339();
        update(&scorer, &mut state, &events, &as_of);
        if batch == 199 || batch == 999 {
            sizes.push(state.to_bytes().len());
        }
    }
    // 20,000 and 100,000 events (over 2 years): the state is bounded by the model and the hold
    // of recent raw events (here full, 128 events), not by the length of the history.
    println!("state bytes after 20,000 and 100,000 events: {sizes:?}");
    assert!(sizes[1] <= sizes[0] + 8, "{sizes:?}");
    assert!(sizes[1] < 6_144, "{sizes:?}");
}

#[test]
fn what_cannot_be_folded_exactly_is_refused_or_reported() {
    let scorer = default_scorer();
    let lead = json!({"id": "l", "attributes": {"email": "a@b.example"}});
    let mut state = new_state(&scorer, &lead);
    let old = json!({"type": "visit", "at": "2026-11-01T00:00:00Z"});
    let new = json!({"type": "visit", "at": "2026-11-10T00:00:00Z"});
    update(&scorer, &mut state, &[old, new], "2026-11-10T00:00:00Z");
    // The November 1 visit is now folded (more than 48 hours older than the newest).
    let before = state.clone();
    let events =
        events_of(&json!({"id": "x", "events": [{"type": "visit", "at": "2026-11-05T00:00:00Z"}]}));
    let err = scorer
        .update(
            &mut state,
            &events,
            at("2026-10-01T00:00:00Z"),
            None,
            &mut Scratch::default(),
        )
        .unwrap_err();
    assert_eq!(err.path, "asOf");
    assert_eq!(state, before, "an error leaves the state unchanged");
    let late = json!({"type": "visit", "at": "2026-10-30T00:00:00Z"});
    let result = update(&scorer, &mut state, &[late], "2026-11-10T00:00:00Z");
    assert_eq!(result["warnings"][0]["code"], "lateEvent");
    assert_eq!(result["warnings"][0]["path"], "events[2].at");
    // A state from another model is refused.
    let other = scorer_with_threshold(60);
    let err = other
        .update(
            &mut state,
            &[],
            at("2026-11-10T00:00:00Z"),
            None,
            &mut Scratch::default(),
        )
        .unwrap_err();
    assert_eq!(err.path, "state");
    assert!(LeadState::from_bytes(b"nonsense").is_err());
    assert!(LeadState::from_bytes(&state.to_bytes()[..10]).is_err());
    let header = r#"{"id": "x", "events": [{"type": "visit", "at": "2026-11-10T00:00:00Z"}]}"#;
    assert_eq!(
        scorer
            .init_state(&parse_lead(header).unwrap())
            .unwrap_err()
            .path,
        "events"
    );
}

/// A per-period limit keeps its closed periods in an accumulator of its own: bytes can nest such
/// limits inside each other without end, a byte each, and reading them must not go down with
/// them (a stack overflow aborts the process, and the Wasm instance: its stack is 1 MiB).
#[test]
fn a_state_of_limits_nested_without_end_is_refused_as_it_is_read() {
    let mut bytes = b"LS\x02".to_vec();
    // The fingerprint, an empty lead id and attributes, no events received, one rule that
    // matched none, then the per-period accumulator's tag over and over.
    bytes.extend([1, 0, 0, 0, 1, 0]);
    bytes.extend(std::iter::repeat_n(4, 200_000));
    let err = LeadState::from_bytes(&bytes).unwrap_err();
    assert_eq!(err.path, "state");
}

#[test]
fn new_attributes_take_effect_from_the_update_that_brings_them() {
    let scorer = default_scorer();
    let lead = json!({"id": "l", "attributes": {"email": "a@b.example"}});
    let mut state = new_state(&scorer, &lead);
    let pricing =
        json!({"type": "page_view", "at": "2026-11-10T00:00:00Z", "props": {"path": "/pricing"}});
    let r = update(&scorer, &mut state, &[pricing], "2026-11-10T01:00:00Z");
    assert_eq!(
        (r["fit"].as_i64(), r["total"].as_i64()),
        (Some(0), Some(20))
    );
    let enriched: leadscore::value::Value = serde_json::from_str(
        r#"{"email": "a@b.example", "title": "VP Sales", "companySize": 900, "industry": "SaaS"}"#,
    )
    .unwrap();
    let r = scorer
        .update(
            &mut state,
            &[],
            at("2026-11-10T02:00:00Z"),
            Some(&enriched),
            &mut Scratch::default(),
        )
        .unwrap();
    assert_eq!((r.fit, r.total, r.mql), (35, 55, true));
}

fn scorer_with_threshold(threshold: i64) -> Scorer {
    let mut model: Value =
        serde_json::from_str(&repo_file("examples/models/b2b-default.json")).unwrap();
    model["mql"]["threshold"] = json!(threshold);
    scorer(model)
}

#[test]
fn the_resident_store_follows_every_event_in_and_out_of_order() {
    let scorer = default_scorer();
    let leads: Vec<Value> =
        serde_json::from_str(&repo_file("examples/leads/b2b-leads.json")).unwrap();
    let mut store = leadscore::LeadStore::new();
    for lead in &leads {
        store.insert(new_state(&scorer, lead));
    }
    assert_eq!(store.len(), 8);
    // Every lead's events one by one, each lead's in a shuffled order that stays within the
    // 48-hour hold (adjacent pairs swapped), interleaved across leads.
    let mut delivered: Vec<Vec<Value>> = vec![Vec::new(); leads.len()];
    let longest = leads
        .iter()
        .map(|l| l["events"].as_array().unwrap().len())
        .max()
        .unwrap();
    for step in 0..longest {
        for (i, lead) in leads.iter().enumerate() {
            let events = lead["events"].as_array().unwrap();
            let pick = if step % 2 == 0 { step + 1 } else { step - 1 };
            let Some(event) = events.get(pick).or_else(|| events.get(step)) else {
                continue;
            };
            if delivered[i].iter().any(|e| e == event) {
                continue;
            }
            delivered[i].push(event.clone());
            let newest = delivered[i]
                .iter()
                .map(|e| e["at"].as_str().unwrap())
                .max()
                .unwrap();
            let batch = events_of(&json!({"id": "x", "events": [event]}));
            let summary = store
                .push(&scorer, lead["id"].as_str().unwrap(), &batch, at(newest))
                .unwrap();
            let so_far =
                json!({"id": lead["id"], "attributes": lead["attributes"], "events": delivered[i]});
            let whole = full(&scorer, &so_far, newest);
            assert_eq!(
                summary.total,
                whole["total"].as_i64().unwrap(),
                "{} step {step}",
                lead["id"]
            );
            assert_eq!(summary.mql, whole["mql"].as_bool().unwrap());
            let result = store
                .result(&scorer, lead["id"].as_str().unwrap(), at(newest))
                .unwrap();
            assert_eq!(serde_json::to_value(result).unwrap(), whole);
        }
    }
    let err = store
        .push(&scorer, "nobody", &[], at("2026-11-20T00:00:00Z"))
        .unwrap_err();
    assert_eq!(err.path, "leadId");
    let saved = store.state("lead-001").unwrap().to_bytes();
    assert_eq!(store.remove("lead-001").unwrap().to_bytes(), saved);
    assert!(!store.contains("lead-001"));
}
