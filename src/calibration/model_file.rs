//! Writing a fitted model: the original model document with new points per rule, any caps and
//! floors the fit moved, and a new threshold, everything else as it was. Changing a rule's sign must not change what its
//! feature measured, so an intent rule whose decay or engagement came from a default that
//! depends on the sign gets the old value written out.

use super::bounds::BoundChange;
use super::input::{RuleGroup, RuleInfo};
use crate::error::InputError;
use serde_json::{json, Map, Value as Json};

fn number(value: f64) -> Json {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        Json::from(value as i64)
    } else {
        json!(value)
    }
}

fn mismatch() -> InputError {
    InputError::new(
        "model",
        "the model document does not match the compiled model's rules",
    )
}

/// The model document with `points` (one per rule, model order), the bounds `moved` and
/// `threshold`.
pub fn fitted_model(
    document: &Json,
    rules: &[RuleInfo],
    points: &[f64],
    moved: &[BoundChange],
    threshold: f64,
) -> Result<Json, InputError> {
    let mut doc = document.clone();
    let root = doc.as_object_mut().ok_or_else(mismatch)?;
    let group_decay = root
        .get("intent")
        .and_then(|i| i.get("decay"))
        .filter(|d| !d.is_null())
        .cloned();
    let mut at = 0;
    for (group, key) in [(RuleGroup::Fit, "fit"), (RuleGroup::Intent, "intent")] {
        let count = rules.iter().filter(|r| r.group == group).count();
        if count == 0 {
            continue;
        }
        let items = root
            .get_mut(key)
            .and_then(|g| g.get_mut("rules"))
            .and_then(Json::as_array_mut)
            .filter(|items| items.len() == count)
            .ok_or_else(mismatch)?;
        for item in items.iter_mut() {
            let (rule, new) = (&rules[at], points[at]);
            at += 1;
            let map = item.as_object_mut().ok_or_else(mismatch)?;
            if map.get("id").and_then(Json::as_str) != Some(rule.id.as_str()) {
                return Err(mismatch());
            }
            if rule.disqualify || (new == 0.0 && !map.contains_key("points")) {
                continue;
            }
            if group == RuleGroup::Intent {
                keep_sign_defaults(map, rule, new, group_decay.as_ref());
            }
            map.insert("points".into(), number(new));
        }
    }
    for change in moved {
        let (group, key) = change.path.split_once('.').ok_or_else(mismatch)?;
        let group = root.entry(group).or_insert_with(|| json!({}));
        let group = group.as_object_mut().ok_or_else(mismatch)?;
        match change.after {
            Some(value) => group.insert(key.into(), Json::from(value)),
            None => group.remove(key),
        };
    }
    let mql = root
        .get_mut("mql")
        .and_then(Json::as_object_mut)
        .ok_or_else(mismatch)?;
    mql.insert("threshold".into(), number(threshold));
    let name = root
        .get("name")
        .and_then(Json::as_str)
        .map_or_else(|| "Model".to_string(), str::to_string);
    root.insert("name".into(), Json::from(format!("{name} (fitted)")));
    Ok(doc)
}

/// Negative intent points default to no decay and no engagement; others to the group's decay
/// and engagement when positive. Writes the old value where the new sign would change it.
fn keep_sign_defaults(
    map: &mut Map<String, Json>,
    rule: &RuleInfo,
    new: f64,
    group_decay: Option<&Json>,
) {
    let absent = |map: &Map<String, Json>, key: &str| map.get(key).is_none_or(Json::is_null);
    if absent(map, "decay") && (rule.points < 0.0) != (new < 0.0) {
        match (rule.points < 0.0, group_decay) {
            (true, Some(_)) => {
                map.insert("decay".into(), json!({ "kind": "none" }));
            }
            (false, Some(decay)) => {
                map.insert("decay".into(), decay.clone());
            }
            // Without a group decay both signs mean no decay.
            (_, None) => {}
        }
    }
    let engaged = |points: f64| points > 0.0 || rule.instant;
    if absent(map, "engagement") && engaged(rule.points) != engaged(new) {
        map.insert("engagement".into(), Json::from(engaged(rule.points)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;

    fn b2b() -> (Json, Model) {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/models/b2b-default.json"
        ))
        .unwrap();
        (
            serde_json::from_str(&text).unwrap(),
            Model::from_json(&text).unwrap(),
        )
    }

    #[test]
    fn a_fitted_model_keeps_everything_but_points_and_threshold() {
        let (doc, model) = b2b();
        let rules = RuleInfo::of_model(&model);
        // Flip every sign: pricing (decayed, engaged) becomes a penalty, careers a reward.
        let points: Vec<f64> = rules.iter().map(|r| -r.points - 1.0).collect();
        let fitted = fitted_model(&doc, &rules, &points, &[], 42.0).unwrap();
        let compiled = Model::from_value(&fitted).unwrap();
        assert_eq!(compiled.mql.threshold, 42.0);
        assert_eq!(compiled.name.as_deref(), Some("B2B default (fitted)"));
        for (new, old) in compiled.intent.rules.iter().zip(&model.intent.rules) {
            assert_eq!(new.decay, old.decay, "{}", old.id);
            assert_eq!(new.engagement, old.engagement, "{}", old.id);
            if !old.disqualify {
                assert_eq!(new.points, -old.points - 1.0, "{}", old.id);
            }
        }
        for (new, old) in compiled.fit.rules.iter().zip(&model.fit.rules) {
            assert_eq!(new.disqualify, old.disqualify);
            assert_eq!(
                new.points,
                if old.disqualify {
                    0.0
                } else {
                    -old.points - 1.0
                },
                "{}",
                old.id
            );
        }
        assert_eq!(compiled.bands, model.bands);
        assert_eq!(compiled.total, model.total);
    }

    #[test]
    fn moved_bounds_are_written() {
        let (doc, model) = b2b();
        let rules = RuleInfo::of_model(&model);
        let points: Vec<f64> = rules.iter().map(|r| r.points).collect();
        let moved = |path: &str, after: Option<i64>| BoundChange {
            path: path.into(),
            before: None,
            after,
            says: String::new(),
        };
        let fitted = fitted_model(
            &doc,
            &rules,
            &points,
            &[moved("total.floor", Some(-40)), moved("fit.cap", None)],
            50.0,
        )
        .unwrap();
        let compiled = Model::from_value(&fitted).unwrap();
        assert_eq!(
            (compiled.total.floor, compiled.total.cap),
            (Some(-40), Some(100))
        );
        assert_eq!(
            (compiled.fit.bounds.cap, compiled.fit.bounds.floor),
            (None, Some(-30))
        );
    }

    #[test]
    fn a_document_that_does_not_match_is_refused() {
        let (doc, model) = b2b();
        let rules = RuleInfo::of_model(&model);
        let points: Vec<f64> = rules.iter().map(|r| r.points).collect();
        let mut other = doc.clone();
        other["fit"]["rules"].as_array_mut().unwrap().pop();
        assert_eq!(
            fitted_model(&other, &rules, &points, &[], 50.0)
                .unwrap_err()
                .path,
            "model"
        );
        let mut renamed = doc.clone();
        renamed["intent"]["rules"][0]["id"] = json!("other");
        assert!(fitted_model(&renamed, &rules, &points, &[], 50.0).is_err());
        assert!(fitted_model(&json!([]), &rules, &points, &[], 50.0).is_err());
    }
}
