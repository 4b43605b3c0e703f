//! The forward fold: a lead's intent taken event by event in time order into small per-rule
//! accumulators that can be read at any later moment. Scoring a lead folds all of its events;
//! incremental scoring keeps the fold between calls, so both give the same bits.

use crate::decay::{Curve, DecayAge};
use crate::model::{Counting, IntentRule, Limit, Model, Period};
use crate::time::{Timestamp, MS_PER_DAY};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// One rule's standing at a moment.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct RuleTally {
    pub matched: u32,
    pub counted: u32,
    pub raw: f64,
    pub decayed: f64,
    /// The newest counted event (for a window rule, the newest event of the qualifying run).
    pub newest: Option<i64>,
}

/// An event that mattered: an instant trigger, or the one that made the lead an MQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Hit {
    pub rule: u32,
    pub at: i64,
    /// The event's position in the lead's history.
    pub event: u32,
}

/// What reading the fold at a moment finds beyond the tallies.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct IntentPass {
    pub last_engagement: Option<i64>,
    /// The newest instant trigger, if it is within the recency window.
    pub trigger: Option<Hit>,
    pub disqualified: bool,
}

/// A lead's intent so far.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Fold {
    pub rules: Vec<RuleState>,
    pub last_engagement: Option<i64>,
    pub instant: Option<Hit>,
    /// The most positive points the events so far could earn (undecayed, within each rule's
    /// limit or window): a ceiling for the crossing search.
    pub positive: f64,
    pub newest: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct RuleState {
    matched: u32,
    acc: Acc,
}

/// The least a rule must remember to know its points at any later moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Acc {
    /// Every event counts and the points do not depend on the events' own ages (no decay, or
    /// decay measured from the last engagement): a count is enough.
    Count { counted: u32, newest: Option<i64> },
    /// Every event counts and halves every half-life from its own time: the sum of points,
    /// decayed to the newest event's time.
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
    /// At most N per period: closed periods folded into `closed`, the current one's N newest.
    PerPeriod {
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

impl Fold {
    /// An empty fold for the model, reusing this one's memory.
    pub fn reset(&mut self, model: &Model) {
        let rules = &model.intent.rules;
        self.rules.truncate(rules.len());
        for (state, rule) in self.rules.iter_mut().zip(rules) {
            state.reset(rule);
        }
        for rule in &rules[self.rules.len()..] {
            self.rules.push(RuleState {
                matched: 0,
                acc: Acc::for_rule(rule),
            });
        }
        self.last_engagement = None;
        self.instant = None;
        self.positive = 0.0;
        self.newest = None;
    }

    /// Takes in one event (at `at`, meeting `matches`, the `index`th of the lead's history).
    /// Events must come in time order.
    pub fn add(&mut self, model: &Model, at: i64, matches: &[u32], index: u32) {
        self.newest = Some(at);
        for &rule_index in matches {
            let rule = &model.intent.rules[rule_index as usize];
            let state = &mut self.rules[rule_index as usize];
            state.matched += 1;
            state.acc.add(rule, at);
            if rule.points > 0.0 {
                self.positive += rule.points * f64::from(new_award(rule, state.matched));
            }
            if rule.engagement {
                self.last_engagement = Some(at);
            }
            if rule.instant {
                self.instant = Some(Hit {
                    rule: rule_index,
                    at,
                    event: index,
                });
            }
        }
    }

    /// Every rule's standing at `as_of` (no earlier than the newest event taken in).
    pub fn read(&self, model: &Model, as_of: i64, tallies: &mut Vec<RuleTally>) -> IntentPass {
        tallies.clear();
        let mut disqualified = false;
        for (rule, state) in model.intent.rules.iter().zip(&self.rules) {
            disqualified |= rule.disqualify && state.matched > 0;
            let clock = Clock {
                rule,
                as_of,
                last_engagement: self.last_engagement,
            };
            let mut tally = state.acc.read(&clock);
            tally.matched = state.matched;
            tallies.push(tally);
        }
        let recent_since = model
            .mql
            .recency_ms
            .map(|window| as_of.saturating_sub(window));
        IntentPass {
            last_engagement: self.last_engagement,
            trigger: self
                .instant
                .filter(|hit| recent_since.is_none_or(|since| hit.at > since)),
            disqualified,
        }
    }
}

impl RuleState {
    fn reset(&mut self, rule: &IntentRule) {
        self.matched = 0;
        if !self.acc.clear_for(rule) {
            self.acc = Acc::for_rule(rule);
        }
    }
}

/// What reading a rule needs to know: the rule, the moment, and the last engagement.
struct Clock<'r> {
    rule: &'r IntentRule,
    as_of: i64,
    last_engagement: Option<i64>,
}

impl Clock<'_> {
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

    /// The points of events at each of `times`, summed in order.
    fn sum<'t>(&self, times: impl Iterator<Item = &'t i64>) -> f64 {
        times.fold(0.0, |sum, &at| sum + self.rule.points * self.factor(at))
    }

    fn tally(&self, counted: u32, decayed: f64, newest: Option<i64>) -> RuleTally {
        RuleTally {
            matched: 0,
            counted,
            raw: self.rule.points * f64::from(counted),
            decayed,
            newest,
        }
    }
}

impl Acc {
    fn for_rule(rule: &IntentRule) -> Acc {
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
    fn unlimited(rule: &IntentRule) -> Acc {
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
    fn clear_for(&mut self, rule: &IntentRule) -> bool {
        if std::mem::discriminant(self) != std::mem::discriminant(&Acc::for_rule(rule)) {
            return false;
        }
        self.clear();
        true
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

    fn add(&mut self, rule: &IntentRule, at: i64) {
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
                *sum = carried + rule.points;
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

    fn read(&self, clock: &Clock) -> RuleTally {
        let rule = clock.rule;
        match self {
            Acc::Count { counted, newest } => {
                let factor = newest.map_or(1.0, |at| clock.factor(at));
                clock.tally(
                    *counted,
                    rule.points * f64::from(*counted) * factor,
                    *newest,
                )
            }
            Acc::HalfLife { counted, sum, at } => {
                let Curve::HalfLife { days } = rule.decay.curve else {
                    return RuleTally::default();
                };
                let decayed = if *counted == 0 {
                    0.0
                } else {
                    *sum * libm::exp2(-((clock.as_of - *at) as f64 / MS_PER_DAY as f64 / days))
                };
                clock.tally(*counted, decayed, (*counted > 0).then_some(*at))
            }
            Acc::Horizon {
                counted,
                settled,
                recent,
            } => {
                let past = rule.points * f64::from(*settled) * settled_factor(&rule.decay.curve);
                let decayed = past + clock.sum(recent.iter());
                clock.tally(*counted, decayed, recent.back().copied())
            }
            Acc::Newest { times } => clock.tally(
                times.len() as u32,
                clock.sum(times.iter()),
                times.back().copied(),
            ),
            Acc::PerPeriod { closed, times, .. } => {
                let earlier = closed.read(clock);
                let counted = earlier.counted + times.len() as u32;
                let decayed = earlier.decayed + clock.sum(times.iter());
                clock.tally(counted, decayed, times.back().copied().or(earlier.newest))
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
                        .is_some_and(|&first| clock.as_of - first < span_ms);
                match times.back() {
                    Some(&newest) if met => {
                        clock.tally(1, rule.points * clock.factor(newest), Some(newest))
                    }
                    _ => RuleTally::default(),
                }
            }
            Acc::Sliding { met, .. } => match met {
                Some(at) => clock.tally(1, rule.points * clock.factor(*at), Some(*at)),
                None => RuleTally::default(),
            },
        }
    }
}

/// How many more times a rule's points can count now that it has matched `matched` events:
/// 1 while under its limit (or on reaching its window's count), 0 otherwise.
fn new_award(rule: &IntentRule, matched: u32) -> u32 {
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
