//! Readies a lead's events for scoring: drops repeated event ids and events after the as-of
//! time (with warnings), resolves each type once, finds the rules each event meets, and sorts
//! the rest by time.

use super::Scratch;
use crate::condition::Oddities;
use crate::lead::Lead;
use crate::model::Model;
use crate::result::{Warning, WarningCode};
use crate::time::Timestamp;
use std::hash::{Hash, Hasher};

/// An event that will be scored, with the range of `Scratch::matches` holding its rules.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Prepared {
    pub at: i64,
    pub type_id: u32,
    /// Position in the lead's `events` array.
    pub index: u32,
    pub first_match: u32,
    pub match_count: u32,
}

impl Prepared {
    pub fn rules<'s>(&self, matches: &'s [u32]) -> &'s [u32] {
        let start = self.first_match as usize;
        &matches[start..start + self.match_count as usize]
    }
}

/// Warnings gathered while scoring, one per kind (and per event type or rule), with counts.
#[derive(Default)]
pub(crate) struct WarningLog<'l> {
    unknown_types: Vec<(&'l str, usize, u32)>,
    after_as_of: Option<(usize, u32)>,
    duplicates: Option<(usize, u32)>,
    not_numbers: Vec<Warning>,
}

impl<'l> WarningLog<'l> {
    /// A value that a numeric condition could not read as a number.
    pub fn not_a_number(&mut self, path: String, rule_id: &str, shown: String) {
        if let Some(existing) = self
            .not_numbers
            .iter_mut()
            .find(|w| w.message.contains(&format!("rule {rule_id:?}")))
        {
            existing.count += 1;
            return;
        }
        self.not_numbers.push(Warning {
            code: WarningCode::NotANumber,
            message: format!("{shown:?} is not a number, so rule {rule_id:?} did not match it"),
            path,
            count: 1,
        });
    }

    /// The warnings in a fixed order (by kind, then type or rule), whatever the event order.
    pub fn finish(mut self, as_of: Timestamp) -> Vec<Warning> {
        let mut warnings = Vec::new();
        self.unknown_types
            .sort_unstable_by_key(|(kind, _, _)| *kind);
        self.not_numbers.sort_by(|a, b| a.message.cmp(&b.message));
        for (kind, first, count) in self.unknown_types {
            warnings.push(Warning {
                code: WarningCode::UnknownEventType,
                message: format!(
                    "{} of type {kind:?} match{} no rule and did not count",
                    events(count),
                    if count == 1 { "es" } else { "" }
                ),
                path: format!("events[{first}].type"),
                count,
            });
        }
        if let Some((first, count)) = self.after_as_of {
            warnings.push(Warning {
                code: WarningCode::EventAfterAsOf,
                message: format!(
                    "{} after the as-of time {as_of} and did not count",
                    if count == 1 {
                        "1 event is".to_string()
                    } else {
                        format!("{count} events are")
                    }
                ),
                path: format!("events[{first}].at"),
                count,
            });
        }
        if let Some((first, count)) = self.duplicates {
            warnings.push(Warning {
                code: WarningCode::DuplicateEventId,
                message: format!(
                    "{} an id already seen and {} ignored",
                    if count == 1 {
                        "1 event repeats".to_string()
                    } else {
                        format!("{count} events repeat")
                    },
                    if count == 1 { "was" } else { "were" }
                ),
                path: format!("events[{first}].id"),
                count,
            });
        }
        warnings.extend(self.not_numbers);
        warnings
    }
}

fn events(count: u32) -> String {
    if count == 1 {
        "1 event".to_string()
    } else {
        format!("{count} events")
    }
}

/// Fills `scratch.events` (sorted by time) and `scratch.matches` for this lead.
pub(crate) fn prepare<'l>(
    model: &Model,
    lead: &'l Lead,
    as_of: Timestamp,
    scratch: &mut Scratch,
    log: &mut WarningLog<'l>,
) {
    scratch.events.clear();
    scratch.matches.clear();
    find_duplicates(lead, scratch);
    let mut duplicates = scratch.duplicates.iter().peekable();
    for (index, event) in lead.events.iter().enumerate() {
        if duplicates.next_if(|d| **d as usize == index).is_some() {
            let entry = log.duplicates.get_or_insert((index, 0));
            entry.1 += 1;
            continue;
        }
        if event.at > as_of {
            let entry = log.after_as_of.get_or_insert((index, 0));
            entry.1 += 1;
            continue;
        }
        let Some(type_id) = model.event_types.id(event.kind()) else {
            note_unknown_type(log, event.kind(), index);
            continue;
        };
        let first_match = scratch.matches.len() as u32;
        for &rule_index in model.event_types.rules(type_id) {
            let rule = &model.intent.rules[rule_index as usize];
            let mut oddities = Oddities::default();
            let meets = rule.filter.iter().all(|(property, condition)| {
                let value = event.props.at_path(&property.keys);
                let holds = condition.holds(value, &mut oddities);
                if oddities.not_a_number {
                    oddities = Oddities::default();
                    log.not_a_number(
                        format!("events[{index}].props.{}", property.text),
                        &rule.id,
                        value.map(|v| v.to_plain_string()).unwrap_or_default(),
                    );
                }
                holds
            });
            if meets {
                scratch.matches.push(rule_index);
            }
        }
        scratch.events.push(Prepared {
            at: event.at.millis(),
            type_id,
            index: index as u32,
            first_match,
            match_count: scratch.matches.len() as u32 - first_match,
        });
    }
    // Ties keep a fixed order whatever order the events came in.
    scratch
        .events
        .sort_unstable_by_key(|e| (e.at, e.type_id, e.index));
}

fn note_unknown_type<'l>(log: &mut WarningLog<'l>, kind: &'l str, index: usize) {
    match log.unknown_types.iter_mut().find(|(k, _, _)| *k == kind) {
        Some(entry) => entry.2 += 1,
        None => log.unknown_types.push((kind, index, 1)),
    }
}

/// Indexes of events whose id an earlier event (in input order) already used.
fn find_duplicates(lead: &Lead, scratch: &mut Scratch) {
    scratch.ids.clear();
    scratch.duplicates.clear();
    for (index, event) in lead.events.iter().enumerate() {
        if let Some(id) = event.id() {
            let mut hasher = rustc_hash::FxHasher::default();
            id.hash(&mut hasher);
            scratch.ids.push((hasher.finish(), index as u32));
        }
    }
    if scratch.ids.len() < 2 {
        return;
    }
    scratch.ids.sort_unstable();
    let id_of = |index: u32| lead.events[index as usize].id();
    for run in scratch.ids.chunk_by(|a, b| a.0 == b.0) {
        for (position, &(_, index)) in run.iter().enumerate().skip(1) {
            if run[..position]
                .iter()
                .any(|&(_, earlier)| id_of(earlier) == id_of(index))
            {
                scratch.duplicates.push(index);
            }
        }
    }
    scratch.duplicates.sort_unstable();
}
