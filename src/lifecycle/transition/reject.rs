//! Sales rejects a lead with one of the playbook's reasons. The reason's conditions are checked
//! first (contact attempts logged, a revisit date it accepts, a duplicate only for a duplicate
//! reason); then the lead goes back to marketing and its play runs: recycled (into a nurture
//! track, re-evaluated after a wait, or blocked until its fit changes), or dropped for good
//! (merged into the record it duplicates, or disqualified).

use super::draft::Draft;
use super::outcome::TransitionError;
use crate::lifecycle::action::Effect;
use crate::lifecycle::record::{IcpBlock, Stage};
use crate::lifecycle::recycle::{RecyclePolicy, RejectionReason};
use crate::time::{Timestamp, MS_PER_DAY};

pub(super) fn reject(
    draft: &mut Draft,
    reason_id: &str,
    note: Option<&str>,
    revisit_at: Option<Timestamp>,
    duplicate_of: Option<&str>,
) -> Result<(), TransitionError> {
    let reason = known_reason(draft, reason_id)?;
    check_reason(draft, reason, revisit_at, duplicate_of)?;
    draft.back_to_marketing();
    match reason.policy {
        RecyclePolicy::Recycle | RecyclePolicy::BlockUntilFitChanges => {
            recycle(draft, reason, note, revisit_at)
        }
        RecyclePolicy::MergeDuplicate | RecyclePolicy::Disqualify => {
            drop_lead(draft, reason, note, duplicate_of)
        }
    }
    Ok(())
}

/// The playbook's reason `reason_id`; sales must give one.
fn known_reason<'p>(
    draft: &Draft<'p>,
    reason_id: &str,
) -> Result<&'p RejectionReason, TransitionError> {
    let reasons = &draft.playbook.reasons;
    let known = || {
        reasons
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if reason_id.trim().is_empty() {
        return Err(draft.error(
            "reasonRequired",
            format!(
                "sales must give a reason to reject a lead; one of: {}",
                known()
            ),
        ));
    }
    draft.playbook.reason(reason_id).ok_or_else(|| {
        draft.error(
            "unknownReason",
            format!(
                "{reason_id:?} is not a rejection reason; one of: {}",
                known()
            ),
        )
    })
}

/// What the reason asks before sales may give it, and what it takes.
fn check_reason(
    draft: &Draft,
    reason: &RejectionReason,
    revisit_at: Option<Timestamp>,
    duplicate_of: Option<&str>,
) -> Result<(), TransitionError> {
    let attempts = draft.record.contact_attempts;
    if attempts < reason.min_contact_attempts {
        return Err(draft.error(
            "notEnoughContactAttempts",
            format!(
                "rejecting for {:?} needs at least {} logged contact attempt{}; {attempts} so far",
                reason.id,
                reason.min_contact_attempts,
                if reason.min_contact_attempts == 1 {
                    ""
                } else {
                    "s"
                },
            ),
        ));
    }
    if let Some(at) = revisit_at {
        if !reason.accepts_revisit_date {
            return Err(draft.error(
                "revisitNotAllowed",
                format!("the reason {:?} takes no `revisitAt`", reason.id),
            ));
        }
        if at <= draft.now {
            return Err(draft.error(
                "revisitNotAllowed",
                format!("`revisitAt` ({at}) must be in the future"),
            ));
        }
    }
    if duplicate_of.is_some() && reason.policy != RecyclePolicy::MergeDuplicate {
        return Err(draft.error(
            "illegalTransition",
            format!(
                "`duplicateOf` goes only with a duplicate reason, not {:?}",
                reason.id
            ),
        ));
    }
    Ok(())
}

/// Recycled: nurtured on the reason's track, re-evaluated once its wait (or the revisit date)
/// is over; "wrong ICP" also blocks a new MQL until the fit attributes change.
fn recycle(
    draft: &mut Draft,
    reason: &RejectionReason,
    note: Option<&str>,
    revisit_at: Option<Timestamp>,
) {
    let now = draft.now;
    let record = &mut draft.record;
    record.recycle_count = record.recycle_count.saturating_add(1);
    record.last_recycle_reason = Some(reason.id.clone());
    record.recycled_at = Some(now);
    if reason.policy == RecyclePolicy::BlockUntilFitChanges {
        record.icp_block = Some(IcpBlock {
            since: now,
            attributes: record.fit_at_mql.clone().unwrap_or_default(),
        });
    }
    let wait = revisit_at.unwrap_or_else(|| {
        Timestamp::from_trusted_millis(now.millis() + reason.wait_days * MS_PER_DAY)
    });
    record.reevaluate_at = (wait > now).then_some(wait);
    if let Some(track) = &reason.track {
        record.nurture_track = Some(track.clone());
        draft.effects.push(Effect::EnrollInNurture {
            track: track.clone(),
        });
    }
    if let Some(at) = draft.record.reevaluate_at {
        draft.effects.push(Effect::ScheduleReevaluation {
            at,
            reason: reason.id.clone(),
        });
    }
    let marketing = draft.playbook.marketing_owner.clone();
    draft.move_to(Stage::Recycled, &marketing, Some(&reason.id), note);
}

/// Out of the funnel: merged into the record it duplicates, or disqualified.
fn drop_lead(
    draft: &mut Draft,
    reason: &RejectionReason,
    note: Option<&str>,
    duplicate_of: Option<&str>,
) {
    if reason.policy == RecyclePolicy::MergeDuplicate {
        draft.effects.push(Effect::MergeDuplicate {
            duplicate_of: duplicate_of.map(str::to_string),
        });
    }
    draft.record.disqualified_reason = Some(reason.id.clone());
    draft.record.last_recycle_reason = Some(reason.id.clone());
    let marketing = draft.playbook.marketing_owner.clone();
    draft.move_to(Stage::Disqualified, &marketing, Some(&reason.id), note);
}
