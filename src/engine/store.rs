//! A resident lead store: lead states kept in memory between events (a long-running process, a
//! warm serverless instance, a page), so that an event costs a fold step instead of decoding,
//! replaying and re-encoding the lead's state. Each lead also keeps a view: its fold with the
//! held events already taken in, extended as in-order events arrive and rebuilt when one arrives
//! out of order. Results are the same as [`Scorer::update`]'s, and so as full scoring's.

use super::crossing::Crossing;
use super::fold::Fold;
use super::prepare::WarningLog;
use super::standing::FitStanding;
use super::state::{HeldKey, LeadState};
use super::{Scorer, Scratch};
use crate::error::InputError;
use crate::lead::Event;
use crate::model::band_index;
use crate::result::ScoreResult;
use crate::time::Timestamp;
use crate::value::Value;
use rustc_hash::FxHashMap;

/// Lead states in memory, by lead id.
#[derive(Debug, Default)]
pub struct LeadStore {
    handles: FxHashMap<String, LeadHandle>,
    leads: FxHashMap<LeadHandle, Resident>,
    /// The last handle given.
    issued: u64,
    scratch: Scratch,
}

/// A number the store gives for a lead id while it holds the lead, so that a caller that pushes
/// often can keep it instead of the id (see [`LeadStore::push_by`]). A lead keeps its handle when
/// its state is replaced; a handle is never given again once its lead is removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LeadHandle(u64);

impl LeadHandle {
    /// The handle as a number (from 1; far below 2^53, so exact as a double).
    pub fn get(self) -> u64 {
        self.0
    }

    pub fn from_number(number: u64) -> Self {
        LeadHandle(number)
    }
}

#[derive(Debug)]
struct Resident {
    state: LeadState,
    view: Option<View>,
    /// The attributes' side, worked out once per attributes.
    fit: Option<FitStanding>,
    last: Option<LastPush>,
    /// The fingerprint of the model the state was found to fit (checked on its first push, as
    /// it may come from bytes; the engine's own changes keep it fitting).
    fits: Option<u64>,
}

/// What the last push found, kept for quick questions about the lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastPush {
    pub total: i64,
    pub mql: bool,
    /// The position of the lead's band in the model's bands.
    pub band: Option<usize>,
    pub as_of: Timestamp,
    /// Fit and intent, each within its own bounds (what an account rolls up).
    pub fit: i64,
    pub intent: i64,
    /// A fit or an intent rule disqualifies the lead.
    pub disqualified: bool,
    pub last_engagement_at: Option<Timestamp>,
}

/// The lead's fold with its held events up to `now` taken in.
#[derive(Debug)]
struct View {
    fold: Fold,
    crossing: Option<Crossing>,
    /// The last held event in the fold, in fold order.
    last: Option<HeldKey>,
    now: i64,
}

/// A lead's score after an event: what a caller checks on every event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary<'m> {
    pub total: i64,
    pub mql: bool,
    pub band: Option<&'m str>,
}

impl LeadStore {
    pub fn new() -> Self {
        LeadStore::default()
    }

    pub fn len(&self) -> usize {
        self.leads.len()
    }

    pub fn is_empty(&self) -> bool {
        self.leads.is_empty()
    }

    pub fn contains(&self, lead_id: &str) -> bool {
        self.handles.contains_key(lead_id)
    }

    /// The lead's handle, while the store holds it.
    pub fn handle(&self, lead_id: &str) -> Option<LeadHandle> {
        self.handles.get(lead_id).copied()
    }

    /// Adds (or replaces) a lead's state, under its lead id.
    pub fn insert(&mut self, state: LeadState) -> Option<LeadState> {
        let resident = Resident {
            state,
            view: None,
            fit: None,
            last: None,
            fits: None,
        };
        if let Some(held) = self.handle(resident.state.lead_id()) {
            return self
                .leads
                .insert(held, resident)
                .map(|replaced| replaced.state);
        }
        self.issued += 1;
        let handle = LeadHandle(self.issued);
        self.handles
            .insert(resident.state.lead_id().to_string(), handle);
        self.leads.insert(handle, resident);
        None
    }

    pub fn remove(&mut self, lead_id: &str) -> Option<LeadState> {
        let handle = self.handles.remove(lead_id)?;
        self.leads.remove(&handle).map(|resident| resident.state)
    }

    fn resident(&self, lead_id: &str) -> Option<&Resident> {
        self.handle(lead_id)
            .and_then(|handle| self.leads.get(&handle))
    }

    /// What the lead's last push found.
    pub fn last(&self, lead_id: &str) -> Option<LastPush> {
        self.resident(lead_id).and_then(|resident| resident.last)
    }

    /// The lead's state, to save (see [`LeadState::to_bytes`]).
    pub fn state(&self, lead_id: &str) -> Option<&LeadState> {
        self.resident(lead_id).map(|resident| &resident.state)
    }

    /// Replaces the lead's attributes.
    pub fn set_attributes(&mut self, lead_id: &str, attributes: &Value) -> Result<(), InputError> {
        let handle = self.handle(lead_id).ok_or_else(|| no_lead(lead_id))?;
        let resident = resident_at(&mut self.leads, handle)?;
        resident.state.set_attributes(attributes)?;
        // Fit changed: the moments judged so far must be judged again.
        resident.view = None;
        resident.fit = None;
        Ok(())
    }

    /// Takes the lead's new events in and returns its standing as of `as_of`.
    pub fn push<'m>(
        &mut self,
        scorer: &'m Scorer,
        lead_id: &str,
        events: &[Event],
        as_of: Timestamp,
    ) -> Result<Summary<'m>, InputError> {
        let handle = self.handle(lead_id).ok_or_else(|| no_lead(lead_id))?;
        self.push_by(scorer, handle, events, as_of)
    }

    /// [`LeadStore::push`] to the lead with this handle.
    pub fn push_by<'m>(
        &mut self,
        scorer: &'m Scorer,
        handle: LeadHandle,
        events: &[Event],
        as_of: Timestamp,
    ) -> Result<Summary<'m>, InputError> {
        let LeadStore { leads, scratch, .. } = self;
        let resident = resident_at(leads, handle)?;
        let fingerprint = scorer.model().fingerprint;
        if resident.fits != Some(fingerprint) {
            scorer.check_model(&resident.state)?;
            resident.fits = Some(fingerprint);
        }
        scorer.check_moment(&resident.state, as_of, events.len())?;
        let now = as_of.millis();
        let earliest_new = scorer.receive(&mut resident.state, events, &mut scratch.matches);
        let state = &resident.state;
        let fit = *resident.fit.get_or_insert_with(|| {
            let attributes: Value =
                serde_json::from_str(state.attributes_json()).unwrap_or_default();
            let fit = scorer.fit_score(&attributes, &mut WarningLog::default());
            FitStanding::of(&fit, &scorer.missing_fields(&attributes))
        });
        // An event at or before what the view has taken in (or in the same moment) changes
        // what it has judged: start it again.
        let stale = match (&resident.view, earliest_new) {
            (Some(view), Some(new)) => view.last.is_some_and(|last| new.0 <= last.0),
            _ => false,
        };
        if stale || resident.view.as_ref().is_some_and(|view| view.now > now) {
            resident.view = None;
        }
        let view = resident.view.get_or_insert_with(|| View {
            fold: resident.state.fold_snapshot(),
            crossing: resident.state.crossing(),
            last: None,
            now,
        });
        view.last = scorer.fold_held(
            &resident.state,
            &mut view.fold,
            &mut view.crossing,
            view.last,
            now,
            fit,
        );
        view.now = now;
        // Only now fold the settled events into the state for good: the view has them all (a
        // settled event is never after `now`), so it stays the fold of the same events.
        scorer.fold_settled(&mut resident.state, now, fit, scratch);
        let (intent, total, pass) = scorer.fold_points(fit, &view.fold, now);
        let standing = scorer.standing(fit, intent, total, &pass, now);
        let bands = &scorer.model().bands;
        let band = band_index(bands, total);
        resident.last = Some(LastPush {
            total,
            mql: standing.is_mql(),
            band,
            as_of,
            fit: fit.points,
            intent,
            disqualified: fit.disqualified || pass.disqualified,
            last_engagement_at: pass.last_engagement.map(Timestamp::from_trusted_millis),
        });
        Ok(Summary {
            total,
            mql: standing.is_mql(),
            band: band.map(|index| bands[index].name.as_str()),
        })
    }

    /// The lead's full result as of `as_of` (no earlier than its last push).
    pub fn result<'m>(
        &mut self,
        scorer: &'m Scorer,
        lead_id: &str,
        as_of: Timestamp,
    ) -> Result<ScoreResult<'m>, InputError> {
        let handle = self.handle(lead_id).ok_or_else(|| no_lead(lead_id))?;
        let LeadStore { leads, scratch, .. } = self;
        let resident = resident_at(leads, handle)?;
        scorer.update(&mut resident.state, &[], as_of, None, scratch)
    }
}

/// The resident entry of the lead with this handle. Takes the map, not the store, so that a
/// caller can hold the store's scratch at the same time.
fn resident_at(
    leads: &mut FxHashMap<LeadHandle, Resident>,
    handle: LeadHandle,
) -> Result<&mut Resident, InputError> {
    leads.get_mut(&handle).ok_or_else(|| {
        InputError::new(
            "leadId",
            format!("no lead with the handle {} in the store", handle.0),
        )
    })
}

/// The error for a lead id the store does not hold.
pub(crate) fn no_lead(lead_id: &str) -> InputError {
    InputError::new("leadId", format!("no lead {lead_id:?} in the store"))
}
