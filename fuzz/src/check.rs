//! What every result must satisfy, and the differential checks the targets share: full scoring
//! against incremental scoring (a state updated with every event, the resident store), and
//! state bytes read back.

use leadscore::model::band_for;
use leadscore::{Lead, LeadState, LeadStore, ScoreResult, Scorer, Scratch, Timestamp};

pub fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("results serialize")
}

/// The invariants of a result: contributions add up to the total, every group is within its
/// cap and floor, decay factors are shares, the MQL decision agrees with its reasons, the band
/// is the total's.
pub fn result_holds(scorer: &Scorer, result: &ScoreResult) {
    let model = scorer.model();
    let shown = || json(result);
    let sum: i64 = result.contributions.iter().map(|c| c.points).sum();
    assert_eq!(
        sum,
        result.total,
        "contributions must add up to the total: {}",
        shown()
    );
    assert_eq!(
        model.fit.bounds.clamp(result.fit),
        result.fit,
        "fit within its cap and floor: {}",
        shown()
    );
    assert_eq!(
        model.intent.bounds.clamp(result.intent),
        result.intent,
        "intent within its cap and floor: {}",
        shown()
    );
    assert_eq!(
        model.total.clamp(result.fit + result.intent),
        result.total,
        "total is fit plus intent within the total's cap and floor: {}",
        shown()
    );
    for c in &result.contributions {
        assert!(
            (0.0..=1.0).contains(&c.decay_factor),
            "decay factor is a share: {}",
            shown()
        );
        assert!(
            c.counted <= c.matched,
            "counted at most what matched: {}",
            shown()
        );
        assert!(
            c.raw_points.is_finite(),
            "raw points are finite: {}",
            shown()
        );
    }
    let decided = result.mql_reason.is_some() && result.blocked_by.is_empty();
    assert_eq!(
        result.mql,
        decided,
        "an MQL has a reason and no blocker: {}",
        shown()
    );
    if result.mql {
        assert!(
            result.crossed_at.is_some(),
            "an MQL has crossed: {}",
            shown()
        );
    }
    if let Some(crossed) = result.crossed_at {
        assert!(
            crossed <= result.as_of,
            "crossed no later than as of: {}",
            shown()
        );
    }
    assert_eq!(
        result.disqualified,
        !result.disqualified_by.is_empty(),
        "{}",
        shown()
    );
    let band = band_for(&model.bands, result.total).map(|band| band.name.as_str());
    assert_eq!(result.band, band, "the band is the total's: {}", shown());
}

/// Incremental scoring of `lead` (a state started from its attributes and updated with all its
/// events at once, and the resident store fed the same) gives `full`, the result of scoring it
/// whole, to the byte; the state reads back from its bytes unchanged.
pub fn incremental_matches(scorer: &Scorer, lead: &Lead, as_of: Timestamp, full: &str) {
    let mut header = lead.clone();
    header.events.clear();
    let mut state = scorer
        .init_state(&header)
        .expect("a lead without events starts a state");
    let mut store = LeadStore::new();
    store.insert(state.clone());
    let mut scratch = Scratch::default();
    let updated = scorer
        .update(&mut state, &lead.events, as_of, None, &mut scratch)
        .expect("a fresh state takes any events");
    assert_eq!(
        json(&updated),
        full,
        "one update with every event equals full scoring"
    );
    let summary = store
        .push(scorer, lead.id(), &lead.events, as_of)
        .expect("the store takes the same events");
    assert_eq!(
        (summary.total, summary.mql, summary.band),
        (updated.total, updated.mql, updated.band),
        "the store's push agrees with full scoring: {full}"
    );
    let stored = store
        .result(scorer, lead.id(), as_of)
        .expect("the lead is in the store");
    assert_eq!(
        json(&stored),
        json(&updated),
        "the store's result is the update's"
    );
    assert_eq!(
        store.state(lead.id()),
        Some(&state),
        "the store holds the same state"
    );
    state_reads_back(&state);
}

/// A state written to bytes reads back as the same state: the same bytes again (compared as
/// bytes, since a damaged state may hold a NaN, which is not equal to itself).
pub fn state_reads_back(state: &LeadState) {
    let bytes = state.to_bytes();
    let back = LeadState::from_bytes(&bytes).expect("a state's own bytes read back");
    assert_eq!(
        back.to_bytes(),
        bytes,
        "a state reads back from its bytes unchanged"
    );
}
