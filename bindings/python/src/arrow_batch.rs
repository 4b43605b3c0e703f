//! `score_arrow`'s loop: each row of a record batch read as a lead by the core's own reader
//! within the scorer's limits, scored, and its result (or its error) written to the result
//! columns.

use crate::arrow_leads::LeadRows;
use crate::arrow_results::ResultColumns;
use arrow_array::RecordBatch;
use leadscore::{InputError, OnError, Scorer, Scratch, Timestamp};

/// Scores every row of `batch`. A row that is not a readable lead fails the call with its path
/// below `[row]` (`OnError::Throw`) or becomes an error row whose path is within the lead
/// (`OnError::Collect`). A column of an unsupported type fails the call either way.
pub(crate) fn score_record_batch(
    scorer: &Scorer,
    batch: &RecordBatch,
    as_of: Timestamp,
    on_error: OnError,
    contributions: bool,
) -> Result<RecordBatch, InputError> {
    scorer.limits().check_batch_size(batch.num_rows())?;
    let rows = LeadRows::of(batch)?;
    let mut results = ResultColumns::with_capacity(batch.num_rows(), contributions);
    let mut scratch = Scratch::default();
    let mut text = Vec::new();
    for row in 0..batch.num_rows() {
        let lead = rows.write(row, &mut text).and_then(|()| {
            let text = std::str::from_utf8(&text)
                .map_err(|_| InputError::new("", "the lead is not valid UTF-8"))?;
            scorer.read_lead(text)
        });
        match lead {
            Ok(lead) => results.push_result(&scorer.score_with(&lead, as_of, &mut scratch)),
            Err(err) if on_error == OnError::Throw => return Err(err.within(&format!("[{row}]"))),
            Err(err) => results.push_error(rows.lead_id(row).as_deref(), &err),
        }
    }
    results
        .finish()
        .map_err(|err| InputError::new("", format!("the results could not be built: {err}")))
}
