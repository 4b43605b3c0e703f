//! Signal power per rule: how many leads it fired for, how they converted against the rest,
//! the lift, what separation loses without it, and flags for rules that point the wrong way,
//! never fire, hurt separation, or convert so extremely that they probably record the outcome.

use super::input::{with_points, CalibrationLead, LeadScore, Rescore, RuleInfo};
use super::separation::auc;
use super::stats::Tally;
use crate::model::Model;
use serde::Serialize;

/// A rule needs this many leads before the direction of its effect is judged.
pub const MIN_JUDGED: usize = 30;
/// A likely leak: fired for at least this many leads...
pub const LEAK_MIN_LEADS: usize = 100;
/// ...converting at or above this rate (or at or below one minus it)...
pub const LEAK_RATE: f64 = 0.95;
/// ...with odds this many times the rest's (or this many times lower). The odds guard keeps a
/// strong but ordinary signal in data with a low base rate (1% against the rest's 10%) from
/// being called a leak.
pub const LEAK_ODDS_RATIO: f64 = 20.0;
/// Separation that rises by more than this without a rule means the rule hurts it.
pub const HURTS_BY: f64 = 0.005;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SignalFlag {
    NeverFires,
    /// Positive points, yet its leads convert below the rest (lift below 1, and the 95%
    /// intervals of the two rates apart, so noise is not flagged).
    PositiveButConvertsLess,
    /// Negative points (or a disqualification), yet its leads convert above the rest (lift
    /// above 1, the intervals apart).
    NegativeButConvertsMore,
    /// Its leads convert almost always or almost never: it probably records the outcome (a
    /// field sales fills in after contact) rather than predicts it.
    LikelyLeak,
    /// Separation (AUC) is better without its points.
    HurtsSeparation,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignalPower {
    #[serde(flatten)]
    pub rule: RuleInfo,
    /// The leads it fired for (points or a verdict from it) and how they converted.
    pub fired: Tally,
    pub not_fired: Tally,
    /// The fired leads' conversion over the part's.
    #[serde(serialize_with = "super::json_number::optional")]
    pub lift: Option<f64>,
    /// The AUC with this rule's points set to 0 (null for a disqualifier).
    #[serde(serialize_with = "super::json_number::optional")]
    pub auc_without: Option<f64>,
    pub flags: Vec<SignalFlag>,
}

/// The odds ratio of two tallies, with half a lead added to each cell so it stays finite.
fn odds_ratio(fired: &Tally, rest: &Tally) -> f64 {
    let odds = |t: &Tally| (t.converted as f64 + 0.5) / ((t.leads - t.converted) as f64 + 0.5);
    odds(fired) / odds(rest)
}

fn flags_for(
    rule: &RuleInfo,
    fired: &Tally,
    rest: &Tally,
    lift: Option<f64>,
    auc: Option<f64>,
    auc_without: Option<f64>,
) -> Vec<SignalFlag> {
    let mut flags = Vec::new();
    if fired.leads == 0 {
        flags.push(SignalFlag::NeverFires);
        return flags;
    }
    let judged = fired.leads >= MIN_JUDGED;
    let below = lift.is_some_and(|l| l < 1.0) && fired.clearly_below(rest);
    let above = lift.is_some_and(|l| l > 1.0) && rest.clearly_below(fired);
    if judged && rule.points > 0.0 && !rule.disqualify && below {
        flags.push(SignalFlag::PositiveButConvertsLess);
    }
    if judged && (rule.points < 0.0 || rule.disqualify) && above {
        flags.push(SignalFlag::NegativeButConvertsMore);
    }
    let ratio = odds_ratio(fired, rest);
    let extreme = fired.rate.is_some_and(|r| {
        (r >= LEAK_RATE && ratio >= LEAK_ODDS_RATIO)
            || (r <= 1.0 - LEAK_RATE && ratio <= 1.0 / LEAK_ODDS_RATIO)
    });
    if fired.leads >= LEAK_MIN_LEADS && extreme {
        flags.push(SignalFlag::LikelyLeak);
    }
    if let (Some(with), Some(without)) = (auc, auc_without) {
        if without > with + HURTS_BY {
            flags.push(SignalFlag::HurtsSeparation);
        }
    }
    flags
}

/// Each rule's power over the leads at `members`, scored under the model (`scores`, one per
/// lead) and again without each rule's points (through `rescore`).
pub fn signal_power(
    model: &Model,
    rules: &[RuleInfo],
    leads: &[CalibrationLead],
    members: &[usize],
    scores: &[LeadScore],
    rescore: &dyn Rescore,
) -> Vec<SignalPower> {
    let outcomes: Vec<bool> = members.iter().map(|&m| leads[m].converted).collect();
    let keys = |scores: &[LeadScore]| {
        members
            .iter()
            .map(|&m| scores[m].rank_key())
            .collect::<Vec<f64>>()
    };
    let with = auc(&keys(scores), &outcomes).map(|a| a.auc);
    let base = Tally::of(outcomes.iter().copied());
    let original: Vec<f64> = rules.iter().map(|r| r.points).collect();
    rules
        .iter()
        .enumerate()
        .map(|(r, rule)| {
            let fired = Tally::of(
                members
                    .iter()
                    .filter(|&&m| leads[m].features[r] > 0.0)
                    .map(|&m| leads[m].converted),
            );
            let not_fired = Tally::of(
                members
                    .iter()
                    .filter(|&&m| leads[m].features[r] <= 0.0)
                    .map(|&m| leads[m].converted),
            );
            let lift = fired
                .rate
                .zip(base.rate)
                .filter(|(_, b)| *b > 0.0)
                .map(|(f, b)| f / b);
            let auc_without = match (rule.has_points() && rule.points != 0.0, fired.leads) {
                (false, _) => None,
                // Never fired: nothing changes without it.
                (true, 0) => with,
                (true, _) => {
                    let mut points = original.clone();
                    points[r] = 0.0;
                    let rescored = rescore
                        .rescore(&with_points(model, &points))
                        .unwrap_or_default();
                    (rescored.len() == leads.len())
                        .then(|| auc(&keys(&rescored), &outcomes).map(|a| a.auc))
                        .flatten()
                }
            };
            SignalPower {
                rule: rule.clone(),
                flags: flags_for(rule, &fired, &not_fired, lift, with, auc_without),
                fired,
                not_fired,
                lift,
                auc_without,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::input::RuleGroup;
    use super::*;

    fn rule(points: f64, disqualify: bool) -> RuleInfo {
        RuleInfo {
            id: "r".into(),
            label: None,
            group: RuleGroup::Fit,
            attribute: None,
            points,
            disqualify,
            instant: false,
        }
    }

    #[test]
    fn flags_worked_by_hand() {
        let (fired, rest) = (Tally::new(200, 20), Tally::new(800, 300));
        // 10% against 37.5%: the intervals are far apart, so positive points point the wrong way.
        let lift = Some(0.1 / 0.32);
        assert_eq!(
            flags_for(&rule(10.0, false), &fired, &rest, lift, None, None),
            [SignalFlag::PositiveButConvertsLess]
        );
        assert_eq!(
            flags_for(&rule(-10.0, false), &fired, &rest, lift, None, None),
            []
        );
        // 8 of 40 (10.5% to 34.8%) against 30 of 80 (27.7% to 48.5%): the intervals overlap, no flag.
        let lift = Some(0.2 / 0.32);
        assert_eq!(
            flags_for(
                &rule(10.0, false),
                &Tally::new(40, 8),
                &Tally::new(80, 30),
                lift,
                None,
                None
            ),
            []
        );
        // A disqualifier whose leads convert more than the rest.
        let lift = Some(0.6 / 0.32);
        assert_eq!(
            flags_for(
                &rule(0.0, true),
                &Tally::new(200, 120),
                &rest,
                lift,
                None,
                None
            ),
            [SignalFlag::NegativeButConvertsMore]
        );
        // 97 of 100 against 30% (odds ratio about 75): a likely leak, and separation without it.
        let flags = flags_for(
            &rule(10.0, false),
            &Tally::new(100, 97),
            &rest,
            Some(2.5),
            Some(0.80),
            Some(0.81),
        );
        assert_eq!(flags, [SignalFlag::LikelyLeak, SignalFlag::HurtsSeparation]);
        // 1 of 100 where the rest convert at 2%: extreme, but an odds ratio of 0.6 is no leak.
        assert_eq!(
            flags_for(
                &rule(-10.0, false),
                &Tally::new(100, 1),
                &Tally::new(900, 18),
                Some(0.5),
                None,
                None
            ),
            []
        );
        assert_eq!(
            flags_for(
                &rule(10.0, false),
                &Tally::new(0, 0),
                &rest,
                None,
                None,
                None
            ),
            [SignalFlag::NeverFires]
        );
    }
}
