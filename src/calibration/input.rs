//! What calibration reads: each lead's outcome, its score and MQL gate under the model, and its
//! per-rule feature row; the model's rules; and how to score the leads again with new points.

use crate::error::InputError;
use crate::model::Model;
use crate::time::Timestamp;
use serde::Serialize;

/// Whether a lead's MQL decision depends on the threshold at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Gate {
    /// An MQL when its total reaches the threshold.
    Scored,
    /// An MQL whatever its total: an instant trigger (a hand-raiser).
    Instant,
    /// Never an MQL whatever its total: disqualified, required fields missing, no recent
    /// engagement, or below a fit or intent minimum.
    Blocked,
}

/// A lead's total and gate under one model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeadScore {
    pub total: i64,
    pub gate: Gate,
}

impl LeadScore {
    /// Whether the lead is an MQL at `threshold`.
    pub fn is_mql(&self, threshold: f64) -> bool {
        match self.gate {
            Gate::Instant => true,
            Gate::Blocked => false,
            Gate::Scored => self.total as f64 >= threshold,
        }
    }

    /// The order in which raising the threshold drops leads from the MQLs: blocked leads
    /// first (never MQLs), hand-raisers last (always MQLs), the rest by total. Separation
    /// (the ROC curve, AUC, the top decile) ranks leads by this key.
    pub fn rank_key(&self) -> f64 {
        match self.gate {
            Gate::Blocked => f64::NEG_INFINITY,
            Gate::Instant => f64::INFINITY,
            Gate::Scored => self.total as f64,
        }
    }
}

/// One lead with a known outcome, as of the moment its MQL decision was (or would have been)
/// made.
#[derive(Debug, Clone, PartialEq)]
pub struct CalibrationLead {
    pub id: String,
    pub converted: bool,
    /// When the decision was made: the time a time-based split divides on.
    pub decided_at: Option<Timestamp>,
    /// The lead's score under the model being calibrated.
    pub score: LeadScore,
    /// One value per rule in model order (fit rules, then intent rules): 1 or 0 for a fit
    /// rule (matched or not), the decayed count for an intent rule (each counted event's share
    /// left after decay, summed), so that a rule's points times its value is what it adds.
    pub features: Vec<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RuleGroup {
    Fit,
    Intent,
}

/// A rule as calibration sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleInfo {
    #[serde(rename = "ruleId")]
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub group: RuleGroup,
    /// The attribute a fit rule reads: the CRM column, for a table of leads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute: Option<String>,
    #[serde(serialize_with = "super::json_number::plain")]
    pub points: f64,
    /// The rule disqualifies: it has no points to fit.
    pub disqualify: bool,
    /// An instant trigger: its leads are MQLs whatever their points.
    pub instant: bool,
}

impl RuleInfo {
    /// Every rule of a model, fit rules first, in model order (the order of feature rows).
    pub fn of_model(model: &Model) -> Vec<RuleInfo> {
        let fit = model.fit.rules.iter().map(|rule| RuleInfo {
            id: rule.id.clone(),
            label: rule.label.clone(),
            group: RuleGroup::Fit,
            attribute: Some(rule.attribute.text.clone()),
            points: rule.points,
            disqualify: rule.disqualify,
            instant: false,
        });
        let intent = model.intent.rules.iter().map(|rule| RuleInfo {
            id: rule.id.clone(),
            label: rule.label.clone(),
            group: RuleGroup::Intent,
            attribute: None,
            points: rule.points,
            disqualify: rule.disqualify,
            instant: rule.instant,
        });
        fit.chain(intent).collect()
    }

    /// Whether fitting gives the rule points: disqualifiers keep their verdict instead.
    pub fn has_points(&self) -> bool {
        !self.disqualify
    }
}

/// Scores the calibration's leads again, in the order they were given, under another model
/// with the same rules and conditions but other points, caps, floors or threshold: the fitted
/// model, and the model with one rule's points left out. Feature rows keep their meaning, so a
/// rescorer may score from them (or from the leads again).
pub trait Rescore {
    fn rescore(&self, model: &Model) -> Result<Vec<LeadScore>, InputError>;
}

/// The compiled model with other points per rule (model order). Only the points change: what
/// each rule counts, its decay and whether it is engagement stay as compiled.
pub fn with_points(model: &Model, points: &[f64]) -> Model {
    let mut changed = model.clone();
    let fit = changed.fit.rules.len();
    for (rule, p) in changed.fit.rules.iter_mut().zip(points) {
        rule.points = *p;
    }
    for (rule, p) in changed.intent.rules.iter_mut().zip(points.iter().skip(fit)) {
        rule.points = *p;
    }
    changed
}

/// Rescores through `rescore`, checking it answered for every lead.
pub fn rescore_all(
    rescore: &dyn Rescore,
    model: &Model,
    leads: usize,
) -> Result<Vec<LeadScore>, InputError> {
    let scores = rescore.rescore(model)?;
    if scores.len() != leads {
        return Err(InputError::new(
            "rescore",
            format!("returned {} scores for {leads} leads", scores.len()),
        ));
    }
    Ok(scores)
}
