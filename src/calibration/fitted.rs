//! The fitted model: the regression on the training part turned into whole points, caps and
//! floors that do not tie the fitted scores, a complete model document, its scores through the
//! rescorer, and the threshold to suggest for it.

use super::advice::suggest;
use super::bounds::fitted_bounds;
use super::fit::{fitted_points, points_per_log_odds, regress};
use super::input::{rescore_all, CalibrationLead, Gate, LeadScore, Rescore, RuleInfo};
use super::model_file::fitted_model;
use super::options::CalibrationOptions;
use super::report::{FittedModel, FittedRule};
use super::split::Part;
use super::threshold::Sweep;
use crate::error::InputError;
use crate::model::Model;
use serde_json::Value as Json;

/// The total before caps and floors: each rule's points times its feature, rounded per rule.
fn linear_total(points: &[f64], features: &[f64]) -> i64 {
    points
        .iter()
        .zip(features)
        .map(|(p, x)| libm::round(p * x) as i64)
        .sum()
}

fn compile(document: &Json) -> Result<Model, InputError> {
    Model::from_value(document).map_err(|err| {
        InputError::new("model", format!("the fitted model does not compile: {err}"))
    })
}

/// Fits points on the training leads at `train` and scores every lead under the fitted model.
pub fn fit_model(
    model: &Model,
    document: &Json,
    rules: &[RuleInfo],
    leads: &[CalibrationLead],
    train: &[usize],
    rescore: &dyn Rescore,
    options: &CalibrationOptions,
) -> Result<(FittedModel, Vec<LeadScore>), InputError> {
    // Points matter only for leads that can be MQLs.
    let eligible: Vec<usize> = train
        .iter()
        .copied()
        .filter(|&m| leads[m].score.gate != Gate::Blocked)
        .collect();
    let regression = regress(
        leads,
        rules,
        &eligible,
        &options.fit,
        u64::from(options.seed),
    )?;
    let scale = points_per_log_odds(&regression, rules, leads, &eligible);
    let points = fitted_points(&regression, rules, scale);
    let (_, moved) = fitted_bounds(model, rules, &points, leads, &eligible);
    let mut document = fitted_model(document, rules, &points, &moved, model.mql.threshold)?;
    let scores = rescore_all(rescore, &compile(&document)?, leads.len())?;
    let suggested = suggest(&Sweep::of(&scores, leads, train), &options.advice)
        .ok_or_else(|| InputError::new("outcomes", "no lead of the training part converted"))?;
    document["mql"]["threshold"] = document_number(suggested.point.threshold);
    compile(&document)?;
    let fitted = FittedModel {
        part: Part::Train,
        lambda: regression.lambda,
        cross_validation: regression.cv.clone(),
        cv_leads: regression.cv_leads,
        intercept: regression.intercept,
        points_per_log_odds: scale,
        rules: rules
            .iter()
            .zip(&points)
            .zip(&regression.coefficients)
            .map(|((rule, &after), &coefficient)| FittedRule {
                rule_id: rule.id.clone(),
                group: rule.group,
                before: rule.points,
                after,
                coefficient,
            })
            .collect(),
        threshold: suggested,
        bounds: moved,
        capped: eligible
            .iter()
            .filter(|&&m| scores[m].total != linear_total(&points, &leads[m].features))
            .count(),
        model: document,
    };
    Ok((fitted, scores))
}

fn document_number(value: f64) -> Json {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        Json::from(value as i64)
    } else {
        serde_json::json!(value)
    }
}
