//! Reading the playbook's `sla` section: the default calendar, the due-soon share, the signals
//! (each a condition on the score and a window, the last unconditional) and the escalation
//! steps, with a path for every problem; and windows, wherever a playbook or request gives one.

use super::{EscalateTo, EscalationStep, Signal, SlaPolicy, Window};
use crate::document::{child, item, JsonObject, Reader};
use crate::lifecycle::declared::DeclaredIds;
use serde_json::Value as Json;

impl Window {
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

impl SlaPolicy {
    pub(crate) fn read(
        reader: &mut Reader,
        value: Option<&Json>,
        declared: &DeclaredIds,
    ) -> Option<SlaPolicy> {
        const PATH: &str = "sla";
        let keys = ["calendar", "dueSoonShare", "signals", "escalation"];
        let why = "every MQL gets a due time for first contact";
        let map = reader.required_object(value, PATH, &keys, why)?;
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
        let last = index + 1 == items.len();
        if let Some(signal) = read_signal(reader, signal, &at, last, &signals, declared) {
            signals.push(signal);
        }
    }
    if items.is_empty() {
        reader.error(path, "needs at least one signal");
    }
    signals
}

/// One signal at `at`: its id (new among the `earlier` ones), its condition (none only for the
/// `last`, the catch-all) and its window.
fn read_signal(
    reader: &mut Reader,
    value: &Json,
    at: &str,
    last: bool,
    earlier: &[Signal],
    declared: &DeclaredIds,
) -> Option<Signal> {
    let map = reader.object(value, at, &["id", "label", "when", "within"])?;
    reader.text(map, "label", at, false);
    let id = reader.text(map, "id", at, true);
    if let Some(id) = id {
        if earlier.iter().any(|s| s.id == id) {
            reader.error(&child(at, "id"), format!("repeats signal id {id:?}"));
        }
    }
    let (hand_raiser, rules) = match map.get("when").filter(|v| !v.is_null()) {
        Some(when) => read_condition(reader, when, &child(at, "when"), declared),
        None => (None, Vec::new()),
    };
    let unconditional = hand_raiser.is_none() && rules.is_empty();
    if unconditional && !last {
        reader.error(
            at,
            "has no `when`, so the signals after it can never apply; put it last",
        );
    }
    if last && !unconditional {
        reader.error(
            at,
            "the last signal must have no `when`, so that every MQL gets an SLA",
        );
    }
    let within = match map.get("within").filter(|v| !v.is_null()) {
        Some(value) => Window::read(reader, value, &child(at, "within"), false),
        None => {
            reader.error(&child(at, "within"), "is required");
            None
        }
    };
    Some(Signal {
        id: id?.to_string(),
        hand_raiser,
        rules,
        within: within?,
    })
}

/// A signal's `when`: whether the lead raised a hand, and the rules (of the model) any of which
/// must have contributed points.
fn read_condition(
    reader: &mut Reader,
    when: &Json,
    path: &str,
    declared: &DeclaredIds,
) -> (Option<bool>, Vec<String>) {
    let Some(when) = reader.object(when, path, &["handRaiser", "rules"]) else {
        return (None, Vec::new());
    };
    let hand_raiser = reader.boolean(when, "handRaiser", path);
    let mut rules = Vec::new();
    if let Some(list) = when.get("rules").filter(|v| !v.is_null()) {
        let rules_path = child(path, "rules");
        rules = reader.word_list(list, &rules_path);
        for (i, rule) in rules.iter().enumerate() {
            declared.check_rule(reader, rule, &item(&rules_path, i));
        }
    }
    if hand_raiser.is_none() && rules.is_empty() {
        reader.error(
            path,
            "needs `handRaiser` or `rules` (leave `when` out for the catch-all)",
        );
    }
    (hand_raiser, rules)
}

fn read_escalation(
    reader: &mut Reader,
    map: &JsonObject,
    declared: &DeclaredIds,
) -> Vec<EscalationStep> {
    let value = map.get("escalation");
    let keys = ["afterBreach", "to"];
    reader.optional_objects(value, "sla.escalation", &keys, |reader, map, at, _| {
        let after = match map.get("afterBreach").filter(|v| !v.is_null()) {
            Some(value) => Window::read(reader, value, &child(at, "afterBreach"), true),
            None => Some(Window::ClockMinutes(0)),
        };
        let to = match reader.text(map, "to", at, true) {
            Some("manager") => Some(EscalateTo::Manager),
            Some(person) => declared
                .check_person(reader, person, &child(at, "to"))
                .then(|| EscalateTo::Person(person.to_string())),
            None => None,
        };
        Some(EscalationStep {
            after: after?,
            to: to?,
        })
    })
}
