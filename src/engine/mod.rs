//! The scorer: a compiled model that scores leads as of an explicit time, one at a time or in
//! batches, and explains each result.

mod accumulator;
#[cfg(feature = "json")]
mod batch;
#[cfg(feature = "json")]
mod batch_results;
pub(crate) mod caps;
mod crossing;
mod finish;
mod fold;
#[cfg(feature = "json")]
mod lead_set;
mod points;
pub(crate) mod prepare;
mod standing;
#[cfg(feature = "json")]
mod state;
#[cfg(feature = "json")]
mod store;
mod table;

#[cfg(feature = "json")]
pub use batch_results::{BatchResults, NotWritten};
#[cfg(feature = "json")]
pub use lead_set::{
    band_byte, change, change_ranks, flags, int32, position16, Baseline, CompactStandings,
    EventStatus, LeadSet, LeadStory, MomentStanding, Standings, Step, StoryEvent, Work, BAND_BYTES,
    NO_BAND, NO_BAND_BYTE,
};
#[cfg(feature = "json")]
pub use state::{LeadState, HOLD_EVENTS, HOLD_MS, REMEMBERED_IDS};
#[cfg(feature = "json")]
pub(crate) use store::no_lead;
#[cfg(feature = "json")]
pub use store::{LastPush, LeadHandle, LeadStore, Summary};
pub use table::RuleRow;

#[cfg(feature = "json")]
use crate::error::{InputError, ModelError};
#[cfg(feature = "json")]
use crate::lead::parse_lead;
use crate::lead::Lead;
use crate::limits::Limits;
use crate::model::Model;
use crate::result::{EventRef, ScoreResult};
use crate::time::Timestamp;
use accumulator::RuleTally;
use crossing::Moment;
use finish::{CrossingSearch, Findings};
use fold::Fold;
use prepare::{Prepared, WarningLog};
use standing::FitStanding;

/// A compiled model, ready to score leads. Build it once and score many leads with it.
#[derive(Debug, Clone)]
pub struct Scorer {
    model: Model,
    /// What a lead read from JSON text may hold.
    limits: Limits,
}

/// Working memory reused from one lead to the next, so a batch allocates once.
#[derive(Debug, Default)]
pub struct Scratch {
    events: Vec<Prepared>,
    matches: Vec<u32>,
    ids: Vec<(u64, u32)>,
    duplicates: Vec<u32>,
    tallies: Vec<RuleTally>,
    fold: Fold,
    /// The held events of the moment an incremental update is folding for good.
    #[cfg(feature = "json")]
    moment: Vec<state::HeldEvent>,
}

/// How much of each result a batch writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
    /// Everything: contributions, blockers, the crossing, warnings.
    #[default]
    Full,
    /// The scores and the decision only (see [`ScoreSummary`](crate::result::ScoreSummary)):
    /// smaller and faster to pass on.
    Summary,
}

/// What a batch does with a lead it cannot read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnError {
    /// Fail the whole batch with the first bad lead's error.
    #[default]
    Throw,
    /// Put `{"leadId", "error": {"name", "message", "path"}}` in that lead's place.
    Collect,
}

impl Scorer {
    pub fn new(model: Model) -> Self {
        Scorer {
            model,
            limits: Limits::default(),
        }
    }

    /// The same scorer, reading leads (and updates, and batches) from JSON text within `limits`.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Compiles a model from JSON text.
    #[cfg(feature = "json")]
    pub fn from_json(model: &str) -> Result<Self, ModelError> {
        Model::from_json(model).map(Scorer::new)
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Scores one lead as of `as_of`.
    pub fn score<'m>(&'m self, lead: &Lead, as_of: Timestamp) -> ScoreResult<'m> {
        self.score_with(lead, as_of, &mut Scratch::default())
    }

    /// Scores many leads as of the same time, reusing working memory between them.
    pub fn score_batch<'m>(&'m self, leads: &[Lead], as_of: Timestamp) -> Vec<ScoreResult<'m>> {
        let mut scratch = Scratch::default();
        leads
            .iter()
            .map(|lead| self.score_with(lead, as_of, &mut scratch))
            .collect()
    }

    /// Reads a lead from JSON text within this scorer's limits (see [`parse_lead`]).
    #[cfg(feature = "json")]
    pub fn read_lead<'t>(&self, json: &'t str) -> Result<Lead<'t>, InputError> {
        let lead = parse_lead(json)?;
        self.limits.check_lead(&lead)?;
        Ok(lead)
    }

    /// Reads a lead from JSON text and returns its result as JSON text.
    #[cfg(feature = "json")]
    pub fn score_json(&self, lead: &str, as_of: Timestamp) -> Result<String, InputError> {
        let lead = self.read_lead(lead)?;
        let result = self.score(&lead, as_of);
        Ok(serde_json::to_string(&result).unwrap_or_default())
    }

    /// Reads a JSON array of leads and returns a JSON array of results, in the same order.
    #[cfg(feature = "json")]
    pub fn score_batch_json(
        &self,
        leads: &str,
        as_of: Timestamp,
        on_error: OnError,
    ) -> Result<String, InputError> {
        self.score_batch_json_with(leads, as_of, on_error, Detail::Full)
    }

    /// Scores one lead as of `as_of` with the given working memory.
    pub fn score_with<'m>(
        &'m self,
        lead: &Lead,
        as_of: Timestamp,
        scratch: &mut Scratch,
    ) -> ScoreResult<'m> {
        let model = &self.model;
        let mut log = WarningLog::default();
        let fit = self.fit_score(&lead.attributes, &mut log);
        let missing_fields = self.missing_fields(&lead.attributes);
        prepare::prepare(model, lead, as_of, scratch, &mut log);
        let Scratch {
            events,
            matches,
            tallies,
            fold,
            ..
        } = scratch;
        fold.reset(model);
        let standing = FitStanding::of(&fit, &missing_fields);
        let mut crossing = None;
        for moment_events in events.chunk_by(|a, b| a.at == b.at) {
            // Once the crossing is found (or the attributes block it at every moment), the
            // rest of the events are only folded.
            if !self.may_cross(crossing, standing) {
                for event in moment_events {
                    fold.add(model, event.at, event.rules(matches), event.index);
                }
                continue;
            }
            let mut moment = Moment::starting(moment_events[0].at, moment_events[0].index);
            for event in moment_events {
                let rules = event.rules(matches);
                fold.add(model, event.at, rules, event.index);
                moment.include(self, event.index, rules);
            }
            self.judge_moment(fold, &mut crossing, &moment, standing);
        }
        let resolve = |index: u32| event_ref(lead, index);
        let findings = Findings {
            lead_id: lead.id().to_string(),
            fit,
            missing_fields,
            crossing: CrossingSearch::Replayed(crossing),
            warnings: log.finish(as_of),
        };
        self.finish(fold, findings, as_of, tallies, resolve)
    }
}

fn event_ref(lead: &Lead, index: u32) -> EventRef {
    let event = &lead.events[index as usize];
    event_ref_parts(index, event.id(), event.kind(), event.at.millis())
}

fn event_ref_parts(index: u32, id: Option<&str>, kind: &str, at: i64) -> EventRef {
    EventRef {
        index: index as usize,
        id: id.map(str::to_string),
        kind: kind.to_string(),
        at: Timestamp::from_trusted_millis(at),
    }
}
