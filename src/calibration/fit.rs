//! Fitting point values: L2-regularised logistic regression on the rules' features, the penalty
//! chosen by stratified k-fold cross-validation on the training part, and the coefficients
//! scaled back to points (the fitted scores spread as widely as the model's own did, so a
//! threshold keeps its meaning) and rounded to whole points.

use super::input::{CalibrationLead, RuleInfo};
use super::logistic::{fit, log_loss, Design, DesignBuilder, Logistic};
use super::split::{fold_of, sample};
use crate::error::InputError;
use serde::Serialize;

/// The penalties tried, strongest first. The penalty is on log odds per unit of each rule's own
/// feature (not standardised), so a rule that fired for a handful of leads earns few points
/// however perfectly those few converted.
pub const DEFAULT_LAMBDAS: [f64; 9] = [
    0.1, 0.03, 0.01, 0.003, 0.001, 0.0003, 0.0001, 0.00003, 0.00001,
];

#[derive(Debug, Clone, PartialEq)]
pub struct FitOptions {
    pub folds: usize,
    pub lambdas: Vec<f64>,
    /// Cross-validation chooses the penalty on at most this many training leads (drawn by the
    /// seed); the final fit uses them all. With tens of thousands of leads the penalty barely
    /// matters, and this keeps a large calibration fast.
    pub max_cv_leads: usize,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            folds: 5,
            lambdas: DEFAULT_LAMBDAS.to_vec(),
            max_cv_leads: 20_000,
        }
    }
}

/// One penalty's cross-validated score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CvPoint {
    #[serde(serialize_with = "super::json_number::plain")]
    pub lambda: f64,
    /// The mean log loss of the leads each fold held out.
    #[serde(serialize_with = "super::json_number::plain")]
    pub log_loss: f64,
}

/// The regression in the rules' own units.
#[derive(Debug, Clone, PartialEq)]
pub struct Regression {
    pub lambda: f64,
    pub cv: Vec<CvPoint>,
    /// The training leads cross-validation used.
    pub cv_leads: usize,
    pub intercept: f64,
    /// Log-odds per unit of each rule's feature; `None` for a rule that was not fitted (it
    /// disqualifies, or its feature never varied in the training part).
    pub coefficients: Vec<Option<f64>>,
}

impl Regression {
    /// The fitted log odds of a lead, without the intercept.
    pub fn linear(&self, features: &[f64]) -> f64 {
        self.coefficients
            .iter()
            .zip(features)
            .map(|(c, x)| c.map_or(0.0, |c| c * x))
            .sum()
    }
}

/// The mean of a rule's feature over `members`, or `None` when it never varies (a rule that
/// never fired, or fired for every lead, says nothing about conversion).
fn varying_mean(leads: &[CalibrationLead], members: &[usize], rule: usize) -> Option<f64> {
    let first = leads[*members.first()?].features[rule];
    let varies = members.iter().any(|&m| leads[m].features[rule] != first);
    let mean = members
        .iter()
        .map(|&m| leads[m].features[rule])
        .sum::<f64>()
        / members.len() as f64;
    varies.then_some(mean)
}

fn check_folds(
    leads: &[CalibrationLead],
    members: &[usize],
    folds: usize,
) -> Result<(), InputError> {
    if folds < 2 {
        return Err(InputError::new(
            "folds",
            format!("cross-validation needs at least 2 folds (got {folds})"),
        ));
    }
    let converted = members.iter().filter(|&&m| leads[m].converted).count();
    for (count, what) in [
        (converted, "converted"),
        (members.len() - converted, "unconverted"),
    ] {
        if count < folds {
            return Err(InputError::new(
                "folds",
                format!(
                    "the training part has {count} {what} lead{} that can be MQLs, fewer than the {folds} folds of cross-validation: use fewer folds or more leads",
                    if count == 1 { "" } else { "s" }
                ),
            ));
        }
    }
    Ok(())
}

/// The centred feature rows of the leads at `members`, each in its fold.
fn design(
    leads: &[CalibrationLead],
    members: &[usize],
    columns: &[(usize, f64)],
    folds: &[usize],
) -> Design {
    let mut builder = DesignBuilder::new(columns.len());
    let mut row = vec![0.0; columns.len()];
    for (&member, &fold) in members.iter().zip(folds) {
        let lead = &leads[member];
        for (slot, &(rule, mean)) in row.iter_mut().zip(columns) {
            *slot = lead.features[rule] - mean;
        }
        builder.add(&row, lead.converted, fold);
    }
    builder.finish()
}

/// Fits the rules' coefficients on the training leads at `members`.
pub fn regress(
    leads: &[CalibrationLead],
    rules: &[RuleInfo],
    members: &[usize],
    options: &FitOptions,
    seed: u64,
) -> Result<Regression, InputError> {
    check_folds(leads, members, options.folds)?;
    if options.lambdas.is_empty() || options.lambdas.iter().any(|l| !(l.is_finite() && *l > 0.0)) {
        return Err(InputError::new(
            "lambdas",
            "needs one or more penalties, each a number above 0",
        ));
    }
    // Centred columns (which leaves the slopes and their penalty as they are and keeps
    // Newton's steps well conditioned) for the rules that have points and vary.
    let columns: Vec<(usize, f64)> = (0..rules.len())
        .filter(|&r| rules[r].has_points())
        .filter_map(|r| varying_mean(leads, members, r).map(|mean| (r, mean)))
        .collect();
    let sample = sample(
        leads,
        members,
        options.max_cv_leads.max(options.folds),
        seed,
    );
    check_folds(leads, &sample, options.folds)?;
    let folds = fold_of(leads, &sample, options.folds, seed);
    let cv_design = design(leads, &sample, &columns, &folds);

    // Each fold along the penalty path, strongest first, each fit starting from the last.
    let mut held_out_loss = vec![0.0; options.lambdas.len()];
    for fold in 0..options.folds {
        let mut model = Logistic::zero(columns.len());
        for (at, &lambda) in options.lambdas.iter().enumerate() {
            model = fit(&cv_design, lambda, model, &|f| f != fold);
            held_out_loss[at] += log_loss(&cv_design, &model, &|f| f == fold).0;
        }
    }
    let cv: Vec<CvPoint> = options
        .lambdas
        .iter()
        .zip(&held_out_loss)
        .map(|(&lambda, &loss)| CvPoint {
            lambda,
            log_loss: loss / sample.len() as f64,
        })
        .collect();
    // The lowest loss; on a tie, the stronger penalty (listed first).
    let best = cv.iter().fold(
        cv[0],
        |best, p| if p.log_loss < best.log_loss { *p } else { best },
    );
    let everything = design(leads, members, &columns, &vec![0; members.len()]);
    let model = fit(
        &everything,
        best.lambda,
        Logistic::zero(columns.len()),
        &|_| true,
    );

    let mut coefficients = vec![None; rules.len()];
    let mut intercept = model.intercept;
    for (&(rule, mean), &weight) in columns.iter().zip(&model.weights) {
        coefficients[rule] = Some(weight);
        intercept -= weight * mean;
    }
    Ok(Regression {
        lambda: best.lambda,
        cv,
        cv_leads: sample.len(),
        intercept,
        coefficients,
    })
}

fn standard_deviation(values: impl Iterator<Item = f64> + Clone) -> f64 {
    let n = values.clone().count() as f64;
    if n == 0.0 {
        return 0.0;
    }
    let mean = values.clone().sum::<f64>() / n;
    libm::sqrt(values.map(|v| (v - mean) * (v - mean)).sum::<f64>() / n)
}

/// Points per unit of log odds: the fitted scores of the training leads spread (standard
/// deviation) as widely as the model's own totals did. Without a spread on either side, the
/// largest fitted coefficient gets the model's largest points instead.
pub fn points_per_log_odds(
    regression: &Regression,
    rules: &[RuleInfo],
    leads: &[CalibrationLead],
    members: &[usize],
) -> f64 {
    let original = standard_deviation(members.iter().map(|&m| leads[m].score.total as f64));
    let fitted = standard_deviation(
        members
            .iter()
            .map(|&m| regression.linear(&leads[m].features)),
    );
    if original > 0.0 && fitted > 0.0 {
        return original / fitted;
    }
    let largest_points = rules.iter().fold(0.0f64, |m, r| m.max(r.points.abs()));
    let largest_coefficient = regression
        .coefficients
        .iter()
        .flatten()
        .fold(0.0f64, |m, c| m.max(c.abs()));
    if largest_points > 0.0 && largest_coefficient > 0.0 {
        largest_points / largest_coefficient
    } else {
        1.0
    }
}

/// Whole points per rule: the scaled coefficient, rounded, or the rule's own points when it
/// was not fitted.
pub fn fitted_points(regression: &Regression, rules: &[RuleInfo], scale: f64) -> Vec<f64> {
    rules
        .iter()
        .zip(&regression.coefficients)
        .map(|(rule, c)| match c {
            // `+ 0.0` turns a rounded -0 into 0.
            Some(c) => libm::round(c * scale) + 0.0,
            None => rule.points,
        })
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::super::input::{Gate, LeadScore, RuleGroup};
    use super::*;
    use proptest::prelude::*;

    fn rule(id: usize, points: f64) -> RuleInfo {
        RuleInfo {
            id: format!("r{id}"),
            label: None,
            group: if id < 2 {
                RuleGroup::Fit
            } else {
                RuleGroup::Intent
            },
            attribute: None,
            points,
            disqualify: false,
            instant: false,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// The fitted points reproduce the fitted model's own ranking of the training leads:
        /// whenever two leads' fitted log odds differ by more than rounding can undo (half a
        /// point per rule's points, half a point per contribution), their rounded totals
        /// order them the same way.
        #[test]
        fn fitted_points_keep_the_fitted_ranking(
            rows in prop::collection::vec((any::<bool>(), any::<bool>(), 0u8..4, 0.0f64..1.0, 0.0f64..1.0), 60..160),
            points in prop::collection::vec(-20i32..30, 4),
        ) {
            let rules: Vec<RuleInfo> = points.iter().enumerate().map(|(i, p)| rule(i, f64::from(*p))).collect();
            let leads: Vec<CalibrationLead> = rows
                .iter()
                .enumerate()
                .map(|(i, &(a, b, count, share, draw))| {
                    let features = vec![f64::from(u8::from(a)), f64::from(u8::from(b)), f64::from(count) * (0.5 + share / 2.0), share];
                    let truth = -0.5 + 1.2 * features[0] - 0.8 * features[1] + 0.6 * features[2] + 0.9 * features[3];
                    let total = rules.iter().zip(&features).map(|(r, x)| libm::round(r.points * x) as i64).sum();
                    CalibrationLead {
                        id: format!("l{i}"),
                        converted: draw < 1.0 / (1.0 + libm::exp(-truth)),
                        decided_at: None,
                        score: LeadScore { total, gate: Gate::Scored },
                        features,
                    }
                })
                .collect();
            let converted = leads.iter().filter(|l| l.converted).count();
            prop_assume!(converted >= 5 && leads.len() - converted >= 5);
            let members: Vec<usize> = (0..leads.len()).collect();
            let regression = regress(&leads, &rules, &members, &FitOptions::default(), 1).unwrap();
            let scale = points_per_log_odds(&regression, &rules, &leads, &members);
            let fitted = fitted_points(&regression, &rules, scale);
            let total = |lead: &CalibrationLead| -> i64 { fitted.iter().zip(&lead.features).map(|(p, x)| libm::round(p * x) as i64).sum() };
            let slack = |lead: &CalibrationLead| -> f64 {
                regression.coefficients.iter().zip(&lead.features).filter(|(c, x)| c.is_some() && **x > 0.0).map(|(_, x)| 0.5 * x + 0.5).sum()
            };
            for i in &leads {
                for j in &leads {
                    let gap = scale * (regression.linear(&i.features) - regression.linear(&j.features));
                    if gap > slack(i) + slack(j) {
                        prop_assert!(total(i) > total(j), "{} over {}: gap {gap}", i.id, j.id);
                    }
                }
            }
        }
    }
}
