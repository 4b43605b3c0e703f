//! A state the engine made fits its model; each way a changed one can misfit is refused by
//! `check_model`, `update` and the store alike, with an error at `state`, never a panic.

use super::{HeldKind, Matches};
use crate::engine::accumulator::Acc;
use crate::engine::{LeadState, LeadStore, Scorer, Scratch};
use crate::error::InputError;
use crate::lead::{parse_events, parse_lead};
use crate::time::Timestamp;

/// A rule of every accumulator kind: count, half-life, horizon, newest, per period,
/// trailing and sliding windows, and a hand-raise.
const MODEL: &str = r#"{"version": 1, "intent": {"rules": [
    {"id": "count", "event": "visit", "points": 1},
    {"id": "half", "event": "visit", "points": 1, "decay": {"kind": "exponential", "halfLifeDays": 7}},
    {"id": "steps", "event": "visit", "points": 1, "decay": {"kind": "window", "days": 3}},
    {"id": "newest", "event": "visit", "points": 1, "limit": {"max": 2}},
    {"id": "daily", "event": "visit", "points": 1, "limit": {"max": 1, "per": "day"}},
    {"id": "trailing", "event": "visit", "points": 5, "window": {"atLeast": 2, "days": 7}},
    {"id": "sliding", "event": "visit", "points": 5, "window": {"atLeast": 3, "days": 7, "mode": "sliding"}},
    {"id": "demo", "event": "demo", "instant": true}
]}, "mql": {"threshold": 50}}"#;

pub(in crate::engine::state) fn scorer() -> Scorer {
    Scorer::from_json(MODEL).unwrap()
}

fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

/// A state with every rule's accumulator holding something, and events still held.
pub(in crate::engine::state) fn state(scorer: &Scorer) -> LeadState {
    let mut state = scorer
        .init_state(&parse_lead(r#"{"id": "l"}"#).unwrap())
        .unwrap();
    let events = parse_events(
        r#"[{"type": "visit", "at": "2026-11-01T10:00:00Z"},
            {"type": "visit", "at": "2026-11-02T10:00:00Z"},
            {"type": "visit", "at": "2026-11-02T11:00:00Z"},
            {"type": "demo", "at": "2026-11-03T10:00:00Z"},
            {"type": "visit", "at": "2026-11-20T10:00:00Z"}]"#,
    )
    .unwrap();
    let as_of = at("2026-11-20T12:00:00Z");
    scorer
        .update(&mut state, &events, as_of, None, &mut Scratch::default())
        .unwrap();
    state
}

/// The changed state is refused with an error at `state` by `check_model`, `update` and
/// the store's push, and nothing panics.
fn refused(scorer: &Scorer, state: LeadState, what: &str) -> InputError {
    let error = scorer.check_model(&state).expect_err(what);
    assert_eq!(error.path, "state", "{what}");
    assert!(error.message.contains("does not fit"), "{what}: {error}");
    let events = parse_events(r#"[{"type": "visit", "at": "2026-11-21T10:00:00Z"}]"#).unwrap();
    let as_of = at("2026-11-22T00:00:00Z");
    let updated = scorer.update(
        &mut state.clone(),
        &events,
        as_of,
        None,
        &mut Scratch::default(),
    );
    assert_eq!(updated.unwrap_err(), error, "{what}");
    let mut store = LeadStore::new();
    store.insert(state);
    assert_eq!(
        store.push(scorer, "l", &events, as_of).unwrap_err(),
        error,
        "{what}"
    );
    error
}

#[test]
fn a_state_the_engine_made_fits() {
    let scorer = scorer();
    let state = state(&scorer);
    assert!(!state.held.is_empty(), "some events are still held");
    assert_eq!(scorer.check_model(&state), Ok(()));
    let back = LeadState::from_bytes(&state.to_bytes()).unwrap();
    assert_eq!(scorer.check_model(&back), Ok(()));
}

// The rules' positions in MODEL.
const COUNT: usize = 0;
const HALF: usize = 1;
const STEPS: usize = 2;
const NEWEST: usize = 3;
const DAILY: usize = 4;
const TRAILING: usize = 5;
const SLIDING: usize = 6;

type Change = fn(&mut LeadState);

/// A change to a state the engine made, and what the refusal says of it.
const CHANGES: &[(&str, &str, Change)] = &[
    (
        "one rule fewer",
        "keeps 7 intent rules, the model has 8",
        |s| drop(s.fold.rules.pop()),
    ),
    (
        "another kind of tally",
        "intent rule \"count\": its tally is of another kind",
        |s| {
            s.fold.rules[COUNT].acc = Acc::Newest {
                times: Default::default(),
            }
        },
    ),
    (
        "a limit over its count",
        "intent rule \"newest\": it keeps more than its 2 event times",
        |s| {
            s.fold.rules[NEWEST].acc = Acc::Newest {
                times: [1, 2, 3].into(),
            }
        },
    ),
    (
        "a window over its count",
        "intent rule \"sliding\": it keeps more than its 2 event times",
        |s| {
            s.fold.rules[SLIDING].acc = Acc::Sliding {
                times: [1, 2, 3].into(),
                met: None,
            }
        },
    ),
    (
        "times out of order",
        "intent rule \"trailing\": its event times are out of order",
        |s| {
            s.fold.rules[TRAILING].acc = Acc::Trailing {
                times: [2, 1].into(),
            }
        },
    ),
    (
        "a time past the year 9999",
        "intent rule \"steps\": an event has a time outside the years 0001 to 9999",
        |s| {
            s.fold.rules[STEPS].acc = Acc::Horizon {
                counted: 1,
                settled: 0,
                recent: [i64::MAX].into(),
            }
        },
    ),
    (
        "a sum that is not a number",
        "intent rule \"half\": its decayed sum is not a number",
        |s| {
            s.fold.rules[HALF].acc = Acc::HalfLife {
                counted: 1,
                sum: f64::NAN,
                at: 0,
            }
        },
    ),
    (
        "a limit inside a limit",
        "intent rule \"daily\": its tally is of another kind",
        |s| {
            let inner = s.fold.rules[DAILY].acc.clone();
            if let Acc::PerPeriod { closed, .. } = &mut s.fold.rules[DAILY].acc {
                **closed = inner;
            }
        },
    ),
    (
        "more counted than matched",
        "intent rule \"count\": it counts more events than it matched",
        |s| s.fold.rules[COUNT].matched = 0,
    ),
    (
        "a window met without a match",
        "intent rule \"sliding\": it matched no event but keeps some",
        |s| s.fold.rules[SLIDING].matched = 0,
    ),
    (
        "more matched than delivered",
        "intent rule \"count\": it matched more events than the lead delivered",
        |s| s.received = 1,
    ),
    (
        "a hand-raise by a rule that is not one",
        "its hand-raise names a rule that is not one",
        |s| s.fold.instant.as_mut().expect("a hand-raise").rule = COUNT as u32,
    ),
    (
        "a held event meeting a rule the model lacks",
        "a held event meets a rule the model does not have",
        |s| s.held[0].matches = Matches::Many(vec![99]),
    ),
    (
        "a held event's matches cut short",
        "a held event's rules are cut short",
        |s| s.held[0].matches = Matches::Few(200, [0; 3]),
    ),
    (
        "a held event of an unknown type",
        "a held event has a type the model does not know",
        |s| s.held[0].kind = HeldKind::Known(99),
    ),
];

#[test]
fn each_way_a_state_can_misfit_is_refused() {
    let scorer = scorer();
    for (what, says, change) in CHANGES {
        let mut state = state(&scorer);
        change(&mut state);
        let error = refused(&scorer, state, what);
        assert!(error.message.contains(says), "{what}: {error}");
    }
}

#[test]
fn the_store_keeps_a_state_fitting() {
    let scorer = scorer();
    let mut store = LeadStore::new();
    store.insert(state(&scorer));
    let events = parse_events(r#"[{"type": "visit", "at": "2026-11-21T10:00:00Z"}]"#).unwrap();
    store
        .push(&scorer, "l", &events, at("2026-11-22T00:00:00Z"))
        .unwrap();
    let saved = LeadState::from_bytes(&store.state("l").unwrap().to_bytes()).unwrap();
    assert_eq!(
        scorer.check_model(&saved),
        Ok(()),
        "the store keeps it fitting"
    );
}
