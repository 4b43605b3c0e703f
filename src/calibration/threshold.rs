//! What each threshold would do: MQL volume, precision (the share of MQLs that convert, the
//! stand-in for MQL-to-SQL), recall (the share of all conversions the MQLs hold) and F1, swept
//! over every threshold that changes the MQL set.

use super::format::{count, percent};
use super::input::{CalibrationLead, Gate, LeadScore};
use super::stats::{rate, wilson};
use crate::sort::sort_by;
use serde::Serialize;

/// The MQLs a threshold gives and how they convert.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ThresholdPoint {
    #[serde(serialize_with = "super::json_number::plain")]
    pub threshold: f64,
    pub mqls: usize,
    /// MQLs among all leads of the part.
    #[serde(serialize_with = "super::json_number::optional")]
    pub mql_share: Option<f64>,
    /// Converted MQLs.
    pub converted: usize,
    /// The MQLs' conversion rate: the stand-in for MQL-to-SQL.
    #[serde(serialize_with = "super::json_number::optional")]
    pub precision: Option<f64>,
    /// The 95% Wilson interval of the precision.
    #[serde(serialize_with = "super::json_number::optional")]
    pub precision_low: Option<f64>,
    #[serde(serialize_with = "super::json_number::optional")]
    pub precision_high: Option<f64>,
    /// The share of all the part's conversions that the MQLs hold.
    #[serde(serialize_with = "super::json_number::optional")]
    pub recall: Option<f64>,
    #[serde(serialize_with = "super::json_number::optional")]
    pub f1: Option<f64>,
}

/// Every lead of a part as the threshold sees it: hand-raisers always in, blocked leads never,
/// the rest by total.
#[derive(Debug, Clone)]
pub struct Sweep {
    /// Distinct totals of the scored leads, highest first, each with the scored leads and
    /// conversions at or above it.
    steps: Vec<(i64, usize, usize)>,
    /// Hand-raisers: MQLs at any threshold.
    instant: (usize, usize),
    leads: usize,
    converted: usize,
}

impl Sweep {
    pub fn new<'a>(leads: impl Iterator<Item = (&'a LeadScore, bool)>) -> Sweep {
        let mut scored: Vec<(i64, bool)> = Vec::new();
        let (mut instant, mut all, mut converted) = ((0, 0), 0, 0);
        for (score, outcome) in leads {
            all += 1;
            converted += usize::from(outcome);
            match score.gate {
                Gate::Scored => scored.push((score.total, outcome)),
                Gate::Instant => {
                    instant.0 += 1;
                    instant.1 += usize::from(outcome);
                }
                Gate::Blocked => {}
            }
        }
        sort_by(&mut scored, |a, b| a.0 > b.0);
        let mut steps: Vec<(i64, usize, usize)> = Vec::new();
        let (mut above, mut above_converted) = (0, 0);
        for (at, &(total, outcome)) in scored.iter().enumerate() {
            above += 1;
            above_converted += usize::from(outcome);
            if scored.get(at + 1).is_none_or(|next| next.0 != total) {
                steps.push((total, above, above_converted));
            }
        }
        Sweep {
            steps,
            instant,
            leads: all,
            converted,
        }
    }

    /// The leads at `members` scored by `scores` (one per lead).
    pub fn of(scores: &[LeadScore], leads: &[CalibrationLead], members: &[usize]) -> Sweep {
        Sweep::new(members.iter().map(|&m| (&scores[m], leads[m].converted)))
    }

    pub fn leads(&self) -> usize {
        self.leads
    }

    pub fn converted(&self) -> usize {
        self.converted
    }

    /// The MQLs at `threshold`.
    pub fn at(&self, threshold: f64) -> ThresholdPoint {
        // Steps run from the highest total down: the last one still at or above the threshold.
        let reached = self
            .steps
            .partition_point(|step| step.0 as f64 >= threshold);
        let (above, above_converted) = match reached {
            0 => (0, 0),
            n => (self.steps[n - 1].1, self.steps[n - 1].2),
        };
        self.point(
            threshold,
            above + self.instant.0,
            above_converted + self.instant.1,
        )
    }

    fn point(&self, threshold: f64, mqls: usize, converted: usize) -> ThresholdPoint {
        let precision = rate(converted, mqls);
        let recall = rate(converted, self.converted);
        let interval = wilson(converted, mqls);
        let f1 = match (precision, recall) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
            (Some(_), Some(_)) => Some(0.0),
            _ => None,
        };
        ThresholdPoint {
            threshold,
            mqls,
            mql_share: rate(mqls, self.leads),
            converted,
            precision,
            precision_low: interval.map(|i| i.0),
            precision_high: interval.map(|i| i.1),
            recall,
            f1,
        }
    }

    /// Every threshold at which the MQL set changes (each distinct total), highest first.
    pub fn points(&self) -> impl Iterator<Item = ThresholdPoint> + '_ {
        self.steps.iter().map(|&(total, above, above_converted)| {
            self.point(
                total as f64,
                above + self.instant.0,
                above_converted + self.instant.1,
            )
        })
    }
}

/// "1,234 MQLs (13.4% of leads) converting at 52.1% and holding 71.0% of conversions".
pub fn describe(point: &ThresholdPoint) -> String {
    format!(
        "{} MQL{} ({} of leads) converting at {} and holding {} of conversions",
        count(point.mqls),
        if point.mqls == 1 { "" } else { "s" },
        percent(point.mql_share),
        percent(point.precision),
        percent(point.recall)
    )
}

/// The point with the best F1 among `points` given highest threshold first: an equal F1
/// further down keeps the higher threshold (fewer MQLs for the same balance).
pub fn best_f1(points: impl Iterator<Item = ThresholdPoint>) -> Option<ThresholdPoint> {
    points.fold(None, |best, p| match best {
        Some(b) if p.f1.unwrap_or(0.0) <= b.f1.unwrap_or(0.0) + 1e-12 => Some(b),
        _ => Some(p),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sweep(leads: &[(i64, Gate, bool)]) -> Sweep {
        let scores: Vec<LeadScore> = leads
            .iter()
            .map(|&(total, gate, _)| LeadScore { total, gate })
            .collect();
        Sweep::new(scores.iter().zip(leads.iter().map(|l| l.2)))
    }

    #[test]
    fn points_worked_by_hand() {
        use Gate::*;
        let sweep = sweep(&[
            (90, Scored, true),
            (70, Scored, false),
            (70, Scored, true),
            (40, Scored, false),
            (10, Instant, true),
            (99, Blocked, true),
        ]);
        // At 50: 90 and both 70s, plus the hand-raiser: 4 MQLs, 3 converted of the 4 in all.
        let at = sweep.at(50.0);
        assert_eq!((at.mqls, at.converted), (4, 3));
        assert_eq!(
            (at.precision, at.recall, at.mql_share),
            (Some(0.75), Some(0.75), Some(4.0 / 6.0))
        );
        assert_eq!(at.f1, Some(0.75));
        // Thresholds between totals behave as the next total up.
        assert_eq!(sweep.at(70.5).mqls, 2);
        assert_eq!(sweep.at(70.0).mqls, 4);
        assert_eq!(sweep.at(1000.0).mqls, 1);
        assert_eq!(sweep.at(-5.0).mqls, 5);
        let thresholds: Vec<(f64, usize)> = sweep.points().map(|p| (p.threshold, p.mqls)).collect();
        assert_eq!(thresholds, [(90.0, 2), (70.0, 4), (40.0, 5)]);
    }
}
