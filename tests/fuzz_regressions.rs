//! Crashes the fuzz targets found (see fuzz/RESULTS.md), each turned into an ordinary test of
//! the behaviour the engine owes: an error, never a panic (a panic aborts the Wasm instance, so
//! every later call on it fails). A test of a bug not yet fixed is ignored, with the bug named;
//! `cargo test --test fuzz_regressions -- --ignored` shows where each stands.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{at, default_scorer};
use leadscore::{parse_events, parse_lead, LeadState, LeadStore, Scorer, Scratch};

/// A state's bytes with the model fingerprint (the first field, a postcard varint after the
/// 3-byte tag) replaced: what anyone holding a state can do, knowing another model's fingerprint
/// from a state of that model.
fn relabelled(state: &LeadState, fingerprint: u64) -> Vec<u8> {
    let bytes = state.to_bytes();
    let (tag, rest) = bytes.split_at(3);
    let varint_len = rest.iter().position(|b| b & 0x80 == 0).expect("a varint") + 1;
    let mut out = tag.to_vec();
    let mut n = fingerprint;
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
    out.extend_from_slice(&rest[varint_len..]);
    out
}

/// A state made by a model without intent rules, relabelled as the example model's.
fn foreign_state(example: &Scorer) -> LeadState {
    let empty = Scorer::from_json(r#"{"version":1,"mql":{"threshold":1}}"#).unwrap();
    let lead = parse_lead(r#"{"id":"x","attributes":{"title":"CTO"}}"#).unwrap();
    let state = empty.init_state(&lead).unwrap();
    let bytes = relabelled(&state, example.model().fingerprint);
    LeadState::from_bytes(&bytes).expect("the bytes are well formed")
}

const EVENTS: &str =
    r#"[{"type":"page_view","at":"2026-11-20T16:00:00Z","props":{"path":"/pricing"}}]"#;

// Found by the state_bytes target (fuzz/RESULTS.md, "state_bytes"). A state whose fold does
// not fit the model it claims (here: another model's state under this model's fingerprint) was
// accepted by `check_model`, and folding an event into it indexed past the fold's rules:
// "index out of bounds: the len is 0 but the index is 0" in `Fold::add` (`self.rules[rule_index]`).
// From JavaScript, `scorer.update(bytes, events)` and `store.add(bytes)` then `store.push(...)`
// aborted the instance; the serverless handlers take such a state in the request body
// (`{"state": "<base64>"}`). Now `check_model` checks the state's inside against the model
// (src/engine/state/fits.rs) and refuses it with an InputError at `state`.
#[test]
fn a_state_that_does_not_fit_the_model_is_an_error_not_a_panic() {
    let example = default_scorer();
    let state = foreign_state(&example);
    let events = parse_events(EVENTS).unwrap();
    let refused = example.check_model(&state).is_err()
        || example
            .update(
                &mut state.clone(),
                &events,
                at("2026-11-20T17:00:00Z"),
                None,
                &mut Scratch::default(),
            )
            .is_err();
    assert!(refused, "the state is refused");
}

#[test]
fn the_store_refuses_a_state_that_does_not_fit_the_model() {
    let example = default_scorer();
    let state = foreign_state(&example);
    let events = parse_events(EVENTS).unwrap();
    let mut store = LeadStore::new();
    store.insert(state);
    let pushed = store.push(&example, "x", &events, at("2026-11-20T17:00:00Z"));
    assert!(pushed.is_err(), "the push is refused");
}

// Found by the score_structured target (fuzz/RESULTS.md): incremental scoring names a different
// first event in a `notANumber` warning than full scoring when the events are not in time order.
// `WarningLog::not_a_number` (src/engine/prepare.rs) keeps the path of the first occurrence it
// is told of; full scoring tells it in input order, an update in fold (time) order
// (`note_folded`, src/engine/state.rs), so the path differs: `events[1].props.size` against
// `events[0].props.size` here. The other warnings keep the lowest position and agree.
#[test]
fn an_update_names_the_same_first_event_as_full_scoring() {
    let scorer = common::intent_model(serde_json::json!([
        {"id": "big-form", "event": "form", "where": {"size": {"min": 10}}, "points": 5}
    ]));
    let lead = r#"{"id":"l","events":[
        {"type":"form","at":"2026-11-20T12:00:00Z","props":{"size":"lots"}},
        {"type":"form","at":"2026-11-20T10:00:00Z","props":{"size":"lots"}}]}"#;
    let lead = parse_lead(lead).unwrap();
    let as_of = at("2026-11-20T17:00:00Z");
    let full = serde_json::to_value(scorer.score(&lead, as_of)).unwrap();
    assert_eq!(full["warnings"][0]["path"], "events[0].props.size");
    let mut header = lead.clone();
    header.events.clear();
    let mut state = scorer.init_state(&header).unwrap();
    let updated = scorer
        .update(
            &mut state,
            &lead.events,
            as_of,
            None,
            &mut Scratch::default(),
        )
        .unwrap();
    assert_eq!(serde_json::to_value(updated).unwrap(), full);
}
