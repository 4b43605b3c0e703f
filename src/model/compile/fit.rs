//! Reading the fit rules: points (or a disqualification) for a lead attribute that meets a
//! condition, within the fit group's cap and floor.

use super::fields::{read_attribute_path, read_bounds, read_points, read_rule_id};
use crate::condition::Condition;
use crate::document::{child, Reader};
use crate::model::{Bounds, FitGroup, FitRule};
use serde_json::Value as Json;

pub(super) fn read_fit(reader: &mut Reader, value: Option<&Json>) -> Option<FitGroup> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Some(FitGroup {
            rules: Vec::new(),
            bounds: Bounds::default(),
        });
    };
    let map = reader.object(value, "fit", &["cap", "floor", "rules"])?;
    let bounds = read_bounds(reader, map, "fit");
    let items = reader.array(map, "rules", "fit", false);
    let rules = match items {
        Some(items) => reader.every(items, "fit.rules", read_fit_rule),
        None => Some(Vec::new()),
    };
    Some(FitGroup {
        rules: rules?,
        bounds,
    })
}

fn read_fit_rule(reader: &mut Reader, value: &Json, path: &str) -> Option<FitRule> {
    const KEYS: &[&str] = &["id", "label", "attribute", "when", "points", "disqualify"];
    let map = reader.object(value, path, KEYS)?;
    let before = reader.issues.len();
    let id = read_rule_id(reader, map, path);
    let label = reader.text(map, "label", path, false).map(str::to_string);
    let attribute = read_attribute_path(reader, map, "attribute", path);
    let when = match map.get("when") {
        Some(when) if !when.is_null() => Condition::read(reader, when, &child(path, "when")),
        _ => {
            reader.error(&child(path, "when"), "is required");
            None
        }
    };
    let disqualify = reader.boolean(map, "disqualify", path).unwrap_or(false);
    let points = read_points(reader, map, path, disqualify);
    if reader.issues.len() != before {
        return None;
    }
    Some(FitRule {
        id: id?,
        label,
        attribute: attribute?,
        when: when?,
        points: points?,
        disqualify,
    })
}
