//! A resident lead set for what-if work: leads read once from JSON text and kept in memory,
//! matched once per model shape (`matched.rs`: each event's rules, in fold order, for every
//! as-of time) and tabulated into the rule table at an as-of time. Where every lead stands under
//! a model (`standings.rs`) is then answered the cheapest exact way:
//!
//! - **reweigh**: a model of the same shape as a table's, at its as-of time (other points,
//!   caps, floors, threshold, bands, grid or MQL minimums), from the table alone;
//! - **refold**: a shape already matched at another as-of time, by folding the matched events
//!   up to the new time;
//! - **rescore**: another shape (conditions, windows, limits, decay, engagement, a rule whose
//!   points change sign), by matching the resident leads again: never by reading text again.
//!
//! A rule table also travels in bytes (`carried.rs`), so that an instance without the leads
//! reweighs from it: a page's main thread answers an edit of points there, in the same frame.
//!
//! Each gives exactly what a full rescore gives in every column; when a lead crossed the line
//! needs its events replayed in order, which [`LeadSet::result`] and [`LeadSet::story`] do for
//! one lead.

mod carried;
mod compact;
mod decided;
mod matched;
mod resident;
mod standings;
mod story;

pub use compact::{
    band_byte, change, change_ranks, int32, position16, Baseline, CompactStandings, BAND_BYTES,
    NO_BAND_BYTE,
};
pub use standings::{flags, Standings, NO_BAND};
pub use story::{EventStatus, LeadStory, MomentStanding, Step, StoryEvent};

use super::table::RuleRow;
use super::{Scorer, Scratch};
use crate::error::InputError;
use crate::lead::Lead;
use crate::result::ScoreResult;
use crate::time::Timestamp;
use matched::Matched;
use resident::Resident;

/// How many model shapes, and how many rule tables, a lead set keeps: a baseline's and an
/// edited model's.
const KEPT: usize = 2;

/// Leads read once and kept, with what answering the last models needed.
#[derive(Debug)]
pub struct LeadSet {
    leads: Resident,
    /// The leads matched against the last shapes asked about, newest first.
    matched: Vec<Matched>,
    /// The rule tables of the last shapes and as-of times asked about, newest first.
    tables: Vec<Table>,
    scratch: Scratch,
}

/// The rule table of every lead, for the models of one shape at one as-of time.
#[derive(Debug)]
struct Table {
    scorer: Scorer,
    as_of: Timestamp,
    rows: Vec<RuleRow>,
}

/// What answering a model took.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// From a rule table of the same shape and as-of time: no event looked at.
    Reweighed,
    /// A new rule table from the events already matched against this shape, folded up to the
    /// as-of time.
    Refolded,
    /// The resident leads matched against a new shape, then folded.
    Rescored,
}

impl Work {
    pub fn name(self) -> &'static str {
        match self {
            Work::Reweighed => "reweigh",
            Work::Refolded => "refold",
            Work::Rescored => "rescore",
        }
    }
}

impl LeadSet {
    /// Reads a JSON array of leads, once. A bad lead is an error whose path starts with its
    /// index (`[3].events[0].at`).
    pub fn from_json(text: String) -> Result<LeadSet, InputError> {
        Ok(LeadSet {
            leads: Resident::read(text)?,
            matched: Vec::new(),
            tables: Vec::new(),
            scratch: Scratch::default(),
        })
    }

    pub fn len(&self) -> usize {
        self.leads.leads().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes of JSON text the leads were read from.
    pub fn text_len(&self) -> usize {
        self.leads.text_len()
    }

    pub fn leads(&self) -> &[Lead<'_>] {
        self.leads.leads()
    }

    /// Where every lead stands under `scorer`'s model as of `as_of`, and what it took.
    pub fn standings(&mut self, scorer: &Scorer, as_of: Timestamp) -> (Standings, Work) {
        let work = self.tabulate(scorer, as_of);
        (scorer.standings_of(&self.tables[0].rows), work)
    }

    /// Where every lead stands under `scorer`'s model, matching the resident leads against it
    /// afresh (what [`LeadSet::standings`] does for a new shape).
    pub fn rescore(&mut self, scorer: &Scorer, as_of: Timestamp) -> Standings {
        self.forget(scorer);
        self.standings(scorer, as_of).0
    }

    /// Where every lead stands under `scorer`'s model from the newest rule table of its shape
    /// (at that table's as-of time), or None when there is none.
    pub fn reweigh(&mut self, scorer: &Scorer) -> Option<Standings> {
        let shape = self.tables.iter().position(|t| t.serves(scorer, None))?;
        self.tables[..=shape].rotate_right(1);
        Some(scorer.standings_of(&self.tables[0].rows))
    }

    /// Every lead's row of the rule table for `scorer`'s model as of `as_of`, in the set's order
    /// (the features calibration fits points to, for one).
    pub fn rows(&mut self, scorer: &Scorer, as_of: Timestamp) -> &[RuleRow] {
        self.tabulate(scorer, as_of);
        &self.tables[0].rows
    }

    /// The rule table of `scorer`'s model as of `as_of` in bytes, for
    /// [`LeadSet::reweigh_carried`] in an instance that does not hold the leads.
    pub fn carry(&mut self, scorer: &Scorer, as_of: Timestamp) -> Vec<u8> {
        self.tabulate(scorer, as_of);
        let rules = &scorer.model();
        let counts = (rules.fit.rules.len(), rules.intent.rules.len());
        carried::carry(&self.tables[0].rows, as_of, counts)
    }

    /// Where every lead of a carried table (from [`LeadSet::carry`] with `tabulated`'s model)
    /// stands under `scorer`'s model: exactly what [`LeadSet::standings`] gives, or None when the
    /// model is not of `tabulated`'s shape (a rescore, which needs the leads). Bytes that are
    /// not a table for `tabulated`'s rules are an error whose path is `table`.
    pub fn reweigh_carried(
        table: &[u8],
        tabulated: &Scorer,
        scorer: &Scorer,
    ) -> Result<Option<Standings>, InputError> {
        carried::reweigh(table, tabulated, scorer)
    }

    /// Where every lead of a carried table stands under `scorer`'s model when only the decision
    /// changed since `previous` (the standings [`LeadSet::reweigh_carried`] gave from this table
    /// for `previous`'s scorer): the threshold, MQL minimums, bands or grid, each lead's points
    /// kept. Exactly what a reweigh gives, or None when the points may differ (a reweigh must
    /// answer). Bytes that are not a table for `tabulated`'s rules are an error.
    pub fn redecide_carried(
        table: &[u8],
        tabulated: &Scorer,
        previous: (&Scorer, &Standings),
        scorer: &Scorer,
    ) -> Result<Option<Standings>, InputError> {
        decided::redecide(table, tabulated, previous, scorer)
    }

    /// Whether `table` is a carried table for `tabulated`'s rules (what
    /// [`LeadSet::reweigh_carried`] checks first), else an error whose path is `table`: for an
    /// instance that keeps a table to reweigh many models from.
    pub fn check_carried(table: &[u8], tabulated: &Scorer) -> Result<(), InputError> {
        carried::check_only(table, tabulated)
    }

    /// Lead `index`'s full result, its events replayed in order (with the crossing).
    pub fn result<'m>(
        &mut self,
        index: usize,
        scorer: &'m Scorer,
        as_of: Timestamp,
    ) -> Option<ScoreResult<'m>> {
        let lead = self.leads.leads().get(index)?;
        Some(scorer.score_with(lead, as_of, &mut self.scratch))
    }

    /// Lead `index` told in full: its result, events, score over time and waterfall.
    pub fn story<'m>(
        &mut self,
        index: usize,
        scorer: &'m Scorer,
        as_of: Timestamp,
    ) -> Option<LeadStory<'m, '_>> {
        let lead = self.leads.leads().get(index)?;
        Some(scorer.story(lead, as_of, &mut self.scratch))
    }

    /// Makes the newest table the one for `scorer`'s shape at `as_of`, the cheapest way.
    fn tabulate(&mut self, scorer: &Scorer, as_of: Timestamp) -> Work {
        if let Some(found) = self
            .tables
            .iter()
            .position(|t| t.serves(scorer, Some(as_of)))
        {
            self.tables[..=found].rotate_right(1);
            return Work::Reweighed;
        }
        let work = match self.matched.iter().position(|m| m.serves(scorer)) {
            Some(found) => {
                self.matched[..=found].rotate_right(1);
                Work::Refolded
            }
            None => {
                let leads = self.leads.leads();
                let matched = Matched::new(scorer, leads, &mut self.scratch);
                self.matched.insert(0, matched);
                self.matched.truncate(KEPT);
                Work::Rescored
            }
        };
        let rows = self.matched[0].tabulate(self.leads.leads(), as_of, &mut self.scratch);
        // The older table of this shape is of another as-of time: this one replaces it.
        self.tables.retain(|t| !t.serves(scorer, None));
        self.tables.insert(
            0,
            Table {
                scorer: scorer.clone(),
                as_of,
                rows,
            },
        );
        self.tables.truncate(KEPT);
        work
    }

    /// Drops what was kept for `scorer`'s shape.
    fn forget(&mut self, scorer: &Scorer) {
        self.matched.retain(|m| !m.serves(scorer));
        self.tables.retain(|t| !t.serves(scorer, None));
    }
}

impl Table {
    /// Whether this table serves `scorer`'s model (at `as_of`, when given).
    fn serves(&self, scorer: &Scorer, as_of: Option<Timestamp>) -> bool {
        as_of.is_none_or(|as_of| as_of == self.as_of)
            && self.scorer.model().same_shape(scorer.model())
    }
}
