//! A transition in the making: a copy of the record, the routing state and the effects so far,
//! with the steps every transition is made of (moving to a stage, changing owner, leaving
//! nurture, first contact). `apply` returns what it comes to, or drops it with an error.

use super::moves;
use super::outcome::{Outcome, TransitionError};
use crate::lifecycle::action::Effect;
use crate::lifecycle::playbook::Playbook;
use crate::lifecycle::record::{HistoryEntry, LifecycleRecord, Stage};
use crate::lifecycle::routing::RoutingState;
use crate::time::Timestamp;

/// What an action does to a record, while it is being worked out.
pub(super) struct Draft<'p> {
    pub playbook: &'p Playbook,
    pub record: LifecycleRecord,
    pub routing: RoutingState,
    pub effects: Vec<Effect>,
    pub now: Timestamp,
    pub action: &'static str,
}

impl<'p> Draft<'p> {
    /// A draft of what `action` does to `record` at `now`.
    pub fn new(
        playbook: &'p Playbook,
        record: &LifecycleRecord,
        routing: &RoutingState,
        now: Timestamp,
        action: &'static str,
    ) -> Self {
        Draft {
            playbook,
            record: record.clone(),
            routing: routing.clone(),
            effects: Vec::new(),
            now,
            action,
        }
    }

    /// What the draft came to.
    pub fn into_outcome(self) -> Outcome {
        Outcome {
            record: self.record,
            routing: self.routing,
            effects: self.effects,
        }
    }

    /// A refusal of the action, with a stable code.
    pub fn error(&self, code: &'static str, message: impl Into<String>) -> TransitionError {
        TransitionError {
            code,
            stage: self.record.stage,
            action: self.action,
            message: message.into(),
        }
    }

    /// The refusal of a move the record's stage does not allow.
    pub fn illegal(&self) -> TransitionError {
        let stage = self.record.stage;
        self.error(
            "illegalTransition",
            format!(
                "cannot {} a lead in stage {stage}{}",
                moves::describe_action(self.action),
                moves::legal_hint(stage)
            ),
        )
    }

    /// Moves to `to` with the same owner, recording it in the history.
    pub fn advance(&mut self, to: Stage, reason: Option<&str>, note: Option<&str>) {
        let owner = self.record.owner.clone();
        self.move_to(to, &owner, reason, note);
    }

    /// Moves to `to` (or changes owner), recording it in the history.
    pub fn move_to(&mut self, to: Stage, owner: &str, reason: Option<&str>, note: Option<&str>) {
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

    pub fn set_owner(
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

    pub fn exit_nurture(&mut self) {
        if let Some(track) = self.record.nurture_track.take() {
            self.effects.push(Effect::ExitNurture { track });
        }
    }

    /// Back to marketing: close the sales owner's tasks and hand the lead to marketing.
    pub fn back_to_marketing(&mut self) {
        let marketing = self.playbook.marketing_owner.clone();
        if self.record.stage.is_sales() {
            self.effects.push(Effect::CloseTasks {
                owner: self.record.owner.clone(),
            });
        }
        self.set_owner(&marketing, "marketing", None, None);
    }

    pub fn first_contact(&mut self) {
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
