//! The handoff payload: what the assigned rep needs when a lead becomes an MQL. Contact fields,
//! the score and what drove it over the line, the warmth (hand-raiser or accumulated), the
//! "why now", a summary of content, pages and emails, form answers, and a first approach from
//! configurable templates chosen by the strongest signals.
//!
//! The payload's types are here; `policy.rs` reads the playbook's `handoff` section, `build.rs`
//! builds the payload for a lead, and `template.rs` parses and renders the first approaches.

mod build;
mod policy;
mod template;

pub use policy::HandoffPolicy;

use crate::time::Timestamp;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::Value as Json;

/// What the rep receives.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Handoff {
    pub version: u32,
    pub lead_id: String,
    pub owner: String,
    pub owner_name: Option<String>,
    pub contact: Fields,
    pub score: HandoffScore,
    /// The contributions that carried the lead over the threshold, strongest first.
    pub drivers: Vec<Driver>,
    /// The event that took the lead over the line, when the score names one (and, for a lead
    /// that was recycled, when it came after the rejection).
    pub crossing: Option<Activity>,
    pub warmth: Warmth,
    /// What the lead did in the recent window, newest first.
    pub why_now: Vec<Activity>,
    pub engagement: Engagement,
    pub form_answers: Vec<FormAnswers>,
    pub first_approach: String,
    pub sla: HandoffSla,
    pub mql_count: u32,
    pub previous_recycle_reason: Option<String>,
}

/// Named values, in the playbook's order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Fields(pub Vec<(String, Json)>);

impl Serialize for Fields {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HandoffScore {
    pub total: i64,
    pub fit: i64,
    pub intent: i64,
    pub band: Option<String>,
    pub grid: Option<String>,
    pub reason: &'static str,
    pub crossed_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Driver {
    pub rule_id: String,
    pub label: Option<String>,
    pub group: String,
    pub points: i64,
    pub last_at: Option<Timestamp>,
}

/// A hand-raiser is a different call from a lead that accumulated points quietly.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Warmth {
    /// `handRaiser` or `accumulated`.
    pub kind: &'static str,
    pub summary: String,
    pub trigger: Option<Activity>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    #[serde(rename = "type")]
    pub kind: String,
    pub at: Timestamp,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Engagement {
    pub content: Vec<ContentItem>,
    pub pages: Vec<PageVisits>,
    pub emails: Vec<EmailEngagement>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContentItem {
    pub title: String,
    pub content_type: Option<String>,
    pub at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PageVisits {
    pub path: String,
    pub views: u32,
    pub last_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailEngagement {
    pub campaign: String,
    /// Interactions by event type, such as `email_open: 2`.
    pub interactions: Fields,
    pub last_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FormAnswers {
    pub form: String,
    pub at: Timestamp,
    pub answers: Fields,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HandoffSla {
    pub signal: String,
    pub window: String,
    pub due_at: Timestamp,
}

/// Who the handoff is for and the context it is made in.
pub struct HandoffContext<'a> {
    pub owner: &'a str,
    pub owner_name: Option<&'a str>,
    pub sla: HandoffSla,
    pub mql_count: u32,
    pub previous_recycle_reason: Option<&'a str>,
    /// When sales last sent the lead back: an older crossing is not why it is here now.
    pub recycled_at: Option<Timestamp>,
    pub now: Timestamp,
}
