//! What one intent rule remembers of the events it matched, the least that gives its points at
//! any later moment: a count, a decayed sum, or the times the rule's limit, window or decay
//! horizon still needs; and reading that at a moment into the rule's tally.

use crate::decay::{Curve, DecayAge};
use crate::model::{Counting, IntentRule, Limit, Period};
use crate::time::{Timestamp, MS_PER_DAY};
use std::collections::VecDeque;

/// One rule's standing at a moment.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct RuleTally {
    pub matched: u32,
    pub counted: u32,
    /// How many times the rule's points count after decay (each counted event's share left,
    /// summed): the tally without the points, so that `decayed` is always `points * units`
    /// and the same units give the points of any other value (see `engine::table`).
    pub units: f64,
    pub raw: f64,
    pub decayed: f64,
    /// The newest counted event (for a window rule, the newest event of the qualifying run).
    pub newest: Option<i64>,
}

impl RuleTally {
    /// The same tally for a rule worth `points`: the raw and decayed points of its units.
    pub fn at_points(self, points: f64) -> RuleTally {
        RuleTally {
            raw: points * f64::from(self.counted),
            decayed: points * self.units,
            ..self
        }
    }
}

/// The least a rule must remember to know its points at any later moment.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub(super) enum Acc {
    /// Every event counts and the points do not depend on the events' own ages (no decay, or
    /// decay measured from the last engagement): a count is enough.
    Count { counted: u32, newest: Option<i64> },
    /// Every event counts and halves every half-life from its own time: the sum of the events'
    /// shares (1 each when new), decayed to the newest event's time.
    HalfLife { counted: u32, sum: f64, at: i64 },
    /// Every event counts on a curve that is flat past a horizon (step, linear, window): the
    /// times of events within the horizon of the newest, and how many are past it.
    Horizon {
        counted: u32,
        settled: u32,
        recent: VecDeque<i64>,
    },
    /// At most N count in all: the N most recent times.
    Newest { times: VecDeque<i64> },
    /// At most N per period: closed periods folded into `closed` (the accumulator of the rule
    /// without its limit), the current one's N newest.
    PerPeriod {
        #[cfg_attr(test, serde(deserialize_with = "read_closed"))]
        closed: Box<Acc>,
        bucket: Option<i64>,
        times: VecDeque<i64>,
    },
    /// Points once with at least N in the trailing span: the N most recent times.
    Trailing { times: VecDeque<i64> },
    /// Points once with at least N within any span: the N - 1 most recent times, and the newest
    /// event that completed a qualifying run.
    Sliding {
        times: VecDeque<i64>,
        met: Option<i64>,
    },
}

/// What a per-period limit keeps of its closed periods, as a state's bytes hold it: one of the
/// first three kinds of [`Acc`] (the same bytes), never another limit. Read as a kind of its
/// own, so that bytes nesting limits inside each other cannot take the decoder down without
/// end (the stack would overflow, and that aborts). The state's bytes are read by hand
/// (`state/bytes/read.rs`, which stops a level down the same way); the serde derives are the
/// reference its tests compare it with.
#[cfg(test)]
#[derive(serde::Deserialize)]
enum Closed {
    Count {
        counted: u32,
        newest: Option<i64>,
    },
    HalfLife {
        counted: u32,
        sum: f64,
        at: i64,
    },
    Horizon {
        counted: u32,
        settled: u32,
        recent: VecDeque<i64>,
    },
}

#[cfg(test)]
fn read_closed<'de, D: serde::Deserializer<'de>>(bytes: D) -> Result<Box<Acc>, D::Error> {
    Ok(Box::new(
        match <Closed as serde::Deserialize>::deserialize(bytes)? {
            Closed::Count { counted, newest } => Acc::Count { counted, newest },
            Closed::HalfLife { counted, sum, at } => Acc::HalfLife { counted, sum, at },
            Closed::Horizon {
                counted,
                settled,
                recent,
            } => Acc::Horizon {
                counted,
                settled,
                recent,
            },
        },
    ))
}

/// A rule read at a moment: the rule, the moment, and the lead's last engagement then.
pub(super) struct Reading<'r> {
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
    pub fn for_rule(rule: &IntentRule) -> Acc {
        match rule.counting {
            Counting::Each { limit: None } => Self::unlimited(rule),
            Counting::Each {
                limit: Some(Limit { per: None, .. }),
            } => Acc::Newest {
                times: VecDeque::new(),
            },
            Counting::Each {
                limit: Some(Limit { per: Some(_), .. }),
            } => Acc::PerPeriod {
                closed: Box::new(Self::unlimited(rule)),
                bucket: None,
                times: VecDeque::new(),
            },
            Counting::Window { sliding: false, .. } => Acc::Trailing {
                times: VecDeque::new(),
            },
            Counting::Window { sliding: true, .. } => Acc::Sliding {
                times: VecDeque::new(),
                met: None,
            },
        }
    }

    /// The accumulator for a rule where every event counts.
    pub(super) fn unlimited(rule: &IntentRule) -> Acc {
        if rule.decay.age == DecayAge::LastEngagement {
            return Acc::Count {
                counted: 0,
                newest: None,
            };
        }
        match rule.decay.curve {
            Curve::None => Acc::Count {
                counted: 0,
                newest: None,
            },
            Curve::HalfLife { .. } => Acc::HalfLife {
                counted: 0,
                sum: 0.0,
                at: 0,
            },
            Curve::Steps(_) | Curve::Linear { .. } | Curve::Window { .. } => Acc::Horizon {
                counted: 0,
                settled: 0,
                recent: VecDeque::new(),
            },
        }
    }

    /// Empties the accumulator in place, keeping its memory, if it is the right kind for the
    /// rule (a scratch fold may have served another model).
    pub fn clear_for(&mut self, rule: &IntentRule) -> bool {
        if !self.same_kind(&Acc::for_rule(rule)) {
            return false;
        }
        self.clear();
        true
    }

    /// Whether the accumulator holds no event (as a rule's does until it matches one).
    #[cfg(feature = "json")]
    pub fn is_empty(&self) -> bool {
        match self {
            Acc::Count { counted, .. }
            | Acc::HalfLife { counted, .. }
            | Acc::Horizon { counted, .. } => *counted == 0,
            Acc::Newest { times } | Acc::Trailing { times } => times.is_empty(),
            Acc::PerPeriod { closed, times, .. } => closed.is_empty() && times.is_empty(),
            Acc::Sliding { times, met } => times.is_empty() && met.is_none(),
        }
    }

    /// Whether two accumulators are of one kind, down to the one that keeps a per-period
    /// limit's closed periods (which depends on the rule's decay).
    fn same_kind(&self, other: &Acc) -> bool {
        match (self, other) {
            (Acc::PerPeriod { closed: mine, .. }, Acc::PerPeriod { closed: theirs, .. }) => {
                mine.same_kind(theirs)
            }
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }

    fn clear(&mut self) {
        match self {
            Acc::Count { counted, newest } => {
                *counted = 0;
                *newest = None;
            }
            Acc::HalfLife { counted, sum, at } => {
                *counted = 0;
                *sum = 0.0;
                *at = 0;
            }
            Acc::Horizon {
                counted,
                settled,
                recent,
            } => {
                *counted = 0;
                *settled = 0;
                recent.clear();
            }
            Acc::Newest { times } | Acc::Trailing { times } => times.clear(),
            Acc::PerPeriod {
                closed,
                bucket,
                times,
            } => {
                closed.clear();
                *bucket = None;
                times.clear();
            }
            Acc::Sliding { times, met } => {
                times.clear();
                *met = None;
            }
        }
    }

    pub fn add(&mut self, rule: &IntentRule, at: i64) {
        match self {
            Acc::Count { counted, newest } => {
                *counted += 1;
                *newest = Some(at);
            }
            Acc::HalfLife {
                counted,
                sum,
                at: reference,
            } => {
                let Curve::HalfLife { days } = rule.decay.curve else {
                    return;
                };
                // libm, not std: the same bits natively and in every Wasm engine.
                let carried = if *counted == 0 {
                    0.0
                } else {
                    *sum * libm::exp2(-((at - *reference) as f64 / MS_PER_DAY as f64 / days))
                };
                *sum = carried + 1.0;
                *reference = at;
                *counted += 1;
            }
            Acc::Horizon {
                counted,
                settled,
                recent,
            } => {
                *counted += 1;
                recent.push_back(at);
                let horizon = horizon_ms(&rule.decay.curve);
                while recent.front().is_some_and(|&oldest| at - oldest >= horizon) {
                    recent.pop_front();
                    *settled += 1;
                }
            }
            Acc::Newest { times } => {
                push_bounded(times, at, limit_of(rule));
            }
            Acc::PerPeriod {
                closed,
                bucket,
                times,
            } => {
                let this = period_bucket(rule, at);
                if *bucket != Some(this) {
                    for earlier in times.drain(..) {
                        closed.add(rule, earlier);
                    }
                    *bucket = Some(this);
                }
                push_bounded(times, at, limit_of(rule));
            }
            Acc::Trailing { times } => {
                let Counting::Window { at_least, .. } = rule.counting else {
                    return;
                };
                push_bounded(times, at, at_least as usize);
            }
            Acc::Sliding { times, met } => {
                let Counting::Window {
                    at_least, span_ms, ..
                } = rule.counting
                else {
                    return;
                };
                let remembered = at_least as usize - 1;
                if remembered == 0 {
                    *met = Some(at);
                    return;
                }
                if times.len() == remembered
                    && times.front().is_some_and(|&first| at - first < span_ms)
                {
                    *met = Some(at);
                }
                push_bounded(times, at, remembered);
            }
        }
    }

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
                let Curve::HalfLife { days } = rule.decay.curve else {
                    return (0, 0.0);
                };
                let units = if *counted == 0 {
                    0.0
                } else {
                    *sum * libm::exp2(-((reading.as_of - *at) as f64 / MS_PER_DAY as f64 / days))
                };
                (*counted, units)
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
                let Curve::HalfLife { days } = rule.decay.curve else {
                    return RuleTally::default();
                };
                let units = if *counted == 0 {
                    0.0
                } else {
                    *sum * libm::exp2(-((reading.as_of - *at) as f64 / MS_PER_DAY as f64 / days))
                };
                reading.tally(*counted, units, (*counted > 0).then_some(*at))
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

/// How many more times a rule's points can count now that it has matched `matched` events:
/// 1 while under its limit (or on reaching its window's count), 0 otherwise.
pub(super) fn new_award(rule: &IntentRule, matched: u32) -> u32 {
    match rule.counting {
        Counting::Each {
            limit: Some(Limit { max, per: None }),
        } => u32::from(matched <= max),
        Counting::Each { .. } => 1,
        Counting::Window { at_least, .. } => u32::from(matched == at_least),
    }
}

fn push_bounded(times: &mut VecDeque<i64>, at: i64, capacity: usize) {
    times.push_back(at);
    if times.len() > capacity {
        times.pop_front();
    }
}

fn limit_of(rule: &IntentRule) -> usize {
    match rule.counting {
        Counting::Each { limit: Some(limit) } => limit.max as usize,
        _ => usize::MAX,
    }
}

fn period_bucket(rule: &IntentRule, at: i64) -> i64 {
    let stamp = Timestamp::from_trusted_millis(at);
    match rule.counting {
        Counting::Each {
            limit: Some(Limit {
                per: Some(period), ..
            }),
        } => match period {
            Period::Day => stamp.day_index(),
            Period::Week => stamp.week_index(),
            Period::Month => stamp.month_index(),
        },
        _ => 0,
    }
}

/// The age past which a curve no longer changes.
fn horizon_ms(curve: &Curve) -> i64 {
    match curve {
        Curve::Steps(steps) => steps.last().map_or(0, |step| step.after_ms),
        // One millisecond past the end, so the curve has certainly reached zero.
        Curve::Linear { days } => (days * MS_PER_DAY as f64).ceil() as i64 + 1,
        Curve::Window { ms } => *ms,
        Curve::None | Curve::HalfLife { .. } => i64::MAX,
    }
}

/// The share a flat-past-the-horizon curve keeps from then on.
fn settled_factor(curve: &Curve) -> f64 {
    match curve {
        Curve::Steps(steps) => steps.last().map_or(1.0, |step| step.keep),
        _ => 0.0,
    }
}
