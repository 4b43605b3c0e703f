//! The lifecycle scenario driver of the native tests. A [`Funnel`] is what an application keeps
//! around the engine: a scorer, the playbook's lifecycle, and the routing state carried from one
//! action to the next. A [`Scenario`] follows one lead through a funnel step by step, as the
//! golden lifecycle files describe (see `golden.rs`); the golden runner, the journeys and the
//! property tests all drive the lifecycle through these two.

use super::golden::change_lead;
use super::{at, default_scorer, repo_file};
use leadscore::lifecycle::{parse_action, Action, LifecycleRecord, Outcome, RoutingState};
use leadscore::{parse_lead, Lifecycle, ScoreSnapshot, Scorer, TransitionError};
use serde::Serialize;
use serde_json::{json, Value};

pub const EXAMPLE_PLAYBOOK: &str = "examples/playbooks/b2b-default.json";

/// The example playbook's rejection reasons, in its order.
pub const EXAMPLE_REASONS: [&str; 7] = [
    "wrongIcp",
    "premature",
    "timing",
    "budgetCycle",
    "noResponse",
    "duplicate",
    "competitor",
];

/// The example playbook compiled for a scorer's model.
pub fn example_lifecycle(scorer: &Scorer) -> Lifecycle {
    Lifecycle::from_json(&repo_file(EXAMPLE_PLAYBOOK), scorer.model())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A scorer, a lifecycle, and the routing state every taken action hands on to the next.
pub struct Funnel {
    pub scorer: Scorer,
    pub lifecycle: Lifecycle,
    pub routing: RoutingState,
}

impl Funnel {
    pub fn new(scorer: Scorer, lifecycle: Lifecycle) -> Funnel {
        Funnel {
            scorer,
            lifecycle,
            routing: RoutingState::default(),
        }
    }

    /// The example model and playbook.
    pub fn example() -> Funnel {
        let scorer = default_scorer();
        let lifecycle = example_lifecycle(&scorer);
        Funnel::new(scorer, lifecycle)
    }

    /// Applies an action at `now` with the current routing state. A taken action hands its
    /// routing state on, and its record must be consistent.
    pub fn apply(
        &mut self,
        record: &LifecycleRecord,
        action: &Action,
        now: &str,
    ) -> Result<Outcome, TransitionError> {
        let outcome = self
            .lifecycle
            .apply(record, action, at(now), &self.routing)?;
        assert_eq!(outcome.record.problems(), Vec::<String>::new());
        self.routing = outcome.routing.clone();
        Ok(outcome)
    }

    /// Applies an action given as JSON, read as a caller's would be.
    pub fn try_act(
        &mut self,
        record: &LifecycleRecord,
        action: &Value,
        now: &str,
    ) -> Result<Outcome, TransitionError> {
        let text = action.to_string();
        let action = parse_action(&text).unwrap_or_else(|e| panic!("{e}"));
        self.apply(record, &action, now)
    }

    /// [`Funnel::try_act`] for an action that must be taken.
    pub fn act(&mut self, record: &LifecycleRecord, action: &Value, now: &str) -> Outcome {
        self.try_act(record, action, now)
            .unwrap_or_else(|e| panic!("{action}: {e}"))
    }

    /// Scores the lead as of `now` and applies the score update, as a Rust caller does
    /// ([`ScoreSnapshot::of`]).
    pub fn try_score(
        &mut self,
        record: &LifecycleRecord,
        lead: &Value,
        now: &str,
    ) -> Result<Outcome, TransitionError> {
        let text = lead.to_string();
        let lead = parse_lead(&text).unwrap_or_else(|e| panic!("{e}"));
        let score = ScoreSnapshot::of(&self.scorer.score(&lead, at(now)));
        self.apply(record, &Action::ScoreUpdate { score, lead }, now)
    }

    /// [`Funnel::try_score`] for a score update that must be taken.
    pub fn score(&mut self, record: &LifecycleRecord, lead: &Value, now: &str) -> Outcome {
        self.try_score(record, lead, now)
            .unwrap_or_else(|e| panic!("{e}"))
    }
}

/// One lead followed through a funnel: its JSON as it grows, and its record as it moves.
pub struct Scenario {
    pub funnel: Funnel,
    pub lead: Value,
    pub record: LifecycleRecord,
}

/// What one step did: the action as sent (a score update with its score and lead) and what
/// came of it.
pub struct Stepped {
    pub action: Value,
    pub result: Result<Outcome, TransitionError>,
}

impl Scenario {
    /// A new record for the lead, opened at `start`.
    pub fn new(funnel: Funnel, lead: Value, start: &str) -> Scenario {
        let id = lead["id"].as_str().expect("the lead's id is text");
        let record = funnel.lifecycle.new_record(id, at(start));
        Scenario {
            funnel,
            lead,
            record,
        }
    }

    /// A golden lifecycle case's model, playbook, lead and start.
    pub fn from_case(case: &Value) -> Scenario {
        let text = |key: &str| case[key].as_str().unwrap_or_else(|| panic!("no {key}"));
        let scorer = Scorer::from_json(&repo_file(text("model"))).unwrap_or_else(|e| panic!("{e}"));
        let lifecycle = Lifecycle::from_json(&repo_file(text("playbook")), scorer.model())
            .unwrap_or_else(|e| panic!("{e}"));
        Scenario::new(
            Funnel::new(scorer, lifecycle),
            case["lead"].clone(),
            text("start"),
        )
    }

    /// One step: the lead's new events and attributes, then the step's action on the record at
    /// the step's `now`. A score update carries the lead's score at that moment and the lead,
    /// as JSON, as callers of the binding send them. A taken action moves the record on.
    pub fn step(&mut self, step: &Value) -> Stepped {
        let now = step["now"].as_str().expect("the step's now is text");
        change_lead(&mut self.lead, step);
        let mut action = step["action"].clone();
        if action["type"] == "scoreUpdate" {
            let text = self.lead.to_string();
            let lead = parse_lead(&text).unwrap_or_else(|e| panic!("{e}"));
            action["score"] = as_json(&self.funnel.scorer.score(&lead, at(now)));
            action["lead"] = self.lead.clone();
        }
        let result = self.funnel.try_act(&self.record, &action, now);
        if let Ok(outcome) = &result {
            self.record = outcome.record.clone();
        }
        Stepped { action, result }
    }
}

/// Runs a golden lifecycle case: every step's outcome with the record's SLA status at that
/// moment, or its error, as the golden files hold them.
pub fn golden_outcomes(case: &Value) -> Value {
    let mut scenario = Scenario::from_case(case);
    let steps = case["steps"].as_array().expect("the case has steps");
    let outcomes = steps.iter().map(|step| match scenario.step(step).result {
        Ok(outcome) => {
            let now = at(step["now"].as_str().unwrap());
            let status = scenario.funnel.lifecycle.sla_status(&outcome.record, now);
            let mut value = as_json(&outcome);
            value["slaStatus"] = as_json(&status);
            value
        }
        Err(error) => refusal(&error),
    });
    Value::Array(outcomes.collect())
}

/// A refused step as the golden files hold it.
fn refusal(error: &TransitionError) -> Value {
    let error = json!({
        "code": error.code,
        "message": error.message,
        "stage": error.stage.name(),
        "action": error.action,
    });
    json!({ "error": error })
}

/// A value as JSON, through text exactly as the expectations were written.
fn as_json(value: &impl Serialize) -> Value {
    serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
}
