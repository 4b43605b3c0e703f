//! Service levels: how fast the owner must make first contact, by signal type (hand-raisers
//! fastest), measured on a business calendar; the status at a moment (on time, due soon,
//! breached, met), speed to lead, and the escalation steps after a breach.

use super::calendar::Calendar;
use super::declared::DeclaredIds;
use super::snapshot::ScoreSnapshot;
use crate::document::{child, item, JsonObject, Reader};
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

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

    /// `{ "businessMinutes": 5 }`, `{ "businessHours": 24 }`, `{ "businessDays": 1 }`,
    /// `{ "minutes": 30 }` or `{ "hours": 4 }`: exactly one key.
    pub(crate) fn read(
        reader: &mut Reader,
        value: &Json,
        path: &str,
        allow_zero: bool,
    ) -> Option<Window> {
        const KEYS: &[&str] = &[
            "businessMinutes",
            "businessHours",
            "businessDays",
            "minutes",
            "hours",
        ];
        let map = reader.object(value, path, KEYS)?;
        let given: Vec<&str> = KEYS
            .iter()
            .copied()
            .filter(|k| map.get(*k).is_some_and(|v| !v.is_null()))
            .collect();
        let [key] = given.as_slice() else {
            reader.error(path, format!("needs exactly one of: {}", KEYS.join(", ")));
            return None;
        };
        let low = i64::from(!allow_zero);
        let limit = |key: &str| match key {
            "businessMinutes" | "minutes" => 60 * 24 * 366,
            "businessHours" | "hours" => 24 * 366,
            _ => 366,
        };
        let n = reader.whole(map, key, path, true, (low, limit(key)))?;
        Some(match *key {
            "businessMinutes" => Window::BusinessMinutes(n),
            "businessHours" => Window::BusinessMinutes(n * 60),
            "businessDays" if n == 0 => Window::BusinessMinutes(0),
            "businessDays" => Window::BusinessDays(n as u32),
            "minutes" => Window::ClockMinutes(n),
            _ => Window::ClockMinutes(n * 60),
        })
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

    pub(crate) fn read(
        reader: &mut Reader,
        value: Option<&Json>,
        declared: &DeclaredIds,
    ) -> Option<SlaPolicy> {
        const PATH: &str = "sla";
        let Some(value) = value.filter(|v| !v.is_null()) else {
            reader.error(
                PATH,
                "is required: every MQL gets a due time for first contact",
            );
            return None;
        };
        let map = reader.object(
            value,
            PATH,
            &["calendar", "dueSoonShare", "signals", "escalation"],
        )?;
        let before = reader.issues.len();
        let calendar = reader.text(map, "calendar", PATH, true).map(str::to_string);
        if let Some(calendar) = &calendar {
            declared.check_calendar(reader, calendar, "sla.calendar");
        }
        let due_soon_share = reader
            .number(map, "dueSoonShare", PATH, false, (0.0, 1.0))
            .unwrap_or(0.25);
        let signals = read_signals(reader, map, declared);
        let escalation = read_escalation(reader, map, declared);
        (reader.issues.len() == before).then_some(SlaPolicy {
            calendar: calendar?,
            due_soon_share,
            signals,
            escalation,
        })
    }
}

fn read_signals(reader: &mut Reader, map: &JsonObject, declared: &DeclaredIds) -> Vec<Signal> {
    let path = "sla.signals";
    let Some(items) = reader.array(map, "signals", "sla", true) else {
        return Vec::new();
    };
    let mut signals: Vec<Signal> = Vec::new();
    for (index, signal) in items.iter().enumerate() {
        let at = item(path, index);
        let Some(map) = reader.object(signal, &at, &["id", "label", "when", "within"]) else {
            continue;
        };
        reader.text(map, "label", &at, false);
        let id = reader.text(map, "id", &at, true);
        if let Some(id) = id {
            if signals.iter().any(|s| s.id == id) {
                reader.error(&child(&at, "id"), format!("repeats signal id {id:?}"));
            }
        }
        let (mut hand_raiser, mut rules) = (None, Vec::new());
        if let Some(when) = map.get("when").filter(|v| !v.is_null()) {
            let when_path = child(&at, "when");
            if let Some(when) = reader.object(when, &when_path, &["handRaiser", "rules"]) {
                hand_raiser = reader.boolean(when, "handRaiser", &when_path);
                if let Some(list) = when.get("rules").filter(|v| !v.is_null()) {
                    let rules_path = child(&when_path, "rules");
                    rules = reader.word_list(list, &rules_path);
                    for (i, rule) in rules.iter().enumerate() {
                        declared.check_rule(reader, rule, &item(&rules_path, i));
                    }
                }
                if hand_raiser.is_none() && rules.is_empty() {
                    reader.error(
                        &when_path,
                        "needs `handRaiser` or `rules` (leave `when` out for the catch-all)",
                    );
                }
            }
        }
        let unconditional = hand_raiser.is_none() && rules.is_empty();
        let last = index + 1 == items.len();
        if unconditional && !last {
            reader.error(
                &at,
                "has no `when`, so the signals after it can never apply; put it last",
            );
        }
        if last && !unconditional {
            reader.error(
                &at,
                "the last signal must have no `when`, so that every MQL gets an SLA",
            );
        }
        let within = match map.get("within").filter(|v| !v.is_null()) {
            Some(value) => Window::read(reader, value, &child(&at, "within"), false),
            None => {
                reader.error(&child(&at, "within"), "is required");
                None
            }
        };
        if let (Some(id), Some(within)) = (id, within) {
            signals.push(Signal {
                id: id.to_string(),
                hand_raiser,
                rules,
                within,
            });
        }
    }
    if items.is_empty() {
        reader.error(path, "needs at least one signal");
    }
    signals
}

fn read_escalation(
    reader: &mut Reader,
    map: &JsonObject,
    declared: &DeclaredIds,
) -> Vec<EscalationStep> {
    let path = "sla.escalation";
    let Some(items) = reader.optional_array(map.get("escalation"), path) else {
        return Vec::new();
    };
    let mut steps = Vec::new();
    for (index, step) in items.iter().enumerate() {
        let at = item(path, index);
        let Some(map) = reader.object(step, &at, &["afterBreach", "to"]) else {
            continue;
        };
        let after = match map.get("afterBreach").filter(|v| !v.is_null()) {
            Some(value) => Window::read(reader, value, &child(&at, "afterBreach"), true),
            None => Some(Window::ClockMinutes(0)),
        };
        let to = match reader.text(map, "to", &at, true) {
            Some("manager") => Some(EscalateTo::Manager),
            Some(person) => declared
                .check_person(reader, person, &child(&at, "to"))
                .then(|| EscalateTo::Person(person.to_string())),
            None => None,
        };
        if let (Some(after), Some(to)) = (after, to) {
            steps.push(EscalationStep { after, to });
        }
    }
    steps
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
