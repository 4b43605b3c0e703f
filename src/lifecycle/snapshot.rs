//! The part of a score result the lifecycle reads, as owned data: from JavaScript, callers pass
//! back the plain object `scorer.score` returned; from Rust, [`ScoreSnapshot::of`] copies a
//! [`ScoreResult`]. Only the fields the lifecycle reads are kept (each one costs Wasm code);
//! the rest, and unknown fields, are ignored, so newer results still read.

use crate::result::{Group, MqlReason, ScoreResult};
use crate::time::Timestamp;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoreSnapshot {
    pub lead_id: String,
    pub fit: i64,
    pub intent: i64,
    pub total: i64,
    #[serde(default)]
    pub band: Option<String>,
    #[serde(default)]
    pub grid: Option<String>,
    pub mql: bool,
    #[serde(default)]
    pub mql_reason: Option<SnapshotReason>,
    #[serde(default)]
    pub hand_raiser: bool,
    #[serde(default)]
    pub trigger: Option<SnapshotTrigger>,
    #[serde(default)]
    pub last_engagement_at: Option<Timestamp>,
    #[serde(default)]
    pub crossed_at: Option<Timestamp>,
    #[serde(default)]
    pub crossing_event: Option<SnapshotEvent>,
    #[serde(default)]
    pub contributions: Vec<SnapshotContribution>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SnapshotReason {
    Threshold,
    Instant,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotTrigger {
    pub rule_id: String,
    pub event: SnapshotEvent,
}

/// An event of the lead (a trigger, the crossing), by its position in the lead's `events`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotEvent {
    pub index: usize,
    pub at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotContribution {
    pub rule_id: String,
    /// `fit` or `intent`.
    pub group: String,
    #[serde(default)]
    pub label: Option<String>,
    pub points: i64,
    #[serde(default)]
    pub last_at: Option<Timestamp>,
}

impl ScoreSnapshot {
    /// Copies what the lifecycle needs from a score result.
    pub fn of(result: &ScoreResult) -> ScoreSnapshot {
        let event = |e: &crate::result::EventRef| SnapshotEvent {
            index: e.index,
            at: e.at,
        };
        ScoreSnapshot {
            lead_id: result.lead_id.clone(),
            fit: result.fit,
            intent: result.intent,
            total: result.total,
            band: result.band.map(str::to_string),
            grid: result.grid.clone(),
            mql: result.mql,
            mql_reason: result.mql_reason.map(|r| match r {
                MqlReason::Threshold => SnapshotReason::Threshold,
                MqlReason::Instant => SnapshotReason::Instant,
            }),
            hand_raiser: result.hand_raiser,
            trigger: result.trigger.as_ref().map(|t| SnapshotTrigger {
                rule_id: t.rule_id.to_string(),
                event: event(&t.event),
            }),
            last_engagement_at: result.last_engagement_at,
            crossed_at: result.crossed_at,
            crossing_event: result.crossing_event.as_ref().map(event),
            contributions: result
                .contributions
                .iter()
                .map(|c| SnapshotContribution {
                    rule_id: c.rule_id.to_string(),
                    group: match c.group {
                        Group::Fit => "fit".to_string(),
                        Group::Intent => "intent".to_string(),
                    },
                    label: c.label.map(str::to_string),
                    points: c.points,
                    last_at: c.last_at,
                })
                .collect(),
        }
    }

    pub fn is_instant(&self) -> bool {
        self.mql_reason == Some(SnapshotReason::Instant)
    }
}
