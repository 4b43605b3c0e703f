//! A batch's results written compactly (`compact_result.rs`) for `readResults` in
//! compact-result.js, in place of JSON text and `JSON.parse`: each a tag, then a result, its
//! summary, or a lead that could not be read.

use super::compact_result::{self, ModelStrings};
use crate::engine::{BatchResults, Detail, NotWritten};
use crate::lead::BadLead;
use crate::result::ScoreResult;

const RESULT: u8 = 0;
const SUMMARY: u8 = 1;
const FAILED: u8 = 2;

/// The results of a batch, in order, compactly.
pub(crate) struct CompactResults<'s> {
    pub(crate) out: Vec<u8>,
    strings: &'s ModelStrings,
}

impl<'s> CompactResults<'s> {
    /// Results written into `out` (emptied first: a buffer kept from an earlier batch).
    pub(crate) fn new(mut out: Vec<u8>, strings: &'s ModelStrings) -> Self {
        out.clear();
        CompactResults { out, strings }
    }
}

impl BatchResults for CompactResults<'_> {
    fn result(&mut self, result: &ScoreResult, detail: Detail) -> Result<(), NotWritten> {
        match detail {
            Detail::Full => {
                self.out.push(RESULT);
                compact_result::write(result, self.strings, &mut self.out);
            }
            Detail::Summary => {
                self.out.push(SUMMARY);
                compact_result::write_summary(result, self.strings, &mut self.out);
            }
        }
        Ok(())
    }

    fn failed(&mut self, lead: &BadLead) -> Result<(), NotWritten> {
        self.out.push(FAILED);
        compact_result::write_failed(lead, self.strings, &mut self.out);
        Ok(())
    }

    fn clear(&mut self) {
        self.out.clear();
    }
}
