//! One lead told in full, as a page shows it when the lead is opened: its result (with the
//! crossing, from replaying its events), its events in time order with the rules each met, its
//! score as of each moment of its history, and each rule's points from raw through decay to the
//! caps (a waterfall).

use crate::engine::points::round_points;
use crate::engine::prepare::{self, WarningLog};
use crate::engine::standing::FitStanding;
use crate::engine::{Scorer, Scratch};
use crate::lead::Lead;
use crate::result::{Group, ScoreResult};
use crate::time::Timestamp;
use crate::value::Value;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LeadStory<'m, 'l> {
    pub result: ScoreResult<'m>,
    pub attributes: &'l Value<'l>,
    /// Every event of the lead, by time (ties in the order they came).
    pub events: Vec<StoryEvent<'m, 'l>>,
    /// The lead's standing as of each moment its events counted (the events that share a
    /// time), then as of the as-of time.
    pub moments: Vec<MomentStanding>,
    /// Each contribution of the result, in its order, from raw points to the points awarded.
    pub steps: Vec<Step<'m>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoryEvent<'m, 'l> {
    /// Its position in the lead's `events`.
    pub index: u32,
    pub id: Option<&'l str>,
    #[serde(rename = "type")]
    pub kind: &'l str,
    pub at: Timestamp,
    pub props: Value<'l>,
    /// What scoring made of it.
    pub status: EventStatus,
    /// The intent rules it met (when it counted).
    pub rules: Vec<&'m str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum EventStatus {
    /// Taken into the fold (whether a rule met it or not: see `rules`).
    Counted,
    /// Its id repeats an earlier event's.
    Duplicate,
    AfterAsOf,
    /// No rule listens to its type.
    UnknownType,
}

/// The lead's scores and MQL decision as of a moment.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MomentStanding {
    pub at: Timestamp,
    pub fit: i64,
    pub intent: i64,
    pub total: i64,
    pub mql: bool,
}

/// One contribution from raw to awarded points, all whole: `raw` (the rule's points times the
/// events it counted), `decayed` (after decay, before caps and floors), `points` (awarded).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Step<'m> {
    pub rule_id: &'m str,
    pub group: Group,
    pub raw: i64,
    pub decayed: i64,
    pub points: i64,
}

impl Scorer {
    /// The story of `lead` as of `as_of`.
    pub(super) fn story<'m, 'l>(
        &'m self,
        lead: &'l Lead<'l>,
        as_of: Timestamp,
        scratch: &mut Scratch,
    ) -> LeadStory<'m, 'l> {
        let result = self.score_with(lead, as_of, scratch);
        let steps = self.steps(lead, as_of, &result, scratch);
        let moments = self.moments(lead, &result, as_of, scratch);
        let events = self.story_events(lead, as_of, scratch);
        LeadStory {
            result,
            attributes: &lead.attributes,
            events,
            moments,
            steps,
        }
    }

    /// The standing after each moment of the lead's history, and at `as_of` (the result's).
    fn moments(
        &self,
        lead: &Lead,
        result: &ScoreResult,
        as_of: Timestamp,
        scratch: &mut Scratch,
    ) -> Vec<MomentStanding> {
        let model = self.model();
        prepare::prepare(model, lead, as_of, scratch, &mut WarningLog::default());
        let fit_score = self.fit_score(&lead.attributes, &mut WarningLog::default());
        let fit = FitStanding::of(&fit_score, &result.missing_fields);
        let Scratch {
            events,
            matches,
            tallies,
            fold,
            ..
        } = scratch;
        fold.reset(model);
        let mut moments = Vec::new();
        for moment in events.chunk_by(|a, b| a.at == b.at) {
            for event in moment {
                fold.add(model, event.at, event.rules(matches), event.index);
            }
            let at = moment[0].at;
            let pass = fold.read(model, at, tallies);
            let intent = self.intent_points(tallies);
            let total = model.total.clamp(fit.points + intent);
            moments.push(MomentStanding {
                at: Timestamp::from_trusted_millis(at),
                fit: fit.points,
                intent,
                total,
                mql: self.standing(fit, intent, total, &pass, at).is_mql(),
            });
        }
        moments.push(MomentStanding {
            at: as_of,
            fit: result.fit,
            intent: result.intent,
            total: result.total,
            mql: result.mql,
        });
        moments
    }

    /// Each contribution of `result` from raw points to awarded ones.
    fn steps<'m>(
        &'m self,
        lead: &Lead,
        as_of: Timestamp,
        result: &ScoreResult<'m>,
        scratch: &mut Scratch,
    ) -> Vec<Step<'m>> {
        let model = self.model();
        let row = self.tabulate(lead, as_of, scratch);
        let fit = (model.fit.rules.iter().zip(row.fit_holds()))
            .filter(|(_, holds)| **holds)
            .map(|(rule, _)| (round_points(rule.points), round_points(rule.points)));
        let intent = (model.intent.rules.iter().zip(row.intent_tallies()))
            .filter(|(_, tally)| tally.counted > 0)
            .map(|(rule, tally)| {
                let tally = tally.at_points(rule.points);
                (round_points(tally.raw), round_points(tally.decayed))
            });
        (fit.chain(intent).zip(&result.contributions))
            .map(|((raw, decayed), contribution)| Step {
                rule_id: contribution.rule_id,
                group: contribution.group,
                raw,
                decayed,
                points: contribution.points,
            })
            .collect()
    }

    /// The lead's events in time order, each with what scoring made of it.
    fn story_events<'m, 'l>(
        &'m self,
        lead: &'l Lead<'l>,
        as_of: Timestamp,
        scratch: &mut Scratch,
    ) -> Vec<StoryEvent<'m, 'l>> {
        let model = self.model();
        prepare::prepare(model, lead, as_of, scratch, &mut WarningLog::default());
        let mut status = vec![EventStatus::UnknownType; lead.events.len()];
        let mut rules: Vec<Vec<&str>> = vec![Vec::new(); lead.events.len()];
        for event in &scratch.events {
            status[event.index as usize] = EventStatus::Counted;
            rules[event.index as usize] = (event.rules(&scratch.matches).iter())
                .map(|&rule| model.intent.rules[rule as usize].id.as_str())
                .collect();
        }
        for &index in &scratch.duplicates {
            status[index as usize] = EventStatus::Duplicate;
        }
        let mut events: Vec<StoryEvent> = (lead.events.iter().enumerate())
            .map(|(index, event)| StoryEvent {
                index: index as u32,
                id: event.id(),
                kind: event.kind(),
                at: event.at,
                props: event.props.value(),
                status: match status[index] {
                    EventStatus::UnknownType if event.at > as_of => EventStatus::AfterAsOf,
                    other => other,
                },
                rules: std::mem::take(&mut rules[index]),
            })
            .collect();
        events.sort_by_key(|event| (event.at, event.index));
        events
    }
}
