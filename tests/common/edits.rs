//! Edits to a random model's weights (every rule's points keeping their sign, the threshold,
//! caps and floors, bands, the grid and the MQL minimums): what a rule table must serve without
//! scoring again.

use proptest::prelude::*;
use serde_json::{json, Value};

/// What an edit to the weights may change, drawn at random: every rule's points (keeping their
/// sign, which decides a rule's default decay and engagement), the threshold, the caps and
/// floors, the bands, the grid and the MQL minimums.
#[derive(Debug, Clone)]
pub struct WeightEdit {
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

pub fn weight_edit() -> impl Strategy<Value = WeightEdit> {
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
    pub fn apply(&self, model: &Value) -> Value {
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
