//! Calibration over the engine's rule table: each lead tabulated once as of its decision time
//! (no peeking at later events), its feature row read from the table, and every other model of
//! the same shape (the fitted one, each rule left out) scored by reweighing the rows, exactly as
//! a full rescore would score them.

use super::input::{CalibrationLead, Gate, LeadScore, Rescore};
use crate::engine::{RuleRow, Scorer, Scratch};
use crate::error::InputError;
use crate::lead::Lead;
use crate::model::Model;
use crate::result::ScoreResult;
use crate::time::Timestamp;

impl LeadScore {
    /// A result's total, and whether its MQL decision depends on the threshold: a hand-raiser
    /// is an MQL unless disqualified or missing required fields; any other lead is blocked by
    /// those, by no recent engagement, or by a fit or intent minimum, whatever its total.
    pub fn of(result: &ScoreResult, model: &Model) -> LeadScore {
        let policy = &model.mql;
        let held_back = result.disqualified || !result.missing_fields.is_empty();
        let stale = policy.recency_ms.is_some_and(|window| {
            (result.last_engagement_at)
                .is_none_or(|last| result.as_of.millis() - last.millis() >= window)
        });
        let fit_low = policy.min_fit.is_some_and(|min| (result.fit as f64) < min);
        let intent_low = policy
            .min_intent
            .is_some_and(|min| (result.intent as f64) < min);
        let gate = match result.hand_raiser {
            true if held_back => Gate::Blocked,
            true => Gate::Instant,
            false if held_back || stale || fit_low || intent_low => Gate::Blocked,
            false => Gate::Scored,
        };
        LeadScore {
            total: result.total,
            gate,
        }
    }
}

/// The rule table of the leads being calibrated, under the model that tabulated them.
#[derive(Debug, Clone)]
pub struct LeadTable {
    scorer: Scorer,
    rows: Vec<RuleRow>,
}

impl LeadTable {
    pub fn new(scorer: Scorer) -> LeadTable {
        LeadTable {
            scorer,
            rows: Vec::new(),
        }
    }

    /// Tabulates `lead` as of `decided_at` and returns it as a calibration lead with its
    /// outcome; the row is kept for rescoring.
    pub fn add(
        &mut self,
        lead: &Lead,
        converted: bool,
        decided_at: Timestamp,
        scratch: &mut Scratch,
    ) -> CalibrationLead {
        let row = self.scorer.tabulate(lead, decided_at, scratch);
        let score = LeadScore::of(&self.scorer.reweigh(&row), self.scorer.model());
        let calibration = CalibrationLead {
            id: row.lead_id().to_string(),
            converted,
            decided_at: Some(decided_at),
            score,
            features: row.features().collect(),
        };
        self.rows.push(row);
        calibration
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn model(&self) -> &Model {
        self.scorer.model()
    }
}

impl Rescore for LeadTable {
    fn rescore(&self, model: &Model) -> Result<Vec<LeadScore>, InputError> {
        if !self.scorer.model().same_shape(model) {
            return Err(InputError::new(
                "model",
                "differs from the tabulated model in more than points, caps, floors, threshold, bands, grid or MQL minimums",
            ));
        }
        let scorer = Scorer::new(model.clone());
        Ok(self
            .rows
            .iter()
            .map(|row| LeadScore::of(&scorer.reweigh(row), model))
            .collect())
    }
}
