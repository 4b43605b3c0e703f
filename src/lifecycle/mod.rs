//! Lifecycle and handoff: the contract between marketing and sales, run as pure functions over
//! plain data. A [`Lifecycle`] compiles a playbook (stages, routing, SLAs on business calendars,
//! the handoff payload, rejection reasons and recycle plays) for a scoring model; its
//! [`Lifecycle::apply`] takes a lead's record, an action and an explicit `now`, and returns the
//! new record and the effects the caller must carry out.
//!
//! ```
//! use leadscore::lifecycle::{Action, Effect, RoutingState, Stage};
//! use leadscore::{parse_lead, Lifecycle, ScoreSnapshot, Scorer, Timestamp};
//!
//! let read = |path: &str| std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
//! let scorer = Scorer::from_json(&read("examples/models/b2b-default.json")).unwrap();
//! let lifecycle = Lifecycle::from_json(&read("examples/playbooks/b2b-default.json"), scorer.model()).unwrap();
//!
//! let lead = parse_lead(r#"{ "id": "l1",
//!     "attributes": { "name": "Kim Lee", "email": "kim@acme.example", "company": "Acme", "country": "DE" },
//!     "events": [{ "type": "demo_request", "at": "2026-11-19T14:00:00Z" }] }"#).unwrap();
//! let now = Timestamp::parse("2026-11-19T14:01:00Z").unwrap();
//! let record = lifecycle.new_record("l1", now);
//! let score = ScoreSnapshot::of(&scorer.score(&lead, now));
//! let outcome = lifecycle
//!     .apply(&record, &Action::ScoreUpdate { score, lead }, now, &RoutingState::default())
//!     .unwrap();
//! assert_eq!((outcome.record.stage, outcome.record.owner.as_str()), (Stage::Mql, "dieter"));
//! // A hand-raiser in Berlin at 15:01: first contact due within 5 business minutes.
//! let due = outcome.effects.iter().find_map(|e| match e {
//!     Effect::CreateTask { due_at, .. } => Some(due_at.to_rfc3339()),
//!     _ => None,
//! });
//! assert_eq!(due.as_deref(), Some("2026-11-19T14:06:00.000Z"));
//! ```

mod account_handoff;
mod action;
pub mod calendar;
mod declared;
mod handoff;
mod playbook;
mod record;
mod recycle;
mod routing;
mod sla;
mod snapshot;
mod transition;
mod tz;
mod tz_table;

pub use account_handoff::{parse_account, AccountHandoff, AccountSnapshot};
pub use action::{parse_action, Action, Effect};
pub use calendar::Calendar;
pub use handoff::{Handoff, HandoffContext, HandoffSla};
pub use playbook::{Person, Playbook, PlaybookError, PLAYBOOK_VERSION};
pub use record::{HistoryEntry, IcpBlock, LifecycleRecord, Stage, RECORD_VERSION};
pub use recycle::{NurtureTrack, RecyclePolicy, RejectionReason, NO_RESPONSE};
pub use routing::{Assignment, RoutingKey, RoutingState};
pub use sla::{SlaClock, SlaState, SlaStatus, Window};
pub use snapshot::ScoreSnapshot;
pub use transition::{Outcome, TransitionError};
pub use tz::{LocalTime, TimeZone, TZDATA_VERSION};

use crate::document::Reader;
use crate::error::{InputError, Issue};
use crate::lead::{deserialize_with_path, Lead};
use crate::model::Model;
use crate::time::Timestamp;
use serde::Serialize;

/// A compiled playbook, ready to run the lifecycle of many leads.
#[derive(Debug, Clone)]
pub struct Lifecycle {
    playbook: Playbook,
}

/// A rejection reason as a sales tool would list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReasonInfo {
    pub id: String,
    pub label: String,
    pub policy: &'static str,
    pub track: Option<String>,
    pub wait_days: i64,
    pub min_contact_attempts: u32,
    pub accepts_revisit_date: bool,
    pub is_final: bool,
}

impl Lifecycle {
    /// Validates and compiles a playbook (JSON text) for a scoring model.
    pub fn from_json(playbook: &str, model: &Model) -> Result<Self, PlaybookError> {
        Playbook::from_json(playbook, model).map(|playbook| Lifecycle { playbook })
    }

    /// Validates and compiles an already-parsed playbook document for a scoring model.
    pub fn from_value(playbook: &serde_json::Value, model: &Model) -> Result<Self, PlaybookError> {
        Playbook::from_value(playbook, model).map(|playbook| Lifecycle { playbook })
    }

    pub fn playbook(&self) -> &Playbook {
        &self.playbook
    }

    /// The record of a lead that has just arrived: stage `lead`, owned by marketing.
    pub fn new_record(&self, lead_id: &str, now: Timestamp) -> LifecycleRecord {
        LifecycleRecord::new(lead_id, &self.playbook.marketing_owner, now)
    }

    /// Applies an action at `now`: the new record, routing state and effects, or an error that
    /// leaves everything as it was.
    pub fn apply(
        &self,
        record: &LifecycleRecord,
        action: &Action,
        now: Timestamp,
        routing: &RoutingState,
    ) -> Result<Outcome, TransitionError> {
        transition::apply(&self.playbook, record, action, now, routing)
    }

    /// Where the lead's SLA stands at `now`, if it has one.
    pub fn sla_status(&self, record: &LifecycleRecord, now: Timestamp) -> Option<SlaStatus> {
        let clock = record.sla.as_ref()?;
        let calendar = self
            .playbook
            .calendars
            .get(&clock.calendar)
            .unwrap_or_else(|| self.playbook.calendar_for(&record.owner));
        let window = self
            .playbook
            .sla
            .signals
            .iter()
            .find(|s| s.id == clock.signal)
            .map(|s| s.within);
        Some(clock.status(
            calendar,
            window.as_ref(),
            self.playbook.sla.due_soon_share,
            now,
        ))
    }

    /// Who routing would assign a lead to, advancing the round robin in `routing`.
    pub fn route(&self, lead: &Lead, routing: &mut RoutingState) -> Assignment {
        self.playbook.routing.assign(lead, routing)
    }

    /// The due time of an SLA window started at `start` on a calendar of the playbook.
    pub fn due_at(&self, calendar: &str, window: Window, start: Timestamp) -> Option<Timestamp> {
        let calendar = self.playbook.calendars.get(calendar)?;
        Some(Timestamp::from_trusted_millis(
            window.end(calendar, start.millis()),
        ))
    }

    /// The handoff a lead would get now, for `owner` (routing's choice when `None`, without
    /// advancing the round robin), or the required fields it lacks.
    pub fn preview_handoff(
        &self,
        lead: &Lead,
        score: &ScoreSnapshot,
        owner: Option<&str>,
        now: Timestamp,
    ) -> Result<Handoff, Vec<String>> {
        let missing = self.playbook.handoff.missing_fields(lead);
        if !missing.is_empty() {
            return Err(missing);
        }
        let routed;
        let owner = match owner {
            Some(owner) => owner,
            None => {
                routed = self
                    .playbook
                    .routing
                    .assign(lead, &mut RoutingState::default())
                    .owner;
                &routed
            }
        };
        let signal = self.playbook.sla.signal_for(score);
        let calendar = self.playbook.calendar_for(owner);
        Ok(self.playbook.handoff.build(
            lead,
            score,
            HandoffContext {
                owner,
                owner_name: self.playbook.person(owner).and_then(|p| p.name.as_deref()),
                sla: HandoffSla {
                    signal: signal.id.clone(),
                    window: signal.within.describe(),
                    due_at: Timestamp::from_trusted_millis(
                        signal.within.end(calendar, now.millis()),
                    ),
                },
                mql_count: 0,
                previous_recycle_reason: None,
                recycled_at: None,
                now,
            },
        ))
    }

    /// The rejection reasons sales may choose from, in the playbook's order.
    pub fn reasons(&self) -> Vec<ReasonInfo> {
        self.playbook
            .reasons
            .iter()
            .map(|r| ReasonInfo {
                id: r.id.clone(),
                label: r.label.clone(),
                policy: r.policy.name(),
                track: r.track.clone(),
                wait_days: r.wait_days,
                min_contact_attempts: r.min_contact_attempts,
                accepts_revisit_date: r.accepts_revisit_date,
                is_final: r.policy.is_final(),
            })
            .collect()
    }
}

/// Reads a lifecycle record from JSON text, with the path of anything malformed.
pub fn parse_record(json: &str) -> Result<LifecycleRecord, InputError> {
    let record: LifecycleRecord = deserialize_with_path(json)?;
    if record.version != RECORD_VERSION {
        return Err(InputError::new(
            "version",
            format!(
                "this build reads record version {RECORD_VERSION}, not {}",
                record.version
            ),
        ));
    }
    Ok(record)
}

/// Reads a routing state (`{ "version": 1, "cursors": { "pool": 3 } }`) from JSON text.
pub fn parse_routing_state(json: &str) -> Result<RoutingState, InputError> {
    deserialize_with_path(json)
}

/// Every problem in a playbook document for a model, or an empty list when it compiles.
pub fn validate_playbook(playbook: &str, model: &Model) -> Vec<Issue> {
    match Playbook::from_json(playbook, model) {
        Ok(_) => Vec::new(),
        Err(err) => err.issues,
    }
}

/// Reads a due-time question, `{ "calendar": "us-east", "start": "...", "within": {...} }`.
pub fn read_due_request(
    doc: &serde_json::Value,
) -> Result<(String, Timestamp, Window), InputError> {
    let mut reader = Reader::default();
    let map = reader
        .object(doc, "", &["calendar", "start", "within"])
        .ok_or_else(|| first_issue(&reader))?;
    let calendar = reader.text(map, "calendar", "", true).map(str::to_string);
    let start = match map.get("start") {
        Some(serde_json::Value::String(text)) => {
            Timestamp::parse(text).map_err(|m| InputError::new("start", m))?
        }
        Some(serde_json::Value::Number(n)) => {
            Timestamp::from_epoch_number(n.as_f64().unwrap_or(f64::NAN))
                .map_err(|m| InputError::new("start", m))?
        }
        _ => {
            return Err(InputError::new(
                "start",
                "must be RFC 3339 text or epoch milliseconds",
            ))
        }
    };
    let window = match map.get("within") {
        Some(value) => Window::read(&mut reader, value, "within", true),
        None => {
            reader.error("within", "is required");
            None
        }
    };
    match (calendar, window) {
        (Some(calendar), Some(window)) if reader.issues.is_empty() => Ok((calendar, start, window)),
        _ => Err(first_issue(&reader)),
    }
}

fn first_issue(reader: &Reader) -> InputError {
    reader.issues.first().map_or_else(
        || InputError::new("", "invalid request"),
        |i| InputError::new(i.path.clone(), i.message.clone()),
    )
}
