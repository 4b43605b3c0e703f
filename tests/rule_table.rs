//! The rule table: a lead's row, reweighed with other points, caps, floors, threshold, bands,
//! grid or MQL minimums, gives exactly what scoring the lead again gives (but for the crossing,
//! which the table does not know), and its features are what each rule's points multiply.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::edits::weight_edit;
use common::random::{lead_strategy, model_strategy, BASE, DAY_MS};
use common::{at, repo_file};
use leadscore::{parse_lead, Model, Scorer, Scratch, Timestamp};
use proptest::prelude::*;
use serde_json::{json, Value};

/// A full result as JSON, without the crossing (which a reweigh leaves out).
fn without_crossing(result: &leadscore::ScoreResult) -> Value {
    let mut value = serde_json::to_value(result).unwrap();
    let object = value.as_object_mut().unwrap();
    object.remove("crossedAt");
    object.remove("crossingEvent");
    value
}

fn compile(model: &Value) -> Scorer {
    Scorer::from_json(&model.to_string()).unwrap_or_else(|e| panic!("{e}: {model:#}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The heart of the table: what a weight edit gives from the row is what scoring gives.
    #[test]
    fn a_reweighed_row_is_a_full_rescore_but_for_the_crossing(
        model in model_strategy(),
        edit in weight_edit(),
        leads in prop::collection::vec(lead_strategy(), 1..6),
        days_after in 0..90i64,
    ) {
        let before = compile(&model);
        let edited = edit.apply(&model);
        let after = compile(&edited);
        prop_assert!(after.model().same_shape(before.model()), "{edited:#}");
        let as_of = Timestamp::from_millis(at(BASE).millis() + days_after * DAY_MS).unwrap();
        let mut scratch = Scratch::default();
        for lead_json in &leads {
            let text = lead_json.to_string();
            let lead = parse_lead(&text).unwrap();
            let row = before.tabulate(&lead, as_of, &mut scratch);
            prop_assert_eq!(
                without_crossing(&after.reweigh(&row)),
                without_crossing(&after.score(&lead, as_of))
            );
            // The row reweighed with its own model is its own score too.
            prop_assert_eq!(
                without_crossing(&before.reweigh(&row)),
                without_crossing(&before.score(&lead, as_of))
            );
        }
    }

    /// Without caps or floors, a rule's points are its feature times its points, rounded.
    #[test]
    fn features_times_points_are_the_points(model in model_strategy(), lead_json in lead_strategy()) {
        let mut model = model;
        for part in ["fit", "intent", "total"] {
            if let Some(part) = model[part].as_object_mut() {
                part.remove("cap");
                part.remove("floor");
            }
        }
        let scorer = compile(&model);
        let rules = scorer.model();
        let text = lead_json.to_string();
        let lead = parse_lead(&text).unwrap();
        let row = scorer.tabulate(&lead, at(BASE), &mut Scratch::default());
        let result = scorer.score(&lead, at(BASE));
        let points = (rules.fit.rules.iter().map(|r| r.points))
            .chain(rules.intent.rules.iter().map(|r| r.points));
        for ((feature, points), id) in row.features().zip(points).zip(rules.rule_ids()) {
            let awarded = result.contributions.iter().find(|c| c.rule_id == id);
            prop_assert_eq!(
                awarded.map_or(0, |c| c.points),
                (feature * points).round() as i64,
                "{}", id
            );
        }
    }
}

/// A model of another shape (a changed condition, window or decay) is not reweighed.
#[test]
fn a_model_of_another_shape_is_told_apart() {
    let text = repo_file("examples/models/b2b-default.json");
    let model: Value = serde_json::from_str(&text).unwrap();
    let shape = |edit: &dyn Fn(&mut Value)| {
        let mut other = model.clone();
        edit(&mut other);
        Model::from_value(&other)
            .unwrap()
            .same_shape(&Model::from_value(&model).unwrap())
    };
    assert!(shape(&|m| m["mql"]["threshold"] = json!(70)));
    assert!(shape(&|m| m["fit"]["rules"][0]["points"] = json!(25)));
    assert!(shape(
        &|m| m["fit"]["rules"][0]["label"] = json!("Senior buyer")
    ));
    assert!(!shape(
        &|m| m["fit"]["rules"][0]["when"] = json!({"equals": "ceo"})
    ));
    assert!(!shape(&|m| m["intent"]["decay"] = json!({"kind": "none"})));
    assert!(!shape(&|m| m["mql"]["recencyDays"] = json!(7)));
    let rules = model["intent"]["rules"].as_array().unwrap().len();
    assert!(!shape(&|m| {
        m["intent"]["rules"]
            .as_array_mut()
            .unwrap()
            .truncate(rules - 1);
    }));
}
