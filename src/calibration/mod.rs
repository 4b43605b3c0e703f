//! Calibration: a scoring model checked against outcomes. Conversion by band, decile and score
//! range with Wilson intervals; separation (ROC AUC with DeLong's interval, top-decile lift);
//! threshold advice against the healthy MQL-to-SQL band; each rule's signal power; and a fitted
//! model (L2-regularised logistic regression on the rules' features, scaled back to points).
//! Pure and deterministic: plain data in, a report out, the same to the bit on every platform.

mod advice;
mod bounds;
mod calibrate;
mod fit;
mod fitted;
mod format;
mod health;
mod healthy;
mod input;
mod json_number;
mod linalg;
mod logistic;
mod model_file;
mod options;
mod report;
mod rows;
mod scores;
mod separation;
mod signals;
mod split;
mod stats;
mod tables;
mod threshold;

pub use advice::{
    advise, suggest, AdviceOptions, Choice, TargetVolume, ThresholdAdvice, HEALTHY_BAND,
};
pub use bounds::{BoundChange, FittedBounds, CLIP_SHARE};
pub use calibrate::calibrate;
pub use fit::{CvPoint, FitOptions, DEFAULT_LAMBDAS};
pub use healthy::{HealthyRange, Run};
pub use input::{with_points, CalibrationLead, Gate, LeadScore, Rescore, RuleGroup, RuleInfo};
pub use model_file::fitted_model;
pub use options::CalibrationOptions;
pub use report::{
    CalibrationReport, Comparison, FittedModel, FittedRule, Flag, FlagCode, ModelCheck,
    PartTallies, SplitSummary,
};
pub use rows::LeadTable;
pub use scores::{check_scores, separation, ScoreCheck};
pub use separation::{auc, top_decile_lift, Auc, Separation};
pub use signals::{SignalFlag, SignalPower};
pub use split::{assign, Part, SplitPlan};
pub use stats::{quantile, wilson, Tally};
pub use tables::{ConversionRow, ConversionTable, Dip, Scored};
pub use threshold::{Sweep, ThresholdPoint};
#[cfg(feature = "lifecycle")]
pub mod funnel;
pub mod render;
