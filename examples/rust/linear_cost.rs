//! The linear-cost check: prints the time of scoring one lead against its number of events
//! (1,000 to 1,000,000, with 100 rules) and against the model's number of rules (10 to 10,000,
//! with 10,000 events), on models with limits (in all and per week), trailing and sliding
//! windows, and step decay (from the last engagement by default, from the event on some rules).
//! The cost per event, and per rule an event meets, should stay flat down each table; a
//! growing column is super-linear growth. It prints, it never fails: timing is not a test.
//!
//!     cargo run --release --example linear_cost            (about a minute)
//!     cargo run --release --example linear_cost -- quick  (up to 100,000 events, 1,000 rules)
//!     cargo run --release --example linear_cost -- one 10000 1000   (one run of one size)

use leadscore::{parse_lead, Model, Scorer, Timestamp};
use serde_json::{json, Value};
use std::time::Instant;

/// Each rule listens to one of this many event types, and the events take them in turn, so an
/// event meets a tenth of the rules.
const EVENT_TYPES: usize = 10;
const AS_OF: &str = "2026-11-20T17:00:00Z";
/// The events spread evenly over the two years before `AS_OF`.
const HISTORY_MS: i64 = 2 * 365 * 86_400_000;

/// Rule `i` counts in one of six ways, round: every event, at most 3, at most 2 a week, a
/// trailing window, a sliding window, or every event with its own step decay by the event's age.
fn rule(i: usize) -> Value {
    let mut rule = json!({ "id": format!("r{i}"), "event": format!("t{}", i % EVENT_TYPES), "points": 1 + i % 7 });
    let counting = match i % 6 {
        1 => json!({ "limit": { "max": 3 } }),
        2 => json!({ "limit": { "max": 2, "per": "week" } }),
        3 => json!({ "window": { "atLeast": 2, "days": 30 } }),
        4 => json!({ "window": { "atLeast": 3, "days": 7, "mode": "sliding" } }),
        5 => json!({ "decay": { "kind": "step", "age": "event",
            "steps": [{ "afterDays": 30, "keep": 0.5 }, { "afterDays": 90, "keep": 0.25 }] } }),
        _ => json!({}),
    };
    for (key, value) in counting.as_object().into_iter().flatten() {
        rule[key] = value.clone();
    }
    rule
}

fn model(rules: usize) -> Model {
    let rules: Vec<Value> = (0..rules).map(rule).collect();
    let model = json!({
        "version": 1,
        "intent": {
            "decay": { "kind": "step", "steps": [
                { "afterDays": 30, "keep": 0.75 }, { "afterDays": 60, "keep": 0.5 }, { "afterDays": 90, "keep": 0 }
            ] },
            "rules": rules
        },
        "mql": { "threshold": 100 }
    });
    Model::from_json_within(&model.to_string(), &leadscore::Limits::none()).expect("a valid model")
}

/// A lead's JSON text with `events` events in time order.
fn lead_text(events: usize) -> String {
    let end = Timestamp::parse(AS_OF).unwrap().millis();
    let step = HISTORY_MS / events as i64;
    let mut text = String::from(r#"{"id":"l","events":["#);
    for i in 0..events {
        if i > 0 {
            text.push(',');
        }
        let at = Timestamp::from_millis(end - HISTORY_MS + i as i64 * step).unwrap();
        let kind = i % EVENT_TYPES;
        text.push_str(&format!(
            r#"{{"type":"t{kind}","at":"{}"}}"#,
            at.to_rfc3339()
        ));
    }
    text.push_str("]}");
    text
}

/// The median time of scoring, in milliseconds, over `runs` runs.
fn median_ms(scorer: &Scorer, lead_text: &str, runs: usize) -> f64 {
    let lead = parse_lead(lead_text).expect("a valid lead");
    let as_of = Timestamp::parse(AS_OF).unwrap();
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            let result = scorer.score(&lead, as_of);
            std::hint::black_box(result.total);
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn row(events: usize, rules: usize, ms: f64) {
    let met = (events * rules / EVENT_TYPES).max(1);
    println!(
        "| {events:>9} | {rules:>6} | {ms:>10.1} | {:>13.1} | {:>22.2} |",
        ms * 1e6 / events as f64,
        ms * 1e6 / met as f64
    );
}

fn header(title: &str) {
    println!("\n{title}\n");
    println!("|    events |  rules |   ms (median) | ns per event | ns per rule an event meets |");
    println!("|---:|---:|---:|---:|---:|");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // `one EVENTS RULES`: a single run of one size, for a profiler (valgrind, perf).
    if let [_, one, events, rules] = args.as_slice() {
        if one == "one" {
            let (events, rules) = (events.parse().unwrap(), rules.parse().unwrap());
            row(
                events,
                rules,
                median_ms(&Scorer::new(model(rules)), &lead_text(events), 1),
            );
            return;
        }
    }
    let quick = args.iter().any(|arg| arg == "quick");
    let event_counts: &[usize] = if quick {
        &[1_000, 10_000, 100_000]
    } else {
        &[1_000, 10_000, 100_000, 1_000_000]
    };
    let rule_counts: &[usize] = if quick {
        &[10, 100, 1_000]
    } else {
        &[10, 100, 1_000, 10_000]
    };
    header("Events per lead (100 rules; each event meets 10)");
    let scorer = Scorer::new(model(100));
    for &events in event_counts {
        let runs = if events >= 1_000_000 { 3 } else { 7 };
        row(events, 100, median_ms(&scorer, &lead_text(events), runs));
    }
    header("Rules per model (10,000 events; each event meets a tenth of the rules)");
    let lead = lead_text(10_000);
    for &rules in rule_counts {
        let scorer = Scorer::new(model(rules));
        let runs = if rules >= 10_000 { 3 } else { 7 };
        row(10_000, rules, median_ms(&scorer, &lead, runs));
    }
}
