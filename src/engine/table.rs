//! The rule table: what a lead earned from each rule as of a time, without the rules' points.
//! A row holds which fit rules hold and each intent rule's tally in units (counted events and
//! their shares left after decay, within limits and windows), so the result for other points,
//! caps, floors, threshold, bands, grid or MQL minimums comes from the row alone, exactly as a
//! full rescore gives it, and calibration reads its features from the same row.

use super::accumulator::RuleTally;
use super::finish::{CrossingSearch, Findings};
use super::fold::{Fold, IntentPass};
use super::prepare::{self, WarningLog};
use super::{event_ref, Scorer, Scratch};
use crate::lead::Lead;
use crate::model::{FitRule, IntentRule, Model};
use crate::result::{EventRef, ScoreResult, Warning};
use crate::time::Timestamp;

/// What a row holds of a lead besides its intent fold: which fit rules hold, the required
/// fields it lacks (by position in the MQL policy), and the warnings about its input.
pub(super) struct LeadSide {
    pub fit: Vec<bool>,
    pub missing: Vec<usize>,
    pub log: WarningLog,
}

/// One lead's row of the rule table, made by [`Scorer::tabulate`].
#[derive(Debug, Clone, PartialEq)]
pub struct RuleRow {
    lead_id: String,
    as_of: Timestamp,
    /// Whether each fit rule holds, in model order.
    fit: Vec<bool>,
    /// Each intent rule's tally, in model order, at the tabulating model's points.
    intent: Vec<RuleTally>,
    pass: IntentPass,
    /// The required fields the lead lacks, by position in the MQL policy.
    missing: Vec<usize>,
    /// The instant trigger's event, when there is one within the recency window.
    trigger_event: Option<EventRef>,
    warnings: Vec<Warning>,
}

impl RuleRow {
    pub fn lead_id(&self) -> &str {
        &self.lead_id
    }

    pub fn as_of(&self) -> Timestamp {
        self.as_of
    }

    /// The warnings about the lead's input, as its full result holds them.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// One number per rule, fit rules first, in model order: 1 or 0 for a fit rule (it holds
    /// or not), and for an intent rule the times its points count after decay (its units), so
    /// that a rule's points are always its value here times the rule's points.
    pub fn features(&self) -> impl Iterator<Item = f64> + '_ {
        let fit = self.fit.iter().map(|&holds| f64::from(u8::from(holds)));
        fit.chain(self.intent.iter().map(|tally| tally.units))
    }

    /// Whether each fit rule holds, in model order.
    pub fn fit_holds(&self) -> &[bool] {
        &self.fit
    }

    /// How many of the lead's events each intent rule matched, in model order.
    pub fn intent_matched(&self) -> impl Iterator<Item = u32> + '_ {
        self.intent.iter().map(|tally| tally.matched)
    }

    /// Each intent rule's tally, in model order, at the tabulating model's points.
    #[cfg(feature = "json")]
    pub(super) fn intent_tallies(&self) -> &[RuleTally] {
        &self.intent
    }

    /// What the fold found besides the tallies: the trigger, the last engagement, whether an
    /// intent rule disqualifies the lead.
    #[cfg(feature = "json")]
    pub(super) fn pass(&self) -> &IntentPass {
        &self.pass
    }

    /// Whether the lead lacks any of the required fields.
    #[cfg(feature = "json")]
    pub(super) fn incomplete(&self) -> bool {
        !self.missing.is_empty()
    }

    /// The newest time each intent rule counted an event, in model order.
    pub fn intent_last_at(&self) -> impl Iterator<Item = Option<Timestamp>> + '_ {
        let newest = |tally: &RuleTally| tally.newest.map(Timestamp::from_trusted_millis);
        self.intent.iter().map(newest)
    }
}

impl Scorer {
    /// The lead's row of the rule table as of `as_of`: its events folded once, without
    /// looking for when it crossed the line (which depends on the points).
    pub fn tabulate(&self, lead: &Lead, as_of: Timestamp, scratch: &mut Scratch) -> RuleRow {
        let model = self.model();
        let mut log = WarningLog::default();
        let fit = self.fit_holds(&lead.attributes, &mut log);
        let missing = self.missing_field_positions(&lead.attributes);
        prepare::prepare(model, lead, as_of, scratch, &mut log);
        let Scratch {
            events,
            matches,
            tallies,
            fold,
            ..
        } = scratch;
        fold.reset(model);
        for event in events.iter() {
            fold.add(model, event.at, event.rules(matches), event.index);
        }
        let side = LeadSide { fit, missing, log };
        self.row_of(lead, as_of, side, fold, tallies)
    }

    /// The row of a lead whose events up to `as_of` are in `fold`, and whose attributes and
    /// events gave `side`.
    pub(super) fn row_of(
        &self,
        lead: &Lead,
        as_of: Timestamp,
        side: LeadSide,
        fold: &Fold,
        tallies: &mut Vec<RuleTally>,
    ) -> RuleRow {
        let pass = fold.read(self.model(), as_of.millis(), tallies);
        RuleRow {
            lead_id: lead.id().to_string(),
            as_of,
            fit: side.fit,
            intent: tallies.clone(),
            pass,
            missing: side.missing,
            trigger_event: pass.trigger.map(|hit| event_ref(lead, hit.event)),
            warnings: side.log.finish(as_of),
        }
    }

    /// The result for a row of a model of the same shape (see [`Model::same_shape`]), worked
    /// out from the row with this model's points, caps, floors, threshold, bands, grid and MQL
    /// minimums: exactly what [`Scorer::score`] gives for the lead, except `crossed_at` and
    /// `crossing_event`, which depend on replaying the events in order and are `None` here.
    pub fn reweigh<'m>(&'m self, row: &RuleRow) -> ScoreResult<'m> {
        let model = self.model();
        let tallies: Vec<RuleTally> = (row.intent.iter().zip(&model.intent.rules))
            .map(|(tally, rule)| tally.at_points(rule.points))
            .collect();
        let required = &model.mql.required_fields;
        let findings = Findings {
            lead_id: row.lead_id.clone(),
            fit: self.fit_award(&row.fit),
            missing_fields: (row.missing.iter().filter_map(|&i| required.get(i)))
                .map(|field| field.text.as_str())
                .collect(),
            crossing: CrossingSearch::NotReplayed,
            warnings: row.warnings.clone(),
        };
        let trigger_event = |_| row.trigger_event.clone().unwrap_or_else(no_event);
        self.judge(findings, row.as_of, &tallies, &row.pass, trigger_event)
    }
}

/// Never called: a row has a trigger event whenever its pass has a trigger.
fn no_event() -> EventRef {
    EventRef {
        index: 0,
        id: None,
        kind: String::new(),
        at: Timestamp::from_trusted_millis(0),
    }
}

impl Model {
    /// Whether `other`'s rule table serves this model: the same rules (ids, conditions,
    /// events, limits, windows, decay, engagement, triggers, disqualifiers), recency window and
    /// required fields, so that the models differ at most in labels, points, caps, floors, the
    /// threshold, bands, the grid and the MQL minimums.
    pub fn same_shape(&self, other: &Model) -> bool {
        let fit_alike = |a: &FitRule, b: &FitRule| {
            (a.id == b.id && a.attribute == b.attribute && a.when == b.when)
                && a.disqualify == b.disqualify
        };
        let intent_alike = |a: &IntentRule, b: &IntentRule| {
            (a.id == b.id && a.events == b.events && a.filter == b.filter)
                && (a.counting == b.counting && a.decay == b.decay)
                && (a.instant, a.disqualify, a.engagement)
                    == (b.instant, b.disqualify, b.engagement)
        };
        let rules_alike = |a: &[FitRule], b: &[FitRule]| {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| fit_alike(a, b))
        };
        let intent_rules_alike = |a: &[IntentRule], b: &[IntentRule]| {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| intent_alike(a, b))
        };
        rules_alike(&self.fit.rules, &other.fit.rules)
            && intent_rules_alike(&self.intent.rules, &other.intent.rules)
            && self.mql.recency_ms == other.mql.recency_ms
            && self.mql.required_fields == other.mql.required_fields
    }
}
