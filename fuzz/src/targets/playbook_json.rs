//! Playbook JSON as anyone may type it, against the example model. A playbook compiles exactly
//! when `validate_playbook` finds no problem (and they agree on the problems), and compiles
//! again from its document written out anew. A compiled playbook routes every example lead to a
//! person of its team, previews handoffs, answers due times on each calendar, and runs a journey
//! of actions through `Lifecycle::apply` in which every record it returns is consistent and
//! reads back from its JSON.

use super::lifecycle_json::{check_outcome, record_reads_back, sla_status_serializes};
use crate::fixtures::{as_of, example_leads, scorers};
use leadscore::lifecycle::{parse_action, read_due_request, validate_playbook, RoutingState};
use leadscore::{parse_lead, Lifecycle, ScoreSnapshot, Timestamp};
use serde_json::json;

/// What sales and time do to a lead, in order, after it is scored: every stage is visited.
const JOURNEY: &[(&str, i64)] = &[
    (r#"{"type":"timePasses"}"#, 3),
    (r#"{"type":"logContact","channel":"phone"}"#, 30),
    (r#"{"type":"accept"}"#, 60),
    (r#"{"type":"meetingBooked"}"#, 600),
    (r#"{"type":"openOpportunity"}"#, 3_000),
    (
        r#"{"type":"reject","reason":"timing","revisitAt":"2027-02-01T00:00:00Z"}"#,
        3_100,
    ),
    (r#"{"type":"timePasses"}"#, 200_000),
    (r#"{"type":"enrollNurture","track":"education"}"#, 200_100),
    (r#"{"type":"disqualify","reason":"spam"}"#, 300_000),
];

pub fn run(data: &[u8]) {
    let Some(text) = super::text(data) else {
        return;
    };
    let scorer = &scorers()[0];
    let model = scorer.model();
    let issues = validate_playbook(text, model);
    let lifecycle = match Lifecycle::from_json(text, model) {
        Ok(lifecycle) => lifecycle,
        Err(err) => {
            assert!(
                !err.issues.is_empty(),
                "a rejected playbook names a problem"
            );
            assert_eq!(
                err.issues, issues,
                "validate_playbook lists the compiler's problems"
            );
            return;
        }
    };
    assert!(
        issues.is_empty(),
        "a playbook that compiles has no problems: {issues:?}"
    );
    let doc: serde_json::Value = serde_json::from_str(text).expect("a compiled playbook is JSON");
    let again = Lifecycle::from_value(&doc, model).expect("the same document compiles again");
    assert_eq!(again.reasons(), lifecycle.reasons());
    serde_json::to_string(&lifecycle.reasons()).expect("reasons serialize");

    let start = as_of();
    for calendar in lifecycle.playbook().calendars.keys() {
        for within in [
            json!({ "businessMinutes": 5 }),
            json!({ "businessDays": 3 }),
            json!({ "hours": 30 }),
        ] {
            let request =
                json!({ "calendar": calendar, "start": start.millis(), "within": within });
            let (calendar, start, window) = read_due_request(&request).expect("a valid question");
            let due = lifecycle
                .due_at(&calendar, window, start)
                .expect("a calendar of the playbook");
            assert!(due >= start, "a window never ends before it starts");
        }
    }
    let mut routing = RoutingState::default();
    for text in example_leads() {
        let lead = parse_lead(text).expect("the example leads parse");
        let assignment = lifecycle.route(&lead, &mut routing);
        let owner = assignment.owner.clone();
        assert!(
            lifecycle.playbook().person(&owner).is_some(),
            "routing names a person: {owner}"
        );
        let score = ScoreSnapshot::of(&scorer.score(&lead, start));
        let _ = lifecycle.preview_handoff(&lead, &score, None, start);
        let _ = lifecycle.preview_handoff(&lead, &score, Some(&owner), start);
        let mut record = lifecycle.new_record(lead.id(), start);
        let update = json!({ "type": "scoreUpdate", "score": serde_json::from_str::<serde_json::Value>(
            &crate::check::json(&scorer.score(&lead, start))).expect("results are JSON"),
            "lead": serde_json::from_str::<serde_json::Value>(text).expect("leads are JSON") });
        let update = update.to_string();
        let steps = std::iter::once((update.as_str(), 0)).chain(JOURNEY.iter().copied());
        for (action, minutes) in steps {
            let now = Timestamp::from_millis(start.millis() + minutes * 60_000).expect("in range");
            let action = parse_action(action).expect("the journey's actions are well formed");
            record_reads_back(&record);
            if let Ok(outcome) = lifecycle.apply(&record, &action, now, &routing) {
                check_outcome(&record, &outcome);
                record = outcome.record;
                routing = outcome.routing;
            }
            sla_status_serializes(&lifecycle, &record, now);
        }
    }
}
