//! The example leads the lifecycle journeys follow (when each one's record opens and the moment
//! its score first makes it an MQL), and reading an outcome's effects.

use super::scenario::Funnel;
use super::{at, repo_json};
use leadscore::lifecycle::{LifecycleRecord, Outcome};
use serde_json::Value;

pub fn example_lead(id: &str) -> Value {
    let leads = repo_json("examples/leads/b2b-leads.json");
    let found = leads.as_array().unwrap().iter().find(|l| l["id"] == id);
    found
        .unwrap_or_else(|| panic!("no example lead {id}"))
        .clone()
}

/// When the journeys open each example lead's record, and the moment its score first makes it
/// an MQL.
pub fn journey_moments(id: &str) -> (&'static str, &'static str) {
    match id {
        // Maria Lopez, VP of Marketing at Northwind: Friday 2026-11-20, 12:00 in New York.
        "lead-001" => ("2026-11-01T00:00:00Z", "2026-11-20T17:00:00Z"),
        // Dev Patel, a demo request from London: Thursday 2026-11-19, 16:10 in Berlin.
        "lead-002" => ("2026-11-19T00:00:00Z", "2026-11-19T15:10:00Z"),
        // Priya Raman at Mercy Health Partners, US East: Friday 2026-11-20, 12:00.
        "lead-006" => ("2026-11-01T00:00:00Z", "2026-11-20T17:00:00Z"),
        other => panic!("no journey for {other}"),
    }
}

/// A journey's start: the example funnel, an example lead, and the lead's new record.
pub fn start(id: &str) -> (Funnel, Value, LifecycleRecord) {
    let funnel = Funnel::example();
    let (opens, _) = journey_moments(id);
    let record = funnel.lifecycle.new_record(id, at(opens));
    (funnel, example_lead(id), record)
}

/// The score update that first makes a journey's lead an MQL, at its moment.
pub fn qualify(funnel: &mut Funnel, record: &LifecycleRecord, lead: &Value) -> Outcome {
    let (_, qualifies) = journey_moments(lead["id"].as_str().unwrap());
    funnel.score(record, lead, qualifies)
}

pub fn effect_types(outcome: &Outcome) -> Vec<String> {
    outcome
        .effects
        .iter()
        .map(|e| {
            serde_json::to_value(e).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

pub fn effect(outcome: &Outcome, kind: &str) -> Value {
    outcome
        .effects
        .iter()
        .map(|e| serde_json::to_value(e).unwrap())
        .find(|e| e["type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} effect in {:?}", effect_types(outcome)))
}
