//! Incremental scoring on the scorer's side: a state for a new lead, an update that takes its
//! new events in (holding them back a while, in fold order) and returns the result as of a
//! time, and the folding of held events once nothing can overtake them.

use super::{id_hash, HeldEvent, HeldKey, HeldKind, LeadState, Matches, HOLD_EVENTS, HOLD_MS};
use crate::engine::crossing::{Crossing, Moment};
use crate::engine::finish::{CrossingSearch, Findings};
use crate::engine::fold::Fold;
use crate::engine::prepare::{match_rules, WarningLog};
use crate::engine::standing::{FitScore, FitStanding};
use crate::engine::{event_ref_parts, Scorer, Scratch};
use crate::error::InputError;
use crate::lead::{deserialize_with_path, parse_events, Event, Lead};
use crate::result::ScoreResult;
use crate::time::Timestamp;
use crate::value::Value;
use std::collections::VecDeque;

impl Scorer {
    /// A state for a lead with no events yet: its id and attributes. Its events go to
    /// [`Scorer::update`].
    pub fn init_state(&self, lead: &Lead) -> Result<LeadState, InputError> {
        if !lead.events.is_empty() {
            return Err(InputError::new(
                "events",
                "a new state takes the lead's id and attributes; pass its events to update",
            ));
        }
        Ok(LeadState {
            model: self.model().fingerprint,
            lead_id: lead.id().to_string(),
            attributes: serde_json::to_string(&lead.attributes).unwrap_or_default(),
            received: 0,
            fold: {
                let mut fold = Fold::default();
                fold.reset(self.model());
                fold
            },
            crossing: None,
            folded_until: None,
            held: VecDeque::new(),
            folded_ids: VecDeque::new(),
            refs: Vec::new(),
            log: WarningLog::default(),
        })
    }

    /// Takes the lead's new events into `state` and returns its result as of `as_of`: the
    /// same result as scoring its whole history. `attributes`, when given, replace the lead's.
    /// On error the state is unchanged.
    pub fn update<'m>(
        &'m self,
        state: &mut LeadState,
        events: &[Event],
        as_of: Timestamp,
        attributes: Option<&Value>,
        scratch: &mut Scratch,
    ) -> Result<ScoreResult<'m>, InputError> {
        self.check_state(state, as_of, events.len())?;
        if let Some(attributes) = attributes {
            state.set_attributes(attributes)?;
        }
        let attributes_text = state.attributes.clone();
        let attributes: Value = serde_json::from_str(&attributes_text).unwrap_or_default();
        self.receive(state, events, &mut scratch.matches);
        let mut log = WarningLog::default();
        let fit = self.fit_score(&attributes, &mut log);
        let missing_fields = self.missing_fields(&attributes);
        let now = as_of.millis();
        let standing = FitStanding::of(&fit, &missing_fields);
        self.fold_settled(state, now, standing, scratch);

        // The result: the fold so far plus the held events up to the as-of time.
        let Scratch { fold, tallies, .. } = scratch;
        fold.clone_from(&state.fold);
        let mut crossing = state.crossing;
        self.fold_held(state, fold, &mut crossing, None, now, standing);
        let findings = self.state_findings(state, now, fit, missing_fields, crossing, log, as_of);
        Ok(self.finish(fold, findings, as_of, tallies, |index| {
            self.state_event_ref(state, index)
        }))
    }

    /// Refuses a state built with another model, and one whose inside does not fit this
    /// model (damaged or changed since it was saved: see `fits.rs`).
    pub fn check_model(&self, state: &LeadState) -> Result<(), InputError> {
        if state.model != self.model().fingerprint {
            return Err(InputError::new(
                "state",
                "was built with a different model; score the lead's full history with this one",
            ));
        }
        state.fits(self.model())
    }

    /// Refuses a state from another model or that does not fit it, an as-of time before what
    /// it has folded, and more events than positions left.
    pub(in crate::engine) fn check_state(
        &self,
        state: &LeadState,
        as_of: Timestamp,
        new_events: usize,
    ) -> Result<(), InputError> {
        self.check_model(state)?;
        self.check_moment(state, as_of, new_events)
    }

    /// Refuses an as-of time before what the state has folded, and more events than
    /// positions left.
    pub(in crate::engine) fn check_moment(
        &self,
        state: &LeadState,
        as_of: Timestamp,
        new_events: usize,
    ) -> Result<(), InputError> {
        if let Some(until) = state.folded_until.filter(|until| as_of.millis() < *until) {
            return Err(InputError::new(
                "asOf",
                format!(
                    "{as_of} is before {}, the newest event already folded into the state",
                    Timestamp::from_trusted_millis(until)
                ),
            ));
        }
        if new_events > (u32::MAX - state.received) as usize {
            return Err(InputError::new("events", "too many events for one lead"));
        }
        Ok(())
    }

    /// Folds the held events after `after` (in fold order) and up to `now` into `fold`, judging
    /// each moment for the crossing. Returns the order key of the last event folded.
    #[allow(clippy::too_many_arguments)]
    pub(in crate::engine) fn fold_held(
        &self,
        state: &LeadState,
        fold: &mut Fold,
        crossing: &mut Option<Crossing>,
        after: Option<HeldKey>,
        now: i64,
        fit: FitStanding,
    ) -> Option<HeldKey> {
        let model = self.model();
        let start = after.map_or(0, |key| state.held.partition_point(|e| e.order() <= key));
        let end = state.held.partition_point(|e| e.at <= now).max(start);
        let mut last = after;
        let mut judged: Option<Moment> = None;
        for position in start..end {
            let event = &state.held[position];
            if event.type_id().is_some() {
                fold.add(model, event.at, event.matches.as_slice(), event.index);
                judged
                    .get_or_insert_with(|| Moment::starting(event.at, event.index))
                    .include(self, event.index, event.matches.as_slice());
            }
            last = Some(event.order());
            // The moment ends with the last event at this time.
            let ends = position + 1 == end || state.held[position + 1].at != event.at;
            if ends {
                if let Some(moment) = judged.take() {
                    self.judge_moment(fold, crossing, &moment, fit);
                }
            }
        }
        last
    }

    /// What the result needs besides the fold: warnings from the state and its held events, and
    /// the attributes' side.
    #[allow(clippy::too_many_arguments)]
    pub(in crate::engine) fn state_findings<'m>(
        &'m self,
        state: &LeadState,
        now: i64,
        fit: FitScore<'m>,
        missing_fields: Vec<&'m str>,
        crossing: Option<Crossing>,
        attributes_log: WarningLog,
        as_of: Timestamp,
    ) -> Findings<'m> {
        let mut log = state.log.clone();
        for event in &state.held {
            if event.at <= now {
                note_folded(&mut log, event);
            } else {
                log.after_as_of(event.index);
            }
        }
        log.merge(attributes_log);
        Findings {
            lead_id: state.lead_id.clone(),
            fit,
            missing_fields,
            crossing: CrossingSearch::Replayed(crossing),
            warnings: log.finish(as_of),
        }
    }

    /// An event of the lead's history by position: a held one, or a folded one the fold names.
    pub(in crate::engine) fn state_event_ref(
        &self,
        state: &LeadState,
        index: u32,
    ) -> crate::result::EventRef {
        let held = state.held.iter().find(|e| e.index == index);
        let (id, type_id, at) = match held {
            Some(e) => (e.id.as_deref(), e.type_id().unwrap_or(0), e.at),
            None => state
                .refs
                .iter()
                .find(|r| r.index == index)
                .map_or((None, 0, 0), |r| (r.id.as_deref(), r.type_id, r.at)),
        };
        event_ref_parts(index, id, self.model().event_types.name(type_id), at)
    }

    /// [`Scorer::update`] on the wire: the state as bytes, the new events as JSON text (an array)
    /// and new attributes, if any, as JSON text (an object). Returns the new state's bytes and
    /// the result as JSON text. On error nothing changes.
    pub fn update_json(
        &self,
        state: &[u8],
        events: &str,
        as_of: Timestamp,
        attributes: Option<&str>,
        scratch: &mut Scratch,
    ) -> Result<(Vec<u8>, String), InputError> {
        let state = LeadState::from_bytes(state)?;
        let events = parse_events(events).map_err(|err| err.within("events"))?;
        self.update_events_json(state, &events, as_of, attributes, scratch)
    }

    /// [`Scorer::update_json`] with the state decoded and the new events read already (from
    /// the compact form, on the JavaScript binding's objects path).
    pub fn update_events_json(
        &self,
        mut state: LeadState,
        events: &[Event],
        as_of: Timestamp,
        attributes: Option<&str>,
        scratch: &mut Scratch,
    ) -> Result<(Vec<u8>, String), InputError> {
        self.limits().check_events(events, "events", 1)?;
        let attributes: Option<Value> = attributes
            .map(|text| deserialize_with_path(text).map_err(|err| err.within("attributes")))
            .transpose()?;
        let result = self.update(&mut state, events, as_of, attributes.as_ref(), scratch)?;
        let json = serde_json::to_string(&result).unwrap_or_default();
        Ok((state.to_bytes(), json))
    }

    /// Files new events: drops redeliveries and events too late to fold in place, and holds
    /// the rest, in fold order. Returns the earliest (in fold order) of those held.
    pub(in crate::engine) fn receive(
        &self,
        state: &mut LeadState,
        events: &[Event],
        matched: &mut Vec<u32>,
    ) -> Option<HeldKey> {
        let model = self.model();
        let mut earliest: Option<HeldKey> = None;
        for (offset, event) in events.iter().enumerate() {
            let index = state.received + offset as u32;
            if let Some(id) = event.id() {
                let seen = state
                    .held
                    .iter()
                    .any(|held| held.id.as_deref().is_some_and(|held| same_id(held, id)))
                    || state.folded_ids.contains(&id_hash(id));
                if seen {
                    state.log.duplicate(index);
                    continue;
                }
            }
            let at = event.at.millis();
            if state.folded_until.is_some_and(|until| at <= until) {
                state.log.late(index);
                continue;
            }
            matched.clear();
            let mut oddities = Vec::new();
            let kind = match match_rules(model, event, index, matched, |odd| oddities.push(odd)) {
                Some(type_id) => HeldKind::Known(type_id),
                None => HeldKind::Unknown(event.kind().to_string()),
            };
            let held = HeldEvent {
                at,
                index,
                id: event.id().map(str::to_string),
                kind,
                matches: Matches::of(matched),
                oddities,
            };
            // In fold order: almost always at the back (events come in roughly in time order).
            let order = held.order();
            let position = state.held.partition_point(|e| e.order() < order);
            state.held.insert(position, held);
            earliest = Some(earliest.map_or(order, |e| e.min(order)));
        }
        state.received += events.len() as u32;
        earliest
    }

    /// Folds the held events that can no longer be overtaken: moments up to `now` that are
    /// older than the hold time, or beyond the hold's size.
    pub(in crate::engine) fn fold_settled(
        &self,
        state: &mut LeadState,
        now: i64,
        fit: FitStanding,
        scratch: &mut Scratch,
    ) {
        let model = self.model();
        // Held events are in time order: the first is the oldest, the last the newest.
        while let (Some(first), Some(last)) = (state.held.front(), state.held.back()) {
            let (at, newest) = (first.at, last.at);
            let overflowing = state.held.len() > HOLD_EVENTS;
            if at > now || (!overflowing && newest - at < HOLD_MS) {
                break;
            }
            let mut judged: Option<Moment> = None;
            let moment = &mut scratch.moment;
            moment.clear();
            while state.held.front().is_some_and(|e| e.at == at) {
                let Some(event) = state.held.pop_front() else {
                    break;
                };
                note_folded(&mut state.log, &event);
                if let Some(id) = &event.id {
                    state.remember_folded(id);
                }
                if event.type_id().is_some() {
                    state
                        .fold
                        .add(model, at, event.matches.as_slice(), event.index);
                    judged
                        .get_or_insert_with(|| Moment::starting(at, event.index))
                        .include(self, event.index, event.matches.as_slice());
                }
                moment.push(event);
            }
            if let Some(judged) = judged {
                self.judge_moment(&mut state.fold, &mut state.crossing, &judged, fit);
            }
            state.folded_until = Some(at);
            state.keep_refs(moment.drain(..), at);
        }
    }
}

/// Whether two event ids are the same, compared from the end: ids of one lead's events mostly
/// share a prefix and differ at the end (`evt-1041.12`, `evt-1041.13`), so the first byte
/// compared settles almost every pair without a call to `memcmp`.
fn same_id(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().rev().eq(b.bytes().rev())
}

/// Records what folding (or counting) a held event says about the input.
fn note_folded(log: &mut WarningLog, event: &HeldEvent) {
    match &event.kind {
        HeldKind::Unknown(kind) => log.unknown_type(kind, event.index),
        HeldKind::Known(_) => {
            for odd in &event.oddities {
                log.not_a_number(odd.clone());
            }
        }
    }
}
