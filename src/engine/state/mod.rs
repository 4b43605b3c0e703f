//! Incremental scoring: a lead's compact state (its attributes, the fold of its events and a
//! short hold of recent raw events), updated with new events. An update gives exactly the result
//! that scoring the lead's whole history would, as long as no event arrives after events more
//! than [`HOLD_MS`] (or [`HOLD_EVENTS`] events) newer than it were delivered.
//!
//! The state and its held events are here; `update.rs` is the scorer's side: starting a state,
//! taking new events into it, and folding the held events that can no longer be overtaken.

mod bytes;
mod fits;
mod update;

use super::crossing::Crossing;
use super::fold::Fold;
use super::prepare::{Oddity, WarningLog};
use crate::error::InputError;
use crate::value::Value;
use std::collections::VecDeque;

/// How long raw events are held back before they are folded, so that events delivered out of
/// order still land in place.
pub const HOLD_MS: i64 = 48 * 3_600_000;
/// The most raw events held back; beyond this the oldest are folded.
pub const HOLD_EVENTS: usize = 128;
/// How many ids of folded events a state remembers to tell a redelivery from a late event.
/// (Either way a redelivered event never counts twice: a folded event's time is already past.)
pub const REMEMBERED_IDS: usize = 64;

/// Version 2: a half-life rule keeps the sum of its events' shares rather than of their points.
const MAGIC: &[u8; 3] = b"LS\x02";
/// The tag of the states that leadscore 0.1 wrote before version 2.
const MAGIC_V1: &[u8; 3] = b"LS\x01";

/// A lead's scoring state: store it beside the lead and pass it to
/// [`Scorer::update`](super::Scorer::update) with the lead's new events. Its size depends on the
/// model's windows and limits, not on how long the lead's history is. Serialize it with
/// [`LeadState::to_bytes`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct LeadState {
    model: u64,
    lead_id: String,
    /// The lead's attributes as JSON text.
    attributes: String,
    /// How many events the lead has delivered: the next event's position in its history.
    received: u32,
    fold: Fold,
    crossing: Option<Crossing>,
    /// The time of the newest folded event: nothing at or before it can be folded any more.
    folded_until: Option<i64>,
    /// Raw events not yet folded, in fold order.
    held: VecDeque<HeldEvent>,
    /// Hashes of the ids of the most recently folded events.
    folded_ids: VecDeque<u64>,
    /// The folded events that the fold's trigger and crossing point at.
    refs: Vec<FoldedRef>,
    log: WarningLog,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub(super) struct HeldEvent {
    at: i64,
    index: u32,
    id: Option<String>,
    kind: HeldKind,
    matches: Matches,
    oddities: Vec<Oddity>,
}

/// The rules an event meets: a few inline (nearly every event), more on the heap.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
enum Matches {
    Few(u8, [u32; 3]),
    Many(Vec<u32>),
}

impl Matches {
    fn of(rules: &[u32]) -> Matches {
        match rules {
            [] | [_] | [_, _] | [_, _, _] => {
                let mut few = [0; 3];
                few[..rules.len()].copy_from_slice(rules);
                Matches::Few(rules.len() as u8, few)
            }
            _ => Matches::Many(rules.to_vec()),
        }
    }

    fn as_slice(&self) -> &[u32] {
        match self {
            Matches::Few(len, few) => &few[..*len as usize],
            Matches::Many(many) => many,
        }
    }
}

/// A held event's type: interned when a rule knows it, by name otherwise (for the warning).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
enum HeldKind {
    Known(u32),
    Unknown(String),
}

/// A folded event that the result may need to name.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
struct FoldedRef {
    index: u32,
    id: Option<String>,
    type_id: u32,
    at: i64,
}

impl HeldEvent {
    fn type_id(&self) -> Option<u32> {
        match self.kind {
            HeldKind::Known(id) => Some(id),
            HeldKind::Unknown(_) => None,
        }
    }

    fn order(&self) -> HeldKey {
        (self.at, self.type_id().unwrap_or(u32::MAX), self.index)
    }
}

fn id_hash(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// A held event's place in fold order: (time, type id, position).
pub(super) type HeldKey = (i64, u32, u32);

impl LeadState {
    pub fn lead_id(&self) -> &str {
        &self.lead_id
    }

    /// The lead's attributes as JSON text.
    pub fn attributes_json(&self) -> &str {
        &self.attributes
    }

    pub(super) fn set_attributes(&mut self, attributes: &Value) -> Result<(), InputError> {
        if !matches!(attributes, Value::Object(_)) {
            return Err(InputError::new("attributes", "must be an object"));
        }
        self.attributes = serde_json::to_string(attributes).unwrap_or_default();
        Ok(())
    }

    /// A copy of the fold of the events folded for good.
    pub(super) fn fold_snapshot(&self) -> Fold {
        self.fold.clone()
    }

    pub(super) fn crossing(&self) -> Option<Crossing> {
        self.crossing
    }

    /// Remembers the id of a folded event, forgetting the oldest beyond [`REMEMBERED_IDS`].
    fn remember_folded(&mut self, id: &str) {
        self.folded_ids.push_back(id_hash(id));
        if self.folded_ids.len() > REMEMBERED_IDS {
            self.folded_ids.pop_front();
        }
    }

    /// Keeps the folded events (of the moment at `at`) that the fold's trigger and crossing
    /// point at, and only those.
    fn keep_refs(&mut self, folded: impl Iterator<Item = HeldEvent>, at: i64) {
        for event in folded {
            let named = self
                .fold
                .instant
                .is_some_and(|hit| hit.event == event.index)
                || self.crossing.is_some_and(|c| c.event == event.index);
            if let (true, Some(type_id)) = (named, event.type_id()) {
                self.refs.push(FoldedRef {
                    index: event.index,
                    id: event.id,
                    type_id,
                    at,
                });
            }
        }
        let instant = self.fold.instant.map(|hit| hit.event);
        let crossing = self.crossing.map(|c| c.event);
        self.refs
            .retain(|r| Some(r.index) == instant || Some(r.index) == crossing);
    }

    /// The state as bytes: a 3-byte tag with the format version, then the fields.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = MAGIC.to_vec();
        bytes::write(self, &mut bytes);
        bytes
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<LeadState, InputError> {
        if bytes.starts_with(MAGIC_V1) {
            return Err(InputError::new(
                "state",
                "is a version 1 lead state, which this leadscore no longer reads: score the \
                 lead's history again to start a version 2 state",
            ));
        }
        let body = bytes
            .strip_prefix(MAGIC.as_slice())
            .ok_or_else(|| InputError::new("state", "is not a leadscore lead state (version 2)"))?;
        bytes::read(body).map_err(|err| {
            InputError::new("state", format!("is damaged and cannot be read ({err})"))
        })
    }
}
