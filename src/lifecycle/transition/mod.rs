//! The transition function: a record, an action and the moment it happens in; out come the new
//! record and the effects the caller must carry out, or an error that leaves the record as it
//! was. Qualification (with routing, the SLA clock and the handoff), acceptance, rejection and
//! recycling, the sales stages, SLA reminders and escalations.
//!
//! `apply` is here, what it returns in `outcome.rs`; `moves.rs` holds which moves each stage
//! allows, `draft.rs` the transition being made, `qualify.rs` a score update (and becoming an
//! MQL), `reject.rs` rejection and recycling, `manual.rs` the other moves made by hand,
//! `reminders.rs` the SLA's reminders and escalations.

mod draft;
mod manual;
mod moves;
mod outcome;
mod qualify;
mod reject;
mod reminders;

pub use outcome::{Outcome, TransitionError};

use super::action::Action;
use super::playbook::Playbook;
use super::record::{LifecycleRecord, Stage};
use super::routing::RoutingState;
use crate::time::Timestamp;
use draft::Draft;

/// Applies an action to a record at `now`.
pub fn apply(
    playbook: &Playbook,
    record: &LifecycleRecord,
    action: &Action,
    now: Timestamp,
    routing: &RoutingState,
) -> Result<Outcome, TransitionError> {
    let mut draft = Draft::new(playbook, record, routing, now, action.name());
    if now < record.last_moment() {
        return Err(draft.error(
            "timeWentBackwards",
            format!(
                "{now} is before the record's last change at {}: actions come in time order",
                record.last_moment()
            ),
        ));
    }
    if !moves::allowed(draft.action, record.stage) {
        return Err(draft.illegal());
    }
    match action {
        Action::ScoreUpdate { score, lead } => qualify::score_update(&mut draft, score, lead)?,
        Action::Accept { note } => draft.advance(Stage::Sal, None, note.as_deref()),
        Action::Reject {
            reason,
            note,
            revisit_at,
            duplicate_of,
        } => reject::reject(
            &mut draft,
            reason,
            note.as_deref(),
            *revisit_at,
            duplicate_of.as_deref(),
        )?,
        Action::MeetingBooked { note } => {
            draft.first_contact();
            draft.advance(Stage::Sql, Some("meetingBooked"), note.as_deref());
        }
        Action::Qualify { note } => draft.advance(Stage::Sql, None, note.as_deref()),
        Action::OpenOpportunity { note } => {
            draft.advance(Stage::Opportunity, None, note.as_deref())
        }
        Action::Disqualify { reason, note } => {
            manual::disqualify(&mut draft, reason, note.as_deref())?
        }
        Action::LogContact { .. } => manual::log_contact(&mut draft),
        Action::TimePasses => reminders::time_passes(&mut draft),
        Action::EnrollNurture { track } => manual::enroll_nurture(&mut draft, track)?,
        Action::Reassign { owner, note } => manual::reassign(&mut draft, owner, note.as_deref())?,
    }
    Ok(draft.into_outcome())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::record::Stage;

    #[test]
    fn each_stage_refuses_the_moves_it_does_not_allow() {
        let root = env!("CARGO_MANIFEST_DIR");
        let read = |path: &str| std::fs::read_to_string(format!("{root}/{path}")).unwrap();
        let model =
            crate::model::Model::from_json(&read("examples/models/b2b-default.json")).unwrap();
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
