//! The result: the fold of a lead's events read at the as-of time, joined with its fit side;
//! points rounded per rule and bounded by the caps and floors, the MQL decision, the
//! contributions that explain the total, bands and the grid cell.

use super::accumulator::RuleTally;
use super::caps;
use super::crossing::Crossing;
use super::fold::{Fold, IntentPass};
use super::points::round_points;
use super::standing::{FitScore, FitStanding};
use super::Scorer;
use crate::model::band_for;
use crate::result::{Contribution, EventRef, Group, ScoreResult, Trigger, Warning};
use crate::time::Timestamp;

/// What scoring found about a lead besides its intent fold.
pub(super) struct Findings<'m> {
    pub lead_id: String,
    pub fit: FitScore<'m>,
    pub missing_fields: Vec<&'m str>,
    pub crossing: CrossingSearch,
    pub warnings: Vec<Warning>,
}

/// What is known of when the lead first became an MQL.
#[derive(Debug, Clone, Copy)]
pub(super) enum CrossingSearch {
    /// The events were replayed in order and judged after each moment: the crossing they
    /// found, if any.
    Replayed(Option<Crossing>),
    /// The result was worked out from a rule table without replaying the events: the crossing
    /// is unknown and left out.
    NotReplayed,
}

/// The points each contribution is awarded after the caps and floors: the fit rules' first
/// (in the fit side's order), then each intent rule that counted an event.
struct Awarded {
    points: Vec<i64>,
    fit_len: usize,
    intent_rules: Vec<usize>,
    intent: i64,
    total: i64,
}

impl Scorer {
    /// The result at `as_of` from the fold of the lead's events and its fit.
    pub(super) fn finish<'m>(
        &'m self,
        fold: &Fold,
        findings: Findings<'m>,
        as_of: Timestamp,
        tallies: &mut Vec<RuleTally>,
        resolve: impl Fn(u32) -> EventRef,
    ) -> ScoreResult<'m> {
        let pass = fold.read(self.model(), as_of.millis(), tallies);
        self.judge(findings, as_of, tallies, &pass, resolve)
    }

    /// The result at `as_of` from the intent rules' tallies and what the fold found then,
    /// joined with the lead's fit.
    pub(super) fn judge<'m>(
        &'m self,
        findings: Findings<'m>,
        as_of: Timestamp,
        tallies: &[RuleTally],
        pass: &IntentPass,
        resolve: impl Fn(u32) -> EventRef,
    ) -> ScoreResult<'m> {
        let model = self.model();
        let now = as_of.millis();
        let Findings {
            lead_id,
            fit,
            missing_fields,
            crossing,
            warnings,
        } = findings;
        let awarded = self.award(&fit, tallies);
        let standing = self.standing(
            FitStanding::of(&fit, &missing_fields),
            awarded.intent,
            awarded.total,
            pass,
            now,
        );
        let contributions = self.contributions(&fit, tallies, &awarded);
        let disqualified_by = self.disqualified_by(fit.disqualified_by, tallies);
        let crossing = match crossing {
            CrossingSearch::Replayed(Some(found)) => Some((found.at, Some(found.event))),
            // A penalty that fades can lift a lead over the line between events.
            CrossingSearch::Replayed(None) if standing.is_mql() => Some((now, None)),
            CrossingSearch::Replayed(None) | CrossingSearch::NotReplayed => None,
        };
        let (fit_band, intent_band, grid) = self.grid_cell(fit.points, awarded.intent);
        ScoreResult {
            lead_id,
            as_of,
            fit: fit.points,
            intent: awarded.intent,
            total: awarded.total,
            band: band_for(&model.bands, awarded.total).map(|b| b.name.as_str()),
            fit_band,
            intent_band,
            grid,
            mql: standing.is_mql(),
            mql_reason: standing.reason,
            hand_raiser: pass.trigger.is_some(),
            trigger: pass.trigger.map(|hit| Trigger {
                rule_id: &model.intent.rules[hit.rule as usize].id,
                event: resolve(hit.event),
            }),
            blocked_by: standing.blockers,
            disqualified: !disqualified_by.is_empty(),
            disqualified_by,
            missing_fields,
            last_engagement_at: pass.last_engagement.map(Timestamp::from_trusted_millis),
            crossed_at: crossing.map(|(at, _)| Timestamp::from_trusted_millis(at)),
            crossing_event: crossing.and_then(|(_, event)| event.map(&resolve)),
            contributions,
            warnings,
        }
    }

    /// Each contribution's whole points, bounded by the intent bounds and then the total's.
    fn award(&self, fit: &FitScore, tallies: &[RuleTally]) -> Awarded {
        let model = self.model();
        let mut points: Vec<i64> = fit.contributions.iter().map(|(_, p)| *p).collect();
        let fit_len = points.len();
        let mut intent_rules = Vec::new();
        for (index, tally) in tallies.iter().enumerate() {
            if tally.counted > 0 {
                intent_rules.push(index);
                points.push(round_points(tally.decayed));
            }
        }
        let intent = caps::bound_contributions(&mut points[fit_len..], model.intent.bounds);
        let total = caps::bound_contributions(&mut points, model.total);
        Awarded {
            points,
            fit_len,
            intent_rules,
            intent,
            total,
        }
    }

    /// What each rule contributed, fit rules first, in model order.
    fn contributions<'m>(
        &'m self,
        fit: &FitScore,
        tallies: &[RuleTally],
        awarded: &Awarded,
    ) -> Vec<Contribution<'m>> {
        let model = self.model();
        let (fit_points, intent_points) = awarded.points.split_at(awarded.fit_len);
        let mut contributions = Vec::with_capacity(awarded.points.len());
        for (&(rule_index, _), &points) in fit.contributions.iter().zip(fit_points) {
            let rule = &model.fit.rules[rule_index];
            contributions.push(Contribution {
                rule_id: &rule.id,
                group: Group::Fit,
                label: rule.label.as_deref(),
                points,
                raw_points: rule.points,
                decay_factor: 1.0,
                matched: 1,
                counted: 1,
                last_at: None,
            });
        }
        for (&rule_index, &points) in awarded.intent_rules.iter().zip(intent_points) {
            let rule = &model.intent.rules[rule_index];
            let tally = &tallies[rule_index];
            contributions.push(Contribution {
                rule_id: &rule.id,
                group: Group::Intent,
                label: rule.label.as_deref(),
                points,
                raw_points: tally.raw,
                decay_factor: share_left(tally.decayed, tally.raw),
                matched: tally.matched,
                counted: tally.counted,
                last_at: tally.newest.map(Timestamp::from_trusted_millis),
            });
        }
        contributions
    }

    /// The rules that disqualify the lead: fit rules that hold, then intent rules that matched.
    fn disqualified_by<'m>(&'m self, fit: Vec<&'m str>, tallies: &[RuleTally]) -> Vec<&'m str> {
        let mut disqualified_by = fit;
        disqualified_by.extend(
            self.model()
                .intent
                .rules
                .iter()
                .zip(tallies.iter())
                .filter(|(rule, tally)| rule.disqualify && tally.matched > 0)
                .map(|(rule, _)| rule.id.as_str()),
        );
        disqualified_by
    }

    /// The fit band, the intent band and their cell, when the model has a grid.
    fn grid_cell(&self, fit: i64, intent: i64) -> (Option<&str>, Option<&str>, Option<String>) {
        let Some(grid) = &self.model().grid else {
            return (None, None, None);
        };
        let fit_band = band_for(&grid.fit, fit).map(|b| b.name.as_str());
        let intent_band = band_for(&grid.intent, intent).map(|b| b.name.as_str());
        let cell = fit_band.zip(intent_band).map(|(f, i)| [f, i].concat());
        (fit_band, intent_band, cell)
    }
}

/// The decayed share of the raw points, to four decimals.
fn share_left(decayed: f64, raw: f64) -> f64 {
    if raw == 0.0 {
        1.0
    } else {
        (decayed / raw * 10_000.0).round() / 10_000.0
    }
}
