//! Reading a rule's accumulator at a moment: each counted event's share left of its points
//! (the rule's decay, from the event or from the lead's last engagement), summed in order, into
//! the counted events and units a push's total needs ([`Acc::units`]) or the rule's whole tally
//! ([`Acc::read`]).

use super::{Acc, RuleTally};
use crate::decay::{Curve, DecayAge};
use crate::model::{Counting, IntentRule};
use crate::time::MS_PER_DAY;
use std::collections::VecDeque;

/// A rule read at a moment: the rule, the moment, and the lead's last engagement then.
pub(in crate::engine) struct Reading<'r> {
    pub rule: &'r IntentRule,
    pub as_of: i64,
    pub last_engagement: Option<i64>,
}

impl Reading<'_> {
    /// The share of the points left for an event at `at`.
    fn factor(&self, at: i64) -> f64 {
        let decay = &self.rule.decay;
        if decay.is_none() {
            return 1.0;
        }
        let since = match decay.age {
            DecayAge::Event => at,
            DecayAge::LastEngagement => self.last_engagement.unwrap_or(at),
        };
        decay.factor(self.as_of - since)
    }

    /// The shares left of events at each of `times` (in time order), summed in order. The same
    /// additions whatever the shortcut: a share worked out once when every event has the same,
    /// and for a window curve (a share of 1 or 0, the older events' 0) the count of 1s, which
    /// is exactly what adding them up gives.
    ///
    /// Past the shared share every event's share is its curve at its own age (with no last
    /// engagement yet, the age from the last engagement is the event's own), so the curve is
    /// told apart once for the whole sum rather than once per event, and the times are walked as
    /// the deque's two slices, front first: the same additions in the same order.
    fn sum(&self, times: &VecDeque<i64>) -> f64 {
        if let Some(share) = self.shared_factor() {
            return (0..times.len()).fold(0.0, |sum, _| sum + share);
        }
        let curve = &self.rule.decay.curve;
        let as_of = self.as_of;
        match curve {
            Curve::Window { .. } if self.rule.decay.age == DecayAge::Event => {
                let gone = times.partition_point(|&at| curve.factor(as_of - at) == 0.0);
                (times.len() - gone) as f64
            }
            Curve::HalfLife { .. } => sum_in_order(times, |at| curve.factor(as_of - at)),
            Curve::Linear { .. } => sum_in_order(times, |at| curve.factor(as_of - at)),
            Curve::Steps(_) => sum_in_order(times, |at| curve.factor(as_of - at)),
            _ => sum_in_order(times, |at| curve.factor(as_of - at)),
        }
    }

    /// The share every event has, when it does not depend on the event's own time: nothing
    /// decays, or the age is the last engagement's.
    fn shared_factor(&self) -> Option<f64> {
        let decay = &self.rule.decay;
        if decay.is_none() {
            return Some(1.0);
        }
        match (decay.age, self.last_engagement) {
            (DecayAge::LastEngagement, Some(last)) => Some(decay.factor(self.as_of - last)),
            _ => None,
        }
    }

    /// The units of `counted` events of a half-life rule whose shares summed to `sum` at `at`,
    /// halved for the time since (none for a rule of another curve).
    #[inline(always)]
    fn half_life_units(&self, counted: u32, sum: f64, at: i64) -> Option<f64> {
        let Curve::HalfLife { days } = self.rule.decay.curve else {
            return None;
        };
        Some(if counted == 0 {
            0.0
        } else {
            sum * libm::exp2(-((self.as_of - at) as f64 / MS_PER_DAY as f64 / days))
        })
    }

    /// The tally of `counted` events whose shares left add up to `units`: the points are
    /// applied here and only here.
    fn tally(&self, counted: u32, units: f64, newest: Option<i64>) -> RuleTally {
        RuleTally {
            matched: 0,
            counted,
            units,
            raw: 0.0,
            decayed: 0.0,
            newest,
        }
        .at_points(self.rule.points)
    }
}

impl Acc {
    /// The counted events and the units (their shares left, summed) at the reading's moment:
    /// [`Acc::read`]'s `counted` and `units` by the same arithmetic, without the rest of its
    /// tally, for a push's total (`Fold::points`), which needs only these.
    pub fn units(&self, reading: &Reading) -> (u32, f64) {
        let rule = reading.rule;
        match self {
            Acc::Count { counted, newest } => {
                let factor = newest.map_or(1.0, |at| reading.factor(at));
                (*counted, f64::from(*counted) * factor)
            }
            Acc::HalfLife { counted, sum, at } => {
                match reading.half_life_units(*counted, *sum, *at) {
                    Some(units) => (*counted, units),
                    None => (0, 0.0),
                }
            }
            Acc::Horizon {
                counted,
                settled,
                recent,
            } => {
                let past = f64::from(*settled) * settled_factor(&rule.decay.curve);
                (*counted, past + reading.sum(recent))
            }
            Acc::Newest { times } => (times.len() as u32, reading.sum(times)),
            Acc::PerPeriod { closed, times, .. } => {
                let (counted, units) = closed.units(reading);
                (counted + times.len() as u32, units + reading.sum(times))
            }
            Acc::Trailing { times } => {
                let Counting::Window {
                    at_least, span_ms, ..
                } = rule.counting
                else {
                    return (0, 0.0);
                };
                let met = times.len() == at_least as usize
                    && times
                        .front()
                        .is_some_and(|&first| reading.as_of - first < span_ms);
                match times.back() {
                    Some(&newest) if met => (1, reading.factor(newest)),
                    _ => (0, 0.0),
                }
            }
            Acc::Sliding { met, .. } => match met {
                Some(at) => (1, reading.factor(*at)),
                None => (0, 0.0),
            },
        }
    }

    pub fn read(&self, reading: &Reading) -> RuleTally {
        let rule = reading.rule;
        match self {
            Acc::Count { counted, newest } => {
                let factor = newest.map_or(1.0, |at| reading.factor(at));
                reading.tally(*counted, f64::from(*counted) * factor, *newest)
            }
            Acc::HalfLife { counted, sum, at } => {
                match reading.half_life_units(*counted, *sum, *at) {
                    Some(units) => reading.tally(*counted, units, (*counted > 0).then_some(*at)),
                    None => RuleTally::default(),
                }
            }
            Acc::Horizon {
                counted,
                settled,
                recent,
            } => {
                let past = f64::from(*settled) * settled_factor(&rule.decay.curve);
                let units = past + reading.sum(recent);
                reading.tally(*counted, units, recent.back().copied())
            }
            Acc::Newest { times } => reading.tally(
                times.len() as u32,
                reading.sum(times),
                times.back().copied(),
            ),
            Acc::PerPeriod { closed, times, .. } => {
                let earlier = closed.read(reading);
                let counted = earlier.counted + times.len() as u32;
                let units = earlier.units + reading.sum(times);
                reading.tally(counted, units, times.back().copied().or(earlier.newest))
            }
            Acc::Trailing { times } => {
                let Counting::Window {
                    at_least, span_ms, ..
                } = rule.counting
                else {
                    return RuleTally::default();
                };
                let met = times.len() == at_least as usize
                    && times
                        .front()
                        .is_some_and(|&first| reading.as_of - first < span_ms);
                match times.back() {
                    Some(&newest) if met => reading.tally(1, reading.factor(newest), Some(newest)),
                    _ => RuleTally::default(),
                }
            }
            Acc::Sliding { met, .. } => match met {
                Some(at) => reading.tally(1, reading.factor(*at), Some(*at)),
                None => RuleTally::default(),
            },
        }
    }
}

/// `share` of each of `times` added up in the deque's order, starting from nothing (as
/// `times.iter().fold` adds them), walking its two slices.
#[inline(always)]
fn sum_in_order(times: &VecDeque<i64>, share: impl Fn(i64) -> f64) -> f64 {
    let (front, back) = times.as_slices();
    let sum = front.iter().fold(0.0, |sum, &at| sum + share(at));
    back.iter().fold(sum, |sum, &at| sum + share(at))
}

/// The share a flat-past-the-horizon curve keeps from then on.
fn settled_factor(curve: &Curve) -> f64 {
    match curve {
        Curve::Steps(steps) => steps.last().map_or(1.0, |step| step.keep),
        _ => 0.0,
    }
}
