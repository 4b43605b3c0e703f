//! The models, leads and playbook the raw-input targets score and run against: the example
//! model and playbook, and the parity models, which between them use every rule kind, decay
//! kind, limit, window, cap and condition operator.

use leadscore::{Scorer, Timestamp};
use std::sync::OnceLock;

pub const EXAMPLE_MODEL: &str = include_str!("../../examples/models/b2b-default.json");
pub const EXAMPLE_LEADS: &str = include_str!("../../examples/leads/b2b-leads.json");
#[cfg(feature = "lifecycle")]
pub const EXAMPLE_PLAYBOOK: &str = include_str!("../../examples/playbooks/b2b-default.json");
pub const EVERY_OPERATOR_MODEL: &str =
    include_str!("../../tests/parity/models/every-operator-step.json");
pub const DECAY_PER_RULE_MODEL: &str =
    include_str!("../../tests/parity/models/decay-per-rule.json");

/// The moment the examples are scored as of.
pub const AS_OF: &str = "2026-11-20T17:00:00Z";

pub fn as_of() -> Timestamp {
    Timestamp::parse(AS_OF).expect("a valid time")
}

/// The compiled fixture models, compiled once per process.
pub fn scorers() -> &'static [Scorer] {
    static SCORERS: OnceLock<Vec<Scorer>> = OnceLock::new();
    SCORERS.get_or_init(|| {
        [EXAMPLE_MODEL, EVERY_OPERATOR_MODEL, DECAY_PER_RULE_MODEL]
            .iter()
            .map(|text| Scorer::from_json(text).expect("the fixture models compile"))
            .collect()
    })
}

/// The example leads, each as its own JSON text.
pub fn example_leads() -> &'static [String] {
    static LEADS: OnceLock<Vec<String>> = OnceLock::new();
    LEADS.get_or_init(|| {
        let leads: Vec<serde_json::Value> =
            serde_json::from_str(EXAMPLE_LEADS).expect("the example leads are JSON");
        leads.iter().map(|lead| lead.to_string()).collect()
    })
}

/// The example playbook, compiled once per process for the example model.
#[cfg(feature = "lifecycle")]
pub fn lifecycle() -> &'static leadscore::Lifecycle {
    static LIFECYCLE: OnceLock<leadscore::Lifecycle> = OnceLock::new();
    LIFECYCLE.get_or_init(|| {
        leadscore::Lifecycle::from_json(EXAMPLE_PLAYBOOK, scorers()[0].model())
            .expect("the example playbook compiles")
    })
}
