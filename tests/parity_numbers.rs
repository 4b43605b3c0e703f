//! Numbers in results (and in lead values the core writes back, as in a handoff's contact) are
//! written as JavaScript's `JSON.stringify` writes them, so that native and Wasm results are the
//! same bytes (the parity check, tests/parity/run.mjs, compares them on generated leads). The
//! expected texts are JavaScript's: `String(0.000003) === "0.000003"`, `String(1e21) === "1e+21"`.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{at, scorer};
use leadscore::parse_lead;
use leadscore::value::Value;
use serde_json::json;

/// The text of a rule's `rawPoints` when the rule has these points and matches one event.
fn raw_points_text(points: f64) -> String {
    let scorer = scorer(json!({"version": 1, "mql": {"threshold": 1},
        "intent": {"rules": [{"id": "v", "event": "visit", "points": points}]}}));
    let lead = parse_lead(r#"{"id":"l","events":[{"type":"visit","at":"2026-11-20T10:00:00Z"}]}"#)
        .unwrap();
    let text = serde_json::to_string(&scorer.score(&lead, at("2026-11-20T17:00:00Z"))).unwrap();
    let start = text.find("\"rawPoints\":").expect("a contribution") + "\"rawPoints\":".len();
    text[start..].split(',').next().unwrap().to_string()
}

/// The text of a number in a lead's attributes as the core writes them back.
fn value_text(number: &str) -> String {
    let value: Value = serde_json::from_str(number).unwrap();
    serde_json::to_string(&value).unwrap()
}

#[test]
fn rule_points_are_written_as_javascript_writes_them() {
    for (points, js) in [
        (15.0, "15"),
        (1.5, "1.5"),
        (0.00003, "0.00003"),
        (1e-7, "1e-7"),
        (-2.5e-8, "-2.5e-8"),
    ] {
        assert_eq!(raw_points_text(points), js, "{points}");
    }
}

#[test]
fn values_are_written_as_javascript_writes_them() {
    for (number, js) in [
        ("250", "250"),
        ("0.5", "0.5"),
        ("1e-7", "1e-7"),
        ("123456789012345", "123456789012345"),
    ] {
        assert_eq!(value_text(number), js, "{number}");
    }
}

// Found by the parity work: serde_json writes exponent notation below 1e-5 and from 1e16
// ("3e-6", "1e+16"), JavaScript only below 1e-6 and from 1e21 ("1e-7", "1e+21"), so a rule worth
// 0.000003 points or a companySize of 1e16 written back differed between the native text and the
// package's objects in Node and browsers.
#[test]
fn tiny_and_huge_numbers_are_written_as_javascript_writes_them() {
    for (points, js) in [
        (0.000003, "0.000003"),
        (0.0000015, "0.0000015"),
        (1e-6, "0.000001"),
        (-4e-6, "-0.000004"),
    ] {
        assert_eq!(raw_points_text(points), js, "{points}");
    }
    for (number, js) in [
        ("0.000003", "0.000003"),
        ("1e16", "10000000000000000"),
        ("1.5e17", "150000000000000000"),
        ("1e21", "1e+21"),
        ("1.2345e22", "1.2345e+22"),
    ] {
        assert_eq!(value_text(number), js, "{number}");
    }
}
