//! The forward fold: a lead's intent taken event by event in time order into small per-rule
//! accumulators that can be read at any later moment. Scoring a lead folds all of its events;
//! incremental scoring keeps the fold between calls, so both give the same bits.
//! What each rule remembers, and how it is read, is in `accumulator.rs`.

use super::accumulator::{new_award, Acc, Reading, RuleTally};
use super::points::round_points;
use crate::model::{IntentRule, Model};

/// An event that mattered: an instant trigger, or the one that made the lead an MQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub(crate) struct Hit {
    pub rule: u32,
    pub at: i64,
    /// The event's position in the lead's history.
    pub event: u32,
}

/// What reading the fold at a moment finds beyond the tallies.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct IntentPass {
    pub last_engagement: Option<i64>,
    /// The newest instant trigger, if it is within the recency window.
    pub trigger: Option<Hit>,
    pub disqualified: bool,
}

/// A lead's intent so far.
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub(crate) struct Fold {
    pub rules: Vec<RuleState>,
    pub last_engagement: Option<i64>,
    pub instant: Option<Hit>,
    /// The most positive points the events so far could earn (undecayed, within each rule's
    /// limit or window): a ceiling for the crossing search.
    pub positive: f64,
    pub newest: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub(crate) struct RuleState {
    pub(super) matched: u32,
    pub(super) acc: Acc,
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
            tallies.push(self.tally(rule, state, as_of));
        }
        self.pass(model, as_of, disqualified)
    }

    /// The intent points at `as_of` before the intent bounds (each counted rule's decayed
    /// points, rounded, summed) and what reading finds beyond them: what [`Fold::read`] and
    /// `Scorer::intent_points` give, reading only the rules that matched an event (one that
    /// matched none counts nothing), and no tallies.
    pub fn points(&self, model: &Model, as_of: i64) -> (i64, IntentPass) {
        let mut points = 0;
        let mut disqualified = false;
        for (rule, state) in model.intent.rules.iter().zip(&self.rules) {
            if state.matched == 0 {
                continue;
            }
            disqualified |= rule.disqualify;
            let reading = Reading {
                rule,
                as_of,
                last_engagement: self.last_engagement,
            };
            // A tally's decayed points are its points times its units (`RuleTally::at_points`).
            let (counted, units) = state.acc.units(&reading);
            if counted > 0 {
                points += round_points(rule.points * units);
            }
        }
        (points, self.pass(model, as_of, disqualified))
    }

    fn tally(&self, rule: &IntentRule, state: &RuleState, as_of: i64) -> RuleTally {
        let reading = Reading {
            rule,
            as_of,
            last_engagement: self.last_engagement,
        };
        let mut tally = state.acc.read(&reading);
        tally.matched = state.matched;
        tally
    }

    fn pass(&self, model: &Model, as_of: i64, disqualified: bool) -> IntentPass {
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
