//! A carried table's standings when an edit changes only the decision (the threshold, the MQL
//! minimums, the bands or the grid): each lead's points kept from the standings before the edit,
//! its MQL decision worked out again from its row's pass, without its tallies read or its points
//! added up again, and its band and grid cell kept too unless the bands or the grid changed.
//! What a threshold edit in the page needs.

use super::carried::{check, with_row_parts, Checked};
use super::standings::{flags, LeadPoints, Standings};
use crate::engine::Scorer;
use crate::error::InputError;

impl Scorer {
    /// Whether this model gives every lead of a table the points `other` gives: the same
    /// rules' points and the same caps and floors of the groups and the total (all that
    /// [`Scorer::points_of`] reads of a model), for models of the table's shape.
    pub(super) fn scores_alike(&self, other: &Scorer) -> bool {
        let (a, b) = (self.model(), other.model());
        let fit_alike =
            (a.fit.rules.iter().map(|r| r.points)).eq(b.fit.rules.iter().map(|r| r.points));
        let intent_alike =
            (a.intent.rules.iter().map(|r| r.points)).eq(b.intent.rules.iter().map(|r| r.points));
        fit_alike
            && intent_alike
            && (a.fit.bounds, a.intent.bounds, a.total) == (b.fit.bounds, b.intent.bounds, b.total)
    }
}

/// Where every lead of a carried table stands under `scorer`'s model, from `previous`: the
/// standings this table gave for `previous`'s scorer. None when the two models may give other
/// points (or are not of the table's shape): a reweigh must answer. Bytes that are not a table
/// for `tabulated`'s rules are an error.
pub(super) fn redecide(
    table: &[u8],
    tabulated: &Scorer,
    previous: (&Scorer, &Standings),
    scorer: &Scorer,
) -> Result<Option<Standings>, InputError> {
    let Checked {
        as_of,
        leads,
        width,
        body,
        ..
    } = check(table, tabulated)?;
    let (before, points) = previous;
    let shaped = |model: &Scorer| tabulated.model().same_shape(model.model());
    let answers = points.len() == leads && points.as_of == (leads > 0).then_some(as_of);
    if !(answers && shaped(before) && shaped(scorer) && scorer.scores_alike(before)) {
        return Ok(None);
    }
    let (model, was) = (scorer.model(), before.model());
    // The points are the same, so the bands and grid cells are too where the bands and grid are.
    let band = if model.bands == was.bands {
        points.band.clone()
    } else {
        points
            .total
            .iter()
            .map(|&t| scorer.band_position(t))
            .collect()
    };
    let (fit_band, intent_band) = if model.grid == was.grid {
        (points.fit_band.clone(), points.intent_band.clone())
    } else {
        (points.fit.iter().zip(&points.intent))
            .map(|(&fit, &intent)| scorer.grid_positions(fit, intent))
            .unzip()
    };
    let flags = (body.chunks_exact(width).enumerate())
        .map(|(index, row)| {
            let lead = LeadPoints {
                fit: points.fit[index],
                intent: points.intent[index],
                total: points.total[index],
                disqualified: points.flags[index] & flags::DISQUALIFIED != 0,
            };
            with_row_parts(row, as_of, |_, parts| scorer.decision(lead, parts))
        })
        .collect();
    Ok(Some(Standings {
        as_of: points.as_of,
        fit: points.fit.clone(),
        intent: points.intent.clone(),
        total: points.total.clone(),
        band,
        fit_band,
        intent_band,
        flags,
    }))
}
