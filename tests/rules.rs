//! Every rule kind, condition, limit, window and decay kind on small models, and the warnings
//! about odd events, with the expected numbers worked out by hand. Caps, bands, the MQL policy
//! and disqualifiers are in `totals_and_mql.rs`.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use serde_json::{json, Value};

const NOW: &str = "2026-11-20T12:00:00Z";

fn one_rule(rule: Value) -> leadscore::Scorer {
    intent_model(json!([rule]))
}

fn intent_of(scorer: &leadscore::Scorer, evs: Vec<Value>, as_of: &str) -> i64 {
    score(scorer, &lead_with(json!({}), evs), as_of)["intent"]
        .as_i64()
        .unwrap()
}

#[test]
fn fit_conditions_each_kind() {
    let scorer = scorer(
        json!({"version": 1, "mql": {"threshold": 50}, "fit": {"rules": [
            {"id": "title", "attribute": "title", "when": {"containsAny": ["head of", "vp"]}, "points": 5},
            {"id": "size", "attribute": "company.size", "when": {"above": 100, "below": 1000}, "points": 7},
            {"id": "country", "attribute": "country", "when": {"in": ["US", "CA"]}, "points": 3},
            {"id": "freemail", "attribute": "email", "when": {"suffix": ["@gmail.com", "@yahoo.com"]}, "points": -4},
            {"id": "no-phone", "attribute": "phone", "when": {"exists": false}, "points": -1},
            {"id": "not-partner", "attribute": "type", "when": {"not": {"equals": "partner"}}, "points": 2}
        ]}}),
    );
    let r = score(
        &scorer,
        &lead_with(
            json!({
                "title": "Head of Growth", "company": {"size": 500}, "country": "ca", "email": "x@GMAIL.com"
            }),
            vec![],
        ),
        NOW,
    );
    // 5 + 7 + 3 - 4 - 1 + 2 = 12
    assert_eq!(r["fit"], 12);
    let r = score(
        &scorer,
        &lead_with(
            json!({
                "title": "Header designer", "company": {"size": 100}, "country": "MX", "phone": "1", "type": "Partner"
            }),
            vec![],
        ),
        NOW,
    );
    assert_eq!(r["fit"], 0, "{r:#}");
    assert!(r["contributions"].as_array().unwrap().is_empty());
}

#[test]
fn a_non_numeric_value_for_a_range_is_a_warning_not_a_match() {
    let scorer = scorer(
        json!({"version": 1, "mql": {"threshold": 50}, "fit": {"rules": [
        {"id": "size", "attribute": "companySize", "when": {"min": 50}, "points": 10}]}}),
    );
    let r = score(
        &scorer,
        &lead_with(json!({"companySize": "lots"}), vec![]),
        NOW,
    );
    assert_eq!(r["fit"], 0);
    assert_eq!(r["warnings"][0]["code"], "notANumber");
    assert_eq!(r["warnings"][0]["path"], "attributes.companySize");
    let r = score(&scorer, &lead_with(json!({}), vec![]), NOW);
    assert!(
        r["warnings"].as_array().unwrap().is_empty(),
        "absent is not odd"
    );
}

#[test]
fn points_for_each_event_and_property_filters() {
    let scorer = one_rule(
        json!({"id": "docs", "event": ["page_view", "visit"], "where": {"path": {"prefix": "/docs"}, "seconds": {"min": 30}}, "points": 2.5}),
    );
    let evs = vec![
        json!({"type": "page_view", "at": "2026-11-20T10:00:00Z", "props": {"path": "/docs/a", "seconds": 31}}),
        json!({"type": "visit", "at": "2026-11-20T10:01:00Z", "props": {"path": "/docs", "seconds": "45"}}),
        json!({"type": "page_view", "at": "2026-11-20T10:02:00Z", "props": {"path": "/docs/b", "seconds": 5}}),
        json!({"type": "page_view", "at": "2026-11-20T10:03:00Z", "props": {"path": "/blog", "seconds": 300}}),
        json!({"type": "page_view", "at": "2026-11-20T10:04:00Z", "props": {"path": "/docs/c"}}),
        json!({"type": "page_view", "at": "2026-11-20T10:05:00Z", "props": {"path": "/docs/c", "seconds": 90}}),
    ];
    let r = score(&scorer, &lead_with(json!({}), evs), NOW);
    // Three qualify: 3 x 2.5 = 7.5, rounded half away from zero to 8.
    assert_eq!(contribution(&r, "docs")["counted"], 3);
    assert_eq!(contribution(&r, "docs")["rawPoints"], 7.5);
    assert_eq!(r["intent"], 8);
}

#[test]
fn limits_count_the_most_recent_events() {
    let times = [
        "2026-11-02T09:00:00Z", // Monday
        "2026-11-02T15:00:00Z",
        "2026-11-03T09:00:00Z",
        "2026-11-09T09:00:00Z", // next Monday
        "2026-11-19T09:00:00Z",
    ];
    let evs = || events("webinar", &times, json!({}));
    let total = one_rule(json!({"id": "w", "event": "webinar", "points": 10, "limit": {"max": 2}}));
    let r = score(&total, &lead_with(json!({}), evs()), NOW);
    assert_eq!(contribution(&r, "w")["counted"], 2);
    assert_eq!(contribution(&r, "w")["matched"], 5);
    assert_eq!(contribution(&r, "w")["lastAt"], "2026-11-19T09:00:00.000Z");
    let per_day = one_rule(
        json!({"id": "w", "event": "webinar", "points": 10, "limit": {"max": 1, "per": "day"}}),
    );
    assert_eq!(intent_of(&per_day, evs(), NOW), 40);
    let per_week = one_rule(
        json!({"id": "w", "event": "webinar", "points": 10, "limit": {"max": 2, "per": "week"}}),
    );
    assert_eq!(intent_of(&per_week, evs(), NOW), 40);
    let per_month = one_rule(
        json!({"id": "w", "event": "webinar", "points": 10, "limit": {"max": 3, "per": "month"}}),
    );
    assert_eq!(intent_of(&per_month, evs(), NOW), 30);
}

#[test]
fn a_limit_keeps_the_freshest_points_under_decay() {
    let scorer = one_rule(
        json!({"id": "p", "event": "pricing", "points": 20, "limit": {"max": 1},
        "decay": {"kind": "exponential", "halfLifeDays": 30}}),
    );
    // One visit 60 days ago (worth 5) and one today (worth 20): the recent one counts.
    let evs = events(
        "pricing",
        &["2026-09-21T12:00:00Z", "2026-11-20T12:00:00Z"],
        json!({}),
    );
    assert_eq!(intent_of(&scorer, evs, NOW), 20);
}

#[test]
fn trailing_windows_look_back_from_the_as_of_time() {
    let scorer = one_rule(
        json!({"id": "opens", "event": "email_open", "points": 10, "window": {"atLeast": 3, "days": 30}}),
    );
    let three = [
        "2026-10-22T12:00:01Z",
        "2026-11-01T12:00:00Z",
        "2026-11-19T12:00:00Z",
    ];
    assert_eq!(
        intent_of(&scorer, events("email_open", &three, json!({})), NOW),
        10
    );
    // Exactly 30 days old is out of the window.
    let edge = [
        "2026-10-21T12:00:00Z",
        "2026-11-01T12:00:00Z",
        "2026-11-19T12:00:00Z",
    ];
    assert_eq!(
        intent_of(&scorer, events("email_open", &edge, json!({})), NOW),
        0
    );
    assert_eq!(
        intent_of(&scorer, events("email_open", &three[1..], json!({})), NOW),
        0
    );
    // Met once, however many more there are.
    let many: Vec<String> = (1..=9).map(|d| format!("2026-11-0{d}T12:00:00Z")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    let r = score(
        &scorer,
        &lead_with(json!({}), events("email_open", &many, json!({}))),
        NOW,
    );
    assert_eq!(r["intent"], 10);
    assert_eq!(contribution(&r, "opens")["matched"], 9);
    assert_eq!(contribution(&r, "opens")["counted"], 1);
}

#[test]
fn sliding_windows_find_any_qualifying_span() {
    let scorer = one_rule(
        json!({"id": "visits", "event": "visit", "points": 15, "window": {"atLeast": 3, "days": 7, "mode": "sliding"}}),
    );
    // Months ago, three visits within 6 days 23 hours: met, and it stays met.
    let old = [
        "2026-06-01T00:00:00Z",
        "2026-06-04T00:00:00Z",
        "2026-06-07T23:00:00Z",
    ];
    let r = score(
        &scorer,
        &lead_with(json!({}), events("visit", &old, json!({}))),
        NOW,
    );
    assert_eq!(r["intent"], 15);
    assert_eq!(
        contribution(&r, "visits")["lastAt"],
        "2026-06-07T23:00:00.000Z"
    );
    // Exactly seven days apart is not within a week.
    let spread = [
        "2026-06-01T00:00:00Z",
        "2026-06-04T00:00:00Z",
        "2026-06-08T00:00:00Z",
    ];
    assert_eq!(
        intent_of(&scorer, events("visit", &spread, json!({})), NOW),
        0
    );
    // With a run that qualifies later, the newest qualifying run dates the award.
    let mut times = spread.to_vec();
    times.extend([
        "2026-09-01T00:00:00Z",
        "2026-09-02T00:00:00Z",
        "2026-09-02T01:00:00Z",
        "2026-10-20T00:00:00Z",
    ]);
    let r = score(
        &scorer,
        &lead_with(json!({}), events("visit", &times, json!({}))),
        NOW,
    );
    assert_eq!(
        contribution(&r, "visits")["lastAt"],
        "2026-09-02T01:00:00.000Z"
    );
    // A window of one is any single event.
    let single = one_rule(
        json!({"id": "v", "event": "visit", "points": 3, "window": {"atLeast": 1, "days": 1, "mode": "sliding"}}),
    );
    assert_eq!(intent_of(&single, events("visit", &old, json!({})), NOW), 3);
}

/// The intent one event earns `days` before NOW, for each of `days`.
fn intents<const N: usize>(scorer: &leadscore::Scorer, days: [i64; N]) -> [i64; N] {
    days.map(|days| {
        let t = at(NOW).millis() - days * 86_400_000;
        let when = leadscore::Timestamp::from_millis(t).unwrap().to_rfc3339();
        intent_of(scorer, vec![json!({"type": "e", "at": when})], NOW)
    })
}

#[test]
fn each_decay_curve() {
    let rule =
        |decay: Value| one_rule(json!({"id": "r", "event": "e", "points": 20, "decay": decay}));
    let step = rule(
        json!({"kind": "step", "steps": [{"afterDays": 10, "keep": 0.5}, {"afterDays": 20, "keep": 0.25}]}),
    );
    assert_eq!(intents(&step, [9, 10, 20, 500]), [20, 10, 5, 5]);
    let half = rule(json!({"kind": "exponential", "halfLifeDays": 30}));
    // 20 x 2^(-45/30) = 7.07
    assert_eq!(intents(&half, [0, 30, 45, 60]), [20, 10, 7, 5]);
    let linear = rule(json!({"kind": "linear", "overDays": 100}));
    assert_eq!(intents(&linear, [25, 50, 100, 200]), [15, 10, 0, 0]);
    let window = rule(json!({"kind": "window", "days": 90}));
    assert_eq!(intents(&window, [89, 90]), [20, 0]);
    let none = rule(json!({"kind": "none"}));
    assert_eq!(intents(&none, [3650]), [20]);
}

#[test]
fn event_age_and_last_engagement_age() {
    let model = |age: &str| {
        scorer(json!({"version": 1, "mql": {"threshold": 50}, "intent": {
        "decay": {"kind": "window", "days": 30, "age": age},
        "rules": [{"id": "dl", "event": "download", "points": 10}, {"id": "v", "event": "visit", "points": 1}]}}))
    };
    let evs = vec![
        json!({"type": "download", "at": "2026-09-01T00:00:00Z"}),
        json!({"type": "visit", "at": "2026-11-15T00:00:00Z"}),
    ];
    // Each event's own age: the September download has expired.
    assert_eq!(intent_of(&model("event"), evs.clone(), NOW), 1);
    // Since the last engagement (a visit five days ago): nothing has expired.
    assert_eq!(intent_of(&model("lastEngagement"), evs, NOW), 11);
}

#[test]
fn penalties_do_not_fade_unless_told_to() {
    let scorer = scorer(json!({"version": 1, "mql": {"threshold": 50}, "intent": {
    "decay": {"kind": "window", "days": 30},
    "rules": [
        {"id": "careers", "event": "careers", "points": -10},
        {"id": "bounce", "event": "bounce", "points": -10, "decay": {"kind": "window", "days": 30}}
    ]}}));
    let evs = events("careers", &["2026-01-01T00:00:00Z"], json!({}))
        .into_iter()
        .chain(events("bounce", &["2026-01-01T00:00:00Z"], json!({})))
        .collect();
    let r = score(&scorer, &lead_with(json!({}), evs), NOW);
    assert_eq!(points_of(&r, "careers"), Some(-10));
    assert_eq!(points_of(&r, "bounce"), Some(0));
}
#[test]
fn warnings_for_unknown_types_future_events_and_repeated_ids() {
    let scorer = one_rule(json!({"id": "v", "event": "visit", "points": 1}));
    let lead = json!({"id": "w", "events": [
        {"id": "a", "type": "visit", "at": "2026-11-19T00:00:00Z"},
        {"id": "a", "type": "visit", "at": "2026-11-19T00:00:00Z"},
        {"id": 7, "type": "visit", "at": "2026-11-19T01:00:00Z"},
        {"id": "7", "type": "visit", "at": "2026-11-19T02:00:00Z"},
        {"type": "visit", "at": "2026-11-21T00:00:00Z"},
        {"type": "visit", "at": "2026-11-22T00:00:00Z"},
        {"type": "chat", "at": "2026-11-19T00:00:00Z"},
        {"type": "chat", "at": "2026-11-19T00:00:00Z"}
    ]});
    let r = score(&scorer, &lead, NOW);
    assert_eq!(r["intent"], 2, "one 'a', one 7");
    let warnings: Vec<(String, String, i64)> = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["code"].as_str().unwrap().to_string(),
                w["path"].as_str().unwrap().to_string(),
                w["count"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        warnings,
        [
            (
                "unknownEventType".to_string(),
                "events[6].type".to_string(),
                2
            ),
            ("eventAfterAsOf".to_string(), "events[4].at".to_string(), 2),
            (
                "duplicateEventId".to_string(),
                "events[1].id".to_string(),
                2
            ),
        ]
    );
}
