//! The handoff payload: what the assigned rep needs when a lead becomes an MQL. Contact fields,
//! the score and what drove it over the line, the warmth (hand-raiser or accumulated), the
//! "why now", a summary of content, pages and emails, form answers, and a first approach from
//! configurable templates chosen by the strongest signals.

use super::declared::DeclaredIds;
use super::snapshot::ScoreSnapshot;
use crate::document::{child, item, JsonObject, Reader};
use crate::lead::{Event, Lead};
use crate::model::AttributePath;
use crate::sort::stable_sort_by;
use crate::time::{Timestamp, MS_PER_DAY};
use crate::value::Value;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
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

#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Text(String),
    Field {
        name: Placeholder,
        fallback: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    FirstName,
    Name,
    Title,
    Company,
    Signal,
    Content,
    Page,
    Campaign,
    Message,
    Owner,
}

const PLACEHOLDERS: [(&str, Placeholder); 10] = [
    ("firstName", Placeholder::FirstName),
    ("name", Placeholder::Name),
    ("title", Placeholder::Title),
    ("company", Placeholder::Company),
    ("signal", Placeholder::Signal),
    ("content", Placeholder::Content),
    ("page", Placeholder::Page),
    ("campaign", Placeholder::Campaign),
    ("message", Placeholder::Message),
    ("owner", Placeholder::Owner),
];

/// What the rep receives.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Handoff {
    pub version: u32,
    pub lead_id: String,
    pub owner: String,
    pub owner_name: Option<String>,
    pub contact: Fields,
    pub score: HandoffScore,
    /// The contributions that carried the lead over the threshold, strongest first.
    pub drivers: Vec<Driver>,
    /// The event that took the lead over the line, when the score names one (and, for a lead
    /// that was recycled, when it came after the rejection).
    pub crossing: Option<Activity>,
    pub warmth: Warmth,
    /// What the lead did in the recent window, newest first.
    pub why_now: Vec<Activity>,
    pub engagement: Engagement,
    pub form_answers: Vec<FormAnswers>,
    pub first_approach: String,
    pub sla: HandoffSla,
    pub mql_count: u32,
    pub previous_recycle_reason: Option<String>,
}

/// Named values, in the playbook's order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Fields(pub Vec<(String, Json)>);

impl Serialize for Fields {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HandoffScore {
    pub total: i64,
    pub fit: i64,
    pub intent: i64,
    pub band: Option<String>,
    pub grid: Option<String>,
    pub reason: &'static str,
    pub crossed_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Driver {
    pub rule_id: String,
    pub label: Option<String>,
    pub group: String,
    pub points: i64,
    pub last_at: Option<Timestamp>,
}

/// A hand-raiser is a different call from a lead that accumulated points quietly.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Warmth {
    /// `handRaiser` or `accumulated`.
    pub kind: &'static str,
    pub summary: String,
    pub trigger: Option<Activity>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    #[serde(rename = "type")]
    pub kind: String,
    pub at: Timestamp,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Engagement {
    pub content: Vec<ContentItem>,
    pub pages: Vec<PageVisits>,
    pub emails: Vec<EmailEngagement>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContentItem {
    pub title: String,
    pub content_type: Option<String>,
    pub at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PageVisits {
    pub path: String,
    pub views: u32,
    pub last_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailEngagement {
    pub campaign: String,
    /// Interactions by event type, such as `email_open: 2`.
    pub interactions: Fields,
    pub last_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FormAnswers {
    pub form: String,
    pub at: Timestamp,
    pub answers: Fields,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HandoffSla {
    pub signal: String,
    pub window: String,
    pub due_at: Timestamp,
}

/// Who the handoff is for and the context it is made in.
pub struct HandoffContext<'a> {
    pub owner: &'a str,
    pub owner_name: Option<&'a str>,
    pub sla: HandoffSla,
    pub mql_count: u32,
    pub previous_recycle_reason: Option<&'a str>,
    /// When sales last sent the lead back: an older crossing is not why it is here now.
    pub recycled_at: Option<Timestamp>,
    pub now: Timestamp,
}

/// Events the lead did up to `now`, without repeats, newest first.
fn past_events<'l>(lead: &'l Lead, now: Timestamp) -> Vec<&'l Event<'l>> {
    let mut seen: Vec<&str> = Vec::new();
    let mut events: Vec<&Event> = Vec::new();
    for event in &lead.events {
        if event.at > now {
            continue;
        }
        if let Some(id) = event.id() {
            if seen.contains(&id) {
                continue;
            }
            seen.push(id);
        }
        events.push(event);
    }
    // Leads usually list events oldest first: reversed, they are nearly newest first already.
    events.reverse();
    stable_sort_by(&mut events, |a, b| a.at > b.at);
    events
}

fn prop(event: &Event, key: &str) -> Option<String> {
    event
        .props
        .get(&[key.to_string()])
        .filter(|v| v.is_present())
        .map(|v| v.to_plain_string())
}

fn to_json(value: &Value) -> Json {
    serde_json::to_value(value).unwrap_or(Json::Null)
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

    /// The payload for the rep. The caller checks `missing_fields` first.
    pub fn build(&self, lead: &Lead, score: &ScoreSnapshot, context: HandoffContext) -> Handoff {
        let events = past_events(lead, context.now);
        let attribute = |name: &str| {
            lead.attributes
                .member(name)
                .filter(|v| v.is_present())
                .map(Value::to_plain_string)
        };
        let contact = Fields(
            self.contact_fields
                .iter()
                .filter_map(|f| {
                    let value = lead
                        .attributes
                        .at_path(&f.keys)
                        .filter(|v| v.is_present())?;
                    Some((f.text.clone(), to_json(value)))
                })
                .collect(),
        );
        let mut drivers: Vec<Driver> = score
            .contributions
            .iter()
            .filter(|c| c.points > 0)
            .map(|c| Driver {
                rule_id: c.rule_id.clone(),
                label: c.label.clone(),
                group: c.group.clone(),
                points: c.points,
                last_at: c.last_at,
            })
            .collect();
        stable_sort_by(&mut drivers, |a, b| {
            (a.points, a.last_at) > (b.points, b.last_at)
        });
        let activity = |event: &Event| Activity {
            kind: event.kind().to_string(),
            at: event.at,
            summary: self.summarize(event),
        };
        let trigger = score
            .trigger
            .as_ref()
            .and_then(|t| lead.events.get(t.event.index))
            .map(&activity);
        let crossing = score
            .crossing_event
            .as_ref()
            .filter(|e| context.recycled_at.is_none_or(|at| e.at > at))
            .and_then(|e| lead.events.get(e.index))
            .map(&activity);
        let warmth = match (&score.trigger, score.hand_raiser) {
            (Some(t), true) => Warmth {
                kind: "handRaiser",
                summary: format!(
                    "Raised their hand ({}): expects a prompt, direct reply",
                    label_of(score, &t.rule_id)
                ),
                trigger,
            },
            _ => Warmth {
                kind: "accumulated",
                summary: format!(
                    "Crossed the threshold quietly through {} signals; has not asked to talk yet",
                    drivers.iter().filter(|d| d.group == "intent").count()
                ),
                trigger: None,
            },
        };
        let since = context.now.millis() - self.why_now_days * MS_PER_DAY;
        let why_now: Vec<Activity> = events
            .iter()
            .filter(|e| e.at.millis() > since)
            .take(20)
            .map(|e| activity(e))
            .collect();
        let engagement = self.engagement(&events);
        let form_answers: Vec<FormAnswers> = events
            .iter()
            .filter(|e| self.form_events.iter().any(|k| k == e.kind()))
            .map(|e| FormAnswers {
                form: prop(e, "form").unwrap_or_else(|| e.kind().to_string()),
                at: e.at,
                answers: match e.props.value() {
                    Value::Object(members) => Fields(
                        members
                            .iter()
                            .filter(|(k, _)| k != "form")
                            .map(|(k, v)| (k.to_string(), to_json(v)))
                            .collect(),
                    ),
                    _ => Fields::default(),
                },
            })
            .collect();
        let values = TemplateValues {
            name: attribute("name"),
            title: attribute("title"),
            company: attribute("company"),
            content: engagement.content.first().map(|c| c.title.clone()),
            page: engagement.pages.first().map(|p| p.path.clone()),
            campaign: engagement.emails.first().map(|e| e.campaign.clone()),
            message: events
                .iter()
                .filter(|e| self.form_events.iter().any(|k| k == e.kind()))
                .find_map(|e| prop(e, "message")),
            owner: context.owner_name.unwrap_or(context.owner).to_string(),
            signal: None,
        };
        let first_approach = self.first_approach(score, &drivers, values);
        Handoff {
            version: 1,
            lead_id: lead.id().to_string(),
            owner: context.owner.to_string(),
            owner_name: context.owner_name.map(str::to_string),
            contact,
            score: HandoffScore {
                total: score.total,
                fit: score.fit,
                intent: score.intent,
                band: score.band.clone(),
                grid: score.grid.clone(),
                reason: if score.is_instant() {
                    "instant"
                } else {
                    "threshold"
                },
                crossed_at: score.crossed_at,
            },
            drivers,
            crossing,
            warmth,
            why_now,
            engagement,
            form_answers,
            first_approach,
            sla: context.sla,
            mql_count: context.mql_count,
            previous_recycle_reason: context.previous_recycle_reason.map(str::to_string),
        }
    }

    fn summarize(&self, event: &Event) -> String {
        let kind = event.kind();
        let has = |list: &[String]| list.iter().any(|k| k == kind);
        let detail = if has(&self.content_events) {
            prop(event, "title").map(|t| format!("downloaded \"{t}\""))
        } else if has(&self.page_events) {
            prop(event, "path").map(|p| format!("viewed {p}"))
        } else if has(&self.email_events) {
            prop(event, "campaign").map(|c| format!("{} {c}", kind.replace('_', " ")))
        } else if has(&self.form_events) {
            Some(match prop(event, "message") {
                Some(message) => format!(
                    "submitted {}: \"{message}\"",
                    prop(event, "form").unwrap_or_else(|| kind.to_string())
                ),
                None => format!(
                    "submitted {}",
                    prop(event, "form").unwrap_or_else(|| kind.to_string())
                ),
            })
        } else {
            None
        };
        detail.unwrap_or_else(|| kind.replace('_', " "))
    }

    fn engagement(&self, events: &[&Event]) -> Engagement {
        let mut engagement = Engagement::default();
        for event in events {
            let kind = event.kind();
            if self.content_events.iter().any(|k| k == kind) {
                engagement.content.push(ContentItem {
                    title: prop(event, "title").unwrap_or_else(|| kind.to_string()),
                    content_type: prop(event, "contentType"),
                    at: event.at,
                });
            } else if self.page_events.iter().any(|k| k == kind) {
                let Some(path) = prop(event, "path") else {
                    continue;
                };
                match engagement.pages.iter_mut().find(|p| p.path == path) {
                    Some(page) => page.views += 1,
                    None => engagement.pages.push(PageVisits {
                        path,
                        views: 1,
                        last_at: event.at,
                    }),
                }
            } else if self.email_events.iter().any(|k| k == kind) {
                let campaign =
                    prop(event, "campaign").unwrap_or_else(|| "(no campaign)".to_string());
                let entry = match engagement
                    .emails
                    .iter_mut()
                    .position(|e| e.campaign == campaign)
                {
                    Some(i) => &mut engagement.emails[i],
                    None => {
                        engagement.emails.push(EmailEngagement {
                            campaign,
                            interactions: Fields::default(),
                            last_at: event.at,
                        });
                        engagement.emails.last_mut().expect("just pushed")
                    }
                };
                match entry.interactions.0.iter_mut().find(|(k, _)| k == kind) {
                    Some((_, count)) => *count = Json::from(count.as_u64().unwrap_or(0) + 1),
                    None => entry.interactions.0.push((kind.to_string(), Json::from(1))),
                }
            }
        }
        // Most viewed pages first; the newest visit breaks ties (events come newest first).
        stable_sort_by(&mut engagement.pages, |a, b| {
            (a.views, a.last_at) > (b.views, b.last_at)
        });
        engagement
    }

    fn first_approach(
        &self,
        score: &ScoreSnapshot,
        drivers: &[Driver],
        mut values: TemplateValues,
    ) -> String {
        // The trigger of a hand-raise is the strongest signal; then drivers by points.
        let mut signals: Vec<&str> = Vec::new();
        if let (Some(trigger), true) = (&score.trigger, score.hand_raiser) {
            signals.push(&trigger.rule_id);
        }
        signals.extend(
            drivers
                .iter()
                .filter(|d| d.group == "intent")
                .map(|d| d.rule_id.as_str()),
        );
        let chosen = signals
            .iter()
            .find_map(|rule| {
                self.approaches
                    .iter()
                    .find(|a| a.rule.as_deref() == Some(rule))
                    .map(|a| (a, Some(*rule)))
            })
            .or_else(|| {
                self.approaches
                    .iter()
                    .find(|a| a.rule.is_none())
                    .map(|a| (a, signals.first().copied()))
            });
        let Some((approach, rule)) = chosen else {
            return String::new();
        };
        values.signal = rule.map(|r| label_of(score, r));
        render(&approach.template, &values)
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

fn label_of(score: &ScoreSnapshot, rule: &str) -> String {
    score
        .contributions
        .iter()
        .find(|c| c.rule_id == rule)
        .and_then(|c| c.label.clone())
        .unwrap_or_else(|| rule.to_string())
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
    let mut approaches = Vec::new();
    for (index, approach) in items.iter().enumerate() {
        let at = item(path, index);
        let Some(map) = reader.object(approach, &at, &["rule", "template"]) else {
            continue;
        };
        let rule = reader.text(map, "rule", &at, false).map(str::to_string);
        if let Some(rule) = &rule {
            declared.check_rule(reader, rule, &child(&at, "rule"));
        }
        let Some(text) = reader.text(map, "template", &at, true) else {
            continue;
        };
        match parse_template(text) {
            Ok(template) => approaches.push(Approach { rule, template }),
            Err(message) => reader.error(&child(&at, "template"), message),
        }
    }
    if !approaches.iter().any(|a| a.rule.is_none()) && !items.is_empty() {
        reader.error(
            path,
            "needs a default approach (one without `rule`) for leads none of the others fit",
        );
    }
    approaches
}

/// Text with `{{placeholder}}` or `{{placeholder|fallback}}`.
fn parse_template(text: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        if open > 0 {
            pieces.push(Piece::Text(rest[..open].to_string()));
        }
        let after = &rest[open + 2..];
        let close = after.find("}}").ok_or("has a `{{` without its `}}`")?;
        let inner = &after[..close];
        let (name, fallback) = match inner.split_once('|') {
            Some((name, fallback)) => (name.trim(), Some(fallback.to_string())),
            None => (inner.trim(), None),
        };
        let placeholder = PLACEHOLDERS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, p)| *p)
            .ok_or_else(|| {
                format!(
                    "unknown placeholder {{{{{name}}}}}; expected one of: {}",
                    PLACEHOLDERS.map(|(n, _)| n).join(", ")
                )
            })?;
        pieces.push(Piece::Field {
            name: placeholder,
            fallback,
        });
        rest = &after[close + 2..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.to_string()));
    }
    Ok(pieces)
}

struct TemplateValues {
    name: Option<String>,
    title: Option<String>,
    company: Option<String>,
    signal: Option<String>,
    content: Option<String>,
    page: Option<String>,
    campaign: Option<String>,
    message: Option<String>,
    owner: String,
}

fn render(template: &[Piece], values: &TemplateValues) -> String {
    let mut out = String::new();
    for piece in template {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Field { name, fallback } => {
                let value = match name {
                    Placeholder::FirstName => values
                        .name
                        .as_deref()
                        .and_then(|n| n.split_whitespace().next())
                        .map(str::to_string),
                    Placeholder::Name => values.name.clone(),
                    Placeholder::Title => values.title.clone(),
                    Placeholder::Company => values.company.clone(),
                    Placeholder::Signal => values.signal.clone(),
                    Placeholder::Content => values.content.clone(),
                    Placeholder::Page => values.page.clone(),
                    Placeholder::Campaign => values.campaign.clone(),
                    Placeholder::Message => values.message.clone(),
                    Placeholder::Owner => Some(values.owner.clone()),
                };
                out.push_str(value.as_deref().or(fallback.as_deref()).unwrap_or(""));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_parse_and_reject_unknown_placeholders() {
        let pieces = parse_template("Hi {{firstName|there}}, about {{content}}.").unwrap();
        assert_eq!(pieces.len(), 5);
        let err = parse_template("Hi {{first_name}}").unwrap_err();
        assert!(err.contains("unknown placeholder {{first_name}}"), "{err}");
        assert!(parse_template("Hi {{name").is_err());
    }
}
