//! Property tests over random models and leads: event order does not matter, time passing
//! never raises a score, caps and floors hold, contributions add up, and no input panics.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::at;
use common::random::{arbitrary_json, lead_strategy, model_strategy, BASE, DAY_MS};
use leadscore::{parse_lead, LeadState, LeadStore, Model, OnError, Scorer, Scratch, Timestamp};
use proptest::prelude::*;
use serde_json::{json, Value};

fn scorer_for(model: &Value) -> Scorer {
    Scorer::from_json(&model.to_string())
        .unwrap_or_else(|e| panic!("generated model: {e}\n{model:#}"))
}

fn score_at(scorer: &Scorer, lead: &Value, as_of: Timestamp) -> Value {
    let text = lead.to_string();
    let lead = parse_lead(&text).unwrap();
    serde_json::to_value(scorer.score(&lead, as_of)).unwrap()
}

/// The result without what names input positions, which a reordering changes by design.
fn without_positions(mut result: Value) -> Value {
    for key in ["crossingEvent", "trigger"] {
        if let Some(event) = result[key].as_object_mut() {
            event.remove("index");
            if let Some(inner) = event.get_mut("event").and_then(Value::as_object_mut) {
                inner.remove("index");
            }
        }
    }
    for warning in result["warnings"].as_array_mut().unwrap() {
        warning.as_object_mut().unwrap().remove("path");
    }
    result
}

fn within(value: i64, bounds: &Value) -> bool {
    bounds["cap"].as_i64().is_none_or(|cap| value <= cap)
        && bounds["floor"].as_i64().is_none_or(|floor| value >= floor)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn event_order_does_not_matter(model in model_strategy(), lead in lead_strategy(), seed in any::<u64>()) {
        let scorer = scorer_for(&model);
        let mut shuffled = lead.clone();
        let events = shuffled["events"].as_array_mut().unwrap();
        // A deterministic shuffle from the seed (Fisher-Yates with an LCG).
        let mut state = seed | 1;
        for i in (1..events.len()).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            events.swap(i, (state >> 33) as usize % (i + 1));
        }
        let as_of = at(BASE);
        prop_assert_eq!(without_positions(score_at(&scorer, &lead, as_of)), without_positions(score_at(&scorer, &shuffled, as_of)));
    }

    #[test]
    fn time_passing_never_raises_a_score(model in model_strategy(), lead in lead_strategy(), later in 0..(400 * DAY_MS)) {
        let scorer = scorer_for(&model);
        let now = at(BASE);
        let then = Timestamp::from_millis(now.millis() + later).unwrap();
        let before = score_at(&scorer, &lead, now);
        let after = score_at(&scorer, &lead, then);
        prop_assert!(after["total"].as_i64() <= before["total"].as_i64(), "{} -> {}", before["total"], after["total"]);
        prop_assert!(after["intent"].as_i64() <= before["intent"].as_i64());
        prop_assert_eq!(&after["fit"], &before["fit"]);
    }

    #[test]
    fn caps_and_floors_hold_and_contributions_add_up(model in model_strategy(), lead in lead_strategy()) {
        let scorer = scorer_for(&model);
        let r = score_at(&scorer, &lead, at(BASE));
        let (fit, intent, total) = (r["fit"].as_i64().unwrap(), r["intent"].as_i64().unwrap(), r["total"].as_i64().unwrap());
        prop_assert!(within(fit, &model["fit"]));
        prop_assert!(within(intent, &model["intent"]));
        prop_assert!(within(total, &model["total"]));
        let sum: i64 = r["contributions"].as_array().unwrap().iter().map(|c| c["points"].as_i64().unwrap()).sum();
        prop_assert_eq!(sum, total);
        if r["mql"] == json!(true) {
            prop_assert!(r["crossedAt"].is_string());
        }
        for c in r["contributions"].as_array().unwrap() {
            let factor = c["decayFactor"].as_f64().unwrap();
            prop_assert!((0.0..=1.0).contains(&factor), "{}", c);
            prop_assert!(c["counted"].as_u64() <= c["matched"].as_u64());
        }
    }

    #[test]
    fn every_path_gives_the_same_answer(model in model_strategy(), leads in prop::collection::vec(lead_strategy(), 1..5)) {
        let scorer = scorer_for(&model);
        let as_of = at(BASE);
        let one_by_one: Vec<Value> = leads.iter().map(|lead| score_at(&scorer, lead, as_of)).collect();
        let batch = scorer.score_batch_json(&Value::Array(leads.clone()).to_string(), as_of, OnError::Throw).unwrap();
        let batch: Vec<Value> = serde_json::from_str(&batch).unwrap();
        prop_assert_eq!(&one_by_one, &batch);
        let again: Vec<Value> = leads.iter().map(|lead| score_at(&scorer, lead, as_of)).collect();
        prop_assert_eq!(one_by_one, again);
    }

    /// Working memory carries nothing from one model to the next: scoring with a scratch that
    /// served another model gives what a fresh one gives.
    #[test]
    fn a_scratch_serves_any_model(first in model_strategy(), second in model_strategy(), lead in lead_strategy()) {
        let text = lead.to_string();
        let lead = parse_lead(&text).unwrap();
        let mut scratch = Scratch::default();
        for model in [&first, &second, &first] {
            let scorer = scorer_for(model);
            let shared = scorer.score_with(&lead, at(BASE), &mut scratch);
            prop_assert_eq!(shared, scorer.score(&lead, at(BASE)));
        }
    }

    #[test]
    fn incremental_updates_equal_scoring_the_whole_history(
        model in model_strategy(),
        lead in lead_strategy(),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..6),
        waits in prop::collection::vec(0..(20 * DAY_MS), 6),
        quiet_waits in prop::collection::vec(0..(60 * DAY_MS), 3),
        redeliver in prop::collection::vec(any::<prop::sample::Index>(), 0..4),
        seed in any::<u64>(),
    ) {
        let scorer = scorer_for(&model);
        // Histories arrive in time order, batch by batch, each batch shuffled and some events
        // delivered again later: what webhooks do.
        let mut events = lead["events"].as_array().unwrap().clone();
        for (i, event) in events.iter_mut().enumerate() {
            // Distinct times, so that no batch can straddle an already-folded moment.
            let ms = Timestamp::parse(event["at"].as_str().unwrap()).unwrap().millis() + i as i64;
            event["at"] = json!(Timestamp::from_millis(ms).unwrap().to_rfc3339());
        }
        events.sort_by_key(|e| e["at"].as_str().unwrap().to_string());
        let mut bounds: Vec<usize> = cuts.iter().map(|c| c.index(events.len() + 1)).collect();
        bounds.push(0);
        bounds.push(events.len());
        bounds.sort_unstable();
        bounds.dedup();
        let header = json!({"id": lead["id"], "attributes": lead["attributes"]}).to_string();
        let mut state = scorer.init_state(&parse_lead(&header).unwrap()).unwrap();
        let mut store = LeadStore::new();
        store.insert(state.clone());
        let lead_id = state.lead_id().to_string();
        let mut delivered: Vec<Value> = Vec::new();
        let mut as_of = at(BASE).millis() - 200 * DAY_MS;
        let mut state_seed = seed | 1;
        for (batch_number, window) in bounds.windows(2).enumerate() {
            let mut batch: Vec<Value> = events[window[0]..window[1]].to_vec();
            for pick in &redeliver {
                if !delivered.is_empty() && pick.index(3) == batch_number % 3 {
                    batch.push(delivered[pick.index(delivered.len())].clone());
                }
            }
            for i in (1..batch.len()).rev() {
                state_seed = state_seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                batch.swap(i, (state_seed >> 33) as usize % (i + 1));
            }
            delivered.extend(batch.iter().cloned());
            let newest = delivered.iter().map(|e| Timestamp::parse(e["at"].as_str().unwrap()).unwrap().millis()).max().unwrap_or(as_of);
            as_of = as_of.max(newest) + waits[batch_number % waits.len()];
            let as_of_time = Timestamp::from_millis(as_of).unwrap();
            let text = json!({"id": "b", "events": batch}).to_string();
            let parsed = parse_lead(&text).unwrap();
            let mut scratch = Scratch::default();
            let incremental = scorer.update(&mut state, &parsed.events, as_of_time, None, &mut scratch).unwrap();
            let incremental = serde_json::to_value(incremental).unwrap();
            let whole = json!({"id": lead["id"], "attributes": lead["attributes"], "events": delivered});
            let full = score_at(&scorer, &whole, as_of_time);
            // The resident store: its summary after each push (every other one by the lead's
            // handle, which a lead taken out and put back loses), and its full result.
            let summary = if batch_number % 2 == 0 {
                store.push(&scorer, &lead_id, &parsed.events, as_of_time).unwrap()
            } else {
                let handle = store.handle(&lead_id).unwrap();
                if batch_number % 4 == 3 {
                    let held = store.remove(&lead_id).unwrap();
                    prop_assert!(store.push_by(&scorer, handle, &parsed.events, as_of_time).is_err());
                    store.insert(held);
                    prop_assert_ne!(store.handle(&lead_id), Some(handle));
                }
                let handle = store.handle(&lead_id).unwrap();
                store.push_by(&scorer, handle, &parsed.events, as_of_time).unwrap()
            };
            prop_assert_eq!(Some(summary.total), full["total"].as_i64());
            prop_assert_eq!(Some(summary.mql), full["mql"].as_bool());
            prop_assert_eq!(summary.band, full["band"].as_str());
            // What the push keeps for quick questions, read from the matched rules only.
            let last = store.last(&lead_id).unwrap();
            prop_assert_eq!(Some(last.fit), full["fit"].as_i64());
            prop_assert_eq!(Some(last.intent), full["intent"].as_i64());
            prop_assert_eq!(Some(last.disqualified), full["disqualified"].as_bool());
            prop_assert_eq!(
                last.last_engagement_at.map(|at| at.to_rfc3339()),
                full["lastEngagementAt"].as_str().map(str::to_string)
            );
            let stored = serde_json::to_value(store.result(&scorer, &lead_id, as_of_time).unwrap()).unwrap();
            prop_assert_eq!(&stored, &full);
            prop_assert_eq!(incremental, full, "after batch {}", batch_number);
            // Time passing without events: a push of none later reads again every rule whose
            // points can move with the moment (the store keeps the points of the others).
            let quiet = as_of + quiet_waits[batch_number % quiet_waits.len()];
            let quiet_time = Timestamp::from_millis(quiet).unwrap();
            let summary = store.push(&scorer, &lead_id, &[], quiet_time).unwrap();
            let full = score_at(&scorer, &whole, quiet_time);
            prop_assert_eq!(Some(summary.total), full["total"].as_i64(), "quiet after batch {}", batch_number);
            prop_assert_eq!(Some(summary.mql), full["mql"].as_bool());
            prop_assert_eq!(Some(store.last(&lead_id).unwrap().intent), full["intent"].as_i64());
            as_of = quiet;
            state = LeadState::from_bytes(&state.to_bytes()).unwrap();
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}") {
        let _ = Model::from_json(&text);
        let _ = parse_lead(&text);
        let _ = leadscore::parse_lead_batch(&text);
        let _ = Timestamp::parse(&text);
    }

    #[test]
    fn arbitrary_json_models_and_leads_never_panic(doc in arbitrary_json(4)) {
        let text = doc.to_string();
        let _ = Model::from_json(&text);
        let _ = leadscore::validate_model(&text);
        if let Ok(lead) = parse_lead(&text) {
            let scorer = scorer_for(&json!({"version": 1, "mql": {"threshold": 1}, "fit": {"rules": [
                {"id": "a", "attribute": "x", "when": {"min": 1}, "points": 1}]}}));
            let _ = scorer.score(&lead, at(BASE));
        }
    }

    #[test]
    fn mutated_valid_models_never_panic(model in model_strategy(), path_seed in any::<u64>(), replacement in arbitrary_json(2)) {
        let mutated = mutate(model, path_seed, replacement);
        if let Ok(scorer) = Scorer::from_json(&mutated.to_string()) {
            let lead = json!({"id": "m", "attributes": {"size": 10}, "events": [{"type": "visit", "at": BASE}]});
            let _ = score_at(&scorer, &lead, at(BASE));
        }
    }
}

/// Replaces one value somewhere in `doc`, chosen by `seed`.
fn mutate(mut doc: Value, seed: u64, replacement: Value) -> Value {
    fn count(v: &Value) -> u64 {
        1 + match v {
            Value::Array(items) => items.iter().map(count).sum(),
            Value::Object(map) => map.values().map(count).sum(),
            _ => 0,
        }
    }
    fn replace(v: &mut Value, mut n: u64, replacement: &Value) -> u64 {
        if n == 0 {
            *v = replacement.clone();
            return u64::MAX;
        }
        n -= 1;
        let children: Vec<&mut Value> = match v {
            Value::Array(items) => items.iter_mut().collect(),
            Value::Object(map) => map.values_mut().collect(),
            _ => Vec::new(),
        };
        for child in children {
            let size = count(child);
            if n < size {
                return replace(child, n, replacement);
            }
            n -= size;
        }
        n
    }
    let target = seed % count(&doc);
    replace(&mut doc, target, &replacement);
    doc
}
