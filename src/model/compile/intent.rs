//! Reading the intent rules: the event types each counts, the conditions on the events'
//! properties, how matching events count (each, up to a limit, or once within a window) and
//! how their points decay.

use super::fields::{read_bounds, read_dotted, read_points, read_rule_id};
use crate::condition::Condition;
use crate::decay::{days_to_ms, positive_days, Decay};
use crate::document::{child, JsonObject, Reader};
use crate::model::{
    AttributePath, Bounds, Counting, EventTypes, IntentGroup, IntentRule, Limit, Period,
};
use serde_json::Value as Json;

/// The largest window count a model may ask for; its slots are kept per scoring call.
const MAX_WINDOW_COUNT: i64 = 10_000;

pub(super) fn read_intent(
    reader: &mut Reader,
    value: Option<&Json>,
    event_types: &mut EventTypes,
) -> Option<IntentGroup> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Some(IntentGroup {
            rules: Vec::new(),
            bounds: Bounds::default(),
        });
    };
    let map = reader.object(value, "intent", &["cap", "floor", "decay", "rules"])?;
    let bounds = read_bounds(reader, map, "intent");
    let default_decay = match map.get("decay") {
        None | Some(Json::Null) => Some(Decay::NONE),
        Some(decay) => Decay::read(reader, decay, "intent.decay"),
    };
    let items = reader.array(map, "rules", "intent", false);
    let rules = match items {
        Some(items) => reader.every(items, "intent.rules", |reader, rule, at| {
            read_intent_rule(reader, rule, at, default_decay.as_ref())
        })?,
        None => Vec::new(),
    };
    for (index, rule) in rules.iter().enumerate() {
        for event in &rule.events {
            event_types.listen(event, index as u32);
        }
    }
    default_decay?;
    Some(IntentGroup { rules, bounds })
}

fn read_intent_rule(
    reader: &mut Reader,
    value: &Json,
    path: &str,
    default_decay: Option<&Decay>,
) -> Option<IntentRule> {
    const KEYS: &[&str] = &[
        "id",
        "label",
        "event",
        "where",
        "points",
        "limit",
        "window",
        "decay",
        "instant",
        "disqualify",
        "engagement",
    ];
    let map = reader.object(value, path, KEYS)?;
    let before = reader.issues.len();
    let id = read_rule_id(reader, map, path);
    let label = reader.text(map, "label", path, false).map(str::to_string);
    let events = read_event_types(reader, map.get("event"), &child(path, "event"));
    let filter = read_filter(reader, map.get("where"), &child(path, "where"));
    let instant = reader.boolean(map, "instant", path).unwrap_or(false);
    let disqualify = reader.boolean(map, "disqualify", path).unwrap_or(false);
    let points = read_points(reader, map, path, instant || disqualify);
    let counting = read_counting(reader, map, path);
    if instant && matches!(counting, Some(Counting::Window { .. })) {
        reader.error(
            &child(path, "instant"),
            "an instant trigger fires on each matching event; it cannot also have a window",
        );
    }
    // Penalties do not fade unless the rule says so: a careers-page visit or an unsubscribe
    // stays against the lead, and a score never rises just because time passes.
    let decay = match map.get("decay") {
        None | Some(Json::Null) if points.is_some_and(|p| p < 0.0) => Some(Decay::NONE),
        None | Some(Json::Null) => default_decay.cloned(),
        Some(decay) => Decay::read(reader, decay, &child(path, "decay")),
    };
    let engagement = reader
        .boolean(map, "engagement", path)
        .unwrap_or(points.is_some_and(|p| p > 0.0) || instant);
    if reader.issues.len() != before {
        return None;
    }
    Some(IntentRule {
        id: id?,
        label,
        events: events?,
        filter: filter?,
        points: points?,
        counting: counting?,
        decay: decay?,
        instant,
        disqualify,
        engagement,
    })
}

fn read_event_types(reader: &mut Reader, value: Option<&Json>, path: &str) -> Option<Vec<String>> {
    match value {
        None | Some(Json::Null) => {
            reader.error(
                path,
                "is required: the event type (or types) this rule counts",
            );
            None
        }
        Some(Json::Array(items)) if items.is_empty() => {
            reader.error(path, "must name at least one event type");
            None
        }
        Some(Json::Array(items)) => reader.every(items, path, read_event_type),
        Some(other) => read_event_type(reader, other, path).map(|name| vec![name]),
    }
}

fn read_event_type(reader: &mut Reader, value: &Json, path: &str) -> Option<String> {
    let name = reader.expect(value, path, "an event type name", Json::as_str)?;
    if name.trim().is_empty() {
        reader.error(path, "an event type must not be empty");
        return None;
    }
    Some(name.to_string())
}

pub(super) fn read_filter(
    reader: &mut Reader,
    value: Option<&Json>,
    path: &str,
) -> Option<Vec<(AttributePath, Condition)>> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Some(Vec::new());
    };
    let map = reader.expect(
        value,
        path,
        "an object of property conditions",
        Json::as_object,
    )?;
    let filter: Vec<_> = map
        .iter()
        .map(|(property, condition)| {
            let p = child(path, property);
            let name = read_dotted(reader, property, &p);
            let condition = Condition::read(reader, condition, &p);
            Some((name?, condition?))
        })
        .collect();
    filter.into_iter().collect()
}

fn read_counting(reader: &mut Reader, map: &JsonObject, path: &str) -> Option<Counting> {
    let limit = map.get("limit").filter(|v| !v.is_null());
    let window = map.get("window").filter(|v| !v.is_null());
    match (limit, window) {
        (Some(_), Some(_)) => {
            reader.error(
                &child(path, "window"),
                "a rule has either a limit (points per event) or a window (points once), not both",
            );
            None
        }
        (Some(limit), None) => read_limit(reader, limit, &child(path, "limit"))
            .map(|limit| Counting::Each { limit: Some(limit) }),
        (None, Some(window)) => read_window(reader, window, &child(path, "window")),
        (None, None) => Some(Counting::Each { limit: None }),
    }
}

fn read_limit(reader: &mut Reader, value: &Json, path: &str) -> Option<Limit> {
    let map = reader.object(value, path, &["max", "per"])?;
    let max = reader.whole(map, "max", path, true, (1, i64::from(u32::MAX)));
    let per = match reader.choice(map, "per", path, &["day", "week", "month"]) {
        Some("day") => Some(Period::Day),
        Some("week") => Some(Period::Week),
        Some("month") => Some(Period::Month),
        _ => None,
    };
    Some(Limit {
        max: max? as u32,
        per,
    })
}

fn read_window(reader: &mut Reader, value: &Json, path: &str) -> Option<Counting> {
    let map = reader.object(value, path, &["atLeast", "days", "mode"])?;
    let at_least = reader.whole(map, "atLeast", path, true, (1, MAX_WINDOW_COUNT));
    let days = positive_days(reader, map, "days", path);
    let sliding = reader.choice(map, "mode", path, &["trailing", "sliding"]) == Some("sliding");
    Some(Counting::Window {
        at_least: at_least? as u32,
        span_ms: days_to_ms(days?),
        sliding,
    })
}
