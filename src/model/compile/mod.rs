//! Turns a model document (version 1, see `schema/model.schema.json`) into a [`Model`],
//! collecting every problem with its JSON path.
//!
//! The document and its cross-cutting checks are read here; `fit.rs`, `intent.rs` and `mql.rs`
//! read the fit rules, the intent rules (events, filters, counting and decay) and the MQL
//! policy with the bands and grid, `accounts.rs` the optional accounts section, and `fields.rs`
//! what they share.

mod accounts;
mod fields;
mod fit;
mod intent;
mod mql;

use super::{Bounds, EventTypes, FitGroup, IntentGroup, MatchIndex, Model};
use crate::document::{self, Reader};
use crate::error::ModelError;
use crate::model::MODEL_VERSION;
use accounts::read_accounts;
use fields::read_bounds;
use fit::read_fit;
use intent::read_intent;
use mql::{read_bands, read_grid, read_mql};
use serde_json::Value as Json;
use std::collections::HashMap;

pub(super) fn compile_text(text: &str, limits: &crate::Limits) -> Result<Model, ModelError> {
    let doc = document::parse(text)?;
    limits.check_model(&doc)?;
    compile(&doc)
}

pub(super) fn compile(doc: &Json) -> Result<Model, ModelError> {
    let mut reader = Reader::default();
    let model = read_model(&mut reader, doc).map(|mut model| {
        model.fingerprint = fingerprint(doc);
        model.match_index = MatchIndex::new(&model);
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
        "accounts",
    ];
    let map = reader.object(doc, "", KEYS)?;
    let name = reader.header(map, "model", MODEL_VERSION);
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
    let accounts = read_accounts(reader, map.get("accounts"));
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
        accounts: accounts?,
        event_types,
        fingerprint: 0,
        match_index: MatchIndex::default(),
    })
}

/// FNV-1a over the document's canonical JSON (keys sorted): stable across builds and targets.
/// The `accounts` section is left out: leads are not scored by it, so tuning it keeps their
/// saved states.
fn fingerprint(doc: &Json) -> u64 {
    let text = match doc.as_object() {
        Some(map) if map.contains_key("accounts") => {
            let mut lead_part = map.clone();
            lead_part.remove("accounts");
            Json::Object(lead_part).to_string()
        }
        _ => doc.to_string(),
    };
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
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

fn read_bounds_object(reader: &mut Reader, value: &Json, path: &str) -> Option<Bounds> {
    let map = reader.object(value, path, &["cap", "floor"])?;
    Some(read_bounds(reader, map, path))
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
        let err = compile_text("{\"version\": 1,", &crate::Limits::default()).unwrap_err();
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
