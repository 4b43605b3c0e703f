//! Whether a lead state read from outside fits the model it names. A state's bytes come back
//! from wherever the caller kept them, damaged or changed; one that decodes and carries the
//! model's fingerprint may still hold a fold of another shape, and folding indexes the model's
//! rules by what the state says. So before anything folds into it: one accumulator for each of
//! the model's rules, of the kind the rule keeps and within its limit or window (and empty if the
//! rule matched nothing); held events that name only the model's rules and event types, in fold
//! order; every time within the years 0001 to 9999, counts within what the lead delivered, sums
//! finite.

use super::{HeldEvent, HeldKind, LeadState, Matches, REMEMBERED_IDS};
use crate::engine::accumulator::Acc;
use crate::engine::fold::{Fold, RuleState};
use crate::error::InputError;
use crate::model::{Counting, IntentRule, Limit, Model};
use crate::time::Timestamp;
use std::collections::VecDeque;
use std::mem::discriminant;

impl LeadState {
    /// Refuses a state whose inside does not fit `model`.
    pub(in crate::engine) fn fits(&self, model: &Model) -> Result<(), InputError> {
        self.misfit(model).map_err(|what| {
            InputError::new(
                "state",
                format!(
                    "does not fit this model ({what}): it was damaged or changed after it was \
                     saved; score the lead's full history to start a new state"
                ),
            )
        })
    }

    /// What in the state does not fit the model, if anything.
    fn misfit(&self, model: &Model) -> Result<(), String> {
        fold_fits(&self.fold, model, self.received)?;
        if let Some(crossing) = self.crossing {
            in_range(crossing.at, "the crossing")?;
            ensure(crossing.event < self.received, || {
                "the crossing names an event the lead never delivered".into()
            })?;
        }
        if let Some(until) = self.folded_until {
            in_range(until, "the folded events")?;
        }
        let mut previous = None;
        for event in &self.held {
            held_fits(event, model, self.received)?;
            let order = event.order();
            ensure(previous.is_none_or(|previous| previous <= order), || {
                "the held events are out of order".into()
            })?;
            previous = Some(order);
        }
        ensure(self.folded_ids.len() <= REMEMBERED_IDS, || {
            format!("it remembers more than {REMEMBERED_IDS} folded event ids")
        })?;
        for folded in &self.refs {
            in_range(folded.at, "a folded event")?;
        }
        Ok(())
    }
}

fn fold_fits(fold: &Fold, model: &Model, received: u32) -> Result<(), String> {
    let rules = &model.intent.rules;
    ensure(fold.rules.len() == rules.len(), || {
        format!(
            "it keeps {} intent rules, the model has {}",
            fold.rules.len(),
            rules.len()
        )
    })?;
    for (rule, state) in rules.iter().zip(&fold.rules) {
        rule_fits(state, rule, received)
            .map_err(|what| format!("intent rule {:?}: {what}", rule.id))?;
    }
    if let Some(hit) = fold.instant {
        ensure(
            rules
                .get(hit.rule as usize)
                .is_some_and(|rule| rule.instant),
            || "its hand-raise names a rule that is not one".into(),
        )?;
        ensure(hit.event < received, || {
            "its hand-raise names an event the lead never delivered".into()
        })?;
        in_range(hit.at, "the hand-raise")?;
    }
    ensure(fold.positive.is_finite() && fold.positive >= 0.0, || {
        "its ceiling of positive points is not a number of points".into()
    })?;
    for (at, what) in [
        (fold.newest, "the newest event"),
        (fold.last_engagement, "the last engagement"),
    ] {
        at.map_or(Ok(()), |at| in_range(at, what))?;
    }
    Ok(())
}

fn rule_fits(state: &RuleState, rule: &IntentRule, received: u32) -> Result<(), String> {
    ensure(state.matched <= received, || {
        "it matched more events than the lead delivered".into()
    })?;
    acc_fits(&state.acc, rule, state.matched)?;
    // Reading passes over a rule that matched nothing (`Fold::points`), so it must keep nothing.
    ensure(state.matched > 0 || state.acc.is_empty(), || {
        "it matched no event but keeps some".into()
    })
}

/// Whether a rule's accumulator is the kind the rule keeps, within its limit or window, and
/// counts no more than the `matched` events.
fn acc_fits(acc: &Acc, rule: &IntentRule, matched: u32) -> Result<(), String> {
    same_kind(acc, &Acc::for_rule(rule))?;
    let counted = contents_fit(acc, rule)?;
    ensure(counted <= u64::from(matched), || {
        "it counts more events than it matched".into()
    })
}

fn same_kind(acc: &Acc, expected: &Acc) -> Result<(), String> {
    ensure(discriminant(acc) == discriminant(expected), || {
        "its tally is of another kind than the rule needs".into()
    })
}

/// Checks what an accumulator of the rule's kind holds; returns how many events it counts.
fn contents_fit(acc: &Acc, rule: &IntentRule) -> Result<u64, String> {
    Ok(match acc {
        Acc::Count { counted, newest } => {
            newest.map_or(Ok(()), |at| in_range(at, "an event"))?;
            u64::from(*counted)
        }
        Acc::HalfLife { counted, sum, at } => {
            ensure(sum.is_finite() && *sum >= 0.0, || {
                "its decayed sum is not a number of events".into()
            })?;
            in_range(*at, "an event")?;
            u64::from(*counted)
        }
        Acc::Horizon {
            counted,
            settled,
            recent,
        } => {
            times_fit(recent, usize::MAX)?;
            let kept = u64::from(*settled) + recent.len() as u64;
            ensure(kept <= u64::from(*counted), || {
                "it counts fewer events than it keeps".into()
            })?;
            u64::from(*counted)
        }
        Acc::Newest { times } => {
            times_fit(times, limit_of(rule))?;
            times.len() as u64
        }
        Acc::PerPeriod { closed, times, .. } => {
            // The closed periods are kept as the rule without its limit would keep them (never
            // another limit, so this goes one level deep).
            same_kind(closed, &Acc::unlimited(rule))?;
            let earlier = contents_fit(closed, rule)?;
            times_fit(times, limit_of(rule))?;
            earlier + times.len() as u64
        }
        Acc::Trailing { times } => {
            times_fit(times, window_count(rule))?;
            0
        }
        Acc::Sliding { times, met } => {
            met.map_or(Ok(()), |at| in_range(at, "an event"))?;
            times_fit(times, window_count(rule).saturating_sub(1))?;
            0
        }
    })
}

fn limit_of(rule: &IntentRule) -> usize {
    match rule.counting {
        Counting::Each {
            limit: Some(Limit { max, .. }),
        } => max as usize,
        _ => 0,
    }
}

fn window_count(rule: &IntentRule) -> usize {
    match rule.counting {
        Counting::Window { at_least, .. } => at_least as usize,
        Counting::Each { .. } => 0,
    }
}

fn held_fits(event: &HeldEvent, model: &Model, received: u32) -> Result<(), String> {
    in_range(event.at, "a held event")?;
    ensure(event.index < received, || {
        "a held event is one the lead never delivered".into()
    })?;
    if let HeldKind::Known(type_id) = event.kind {
        ensure((type_id as usize) < model.event_types.count(), || {
            "a held event has a type the model does not know".into()
        })?;
    }
    if let Matches::Few(len, _) = event.matches {
        ensure(len <= 3, || "a held event's rules are cut short".into())?;
    }
    let rules = model.intent.rules.len();
    ensure(
        event
            .matches
            .as_slice()
            .iter()
            .all(|&rule| (rule as usize) < rules),
        || "a held event meets a rule the model does not have".into(),
    )
}

/// Times in order, at most `capacity` of them, each within the years 0001 to 9999.
fn times_fit(times: &VecDeque<i64>, capacity: usize) -> Result<(), String> {
    ensure(times.len() <= capacity, || {
        format!("it keeps more than its {capacity} event times")
    })?;
    for &at in times {
        in_range(at, "an event")?;
    }
    ensure(
        times.iter().zip(times.iter().skip(1)).all(|(a, b)| a <= b),
        || "its event times are out of order".into(),
    )
}

fn in_range(at: i64, what: &str) -> Result<(), String> {
    ensure(Timestamp::from_millis(at).is_some(), || {
        format!("{what} has a time outside the years 0001 to 9999")
    })
}

fn ensure(holds: bool, what: impl FnOnce() -> String) -> Result<(), String> {
    if holds {
        Ok(())
    } else {
        Err(what())
    }
}

#[cfg(test)]
pub(super) mod tests;
