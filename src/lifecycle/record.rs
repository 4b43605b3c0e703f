//! The lifecycle record the caller stores for each lead: its stage, owner, history of
//! transitions, MQL and recycle counts, nurture track, re-evaluation date and SLA clock. Plain
//! data (version 1); the core keeps no state of its own.

use super::sla::SlaClock;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::fmt;

/// The record format version this build reads and writes.
pub const RECORD_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Stage {
    Lead,
    /// Marketing qualified: handed to a sales owner, SLA running.
    Mql,
    /// Sales accepted.
    Sal,
    /// Sales qualified.
    Sql,
    Opportunity,
    /// In a nurture track, owned by marketing.
    Nurture,
    /// Rejected by sales with a reason; nurtured until it re-qualifies.
    Recycled,
    Disqualified,
}

impl Stage {
    pub const ALL: [Stage; 8] = [
        Stage::Lead,
        Stage::Mql,
        Stage::Sal,
        Stage::Sql,
        Stage::Opportunity,
        Stage::Nurture,
        Stage::Recycled,
        Stage::Disqualified,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Lead => "lead",
            Stage::Mql => "mql",
            Stage::Sal => "sal",
            Stage::Sql => "sql",
            Stage::Opportunity => "opportunity",
            Stage::Nurture => "nurture",
            Stage::Recycled => "recycled",
            Stage::Disqualified => "disqualified",
        }
    }

    /// The stages marketing owns, where a lead can (re-)qualify.
    pub(crate) const MARKETING: [Stage; 3] = [Stage::Lead, Stage::Nurture, Stage::Recycled];

    /// The stages a sales owner works.
    pub(crate) const SALES: [Stage; 4] = [Stage::Mql, Stage::Sal, Stage::Sql, Stage::Opportunity];

    /// Stages marketing owns, where a lead can (re-)qualify.
    pub fn is_marketing(self) -> bool {
        Stage::MARKETING.contains(&self)
    }

    /// Stages a sales owner works.
    pub fn is_sales(self) -> bool {
        Stage::SALES.contains(&self)
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LifecycleRecord {
    pub version: u32,
    pub lead_id: String,
    pub stage: Stage,
    pub owner: String,
    pub entered_stage_at: Timestamp,
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    /// How many times the lead became an MQL.
    #[serde(default)]
    pub mql_count: u32,
    #[serde(default)]
    pub last_mql_at: Option<Timestamp>,
    #[serde(default)]
    pub recycle_count: u32,
    #[serde(default)]
    pub last_recycle_reason: Option<String>,
    #[serde(default)]
    pub recycled_at: Option<Timestamp>,
    #[serde(default)]
    pub nurture_track: Option<String>,
    /// When a recycled lead may be re-evaluated.
    #[serde(default)]
    pub reevaluate_at: Option<Timestamp>,
    /// Set by a "wrong ICP" rejection: no new MQL until these fit attributes change.
    #[serde(default)]
    pub icp_block: Option<IcpBlock>,
    /// The fit attributes when the lead last became an MQL.
    #[serde(default)]
    pub fit_at_mql: Option<BTreeMap<String, Json>>,
    /// Contact attempts logged since the lead last became an MQL.
    #[serde(default)]
    pub contact_attempts: u32,
    #[serde(default)]
    pub sla: Option<SlaClock>,
    /// Required handoff fields the lead lacked when it last qualified.
    #[serde(default)]
    pub awaiting_enrichment: Vec<String>,
    #[serde(default)]
    pub disqualified_reason: Option<String>,
}

/// One change of stage (or of owner), with when, why and who owned the lead after it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HistoryEntry {
    pub from: Stage,
    pub to: Stage,
    pub at: Timestamp,
    pub action: String,
    #[serde(default)]
    pub reason: Option<String>,
    pub owner: String,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IcpBlock {
    pub since: Timestamp,
    pub attributes: BTreeMap<String, Json>,
}

impl LifecycleRecord {
    /// A new lead, owned by marketing.
    pub fn new(lead_id: &str, owner: &str, now: Timestamp) -> LifecycleRecord {
        LifecycleRecord {
            version: RECORD_VERSION,
            lead_id: lead_id.to_string(),
            stage: Stage::Lead,
            owner: owner.to_string(),
            entered_stage_at: now,
            history: Vec::new(),
            mql_count: 0,
            last_mql_at: None,
            recycle_count: 0,
            last_recycle_reason: None,
            recycled_at: None,
            nurture_track: None,
            reevaluate_at: None,
            icp_block: None,
            fit_at_mql: None,
            contact_attempts: 0,
            sla: None,
            awaiting_enrichment: Vec::new(),
            disqualified_reason: None,
        }
    }

    /// The latest moment the record knows of: no action may come before it.
    pub fn last_moment(&self) -> Timestamp {
        self.history
            .last()
            .map_or(self.entered_stage_at, |h| h.at.max(self.entered_stage_at))
    }

    /// What is inconsistent in the record, if anything: the invariants every transition keeps.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut check = |ok: bool, message: &str| {
            if !ok {
                problems.push(message.to_string());
            }
        };
        check(self.version == RECORD_VERSION, "unknown record version");
        check(!self.owner.is_empty(), "the lead has no owner");
        check(
            self.history
                .last()
                .is_none_or(|h| h.to == self.stage && h.owner == self.owner),
            "the last history entry does not lead to the current stage and owner",
        );
        check(
            self.history
                .windows(2)
                .all(|w| w[0].to == w[1].from && w[0].at <= w[1].at),
            "the history is not one chain in time order",
        );
        let mqls = self
            .history
            .iter()
            .filter(|h| h.to == Stage::Mql && h.from != Stage::Mql)
            .count();
        check(
            mqls as u32 == self.mql_count,
            "the MQL count does not match the history",
        );
        check(
            !self.stage.is_sales() || self.sla.is_some(),
            "a lead in a sales stage has no SLA clock",
        );
        check(
            !self.stage.is_sales() || self.mql_count > 0,
            "a lead in a sales stage was never an MQL",
        );
        check(
            self.stage != Stage::Recycled || self.last_recycle_reason.is_some(),
            "a recycled lead has no recycle reason",
        );
        check(
            self.stage != Stage::Nurture || self.nurture_track.is_some(),
            "a nurtured lead has no track",
        );
        check(
            self.stage.is_marketing()
                || self.stage == Stage::Disqualified
                || self.nurture_track.is_none(),
            "a lead in a sales stage is still in a nurture track",
        );
        check(
            self.stage != Stage::Disqualified || self.disqualified_reason.is_some(),
            "a disqualified lead has no reason",
        );
        if let Some(sla) = &self.sla {
            check(
                sla.due_at >= sla.started_at,
                "the SLA is due before it started",
            );
            check(
                sla.first_contact_at.is_none_or(|c| c >= sla.started_at),
                "first contact came before the SLA started",
            );
        }
        problems
    }
}
