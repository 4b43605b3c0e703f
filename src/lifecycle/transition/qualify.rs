//! A score update: the lead's fit is noted (a "wrong ICP" block lifts once it changes), and a
//! lead in marketing's hands whose score makes it an MQL qualifies, or re-qualifies after sales
//! sent it back, or waits for enrichment. Qualifying routes it to an owner, starts the SLA clock
//! and hands it off.

use super::draft::Draft;
use super::outcome::TransitionError;
use crate::lead::Lead;
use crate::lifecycle::action::Effect;
use crate::lifecycle::handoff::{Handoff, HandoffContext, HandoffSla};
use crate::lifecycle::playbook::Playbook;
use crate::lifecycle::record::Stage;
use crate::lifecycle::sla::{Signal, SlaClock};
use crate::lifecycle::snapshot::ScoreSnapshot;
use crate::time::Timestamp;
use serde_json::Value as Json;
use std::collections::BTreeMap;

pub(super) fn score_update(
    draft: &mut Draft,
    score: &ScoreSnapshot,
    lead: &Lead,
) -> Result<(), TransitionError> {
    let record_id = draft.record.lead_id.clone();
    if score.lead_id != record_id || lead.id() != record_id {
        return Err(draft.error(
            "leadMismatch",
            format!(
                "the record is for lead {record_id:?}, but the score is for {:?} and the lead is {:?}",
                score.lead_id,
                lead.id()
            ),
        ));
    }
    let fit = fit_snapshot(draft.playbook, lead);
    // A "wrong ICP" block lifts once the fit attributes change.
    if draft
        .record
        .icp_block
        .as_ref()
        .is_some_and(|block| block.attributes != fit)
    {
        draft.record.icp_block = None;
    }
    let stage = draft.record.stage;
    if !stage.is_marketing() || !score.mql || draft.record.icp_block.is_some() {
        return Ok(());
    }
    // A lead sales sent back (recycled, or moved on to another nurture track since) must
    // re-qualify; a lead that never reached sales qualifies on its score.
    let record = &draft.record;
    let sent_back = record
        .recycled_at
        .is_some_and(|at| record.last_mql_at.is_none_or(|mql| at >= mql));
    if sent_back && !requalifies(draft, score) {
        return Ok(());
    }
    let missing = draft.playbook.handoff.missing_fields(lead);
    if !missing.is_empty() {
        if missing != draft.record.awaiting_enrichment {
            draft.effects.push(Effect::Enrich {
                fields: missing.clone(),
            });
            draft.record.awaiting_enrichment = missing;
        }
        return Ok(());
    }
    qualify(draft, score, lead, fit);
    Ok(())
}

/// Whether a recycled lead comes back: intent returned after the wait (new engagement since
/// the rejection), or an instant trigger fired since the rejection.
fn requalifies(draft: &Draft, score: &ScoreSnapshot) -> bool {
    let record = &draft.record;
    let since = record.recycled_at.unwrap_or(record.entered_stage_at);
    let waited = record.reevaluate_at.is_none_or(|at| draft.now >= at);
    let returned = score.last_engagement_at.is_some_and(|at| at > since);
    let raised_hand =
        score.hand_raiser && score.trigger.as_ref().is_some_and(|t| t.event.at > since);
    (waited && returned) || (raised_hand && (waited || draft.playbook.instant_triggers_skip_wait))
}

/// Makes the lead an MQL: routes it, starts its SLA clock, hands it off to the owner with a
/// first-contact task, and schedules the SLA's checks.
fn qualify(draft: &mut Draft, score: &ScoreSnapshot, lead: &Lead, fit: BTreeMap<String, Json>) {
    let playbook = draft.playbook;
    let assignment = playbook.routing.assign(lead, &mut draft.routing);
    let owner = assignment.owner.clone();
    let signal = playbook.sla.signal_for(score);
    let clock = start_clock(draft, signal, &owner);
    draft.exit_nurture();
    draft.set_owner(
        &owner,
        assignment.matched,
        assignment.rule.clone(),
        assignment.pool.clone(),
    );
    let record = &mut draft.record;
    record.mql_count = record.mql_count.saturating_add(1);
    record.last_mql_at = Some(draft.now);
    record.reevaluate_at = None;
    record.contact_attempts = 0;
    record.awaiting_enrichment.clear();
    record.fit_at_mql = Some(fit);
    let handoff = hand_off(draft, score, lead, &owner, signal, clock.due_at);
    let (due, due_soon) = (clock.due_at, clock.due_soon_at(playbook.sla.due_soon_share));
    draft.record.sla = Some(clock);
    draft.effects.push(Effect::NotifyOwner {
        owner: owner.clone(),
        reason: "newMql".into(),
        handoff: Some(Box::new(handoff)),
    });
    draft.effects.push(Effect::CreateTask {
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
    if due_soon > draft.now.millis() && due_soon < due.millis() {
        draft.effects.push(Effect::ScheduleCheck {
            at: Timestamp::from_trusted_millis(due_soon),
            reason: "slaDueSoon".into(),
        });
    }
    draft.effects.push(Effect::ScheduleCheck {
        at: due,
        reason: "slaDue".into(),
    });
    let reason = if score.is_instant() {
        "instant"
    } else {
        "threshold"
    };
    draft.move_to(Stage::Mql, &owner, Some(reason), None);
}

/// The SLA clock of a new MQL: the signal's window on the owner's calendar, from now.
fn start_clock(draft: &Draft, signal: &Signal, owner: &str) -> SlaClock {
    let calendar = draft.playbook.calendar_for(owner);
    let due = signal.within.end(calendar, draft.now.millis());
    SlaClock {
        signal: signal.id.clone(),
        calendar: calendar.id.clone(),
        started_at: draft.now,
        due_at: Timestamp::from_trusted_millis(due),
        first_contact_at: None,
        reminded: false,
        flagged: false,
        escalations: 0,
    }
}

/// The handoff for the new owner.
fn hand_off(
    draft: &Draft,
    score: &ScoreSnapshot,
    lead: &Lead,
    owner: &str,
    signal: &Signal,
    due_at: Timestamp,
) -> Handoff {
    let (playbook, record) = (draft.playbook, &draft.record);
    playbook.handoff.build(
        lead,
        score,
        HandoffContext {
            owner,
            owner_name: playbook.person(owner).and_then(|p| p.name.as_deref()),
            sla: HandoffSla {
                signal: signal.id.clone(),
                window: signal.within.describe(),
                due_at,
            },
            mql_count: record.mql_count,
            previous_recycle_reason: record.last_recycle_reason.as_deref(),
            recycled_at: record.recycled_at,
            now: draft.now,
        },
    )
}

/// The lead's fit attributes as plain values, to compare across time.
fn fit_snapshot(playbook: &Playbook, lead: &Lead) -> BTreeMap<String, Json> {
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
