//! Where a lead stands: its fit side (points for its attributes, within the fit bounds, and
//! the rules that disqualify it), the required fields it lacks, and the MQL decision at a
//! moment (the reason it reached the bar, and what holds it back).

use super::caps;
use super::fold::{Fold, IntentPass};
use super::points::round_points;
use super::prepare::WarningLog;
use super::Scorer;
use crate::condition::Oddities;
use crate::model::AttributePath;
use crate::result::{Blocker, MqlReason};
use crate::value::Value;

/// The fit side of a lead, which does not change as its events are replayed.
pub(super) struct FitScore<'m> {
    /// Each rule that holds, by index, with its points after the fit bounds.
    pub contributions: Vec<(usize, i64)>,
    pub points: i64,
    pub disqualified_by: Vec<&'m str>,
}

/// What judging a moment needs of the lead's attributes (they do not change as events fold).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FitStanding {
    pub points: i64,
    pub disqualified: bool,
    /// Required fields are missing.
    pub incomplete: bool,
}

impl FitStanding {
    pub fn of(fit: &FitScore, missing_fields: &[&str]) -> Self {
        FitStanding {
            points: fit.points,
            disqualified: !fit.disqualified_by.is_empty(),
            incomplete: !missing_fields.is_empty(),
        }
    }
}

/// The MQL decision at one moment.
pub(super) struct Standing {
    pub reason: Option<MqlReason>,
    pub blockers: Vec<Blocker>,
}

impl Standing {
    pub fn is_mql(&self) -> bool {
        self.reason.is_some() && self.blockers.is_empty()
    }
}

impl Scorer {
    /// The required attributes that are missing or blank.
    pub(super) fn missing_fields(&self, attributes: &Value) -> Vec<&str> {
        (self.model.mql.required_fields.iter())
            .filter(|field| is_missing(attributes, field))
            .map(|field| field.text.as_str())
            .collect()
    }

    /// The positions, in the MQL policy, of the required attributes that are missing or blank.
    pub(super) fn missing_field_positions(&self, attributes: &Value) -> Vec<usize> {
        (self.model.mql.required_fields.iter().enumerate())
            .filter(|(_, field)| is_missing(attributes, field))
            .map(|(i, _)| i)
            .collect()
    }

    pub(super) fn fit_score(&self, attributes: &Value, log: &mut WarningLog) -> FitScore<'_> {
        self.fit_award(&self.fit_holds(attributes, log))
    }

    /// Which fit rules hold for `attributes`, in model order.
    pub(super) fn fit_holds(&self, attributes: &Value, log: &mut WarningLog) -> Vec<bool> {
        let rules = &self.model.fit.rules;
        let mut holds = Vec::with_capacity(rules.len());
        for rule in rules {
            let value = attributes.at_path(&rule.attribute.keys);
            let mut oddities = Oddities::default();
            holds.push(rule.when.holds(value, &mut oddities));
            if oddities.not_a_number {
                log.not_a_number((
                    format!("attributes.{}", rule.attribute.text),
                    rule.id.clone(),
                    value.map(|v| v.to_plain_string()).unwrap_or_default(),
                ));
            }
        }
        holds
    }

    /// The fit side from which fit rules hold: each one's points, within the fit bounds.
    pub(super) fn fit_award(&self, holds: &[bool]) -> FitScore<'_> {
        let mut contributions = Vec::new();
        let mut disqualified_by = Vec::new();
        for (index, rule) in self.model.fit.rules.iter().enumerate() {
            if holds.get(index) == Some(&true) {
                contributions.push((index, round_points(rule.points)));
                if rule.disqualify {
                    disqualified_by.push(rule.id.as_str());
                }
            }
        }
        let mut points: Vec<i64> = contributions.iter().map(|(_, p)| *p).collect();
        let total = caps::bound_contributions(&mut points, self.model.fit.bounds);
        for ((_, awarded), bounded) in contributions.iter_mut().zip(points) {
            *awarded = bounded;
        }
        FitScore {
            contributions,
            points: total,
            disqualified_by,
        }
    }

    /// Whether the lead is an MQL at `now`, and if it reached the bar, what holds it back.
    pub(super) fn standing(
        &self,
        fit: FitStanding,
        intent: i64,
        total: i64,
        pass: &IntentPass,
        now: i64,
    ) -> Standing {
        let policy = &self.model.mql;
        let reason = if pass.trigger.is_some() {
            Some(MqlReason::Instant)
        } else if total as f64 >= policy.threshold {
            Some(MqlReason::Threshold)
        } else {
            None
        };
        let mut blockers = Vec::new();
        if reason.is_none() {
            return Standing { reason, blockers };
        }
        if fit.disqualified || pass.disqualified {
            blockers.push(Blocker::Disqualified);
        }
        if fit.incomplete {
            blockers.push(Blocker::MissingFields);
        }
        if reason == Some(MqlReason::Threshold) {
            if let Some(window) = policy.recency_ms {
                if pass.last_engagement.is_none_or(|last| now - last >= window) {
                    blockers.push(Blocker::NoRecentEngagement);
                }
            }
            if policy.min_fit.is_some_and(|min| (fit.points as f64) < min) {
                blockers.push(Blocker::FitTooLow);
            }
            if policy.min_intent.is_some_and(|min| (intent as f64) < min) {
                blockers.push(Blocker::IntentTooLow);
            }
        }
        Standing { reason, blockers }
    }

    /// The intent and total points at `at` from `fold`, each within its bounds, reading only the
    /// rules that matched an event (`Fold::points`), and what the fold's pass found: what the
    /// crossing search and a store's push judge a moment by.
    pub(super) fn fold_points(
        &self,
        fit: FitStanding,
        fold: &Fold,
        at: i64,
    ) -> (i64, i64, IntentPass) {
        let (points, pass) = fold.points(&self.model, at);
        let intent = self.model.intent.bounds.clamp(points);
        let total = self.model.total.clamp(fit.points + intent);
        (intent, total, pass)
    }

    /// The intent points that `tallies` add up to, within the intent bounds.
    #[cfg(feature = "json")]
    pub(super) fn intent_points(&self, tallies: &[super::accumulator::RuleTally]) -> i64 {
        self.intent_points_of(tallies.iter().map(|t| (t.counted, t.decayed)))
    }

    /// The intent points of rules given as their counted events and decayed points, within the
    /// intent bounds: each rule that counted an event adds its decayed points, rounded.
    #[cfg(feature = "json")]
    pub(super) fn intent_points_of(&self, tallies: impl Iterator<Item = (u32, f64)>) -> i64 {
        let sum = tallies
            .filter(|(counted, _)| *counted > 0)
            .map(|(_, decayed)| round_points(decayed))
            .sum();
        self.model.intent.bounds.clamp(sum)
    }
}

/// Whether a required attribute is missing or blank.
fn is_missing(attributes: &Value, field: &AttributePath) -> bool {
    !attributes
        .at_path(&field.keys)
        .is_some_and(Value::is_present)
}
