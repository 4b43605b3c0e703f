//! What one table of scores says against outcomes, without fitting anything: conversion by
//! band, decile and score range, separation, and threshold advice. The what-if simulator asks
//! this of every edit; calibration asks it of the model as it is.

use super::advice::{advise, AdviceOptions, ThresholdAdvice};
use super::input::{Gate, LeadScore};
use super::separation::{auc, top_decile_lift, Separation};
use super::split::Part;
use super::stats::Tally;
use super::tables::{ConversionTable, Scored};
use super::threshold::Sweep;
use crate::error::InputError;
use crate::model::Band;
use serde::Serialize;

/// How a model's scores line up with outcomes on one part.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoreCheck {
    pub part: Part,
    pub by_band: Option<ConversionTable>,
    pub by_decile: ConversionTable,
    pub by_range: ConversionTable,
    pub range_width: i64,
    /// Leads that can never be MQLs (disqualified, missing required fields, no recent
    /// engagement, below a fit or intent minimum): left out of the tables above.
    pub blocked: Tally,
    pub separation: Separation,
    pub advice: ThresholdAdvice,
}

fn pairs<'a>(
    scores: &'a [LeadScore],
    converted: &'a [bool],
) -> impl Iterator<Item = (&'a LeadScore, bool)> {
    scores.iter().zip(converted.iter().copied())
}

/// The separation of `scores` (one per lead, with `converted`) and what `threshold` does.
pub fn separation(
    scores: &[LeadScore],
    converted: &[bool],
    threshold: f64,
    part: Part,
) -> Separation {
    let keys: Vec<f64> = scores.iter().map(LeadScore::rank_key).collect();
    Separation {
        part,
        leads: Tally::of(converted.iter().copied()),
        auc: auc(&keys, converted),
        top_decile_lift: top_decile_lift(&keys, converted),
        at_threshold: Sweep::new(pairs(scores, converted)).at(threshold),
    }
}

/// Tables, separation and advice for `scores` (one per lead, with `converted`) under a model
/// with these `bands` and `threshold`.
pub fn check_scores(
    scores: &[LeadScore],
    converted: &[bool],
    bands: &[Band],
    threshold: f64,
    options: &AdviceOptions,
    part: Part,
) -> Result<ScoreCheck, InputError> {
    if scores.len() != converted.len() {
        return Err(InputError::new(
            "outcomes",
            format!(
                "{} outcomes for {} scores: one each",
                converted.len(),
                scores.len()
            ),
        ));
    }
    let width = options.range_width;
    if width < 1 {
        return Err(InputError::new(
            "rangeWidth",
            format!("must be a whole number above 0 (got {width})"),
        ));
    }
    let scored = Scored::new(pairs(scores, converted));
    Ok(ScoreCheck {
        part,
        by_band: scored.by_band(bands),
        by_decile: scored.by_decile(),
        by_range: scored.by_range(width),
        range_width: width,
        blocked: Tally::of(
            pairs(scores, converted)
                .filter(|(s, _)| s.gate == Gate::Blocked)
                .map(|(_, c)| c),
        ),
        separation: separation(scores, converted, threshold, part),
        advice: advise(
            &Sweep::new(pairs(scores, converted)),
            &scored,
            threshold,
            options,
            part,
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_score_table_checked_without_fitting() {
        let score = |total, gate| LeadScore { total, gate };
        let scores = [
            score(80, Gate::Scored),
            score(60, Gate::Scored),
            score(20, Gate::Instant),
            score(10, Gate::Scored),
            score(90, Gate::Blocked),
        ];
        let converted = [true, false, true, false, false];
        let bands = [
            Band {
                name: "cold".into(),
                min: None,
            },
            Band {
                name: "hot".into(),
                min: Some(50.0),
            },
        ];
        let check = check_scores(
            &scores,
            &converted,
            &bands,
            50.0,
            &AdviceOptions::default(),
            Part::All,
        )
        .unwrap();
        // The blocked lead is left out of the tables and counted apart.
        assert_eq!(
            (
                check.blocked.leads,
                check.by_band.as_ref().unwrap().rows[1].tally.leads
            ),
            (1, 2)
        );
        // At 50: 80, 60 and the hand-raiser are MQLs, two of them converted.
        let at = check.separation.at_threshold;
        assert_eq!((at.mqls, at.converted), (3, 2));
        // Ranked: hand-raiser, 80, 60, 10, blocked; converters first and second of five.
        assert_eq!(check.separation.auc.unwrap().auc, 1.0);
        let err = check_scores(
            &scores,
            &converted[..4],
            &bands,
            50.0,
            &AdviceOptions::default(),
            Part::All,
        )
        .unwrap_err();
        assert_eq!(
            (err.path.as_str(), err.message.as_str()),
            ("outcomes", "4 outcomes for 5 scores: one each")
        );
    }
}
