//! Scoring a JSON array of leads (or a batch in the compact form) into an array of results (JSON
//! text, or what `batch_results.rs` lets a binding write), reading each lead once.
//!
//! The common case, a well-formed batch (JSON text or compact), is read in one pass: each lead is
//! read straight from the array, scored and written before the next is read. A batch with a bad
//! lead cannot go on from the middle of the array, so any problem sends the whole batch to the
//! careful reader (split the array into raw leads, then read each on its own), which names the bad
//! lead and can put an error in its place. Both give the same results for a good batch.

use std::fmt;

use serde::de::{self, DeserializeSeed, SeqAccess, Visitor};

use super::batch_results::{BatchResults, JsonResults};
use super::{Detail, OnError, Scorer, Scratch};
use crate::compact;
use crate::error::InputError;
use crate::lead::compact::read_batch_lead;
use crate::lead::{parse_batch_lead, split_lead_batch, BadLead, Lead};
use crate::time::Timestamp;

impl Scorer {
    /// [`Scorer::score_batch_json`] with a choice of how much of each result to write. Leads are
    /// read, scored and written one at a time, so memory holds one read lead at a time.
    pub fn score_batch_json_with(
        &self,
        leads: &str,
        as_of: Timestamp,
        on_error: OnError,
        detail: Detail,
    ) -> Result<String, InputError> {
        let mut out = JsonResults::with_capacity(leads.len() / 4 + 2);
        self.score_batch_json_into(leads, as_of, on_error, detail, &mut out)?;
        out.finish()
    }

    /// A JSON array of leads scored into `out`, each result (or, with [`OnError::Collect`], each
    /// bad lead's error) in the array's order.
    pub fn score_batch_json_into<R: BatchResults>(
        &self,
        leads: &str,
        as_of: Timestamp,
        on_error: OnError,
        detail: Detail,
        out: &mut R,
    ) -> Result<(), InputError> {
        let mut scratch = Scratch::default();
        let sink = BatchSink {
            scorer: self,
            as_of,
            detail,
            out: &mut *out,
            scratch: &mut scratch,
        };
        let mut reader = serde_json::Deserializer::from_str(leads);
        let read_in_one_pass = sink.deserialize(&mut reader).and_then(|()| reader.end());
        if read_in_one_pass.is_err() {
            out.clear();
            self.score_batch_carefully(leads, as_of, on_error, detail, out, &mut scratch)?;
        }
        Ok(())
    }

    /// Reads the batch in two passes, so that a bad lead is named by its index (and id, when it
    /// has a readable one) and, with [`OnError::Collect`], replaced by its error.
    fn score_batch_carefully<R: BatchResults>(
        &self,
        leads: &str,
        as_of: Timestamp,
        on_error: OnError,
        detail: Detail,
        out: &mut R,
        scratch: &mut Scratch,
    ) -> Result<(), InputError> {
        let leads = split_lead_batch(leads)?;
        self.limits.check_batch_size(leads.len())?;
        let read = leads
            .iter()
            .enumerate()
            .map(|(index, raw)| parse_batch_lead(raw, index));
        self.write_each(read, as_of, on_error, detail, out, scratch)
    }

    /// A batch of leads in the compact form (the JavaScript binding's objects path) into a
    /// JSON array of results (see [`Scorer::score_batch_compact_into`]).
    pub fn score_batch_compact(
        &self,
        leads: &[u8],
        as_of: Timestamp,
        on_error: OnError,
        detail: Detail,
    ) -> Result<String, InputError> {
        let mut out = JsonResults::with_capacity(leads.len() / 4 + 2);
        self.score_batch_compact_into(leads, as_of, on_error, detail, &mut out)?;
        out.finish()
    }

    /// A batch of leads in the compact form scored into `out`: in one pass as from JSON text,
    /// or, when that fails, each lead read on its own, as the careful reader reads JSON.
    pub fn score_batch_compact_into<R: BatchResults>(
        &self,
        leads: &[u8],
        as_of: Timestamp,
        on_error: OnError,
        detail: Detail,
        out: &mut R,
    ) -> Result<(), InputError> {
        let mut scratch = Scratch::default();
        let sink = BatchSink {
            scorer: self,
            as_of,
            detail,
            out: &mut *out,
            scratch: &mut scratch,
        };
        if compact::read_with(leads, sink).is_none() {
            out.clear();
            let leads = compact::split_array(leads)?;
            self.limits.check_batch_size(leads.len())?;
            let read = leads
                .iter()
                .enumerate()
                .map(|(index, bytes)| read_batch_lead(bytes, index));
            self.write_each(read, as_of, on_error, detail, out, &mut scratch)?;
        }
        Ok(())
    }

    /// Writes each lead's result, or its error in its place (`OnError::Collect`); also for a
    /// binding that reads a batch its own way (the objects path's schema-shaped leads).
    pub(crate) fn write_each<'a, R: BatchResults>(
        &self,
        leads: impl Iterator<Item = Result<Lead<'a>, BadLead>>,
        as_of: Timestamp,
        on_error: OnError,
        detail: Detail,
        out: &mut R,
        scratch: &mut Scratch,
    ) -> Result<(), InputError> {
        for (index, read) in leads.enumerate() {
            let within_limits = read.and_then(|lead| match self.limits.check_lead(&lead) {
                Ok(()) => Ok(lead),
                Err(error) => Err(BadLead {
                    lead_id: Some(lead.id().to_string()),
                    error: error.within(&format!("[{index}]")),
                }),
            });
            let written = match within_limits {
                Ok(lead) => out.result(&self.score_with(&lead, as_of, scratch), detail),
                Err(bad) if on_error == OnError::Throw => return Err(bad.error),
                Err(bad) => out.failed(&bad),
            };
            if written.is_err() {
                return Err(InputError::new(
                    format!("[{index}]"),
                    "the result could not be written",
                ));
            }
        }
        Ok(())
    }
}

/// Scores each lead of the array as it is read. Fails at the first problem, which the careful
/// reader then finds again and names.
struct BatchSink<'a, R> {
    scorer: &'a Scorer,
    as_of: Timestamp,
    detail: Detail,
    out: &'a mut R,
    scratch: &'a mut Scratch,
}

impl<'de, R: BatchResults> DeserializeSeed<'de> for BatchSink<'_, R> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, reader: D) -> Result<(), D::Error> {
        reader.deserialize_seq(self)
    }
}

impl<'de, R: BatchResults> Visitor<'de> for BatchSink<'_, R> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of leads")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut leads: A) -> Result<(), A::Error> {
        let BatchSink {
            scorer,
            as_of,
            detail,
            out,
            scratch,
        } = self;
        let mut count = 0;
        while let Some(lead) = leads.next_element::<Lead<'de>>()? {
            count += 1;
            let limits = scorer.limits();
            if lead.check_shape().is_err()
                || limits.check_batch_size(count).is_err()
                || limits.check_lead(&lead).is_err()
            {
                return Err(de::Error::custom(
                    "a lead of the wrong shape or over a limit",
                ));
            }
            let result = scorer.score_with(&lead, as_of, scratch);
            out.result(&result, detail)
                .map_err(|_| de::Error::custom("the result could not be written"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    const MODEL: &str = include_str!("../../examples/models/b2b-default.json");
    const LEADS: &str = include_str!("../../examples/leads/b2b-leads.json");

    fn scorer() -> Scorer {
        Scorer::from_json(MODEL).unwrap()
    }

    fn as_of() -> Timestamp {
        Timestamp::parse("2026-11-20T17:00:00Z").unwrap()
    }

    /// The example leads as JSON texts, one per lead.
    fn lead_texts() -> Vec<String> {
        let leads: Vec<Value> = serde_json::from_str(LEADS).unwrap();
        assert!(leads.len() >= 3, "the example has a few leads");
        leads.iter().map(Value::to_string).collect()
    }

    fn one_by_one(scorer: &Scorer, texts: &[String]) -> Vec<Value> {
        let results = texts
            .iter()
            .map(|text| scorer.score_json(text, as_of()).unwrap());
        results
            .map(|text| serde_json::from_str(&text).unwrap())
            .collect()
    }

    fn batch(scorer: &Scorer, text: &str, on_error: OnError, detail: Detail) -> Vec<Value> {
        let written = scorer
            .score_batch_json_with(text, as_of(), on_error, detail)
            .unwrap();
        serde_json::from_str(&written).unwrap()
    }

    #[test]
    fn a_good_batch_gives_each_leads_own_result_in_order() {
        let scorer = scorer();
        let texts = lead_texts();
        let expected = one_by_one(&scorer, &texts);
        assert_eq!(
            batch(&scorer, LEADS, OnError::Throw, Detail::Full),
            expected
        );
        let summaries = batch(&scorer, LEADS, OnError::Throw, Detail::Summary);
        for (summary, full) in summaries.iter().zip(&expected) {
            assert_eq!(summary["leadId"], full["leadId"]);
            assert_eq!(summary["total"], full["total"]);
            assert_eq!(summary["mql"], full["mql"]);
        }
        assert_eq!(
            batch(&scorer, " [ ] ", OnError::Throw, Detail::Full),
            Vec::<Value>::new()
        );
    }

    #[test]
    fn a_bad_lead_is_named_or_put_in_its_place_and_the_others_are_scored() {
        let scorer = scorer();
        let texts = lead_texts();
        let expected = one_by_one(&scorer, &texts);
        let bad_time = r#"{"id":"bad-1","events":[{"type":"visit","at":"soon"}]}"#;
        let empty_type = r#"{"id":"bad-2","events":[{"type":" ","at":0}]}"#;
        for (bad, path) in [
            (bad_time, "[1].events[0].at"),
            (empty_type, "[1].events[0].type"),
        ] {
            let text = format!("[{},{bad},{}]", texts[0], texts[2]);
            let err = scorer
                .score_batch_json_with(&text, as_of(), OnError::Throw, Detail::Full)
                .unwrap_err();
            assert_eq!(err.path, path);
            let collected = batch(&scorer, &text, OnError::Collect, Detail::Full);
            assert_eq!(collected.len(), 3);
            assert_eq!(collected[0], expected[0]);
            assert_eq!(collected[1]["error"]["path"], path);
            assert!(collected[1]["leadId"].as_str().unwrap().starts_with("bad-"));
            assert_eq!(collected[2], expected[2]);
        }
    }

    #[test]
    fn a_batch_that_is_not_an_array_of_leads_is_an_error() {
        let scorer = scorer();
        for text in ["{}", "[", "[1,", "not json", "[] []"] {
            let err = scorer.score_batch_json_with(text, as_of(), OnError::Collect, Detail::Full);
            assert!(err.is_err(), "{text:?} was taken as a batch");
        }
        // The scorer is unharmed.
        assert_eq!(
            batch(&scorer, LEADS, OnError::Throw, Detail::Full),
            one_by_one(&scorer, &lead_texts())
        );
    }
}
