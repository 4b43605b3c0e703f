//! A batch as JSON text, as `scoreBatch` receives it, with `onError` throw and collect and both
//! levels of detail. Against the leads read one at a time: text that is not an array of JSON
//! values fails alike every way; otherwise each good lead's result is exactly its result alone,
//! each bad lead is its own error (collect) or the batch's error (throw, the first bad lead's).

use crate::check::json;
use crate::fixtures::{as_of, scorers};
use leadscore::{parse_batch_lead, split_lead_batch, Detail, OnError, Scorer};
use serde_json::value::RawValue;

pub fn run(data: &[u8]) {
    let Some(text) = super::text(data) else {
        return;
    };
    for scorer in &scorers()[..2] {
        check_batch(scorer, text);
    }
}

fn check_batch(scorer: &Scorer, text: &str) {
    let at = as_of();
    let throw = scorer.score_batch_json(text, at, OnError::Throw);
    let collect = scorer.score_batch_json(text, at, OnError::Collect);
    let summary = scorer.score_batch_json_with(text, at, OnError::Collect, Detail::Summary);
    let raws = match split_lead_batch(text) {
        Err(err) => {
            assert_eq!(
                throw,
                Err(err.clone()),
                "not an array: throw fails as the split does"
            );
            assert_eq!(
                collect,
                Err(err.clone()),
                "not an array: collect fails as the split does"
            );
            assert_eq!(
                summary,
                Err(err),
                "not an array: summaries fail as the split does"
            );
            return;
        }
        Ok(raws) => raws,
    };
    let collect = collect.expect("collect never fails on an array");
    let summary = summary.expect("collect never fails on an array");
    let collected: Vec<&RawValue> = serde_json::from_str(&collect).expect("results are JSON");
    let summaries: Vec<&RawValue> = serde_json::from_str(&summary).expect("results are JSON");
    assert_eq!(collected.len(), raws.len(), "one result per lead");
    assert_eq!(summaries.len(), raws.len(), "one summary per lead");
    let mut first_bad = None;
    for (index, raw) in raws.iter().enumerate() {
        match parse_batch_lead(raw, index) {
            Ok(lead) => {
                let result = scorer.score(&lead, at);
                assert_eq!(
                    collected[index].get(),
                    json(&result),
                    "lead {index} as alone"
                );
                assert_eq!(
                    summaries[index].get(),
                    json(&result.summary()),
                    "lead {index}'s summary"
                );
            }
            Err(bad) => {
                let failed: serde_json::Value =
                    serde_json::from_str(collected[index].get()).unwrap();
                assert_eq!(failed["leadId"], json_id(&bad.lead_id), "lead {index}'s id");
                assert_eq!(failed["error"]["name"], "InputError");
                assert_eq!(
                    failed["error"]["path"],
                    bad.error.path.as_str(),
                    "lead {index}'s path"
                );
                assert_eq!(failed["error"]["message"], bad.error.to_string());
                assert_eq!(
                    summaries[index].get(),
                    collected[index].get(),
                    "an error alike"
                );
                first_bad.get_or_insert(bad.error);
            }
        }
    }
    match first_bad {
        None => assert_eq!(throw, Ok(collect), "a good batch: throw and collect agree"),
        Some(error) => assert_eq!(
            throw,
            Err(error),
            "throw fails with the first bad lead's error"
        ),
    }
}

fn json_id(id: &Option<String>) -> serde_json::Value {
    id.as_ref()
        .map_or(serde_json::Value::Null, |id| id.as_str().into())
}
