//! The lifecycle scenario driver of the Wasm runners: one lead followed through the binding's
//! `Lifecycle` step by step, as the golden lifecycle files describe (see `golden.rs`), with the
//! routing state carried from one action to the next as a JavaScript caller carries it.

use super::{get, js, options, to_json};
use crate::common::golden::change_lead;
use crate::common::repo_file;
use leadscore::wasm::{Lifecycle, Scorer};
use serde_json::{json, Value};
use wasm_bindgen::JsValue;

/// One lead, its JSON as it grows and its record as it moves, through a lifecycle.
pub struct Scenario<'l> {
    scorer: Scorer,
    lifecycle: &'l Lifecycle,
    pub lead: Value,
    pub record: JsValue,
    routing: Value,
}

impl<'l> Scenario<'l> {
    /// A new record for the lead, opened at `start`.
    pub fn new(scorer: Scorer, lifecycle: &'l Lifecycle, lead: Value, start: &str) -> Self {
        let id = lead["id"].as_str().expect("the lead's id is text");
        let record = lifecycle
            .new_record(id.into(), options(json!({ "now": start })))
            .unwrap_or_else(|e| panic!("{e:?}"));
        Scenario {
            scorer,
            lifecycle,
            lead,
            record,
            routing: Value::Null,
        }
    }

    /// One step: the lead's new events and attributes, then the step's action on the record at
    /// the step's `now` (a score update carries the lead's score at that moment and the lead).
    /// Gives the outcome object or what the binding threw; a taken action moves the record and
    /// the routing state on.
    pub fn step(&mut self, step: &Value) -> Result<JsValue, JsValue> {
        change_lead(&mut self.lead, step);
        let mut action = step["action"].clone();
        if action["type"] == "scoreUpdate" {
            let score = self
                .scorer
                .score(
                    js(&self.lead.to_string()),
                    options(json!({ "asOf": step["now"] })),
                )
                .unwrap_or_else(|e| panic!("{e:?}"));
            action["score"] = to_json(&score);
            action["lead"] = self.lead.clone();
        }
        let opts = json!({ "now": step["now"], "routing": self.routing });
        let outcome =
            self.lifecycle
                .apply(self.record.clone(), js(&action.to_string()), options(opts))?;
        self.record = get(&outcome, "record");
        self.routing = to_json(&get(&outcome, "routing"));
        Ok(outcome)
    }
}

/// Runs a golden lifecycle case through the binding, with its own model and playbook: every
/// step's outcome with the record's SLA status at that moment, or its `TransitionError`.
pub fn golden_outcomes(case: &Value) -> Value {
    let text = |key: &str| case[key].as_str().unwrap_or_else(|| panic!("no {key}"));
    let model = repo_file(text("model"));
    let scorer = Scorer::new(model.as_str().into(), None).unwrap_or_else(|e| panic!("{e:?}"));
    let lifecycle = Lifecycle::new(repo_file(text("playbook")).into(), model.into())
        .unwrap_or_else(|e| panic!("{e:?}"));
    let mut scenario = Scenario::new(scorer, &lifecycle, case["lead"].clone(), text("start"));
    let steps = case["steps"].as_array().expect("the case has steps");
    let outcomes = steps.iter().map(|step| match scenario.step(step) {
        Ok(outcome) => {
            let status = lifecycle
                .sla_status(
                    get(&outcome, "record"),
                    options(json!({ "now": step["now"] })),
                )
                .unwrap_or_else(|e| panic!("{e:?}"));
            let mut value = to_json(&outcome);
            value["slaStatus"] = to_json(&status);
            value
        }
        Err(error) => refusal(&error),
    });
    Value::Array(outcomes.collect())
}

/// A `TransitionError` thrown by a step, as the golden files hold it.
fn refusal(error: &JsValue) -> Value {
    let field = |key: &str| get(error, key).as_string().unwrap_or_default();
    assert_eq!(field("name"), "TransitionError", "{error:?}");
    let error = json!({
        "code": field("code"),
        "message": field("message"),
        "stage": field("stage"),
        "action": field("action"),
    });
    json!({ "error": error })
}
