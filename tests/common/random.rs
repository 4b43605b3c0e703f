//! Random models and leads for the property tests: models of every rule kind, count, decay, cap
//! and band, leads with events across 200 days before a fixed moment, and arbitrary JSON.

use super::at;
use leadscore::Timestamp;
use proptest::prelude::*;
use serde_json::{json, Value};

/// The moment the random leads' events lead up to.
pub const BASE: &str = "2026-11-20T12:00:00Z";
pub const DAY_MS: i64 = 86_400_000;
const TYPES: &[&str] = &["visit", "download", "open", "demo", "unsub"];

fn decay_strategy() -> impl Strategy<Value = Value> {
    let age = prop_oneof![Just("event"), Just("lastEngagement")];
    (0..5u8, 1..120u32, age).prop_map(|(kind, days, age)| match kind {
        0 => json!({"kind": "none"}),
        1 => json!({"kind": "step", "age": age, "steps": [
            {"afterDays": days, "keep": 0.75}, {"afterDays": days * 2, "keep": 0.5}, {"afterDays": days * 3, "keep": 0}]}),
        2 => json!({"kind": "exponential", "halfLifeDays": days, "age": age}),
        3 => json!({"kind": "linear", "overDays": days, "age": age}),
        _ => json!({"kind": "window", "days": days, "age": age}),
    })
}

/// A random intent rule. Penalties never get their own decay or a trailing window, so that
/// they never expire: the property that time passing never raises a score holds for such models.
/// Some penalties disqualify.
fn intent_rule_strategy() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(TYPES),
        -30..60i32,
        0..6u8,
        1..5u32,
        1..30u32,
        proptest::option::of(decay_strategy()),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(event, points, counting, n, days, decay, instant, filtered, disqualify)| {
                let mut rule = json!({"event": event, "points": points});
                match counting {
                    0 => {}
                    1 => rule["limit"] = json!({"max": n}),
                    2 => rule["limit"] = json!({"max": n, "per": "day"}),
                    3 => rule["limit"] = json!({"max": n, "per": "week"}),
                    4 if points >= 0 => rule["window"] = json!({"atLeast": n, "days": days}),
                    _ => rule["window"] = json!({"atLeast": n, "days": days, "mode": "sliding"}),
                }
                if let Some(decay) = decay.filter(|_| points > 0) {
                    rule["decay"] = decay;
                }
                if instant && event == "demo" && rule.get("window").is_none() {
                    rule["instant"] = json!(true);
                }
                if filtered {
                    rule["where"] = json!({"path": {"prefix": "/p"}});
                }
                // Now and then a penalty that disqualifies the lead once it matches.
                if disqualify && points < 0 && n == 1 {
                    rule["disqualify"] = json!(true);
                }
                rule
            },
        )
}

fn fit_rule_strategy() -> impl Strategy<Value = Value> {
    (0..4u8, -20..30i32, 0..500u32, any::<bool>()).prop_map(|(kind, points, size, disqualify)| {
        let mut rule = match kind {
            0 => json!({"attribute": "title", "when": {"containsAny": ["vp", "chief officer"]}}),
            1 => json!({"attribute": "size", "when": {"min": size}}),
            2 => json!({"attribute": "industry", "when": {"in": ["software", "health"]}}),
            _ => json!({"attribute": "size", "when": {"below": size / 10 + 1}}),
        };
        rule["points"] = json!(points);
        if disqualify && kind == 3 {
            rule["disqualify"] = json!(true);
        }
        rule
    })
}

pub fn bounds_strategy() -> impl Strategy<Value = Value> {
    (
        proptest::option::of(0..150i64),
        proptest::option::of(-100..=0i64),
    )
        .prop_map(|(cap, floor)| {
            let mut bounds = json!({});
            if let Some(cap) = cap {
                bounds["cap"] = json!(cap);
            }
            if let Some(floor) = floor {
                bounds["floor"] = json!(floor);
            }
            bounds
        })
}

fn with_ids(rules: Vec<Value>, prefix: &str) -> Vec<Value> {
    rules
        .into_iter()
        .enumerate()
        .map(|(i, mut rule)| {
            rule["id"] = json!(format!("{prefix}{i}"));
            rule
        })
        .collect()
}

pub fn model_strategy() -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(fit_rule_strategy(), 0..4),
        prop::collection::vec(intent_rule_strategy(), 0..7),
        bounds_strategy(),
        bounds_strategy(),
        bounds_strategy(),
        proptest::option::of(decay_strategy()),
        1..120i32,
        proptest::option::of(1..60u32),
    )
        .prop_map(|(fit, intent, fit_bounds, intent_bounds, total, decay, threshold, recency)| {
            let mut fit_group = fit_bounds;
            fit_group["rules"] = json!(with_ids(fit, "f"));
            let mut intent_group = intent_bounds;
            intent_group["rules"] = json!(with_ids(intent, "i"));
            if let Some(decay) = decay {
                intent_group["decay"] = decay;
            }
            let mut mql = json!({"threshold": threshold});
            if let Some(days) = recency {
                mql["recencyDays"] = json!(days);
            }
            json!({"version": 1, "fit": fit_group, "intent": intent_group, "total": total, "mql": mql,
                   "bands": [{"name": "low"}, {"name": "mid", "min": 30}, {"name": "high", "min": 70}]})
        })
}

pub fn lead_strategy() -> impl Strategy<Value = Value> {
    let event = (
        prop::sample::select(TYPES),
        0..(200 * DAY_MS),
        prop::sample::select(&["/pricing", "/p/x", "/blog"][..]),
    );
    (
        prop::collection::vec(event, 0..40),
        prop::sample::select(&["VP Sales", "Chief Revenue Officer", "Engineer", ""][..]),
        0..2000u32,
        prop::sample::select(&["Software", "retail"][..]),
    )
        .prop_map(|(events, title, size, industry)| {
            let base = at(BASE).millis();
            let events: Vec<Value> = events
                .into_iter()
                .enumerate()
                .map(|(i, (kind, ago, path))| {
                    let when = Timestamp::from_millis(base - ago).unwrap().to_rfc3339();
                    json!({"id": format!("e{i}"), "type": kind, "at": when, "props": {"path": path}})
                })
                .collect();
            json!({"id": "p", "attributes": {"title": title, "size": size, "industry": industry}, "events": events})
        })
}

/// Words of the lead and model documents, for arbitrary JSON that looks a little like them: the
/// first ones serve as text values and object keys, the others as object keys only.
const WORDS: [&str; 5] = ["version", "id", "events", "type", "at"];
const KEY_WORDS: [&str; 9] = [
    "props",
    "attributes",
    "fit",
    "intent",
    "rules",
    "mql",
    "threshold",
    "when",
    "points",
];

pub fn arbitrary_json(depth: u32) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |n| n.is_finite())
            .prop_map(|n| json!(n)),
        prop::sample::select([&WORDS[..], &["2026-11-20T12:00:00Z", "", "x"]].concat())
            .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(depth, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop::sample::select([&WORDS[..], &KEY_WORDS[..]].concat()),
                    inner
                ),
                0..6
            )
            .prop_map(|members| Value::Object(
                members
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect()
            )),
        ]
    })
}
