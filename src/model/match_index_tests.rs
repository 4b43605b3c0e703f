//! The index from a property's value to its rules against the plain scan: on random models and
//! events, matching with it finds the same rules in the same order, and the same oddities.

use crate::engine::prepare::match_rules;
use crate::model::{MatchIndex, Model};
use crate::parse_lead;
use proptest::prelude::*;
use serde_json::{json, Value as Json};

/// Texts with what folding and trimming make hard: case, the Kelvin sign (its lowercase is
/// ASCII), İ (its lowercase is longer), final sigma, spaces of both kinds, numeric text.
fn text() -> impl Strategy<Value = String> + Clone {
    let pieces = prop::sample::select(vec![
        "/",
        "/pricing",
        "/Pricing",
        "/p",
        "/product",
        "/blog/",
        "a",
        "A",
        "k",
        "K",
        "\u{212A}",
        "i",
        "İ",
        "Σ",
        "σ",
        "ς",
        "ß",
        " ",
        "\u{A0}",
        "3",
        "nurture-1",
        "Nurture-1",
        "x",
        "-",
    ]);
    prop_oneof![
        4 => prop::collection::vec(pieces, 0..4).prop_map(|p| p.concat()),
        1 => Just("y".repeat(70)),
        1 => Just(format!("/pricing{}", "z".repeat(70))),
    ]
}

fn condition() -> impl Strategy<Value = Json> {
    let literal = text().prop_filter("not empty", |t| !t.is_empty());
    prop_oneof![
        12 => literal.clone().prop_map(|t| json!({"equals": t})),
        8 => prop::collection::vec(literal.clone(), 1..4).prop_map(|t| json!({"in": t})),
        12 => prop::collection::vec(literal.clone(), 1..3).prop_map(|t| json!({"prefix": t})),
        1 => Just(json!({"equals": 3})),
        1 => Just(json!({"equals": true})),
        1 => literal.clone().prop_map(|t| json!({"in": [t, 3]})),
        1 => literal.clone().prop_map(|t| json!({"suffix": t})),
        1 => Just(json!({"containsAny": ["pricing", "k"]})),
        1 => Just(json!({"min": 2})),
        1 => literal.clone().prop_map(|t| json!({"equals": t, "min": 1})),
        1 => literal.clone().prop_map(|t| json!({"min": 1, "prefix": t})),
        1 => Just(json!({"exists": true})),
        1 => literal.prop_map(|t| json!({"not": {"equals": t}})),
    ]
}

fn rule() -> impl Strategy<Value = (String, Vec<(String, Json)>)> {
    let property = prop::sample::select(vec!["p", "p", "q"]).prop_map(str::to_string);
    (
        prop::sample::select(vec!["a", "b"]).prop_map(str::to_string),
        prop::collection::vec((property, condition()), 0..=2),
    )
}

fn value() -> impl Strategy<Value = Json> {
    prop_oneof![
        6 => text().prop_map(Json::from),
        1 => Just(json!(3)),
        1 => Just(json!(true)),
        1 => Just(Json::Null),
        1 => prop::collection::vec(text(), 0..3).prop_map(|t| json!(t)),
        1 => text().prop_map(|t| json!({ "x": t })),
    ]
}

fn event() -> impl Strategy<Value = Json> {
    (
        prop::sample::select(vec!["a", "b", "c"]),
        prop::option::of(value()),
        prop::option::of(value()),
    )
        .prop_map(|(kind, p, q)| {
            let mut props = serde_json::Map::new();
            if let Some(p) = p {
                props.insert("p".into(), p);
            }
            if let Some(q) = q {
                props.insert("q".into(), q);
            }
            json!({"type": kind, "at": "2026-01-01T00:00:00Z", "props": props})
        })
}

fn model(rules: &[(String, Vec<(String, Json)>)]) -> Option<Model> {
    let rules: Vec<Json> = (rules.iter().enumerate())
        .map(|(i, (kind, filter))| {
            let mut rule = json!({"id": format!("r{i}"), "event": kind, "points": 1});
            if !filter.is_empty() {
                let mut filter_map = serde_json::Map::new();
                for (property, condition) in filter {
                    filter_map.insert(property.clone(), condition.clone());
                }
                rule["where"] = Json::Object(filter_map);
            }
            rule
        })
        .collect();
    let doc = json!({"version": 1, "intent": {"rules": rules}, "mql": {"threshold": 10}});
    Model::from_json(&doc.to_string()).ok()
}

/// The rules and oddities matching finds for each event, with the model's index or without.
fn matched(model: &Model, events: &Json) -> Vec<(Option<u32>, Vec<u32>, Vec<String>)> {
    let lead = json!({"id": "l", "events": events}).to_string();
    let lead = parse_lead(&lead).unwrap();
    (lead.events.iter().enumerate())
        .map(|(index, event)| {
            let (mut matches, mut odd) = (Vec::new(), Vec::new());
            let type_id = match_rules(model, event, index as u32, &mut matches, |o| {
                odd.push(format!("{o:?}"))
            });
            (type_id, matches, odd)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn the_index_finds_what_the_plain_scan_finds(
        rules in prop::collection::vec(rule(), 1..40),
        events in prop::collection::vec(event(), 1..12),
    ) {
        let Some(model) = model(&rules) else {
            return Err(TestCaseError::reject("not a model"));
        };
        let mut plain = model.clone();
        plain.match_index = MatchIndex::default();
        let events = Json::Array(events);
        prop_assert_eq!(matched(&model, &events), matched(&plain, &events));
    }
}

#[test]
fn the_hundred_rule_model_indexes_its_pages_and_campaigns() {
    let text = include_str!("../../bench/models/b2b-100-rules.json");
    let model = Model::from_json(text).unwrap();
    let indexed: Vec<&str> = (0..model.event_types.names.len() as u32)
        .filter_map(|id| model.match_index.property(id).map(|p| p.text.as_str()))
        .collect();
    assert_eq!(indexed, ["path", "contentType", "campaign", "source"]);
}

#[test]
fn folding_and_trimming_find_the_rules_the_plain_scan_finds() {
    let rules: Vec<(String, Vec<(String, Json)>)> = [
        json!({"equals": "k"}),
        json!({"in": ["Straße", "ΟΔΟΣ"]}),
        json!({"prefix": "/Pricing"}),
        json!({"equals": "İ"}),
        json!({"in": ["x", 3]}),
        json!({"prefix": ["/p", "/blog/"]}),
    ]
    .into_iter()
    .map(|condition| ("a".to_string(), vec![("p".to_string(), condition)]))
    .collect();
    let model = model(&rules).unwrap();
    assert!(model.match_index.property(0).is_some());
    let mut plain = model.clone();
    plain.match_index = MatchIndex::default();
    let values = [
        "\u{212A}",
        "K",
        " k\u{A0}",
        "STRASSE",
        "straße",
        "οδος",
        "ΟΔΟΣ",
        "i̇",
        "İ",
        " /PRICING/x",
        "/p",
        "/",
        "/Blog/",
        "3",
        "x ",
        "",
    ];
    let events: Vec<Json> = (values.iter())
        .map(|v| json!({"type": "a", "at": "2026-01-01T00:00:00Z", "props": {"p": v}}))
        .chain([json!({"type": "a", "at": "2026-01-01T00:00:00Z", "props": {"p": 3}})])
        .collect();
    let events = Json::Array(events);
    let found = matched(&model, &events);
    assert_eq!(found, matched(&plain, &events));
    let rules_found: Vec<Vec<u32>> = found.into_iter().map(|(_, rules, _)| rules).collect();
    let expected: Vec<Vec<u32>> = vec![
        vec![0],
        vec![0],
        vec![0],
        vec![],
        vec![1],
        vec![1],
        vec![1],
        vec![3],
        vec![3],
        vec![2, 5],
        vec![5],
        vec![],
        vec![5],
        vec![4],
        vec![4],
        vec![],
        vec![4],
    ];
    assert_eq!(rules_found, expected);
}
