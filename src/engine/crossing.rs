//! When a lead first became an MQL: the events are replayed in time order and the lead is
//! judged after each moment that could have lifted it, skipping moments whose best case
//! (every positive point so far, undecayed) stays below the threshold.

use super::prepare::Prepared;
use super::tally::{tally_intent, RuleTally};
use super::{FitOutcome, MqlReason, Scorer};

/// The time of the first crossing and the position (in `events`) of the event that caused it.
pub(super) fn first_crossing(
    scorer: &Scorer,
    events: &[Prepared],
    matches: &[u32],
    tallies: &mut Vec<RuleTally>,
    ring: &mut Vec<i64>,
    fit: &FitOutcome,
    missing_fields: &[&str],
) -> Option<(i64, Option<usize>)> {
    let model = scorer.model();
    // Attributes do not change during the replay: these blockers hold at every moment.
    if !fit.disqualified_by.is_empty() || !missing_fields.is_empty() {
        return None;
    }
    let rules = &model.intent.rules;
    // Rounding each rule's points can add at most half a point per rule.
    let rounding_slack = 0.5 * rules.len() as f64;
    let mut positive_so_far = 0.0;
    let mut start = 0;
    while start < events.len() {
        let at = events[start].at;
        let mut end = start;
        let mut hand_raised = false;
        while end < events.len() && events[end].at == at {
            for &rule in events[end].rules(matches) {
                let rule = &rules[rule as usize];
                positive_so_far += rule.points.max(0.0);
                hand_raised |= rule.instant;
            }
            end += 1;
        }
        let best_case = (fit.points as f64 + positive_so_far + rounding_slack).max(0.0);
        if hand_raised || best_case >= model.mql.threshold {
            let pass = tally_intent(model, &events[..end], matches, at, tallies, ring);
            let intent = scorer.intent_points(tallies);
            let total = model.total.clamp(fit.points + intent);
            let standing =
                scorer.standing(fit.points, intent, total, &pass, at, fit, missing_fields);
            if standing.is_mql() {
                let position = match (standing.reason, pass.trigger) {
                    (Some(MqlReason::Instant), Some((_, position))) => position,
                    _ => (start..end)
                        .find(|&p| {
                            events[p]
                                .rules(matches)
                                .iter()
                                .any(|&r| rules[r as usize].points > 0.0)
                        })
                        .unwrap_or(start),
                };
                return Some((at, Some(position)));
            }
        }
        start = end;
    }
    None
}
