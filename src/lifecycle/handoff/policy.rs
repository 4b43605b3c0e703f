//! The handoff policy: how a playbook's `handoff` section asks for the payload to be put
//! together (required and contact fields, the "why now" window, which event types are content,
//! pages, emails and forms, the first-approach templates), read with a path for every problem.

use super::template::{parse_template, Piece};
use crate::document::{child, JsonObject, Reader};
use crate::lead::Lead;
use crate::lifecycle::declared::DeclaredIds;
use crate::model::AttributePath;
use crate::value::Value;
use serde_json::Value as Json;

/// How the handoff is put together.
#[derive(Debug, Clone)]
pub struct HandoffPolicy {
    pub required_fields: Vec<AttributePath>,
    pub contact_fields: Vec<AttributePath>,
    pub why_now_days: i64,
    pub content_events: Vec<String>,
    pub page_events: Vec<String>,
    pub email_events: Vec<String>,
    pub form_events: Vec<String>,
    pub approaches: Vec<Approach>,
}

/// A first-approach template, used when its rule is among the lead's strongest signals (or
/// always, for the last one, which names no rule).
#[derive(Debug, Clone)]
pub struct Approach {
    pub rule: Option<String>,
    pub template: Vec<Piece>,
}

impl HandoffPolicy {
    /// The required attributes the lead lacks: a handoff needs them all.
    pub fn missing_fields(&self, lead: &Lead) -> Vec<String> {
        self.required_fields
            .iter()
            .filter(|f| {
                !lead
                    .attributes
                    .at_path(&f.keys)
                    .is_some_and(Value::is_present)
            })
            .map(|f| f.text.clone())
            .collect()
    }

    pub(crate) fn read(
        reader: &mut Reader,
        value: Option<&Json>,
        declared: &DeclaredIds,
        default_why_now_days: i64,
    ) -> Option<HandoffPolicy> {
        const PATH: &str = "handoff";
        const KEYS: &[&str] = &[
            "requiredFields",
            "contactFields",
            "whyNowDays",
            "events",
            "approaches",
        ];
        let empty = Json::Object(JsonObject::new());
        let value = value.filter(|v| !v.is_null()).unwrap_or(&empty);
        let map = reader.object(value, PATH, KEYS)?;
        let before = reader.issues.len();
        let fields = |reader: &mut Reader, key: &str, default: &[&str]| -> Vec<AttributePath> {
            match map.get(key).filter(|v| !v.is_null()) {
                Some(value) => reader
                    .word_list(value, &child(PATH, key))
                    .iter()
                    .map(|f| AttributePath::new(f))
                    .collect(),
                None => default.iter().map(|f| AttributePath::new(f)).collect(),
            }
        };
        let required_fields = fields(reader, "requiredFields", &["name", "email", "company"]);
        let contact_fields = fields(
            reader,
            "contactFields",
            &["name", "title", "company", "email", "phone", "country"],
        );
        let why_now_days = reader
            .whole(map, "whyNowDays", PATH, false, (1, 3660))
            .unwrap_or(default_why_now_days);
        let events = read_event_kinds(reader, map.get("events"));
        let approaches = read_approaches(reader, map.get("approaches"), declared);
        let [content_events, page_events, email_events, form_events] = events;
        (reader.issues.len() == before).then_some(HandoffPolicy {
            required_fields,
            contact_fields,
            why_now_days,
            content_events,
            page_events,
            email_events,
            form_events,
            approaches,
        })
    }
}

fn read_event_kinds(reader: &mut Reader, value: Option<&Json>) -> [Vec<String>; 4] {
    const KINDS: [(&str, &[&str]); 4] = [
        ("content", &["content_download"]),
        ("pages", &["page_view"]),
        ("emails", &["email_open", "email_click"]),
        ("forms", &["demo_request", "form_submit", "contact_request"]),
    ];
    let path = "handoff.events";
    let map = value
        .filter(|v| !v.is_null())
        .and_then(|v| reader.object(v, path, &KINDS.map(|(k, _)| k)));
    KINDS.map(
        |(key, default)| match map.and_then(|m| m.get(key)).filter(|v| !v.is_null()) {
            Some(list) => reader.word_list(list, &child(path, key)),
            None => default.iter().map(|k| k.to_string()).collect(),
        },
    )
}

fn read_approaches(
    reader: &mut Reader,
    value: Option<&Json>,
    declared: &DeclaredIds,
) -> Vec<Approach> {
    let path = "handoff.approaches";
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return vec![Approach {
            rule: None,
            template: parse_template(
                "Reach out to {{firstName|them}} about {{signal|their recent interest}}.",
            )
            .unwrap_or_default(),
        }];
    };
    let Json::Array(items) = value else {
        reader.error(path, "must be an array of { rule?, template }");
        return Vec::new();
    };
    let approaches = reader.objects(items, path, &["rule", "template"], |reader, map, at, _| {
        let rule = reader.text(map, "rule", at, false).map(str::to_string);
        if let Some(rule) = &rule {
            declared.check_rule(reader, rule, &child(at, "rule"));
        }
        let text = reader.text(map, "template", at, true)?;
        match parse_template(text) {
            Ok(template) => Some(Approach { rule, template }),
            Err(message) => {
                reader.error(&child(at, "template"), message);
                None
            }
        }
    });
    if !approaches.iter().any(|a| a.rule.is_none()) && !items.is_empty() {
        reader.error(
            path,
            "needs a default approach (one without `rule`) for leads none of the others fit",
        );
    }
    approaches
}
