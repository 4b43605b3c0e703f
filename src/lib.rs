//! leadscore: an embeddable lead-scoring engine. A model (fit rules on attributes, intent rules
//! on timestamped events, decay, caps, bands and an MQL policy) is compiled once and scores
//! leads as of an explicit time, natively or in WebAssembly, with the same results everywhere.
//!
//! ```
//! use leadscore::{parse_lead, Scorer, Timestamp};
//!
//! let scorer = Scorer::from_json(r#"{
//!     "version": 1,
//!     "intent": { "rules": [{ "id": "pricing", "event": "page_view",
//!                             "where": { "path": { "prefix": "/pricing" } }, "points": 20 }] },
//!     "mql": { "threshold": 20 }
//! }"#).unwrap();
//! let lead = parse_lead(r#"{ "id": "l1", "events": [
//!     { "type": "page_view", "at": "2026-11-20T10:00:00Z", "props": { "path": "/pricing" } }
//! ] }"#).unwrap();
//! let result = scorer.score(&lead, Timestamp::parse("2026-11-21T00:00:00Z").unwrap());
//! assert_eq!(result.total, 20);
//! assert!(result.mql);
//! ```

#[cfg(feature = "json")]
pub mod accounts;
#[cfg(feature = "calibration")]
pub mod calibration;
pub mod compact;
pub mod condition;
pub mod decay;
#[cfg(feature = "json")]
mod document;
mod engine;
pub mod error;
#[cfg(feature = "json")]
mod json_path;
pub mod lead;
#[cfg(feature = "lifecycle")]
pub mod lifecycle;
mod limits;
mod lowercase;
pub mod model;
mod number_layout;
mod number_text;
mod postcard_read;
pub mod result;
mod sort;
pub mod time;
pub mod value;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

#[cfg(feature = "json")]
pub use accounts::{AccountResult, AccountScorer, AccountStore};
#[cfg(feature = "json")]
pub use engine::{
    BatchResults, LastPush, LeadHandle, LeadSet, LeadState, LeadStore, NotWritten, Standings,
    Summary, Work, HOLD_EVENTS, HOLD_MS, REMEMBERED_IDS,
};
pub use engine::{Detail, OnError, RuleRow, Scorer, Scratch};
/// The resident lead set's parts: its columns' flags and band positions, the columns in compact
/// types for a view, one lead's story.
#[cfg(feature = "json")]
pub mod lead_set {
    pub use crate::engine::{
        band_byte, change, change_ranks, flags, int32, position16, Baseline, CompactStandings,
        EventStatus, LeadStory, MomentStanding, Step, StoryEvent, BAND_BYTES, NO_BAND,
        NO_BAND_BYTE,
    };
}
pub use error::{InputError, Issue, ModelError};
#[cfg(feature = "json")]
pub use lead::{
    parse_batch_lead, parse_event_list, parse_events, parse_lead, parse_lead_batch,
    split_lead_batch,
};
pub use lead::{BadLead, Event, Lead, Props};
#[cfg(feature = "lifecycle")]
pub use lifecycle::{Lifecycle, PlaybookError, ScoreSnapshot, TransitionError};
pub use limits::Limits;
pub use model::{Model, MODEL_VERSION};
pub use result::{
    Blocker, Contribution, MqlReason, ScoreResult, ScoreSummary, Warning, WarningCode,
};
pub use time::Timestamp;

/// The README's Rust examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// Every problem in a model document, or an empty list when it compiles.
#[cfg(feature = "json")]
pub fn validate_model(model: &str) -> Vec<Issue> {
    match Model::from_json(model) {
        Ok(_) => Vec::new(),
        Err(err) => err.issues,
    }
}

/// The small engine's allocator: talc, 2 KB gzipped smaller than the standard dlmalloc (the
/// scoring builds keep dlmalloc). Wasm is single-threaded, so its lock is a no-op.
#[cfg(all(target_arch = "wasm32", not(feature = "json")))]
#[global_allocator]
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };
