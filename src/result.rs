//! What scoring a lead returns: the scores, the band, the MQL decision and its reasons, each
//! rule's contribution, when the lead crossed, and warnings about the input.

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoreResult<'m> {
    pub lead_id: String,
    pub as_of: Timestamp,
    /// Fit points after the fit cap and floor.
    pub fit: i64,
    /// Intent points, after decay and the intent cap and floor.
    pub intent: i64,
    /// Fit plus intent, within the total cap and floor. The contributions add up to it.
    pub total: i64,
    pub band: Option<&'m str>,
    pub fit_band: Option<&'m str>,
    pub intent_band: Option<&'m str>,
    /// The fit band's name then the intent band's, such as "A1", when the model has a grid.
    pub grid: Option<String>,
    pub mql: bool,
    pub mql_reason: Option<MqlReason>,
    /// An instant trigger fired within the recency window: the lead raised its hand.
    pub hand_raiser: bool,
    pub trigger: Option<Trigger<'m>>,
    /// What keeps a lead that reached the threshold (or raised its hand) from being an MQL.
    pub blocked_by: Vec<Blocker>,
    pub disqualified: bool,
    pub disqualified_by: Vec<&'m str>,
    pub missing_fields: Vec<&'m str>,
    pub last_engagement_at: Option<Timestamp>,
    /// The first time, replaying the events in time order, at which the lead was an MQL.
    pub crossed_at: Option<Timestamp>,
    /// The event whose arrival made the lead an MQL at `crossed_at`.
    pub crossing_event: Option<EventRef>,
    pub contributions: Vec<Contribution<'m>>,
    pub warnings: Vec<Warning>,
}

/// A result without its explanation: the scores and the decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoreSummary<'r> {
    pub lead_id: &'r str,
    pub as_of: Timestamp,
    pub fit: i64,
    pub intent: i64,
    pub total: i64,
    pub band: Option<&'r str>,
    pub grid: Option<&'r str>,
    pub mql: bool,
    pub mql_reason: Option<MqlReason>,
    pub hand_raiser: bool,
    pub disqualified: bool,
    pub crossed_at: Option<Timestamp>,
}

impl ScoreResult<'_> {
    pub fn summary(&self) -> ScoreSummary<'_> {
        ScoreSummary {
            lead_id: &self.lead_id,
            as_of: self.as_of,
            fit: self.fit,
            intent: self.intent,
            total: self.total,
            band: self.band,
            grid: self.grid.as_deref(),
            mql: self.mql,
            mql_reason: self.mql_reason,
            hand_raiser: self.hand_raiser,
            disqualified: self.disqualified,
            crossed_at: self.crossed_at,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum MqlReason {
    Threshold,
    Instant,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Blocker {
    Disqualified,
    MissingFields,
    NoRecentEngagement,
    FitTooLow,
    IntentTooLow,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Trigger<'m> {
    pub rule_id: &'m str,
    pub event: EventRef,
}

/// An event of the lead, by its position in the lead's `events` array.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventRef {
    pub index: usize,
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    pub at: Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Group {
    Fit,
    Intent,
}

/// What one rule added to the total.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Contribution<'m> {
    pub rule_id: &'m str,
    pub group: Group,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<&'m str>,
    /// Whole points after decay and every cap and floor.
    pub points: i64,
    /// Points before decay and caps: the rule's points times the events it counted.
    #[serde(serialize_with = "js_number")]
    pub raw_points: f64,
    /// The share of the raw points left after decay (1 when nothing decayed).
    #[serde(serialize_with = "js_number")]
    pub decay_factor: f64,
    /// Events (or, for a fit rule, the attribute) that met the rule.
    pub matched: u32,
    /// How many of those counted: limits and windows can count fewer.
    pub counted: u32,
    /// The newest counted event's time.
    pub last_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    pub code: WarningCode,
    pub message: String,
    /// Where the first occurrence is, in the lead.
    pub path: String,
    pub count: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum WarningCode {
    UnknownEventType,
    EventAfterAsOf,
    DuplicateEventId,
    /// Incremental scoring only: an event older than what the state has already folded.
    LateEvent,
    NotANumber,
}

/// Writes a number as JavaScript's `JSON.stringify` does (`75`, not `75.0`), so results are the
/// same text natively and in Wasm.
fn js_number<S: serde::Serializer>(n: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    crate::number_layout::serialize_js_number(*n, serializer)
}
