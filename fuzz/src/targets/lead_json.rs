//! Lead JSON as anyone may send it, scored by the fixture models. `score_json` fails exactly when
//! `parse_lead` does; a lead that parses scores with every invariant, alike alone and as a batch
//! of one, and incrementally (one update with all its events, and the resident store).

use crate::check::{incremental_matches, json, result_holds};
use crate::fixtures::{as_of, scorers};
use leadscore::{parse_lead, OnError, Timestamp};

pub fn run(data: &[u8]) {
    let Some(text) = super::text(data) else {
        return;
    };
    let parsed = parse_lead(text);
    for scorer in scorers() {
        let single = scorer.score_json(text, as_of());
        let lead = match (&parsed, single) {
            (Err(expected), Err(got)) => {
                assert_eq!(&got, expected, "score_json reports parse_lead's error");
                continue;
            }
            (Ok(lead), Ok(single)) => {
                let result = scorer.score(lead, as_of());
                result_holds(scorer, &result);
                assert_eq!(
                    json(&result),
                    single,
                    "score_json writes what score returns"
                );
                let batch = scorer
                    .score_batch_json(&format!("[{text}]"), as_of(), OnError::Throw)
                    .expect("a lead that parses is a good batch of one");
                assert_eq!(
                    batch,
                    format!("[{single}]"),
                    "a batch of one equals the lead alone"
                );
                incremental_matches(scorer, lead, as_of(), &single);
                lead
            }
            (parsed, single) => panic!("parse_lead {parsed:?} but score_json {single:?}"),
        };
        // Other moments, up to the earliest and the latest there are: the invariants hold.
        let edges = [
            -62_135_596_800_000,
            0,
            as_of().millis() + 400 * 86_400_000,
            253_402_300_799_999,
        ];
        for ms in edges {
            let moment = Timestamp::from_millis(ms).expect("within years 0001 to 9999");
            result_holds(scorer, &scorer.score(lead, moment));
        }
    }
}
