//! Lifecycle records, actions and routing states as JSON text, as callers store and send them,
//! applied by the example playbook: the input is `record \0 action \0 routing \0 now` (the
//! last two optional). Each part that reads reads back from its own JSON unchanged; an action
//! applied to a consistent record gives a consistent record (or a refusal), and nothing panics.

use crate::fixtures::{as_of, lifecycle};
use leadscore::lifecycle::{
    parse_action, parse_record, parse_routing_state, LifecycleRecord, Outcome, RoutingState,
};
use leadscore::{Lifecycle, Timestamp};

pub fn run(data: &[u8]) {
    let Some(text) = super::text(data) else {
        return;
    };
    let mut parts = text.split('\0');
    let (record, action) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let routing = match parts.next() {
        Some(routing) => match parse_routing_state(routing) {
            Ok(routing) => routing,
            Err(_) => return,
        },
        None => RoutingState::default(),
    };
    let routing_text = serde_json::to_string(&routing).expect("routing serializes");
    assert_eq!(
        parse_routing_state(&routing_text).as_ref(),
        Ok(&routing),
        "routing reads back"
    );
    let now = match parts.next().map(Timestamp::parse) {
        Some(Ok(now)) => now,
        Some(Err(_)) => return,
        None => as_of(),
    };
    let lifecycle = lifecycle();
    let Ok(record) = parse_record(record) else {
        let _ = parse_action(action);
        return;
    };
    record_reads_back(&record);
    sla_status_serializes(lifecycle, &record, now);
    let Ok(action) = parse_action(action) else {
        return;
    };
    if let Ok(outcome) = lifecycle.apply(&record, &action, now, &routing) {
        check_outcome(&record, &outcome);
    }
}

/// The record's SLA status at `now`, if it has a clock, serializes.
pub fn sla_status_serializes(lifecycle: &Lifecycle, record: &LifecycleRecord, now: Timestamp) {
    if let Some(status) = lifecycle.sla_status(record, now) {
        serde_json::to_string(&status).expect("an SLA status serializes");
    }
}

/// A record written as JSON reads back as the same record.
pub fn record_reads_back(record: &LifecycleRecord) {
    let text = serde_json::to_string(record).expect("records serialize");
    let back =
        parse_record(&text).unwrap_or_else(|err| panic!("a record reads back: {err}\n{text}"));
    assert_eq!(&back, record, "a record reads back from its JSON unchanged");
}

/// What an accepted action must give: from a consistent record, a consistent one; a record and
/// routing state that read back; effects that serialize.
pub fn check_outcome(before: &LifecycleRecord, outcome: &Outcome) {
    if before.problems().is_empty() {
        let problems = outcome.record.problems();
        assert!(
            problems.is_empty(),
            "a transition keeps the record consistent: {problems:?}\nbefore: {}\nafter: {}",
            serde_json::to_string(before).unwrap_or_default(),
            serde_json::to_string(&outcome.record).unwrap_or_default()
        );
    }
    record_reads_back(&outcome.record);
    let routing = serde_json::to_string(&outcome.routing).expect("routing serializes");
    assert_eq!(
        parse_routing_state(&routing).as_ref(),
        Ok(&outcome.routing),
        "routing reads back"
    );
    serde_json::to_string(&outcome.effects).expect("effects serialize");
}
