//! Caps and floors, bands and the fit/intent grid, the MQL policy, disqualifiers and the moment
//! a lead crosses the threshold, on small models, with the expected numbers worked out by hand.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use serde_json::{json, Value};

const NOW: &str = "2026-11-20T12:00:00Z";

#[test]
fn caps_and_floors_bound_each_group_and_the_total() {
    let scorer = scorer(json!({"version": 1, "mql": {"threshold": 50},
        "fit": {"cap": 10, "floor": -5, "rules": [
            {"id": "a", "attribute": "a", "when": {"exists": true}, "points": 8},
            {"id": "b", "attribute": "b", "when": {"exists": true}, "points": 8},
            {"id": "c", "attribute": "c", "when": {"exists": true}, "points": -20}]},
        "intent": {"cap": 30, "floor": -10, "rules": [
            {"id": "up", "event": "up", "points": 25},
            {"id": "down", "event": "down", "points": -30}]},
        "total": {"cap": 35, "floor": 0}}));
    let up = |n: usize| events("up", &vec!["2026-11-20T00:00:00Z"; n], json!({}));
    let down = |n: usize| events("down", &vec!["2026-11-20T00:00:00Z"; n], json!({}));
    // Fit 16 -> 10 (8, 8 become 5, 5); intent 50 -> 30; total 40 -> 35.
    let r = score(&scorer, &lead_with(json!({"a": 1, "b": 1}), up(2)), NOW);
    assert_eq!(
        (r["fit"].as_i64(), r["intent"].as_i64(), r["total"].as_i64()),
        (Some(10), Some(30), Some(35))
    );
    // Fit -20 -> -5; intent -30 -> -10; total -15 -> 0: every penalty scaled to nothing.
    let r = score(&scorer, &lead_with(json!({"c": 1}), down(1)), NOW);
    assert_eq!(
        (r["fit"].as_i64(), r["intent"].as_i64(), r["total"].as_i64()),
        (Some(-5), Some(-10), Some(0))
    );
    assert_eq!(points_of(&r, "c"), Some(0));
    assert_eq!(points_of(&r, "down"), Some(0));
    // Intent 25 - 30 = -5 is within bounds; with fit 16 -> 10, total 5.
    let mut evs = up(1);
    evs.extend(down(1));
    let r = score(&scorer, &lead_with(json!({"a": 1, "b": 1}), evs), NOW);
    assert_eq!(
        (r["fit"].as_i64(), r["intent"].as_i64(), r["total"].as_i64()),
        (Some(10), Some(-5), Some(5))
    );
}

#[test]
fn bands_and_the_fit_intent_grid() {
    let scorer = scorer(json!({"version": 1, "mql": {"threshold": 50},
        "fit": {"rules": [{"id": "f", "attribute": "f", "when": {"min": 0}, "points": 1}]},
        "intent": {"rules": [{"id": "i", "event": "i", "points": 1}]},
        "bands": [{"name": "C", "min": 10}, {"name": "B", "min": 40}, {"name": "A", "min": 70}],
        "grid": {"fit": [{"name": "Z"}, {"name": "Y", "min": 1}], "intent": [{"name": "9"}, {"name": "8", "min": 5}]}}));
    let with = |fit: bool, intent: usize| {
        let evs = events("i", &vec!["2026-11-20T00:00:00Z"; intent], json!({}));
        let attrs = if fit { json!({"f": 1}) } else { json!({}) };
        score(&scorer, &lead_with(attrs, evs), NOW)
    };
    assert_eq!(with(false, 9)["band"], Value::Null, "below the lowest band");
    assert_eq!(with(false, 10)["band"], "C");
    assert_eq!(with(true, 39)["band"], "B");
    assert_eq!(with(false, 70)["band"], "A");
    assert_eq!(with(false, 4)["grid"], "Z9");
    assert_eq!(with(true, 5)["grid"], "Y8");
    assert_eq!(with(true, 5)["fitBand"], "Y");
    assert_eq!(with(true, 5)["intentBand"], "8");
}

#[test]
fn the_mql_policy_recency_required_fields_and_minimums() {
    let model = json!({"version": 1,
        "fit": {"rules": [{"id": "vp", "attribute": "title", "when": {"containsAny": ["vp"]}, "points": 30}]},
        "intent": {"rules": [
            {"id": "dl", "event": "download", "points": 30},
            {"id": "open", "event": "email_open", "points": 0},
            {"id": "demo", "event": "demo", "instant": true}]},
        "mql": {"threshold": 50, "recencyDays": 14, "requiredFields": ["email", "company.name"], "minFit": 10, "minIntent": 20}});
    let scorer = scorer(model);
    let attrs = json!({"title": "VP", "email": "a@b.example", "company": {"name": "B"}});
    let fresh = events("download", &["2026-11-19T00:00:00Z"], json!({}));
    let r = score(&scorer, &lead_with(attrs.clone(), fresh.clone()), NOW);
    assert_eq!(
        (r["mql"].as_bool(), r["mqlReason"].as_str()),
        (Some(true), Some("threshold"))
    );
    // Fifteen days since the download: no meaningful engagement within 14 days.
    let stale = events("download", &["2026-11-05T00:00:00Z"], json!({}));
    let r = score(&scorer, &lead_with(attrs.clone(), stale.clone()), NOW);
    assert_eq!(r["blockedBy"], json!(["noRecentEngagement"]));
    // An email open with 0 points is not meaningful engagement either.
    let mut evs = stale;
    evs.extend(events("email_open", &["2026-11-19T00:00:00Z"], json!({})));
    let r = score(&scorer, &lead_with(attrs.clone(), evs), NOW);
    assert_eq!(r["blockedBy"], json!(["noRecentEngagement"]));
    assert_eq!(r["lastEngagementAt"], "2026-11-05T00:00:00.000Z");
    // A missing nested field.
    let r = score(
        &scorer,
        &lead_with(
            json!({"title": "VP", "email": "a@b.example"}),
            fresh.clone(),
        ),
        NOW,
    );
    assert_eq!(r["missingFields"], json!(["company.name"]));
    assert_eq!(r["blockedBy"], json!(["missingFields"]));
    // Fit below its minimum: intent alone cannot make an MQL.
    let downloads = events(
        "download",
        &["2026-11-18T00:00:00Z", "2026-11-19T00:00:00Z"],
        json!({}),
    );
    let r = score(
        &scorer,
        &lead_with(
            json!({"email": "a@b.example", "company": {"name": "B"}}),
            downloads,
        ),
        NOW,
    );
    assert_eq!(r["total"], 60);
    assert_eq!(r["blockedBy"], json!(["fitTooLow"]));
    // A hand-raise needs neither the threshold nor the minimums.
    let demo = events("demo", &["2026-11-19T00:00:00Z"], json!({}));
    let r = score(
        &scorer,
        &lead_with(
            json!({"email": "a@b.example", "company": {"name": "B"}}),
            demo,
        ),
        NOW,
    );
    assert_eq!(
        (
            r["mql"].as_bool(),
            r["mqlReason"].as_str(),
            r["total"].as_i64()
        ),
        (Some(true), Some("instant"), Some(0))
    );
    // An old hand-raise (beyond the recency window) no longer triggers.
    let old_demo = events("demo", &["2026-10-01T00:00:00Z"], json!({}));
    let r = score(&scorer, &lead_with(attrs, old_demo), NOW);
    assert_eq!(
        (r["mql"].as_bool(), r["handRaiser"].as_bool()),
        (Some(false), Some(false))
    );
    assert_eq!(r["crossedAt"], "2026-10-01T00:00:00.000Z");
}

#[test]
fn disqualifying_events_and_attributes() {
    let scorer = scorer(json!({"version": 1, "mql": {"threshold": 10},
        "fit": {"rules": [{"id": "competitor", "attribute": "email", "when": {"suffix": "@rival.example"}, "disqualify": true}]},
        "intent": {"rules": [
            {"id": "dl", "event": "download", "points": 20},
            {"id": "spam", "event": "spam_report", "disqualify": true}]}}));
    let evs = events("download", &["2026-11-10T00:00:00Z"], json!({}));
    let r = score(
        &scorer,
        &lead_with(json!({"email": "x@rival.example"}), evs.clone()),
        NOW,
    );
    assert_eq!(
        (r["mql"].as_bool(), r["disqualifiedBy"].clone()),
        (Some(false), json!(["competitor"]))
    );
    let mut later = evs.clone();
    later.extend(events("spam_report", &["2026-11-15T00:00:00Z"], json!({})));
    let r = score(
        &scorer,
        &lead_with(json!({"email": "x@ok.example"}), later),
        NOW,
    );
    assert_eq!(r["disqualifiedBy"], json!(["spam"]));
    assert_eq!(r["blockedBy"], json!(["disqualified"]));
    // It was an MQL before the spam report.
    assert_eq!(r["crossedAt"], "2026-11-10T00:00:00.000Z");
}

#[test]
fn crossing_by_replay_with_decay_between_events() {
    // 30 points that halve every 10 days: two downloads 20 days apart never reach 50 together
    // (30 + 7.5), but two within a day do.
    let scorer = scorer(json!({"version": 1, "mql": {"threshold": 50}, "intent": {
        "decay": {"kind": "exponential", "halfLifeDays": 10},
        "rules": [{"id": "dl", "event": "download", "points": 30}]}}));
    let apart = events(
        "download",
        &["2026-10-01T00:00:00Z", "2026-10-21T00:00:00Z"],
        json!({}),
    );
    let r = score(
        &scorer,
        &lead_with(json!({}), apart.clone()),
        "2026-10-21T00:00:00Z",
    );
    assert_eq!(r["crossedAt"], Value::Null);
    let mut close = apart;
    close.push(json!({"id": "third", "type": "download", "at": "2026-10-21T12:00:00Z"}));
    let r = score(&scorer, &lead_with(json!({}), close), NOW);
    assert_eq!(r["crossedAt"], "2026-10-21T12:00:00.000Z");
    assert_eq!(r["crossingEvent"]["id"], "third");
    assert_eq!(r["crossingEvent"]["index"], 2);
    assert_eq!(r["mql"], false, "a month later it has decayed below");
}
