//! What can happen to a lead (actions, read from JSON with a path for anything malformed) and
//! what the caller must then carry out (effects, a tagged enum written as JSON).

use super::handoff::Handoff;
use super::snapshot::ScoreSnapshot;
use crate::error::InputError;
use crate::lead::{deserialize_with_path, Lead};
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// Something that happened to a lead.
// Actions are made one at a time and never stored in bulk: the large variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Action<'a> {
    /// The lead was scored: the latest score result and the lead it was computed from.
    ScoreUpdate {
        score: ScoreSnapshot,
        lead: Lead<'a>,
    },
    /// Sales accepts the MQL (MQL to SAL).
    Accept { note: Option<String> },
    /// Sales rejects the lead (an MQL, SAL or SQL) with a reason from the playbook.
    Reject {
        reason: String,
        note: Option<String>,
        /// For reasons that accept one (timing, budget cycle): when the lead comes back.
        revisit_at: Option<Timestamp>,
        /// For a duplicate: the record it duplicates.
        duplicate_of: Option<String>,
    },
    /// A meeting was booked (MQL or SAL to SQL); it counts as first contact.
    MeetingBooked { note: Option<String> },
    /// Sales qualifies the lead after discovery (SAL to SQL).
    Qualify { note: Option<String> },
    /// An opportunity was opened (SQL to opportunity).
    OpenOpportunity { note: Option<String> },
    /// The lead leaves the funnel for good.
    Disqualify {
        reason: String,
        note: Option<String>,
    },
    /// The owner tried to reach the lead (a call, an email).
    LogContact {
        channel: Option<String>,
        note: Option<String>,
    },
    /// Nothing happened but time: SLA reminders and escalations fall due.
    TimePasses,
    /// Marketing puts the lead in a nurture track.
    EnrollNurture { track: String },
    /// A manager hands the lead to another owner.
    Reassign { owner: String, note: Option<String> },
}

impl Action<'_> {
    pub fn name(&self) -> &'static str {
        match self {
            Action::ScoreUpdate { .. } => "scoreUpdate",
            Action::Accept { .. } => "accept",
            Action::Reject { .. } => "reject",
            Action::MeetingBooked { .. } => "meetingBooked",
            Action::Qualify { .. } => "qualify",
            Action::OpenOpportunity { .. } => "openOpportunity",
            Action::Disqualify { .. } => "disqualify",
            Action::LogContact { .. } => "logContact",
            Action::TimePasses => "timePasses",
            Action::EnrollNurture { .. } => "enrollNurture",
            Action::Reassign { .. } => "reassign",
        }
    }

    /// The action types, as JSON names them.
    pub const TYPES: [&'static str; 11] = [
        "scoreUpdate",
        "accept",
        "reject",
        "meetingBooked",
        "qualify",
        "openOpportunity",
        "disqualify",
        "logContact",
        "timePasses",
        "enrollNurture",
        "reassign",
    ];
}

/// Every field any action has: one deserializer for them all (each type deserialized with
/// paths costs Wasm code), then a check that the action's type takes what was given.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ActionDoc<'a> {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    score: Option<ScoreSnapshot>,
    #[serde(default, borrow)]
    lead: Option<Lead<'a>>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    revisit_at: Option<Timestamp>,
    #[serde(default)]
    duplicate_of: Option<String>,
    #[serde(default)]
    channel: Option<String>,
    #[serde(default)]
    track: Option<String>,
    #[serde(default)]
    owner: Option<String>,
}

/// Reads an action such as `{ "type": "reject", "reason": "timing" }`.
pub fn parse_action(json: &str) -> Result<Action<'_>, InputError> {
    let mut doc: ActionDoc = deserialize_with_path(json)?;
    let Some(kind) = doc.kind.take() else {
        return Err(InputError::new(
            "type",
            format!(
                "an action needs a `type`, one of: {}",
                Action::TYPES.join(", ")
            ),
        ));
    };
    doc.check_fields(&kind)?;
    doc.into_action(&kind)
}

impl<'a> ActionDoc<'a> {
    /// The fields an action of type `kind` takes besides `type`.
    fn fields_of(kind: &str) -> Result<&'static [&'static str], InputError> {
        Ok(match kind {
            "scoreUpdate" => &["score", "lead"],
            "reject" => &["reason", "note", "revisitAt", "duplicateOf"],
            "accept" | "meetingBooked" | "qualify" | "openOpportunity" => &["note"],
            "disqualify" => &["reason", "note"],
            "logContact" => &["channel", "note"],
            "timePasses" => &[],
            "enrollNurture" => &["track"],
            "reassign" => &["owner", "note"],
            other => {
                return Err(InputError::new(
                    "type",
                    format!(
                        "{other:?} is not an action; expected one of: {}",
                        Action::TYPES.join(", ")
                    ),
                ))
            }
        })
    }

    /// Refuses a field that an action of type `kind` does not take (the first, in field order).
    fn check_fields(&self, kind: &str) -> Result<(), InputError> {
        let allowed = Self::fields_of(kind)?;
        let given = [
            ("score", self.score.is_some()),
            ("lead", self.lead.is_some()),
            ("reason", self.reason.is_some()),
            ("note", self.note.is_some()),
            ("revisitAt", self.revisit_at.is_some()),
            ("duplicateOf", self.duplicate_of.is_some()),
            ("channel", self.channel.is_some()),
            ("track", self.track.is_some()),
            ("owner", self.owner.is_some()),
        ];
        match given
            .iter()
            .find(|(key, set)| *set && !allowed.contains(key))
        {
            Some((key, _)) => {
                let takes: String = allowed.iter().map(|a| format!(", {a}")).collect();
                Err(InputError::new(
                    *key,
                    format!("a {kind} action has no `{key}` (it takes: type{takes})"),
                ))
            }
            None => Ok(()),
        }
    }

    /// The action of type `kind` (known, with only the fields it takes).
    fn into_action(self, kind: &str) -> Result<Action<'a>, InputError> {
        let required = |value: Option<String>, key: &str| {
            value
                .filter(|v| !v.trim().is_empty())
                .ok_or_else(|| InputError::new(key, format!("a {kind} action needs `{key}`")))
        };
        let note = self.note;
        Ok(match kind {
            "scoreUpdate" => score_update(self.score, self.lead)?,
            // A missing reason is the transition's error (sales must give one), not a malformed
            // action.
            "reject" => Action::Reject {
                reason: self.reason.unwrap_or_default(),
                note,
                revisit_at: self.revisit_at,
                duplicate_of: self.duplicate_of,
            },
            "accept" => Action::Accept { note },
            "meetingBooked" => Action::MeetingBooked { note },
            "qualify" => Action::Qualify { note },
            "openOpportunity" => Action::OpenOpportunity { note },
            "disqualify" => Action::Disqualify {
                reason: self.reason.unwrap_or_default(),
                note,
            },
            "logContact" => Action::LogContact {
                channel: self.channel,
                note,
            },
            "timePasses" => Action::TimePasses,
            "enrollNurture" => Action::EnrollNurture {
                track: required(self.track, "track")?,
            },
            _ => Action::Reassign {
                owner: required(self.owner, "owner")?,
                note,
            },
        })
    }
}

/// A score update needs both the score and the lead it was computed from.
fn score_update<'a>(
    score: Option<ScoreSnapshot>,
    lead: Option<Lead<'a>>,
) -> Result<Action<'a>, InputError> {
    match (score, lead) {
        (Some(score), Some(lead)) => {
            lead.check_shape().map_err(|err| err.within("lead"))?;
            Ok(Action::ScoreUpdate { score, lead })
        }
        (None, _) => Err(InputError::new(
            "score",
            "a scoreUpdate action needs `score`: the result of scoring the lead",
        )),
        (_, None) => Err(InputError::new(
            "lead",
            "a scoreUpdate action needs `lead`: the lead that was scored",
        )),
    }
}

/// Something the caller must do after a transition.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Effect {
    /// Make `owner` the lead's owner in the CRM.
    AssignOwner {
        owner: String,
        previous_owner: String,
        /// How routing chose: `namedAccount`, `rule`, `fallback`, or `manual`, `marketing`.
        matched: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        rule: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pool: Option<String>,
    },
    /// Tell the owner: a new MQL (with the handoff), an SLA about to be due, a reassignment.
    NotifyOwner {
        owner: String,
        reason: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        handoff: Option<Box<Handoff>>,
    },
    /// A task for the owner, due at `due_at`.
    CreateTask {
        owner: String,
        kind: String,
        title: String,
        due_at: Timestamp,
    },
    /// The first-contact task is done.
    CompleteTask {
        owner: String,
        kind: String,
    },
    /// Close the owner's open tasks for this lead.
    CloseTasks {
        owner: String,
    },
    /// Call `timePasses` for this lead at `at` (SLA reminder, due time, escalation).
    ScheduleCheck {
        at: Timestamp,
        reason: String,
    },
    EnrollInNurture {
        track: String,
    },
    ExitNurture {
        track: String,
    },
    /// Rescore the lead at `at`: it may re-qualify from then on.
    ScheduleReevaluation {
        at: Timestamp,
        reason: String,
    },
    /// The SLA was breached: the owner's manager should review.
    FlagForManagerReview {
        owner: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        manager: Option<String>,
        due_at: Timestamp,
    },
    /// An escalation step: tell `to` that the owner has not made contact.
    Escalate {
        level: u32,
        to: String,
        owner: String,
        due_at: Timestamp,
    },
    /// The lead qualified but lacks required fields: enrich it, then score again.
    Enrich {
        fields: Vec<String>,
    },
    /// The lead duplicates another record: merge it there.
    MergeDuplicate {
        #[serde(skip_serializing_if = "Option::is_none")]
        duplicate_of: Option<String>,
    },
}
