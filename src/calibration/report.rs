//! The calibration report: plain data, serialized with serde (camelCase), every section saying
//! which part of the leads its figures come from.

use super::advice::Choice;
use super::bounds::BoundChange;
use super::fit::CvPoint;
use super::input::RuleGroup;
use super::scores::ScoreCheck;
use super::separation::Separation;
use super::signals::SignalPower;
use super::split::Part;
use super::stats::Tally;
use super::threshold::ThresholdPoint;
use crate::time::Timestamp;
use serde::Serialize;
use serde_json::Value as Json;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CalibrationReport {
    pub model: Option<String>,
    #[serde(serialize_with = "super::json_number::plain")]
    pub threshold: f64,
    pub leads: PartTallies,
    pub split: SplitSummary,
    /// The model as it is, on every lead.
    pub original: ModelCheck,
    /// Points fitted on the training part.
    pub fitted: FittedModel,
    /// The original and the fitted model on the holdout part.
    pub comparison: Comparison,
    pub flags: Vec<Flag>,
}

/// Leads and conversions in each part.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PartTallies {
    pub all: Tally,
    pub train: Tally,
    pub holdout: Tally,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SplitSummary {
    /// "random" or "time".
    pub method: &'static str,
    pub seed: u32,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::json_number::optional"
    )]
    pub holdout_share: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holdout_from: Option<Timestamp>,
    pub folds: usize,
}

/// How a model's scores line up with outcomes on one part, and each rule's power.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelCheck {
    #[serde(flatten)]
    pub scores: ScoreCheck,
    pub signals: Vec<SignalPower>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FittedModel {
    pub part: Part,
    /// The penalty chosen by cross-validation, and each one's held-out log loss.
    #[serde(serialize_with = "super::json_number::plain")]
    pub lambda: f64,
    pub cross_validation: Vec<CvPoint>,
    /// The training leads cross-validation chose the penalty on (a sample of a large part).
    pub cv_leads: usize,
    #[serde(serialize_with = "super::json_number::plain")]
    pub intercept: f64,
    /// Points for one unit of log odds.
    #[serde(serialize_with = "super::json_number::plain")]
    pub points_per_log_odds: f64,
    pub rules: Vec<FittedRule>,
    pub threshold: Choice,
    /// Caps and floors moved so that they do not tie the fitted scores.
    pub bounds: Vec<BoundChange>,
    /// Training leads whose fitted total the model's caps and floors still changed.
    pub capped: usize,
    /// The complete fitted model document.
    pub model: Json,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FittedRule {
    pub rule_id: String,
    pub group: RuleGroup,
    #[serde(serialize_with = "super::json_number::plain")]
    pub before: f64,
    #[serde(serialize_with = "super::json_number::plain")]
    pub after: f64,
    /// Log odds per unit of the rule's feature; null when not fitted (a disqualifier, or a
    /// rule that never varied in the training part, which keeps its points).
    #[serde(serialize_with = "super::json_number::optional")]
    pub coefficient: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    pub part: Part,
    pub original: Separation,
    /// The fitted model at its suggested threshold.
    pub fitted: Separation,
    /// The fitted model at the threshold that gave the original's MQL volume on the
    /// training part: the same workload for sales, compared.
    pub fitted_at_original_volume: ThresholdPoint,
    pub says: String,
}

/// Something outside the seeds' healthy ranges, or a rule worth a look.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Flag {
    pub code: FlagCode,
    pub part: Part,
    /// The band, rule or table it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum FlagCode {
    /// MQL-to-SQL below the healthy band: tighten the criteria.
    MqlToSqlLow,
    /// MQL-to-SQL above the healthy band: good leads are being over-nurtured.
    MqlToSqlHigh,
    BandTooSmall,
    ConversionDips,
    RuleHurtsSeparation,
    RuleLikelyLeak,
    RuleWrongDirection,
    RuleNeverFires,
    FittedNotBetter,
}
