//! A lead set matched against one model shape, for every as-of time at once: each lead's events
//! with the rules they meet, in fold order, and what its attributes give (the fit rules that
//! hold, the required fields it lacks); the events left out or unreadable are kept as notes with
//! their times, so the warnings of any as-of time can be made again. Tabulating at an as-of time
//! then folds each lead's events up to that time: no parsing, matching or sorting again.

use crate::engine::prepare::{self, EventNotes, Oddity, Prepared, WarningLog};
use crate::engine::table::{LeadSide, RuleRow};
use crate::engine::{Scorer, Scratch};
use crate::lead::Lead;
use crate::time::Timestamp;
use std::ops::Range;

/// The resident leads prepared for one model shape.
#[derive(Debug)]
pub(super) struct Matched {
    /// A scorer of the shape it was prepared for (its points do not matter here).
    scorer: Scorer,
    leads: Vec<MatchedLead>,
    /// Every lead's events, lead after lead, each lead's in fold order.
    events: Vec<Prepared>,
    /// The rules each event meets (`Prepared::rules`).
    matches: Vec<u32>,
}

#[derive(Debug)]
struct MatchedLead {
    events: Range<usize>,
    fit: Vec<bool>,
    missing: Vec<usize>,
    /// The warnings about its attributes (numbers a fit rule could not read).
    fit_log: WarningLog,
    /// Its events left out or unreadable, in the order preparing found them.
    notes: Vec<Note>,
}

/// An event that preparing left out or could not fully read.
#[derive(Debug, Clone)]
enum Note {
    Duplicate(u32),
    /// An event of a type no rule listens to: a warning when it is not after the as-of time.
    Unknown {
        index: u32,
        at: i64,
    },
    /// A property a numeric condition could not read: a warning when the event counts.
    NotANumber {
        at: i64,
        oddity: Oddity,
    },
}

/// Takes the notes of one lead's preparation. Preparing for every as-of time at once leaves no
/// event after the as-of time.
struct NoteTaker<'n>(&'n mut Vec<Note>);

impl EventNotes for NoteTaker<'_> {
    fn duplicate(&mut self, index: u32) {
        self.0.push(Note::Duplicate(index));
    }

    fn after_as_of(&mut self, index: u32) {
        // Nothing is after the end of time; were it so, the event would not count at any time.
        self.0.push(Note::Unknown {
            index,
            at: i64::MAX,
        });
    }

    fn unknown_type(&mut self, _kind: &str, index: u32, at: i64) {
        self.0.push(Note::Unknown { index, at });
    }

    fn not_a_number(&mut self, oddity: Oddity, at: i64) {
        self.0.push(Note::NotANumber { at, oddity });
    }
}

impl Matched {
    /// Matches every lead against `scorer`'s model.
    pub fn new(scorer: &Scorer, leads: &[Lead], scratch: &mut Scratch) -> Matched {
        let model = scorer.model();
        let mut matched = Matched {
            scorer: scorer.clone(),
            leads: Vec::with_capacity(leads.len()),
            events: Vec::new(),
            matches: Vec::new(),
        };
        for lead in leads {
            let mut fit_log = WarningLog::default();
            let fit = scorer.fit_holds(&lead.attributes, &mut fit_log);
            let mut notes = Vec::new();
            prepare::prepare(
                model,
                lead,
                Timestamp::LATEST,
                scratch,
                &mut NoteTaker(&mut notes),
            );
            let start = matched.events.len();
            let offset = matched.matches.len() as u32;
            matched.matches.extend_from_slice(&scratch.matches);
            (matched.events).extend(scratch.events.iter().map(|event| Prepared {
                first_match: event.first_match + offset,
                ..*event
            }));
            matched.leads.push(MatchedLead {
                events: start..matched.events.len(),
                fit,
                missing: scorer.missing_field_positions(&lead.attributes),
                fit_log,
                notes,
            });
        }
        matched
    }

    /// Whether this preparation serves `scorer`'s model (see [`Model::same_shape`]).
    ///
    /// [`Model::same_shape`]: crate::model::Model::same_shape
    pub fn serves(&self, scorer: &Scorer) -> bool {
        self.scorer.model().same_shape(scorer.model())
    }

    /// Every lead's row of the rule table as of `as_of`.
    pub fn tabulate(
        &self,
        leads: &[Lead],
        as_of: Timestamp,
        scratch: &mut Scratch,
    ) -> Vec<RuleRow> {
        let scorer = &self.scorer;
        let model = scorer.model();
        let Scratch { fold, tallies, .. } = scratch;
        let mut rows = Vec::with_capacity(leads.len());
        for (lead, matched) in leads.iter().zip(&self.leads) {
            let events = &self.events[matched.events.clone()];
            let counted = events.partition_point(|event| event.at <= as_of.millis());
            fold.reset(model);
            for event in &events[..counted] {
                fold.add(model, event.at, event.rules(&self.matches), event.index);
            }
            let side = LeadSide {
                fit: matched.fit.clone(),
                missing: matched.missing.clone(),
                log: matched.log_at(lead, as_of.millis(), &events[counted..]),
            };
            rows.push(scorer.row_of(lead, as_of, side, fold, tallies));
        }
        rows
    }
}

impl MatchedLead {
    /// The warnings of scoring the lead as of `as_of`, whose events `later` come after it.
    fn log_at(&self, lead: &Lead, as_of: i64, later: &[Prepared]) -> WarningLog {
        let mut log = self.fit_log.clone();
        for note in &self.notes {
            match note {
                Note::Duplicate(index) => log.duplicate(*index),
                Note::Unknown { index, at } if *at > as_of => log.after_as_of(*index),
                Note::Unknown { index, .. } => {
                    let kind = lead.events.get(*index as usize).map_or("", |e| e.kind());
                    log.unknown_type(kind, *index);
                }
                Note::NotANumber { at, oddity } if *at <= as_of => {
                    log.not_a_number(oddity.clone());
                }
                Note::NotANumber { .. } => {}
            }
        }
        for event in later {
            log.after_as_of(event.index);
        }
        log
    }
}
