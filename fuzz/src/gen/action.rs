//! Lifecycle journeys: leads with what routing reads (country, size, product interest, email
//! domain, account id) and events the example model scores, and every action with the reasons,
//! tracks and people of the example playbook (and one of each it does not know).

use super::{lead::EventSpec, pick, Number, Text};
use crate::fixtures::lifecycle;
use arbitrary::Arbitrary;
use serde_json::{json, Map, Value};

const COUNTRIES: &[&str] = &["US", "CA", "GB", "DE", "JP", "BR", "", "zz"];
const DOMAINS: &[&str] = &[
    "acme.example",
    "contoso.com",
    "gmail.com",
    "northwind-analytics.com",
];
const PRODUCTS: &[&str] = &["analytics", "api", "other"];
const TITLES: &[&str] = &["VP Marketing", "CTO", "Student", "Data Scientist"];
#[derive(Arbitrary, Debug, Clone)]
pub struct JourneyLead {
    name: Option<Text>,
    email: Option<u8>,
    company: Option<Text>,
    title: Option<u8>,
    country: Option<u8>,
    size: Option<Number>,
    product: Option<u8>,
    account: bool,
}

impl JourneyLead {
    /// The lead with the events delivered so far (times relative to `base`).
    pub fn json(&self, id: &str, events: &[EventSpec], base: i64) -> Value {
        let mut attributes = Map::new();
        let mut set = |key: &str, value: Value| attributes.insert(key.to_string(), value);
        if let Some(name) = &self.name {
            set("name", json!(format!("Ana {}", name.text())));
        }
        if let Some(domain) = self.email {
            set("email", json!(format!("ana@{}", pick(DOMAINS, domain))));
        }
        if let Some(company) = &self.company {
            set("company", json!(company.text()));
        }
        if let Some(title) = self.title {
            set("title", json!(pick(TITLES, title)));
        }
        if let Some(country) = self.country {
            set("country", json!(pick(COUNTRIES, country)));
        }
        if let Some(size) = self.size {
            set("companySize", super::number(size.value()));
        }
        if let Some(product) = self.product {
            set("productInterest", json!(pick(PRODUCTS, product)));
        }
        if self.account {
            set("accountId", json!("acct-0042"));
        }
        let events: Vec<Value> = events.iter().map(|e| e.json(base)).collect();
        json!({ "id": id, "attributes": attributes, "events": events })
    }
}

/// An action other than a score update, as the caller would send it.
#[derive(Arbitrary, Debug, Clone)]
pub enum ActionSpec {
    Accept {
        note: Option<Text>,
    },
    Reject {
        reason: u8,
        revisit_days: Option<i16>,
        duplicate_of: bool,
    },
    MeetingBooked,
    Qualify {
        note: Option<Text>,
    },
    OpenOpportunity,
    Disqualify {
        reason: Option<Text>,
    },
    LogContact {
        channel: Option<u8>,
    },
    TimePasses,
    EnrollNurture {
        track: u8,
    },
    Reassign {
        owner: u8,
    },
    /// A type, or a key, the parser must refuse.
    Malformed(u8),
}

impl ActionSpec {
    pub fn json(&self, now: i64) -> Value {
        let note = |n: &Option<Text>| n.as_ref().map(Text::text);
        match self {
            ActionSpec::Accept { note: n } => with_note(json!({ "type": "accept" }), note(n)),
            ActionSpec::Reject {
                reason,
                revisit_days,
                duplicate_of,
            } => {
                let reasons = lifecycle().reasons();
                let ids = reasons.iter().map(|r| r.id.as_str());
                let mut action =
                    json!({ "type": "reject", "reason": known_or_not(ids, *reason, "bogus") });
                if let Some(days) = revisit_days {
                    action["revisitAt"] =
                        json!(super::rfc3339(now + i64::from(*days) * 86_400_000));
                }
                if *duplicate_of {
                    action["duplicateOf"] = json!("lead-0");
                }
                action
            }
            ActionSpec::MeetingBooked => json!({ "type": "meetingBooked" }),
            ActionSpec::Qualify { note: n } => with_note(json!({ "type": "qualify" }), note(n)),
            ActionSpec::OpenOpportunity => json!({ "type": "openOpportunity" }),
            ActionSpec::Disqualify { reason } => {
                json!({ "type": "disqualify", "reason": note(reason).unwrap_or_default() })
            }
            ActionSpec::LogContact { channel } => match channel {
                Some(c) => {
                    json!({ "type": "logContact", "channel": pick(&["phone", "email", ""], *c) })
                }
                None => json!({ "type": "logContact" }),
            },
            ActionSpec::TimePasses => json!({ "type": "timePasses" }),
            ActionSpec::EnrollNurture { track } => {
                let tracks = lifecycle().playbook().tracks.iter().map(|t| t.id.as_str());
                json!({ "type": "enrollNurture", "track": known_or_not(tracks, *track, "nope") })
            }
            ActionSpec::Reassign { owner } => {
                let people = lifecycle().playbook().team.keys().map(String::as_str);
                json!({ "type": "reassign", "owner": known_or_not(people, *owner, "nobody") })
            }
            ActionSpec::Malformed(kind) => [
                json!({ "type": "promote" }),
                json!({ "type": "accept", "reason": "x" }),
                json!({ "type": "enrollNurture" }),
                json!({ "reason": "timing" }),
                json!({ "type": "scoreUpdate", "score": {} }),
            ][usize::from(*kind) % 5]
                .clone(),
        }
    }
}

/// One of the playbook's names, or (one time in as many) one it does not know.
fn known_or_not<'n>(names: impl Iterator<Item = &'n str>, index: u8, unknown: &'n str) -> String {
    let names: Vec<&str> = names.chain(std::iter::once(unknown)).collect();
    names[usize::from(index) % names.len()].to_string()
}

fn with_note(mut action: Value, note: Option<String>) -> Value {
    if let Some(note) = note {
        action["note"] = json!(note);
    }
    action
}
