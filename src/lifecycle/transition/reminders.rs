//! Time passes: an MQL or SAL whose owner has not made first contact gets the due-soon reminder
//! once the window is nearly over; after the due time the breach is flagged for the owner's
//! manager, and the playbook's escalation steps follow as they fall due.

use super::draft::Draft;
use crate::lifecycle::action::Effect;
use crate::lifecycle::record::Stage;
use crate::lifecycle::sla::{EscalateTo, SlaClock};
use crate::time::Timestamp;

/// SLA reminders and escalations that have fallen due by now.
pub(super) fn time_passes(draft: &mut Draft) {
    if !matches!(draft.record.stage, Stage::Mql | Stage::Sal) {
        return;
    }
    let Some(mut clock) = draft.record.sla.clone() else {
        return;
    };
    if clock.first_contact_at.is_some() {
        return;
    }
    if draft.now.millis() < clock.due_at.millis() {
        remind(draft, &mut clock);
    } else {
        let manager = draft
            .playbook
            .person(&draft.record.owner)
            .and_then(|p| p.manager.clone());
        flag_breach(draft, &mut clock, manager.as_deref());
        escalate(draft, &mut clock, manager.as_deref());
    }
    draft.record.sla = Some(clock);
}

/// The due-soon reminder, once.
fn remind(draft: &mut Draft, clock: &mut SlaClock) {
    let due_soon = clock.due_soon_at(draft.playbook.sla.due_soon_share);
    if !clock.reminded && draft.now.millis() >= due_soon {
        clock.reminded = true;
        draft.effects.push(Effect::NotifyOwner {
            owner: draft.record.owner.clone(),
            reason: "slaDueSoon".into(),
            handoff: None,
        });
    }
}

/// The breach, flagged for the owner's manager once.
fn flag_breach(draft: &mut Draft, clock: &mut SlaClock, manager: Option<&str>) {
    if !clock.flagged {
        clock.flagged = true;
        draft.effects.push(Effect::FlagForManagerReview {
            owner: draft.record.owner.clone(),
            manager: manager.map(str::to_string),
            due_at: clock.due_at,
        });
    }
}

/// Every escalation step that has fallen due since the breach, then a check for the next one.
fn escalate(draft: &mut Draft, clock: &mut SlaClock, manager: Option<&str>) {
    let playbook = draft.playbook;
    let owner = draft.record.owner.clone();
    let calendar = playbook.calendar_for(&owner);
    let (now, due) = (draft.now.millis(), clock.due_at.millis());
    while let Some(escalation) = playbook.sla.escalation.get(clock.escalations as usize) {
        let at = escalation.after.end(calendar, due);
        if now < at {
            draft.effects.push(Effect::ScheduleCheck {
                at: Timestamp::from_trusted_millis(at),
                reason: "escalation".into(),
            });
            break;
        }
        clock.escalations = clock.escalations.saturating_add(1);
        let to = match &escalation.to {
            EscalateTo::Manager => manager.unwrap_or(&playbook.marketing_owner).to_string(),
            EscalateTo::Person(person) => person.clone(),
        };
        draft.effects.push(Effect::Escalate {
            level: clock.escalations,
            to,
            owner: owner.clone(),
            due_at: clock.due_at,
        });
    }
}
