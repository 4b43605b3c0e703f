//! Turns a model document (version 1, see `schema/model.schema.json`) into a [`Model`],
//! collecting every problem with its JSON path.

use super::{
    AttributePath, Band, Bounds, Counting, EventTypes, FitGroup, FitRule, Grid, IntentGroup,
    IntentRule, Limit, Model, MqlPolicy, Period,
};
use crate::condition::Condition;
use crate::decay::{days_to_ms, positive_days, Decay};
use crate::document::{self, child, describe, item, JsonObject, Reader};
use crate::error::ModelError;
use serde_json::Value as Json;
use std::collections::HashMap;

/// The model format version this build reads.
pub const MODEL_VERSION: i64 = 1;

const POINTS: (f64, f64) = (-1_000_000.0, 1_000_000.0);
const WHOLE_POINTS: (i64, i64) = (-1_000_000_000, 1_000_000_000);
const SCORE: (f64, f64) = (-1_000_000_000.0, 1_000_000_000.0);
/// The largest window count a model may ask for; its slots are kept per scoring call.
const MAX_WINDOW_COUNT: i64 = 10_000;

pub(super) fn compile_text(text: &str) -> Result<Model, ModelError> {
    compile(&document::parse(text)?)
}

pub(super) fn compile(doc: &Json) -> Result<Model, ModelError> {
    let mut reader = Reader::default();
    let model = read_model(&mut reader, doc).map(|mut model| {
        model.fingerprint = fingerprint(doc);
        model
    });
    reader.finish(model)
}

fn read_model(reader: &mut Reader, doc: &Json) -> Option<Model> {
    const KEYS: &[&str] = &[
        "$schema",
        "version",
        "name",
        "description",
        "fit",
        "intent",
        "total",
        "mql",
        "bands",
        "grid",
    ];
    let map = reader.object(doc, "", KEYS)?;
    if let Some(version) = reader.whole(map, "version", "", true, (1, i64::from(u32::MAX))) {
        if version != MODEL_VERSION {
            reader.error(
                "version",
                format!("this build reads model version {MODEL_VERSION}, not {version}"),
            );
        }
    }
    let name = reader.text(map, "name", "", false).map(str::to_string);
    reader.text(map, "description", "", false);

    let fit = read_fit(reader, map.get("fit"));
    let mut event_types = EventTypes::default();
    let intent = read_intent(reader, map.get("intent"), &mut event_types);
    let total = match map.get("total") {
        None | Some(Json::Null) => Some(Bounds::default()),
        Some(value) => read_bounds_object(reader, value, "total"),
    };
    let mql = read_mql(reader, map.get("mql"));
    let bands = match map.get("bands") {
        None | Some(Json::Null) => Some(Vec::new()),
        Some(value) => read_bands(reader, value, "bands"),
    };
    let grid = read_grid(reader, map.get("grid"));
    if let (Some(fit), Some(intent)) = (&fit, &intent) {
        check_unique_ids(reader, fit, intent);
    }
    let (fit, intent) = (fit?, intent?);
    Some(Model {
        name,
        fit,
        intent,
        total: total?,
        mql: mql?,
        bands: bands?,
        grid: grid?,
        event_types,
        fingerprint: 0,
    })
}

/// FNV-1a over the document's canonical JSON (keys sorted): stable across builds and targets.
fn fingerprint(doc: &Json) -> u64 {
    doc.to_string()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        })
}

fn check_unique_ids(reader: &mut Reader, fit: &FitGroup, intent: &IntentGroup) {
    let mut seen: HashMap<&str, String> = HashMap::new();
    let paths = fit
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), format!("fit.rules[{i}].id")))
        .chain(
            intent
                .rules
                .iter()
                .enumerate()
                .map(|(i, r)| (r.id.as_str(), format!("intent.rules[{i}].id"))),
        );
    for (id, path) in paths {
        if let Some(first) = seen.get(id) {
            reader.error(
                &path,
                format!("duplicate rule id {id:?}, first used at {first}"),
            );
        } else {
            seen.insert(id, path);
        }
    }
}

fn read_bounds(reader: &mut Reader, map: &JsonObject, path: &str) -> Bounds {
    // A cap bounds the positive side and a floor the negative side, so the points that
    // remain can always be attributed to the rules that earned them.
    let cap = reader.whole(map, "cap", path, false, (0, WHOLE_POINTS.1));
    let floor = reader.whole(map, "floor", path, false, (WHOLE_POINTS.0, 0));
    Bounds { cap, floor }
}

fn read_bounds_object(reader: &mut Reader, value: &Json, path: &str) -> Option<Bounds> {
    let map = reader.object(value, path, &["cap", "floor"])?;
    Some(read_bounds(reader, map, path))
}

fn read_fit(reader: &mut Reader, value: Option<&Json>) -> Option<FitGroup> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Some(FitGroup {
            rules: Vec::new(),
            bounds: Bounds::default(),
        });
    };
    let map = reader.object(value, "fit", &["cap", "floor", "rules"])?;
    let bounds = read_bounds(reader, map, "fit");
    let items = reader.array(map, "rules", "fit", false);
    let rules: Vec<Option<FitRule>> = items
        .map(|items| {
            items
                .iter()
                .enumerate()
                .map(|(i, rule)| read_fit_rule(reader, rule, &item("fit.rules", i)))
                .collect()
        })
        .unwrap_or_default();
    let rules: Option<Vec<FitRule>> = rules.into_iter().collect();
    Some(FitGroup {
        rules: rules?,
        bounds,
    })
}

fn read_rule_id(reader: &mut Reader, map: &JsonObject, path: &str) -> Option<String> {
    let id = reader.text(map, "id", path, true)?;
    if id.len() > 200 {
        reader.error(&child(path, "id"), "must be at most 200 characters");
    }
    Some(id.to_string())
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

/// Points are required unless the rule exists to disqualify or to trigger.
fn read_points(reader: &mut Reader, map: &JsonObject, path: &str, may_omit: bool) -> Option<f64> {
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

fn read_attribute_path(
    reader: &mut Reader,
    map: &JsonObject,
    key: &str,
    path: &str,
) -> Option<AttributePath> {
    let text = reader.text(map, key, path, true)?;
    read_dotted(reader, text, &child(path, key))
}

fn read_dotted(reader: &mut Reader, text: &str, path: &str) -> Option<AttributePath> {
    if text.split('.').any(|part| part.trim().is_empty()) {
        reader.error(
            path,
            format!("{text:?} is not a valid attribute path (use names joined by dots, like \"company.size\")"),
        );
        return None;
    }
    Some(AttributePath::new(text))
}

fn read_intent(
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
    let rules: Vec<Option<IntentRule>> = items
        .map(|items| {
            items
                .iter()
                .enumerate()
                .map(|(i, rule)| {
                    read_intent_rule(
                        reader,
                        rule,
                        &item("intent.rules", i),
                        default_decay.as_ref(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let rules: Vec<IntentRule> = rules.into_iter().collect::<Option<_>>()?;
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
    let one = |reader: &mut Reader, v: &Json, p: &str| match v {
        Json::String(name) if !name.trim().is_empty() => Some(name.clone()),
        Json::String(_) => {
            reader.error(p, "an event type must not be empty");
            None
        }
        other => {
            reader.error(
                p,
                format!("must be an event type name, not {}", describe(other)),
            );
            None
        }
    };
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
        Some(Json::Array(items)) => {
            let names: Vec<_> = items
                .iter()
                .enumerate()
                .map(|(i, v)| one(reader, v, &item(path, i)))
                .collect();
            names.into_iter().collect()
        }
        Some(other) => one(reader, other, path).map(|name| vec![name]),
    }
}

fn read_filter(
    reader: &mut Reader,
    value: Option<&Json>,
    path: &str,
) -> Option<Vec<(AttributePath, Condition)>> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Some(Vec::new());
    };
    let Json::Object(map) = value else {
        reader.error(
            path,
            format!(
                "must be an object of property conditions, not {}",
                describe(value)
            ),
        );
        return None;
    };
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

fn read_mql(reader: &mut Reader, value: Option<&Json>) -> Option<MqlPolicy> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        reader.error("mql", "is required: at least {\"threshold\": <points>}");
        return None;
    };
    const KEYS: &[&str] = &[
        "threshold",
        "recencyDays",
        "requiredFields",
        "minFit",
        "minIntent",
    ];
    let map = reader.object(value, "mql", KEYS)?;
    let before = reader.issues.len();
    let threshold = reader.number(map, "threshold", "mql", true, SCORE);
    let recency_ms = map
        .get("recencyDays")
        .filter(|v| !v.is_null())
        .and_then(|_| positive_days(reader, map, "recencyDays", "mql"))
        .map(days_to_ms);
    let min_fit = reader.number(map, "minFit", "mql", false, SCORE);
    let min_intent = reader.number(map, "minIntent", "mql", false, SCORE);
    let mut required_fields = Vec::new();
    if let Some(fields) = reader.array(map, "requiredFields", "mql", false) {
        for (i, field) in fields.iter().enumerate() {
            let p = item("mql.requiredFields", i);
            match field {
                Json::String(name) => required_fields.extend(read_dotted(reader, name, &p)),
                other => reader.error(
                    &p,
                    format!("must be an attribute name, not {}", describe(other)),
                ),
            }
        }
    }
    if reader.issues.len() != before {
        return None;
    }
    Some(MqlPolicy {
        threshold: threshold?,
        recency_ms,
        required_fields,
        min_fit,
        min_intent,
    })
}

fn read_bands(reader: &mut Reader, value: &Json, path: &str) -> Option<Vec<Band>> {
    let Json::Array(items) = value else {
        reader.error(
            path,
            format!("must be an array of bands, not {}", describe(value)),
        );
        return None;
    };
    let before = reader.issues.len();
    let mut bands: Vec<Band> = Vec::with_capacity(items.len());
    for (i, value) in items.iter().enumerate() {
        let band_path = item(path, i);
        let Some(map) = reader.object(value, &band_path, &["name", "min"]) else {
            continue;
        };
        let name = reader.text(map, "name", &band_path, true);
        let min = reader.number(map, "min", &band_path, false, SCORE);
        if i > 0 && min.is_none() && map.get("min").is_none_or(Json::is_null) {
            reader.error(
                &child(&band_path, "min"),
                "is required for every band after the first (bands run upward from their min)",
            );
        }
        let Some(name) = name else { continue };
        if bands.iter().any(|band| band.name == name) {
            reader.error(
                &child(&band_path, "name"),
                format!("duplicate band name {name:?}"),
            );
        }
        if let (Some(previous), Some(min)) = (bands.last().and_then(|b| b.min), min) {
            if min <= previous {
                reader.error(
                    &child(&band_path, "min"),
                    format!("bands must be listed from low to high without overlap: {min} is not above the previous band's min {previous}"),
                );
            }
        }
        bands.push(Band {
            name: name.to_string(),
            min,
        });
    }
    (reader.issues.len() == before).then_some(bands)
}

fn read_grid(reader: &mut Reader, value: Option<&Json>) -> Option<Option<Grid>> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Some(None);
    };
    let map = reader.object(value, "grid", &["fit", "intent"])?;
    let mut axis = |key: &str| match map.get(key) {
        Some(bands) if !bands.is_null() => {
            let bands = read_bands(reader, bands, &child("grid", key))?;
            if bands.is_empty() {
                reader.error(&child("grid", key), "must list at least one band");
                return None;
            }
            Some(bands)
        }
        _ => {
            reader.error(&child("grid", key), "is required: the bands of this axis");
            None
        }
    };
    let fit = axis("fit");
    let intent = axis("intent");
    Some(Some(Grid {
        fit: fit?,
        intent: intent?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Issue;
    use serde_json::json;

    fn issues(doc: Json) -> Vec<Issue> {
        compile(&doc)
            .expect_err("the model should be rejected")
            .issues
    }

    fn paths(doc: Json) -> Vec<String> {
        issues(doc).into_iter().map(|i| i.path).collect()
    }

    #[test]
    fn a_minimal_model_compiles() {
        let model = compile(&json!({"version": 1, "mql": {"threshold": 50}})).unwrap();
        assert!(model.fit.rules.is_empty());
        assert_eq!(model.mql.threshold, 50.0);
    }

    #[test]
    fn every_problem_is_reported_not_just_the_first() {
        let found = paths(json!({
            "version": 2,
            "fit": {"rules": [
                {"id": "t", "attribute": "title", "when": {"containsAny": []}, "points": 15},
                {"id": "t", "attribute": "size", "when": {"min": 50}}
            ]},
            "intent": {"rules": [
                {"id": "p", "event": "page_view", "points": 20, "decay": {"kind": "exponential", "halfLifeDays": -1}},
                {"id": "w", "event": "visit", "points": 5, "window": {"atLeast": 0, "days": 7}, "limit": {"max": 1}}
            ]},
            "mql": {"threshold": "fifty"}
        }));
        for expected in [
            "version",
            "fit.rules[0].when.containsAny",
            "fit.rules[1].points",
            "intent.rules[0].decay.halfLifeDays",
            "intent.rules[1].window",
            "mql.threshold",
        ] {
            assert!(
                found.iter().any(|p| p == expected),
                "{expected} not in {found:?}"
            );
        }
    }

    #[test]
    fn duplicate_ids_point_at_the_second_use() {
        let found = issues(json!({
            "version": 1, "mql": {"threshold": 1},
            "fit": {"rules": [{"id": "x", "attribute": "a", "when": {"exists": true}, "points": 1}]},
            "intent": {"rules": [{"id": "x", "event": "e", "points": 1}]}
        }));
        assert_eq!(found[0].path, "intent.rules[0].id");
        assert!(found[0].message.contains("first used at fit.rules[0].id"));
    }

    #[test]
    fn bands_must_ascend_without_overlap() {
        let found = paths(json!({"version": 1, "mql": {"threshold": 1},
            "bands": [{"name": "low"}, {"name": "high", "min": 50}, {"name": "mid", "min": 25}, {"name": "x"}]}));
        assert_eq!(found, ["bands[2].min", "bands[3].min"]);
    }

    #[test]
    fn caps_and_floors_must_be_whole_and_ordered() {
        let found = paths(json!({"version": 1, "mql": {"threshold": 1},
            "fit": {"cap": 10.5}, "intent": {"cap": -10, "floor": 20}, "total": {"floor": "0"}}));
        assert_eq!(
            found,
            ["fit.cap", "intent.cap", "intent.floor", "total.floor"]
        );
    }

    #[test]
    fn not_json_is_one_clear_problem() {
        let err = compile_text("{\"version\": 1,").unwrap_err();
        assert_eq!(err.issues.len(), 1);
        assert!(err.issues[0]
            .message
            .starts_with("the model is not valid JSON"));
    }

    #[test]
    fn instant_rules_cannot_have_windows_and_need_no_points() {
        let found = paths(json!({"version": 1, "mql": {"threshold": 1},
        "intent": {"rules": [
            {"id": "a", "event": "demo_request", "instant": true},
            {"id": "b", "event": "x", "instant": true, "window": {"atLeast": 2, "days": 1}}
        ]}}));
        assert_eq!(found, ["intent.rules[1].instant"]);
    }

    #[test]
    fn rules_are_indexed_by_event_type() {
        let model = compile(&json!({"version": 1, "mql": {"threshold": 1},
            "intent": {"rules": [
                {"id": "a", "event": ["visit", "page_view"], "points": 1},
                {"id": "b", "event": "page_view", "points": 1},
                {"id": "c", "event": "visit", "points": 1, "window": {"atLeast": 3, "days": 7, "mode": "sliding"}},
                {"id": "d", "event": "visit", "points": 1, "window": {"atLeast": 2, "days": 7, "mode": "sliding"}}
            ]}}))
        .unwrap();
        let types = &model.event_types;
        assert_eq!(types.rules(types.id("page_view").unwrap()), &[0, 1]);
        assert_eq!(types.rules(types.id("visit").unwrap()), &[0, 2, 3]);
        assert_eq!(types.id("email_open"), None);
    }
}
