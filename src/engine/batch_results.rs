//! Where a batch's results go, one lead at a time and in order: JSON text ([`JsonResults`]), or
//! any other form a binding reads (the JavaScript binding writes them compactly).

use super::Detail;
use crate::error::InputError;
use crate::lead::BadLead;
use crate::result::ScoreResult;

/// What a batch writes its results into.
pub trait BatchResults {
    /// A lead's result: all of it, or its summary, as `detail` says.
    fn result(&mut self, result: &ScoreResult, detail: Detail) -> Result<(), NotWritten>;
    /// A lead that could not be read, in its place (with `OnError::Collect`).
    fn failed(&mut self, lead: &BadLead) -> Result<(), NotWritten>;
    /// Forgets what was written: the one-pass read failed, and the careful reader starts over.
    fn clear(&mut self);
}

/// A result that could not be written (serde_json refused it; not expected of a score result).
#[derive(Debug)]
pub struct NotWritten;

/// The results as a JSON array.
pub struct JsonResults {
    out: Vec<u8>,
}

impl JsonResults {
    /// An empty array, with room for about `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        let mut out = Vec::with_capacity(capacity);
        out.push(b'[');
        JsonResults { out }
    }

    /// The array's JSON text.
    pub fn finish(mut self) -> Result<String, InputError> {
        self.out.push(b']');
        String::from_utf8(self.out)
            .map_err(|_| InputError::new("", "the results are not valid UTF-8"))
    }

    fn separate(&mut self) {
        if self.out.len() > 1 {
            self.out.push(b',');
        }
    }
}

impl BatchResults for JsonResults {
    fn result(&mut self, result: &ScoreResult, detail: Detail) -> Result<(), NotWritten> {
        self.separate();
        match detail {
            Detail::Full => serde_json::to_writer(&mut self.out, result),
            Detail::Summary => serde_json::to_writer(&mut self.out, &result.summary()),
        }
        .map_err(|_| NotWritten)
    }

    fn failed(&mut self, lead: &BadLead) -> Result<(), NotWritten> {
        self.separate();
        serde_json::to_writer(&mut self.out, &failed_lead(lead)).map_err(|_| NotWritten)
    }

    fn clear(&mut self) {
        self.out.truncate(1);
    }
}

/// A lead that could not be read, as a batch of JSON results has it in the lead's place.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct FailedLead<'a> {
    lead_id: Option<&'a str>,
    error: ErrorReport<'a>,
}

#[derive(serde::Serialize)]
struct ErrorReport<'a> {
    name: &'static str,
    message: String,
    path: &'a str,
}

fn failed_lead(bad: &BadLead) -> FailedLead<'_> {
    FailedLead {
        lead_id: bad.lead_id.as_deref(),
        error: ErrorReport {
            name: "InputError",
            message: bad.error.to_string(),
            path: &bad.error.path,
        },
    }
}
