//! Building the handoff: the payload a rep gets for an MQL, from the lead, its score snapshot
//! and the context it is handed off in, as the playbook's handoff policy asks.

use super::template::{render, TemplateValues};
use super::{
    Activity, ContentItem, Driver, EmailEngagement, Engagement, Fields, FormAnswers, Handoff,
    HandoffContext, HandoffPolicy, HandoffScore, PageVisits, Warmth,
};
use crate::lead::{Event, Lead};
use crate::lifecycle::snapshot::ScoreSnapshot;
use crate::sort::stable_sort_by;
use crate::time::{Timestamp, MS_PER_DAY};
use crate::value::Value;
use serde_json::Value as Json;

impl HandoffPolicy {
    /// The payload for the rep. The caller checks `missing_fields` first.
    pub fn build(&self, lead: &Lead, score: &ScoreSnapshot, context: HandoffContext) -> Handoff {
        let events = past_events(lead, context.now);
        let drivers = drivers(score);
        let warmth = self.warmth(lead, score, &drivers);
        let engagement = self.engagement(&events);
        let values = self.template_values(lead, &events, &engagement, &context);
        let first_approach = self.first_approach(score, &drivers, values);
        Handoff {
            version: 1,
            lead_id: lead.id().to_string(),
            owner: context.owner.to_string(),
            owner_name: context.owner_name.map(str::to_string),
            contact: self.contact(lead),
            score: handoff_score(score),
            drivers,
            crossing: self.crossing(lead, score, context.recycled_at),
            warmth,
            why_now: self.why_now(&events, context.now),
            engagement,
            form_answers: self.form_answers(&events),
            first_approach,
            sla: context.sla,
            mql_count: context.mql_count,
            previous_recycle_reason: context.previous_recycle_reason.map(str::to_string),
        }
    }

    /// The contact fields the lead has, in the playbook's order.
    fn contact(&self, lead: &Lead) -> Fields {
        Fields(
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
        )
    }

    /// An event as the rep reads it.
    fn activity(&self, event: &Event) -> Activity {
        Activity {
            kind: event.kind().to_string(),
            at: event.at,
            summary: self.summarize(event),
        }
    }

    /// The event that took the lead over the line, unless it came before sales last sent the
    /// lead back.
    fn crossing(
        &self,
        lead: &Lead,
        score: &ScoreSnapshot,
        recycled_at: Option<Timestamp>,
    ) -> Option<Activity> {
        score
            .crossing_event
            .as_ref()
            .filter(|e| recycled_at.is_none_or(|at| e.at > at))
            .and_then(|e| lead.events.get(e.index))
            .map(|event| self.activity(event))
    }

    /// A hand-raiser (with what they asked for), or a lead that accumulated points quietly.
    fn warmth(&self, lead: &Lead, score: &ScoreSnapshot, drivers: &[Driver]) -> Warmth {
        match (&score.trigger, score.hand_raiser) {
            (Some(t), true) => Warmth {
                kind: "handRaiser",
                summary: format!(
                    "Raised their hand ({}): expects a prompt, direct reply",
                    label_of(score, &t.rule_id)
                ),
                trigger: lead
                    .events
                    .get(t.event.index)
                    .map(|event| self.activity(event)),
            },
            _ => Warmth {
                kind: "accumulated",
                summary: format!(
                    "Crossed the threshold quietly through {} signals; has not asked to talk yet",
                    drivers.iter().filter(|d| d.group == "intent").count()
                ),
                trigger: None,
            },
        }
    }

    /// What the lead did within the "why now" window, newest first, at most 20.
    fn why_now(&self, events: &[&Event], now: Timestamp) -> Vec<Activity> {
        let since = now.millis() - self.why_now_days * MS_PER_DAY;
        events
            .iter()
            .filter(|e| e.at.millis() > since)
            .take(20)
            .map(|e| self.activity(e))
            .collect()
    }

    fn is_form(&self, event: &Event) -> bool {
        self.form_events.iter().any(|k| k == event.kind())
    }

    /// The answers of each form the lead submitted, newest first.
    fn form_answers(&self, events: &[&Event]) -> Vec<FormAnswers> {
        events
            .iter()
            .filter(|e| self.is_form(e))
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
            .collect()
    }

    /// What the first-approach templates may say of the lead (all but the signal, which
    /// depends on the template chosen).
    fn template_values(
        &self,
        lead: &Lead,
        events: &[&Event],
        engagement: &Engagement,
        context: &HandoffContext,
    ) -> TemplateValues {
        let attribute = |name: &str| {
            lead.attributes
                .member(name)
                .filter(|v| v.is_present())
                .map(Value::to_plain_string)
        };
        TemplateValues {
            name: attribute("name"),
            title: attribute("title"),
            company: attribute("company"),
            content: engagement.content.first().map(|c| c.title.clone()),
            page: engagement.pages.first().map(|p| p.path.clone()),
            campaign: engagement.emails.first().map(|e| e.campaign.clone()),
            message: events
                .iter()
                .filter(|e| self.is_form(e))
                .find_map(|e| prop(e, "message")),
            owner: context.owner_name.unwrap_or(context.owner).to_string(),
            signal: None,
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
}

/// The contributions that carried the lead over the threshold, strongest (then newest) first.
fn drivers(score: &ScoreSnapshot) -> Vec<Driver> {
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
    drivers
}

fn handoff_score(score: &ScoreSnapshot) -> HandoffScore {
    HandoffScore {
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
    }
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

fn label_of(score: &ScoreSnapshot, rule: &str) -> String {
    score
        .contributions
        .iter()
        .find(|c| c.rule_id == rule)
        .and_then(|c| c.label.clone())
        .unwrap_or_else(|| rule.to_string())
}
