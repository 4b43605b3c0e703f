//! The funnel report: plain data, serialized with serde (camelCase).

use super::speed::{SlaBySignal, SpeedToLead};
use crate::time::Timestamp;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FunnelReport {
    /// The moment SLA clocks are judged at.
    pub now: Timestamp,
    pub records: usize,
    /// MQL episodes: each time a lead became an MQL.
    pub mqls: usize,
    pub stages: StageRates,
    pub speed_to_lead: SpeedToLead,
    pub sla: Vec<SlaBySignal>,
    pub rejections: Vec<ReasonCount>,
    /// Rejection reasons by each attribute asked for (lead source, segment...).
    pub rejections_by: Vec<SegmentBreakdown>,
    pub recycling: RecyclingReport,
    /// How many records became an MQL how many times.
    pub mql_counts: Vec<MqlCount>,
    pub cohorts: Vec<Cohort>,
    pub flags: Vec<FunnelFlag>,
}

/// A share of the MQL episodes that reached a stage. Episodes still open short of it are
/// pending and left out of the rate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StageRate {
    pub reached: usize,
    /// Episodes that reached it or ended without it.
    pub settled: usize,
    pub pending: usize,
    #[serde(serialize_with = "super::super::json_number::optional")]
    pub rate: Option<f64>,
    /// The 95% Wilson interval of the rate.
    #[serde(serialize_with = "super::super::json_number::optional")]
    pub low: Option<f64>,
    #[serde(serialize_with = "super::super::json_number::optional")]
    pub high: Option<f64>,
}

/// The funnel's conversion steps, each from the MQL.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StageRates {
    /// Accepted by sales (SAL or further).
    pub acceptance: StageRate,
    pub mql_to_sql: StageRate,
    pub meeting: StageRate,
    pub opportunity: StageRate,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReasonCount {
    pub reason: String,
    pub count: usize,
    /// Its share of the rejections counted alongside it.
    #[serde(serialize_with = "super::super::json_number::optional")]
    pub share: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SegmentBreakdown {
    pub attribute: String,
    pub rows: Vec<SegmentRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SegmentRow {
    /// The attribute's value, or "(none)" when the lead has none.
    pub value: String,
    pub mqls: usize,
    pub rejected: usize,
    #[serde(serialize_with = "super::super::json_number::optional")]
    pub rejection_rate: Option<f64>,
    pub reasons: Vec<ReasonCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecyclingReport {
    pub recycled: usize,
    /// Recyclings after which the lead became an MQL again.
    pub requalified: usize,
    #[serde(serialize_with = "super::super::json_number::optional")]
    pub rate: Option<f64>,
    /// How far the re-qualified MQLs got: to SQL.
    pub requalified_to_sql: StageRate,
    pub by_reason: Vec<RecycleReason>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecycleReason {
    pub reason: String,
    pub recycled: usize,
    pub requalified: usize,
    #[serde(serialize_with = "super::super::json_number::optional")]
    pub rate: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MqlCount {
    pub mqls: u32,
    pub records: usize,
}

/// The MQLs of one week (from Monday, UTC) or month.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cohort {
    /// "2026-11" for a month, "2026-11-16" (the Monday) for a week.
    pub cohort: String,
    pub mqls: usize,
    pub stages: StageRates,
    /// Speed to lead of the MQLs of the cohort whose clock the records still hold.
    pub speed_to_lead: SpeedToLead,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FunnelFlag {
    pub code: FunnelFlagCode,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum FunnelFlagCode {
    /// MQL-to-SQL below the seeds' healthy 40%: tighten the MQL criteria.
    MqlToSqlLow,
    /// MQL-to-SQL above 70%: good leads are being over-nurtured.
    MqlToSqlHigh,
    /// First contact later than the window for too many MQLs of a signal.
    SlaMissed,
    /// Most rejections for one reason came from leads one rule carried over the line.
    RejectionsFromOneRule,
}
