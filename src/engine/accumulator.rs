//! What one intent rule remembers of the events it matched, the least that gives its points at
//! any later moment: a count, a decayed sum, or the times the rule's limit, window or decay
//! horizon still needs, kept as events come; `reading.rs` reads that at a moment into the rule's
//! tally.

use crate::decay::{Curve, DecayAge};
use crate::model::{Counting, IntentRule, Limit, Period};
use crate::time::{Timestamp, MS_PER_DAY};
use std::collections::VecDeque;

mod reading;
pub(super) use reading::Reading;

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
