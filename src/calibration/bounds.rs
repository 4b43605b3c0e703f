//! Caps and floors for a fitted model. The fitted points have no intercept, so where the
//! original's caps and floors sat says nothing about where the fitted totals fall: a floor of 0
//! can tie half the leads at 0 and erase the ranking the fit found. A bound that would change
//! more than a few percent of the training leads' scores is widened to the range they span.

use super::format::percent;
use super::input::{CalibrationLead, RuleGroup, RuleInfo};
use crate::model::{Bounds, Model};
use serde::Serialize;

/// A bound is widened when it would change more than this share of the training leads.
pub const CLIP_SHARE: f64 = 0.05;

/// A fitted model's group and total bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FittedBounds {
    pub fit: Bounds,
    pub intent: Bounds,
    pub total: Bounds,
}

/// A cap or floor the fitted model changed, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BoundChange {
    /// `fit.cap`, `intent.floor`, `total.floor`...
    pub path: String,
    pub before: Option<i64>,
    pub after: Option<i64>,
    pub says: String,
}

/// Rounds away from zero to a multiple of ten.
fn outward(value: i64) -> i64 {
    if value >= 0 {
        (value + 9).div_euclid(10) * 10
    } else {
        -((-value + 9).div_euclid(10) * 10)
    }
}

/// Widens `bounds` where they would clip more than `CLIP_SHARE` of `sums`.
fn widen(bounds: Bounds, sums: &[i64], path: &str, changes: &mut Vec<BoundChange>) -> Bounds {
    let mut widened = bounds;
    let share = |count: usize| count as f64 / sums.len().max(1) as f64;
    if let Some(cap) = bounds.cap {
        let above = sums.iter().filter(|s| **s > cap).count();
        if share(above) > CLIP_SHARE {
            let high = sums.iter().copied().max().unwrap_or(cap);
            widened.cap = Some(outward(high));
            changes.push(change(path, "cap", bounds.cap, widened.cap, share(above)));
        }
    }
    if let Some(floor) = bounds.floor {
        let below = sums.iter().filter(|s| **s < floor).count();
        if share(below) > CLIP_SHARE {
            let low = sums.iter().copied().min().unwrap_or(floor);
            widened.floor = Some(outward(low));
            changes.push(change(
                path,
                "floor",
                bounds.floor,
                widened.floor,
                share(below),
            ));
        }
    }
    widened
}

fn change(
    group: &str,
    key: &str,
    before: Option<i64>,
    after: Option<i64>,
    share: f64,
) -> BoundChange {
    let path = format!("{group}.{key}");
    let (from, to) = (before.unwrap_or(0), after.unwrap_or(0));
    BoundChange {
        says: format!(
            "{path} moved from {from} to {to}: under the fitted points it would have changed the scores of {} of the training leads.",
            percent(Some(share))
        ),
        path,
        before,
        after,
    }
}

/// The fitted model's bounds for `points` over the training leads at `members`.
pub fn fitted_bounds(
    model: &Model,
    rules: &[RuleInfo],
    points: &[f64],
    leads: &[CalibrationLead],
    members: &[usize],
) -> (FittedBounds, Vec<BoundChange>) {
    let sum = |lead: &CalibrationLead, group: RuleGroup| -> i64 {
        rules
            .iter()
            .zip(points.iter().zip(&lead.features))
            .filter(|(rule, _)| rule.group == group)
            .map(|(_, (p, x))| libm::round(p * x) as i64)
            .sum()
    };
    let mut changes = Vec::new();
    let fit_sums: Vec<i64> = members
        .iter()
        .map(|&m| sum(&leads[m], RuleGroup::Fit))
        .collect();
    let intent_sums: Vec<i64> = members
        .iter()
        .map(|&m| sum(&leads[m], RuleGroup::Intent))
        .collect();
    let fit = widen(model.fit.bounds, &fit_sums, "fit", &mut changes);
    let intent = widen(model.intent.bounds, &intent_sums, "intent", &mut changes);
    let totals: Vec<i64> = fit_sums
        .iter()
        .zip(&intent_sums)
        .map(|(f, i)| fit.clamp(*f) + intent.clamp(*i))
        .collect();
    let total = widen(model.total, &totals, "total", &mut changes);
    (FittedBounds { fit, intent, total }, changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_floor_that_ties_many_leads_moves_out_of_the_way() {
        let mut changes = Vec::new();
        let sums: Vec<i64> = (-40..60).collect();
        // 40 of 100 fall below the floor of 0: it moves to -40; the cap of 100 clips none.
        let bounds = widen(
            Bounds {
                cap: Some(100),
                floor: Some(0),
            },
            &sums,
            "total",
            &mut changes,
        );
        assert_eq!(
            bounds,
            Bounds {
                cap: Some(100),
                floor: Some(-40)
            }
        );
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].says, "total.floor moved from 0 to -40: under the fitted points it would have changed the scores of 40.0% of the training leads.");
        // Three of 100 above a cap of 56 is within the tolerance: the cap stays.
        let bounds = widen(
            Bounds {
                cap: Some(56),
                floor: None,
            },
            &sums,
            "fit",
            &mut changes,
        );
        assert_eq!(bounds.cap, Some(56));
        // Six above 53: the cap moves out to 60.
        assert_eq!(
            widen(
                Bounds {
                    cap: Some(53),
                    floor: None
                },
                &sums,
                "fit",
                &mut changes
            )
            .cap,
            Some(60)
        );
        assert_eq!((outward(-41), outward(0), outward(71)), (-50, 0, 80));
    }
}
