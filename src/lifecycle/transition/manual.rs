//! The moves made by hand besides rejection and the plain stage changes: disqualifying, logging
//! a contact attempt, enrolling in nurture and reassigning to another owner.

use super::draft::Draft;
use super::outcome::TransitionError;
use crate::lifecycle::action::Effect;
use crate::lifecycle::record::Stage;

/// The lead leaves the funnel for good, back in marketing's hands, with the reason given.
pub(super) fn disqualify(
    draft: &mut Draft,
    reason: &str,
    note: Option<&str>,
) -> Result<(), TransitionError> {
    if reason.trim().is_empty() {
        return Err(draft.error("reasonRequired", "a disqualification needs a `reason`"));
    }
    draft.back_to_marketing();
    draft.exit_nurture();
    draft.record.reevaluate_at = None;
    draft.record.disqualified_reason = Some(reason.to_string());
    let marketing = draft.playbook.marketing_owner.clone();
    draft.move_to(Stage::Disqualified, &marketing, Some(reason), note);
    Ok(())
}

/// The owner tried to reach the lead; the first attempt is the first contact.
pub(super) fn log_contact(draft: &mut Draft) {
    draft.record.contact_attempts = draft.record.contact_attempts.saturating_add(1);
    draft.first_contact();
}

/// Marketing puts the lead in one of the playbook's nurture tracks (leaving the one it was in).
pub(super) fn enroll_nurture(draft: &mut Draft, track: &str) -> Result<(), TransitionError> {
    let tracks = &draft.playbook.tracks;
    if !tracks.iter().any(|t| t.id == track) {
        let known: Vec<&str> = tracks.iter().map(|t| t.id.as_str()).collect();
        return Err(draft.error(
            "unknownTrack",
            format!("no nurture track {track:?} (known: {})", known.join(", ")),
        ));
    }
    if draft.record.nurture_track.as_deref() != Some(track) {
        draft.exit_nurture();
        draft.effects.push(Effect::EnrollInNurture {
            track: track.to_string(),
        });
        draft.record.nurture_track = Some(track.to_string());
    }
    draft.advance(Stage::Nurture, Some(track), None);
    Ok(())
}

/// A manager hands the lead to another person of the team, who gets the first-contact task if
/// contact is still due. Reassigning to the current owner changes nothing.
pub(super) fn reassign(
    draft: &mut Draft,
    owner: &str,
    note: Option<&str>,
) -> Result<(), TransitionError> {
    if draft.playbook.person(owner).is_none() {
        return Err(draft.error(
            "unknownOwner",
            format!("no person {owner:?} in the playbook's team"),
        ));
    }
    if owner == draft.record.owner {
        return Ok(());
    }
    draft.effects.push(Effect::CloseTasks {
        owner: draft.record.owner.clone(),
    });
    draft.set_owner(owner, "manual", None, None);
    draft.effects.push(Effect::NotifyOwner {
        owner: owner.to_string(),
        reason: "reassigned".into(),
        handoff: None,
    });
    if let Some(sla) = draft
        .record
        .sla
        .as_ref()
        .filter(|s| s.first_contact_at.is_none())
    {
        draft.effects.push(Effect::CreateTask {
            owner: owner.to_string(),
            kind: "firstContact".into(),
            title: format!("First contact with lead {}", draft.record.lead_id),
            due_at: sla.due_at,
        });
    }
    let stage = draft.record.stage;
    draft.move_to(stage, owner, Some("reassigned"), note);
    Ok(())
}
