//! `--only reweigh`: the simulator page's answer to an edit of weights, natively. The leads'
//! rule table is carried in bytes for the model (`LeadSet::carry`, as the worker sends it), then
//! each call answers an edited model from those bytes alone, as the page's `KeptRuleTable` does:
//! a threshold edit keeps the last answer's points (`LeadSet::redecide_carried`), a points edit
//! adds them up again (`LeadSet::reweigh_carried`), and each answer is put in the page's compact
//! columns with its counts (`CompactStandings::fill`). Prints the time per call of each.

use crate::{stage, timed};
use leadscore::lead_set::CompactStandings;
use leadscore::{LeadSet, Scorer, Timestamp};

/// How many answers a run times.
const CALLS: usize = 200;

pub fn reweigh_calls(
    model: &str,
    text: &str,
    as_of: Timestamp,
    runs: usize,
) -> Result<String, String> {
    let mut set = LeadSet::from_json(text.to_string()).map_err(|e| e.to_string())?;
    let scorer = Scorer::from_json(model).map_err(|e| e.to_string())?;
    let table = set.carry(&scorer, as_of);
    let doc: serde_json::Value = serde_json::from_str(model).map_err(|e| e.to_string())?;
    let edited = |edit: &dyn Fn(&mut serde_json::Value)| -> Result<Scorer, String> {
        let mut doc = doc.clone();
        edit(&mut doc);
        Scorer::from_json(&doc.to_string()).map_err(|e| e.to_string())
    };
    let threshold = edited(&|m| {
        let at = m["mql"]["threshold"].as_f64().unwrap_or(50.0);
        m["mql"]["threshold"] = serde_json::json!(at + 5.0);
    })?;
    let points = edited(&|m| {
        let at = m["intent"]["rules"][0]["points"].as_f64().unwrap_or(0.0);
        m["intent"]["rules"][0]["points"] = serde_json::json!(at + 1.0);
    })?;
    let base = LeadSet::reweigh_carried(&table, &scorer, &scorer)
        .map_err(|e| e.to_string())?
        .ok_or("the model is not of its own table's shape")?;
    let per_call =
        |seconds: Vec<f64>| -> Vec<f64> { seconds.iter().map(|s| s / CALLS as f64).collect() };
    let redecide = timed(runs, || {
        for _ in 0..CALLS {
            let answer = LeadSet::redecide_carried(&table, &scorer, (&scorer, &base), &threshold);
            std::hint::black_box(
                answer
                    .ok()
                    .flatten()
                    .expect("a decision edit keeps the points"),
            );
        }
    });
    let reweigh = timed(runs, || {
        for _ in 0..CALLS {
            let answer = LeadSet::reweigh_carried(&table, &scorer, &points);
            std::hint::black_box(answer.ok().flatten());
        }
    });
    let mut compact = CompactStandings::default();
    let fill = timed(runs, || {
        for _ in 0..CALLS {
            compact.fill(std::hint::black_box(&base));
        }
    });
    Ok(format!(
        "{{\"leads\":{},{},{},{}}}",
        base.len(),
        stage("redecideCarried", &per_call(redecide)),
        stage("reweighCarried", &per_call(reweigh)),
        stage("compactFill", &per_call(fill)),
    ))
}
