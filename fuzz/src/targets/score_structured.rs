//! Structure-aware scoring: a generated model (every rule, decay, limit, window, cap and MQL
//! option) and generated leads, all valid, so every input reaches scoring. Each lead's result
//! holds every invariant, is the same with fresh or reused working memory, equals incremental
//! scoring, and reads back as the lifecycle's score snapshot; the batch (throw, collect and
//! summaries) equals the leads one at a time, to the byte.

use crate::check::{incremental_matches, json, result_holds};
use crate::gen::{base_ms, lead::LeadSpec, model::ModelSpec};
use arbitrary::{Arbitrary, Unstructured};
use leadscore::{parse_lead, Detail, OnError, Scratch, Timestamp};

#[derive(Arbitrary, Debug)]
struct Input {
    model: ModelSpec,
    leads: Vec<LeadSpec>,
    /// Hours after the base moment (negative: before) to score as of.
    as_of_hours: i16,
}

pub fn run(data: &[u8]) {
    let Ok(input) = Input::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let model = input.model.json().to_string();
    let scorer = input.model.scorer();
    let base = base_ms();
    let as_of = Timestamp::from_millis(base + i64::from(input.as_of_hours) * 3_600_000)
        .expect("within range");
    let texts: Vec<String> = input
        .leads
        .iter()
        .take(8)
        .map(|l| l.json(base).to_string())
        .collect();
    let mut scratch = Scratch::default();
    let (mut results, mut summaries) = (Vec::new(), Vec::new());
    for text in &texts {
        let lead =
            parse_lead(text).unwrap_or_else(|err| panic!("a generated lead parses: {err}\n{text}"));
        let result = scorer.score_with(&lead, as_of, &mut scratch);
        result_holds(&scorer, &result);
        let full = json(&result);
        let fresh = scorer.score_json(text, as_of).expect("it parsed once");
        assert_eq!(
            fresh, full,
            "fresh working memory scores alike\nmodel: {model}\nlead: {text}"
        );
        incremental_matches(&scorer, &lead, as_of, &full);
        #[cfg(feature = "lifecycle")]
        {
            let read: leadscore::ScoreSnapshot =
                serde_json::from_str(&full).expect("a result reads as a score snapshot");
            assert_eq!(
                read,
                leadscore::ScoreSnapshot::of(&result),
                "the snapshot reads back"
            );
        }
        summaries.push(json(&result.summary()));
        results.push(full);
    }
    let batch = format!("[{}]", texts.join(","));
    let expected = format!("[{}]", results.join(","));
    for on_error in [OnError::Throw, OnError::Collect] {
        let got = scorer
            .score_batch_json(&batch, as_of, on_error)
            .expect("a good batch");
        assert_eq!(
            got, expected,
            "a batch equals its leads one at a time\nmodel: {model}"
        );
    }
    let got = scorer.score_batch_json_with(&batch, as_of, OnError::Throw, Detail::Summary);
    assert_eq!(
        got.expect("a good batch"),
        format!("[{}]", summaries.join(","))
    );
}
