//! The transition function: a record, an action and the moment it happens in; out come the new
//! record and the effects the caller must carry out, or an error that leaves the record as it
//! was. Qualification (with routing, the SLA clock and the handoff), acceptance, rejection and
//! recycling, the sales stages, SLA reminders and escalations.

use super::action::{Action, Effect};
use super::handoff::{HandoffContext, HandoffSla};
use super::playbook::Playbook;
use super::record::{HistoryEntry, IcpBlock, LifecycleRecord, Stage};
use super::recycle::RecyclePolicy;
use super::routing::RoutingState;
use super::sla::{EscalateTo, SlaClock};
use super::snapshot::ScoreSnapshot;
use crate::lead::Lead;
use crate::time::{Timestamp, MS_PER_DAY};
use serde::Serialize;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::fmt;

/// Why an action cannot be applied. The record is unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransitionError {
    /// A stable code: `illegalTransition`, `reasonRequired`, `unknownReason`,
    /// `notEnoughContactAttempts`, `revisitNotAllowed`, `unknownTrack`, `unknownOwner`,
    /// `leadMismatch`, `timeWentBackwards`.
    pub code: &'static str,
    pub stage: Stage,
    pub action: &'static str,
    pub message: String,
}

impl fmt::Display for TransitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TransitionError {}

/// The new record, the routing state to keep, and what to do.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub record: LifecycleRecord,
    pub routing: RoutingState,
    pub effects: Vec<Effect>,
}

struct Step<'p> {
    playbook: &'p Playbook,
    record: LifecycleRecord,
    routing: RoutingState,
    effects: Vec<Effect>,
    now: Timestamp,
    action: &'static str,
}

impl Step<'_> {
    fn error(&self, code: &'static str, message: impl Into<String>) -> TransitionError {
        TransitionError {
            code,
            stage: self.record.stage,
            action: self.action,
            message: message.into(),
        }
    }

    fn illegal(&self) -> TransitionError {
        let stage = self.record.stage;
        self.error(
            "illegalTransition",
            format!(
                "cannot {} a lead in stage {stage}{}",
                describe_action(self.action),
                legal_hint(stage)
            ),
        )
    }

    /// Moves to `to` (or changes owner), recording it in the history.
    fn move_to(&mut self, to: Stage, owner: &str, reason: Option<&str>, note: Option<&str>) {
        let record = &mut self.record;
        if record.stage != to {
            record.entered_stage_at = self.now;
        }
        record.history.push(HistoryEntry {
            from: record.stage,
            to,
            at: self.now,
            action: self.action.to_string(),
            reason: reason.map(str::to_string),
            owner: owner.to_string(),
            note: note.map(str::to_string),
        });
        record.stage = to;
        record.owner = owner.to_string();
    }

    fn set_owner(
        &mut self,
        owner: &str,
        matched: &str,
        rule: Option<String>,
        pool: Option<String>,
    ) {
        if self.record.owner != owner {
            self.effects.push(Effect::AssignOwner {
                owner: owner.to_string(),
                previous_owner: self.record.owner.clone(),
                matched: matched.to_string(),
                rule,
                pool,
            });
        }
    }

    fn exit_nurture(&mut self) {
        if let Some(track) = self.record.nurture_track.take() {
            self.effects.push(Effect::ExitNurture { track });
        }
    }

    /// Back to marketing: close the sales owner's tasks and hand the lead to marketing.
    fn back_to_marketing(&mut self) {
        let marketing = self.playbook.marketing_owner.clone();
        if self.record.stage.is_sales() {
            self.effects.push(Effect::CloseTasks {
                owner: self.record.owner.clone(),
            });
        }
        self.set_owner(&marketing, "marketing", None, None);
    }

    fn first_contact(&mut self) {
        let owner = self.record.owner.clone();
        if let Some(sla) = self
            .record
            .sla
            .as_mut()
            .filter(|s| s.first_contact_at.is_none())
        {
            sla.first_contact_at = Some(self.now);
            self.effects.push(Effect::CompleteTask {
                owner,
                kind: "firstContact".into(),
            });
        }
    }
}

fn describe_action(action: &str) -> &'static str {
    match action {
        "accept" => "accept",
        "reject" => "reject",
        "meetingBooked" => "book a meeting for",
        "qualify" => "qualify",
        "openOpportunity" => "open an opportunity for",
        "disqualify" => "disqualify",
        "logContact" => "log a contact attempt for",
        "enrollNurture" => "enroll in nurture",
        "reassign" => "reassign",
        _ => "apply this action to",
    }
}

fn legal_hint(stage: Stage) -> &'static str {
    match stage {
        Stage::Lead | Stage::Nurture | Stage::Recycled => {
            " (marketing owns it: it reaches sales by becoming an MQL on a score update)"
        }
        Stage::Mql => {
            " (an MQL can be accepted, rejected, contacted, booked, reassigned or disqualified)"
        }
        Stage::Sal => {
            " (a SAL can be qualified, rejected, contacted, booked, reassigned or disqualified)"
        }
        Stage::Sql => {
            " (an SQL can become an opportunity, be rejected, contacted, reassigned or disqualified)"
        }
        Stage::Opportunity => " (an opportunity can be contacted, reassigned or disqualified)",
        Stage::Disqualified => " (a disqualified lead leaves the funnel for good)",
    }
}

/// The lead's fit attributes as plain values, to compare across time.
pub(crate) fn fit_snapshot(playbook: &Playbook, lead: &Lead) -> BTreeMap<String, Json> {
    playbook
        .fit_attributes
        .iter()
        .map(|path| {
            let value = lead
                .attributes
                .at_path(&path.keys)
                .filter(|v| v.is_present())
                .map_or(Json::Null, |v| {
                    serde_json::to_value(v).unwrap_or(Json::Null)
                });
            (path.text.clone(), value)
        })
        .collect()
}

/// Applies an action to a record at `now`.
pub fn apply(
    playbook: &Playbook,
    record: &LifecycleRecord,
    action: &Action,
    now: Timestamp,
    routing: &RoutingState,
) -> Result<Outcome, TransitionError> {
    let mut step = Step {
        playbook,
        record: record.clone(),
        routing: routing.clone(),
        effects: Vec::new(),
        now,
        action: action.name(),
    };
    if now < record.last_moment() {
        return Err(step.error(
            "timeWentBackwards",
            format!(
                "{now} is before the record's last change at {}: actions come in time order",
                record.last_moment()
            ),
        ));
    }
    let stage = record.stage;
    match action {
        Action::ScoreUpdate { score, lead } => score_update(&mut step, score, lead)?,
        Action::Accept { note } => {
            if stage != Stage::Mql {
                return Err(step.illegal());
            }
            let owner = step.record.owner.clone();
            step.move_to(Stage::Sal, &owner, None, note.as_deref());
        }
        Action::Reject {
            reason,
            note,
            revisit_at,
            duplicate_of,
        } => {
            if !matches!(stage, Stage::Mql | Stage::Sal | Stage::Sql) {
                return Err(step.illegal());
            }
            reject(
                &mut step,
                reason,
                note.as_deref(),
                *revisit_at,
                duplicate_of.as_deref(),
            )?;
        }
        Action::MeetingBooked { note } => {
            if !matches!(stage, Stage::Mql | Stage::Sal) {
                return Err(step.illegal());
            }
            step.first_contact();
            let owner = step.record.owner.clone();
            step.move_to(Stage::Sql, &owner, Some("meetingBooked"), note.as_deref());
        }
        Action::Qualify { note } => {
            if stage != Stage::Sal {
                return Err(step.illegal());
            }
            let owner = step.record.owner.clone();
            step.move_to(Stage::Sql, &owner, None, note.as_deref());
        }
        Action::OpenOpportunity { note } => {
            if stage != Stage::Sql {
                return Err(step.illegal());
            }
            let owner = step.record.owner.clone();
            step.move_to(Stage::Opportunity, &owner, None, note.as_deref());
        }
        Action::Disqualify { reason, note } => {
            if stage == Stage::Disqualified {
                return Err(step.illegal());
            }
            if reason.trim().is_empty() {
                return Err(step.error("reasonRequired", "a disqualification needs a `reason`"));
            }
            step.back_to_marketing();
            step.exit_nurture();
            step.record.reevaluate_at = None;
            step.record.disqualified_reason = Some(reason.clone());
            let marketing = playbook.marketing_owner.clone();
            step.move_to(
                Stage::Disqualified,
                &marketing,
                Some(reason),
                note.as_deref(),
            );
        }
        Action::LogContact { .. } => {
            if !stage.is_sales() {
                return Err(step.illegal());
            }
            step.record.contact_attempts = step.record.contact_attempts.saturating_add(1);
            step.first_contact();
        }
        Action::TimePasses => time_passes(&mut step),
        Action::EnrollNurture { track } => {
            if !stage.is_marketing() {
                return Err(step.illegal());
            }
            if !playbook.tracks.iter().any(|t| &t.id == track) {
                let known: Vec<&str> = playbook.tracks.iter().map(|t| t.id.as_str()).collect();
                return Err(step.error(
                    "unknownTrack",
                    format!("no nurture track {track:?} (known: {})", known.join(", ")),
                ));
            }
            if step.record.nurture_track.as_ref() != Some(track) {
                step.exit_nurture();
                step.effects.push(Effect::EnrollInNurture {
                    track: track.clone(),
                });
                step.record.nurture_track = Some(track.clone());
            }
            let owner = step.record.owner.clone();
            step.move_to(Stage::Nurture, &owner, Some(track), None);
        }
        Action::Reassign { owner, note } => {
            if !stage.is_sales() {
                return Err(step.illegal());
            }
            if playbook.person(owner).is_none() {
                return Err(step.error(
                    "unknownOwner",
                    format!("no person {owner:?} in the playbook's team"),
                ));
            }
            if owner == &step.record.owner {
                return Ok(Outcome {
                    record: step.record,
                    routing: step.routing,
                    effects: step.effects,
                });
            }
            reassign(&mut step, owner, note.as_deref());
        }
    }
    Ok(Outcome {
        record: step.record,
        routing: step.routing,
        effects: step.effects,
    })
}

fn reassign(step: &mut Step, owner: &str, note: Option<&str>) {
    step.effects.push(Effect::CloseTasks {
        owner: step.record.owner.clone(),
    });
    step.set_owner(owner, "manual", None, None);
    step.effects.push(Effect::NotifyOwner {
        owner: owner.to_string(),
        reason: "reassigned".into(),
        handoff: None,
    });
    if let Some(sla) = step
        .record
        .sla
        .as_ref()
        .filter(|s| s.first_contact_at.is_none())
    {
        step.effects.push(Effect::CreateTask {
            owner: owner.to_string(),
            kind: "firstContact".into(),
            title: format!("First contact with lead {}", step.record.lead_id),
            due_at: sla.due_at,
        });
    }
    let stage = step.record.stage;
    step.move_to(stage, owner, Some("reassigned"), note);
}

fn score_update(
    step: &mut Step,
    score: &ScoreSnapshot,
    lead: &Lead,
) -> Result<(), TransitionError> {
    let record_id = step.record.lead_id.clone();
    if score.lead_id != record_id || lead.id() != record_id {
        return Err(step.error(
            "leadMismatch",
            format!(
                "the record is for lead {record_id:?}, but the score is for {:?} and the lead is {:?}",
                score.lead_id,
                lead.id()
            ),
        ));
    }
    let fit = fit_snapshot(step.playbook, lead);
    // A "wrong ICP" block lifts once the fit attributes change.
    if step
        .record
        .icp_block
        .as_ref()
        .is_some_and(|block| block.attributes != fit)
    {
        step.record.icp_block = None;
    }
    let stage = step.record.stage;
    if !stage.is_marketing() || !score.mql || step.record.icp_block.is_some() {
        return Ok(());
    }
    // A lead sales sent back (recycled, or moved on to another nurture track since) must
    // re-qualify; a lead that never reached sales qualifies on its score.
    let record = &step.record;
    let sent_back = record
        .recycled_at
        .is_some_and(|at| record.last_mql_at.is_none_or(|mql| at >= mql));
    if sent_back && !requalifies(step, score) {
        return Ok(());
    }
    let missing = step.playbook.handoff.missing_fields(lead);
    if !missing.is_empty() {
        if missing != step.record.awaiting_enrichment {
            step.effects.push(Effect::Enrich {
                fields: missing.clone(),
            });
            step.record.awaiting_enrichment = missing;
        }
        return Ok(());
    }
    qualify(step, score, lead, fit);
    Ok(())
}

/// Whether a recycled lead comes back: intent returned after the wait (new engagement since
/// the rejection), or an instant trigger fired since the rejection.
fn requalifies(step: &Step, score: &ScoreSnapshot) -> bool {
    let record = &step.record;
    let since = record.recycled_at.unwrap_or(record.entered_stage_at);
    let waited = record.reevaluate_at.is_none_or(|at| step.now >= at);
    let returned = score.last_engagement_at.is_some_and(|at| at > since);
    let raised_hand =
        score.hand_raiser && score.trigger.as_ref().is_some_and(|t| t.event.at > since);
    (waited && returned) || (raised_hand && (waited || step.playbook.instant_triggers_skip_wait))
}

fn qualify(step: &mut Step, score: &ScoreSnapshot, lead: &Lead, fit: BTreeMap<String, Json>) {
    let playbook = step.playbook;
    let assignment = playbook.routing.assign(lead, &mut step.routing);
    let owner = assignment.owner.clone();
    let signal = playbook.sla.signal_for(score);
    let calendar = playbook.calendar_for(&owner);
    let due = Timestamp::from_trusted_millis(signal.within.end(calendar, step.now.millis()));
    let clock = SlaClock {
        signal: signal.id.clone(),
        calendar: calendar.id.clone(),
        started_at: step.now,
        due_at: due,
        first_contact_at: None,
        reminded: false,
        flagged: false,
        escalations: 0,
    };
    step.exit_nurture();
    step.set_owner(
        &owner,
        assignment.matched,
        assignment.rule.clone(),
        assignment.pool.clone(),
    );
    let record = &mut step.record;
    record.mql_count = record.mql_count.saturating_add(1);
    record.last_mql_at = Some(step.now);
    record.reevaluate_at = None;
    record.contact_attempts = 0;
    record.awaiting_enrichment.clear();
    record.fit_at_mql = Some(fit);
    let handoff = playbook.handoff.build(
        lead,
        score,
        HandoffContext {
            owner: &owner,
            owner_name: playbook.person(&owner).and_then(|p| p.name.as_deref()),
            sla: HandoffSla {
                signal: signal.id.clone(),
                window: signal.within.describe(),
                due_at: due,
            },
            mql_count: record.mql_count,
            previous_recycle_reason: record.last_recycle_reason.as_deref(),
            recycled_at: record.recycled_at,
            now: step.now,
        },
    );
    let due_soon = clock.due_soon_at(playbook.sla.due_soon_share);
    record.sla = Some(clock);
    step.effects.push(Effect::NotifyOwner {
        owner: owner.clone(),
        reason: "newMql".into(),
        handoff: Some(Box::new(handoff)),
    });
    step.effects.push(Effect::CreateTask {
        owner: owner.clone(),
        kind: "firstContact".into(),
        title: format!(
            "First contact with {} within {}",
            lead.attributes
                .member("name")
                .map_or_else(|| lead.id().to_string(), |n| n.to_plain_string()),
            signal.within.describe()
        ),
        due_at: due,
    });
    if due_soon > step.now.millis() && due_soon < due.millis() {
        step.effects.push(Effect::ScheduleCheck {
            at: Timestamp::from_trusted_millis(due_soon),
            reason: "slaDueSoon".into(),
        });
    }
    step.effects.push(Effect::ScheduleCheck {
        at: due,
        reason: "slaDue".into(),
    });
    let reason = if score.is_instant() {
        "instant"
    } else {
        "threshold"
    };
    step.move_to(Stage::Mql, &owner, Some(reason), None);
}

fn reject(
    step: &mut Step,
    reason_id: &str,
    note: Option<&str>,
    revisit_at: Option<Timestamp>,
    duplicate_of: Option<&str>,
) -> Result<(), TransitionError> {
    let playbook = step.playbook;
    let known = || {
        playbook
            .reasons
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if reason_id.trim().is_empty() {
        return Err(step.error(
            "reasonRequired",
            format!(
                "sales must give a reason to reject a lead; one of: {}",
                known()
            ),
        ));
    }
    let Some(reason) = playbook.reason(reason_id) else {
        return Err(step.error(
            "unknownReason",
            format!(
                "{reason_id:?} is not a rejection reason; one of: {}",
                known()
            ),
        ));
    };
    if step.record.contact_attempts < reason.min_contact_attempts {
        return Err(step.error(
            "notEnoughContactAttempts",
            format!(
                "rejecting for {:?} needs at least {} logged contact attempt{}; {} so far",
                reason.id,
                reason.min_contact_attempts,
                if reason.min_contact_attempts == 1 {
                    ""
                } else {
                    "s"
                },
                step.record.contact_attempts
            ),
        ));
    }
    if let Some(at) = revisit_at {
        if !reason.accepts_revisit_date {
            return Err(step.error(
                "revisitNotAllowed",
                format!("the reason {:?} takes no `revisitAt`", reason.id),
            ));
        }
        if at <= step.now {
            return Err(step.error(
                "revisitNotAllowed",
                format!("`revisitAt` ({at}) must be in the future"),
            ));
        }
    }
    if duplicate_of.is_some() && reason.policy != RecyclePolicy::MergeDuplicate {
        return Err(step.error(
            "illegalTransition",
            format!(
                "`duplicateOf` goes only with a duplicate reason, not {:?}",
                reason.id
            ),
        ));
    }
    let reason = reason.clone();
    step.back_to_marketing();
    let marketing = playbook.marketing_owner.clone();
    match reason.policy {
        RecyclePolicy::Recycle | RecyclePolicy::BlockUntilFitChanges => {
            let record = &mut step.record;
            record.recycle_count = record.recycle_count.saturating_add(1);
            record.last_recycle_reason = Some(reason.id.clone());
            record.recycled_at = Some(step.now);
            if reason.policy == RecyclePolicy::BlockUntilFitChanges {
                record.icp_block = Some(IcpBlock {
                    since: step.now,
                    attributes: record.fit_at_mql.clone().unwrap_or_default(),
                });
            }
            let wait = revisit_at.unwrap_or_else(|| {
                Timestamp::from_trusted_millis(step.now.millis() + reason.wait_days * MS_PER_DAY)
            });
            record.reevaluate_at = (wait > step.now).then_some(wait);
            if let Some(track) = &reason.track {
                record.nurture_track = Some(track.clone());
                step.effects.push(Effect::EnrollInNurture {
                    track: track.clone(),
                });
            }
            if let Some(at) = step.record.reevaluate_at {
                step.effects.push(Effect::ScheduleReevaluation {
                    at,
                    reason: reason.id.clone(),
                });
            }
            step.move_to(Stage::Recycled, &marketing, Some(&reason.id), note);
        }
        RecyclePolicy::MergeDuplicate | RecyclePolicy::Disqualify => {
            if reason.policy == RecyclePolicy::MergeDuplicate {
                step.effects.push(Effect::MergeDuplicate {
                    duplicate_of: duplicate_of.map(str::to_string),
                });
            }
            step.record.disqualified_reason = Some(reason.id.clone());
            step.record.last_recycle_reason = Some(reason.id.clone());
            step.move_to(Stage::Disqualified, &marketing, Some(&reason.id), note);
        }
    }
    Ok(())
}

/// SLA reminders and escalations that have fallen due by now.
fn time_passes(step: &mut Step) {
    if !matches!(step.record.stage, Stage::Mql | Stage::Sal) {
        return;
    }
    let playbook = step.playbook;
    let owner = step.record.owner.clone();
    let Some(mut clock) = step.record.sla.clone() else {
        return;
    };
    if clock.first_contact_at.is_some() {
        return;
    }
    let now = step.now.millis();
    let due = clock.due_at.millis();
    let calendar = playbook.calendar_for(&owner);
    if now < due {
        if !clock.reminded && now >= clock.due_soon_at(playbook.sla.due_soon_share) {
            clock.reminded = true;
            step.effects.push(Effect::NotifyOwner {
                owner: owner.clone(),
                reason: "slaDueSoon".into(),
                handoff: None,
            });
        }
    } else {
        let manager = playbook.person(&owner).and_then(|p| p.manager.clone());
        if !clock.flagged {
            clock.flagged = true;
            step.effects.push(Effect::FlagForManagerReview {
                owner: owner.clone(),
                manager: manager.clone(),
                due_at: clock.due_at,
            });
        }
        let steps = &playbook.sla.escalation;
        while let Some(escalation) = steps.get(clock.escalations as usize) {
            let at = escalation.after.end(calendar, due);
            if now < at {
                step.effects.push(Effect::ScheduleCheck {
                    at: Timestamp::from_trusted_millis(at),
                    reason: "escalation".into(),
                });
                break;
            }
            clock.escalations = clock.escalations.saturating_add(1);
            let to = match &escalation.to {
                EscalateTo::Manager => manager
                    .clone()
                    .unwrap_or_else(|| playbook.marketing_owner.clone()),
                EscalateTo::Person(person) => person.clone(),
            };
            step.effects.push(Effect::Escalate {
                level: clock.escalations,
                to,
                owner: owner.clone(),
                due_at: clock.due_at,
            });
        }
    }
    step.record.sla = Some(clock);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_name_the_moves_each_stage_allows() {
        let hints = Stage::ALL.map(|stage| format!("{stage}{}", legal_hint(stage)));
        assert_eq!(
            hints,
            [
                "lead (marketing owns it: it reaches sales by becoming an MQL on a score update)",
                "mql (an MQL can be accepted, rejected, contacted, booked, reassigned or disqualified)",
                "sal (a SAL can be qualified, rejected, contacted, booked, reassigned or disqualified)",
                "sql (an SQL can become an opportunity, be rejected, contacted, reassigned or disqualified)",
                "opportunity (an opportunity can be contacted, reassigned or disqualified)",
                "nurture (marketing owns it: it reaches sales by becoming an MQL on a score update)",
                "recycled (marketing owns it: it reaches sales by becoming an MQL on a score update)",
                "disqualified (a disqualified lead leaves the funnel for good)",
            ]
        );
        let verbs = Action::TYPES.map(describe_action);
        assert_eq!(
            verbs,
            [
                "apply this action to",
                "accept",
                "reject",
                "book a meeting for",
                "qualify",
                "open an opportunity for",
                "disqualify",
                "log a contact attempt for",
                "apply this action to",
                "enroll in nurture",
                "reassign",
            ]
        );
    }

    #[test]
    fn each_stage_refuses_the_moves_it_does_not_allow() {
        let root = env!("CARGO_MANIFEST_DIR");
        let read = |path: &str| std::fs::read_to_string(format!("{root}/{path}")).unwrap();
        let model = crate::Model::from_json(&read("examples/models/b2b-default.json")).unwrap();
        let playbook =
            Playbook::from_json(&read("examples/playbooks/b2b-default.json"), &model).unwrap();
        let person = playbook.team.keys().next().unwrap().clone();
        let note = None;
        let actions = [
            Action::Accept { note: None },
            Action::Reject {
                reason: "timing".into(),
                note: None,
                revisit_at: None,
                duplicate_of: None,
            },
            Action::MeetingBooked { note: None },
            Action::Qualify { note: None },
            Action::OpenOpportunity { note: None },
            Action::Disqualify {
                reason: "spam".into(),
                note: None,
            },
            Action::LogContact {
                channel: None,
                note: None,
            },
            Action::TimePasses,
            Action::EnrollNurture {
                track: "education".into(),
            },
            Action::Reassign {
                owner: person,
                note,
            },
        ];
        let now = Timestamp::from_trusted_millis(1_700_000_000_000);
        let refused = Stage::ALL.map(|stage| {
            let mut record = LifecycleRecord::new("l1", &playbook.marketing_owner, now);
            record.stage = stage;
            let refused: Vec<&str> = actions
                .iter()
                .filter(|action| {
                    apply(&playbook, &record, action, now, &RoutingState::default())
                        .is_err_and(|err| err.code == "illegalTransition")
                })
                .map(Action::name)
                .collect();
            format!("{stage}: {}", refused.join(" "))
        });
        let marketing = "accept reject meetingBooked qualify openOpportunity logContact reassign";
        assert_eq!(
            refused,
            [
                format!("lead: {marketing}"),
                "mql: qualify openOpportunity enrollNurture".into(),
                "sal: accept openOpportunity enrollNurture".into(),
                "sql: accept meetingBooked qualify enrollNurture".into(),
                "opportunity: accept reject meetingBooked qualify openOpportunity enrollNurture"
                    .into(),
                format!("nurture: {marketing}"),
                format!("recycled: {marketing}"),
                "disqualified: accept reject meetingBooked qualify openOpportunity disqualify \
                 logContact enrollNurture reassign"
                    .into(),
            ]
        );
    }
}
