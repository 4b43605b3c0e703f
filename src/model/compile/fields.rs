//! What the parts of a model share: rule ids, points, attribute paths, and a group's cap and
//! floor.

use crate::document::{child, JsonObject, Reader};
use crate::model::{AttributePath, Bounds};

const POINTS: (f64, f64) = (-1_000_000.0, 1_000_000.0);
const WHOLE_POINTS: (i64, i64) = (-1_000_000_000, 1_000_000_000);

pub(super) fn read_bounds(reader: &mut Reader, map: &JsonObject, path: &str) -> Bounds {
    // A cap bounds the positive side and a floor the negative side, so the points that
    // remain can always be attributed to the rules that earned them.
    let cap = reader.whole(map, "cap", path, false, (0, WHOLE_POINTS.1));
    let floor = reader.whole(map, "floor", path, false, (WHOLE_POINTS.0, 0));
    Bounds { cap, floor }
}

pub(super) fn read_rule_id(reader: &mut Reader, map: &JsonObject, path: &str) -> Option<String> {
    let id = reader.text(map, "id", path, true)?;
    if id.len() > 200 {
        reader.error(&child(path, "id"), "must be at most 200 characters");
    }
    Some(id.to_string())
}

/// Points are required unless the rule exists to disqualify or to trigger.
pub(super) fn read_points(
    reader: &mut Reader,
    map: &JsonObject,
    path: &str,
    may_omit: bool,
) -> Option<f64> {
    if may_omit {
        Some(
            reader
                .number(map, "points", path, false, POINTS)
                .unwrap_or(0.0),
        )
    } else {
        reader.number(map, "points", path, true, POINTS)
    }
}

pub(super) fn read_attribute_path(
    reader: &mut Reader,
    map: &JsonObject,
    key: &str,
    path: &str,
) -> Option<AttributePath> {
    let text = reader.text(map, key, path, true)?;
    read_dotted(reader, text, &child(path, key))
}

pub(super) fn read_dotted(reader: &mut Reader, text: &str, path: &str) -> Option<AttributePath> {
    if text.split('.').any(|part| part.trim().is_empty()) {
        reader.error(
            path,
            format!("{text:?} is not a valid attribute path (use names joined by dots, like \"company.size\")"),
        );
        return None;
    }
    Some(AttributePath::new(text))
}
