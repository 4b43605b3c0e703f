//! Where every lead of a set stands under a model at an as-of time, in columns (scores, bands,
//! the MQL decision), worked out from rule-table rows with the model's points, caps, floors,
//! threshold, bands, grid and MQL minimums: exactly the fields a full result gives, without
//! building one. When each lead crossed the line is not here: it depends on replaying events in
//! order (`LeadSet::result` replays one lead's).

use crate::engine::accumulator::RuleTally;
use crate::engine::fold::IntentPass;
use crate::engine::points::round_points;
use crate::engine::standing::FitStanding;
use crate::engine::table::RuleRow;
use crate::engine::Scorer;
use crate::model::band_index;
use crate::result::MqlReason;
use crate::time::Timestamp;

/// A band position meaning "no band" (the score is below every band, or there are none).
pub const NO_BAND: u32 = u32::MAX;

/// Bits of [`Standings::flags`].
pub mod flags {
    /// The lead is an MQL.
    pub const MQL: u8 = 1;
    /// An instant trigger fired within the recency window (the result's `handRaiser`).
    pub const HAND_RAISER: u8 = 2;
    /// A rule disqualifies the lead.
    pub const DISQUALIFIED: u8 = 4;
    /// The lead reached the bar by its score (`mqlReason: "threshold"`).
    pub const THRESHOLD: u8 = 8;
    /// The lead reached the bar by a hand-raise (`mqlReason: "instant"`). A lead that reached
    /// the bar and is no MQL is blocked.
    pub const INSTANT: u8 = 16;
}

/// Every lead's scores and MQL decision, lead by lead in the set's order. Each column holds
/// exactly what the lead's full result holds in the field of that name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Standings {
    pub as_of: Option<Timestamp>,
    pub fit: Vec<i64>,
    pub intent: Vec<i64>,
    pub total: Vec<i64>,
    /// The position of the lead's band in the model's bands, or [`NO_BAND`].
    pub band: Vec<u32>,
    /// The positions of the lead's fit and intent bands in the model's grid, or [`NO_BAND`]
    /// (always, without a grid). The grid cell is the two bands' names.
    pub fit_band: Vec<u32>,
    pub intent_band: Vec<u32>,
    /// The MQL decision, in the bits of [`flags`].
    pub flags: Vec<u8>,
}

impl Standings {
    pub fn len(&self) -> usize {
        self.total.len()
    }

    pub fn is_empty(&self) -> bool {
        self.total.is_empty()
    }

    /// Whether lead `index` is an MQL.
    pub fn mql(&self, index: usize) -> bool {
        self.flags.get(index).is_some_and(|f| f & flags::MQL != 0)
    }

    /// How many leads are MQLs.
    pub fn mql_count(&self) -> usize {
        (self.flags.iter()).filter(|f| *f & flags::MQL != 0).count()
    }

    pub(super) fn with_capacity(capacity: usize) -> Standings {
        Standings {
            as_of: None,
            fit: Vec::with_capacity(capacity),
            intent: Vec::with_capacity(capacity),
            total: Vec::with_capacity(capacity),
            band: Vec::with_capacity(capacity),
            fit_band: Vec::with_capacity(capacity),
            intent_band: Vec::with_capacity(capacity),
            flags: Vec::with_capacity(capacity),
        }
    }
}

/// What where a lead stands is worked out from: the parts of its rule-table row that do not
/// depend on the points.
pub(super) struct RowParts<'a> {
    pub as_of: Timestamp,
    /// Whether each fit rule holds, in model order.
    pub fit: &'a [bool],
    /// Each intent rule's tally, in model order (its points are the model's to set).
    pub tallies: &'a [RuleTally],
    pub pass: &'a IntentPass,
    /// Whether the lead lacks any of the required fields.
    pub incomplete: bool,
}

impl<'a> RowParts<'a> {
    fn of(row: &'a RuleRow) -> RowParts<'a> {
        RowParts {
            as_of: row.as_of(),
            fit: row.fit_holds(),
            tallies: row.intent_tallies(),
            pass: row.pass(),
            incomplete: row.incomplete(),
        }
    }
}

fn position(index: Option<usize>) -> u32 {
    index.map_or(NO_BAND, |index| u32::try_from(index).unwrap_or(NO_BAND))
}

impl Scorer {
    /// Where each row's lead stands under this model, which must be of the same shape as the
    /// one that tabulated the rows (see [`Model::same_shape`](crate::model::Model::same_shape)).
    pub(super) fn standings_of(&self, rows: &[RuleRow]) -> Standings {
        let mut standings = Standings::with_capacity(rows.len());
        standings.as_of = rows.first().map(RuleRow::as_of);
        for row in rows {
            self.stand(&RowParts::of(row), &mut standings);
        }
        standings
    }

    /// Appends where the row's lead stands: what [`Scorer::reweigh`] gives, in columns.
    pub(super) fn stand(&self, row: &RowParts, out: &mut Standings) {
        let holds = row.fit.iter().copied();
        let tallies = row.tallies.iter().map(|tally| (tally.counted, tally.units));
        let points = self.points_from(holds, tallies, row.pass.disqualified);
        self.decide(points, row, out);
    }

    /// A lead's points under this model from whether each fit rule holds and each intent rule's
    /// counted events and units (in model order), and whether an event disqualifies it: all that
    /// the model's points, caps and floors decide. A rule that counted events is worth its points
    /// times its units (its tally's decayed points, `RuleTally::at_points`), added up by
    /// `Scorer::intent_points_of`.
    pub(super) fn points_from(
        &self,
        holds: impl Iterator<Item = bool>,
        tallies: impl Iterator<Item = (u32, f64)>,
        event_disqualifies: bool,
    ) -> LeadPoints {
        let model = self.model();
        let mut fit_points = 0;
        let mut disqualified = event_disqualifies;
        for (rule, _) in (model.fit.rules.iter().zip(holds)).filter(|(_, holds)| *holds) {
            fit_points += round_points(rule.points);
            disqualified |= rule.disqualify;
        }
        let fit = model.fit.bounds.clamp(fit_points);
        let intent = self.intent_points_of(
            (model.intent.rules.iter().zip(tallies))
                .map(|(rule, (counted, units))| (counted, rule.points * units)),
        );
        LeadPoints {
            fit,
            intent,
            total: model.total.clamp(fit + intent),
            disqualified,
        }
    }

    /// Appends the lead of `points` and `row`: its MQL decision, band and grid cell under this
    /// model's threshold, MQL minimums, bands and grid (of the row, only its as-of time, pass
    /// and missing fields are read).
    pub(super) fn decide(&self, points: LeadPoints, row: &RowParts, out: &mut Standings) {
        let (fit_band, intent_band) = self.grid_positions(points.fit, points.intent);
        out.fit.push(points.fit);
        out.intent.push(points.intent);
        out.total.push(points.total);
        out.band.push(self.band_position(points.total));
        out.fit_band.push(fit_band);
        out.intent_band.push(intent_band);
        out.flags.push(self.decision(points, row));
    }

    /// The MQL decision in the bits of [`flags`] of the lead of `points` and `row` under this
    /// model's threshold and MQL minimums.
    pub(super) fn decision(&self, points: LeadPoints, row: &RowParts) -> u8 {
        let LeadPoints {
            fit,
            intent,
            total,
            disqualified,
        } = points;
        let pass = row.pass;
        // Disqualified by a fit rule or by an event: the decision reads only the two together.
        let fit_standing = FitStanding {
            points: fit,
            disqualified,
            incomplete: row.incomplete,
        };
        let standing = self.standing(fit_standing, intent, total, pass, row.as_of.millis());
        let mut bits = 0;
        for (holds, bit) in [
            (standing.is_mql(), flags::MQL),
            (pass.trigger.is_some(), flags::HAND_RAISER),
            (disqualified, flags::DISQUALIFIED),
            (
                standing.reason == Some(MqlReason::Threshold),
                flags::THRESHOLD,
            ),
            (standing.reason == Some(MqlReason::Instant), flags::INSTANT),
        ] {
            if holds {
                bits |= bit;
            }
        }
        bits
    }

    /// The position of the band of `total` points in this model's bands, or [`NO_BAND`].
    pub(super) fn band_position(&self, total: i64) -> u32 {
        position(band_index(&self.model().bands, total))
    }

    /// The positions of the fit and intent bands of these points in this model's grid, or
    /// [`NO_BAND`] (always, without a grid).
    pub(super) fn grid_positions(&self, fit: i64, intent: i64) -> (u32, u32) {
        match &self.model().grid {
            Some(grid) => (
                position(band_index(&grid.fit, fit)),
                position(band_index(&grid.intent, intent)),
            ),
            None => (NO_BAND, NO_BAND),
        }
    }
}

/// A lead's points under a model, and whether a rule disqualifies it (a fit rule that holds or
/// an event): what its MQL decision and bands are worked out from.
#[derive(Debug, Clone, Copy)]
pub(super) struct LeadPoints {
    pub fit: i64,
    pub intent: i64,
    pub total: i64,
    pub disqualified: bool,
}
