//! The rule table: a lead's row, reweighed with other points, caps, floors, threshold, bands,
//! grid or MQL minimums, gives exactly what scoring the lead again gives (but for the crossing,
//! which the table does not know), and its features are what each rule's points multiply.
#![cfg(not(target_arch = "wasm32"))]

mod common;

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

/// What an edit to the weights may change, drawn at random: every rule's points (keeping their
/// sign, which decides a rule's default decay and engagement), the threshold, the caps and
/// floors, the bands, the grid and the MQL minimums.
#[derive(Debug, Clone)]
struct WeightEdit {
    scales: Vec<i32>,
    threshold: i32,
    cap: Option<i32>,
    floor: Option<i32>,
    group_caps: (Option<i32>, Option<i32>),
    band_shift: i32,
    grid: bool,
    min_fit: Option<i32>,
    min_intent: Option<i32>,
}

fn weight_edit() -> impl Strategy<Value = WeightEdit> {
    (
        prop::collection::vec(1..5i32, 16),
        -20..150i32,
        proptest::option::of(0..120i32),
        proptest::option::of(-60..0i32),
        (
            proptest::option::of(0..60i32),
            proptest::option::of(0..90i32),
        ),
        -30..30i32,
        any::<bool>(),
        proptest::option::of(-10..40i32),
        proptest::option::of(-10..40i32),
    )
        .prop_map(
            |(scales, threshold, cap, floor, group_caps, band_shift, grid, min_fit, min_intent)| {
                WeightEdit {
                    scales,
                    threshold,
                    cap,
                    floor,
                    group_caps,
                    band_shift,
                    grid,
                    min_fit,
                    min_intent,
                }
            },
        )
}

impl WeightEdit {
    fn apply(&self, model: &Value) -> Value {
        let mut model = model.clone();
        let mut scale = self.scales.iter().cycle();
        for group in ["fit", "intent"] {
            let Some(rules) = model[group]["rules"].as_array_mut() else {
                continue;
            };
            for rule in rules {
                let points = rule["points"].as_f64().unwrap_or(0.0);
                // Scaled by a whole factor, and by a fraction on odd factors: the sign stays.
                let factor = f64::from(*scale.next().unwrap());
                let scaled = if factor as i32 % 2 == 1 {
                    points * factor / 3.0
                } else {
                    points * factor
                };
                rule["points"] = json!(scaled);
            }
        }
        for (group, cap) in [("fit", self.group_caps.0), ("intent", self.group_caps.1)] {
            match cap {
                Some(cap) => model[group]["cap"] = json!(cap),
                None => {
                    if let Some(group) = model[group].as_object_mut() {
                        group.remove("cap");
                    }
                }
            }
        }
        model["mql"]["threshold"] = json!(self.threshold);
        model["total"] = json!({});
        if let Some(cap) = self.cap {
            model["total"]["cap"] = json!(cap);
        }
        if let Some(floor) = self.floor {
            model["total"]["floor"] = json!(floor);
        }
        model["bands"] = json!([
            {"name": "low"},
            {"name": "medium", "min": 20 + self.band_shift},
            {"name": "high", "min": 60 + self.band_shift},
        ]);
        if self.grid {
            model["grid"] = json!({
                "fit": [{"name": "C"}, {"name": "B", "min": 10}, {"name": "A", "min": 25}],
                "intent": [{"name": "3"}, {"name": "2", "min": 15}, {"name": "1", "min": 40}],
            });
        } else if let Some(object) = model.as_object_mut() {
            object.remove("grid");
        }
        for (key, value) in [("minFit", self.min_fit), ("minIntent", self.min_intent)] {
            match value {
                Some(min) => model["mql"][key] = json!(min),
                None => {
                    if let Some(mql) = model["mql"].as_object_mut() {
                        mql.remove(key);
                    }
                }
            }
        }
        model
    }
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
