//! One calibration run: check the input, split the leads, describe the model on every lead,
//! fit points on the training part, write the fitted model, compare both on the holdout and
//! flag what needs attention.

use super::advice::{closest_volume, TargetVolume};
use super::fitted::fit_model;
use super::format::{count, decimal, percent, points};
use super::health;
use super::input::{CalibrationLead, LeadScore, Rescore, RuleInfo};
use super::options::CalibrationOptions;
use super::report::{CalibrationReport, Comparison, ModelCheck, PartTallies, SplitSummary};
use super::scores::{check_scores, separation};
use super::separation::Separation;
use super::signals::signal_power;
use super::split::{assign, Part, SplitPlan};
use super::stats::Tally;
use super::threshold::Sweep;
use crate::error::InputError;
use crate::model::Model;
use crate::sort::sort_by;
use rustc_hash::FxHashMap;
use serde_json::Value as Json;

/// Calibrates `model` (compiled from `document`) against `leads`, scoring them again with other
/// points through `rescore`.
pub fn calibrate(
    model: &Model,
    document: &Json,
    leads: &[CalibrationLead],
    rescore: &dyn Rescore,
    options: &CalibrationOptions,
) -> Result<CalibrationReport, InputError> {
    let rules = RuleInfo::of_model(model);
    check_leads(leads, &rules)?;
    let seed = u64::from(options.seed);
    let parts = assign(leads, options.split, seed)?;
    // Leads in the order of their ids, so that every sum is taken in the same order whatever
    // the order the leads came in, and the report is the same to the bit.
    let mut by_id: Vec<usize> = (0..leads.len()).collect();
    sort_by(&mut by_id, |&a, &b| leads[a].id < leads[b].id);
    let members = |part: Part| -> Vec<usize> {
        by_id
            .iter()
            .copied()
            .filter(|&at| part.holds(parts[at]))
            .collect()
    };
    let (all, train, holdout) = (
        members(Part::All),
        members(Part::Train),
        members(Part::Holdout),
    );
    let scores: Vec<LeadScore> = leads.iter().map(|lead| lead.score).collect();
    let threshold = model.mql.threshold;

    let original = check_model(
        model,
        leads,
        &scores,
        &all,
        Part::All,
        &rules,
        rescore,
        options,
    )?;

    let (fitted, fitted_scores) =
        fit_model(model, document, &rules, leads, &train, rescore, options)?;
    let comparison = on_holdout(
        (&scores, threshold),
        (&fitted_scores, fitted.threshold.point.threshold),
        leads,
        &train,
        &holdout,
    );
    let flags = health::flags(&original, &comparison, &options.advice);
    let tally = |members: &[usize]| Tally::of(members.iter().map(|&m| leads[m].converted));
    Ok(CalibrationReport {
        model: model.name.clone(),
        threshold,
        leads: PartTallies {
            all: tally(&all),
            train: tally(&train),
            holdout: tally(&holdout),
        },
        split: split_summary(options),
        original,
        fitted,
        comparison,
        flags,
    })
}

/// Every lead has an id of its own, one feature per rule (finite, not negative), and both
/// outcomes occur.
fn check_leads(leads: &[CalibrationLead], rules: &[RuleInfo]) -> Result<(), InputError> {
    let mut seen: FxHashMap<&str, usize> = FxHashMap::default();
    for (at, lead) in leads.iter().enumerate() {
        if let Some(first) = seen.insert(lead.id.as_str(), at) {
            return Err(InputError::new(
                format!("[{at}].id"),
                format!(
                    "lead id {:?} appears twice (first at [{first}]): each lead needs one outcome",
                    lead.id
                ),
            ));
        }
        if lead.features.len() != rules.len() {
            return Err(InputError::new(
                format!("[{at}].features"),
                format!(
                    "has {} values for the model's {} rules",
                    lead.features.len(),
                    rules.len()
                ),
            ));
        }
        if let Some(r) = lead
            .features
            .iter()
            .position(|x| !(x.is_finite() && *x >= 0.0))
        {
            return Err(InputError::new(
                format!("[{at}].features[{r}]"),
                format!(
                    "rule {}'s feature must be a finite number, 0 or more (got {})",
                    rules[r].id, lead.features[r]
                ),
            ));
        }
    }
    let converted = leads.iter().filter(|l| l.converted).count();
    if converted == 0 || converted == leads.len() {
        return Err(InputError::new(
            "outcomes",
            format!(
                "all {} leads {}: calibration needs both converted and unconverted leads",
                count(leads.len()),
                if converted == 0 {
                    "did not convert"
                } else {
                    "converted"
                }
            ),
        ));
    }
    Ok(())
}

/// The scores and outcomes of the leads at `members`.
fn part_of(
    scores: &[LeadScore],
    leads: &[CalibrationLead],
    members: &[usize],
) -> (Vec<LeadScore>, Vec<bool>) {
    members
        .iter()
        .map(|&m| (scores[m], leads[m].converted))
        .unzip()
}

#[allow(clippy::too_many_arguments)]
fn check_model(
    model: &Model,
    leads: &[CalibrationLead],
    scores: &[LeadScore],
    members: &[usize],
    part: Part,
    rules: &[RuleInfo],
    rescore: &dyn Rescore,
    options: &CalibrationOptions,
) -> Result<ModelCheck, InputError> {
    let (mine, converted) = part_of(scores, leads, members);
    Ok(ModelCheck {
        scores: check_scores(
            &mine,
            &converted,
            &model.bands,
            model.mql.threshold,
            &options.advice,
            part,
        )?,
        signals: signal_power(model, rules, leads, members, scores, rescore),
    })
}

/// The original (scores and threshold) and the fitted model compared on the holdout: each at
/// its own threshold, and the fitted one also at the threshold that gave the original's MQL
/// volume on the training part (the same workload for sales).
fn on_holdout(
    (scores, threshold): (&[LeadScore], f64),
    (fitted_scores, fitted_threshold): (&[LeadScore], f64),
    leads: &[CalibrationLead],
    train: &[usize],
    holdout: &[usize],
) -> Comparison {
    let original_volume = Sweep::of(scores, leads, train).at(threshold).mqls;
    let same_volume = closest_volume(
        &Sweep::of(fitted_scores, leads, train),
        TargetVolume::Count(original_volume),
    )
    .map_or(fitted_threshold, |p| p.threshold);
    let (original_holdout, converted) = part_of(scores, leads, holdout);
    let (fitted_holdout, _) = part_of(fitted_scores, leads, holdout);
    compare(
        separation(&original_holdout, &converted, threshold, Part::Holdout),
        separation(&fitted_holdout, &converted, fitted_threshold, Part::Holdout),
        Sweep::of(fitted_scores, leads, holdout).at(same_volume),
    )
}

fn compare(
    original: Separation,
    fitted: Separation,
    same_volume: super::threshold::ThresholdPoint,
) -> Comparison {
    let auc_text = |s: &Separation| match s.auc {
        Some(a) => format!(
            "{} ({}–{})",
            decimal(Some(a.auc)),
            decimal(a.low),
            decimal(a.high)
        ),
        None => "–".to_string(),
    };
    let says = format!(
        "On the holdout ({} leads), the fitted model separates converters with AUC {} against the original's {}. At its suggested threshold {} it makes {} MQLs converting at {} (the original at {}: {} converting at {}); at the original's MQL volume ({} MQLs) it converts at {}.",
        count(original.leads.leads),
        auc_text(&fitted),
        auc_text(&original),
        points(fitted.at_threshold.threshold),
        count(fitted.at_threshold.mqls),
        percent(fitted.at_threshold.precision),
        points(original.at_threshold.threshold),
        count(original.at_threshold.mqls),
        percent(original.at_threshold.precision),
        count(same_volume.mqls),
        percent(same_volume.precision)
    );
    Comparison {
        part: Part::Holdout,
        original,
        fitted,
        fitted_at_original_volume: same_volume,
        says,
    }
}

fn split_summary(options: &CalibrationOptions) -> SplitSummary {
    let (method, holdout_share, holdout_from) = match options.split {
        SplitPlan::Random { holdout_share } => ("random", Some(holdout_share), None),
        SplitPlan::ByTime { holdout_from } => ("time", None, Some(holdout_from)),
    };
    SplitSummary {
        method,
        seed: options.seed,
        holdout_share,
        holdout_from,
        folds: options.fit.folds,
    }
}
