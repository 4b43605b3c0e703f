//! Incremental state bytes, as callers store them beside a lead and hand them back: anything may
//! come back, damaged or tampered with. The first byte chooses the input's form: the bytes as
//! they are, or a valid state (built from generated events on a fixture model) with byte edits
//! applied, which reaches deep into the decoder. A state that reads is written back to the same
//! bytes' meaning, and a model refuses another model's state; a state the model accepts takes
//! more events through `update` and through the store, which agree. An unedited state's results
//! also hold every invariant.

use crate::check::{json, result_holds, state_reads_back};
use crate::fixtures::scorers;
use crate::gen::{base_ms, lead::EventSpec};
use arbitrary::{Arbitrary, Unstructured};
use leadscore::{parse_events, parse_lead, LeadState, LeadStore, Scorer, Scratch, Timestamp};

/// Events every accepted state is updated with.
const MORE_EVENTS: &str = r#"[
  {"id":"m1","type":"page_view","at":"2026-11-20T16:00:00Z","props":{"path":"/pricing"}},
  {"id":"m2","type":"email_open","at":"2026-11-20T16:01:00Z"},
  {"type":"demo_request","at":"2026-11-20T16:02:00Z","props":{"form":"demo"}},
  {"id":"m1","type":"visit","at":"2026-11-20T16:03:00Z"}
]"#;

#[derive(Arbitrary, Debug)]
struct Built {
    model: u8,
    events: Vec<EventSpec>,
    as_of_hours: i8,
    edits: Vec<Edit>,
}

#[derive(Arbitrary, Debug)]
enum Edit {
    Set(u16, u8),
    Insert(u16, u8),
    Remove(u16),
    Truncate(u16),
}

pub fn run(data: &[u8]) {
    let Some((form, rest)) = data.split_first() else {
        return;
    };
    if form % 2 == 0 {
        try_state(rest, false);
    } else if let Some((bytes, intact)) = built_state(rest) {
        try_state(&bytes, intact);
    }
}

/// The bytes of a valid state built from the input (a fixture model, generated events), with
/// the input's byte edits applied, and whether it is unedited. The raw form of the same state is
/// these bytes after a 0 byte.
pub fn built_state(input: &[u8]) -> Option<(Vec<u8>, bool)> {
    let built = Built::arbitrary_take_rest(Unstructured::new(input)).ok()?;
    let scorer = &scorers()[usize::from(built.model) % scorers().len()];
    let header = parse_lead(
        r#"{"id":"s","attributes":{"title":"VP Sales","email":"a@b.example","companySize":300}}"#,
    )
    .expect("a valid lead");
    let mut state = scorer
        .init_state(&header)
        .expect("a lead without events starts a state");
    let base = base_ms();
    let events: Vec<String> = built
        .events
        .iter()
        .take(40)
        .map(|e| e.json(base).to_string())
        .collect();
    let events = format!("[{}]", events.join(","));
    let as_of =
        Timestamp::from_millis(base + i64::from(built.as_of_hours) * 3_600_000).expect("in range");
    let parsed = parse_events(&events).expect("generated events parse");
    scorer
        .update(&mut state, &parsed, as_of, None, &mut Scratch::default())
        .expect("a fresh state takes any events");
    let mut bytes = state.to_bytes();
    for edit in built.edits.iter().take(8) {
        let at = |i: u16| usize::from(i) % (bytes.len() + 1);
        match *edit {
            Edit::Set(i, byte) if !bytes.is_empty() => {
                let i = at(i) % bytes.len();
                bytes[i] = byte;
            }
            Edit::Insert(i, byte) => bytes.insert(at(i), byte),
            Edit::Remove(i) if !bytes.is_empty() => {
                bytes.remove(at(i) % bytes.len());
            }
            Edit::Truncate(i) => bytes.truncate(at(i)),
            _ => {}
        }
    }
    Some((bytes, built.edits.is_empty()))
}

/// Reads `bytes` as a state and, if a fixture model accepts it, updates it with more events.
fn try_state(bytes: &[u8], intact: bool) {
    let Ok(state) = LeadState::from_bytes(bytes) else {
        assert!(!intact, "a state's own bytes read back");
        return;
    };
    state_reads_back(&state);
    let events = parse_events(MORE_EVENTS).expect("valid events");
    for scorer in scorers() {
        if scorer.check_model(&state).is_ok() {
            update_both_ways(scorer, &state, &events, intact);
        }
    }
}

fn update_both_ways(scorer: &Scorer, state: &LeadState, events: &[leadscore::Event], intact: bool) {
    let later = Timestamp::from_millis(base_ms() + 30 * 86_400_000).expect("in range");
    for as_of in [crate::fixtures::as_of(), later] {
        let mut updated = state.clone();
        let result = scorer.update(&mut updated, events, as_of, None, &mut Scratch::default());
        let mut store = LeadStore::new();
        store.insert(state.clone());
        let pushed = store.push(scorer, state.lead_id(), events, as_of);
        match (result, pushed) {
            (Ok(result), Ok(summary)) => {
                assert_eq!(
                    (summary.total, summary.mql),
                    (result.total, result.mql),
                    "push and update agree"
                );
                let stored = store
                    .result(scorer, state.lead_id(), as_of)
                    .expect("the lead is in the store");
                assert_eq!(
                    json(&stored),
                    json(&result),
                    "the store's result is the update's"
                );
                if intact {
                    result_holds(scorer, &result);
                }
                state_reads_back(&updated);
            }
            (Err(a), Err(b)) => assert_eq!(a, b, "both paths refuse alike"),
            (result, pushed) => panic!("update {result:?} but push {pushed:?}"),
        }
    }
}
