//! Readies a lead's events for scoring: drops repeated event ids and events after the as-of
//! time (with warnings), resolves each type once, finds the rules each event meets, and sorts
//! the rest by time.

use super::Scratch;
use crate::condition::Oddities;
use crate::lead::{Event, Lead};
#[cfg(feature = "json")]
use crate::model::Candidates;
use crate::model::Model;
use crate::result::{Warning, WarningCode};
use crate::sort::sort_by;
use crate::time::Timestamp;
use crate::value::Value;
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

/// A property value that a numeric condition could not read: (path, rule id, value shown).
pub(crate) type Oddity = (String, String, String);

/// Warnings gathered while scoring, one per kind (and per event type or rule), each with the
/// position of its first occurrence and a count. Kept in a lead's state between updates.
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub(crate) struct WarningLog {
    pub(super) unknown_types: Vec<(String, u32, u32)>,
    pub(super) after_as_of: Option<(u32, u32)>,
    pub(super) duplicates: Option<(u32, u32)>,
    pub(super) late: Option<(u32, u32)>,
    pub(super) not_numbers: Vec<Warning>,
}

/// Counts one more occurrence at `index`, keeping the first (lowest) position.
fn note(entry: &mut Option<(u32, u32)>, index: u32) {
    let (first, count) = entry.get_or_insert((index, 0));
    *first = (*first).min(index);
    *count += 1;
}

impl WarningLog {
    pub fn unknown_type(&mut self, kind: &str, index: u32) {
        match self.unknown_types.iter_mut().find(|(k, _, _)| k == kind) {
            Some((_, first, count)) => {
                *first = (*first).min(index);
                *count += 1;
            }
            None => self.unknown_types.push((kind.to_string(), index, 1)),
        }
    }

    pub fn after_as_of(&mut self, index: u32) {
        note(&mut self.after_as_of, index);
    }

    pub fn duplicate(&mut self, index: u32) {
        note(&mut self.duplicates, index);
    }

    #[cfg(feature = "json")]
    pub fn late(&mut self, index: u32) {
        note(&mut self.late, index);
    }

    /// A value that a numeric condition could not read as a number. The warning names the
    /// first such value in the lead's history (the lowest event position, whatever order the
    /// events are folded in), as it names the first of every kind.
    pub fn not_a_number(&mut self, (path, rule_id, shown): Oddity) {
        let message = format!("{shown:?} is not a number, so rule {rule_id:?} did not match it");
        self.not_numbers_seen(Warning {
            code: WarningCode::NotANumber,
            message,
            path,
            count: 1,
        });
    }

    /// Counts a `notANumber` warning in, keeping the earliest path of its message.
    fn not_numbers_seen(&mut self, warning: Warning) {
        let Some(existing) = (self.not_numbers.iter_mut()).find(|w| w.message == warning.message)
        else {
            self.not_numbers.push(warning);
            return;
        };
        existing.count += warning.count;
        if let (Some(new), Some(old)) = (
            event_position(&warning.path),
            event_position(&existing.path),
        ) {
            if new < old {
                existing.path = warning.path;
            }
        }
    }

    /// Takes in another log's warnings (the attributes' beside the events').
    #[cfg(feature = "json")]
    pub fn merge(&mut self, other: WarningLog) {
        for (kind, first, count) in other.unknown_types {
            match self.unknown_types.iter_mut().find(|(k, _, _)| *k == kind) {
                Some((_, my_first, my_count)) => {
                    *my_first = (*my_first).min(first);
                    *my_count += count;
                }
                None => self.unknown_types.push((kind, first, count)),
            }
        }
        for (mine, theirs) in [
            (&mut self.after_as_of, other.after_as_of),
            (&mut self.duplicates, other.duplicates),
            (&mut self.late, other.late),
        ] {
            if let Some((first, count)) = theirs {
                let (my_first, my_count) = mine.get_or_insert((first, 0));
                *my_first = (*my_first).min(first);
                *my_count += count;
            }
        }
        for warning in other.not_numbers {
            self.not_numbers_seen(warning);
        }
    }

    /// The warnings in a fixed order (by kind, then type or rule), whatever the event order.
    pub fn finish(&self, as_of: Timestamp) -> Vec<Warning> {
        let mut warnings = Vec::new();
        let mut unknown = self.unknown_types.clone();
        sort_by(&mut unknown, |a, b| a.0 < b.0);
        for (kind, first, count) in unknown {
            let message = format!(
                "{} of type {kind:?} match{} no rule and did not count",
                counted(count, "event", "events"),
                if count == 1 { "es" } else { "" }
            );
            warnings.push(event_warning(
                WarningCode::UnknownEventType,
                (first, count),
                "type",
                message,
            ));
        }
        if let Some(seen @ (_, count)) = self.after_as_of {
            let message = format!(
                "{} after the as-of time {as_of} and did not count",
                counted(count, "event is", "events are")
            );
            warnings.push(event_warning(
                WarningCode::EventAfterAsOf,
                seen,
                "at",
                message,
            ));
        }
        if let Some(seen @ (_, count)) = self.duplicates {
            let message = format!(
                "{} an id already seen and {} ignored",
                counted(count, "event repeats", "events repeat"),
                if count == 1 { "was" } else { "were" }
            );
            warnings.push(event_warning(
                WarningCode::DuplicateEventId,
                seen,
                "id",
                message,
            ));
        }
        if let Some(seen @ (_, count)) = self.late {
            let message = format!(
                "{} older than what the state has already folded and {} ignored; score the full \
                 history to include {}",
                counted(count, "event arrived", "events arrived"),
                if count == 1 { "was" } else { "were" },
                if count == 1 { "it" } else { "them" },
            );
            warnings.push(event_warning(WarningCode::LateEvent, seen, "at", message));
        }
        let mut not_numbers = self.not_numbers.clone();
        sort_by(&mut not_numbers, |a, b| a.message < b.message);
        warnings.extend(not_numbers);
        warnings
    }
}

/// The position of the event a warning's path points into (`events[3].props.size` is 3), if
/// it points into one. (A state keeps its warnings as they will be written, paths and all.)
fn event_position(path: &str) -> Option<u32> {
    let (position, _) = path.strip_prefix("events[")?.split_once(']')?;
    position.parse().ok()
}

/// A warning about some of a lead's events, pointing at `field` of the first of them.
fn event_warning(
    code: WarningCode,
    (first, count): (u32, u32),
    field: &str,
    message: String,
) -> Warning {
    Warning {
        code,
        message,
        path: format!("events[{first}].{field}"),
        count,
    }
}

/// "1 event" or "3 events".
fn counted(count: u32, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

/// The event's type id and the rules it meets (appended to `matches`), or None for a type no
/// rule knows. Property values a numeric condition cannot read go to `oddity`.
pub(crate) fn match_rules(
    model: &Model,
    event: &Event,
    index: u32,
    matches: &mut Vec<u32>,
    mut oddity: impl FnMut(Oddity),
) -> Option<u32> {
    let type_id = event
        .type_id
        .or_else(|| model.event_types.id(event.kind()))?;
    // Each property read at most once per event, however many rules test it; made on the first
    // rule with a filter (most events have none to meet), or for the type's index.
    let mut read: Option<PropertyReads> = None;
    #[cfg(feature = "json")]
    let candidates = match model.match_index.property(type_id) {
        None => Candidates::All,
        Some(property) => {
            let read = read.insert(PropertyReads::default());
            let value = (read.slot(&property.text).map(|entry| {
                entry.get_or_insert_with(|| (&property.text, event.props.get(&property.keys)))
            }))
            .and_then(|(_, value)| value.as_ref());
            model.match_index.candidates(type_id, value)
        }
    };
    let rules = model.event_types.rules(type_id);
    #[cfg(feature = "json")]
    let positions = candidates.positions(rules.len());
    // The small engine has no index (a visitor's few events): every rule of the type.
    #[cfg(not(feature = "json"))]
    let positions = 0..rules.len();
    for position in positions {
        let rule_index = rules[position];
        let rule = &model.intent.rules[rule_index as usize];
        let meets = rule.filter.is_empty() || {
            let read = read.get_or_insert_with(PropertyReads::default);
            rule.filter.iter().all(|(property, condition)| {
                let fresh;
                let value = match read.slot(&property.text) {
                    Some(entry) => entry
                        .get_or_insert_with(|| (&property.text, event.props.get(&property.keys)))
                        .1
                        .as_ref(),
                    None => {
                        fresh = event.props.get(&property.keys);
                        fresh.as_ref()
                    }
                };
                let mut oddities = Oddities::default();
                let holds = condition.holds(value, &mut oddities);
                if oddities.not_a_number {
                    oddity((
                        format!("events[{index}].props.{}", property.text),
                        rule.id.clone(),
                        value.map(|v| v.to_plain_string()).unwrap_or_default(),
                    ));
                }
                holds
            })
        };
        if meets {
            matches.push(rule_index);
        }
    }
    Some(type_id)
}

/// The first few properties an event's rules read, by path, with the values found (an event
/// type whose rules test more reads the rest again).
#[derive(Default)]
struct PropertyReads<'m, 'a> {
    entries: [Option<(&'m str, Option<Value<'a>>)>; 4],
}

impl<'m, 'a> PropertyReads<'m, 'a> {
    /// The entry for `path`: the one read before, or a free one; None when all are taken.
    fn slot(&mut self, path: &str) -> Option<&mut Option<(&'m str, Option<Value<'a>>)>> {
        (self.entries.iter_mut()).find(|entry| entry.as_ref().is_none_or(|(seen, _)| *seen == path))
    }
}

/// What preparing a lead reports of the events it leaves out and the values it cannot read,
/// each with the event's position in the lead's history and its time: the warning log, or
/// whatever keeps them to make the warnings of other as-of times later.
pub(crate) trait EventNotes {
    fn duplicate(&mut self, index: u32);
    fn after_as_of(&mut self, index: u32);
    fn unknown_type(&mut self, kind: &str, index: u32, at: i64);
    fn not_a_number(&mut self, oddity: Oddity, at: i64);
}

impl EventNotes for WarningLog {
    fn duplicate(&mut self, index: u32) {
        WarningLog::duplicate(self, index);
    }

    fn after_as_of(&mut self, index: u32) {
        WarningLog::after_as_of(self, index);
    }

    fn unknown_type(&mut self, kind: &str, index: u32, _at: i64) {
        WarningLog::unknown_type(self, kind, index);
    }

    fn not_a_number(&mut self, oddity: Oddity, _at: i64) {
        WarningLog::not_a_number(self, oddity);
    }
}

/// Fills `scratch.events` (sorted by time) and `scratch.matches` for this lead.
pub(crate) fn prepare(
    model: &Model,
    lead: &Lead,
    as_of: Timestamp,
    scratch: &mut Scratch,
    log: &mut impl EventNotes,
) {
    scratch.events.clear();
    scratch.matches.clear();
    find_duplicates(lead, scratch);
    let mut duplicates = scratch.duplicates.iter().peekable();
    for (index, event) in lead.events.iter().enumerate() {
        let index = index as u32;
        if duplicates.next_if(|d| **d == index).is_some() {
            log.duplicate(index);
            continue;
        }
        if event.at > as_of {
            log.after_as_of(index);
            continue;
        }
        let first_match = scratch.matches.len() as u32;
        let at = event.at.millis();
        let Some(type_id) = match_rules(model, event, index, &mut scratch.matches, |odd| {
            log.not_a_number(odd, at)
        }) else {
            log.unknown_type(event.kind(), index, at);
            continue;
        };
        scratch.events.push(Prepared {
            at,
            type_id,
            index,
            first_match,
            match_count: scratch.matches.len() as u32 - first_match,
        });
    }
    // Ties keep a fixed order whatever order the events came in.
    // The hot path: the standard sort, fast on the (usually nearly sorted) events. The small
    // engine scores one visitor's few events at a time and is built for size: the crate's small
    // sort (the order is total, as each event's index differs, so the same order).
    #[cfg(feature = "json")]
    scratch
        .events
        .sort_unstable_by_key(|e| (e.at, e.type_id, e.index));
    #[cfg(not(feature = "json"))]
    crate::sort::sort_by(&mut scratch.events, |a, b| {
        (a.at, a.type_id, a.index) < (b.at, b.type_id, b.index)
    });
}

/// Indexes of events whose id an earlier event (in input order) already used, found with a
/// small open-addressing table of (id hash, position) in the scratch memory.
fn find_duplicates(lead: &Lead, scratch: &mut Scratch) {
    scratch.duplicates.clear();
    let with_ids = lead.events.iter().filter(|e| e.id.is_some()).count();
    if with_ids < 2 {
        return;
    }
    let slots = (with_ids * 2).next_power_of_two();
    let table = &mut scratch.ids;
    table.clear();
    table.resize(slots, (0, u32::MAX));
    for (index, event) in lead.events.iter().enumerate() {
        let Some(id) = event.id() else { continue };
        let mut hasher = rustc_hash::FxHasher::default();
        id.hash(&mut hasher);
        let hash = hasher.finish();
        let mut slot = hash as usize & (slots - 1);
        loop {
            let (seen_hash, seen_index) = table[slot];
            if seen_index == u32::MAX {
                table[slot] = (hash, index as u32);
                break;
            }
            if seen_hash == hash && lead.events[seen_index as usize].id() == Some(id) {
                scratch.duplicates.push(index as u32);
                break;
            }
            slot = (slot + 1) & (slots - 1);
        }
    }
}
