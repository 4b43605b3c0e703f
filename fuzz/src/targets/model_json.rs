//! Model JSON as anyone may type it. A model compiles exactly when `validate_model` finds no
//! problem (and they agree on the problems); a model that compiles compiles again, to the same
//! fingerprint and the same results, from its document written out anew; and it scores the
//! example leads with every invariant, one at a time, in a batch and incrementally alike.

use crate::check::{incremental_matches, json, result_holds};
use crate::fixtures::{as_of, example_leads, EXAMPLE_LEADS};
use leadscore::{parse_lead, validate_model, OnError, Scorer, Scratch};

pub fn run(data: &[u8]) {
    let Some(text) = super::text(data) else {
        return;
    };
    let issues = validate_model(text);
    let scorer = match Scorer::from_json(text) {
        Ok(scorer) => scorer,
        Err(err) => {
            assert!(!err.issues.is_empty(), "a rejected model names a problem");
            assert_eq!(
                err.issues, issues,
                "validate_model lists the compiler's problems"
            );
            return;
        }
    };
    assert!(
        issues.is_empty(),
        "a model that compiles has no problems: {issues:?}"
    );
    let doc: serde_json::Value = serde_json::from_str(text).expect("a compiled model is JSON");
    let again = Scorer::from_json(&doc.to_string()).expect("the same document compiles again");
    assert_eq!(scorer.model().fingerprint, again.model().fingerprint);

    let as_of = as_of();
    let mut scratch = Scratch::default();
    let mut each = Vec::new();
    for text in example_leads() {
        let lead = parse_lead(text).expect("the example leads parse");
        let result = scorer.score_with(&lead, as_of, &mut scratch);
        result_holds(&scorer, &result);
        let full = json(&result);
        assert_eq!(
            json(&again.score(&lead, as_of)),
            full,
            "the rewritten model scores alike"
        );
        incremental_matches(&scorer, &lead, as_of, &full);
        each.push(full);
    }
    let batch = scorer
        .score_batch_json(EXAMPLE_LEADS, as_of, OnError::Throw)
        .expect("the example leads are a good batch");
    assert_eq!(
        batch,
        format!("[{}]", each.join(",")),
        "a batch equals one lead at a time"
    );
}
