//! Structure-aware lifecycle journeys on the example model and playbook: a generated lead
//! (whatever routing reads) whose events arrive over time and are scored, and every action
//! sales and time can take, sent as JSON text as a caller would, moments moving forward and
//! sometimes back. Each record `Lifecycle::apply` returns is consistent and reads back from its
//! JSON; well-formed actions parse; SLA status, routing and handoff previews never panic.

use super::lifecycle_json::{check_outcome, record_reads_back, sla_status_serializes};
use crate::check::json;
use crate::fixtures::{lifecycle, scorers};
use crate::gen::action::{ActionSpec, JourneyLead};
use crate::gen::{base_ms, lead::EventSpec};
use arbitrary::{Arbitrary, Unstructured};
use leadscore::lifecycle::{parse_action, RoutingState};
use leadscore::{parse_lead, ScoreSnapshot, Timestamp};
use serde_json::Value;

#[derive(Arbitrary, Debug)]
struct Input {
    lead: JourneyLead,
    steps: Vec<Step>,
}

#[derive(Arbitrary, Debug)]
enum Step {
    /// New events arrive (times relative to the new moment) and the lead is scored.
    Score {
        events: Vec<EventSpec>,
        minutes: u16,
    },
    Act {
        action: ActionSpec,
        minutes: i16,
    },
    /// The lead's attributes change (a CRM enrichment).
    Enrich(JourneyLead),
}

pub fn run(data: &[u8]) {
    let Ok(input) = Input::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let (scorer, lifecycle) = (&scorers()[0], lifecycle());
    let mut now = base_ms();
    let mut person = input.lead.clone();
    let mut events: Vec<EventSpec> = Vec::new();
    let mut bases: Vec<i64> = Vec::new();
    let mut record = lifecycle.new_record("journey", at(now));
    let mut routing = RoutingState::default();
    for step in input.steps.iter().take(20) {
        let action = match step {
            Step::Score {
                events: new,
                minutes,
            } => {
                now += i64::from(*minutes) * 60_000;
                for event in new.iter().take(8) {
                    events.push(event.clone());
                    bases.push(now);
                }
                let lead = lead_json(&person, &events, &bases);
                let text = lead.to_string();
                let parsed = parse_lead(&text).expect("a generated lead parses");
                let result = scorer.score(&parsed, at(now));
                let score: Value = serde_json::from_str(&json(&result)).expect("results are JSON");
                let snapshot = ScoreSnapshot::of(&result);
                let _ = lifecycle.preview_handoff(&parsed, &snapshot, None, at(now));
                lifecycle.route(&parsed, &mut routing.clone());
                serde_json::json!({ "type": "scoreUpdate", "score": score, "lead": lead })
            }
            Step::Act { action, minutes } => {
                now += i64::from(*minutes) * 60_000;
                action.json(now)
            }
            Step::Enrich(new) => {
                person = new.clone();
                continue;
            }
        };
        let text = action.to_string();
        let parsed = parse_action(&text);
        let malformed = matches!(
            step,
            Step::Act {
                action: ActionSpec::Malformed(_),
                ..
            }
        );
        assert_eq!(
            parsed.is_err(),
            malformed,
            "well-formed actions parse: {text} {parsed:?}"
        );
        let Ok(action) = parsed else { continue };
        record_reads_back(&record);
        if let Ok(outcome) = lifecycle.apply(&record, &action, at(now), &routing) {
            check_outcome(&record, &outcome);
            record = outcome.record;
            routing = outcome.routing;
        }
        sla_status_serializes(lifecycle, &record, at(now));
    }
}

fn at(ms: i64) -> Timestamp {
    Timestamp::from_millis(ms).expect("journeys stay within range")
}

/// The lead with every event so far, each event's time relative to when it arrived.
fn lead_json(person: &JourneyLead, events: &[EventSpec], bases: &[i64]) -> Value {
    let mut lead = person.json("journey", &[], 0);
    lead["events"] = events
        .iter()
        .zip(bases)
        .map(|(e, base)| e.json(*base))
        .collect();
    lead
}
