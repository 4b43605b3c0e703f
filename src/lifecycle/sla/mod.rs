//! Service levels: how fast the owner must make first contact, by signal type (hand-raisers
//! fastest), measured on a business calendar; the status at a moment (on time, due soon,
//! breached, met), speed to lead, and the escalation steps after a breach. The playbook's `sla`
//! section is read in `read.rs`.

mod read;

use super::calendar::Calendar;
use super::snapshot::ScoreSnapshot;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

const MS_PER_MINUTE: i64 = 60_000;

/// A span of time: open (business) time on a calendar, whole business days, or clock time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    BusinessMinutes(i64),
    /// By the close of the Nth business day, the day it starts counting as the first.
    BusinessDays(u32),
    ClockMinutes(i64),
}

impl Window {
    /// The instant the window ends when it starts at `start`.
    pub fn end(&self, calendar: &Calendar, start: i64) -> i64 {
        match *self {
            Window::BusinessMinutes(minutes) => {
                calendar.add_business_time(start, minutes * MS_PER_MINUTE)
            }
            Window::BusinessDays(days) => calendar.end_of_business_day(start, days),
            Window::ClockMinutes(minutes) => start + minutes * MS_PER_MINUTE,
        }
    }

    /// How people say it: "5 business minutes", "24 business hours", "the same business day".
    pub fn describe(&self) -> String {
        let plural = |n: i64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        match *self {
            Window::BusinessMinutes(m) if m % 60 == 0 && m > 0 => plural(m / 60, "business hour"),
            Window::BusinessMinutes(m) => plural(m, "business minute"),
            Window::BusinessDays(1) => "the same business day".to_string(),
            Window::BusinessDays(d) => plural(i64::from(d), "business day"),
            Window::ClockMinutes(m) if m % 60 == 0 && m > 0 => plural(m / 60, "hour"),
            Window::ClockMinutes(m) => plural(m, "minute"),
        }
    }
}

/// The SLA part of a playbook.
#[derive(Debug, Clone)]
pub struct SlaPolicy {
    /// The calendar used when the owner has none of their own.
    pub calendar: String,
    /// Due soon once no more than this share of the window is left.
    pub due_soon_share: f64,
    /// The first signal whose condition holds sets the window; the last has none.
    pub signals: Vec<Signal>,
    pub escalation: Vec<EscalationStep>,
}

#[derive(Debug, Clone)]
pub struct Signal {
    pub id: String,
    pub hand_raiser: Option<bool>,
    /// Any of these rules contributed points.
    pub rules: Vec<String>,
    pub within: Window,
}

impl Signal {
    fn applies(&self, score: &ScoreSnapshot) -> bool {
        self.hand_raiser
            .is_none_or(|wanted| score.hand_raiser == wanted)
            && (self.rules.is_empty()
                || score
                    .contributions
                    .iter()
                    .any(|c| c.points > 0 && self.rules.contains(&c.rule_id)))
    }
}

/// After the due time plus `after`, escalate to `to`: the owner's manager or a named person.
#[derive(Debug, Clone)]
pub struct EscalationStep {
    pub after: Window,
    pub to: EscalateTo,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EscalateTo {
    Manager,
    Person(String),
}

impl SlaPolicy {
    /// The signal an MQL's score falls under.
    pub fn signal_for(&self, score: &ScoreSnapshot) -> &Signal {
        self.signals
            .iter()
            .find(|s| s.applies(score))
            .unwrap_or_else(|| &self.signals[self.signals.len() - 1])
    }
}

/// The SLA clock of one MQL, kept in the lifecycle record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SlaClock {
    /// The signal type that set the window, such as `handRaiser` or `behavioral`.
    pub signal: String,
    pub calendar: String,
    pub started_at: Timestamp,
    pub due_at: Timestamp,
    #[serde(default)]
    pub first_contact_at: Option<Timestamp>,
    /// Whether the owner has had the due-soon reminder.
    #[serde(default)]
    pub reminded: bool,
    /// Whether the breach has been flagged for manager review.
    #[serde(default)]
    pub flagged: bool,
    /// Escalation steps already taken.
    #[serde(default)]
    pub escalations: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SlaState {
    OnTime,
    DueSoon,
    Breached,
    Met,
}

/// Where an SLA stands at a moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SlaStatus {
    pub state: SlaState,
    pub signal: String,
    pub window: String,
    pub calendar: String,
    pub started_at: Timestamp,
    pub due_at: Timestamp,
    pub first_contact_at: Option<Timestamp>,
    /// Clock time from the start to first contact (speed to lead), in milliseconds.
    pub speed_to_lead_ms: Option<i64>,
    /// Open time on the calendar from the start to first contact, in milliseconds.
    pub business_speed_to_lead_ms: Option<i64>,
    /// Open time left before the due time (negative once breached: open time overdue).
    pub business_ms_left: i64,
    /// Contact came after the due time (`state` is then `breached`).
    pub late: bool,
}

impl SlaClock {
    /// The status at `now`.
    pub fn status(
        &self,
        calendar: &Calendar,
        window: Option<&Window>,
        due_soon_share: f64,
        now: Timestamp,
    ) -> SlaStatus {
        let (start, due, now) = (self.started_at.millis(), self.due_at.millis(), now.millis());
        let contact = self.first_contact_at.map(Timestamp::millis);
        let measured_to = contact.unwrap_or(now);
        let business_ms_left = if measured_to <= due {
            calendar.business_ms_between(measured_to, due)
        } else {
            -calendar.business_ms_between(due, measured_to)
        };
        let late = contact.is_some_and(|c| c > due);
        let state = match contact {
            Some(_) if late => SlaState::Breached,
            Some(_) => SlaState::Met,
            None if now >= due => SlaState::Breached,
            None => {
                let total = (due - start).max(1) as f64;
                if ((due - now) as f64) <= total * due_soon_share {
                    SlaState::DueSoon
                } else {
                    SlaState::OnTime
                }
            }
        };
        SlaStatus {
            state,
            signal: self.signal.clone(),
            window: window.map(Window::describe).unwrap_or_default(),
            calendar: self.calendar.clone(),
            started_at: self.started_at,
            due_at: self.due_at,
            first_contact_at: self.first_contact_at,
            speed_to_lead_ms: contact.map(|c| c - start),
            business_speed_to_lead_ms: contact.map(|c| calendar.business_ms_between(start, c)),
            business_ms_left,
            late,
        }
    }

    /// When the owner should be reminded (the due-soon moment).
    pub fn due_soon_at(&self, share: f64) -> i64 {
        let (start, due) = (self.started_at.millis(), self.due_at.millis());
        due - ((due - start) as f64 * share) as i64
    }
}
