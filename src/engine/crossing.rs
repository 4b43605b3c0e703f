//! When a lead first became an MQL: after each moment of its history (the events that share a
//! time) the lead is judged as of that moment, unless even its best case (every positive point
//! its events could earn so far, undecayed, within caps) stays below the threshold and no hand
//! was raised.

use super::fold::Fold;
use super::standing::FitStanding;
use super::Scorer;
use crate::result::MqlReason;

/// The events that share one time, as the crossing search sees them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Moment {
    pub at: i64,
    /// The first event of the moment, and the first that earned positive points.
    pub first_event: u32,
    pub first_positive: Option<u32>,
    pub hand_raised: bool,
}

/// The moment the lead first became an MQL, and the event that took it there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub(crate) struct Crossing {
    pub at: i64,
    pub event: u32,
}

impl Moment {
    pub fn starting(at: i64, event: u32) -> Self {
        Moment {
            at,
            first_event: event,
            first_positive: None,
            hand_raised: false,
        }
    }

    /// Notes one more event of this moment, meeting the rules `matches`.
    pub fn include(&mut self, scorer: &Scorer, event: u32, matches: &[u32]) {
        let rules = &scorer.model().intent.rules;
        for &rule in matches {
            let rule = &rules[rule as usize];
            self.hand_raised |= rule.instant;
            if rule.points > 0.0 && self.first_positive.is_none() {
                self.first_positive = Some(event);
            }
        }
    }
}

/// How much rounding can add to one rule's points, at most: half a point, and a margin for the
/// rounding to nine decimals that comes first (see `points::round_points`).
const ROUNDING_SLACK_PER_RULE: f64 = 0.5 + 1e-6;

impl Scorer {
    /// Whether a later moment can still be the crossing: none found yet, and nothing in the
    /// attributes (which do not change during the replay) blocks the lead at every moment.
    pub(super) fn may_cross(&self, crossing: Option<Crossing>, fit: FitStanding) -> bool {
        crossing.is_none() && !fit.disqualified && !fit.incomplete
    }

    /// Records the crossing in `fold` if the lead became an MQL at this moment.
    pub(super) fn judge_moment(
        &self,
        fold: &mut Fold,
        crossing: &mut Option<Crossing>,
        moment: &Moment,
        fit: FitStanding,
    ) {
        if !self.may_cross(*crossing, fit) {
            return;
        }
        let model = self.model();
        // Rounding each rule's points can add half a point per rule and a hair more (the rounding
        // to nine decimals before whole points: 10.4999999996 gives 11), and the sums' own float
        // error; caps only cut. A ceiling too low would skip the moment the lead crossed.
        let rounding_slack =
            ROUNDING_SLACK_PER_RULE * model.intent.rules.len() as f64 + fold.positive.abs() * 1e-9;
        let intent_ceiling = model
            .intent
            .bounds
            .cap
            .map_or(f64::INFINITY, |cap| cap as f64);
        let best_intent = (fold.positive + rounding_slack).min(intent_ceiling);
        let total_ceiling = model.total.cap.map_or(f64::INFINITY, |cap| cap as f64);
        let best_case = (fit.points as f64 + best_intent)
            .min(total_ceiling)
            .max(0.0);
        if !moment.hand_raised && best_case < model.mql.threshold {
            return;
        }
        let (intent, total, pass) = self.fold_points(fit, fold, moment.at);
        let standing = self.standing(fit, intent, total, &pass, moment.at);
        if standing.is_mql() {
            let event = match (standing.reason, pass.trigger) {
                (Some(MqlReason::Instant), Some(trigger)) => trigger.event,
                _ => moment.first_positive.unwrap_or(moment.first_event),
            };
            *crossing = Some(Crossing {
                at: moment.at,
                event,
            });
        }
    }
}
