//! The scorer: a compiled model that scores leads as of an explicit time, one at a time or in
//! batches, and explains each result.

mod batch;
mod caps;
mod crossing;
mod fold;
mod prepare;
mod state;
mod store;

pub use state::{LeadState, HOLD_EVENTS, HOLD_MS, REMEMBERED_IDS};
#[cfg(target_arch = "wasm32")]
pub(crate) use store::no_lead;
pub use store::{LastPush, LeadStore, Summary};

use crate::condition::Oddities;
use crate::error::{InputError, ModelError};
use crate::lead::{parse_lead, BadLead, Lead};
use crate::model::{band_for, Model};
use crate::result::{Blocker, Contribution, EventRef, Group, MqlReason, ScoreResult, Trigger};
use crate::time::Timestamp;
use crate::value::Value;
use crossing::{Crossing, Moment};
use fold::{Fold, IntentPass, RuleTally};
use prepare::{Prepared, WarningLog};

/// A compiled model, ready to score leads. Build it once and score many leads with it.
#[derive(Debug, Clone)]
pub struct Scorer {
    model: Model,
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
    moment: Vec<state::HeldEvent>,
}

/// How much of each result a batch writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
    /// Everything: contributions, blockers, the crossing, warnings.
    #[default]
    Full,
    /// The scores and the decision only (see [`ScoreSummary`]): smaller and faster to pass on.
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

/// The fit side of a lead, which does not change as its events are replayed.
struct FitOutcome<'m> {
    contributions: Vec<(usize, i64)>,
    points: i64,
    disqualified_by: Vec<&'m str>,
}

/// What judging a moment needs of the lead's attributes (they do not change as events fold).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FitStanding {
    points: i64,
    disqualified: bool,
    /// Required fields are missing.
    incomplete: bool,
}

impl FitStanding {
    fn of(fit: &FitOutcome, missing_fields: &[&str]) -> Self {
        FitStanding {
            points: fit.points,
            disqualified: !fit.disqualified_by.is_empty(),
            incomplete: !missing_fields.is_empty(),
        }
    }
}

/// What scoring knows about a lead besides its intent fold.
struct Outcome<'m> {
    lead_id: String,
    fit: FitOutcome<'m>,
    missing_fields: Vec<&'m str>,
    crossing: Option<Crossing>,
    warnings: Vec<crate::result::Warning>,
}

/// The MQL decision at one moment.
struct Standing {
    reason: Option<MqlReason>,
    blockers: Vec<Blocker>,
}

impl Standing {
    fn is_mql(&self) -> bool {
        self.reason.is_some() && self.blockers.is_empty()
    }
}

impl Scorer {
    pub fn new(model: Model) -> Self {
        Scorer { model }
    }

    /// Compiles a model from JSON text.
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

    /// Reads a lead from JSON text and returns its result as JSON text.
    pub fn score_json(&self, lead: &str, as_of: Timestamp) -> Result<String, InputError> {
        let lead = parse_lead(lead)?;
        let result = self.score(&lead, as_of);
        Ok(serde_json::to_string(&result).unwrap_or_default())
    }

    /// Reads a JSON array of leads and returns a JSON array of results, in the same order.
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
        let fit = self.fit_outcome(&lead.attributes, &mut log);
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
            let mut moment = Moment::starting(moment_events[0].at, moment_events[0].index);
            for event in moment_events {
                let rules = event.rules(matches);
                fold.add(model, event.at, rules, event.index);
                moment.include(self, event.index, rules);
            }
            self.judge_moment(fold, &mut crossing, &moment, standing, tallies);
        }
        let resolve = |index: u32| event_ref(lead, index);
        let outcome = Outcome {
            lead_id: lead.id().to_string(),
            fit,
            missing_fields,
            crossing,
            warnings: log.finish(as_of),
        };
        self.finish(fold, outcome, as_of, tallies, resolve)
    }

    /// The result at `as_of` from the fold of the lead's events and its fit.
    fn finish<'m>(
        &'m self,
        fold: &Fold,
        outcome: Outcome<'m>,
        as_of: Timestamp,
        tallies: &mut Vec<RuleTally>,
        resolve: impl Fn(u32) -> EventRef,
    ) -> ScoreResult<'m> {
        let model = &self.model;
        let now = as_of.millis();
        let Outcome {
            lead_id,
            fit,
            missing_fields,
            crossing,
            warnings,
        } = outcome;
        let pass = fold.read(model, now, tallies);

        let mut points: Vec<i64> = fit.contributions.iter().map(|(_, p)| *p).collect();
        let fit_len = points.len();
        let mut intent_rules = Vec::new();
        for (index, tally) in tallies.iter().enumerate() {
            if tally.counted > 0 {
                intent_rules.push(index);
                points.push(round_points(tally.decayed));
            }
        }
        let intent_points = caps::bound_contributions(&mut points[fit_len..], model.intent.bounds);
        let total = caps::bound_contributions(&mut points, model.total);
        let standing = self.standing(
            FitStanding::of(&fit, &missing_fields),
            intent_points,
            total,
            &pass,
            now,
        );

        let mut contributions = Vec::with_capacity(points.len());
        for (&(rule_index, _), &awarded) in fit.contributions.iter().zip(&points[..fit_len]) {
            let rule = &model.fit.rules[rule_index];
            contributions.push(Contribution {
                rule_id: &rule.id,
                group: Group::Fit,
                label: rule.label.as_deref(),
                points: awarded,
                raw_points: rule.points,
                decay_factor: 1.0,
                matched: 1,
                counted: 1,
                last_at: None,
            });
        }
        for (&rule_index, &awarded) in intent_rules.iter().zip(&points[fit_len..]) {
            let rule = &model.intent.rules[rule_index];
            let tally = &tallies[rule_index];
            contributions.push(Contribution {
                rule_id: &rule.id,
                group: Group::Intent,
                label: rule.label.as_deref(),
                points: awarded,
                raw_points: tally.raw,
                decay_factor: share_left(tally.decayed, tally.raw),
                matched: tally.matched,
                counted: tally.counted,
                last_at: tally.newest.map(Timestamp::from_trusted_millis),
            });
        }

        let mut disqualified_by = fit.disqualified_by;
        disqualified_by.extend(
            model
                .intent
                .rules
                .iter()
                .zip(tallies.iter())
                .filter(|(rule, tally)| rule.disqualify && tally.matched > 0)
                .map(|(rule, _)| rule.id.as_str()),
        );
        let crossing = match crossing {
            Some(found) => Some((found.at, Some(found.event))),
            // A penalty that fades can lift a lead over the line between events.
            None if standing.is_mql() => Some((now, None)),
            None => None,
        };
        let (fit_band, intent_band, grid) = match &model.grid {
            Some(grid) => {
                let fit_band = band_for(&grid.fit, fit.points).map(|b| b.name.as_str());
                let intent_band = band_for(&grid.intent, intent_points).map(|b| b.name.as_str());
                let cell = fit_band.zip(intent_band).map(|(f, i)| format!("{f}{i}"));
                (fit_band, intent_band, cell)
            }
            None => (None, None, None),
        };
        ScoreResult {
            lead_id,
            as_of,
            fit: fit.points,
            intent: intent_points,
            total,
            band: band_for(&model.bands, total).map(|b| b.name.as_str()),
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

    /// The required attributes that are missing or blank.
    fn missing_fields(&self, attributes: &Value) -> Vec<&str> {
        self.model
            .mql
            .required_fields
            .iter()
            .filter(|field| {
                !attributes
                    .at_path(&field.keys)
                    .is_some_and(Value::is_present)
            })
            .map(|field| field.text.as_str())
            .collect()
    }

    fn fit_outcome(&self, attributes: &Value, log: &mut WarningLog) -> FitOutcome<'_> {
        let mut contributions = Vec::new();
        let mut disqualified_by = Vec::new();
        for (index, rule) in self.model.fit.rules.iter().enumerate() {
            let value = attributes.at_path(&rule.attribute.keys);
            let mut oddities = Oddities::default();
            let holds = rule.when.holds(value, &mut oddities);
            if oddities.not_a_number {
                log.not_a_number((
                    format!("attributes.{}", rule.attribute.text),
                    rule.id.clone(),
                    value.map(|v| v.to_plain_string()).unwrap_or_default(),
                ));
            }
            if holds {
                contributions.push((index, round_points(rule.points)));
                if rule.disqualify {
                    disqualified_by.push(rule.id.as_str());
                }
            }
        }
        let mut points: Vec<i64> = contributions.iter().map(|(_, p)| *p).collect();
        let total = caps::bound_contributions(&mut points, self.model.fit.bounds);
        for ((_, awarded), bounded) in contributions.iter_mut().zip(points) {
            *awarded = bounded;
        }
        FitOutcome {
            contributions,
            points: total,
            disqualified_by,
        }
    }

    /// Whether the lead is an MQL at `now`, and if it reached the bar, what holds it back.
    fn standing(
        &self,
        fit: FitStanding,
        intent: i64,
        total: i64,
        pass: &IntentPass,
        now: i64,
    ) -> Standing {
        let policy = &self.model.mql;
        let reason = if pass.trigger.is_some() {
            Some(MqlReason::Instant)
        } else if total as f64 >= policy.threshold {
            Some(MqlReason::Threshold)
        } else {
            None
        };
        let mut blockers = Vec::new();
        if reason.is_none() {
            return Standing { reason, blockers };
        }
        if fit.disqualified || pass.disqualified {
            blockers.push(Blocker::Disqualified);
        }
        if fit.incomplete {
            blockers.push(Blocker::MissingFields);
        }
        if reason == Some(MqlReason::Threshold) {
            if let Some(window) = policy.recency_ms {
                if pass.last_engagement.is_none_or(|last| now - last >= window) {
                    blockers.push(Blocker::NoRecentEngagement);
                }
            }
            if policy.min_fit.is_some_and(|min| (fit.points as f64) < min) {
                blockers.push(Blocker::FitTooLow);
            }
            if policy.min_intent.is_some_and(|min| (intent as f64) < min) {
                blockers.push(Blocker::IntentTooLow);
            }
        }
        Standing { reason, blockers }
    }

    /// The intent points that `tallies` add up to, within the intent bounds.
    fn intent_points(&self, tallies: &[RuleTally]) -> i64 {
        let sum = tallies
            .iter()
            .filter(|t| t.counted > 0)
            .map(|t| round_points(t.decayed))
            .sum();
        self.model.intent.bounds.clamp(sum)
    }
}

/// Whole points, rounding halves away from zero.
fn round_points(points: f64) -> i64 {
    points.round() as i64
}

/// The decayed share of the raw points, to four decimals.
fn share_left(decayed: f64, raw: f64) -> f64 {
    if raw == 0.0 {
        1.0
    } else {
        (decayed / raw * 10_000.0).round() / 10_000.0
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

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct FailedLead<'a> {
    lead_id: Option<&'a str>,
    error: ErrorReport<'a>,
}

#[derive(serde::Serialize)]
struct ErrorReport<'a> {
    name: &'static str,
    message: String,
    path: &'a str,
}

fn failed_lead(bad: &BadLead) -> FailedLead<'_> {
    FailedLead {
        lead_id: bad.lead_id.as_deref(),
        error: ErrorReport {
            name: "InputError",
            message: bad.error.to_string(),
            path: &bad.error.path,
        },
    }
}
