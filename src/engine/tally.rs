//! The intent pass: one walk over a lead's events, newest first, tallying each rule's counted
//! events, limits, windows and decayed points as of a moment.

use super::prepare::Prepared;
use crate::decay::DecayAge;
use crate::model::{Counting, IntentRule, Limit, Model, Period};
use crate::time::Timestamp;

/// One rule's tally as of a moment.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RuleTally {
    pub matched: u32,
    pub counted: u32,
    pub raw: f64,
    pub decayed: f64,
    /// The newest counted event (for a window rule, the newest event of the qualifying run).
    pub newest: Option<i64>,
    /// For per-period limits: the bucket being filled and how full it is.
    bucket: Option<i64>,
    in_bucket: u32,
    /// For windows: events seen so far in the trailing window, or in the sliding ring.
    in_window: u32,
    window_met: Option<i64>,
}

/// What the pass found beyond the tallies.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct IntentPass {
    pub last_engagement: Option<i64>,
    /// The newest instant trigger within the recency window: (rule, position in events).
    pub trigger: Option<(u32, usize)>,
    pub disqualified: bool,
}

/// Tallies `events` (sorted by time, none after `as_of`) into `tallies`, one per intent rule.
pub(crate) fn tally_intent(
    model: &Model,
    events: &[Prepared],
    matches: &[u32],
    as_of: i64,
    tallies: &mut Vec<RuleTally>,
    ring: &mut Vec<i64>,
) -> IntentPass {
    let rules = &model.intent.rules;
    tallies.clear();
    tallies.resize(rules.len(), RuleTally::default());
    ring.resize(model.ring_len, 0);
    let last_engagement = events
        .iter()
        .rev()
        .find(|e| {
            e.rules(matches)
                .iter()
                .any(|&r| rules[r as usize].engagement)
        })
        .map(|e| e.at);
    let recent_since = model
        .mql
        .recency_ms
        .map(|window| as_of.saturating_sub(window));
    let mut pass = IntentPass {
        last_engagement,
        ..IntentPass::default()
    };
    for (position, event) in events.iter().enumerate().rev() {
        for &rule_index in event.rules(matches) {
            let rule = &rules[rule_index as usize];
            let tally = &mut tallies[rule_index as usize];
            tally.matched += 1;
            if rule.instant
                && pass.trigger.is_none()
                && recent_since.is_none_or(|since| event.at > since)
            {
                pass.trigger = Some((rule_index, position));
            }
            pass.disqualified |= rule.disqualify;
            match rule.counting {
                Counting::Each { limit } => {
                    if within_limit(tally, limit, event.at) {
                        tally.counted += 1;
                        tally.raw += rule.points;
                        tally.decayed +=
                            rule.points * decay_factor(rule, event.at, as_of, last_engagement);
                        tally.newest.get_or_insert(event.at);
                    }
                }
                Counting::Window {
                    span_ms,
                    sliding: false,
                    ..
                } => {
                    if as_of - event.at < span_ms {
                        tally.in_window += 1;
                        tally.newest.get_or_insert(event.at);
                    }
                }
                Counting::Window {
                    at_least,
                    span_ms,
                    sliding: true,
                } => {
                    if tally.window_met.is_none() {
                        tally.window_met = slide(rule, tally, ring, at_least, span_ms, event.at);
                    }
                }
            }
        }
    }
    for (rule, tally) in rules.iter().zip(tallies.iter_mut()) {
        if let Counting::Window {
            at_least, sliding, ..
        } = rule.counting
        {
            let met = if sliding {
                tally.window_met
            } else {
                tally.newest.filter(|_| tally.in_window >= at_least)
            };
            tally.newest = met;
            if let Some(at) = met {
                tally.counted = 1;
                tally.raw = rule.points;
                tally.decayed = rule.points * decay_factor(rule, at, as_of, last_engagement);
            }
        }
    }
    pass
}

/// Whether one more event may count under the rule's limit. Scanning newest first, the most
/// recent events are the ones that count: after decay they are worth the most.
fn within_limit(tally: &mut RuleTally, limit: Option<Limit>, at: i64) -> bool {
    let Some(limit) = limit else { return true };
    let Some(period) = limit.per else {
        return tally.counted < limit.max;
    };
    let stamp = Timestamp::from_trusted_millis(at);
    let bucket = match period {
        Period::Day => stamp.day_index(),
        Period::Week => stamp.week_index(),
        Period::Month => stamp.month_index(),
    };
    if tally.bucket != Some(bucket) {
        tally.bucket = Some(bucket);
        tally.in_bucket = 0;
    }
    if tally.in_bucket < limit.max {
        tally.in_bucket += 1;
        true
    } else {
        false
    }
}

/// Scanning newest first, remembers the last `at_least - 1` event times in the rule's ring
/// slots; the run of `at_least` events ending with this one qualifies when it spans less than
/// the window. Returns the newest time of the first (that is, most recent) qualifying run.
fn slide(
    rule: &IntentRule,
    tally: &mut RuleTally,
    ring: &mut [i64],
    at_least: u32,
    span_ms: i64,
    at: i64,
) -> Option<i64> {
    let slots = at_least as usize - 1;
    if slots == 0 {
        return Some(at);
    }
    let seen = tally.in_window as usize;
    let slot = rule.ring_offset + seen % slots;
    let met = (seen >= slots && ring[slot] - at < span_ms).then_some(ring[slot]);
    ring[slot] = at;
    tally.in_window += 1;
    met
}

/// The share of a rule's points left at `as_of` for an event at `at`.
fn decay_factor(rule: &IntentRule, at: i64, as_of: i64, last_engagement: Option<i64>) -> f64 {
    if rule.decay.is_none() {
        return 1.0;
    }
    let since = match rule.decay.age {
        DecayAge::Event => at,
        DecayAge::LastEngagement => last_engagement.unwrap_or(at),
    };
    rule.decay.factor(as_of - since)
}
