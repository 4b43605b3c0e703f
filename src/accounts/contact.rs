//! A contact as its account sees it: the roles its attributes give it, and what the account reads
//! of its score (from a [`ScoreResult`], or a result a caller passes back as JSON).

use super::rollup::Reading;
use crate::condition::Oddities;
use crate::error::InputError;
use crate::lead::deserialize_with_path;
use crate::model::accounts::AccountPolicy;
use crate::result::{Group, ScoreResult};
use crate::time::Timestamp;
use crate::value::Value;
use serde::Deserialize;

/// A contact given by its attributes and its score result: `{ "attributes", "score" }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactInput<'a> {
    #[serde(default, borrow)]
    pub attributes: Value<'a>,
    pub score: ContactScore,
}

/// Reads a JSON array of contacts, `[{ "attributes", "score" }]`, with the path of anything
/// malformed.
pub fn parse_contacts(json: &str) -> Result<Vec<ContactInput<'_>>, InputError> {
    let contacts: Vec<ContactInput> = deserialize_with_path(json)?;
    for (index, contact) in contacts.iter().enumerate() {
        if !matches!(contact.attributes, Value::Object(_) | Value::Null) {
            return Err(InputError::new(
                format!("[{index}].attributes"),
                "must be an object",
            ));
        }
    }
    Ok(contacts)
}

/// What an account reads of a contact's score result. Read from JSON, unknown fields are
/// ignored, so a full result or a summary with these fields will do.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactScore {
    pub lead_id: String,
    pub as_of: Timestamp,
    pub fit: i64,
    pub intent: i64,
    pub total: i64,
    #[serde(default)]
    pub band: Option<String>,
    pub mql: bool,
    #[serde(default)]
    pub disqualified: bool,
    #[serde(default)]
    pub hand_raiser: bool,
    #[serde(default)]
    pub last_engagement_at: Option<Timestamp>,
    #[serde(default)]
    pub crossed_at: Option<Timestamp>,
    #[serde(default)]
    pub contributions: Vec<RuleContribution>,
}

/// One rule's contribution to a contact's score.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleContribution {
    pub rule_id: String,
    pub group: Group,
    #[serde(default)]
    pub label: Option<String>,
    pub points: i64,
    #[serde(default)]
    pub last_at: Option<Timestamp>,
}

impl ContactScore {
    /// The part of a full result an account reads.
    pub fn of(result: &ScoreResult) -> ContactScore {
        ContactScore {
            lead_id: result.lead_id.clone(),
            as_of: result.as_of,
            fit: result.fit,
            intent: result.intent,
            total: result.total,
            band: result.band.map(str::to_string),
            mql: result.mql,
            disqualified: result.disqualified,
            hand_raiser: result.hand_raiser,
            last_engagement_at: result.last_engagement_at,
            crossed_at: result.crossed_at,
            contributions: result
                .contributions
                .iter()
                .map(|c| RuleContribution {
                    rule_id: c.rule_id.to_string(),
                    group: c.group,
                    label: c.label.map(str::to_string),
                    points: c.points,
                    last_at: c.last_at,
                })
                .collect(),
        }
    }

    pub(crate) fn reading(&self) -> Reading {
        Reading {
            fit: self.fit,
            intent: self.intent,
            disqualified: self.disqualified,
            last_engagement: self.last_engagement_at.map(Timestamp::millis),
        }
    }
}

impl AccountPolicy {
    /// The roles a contact with these attributes holds, a bit per role.
    pub(crate) fn roles_of(&self, attributes: &Value) -> u64 {
        let mut roles = 0;
        for (index, role) in self.roles.iter().enumerate() {
            let holds = role.filter.iter().all(|(path, condition)| {
                condition.holds(attributes.at_path(&path.keys), &mut Oddities::default())
            });
            if holds {
                roles |= 1 << index;
            }
        }
        roles
    }

    /// The ids of the roles in a set.
    pub(crate) fn role_ids(&self, roles: u64) -> Vec<&str> {
        (self.roles.iter().enumerate())
            .filter(|(index, _)| roles & (1 << index) != 0)
            .map(|(_, role)| role.id.as_str())
            .collect()
    }
}

/// A text attribute for people to read (a contact's name, its title).
pub(crate) fn display(attributes: &Value, name: &str) -> Option<String> {
    attributes
        .member(name)
        .filter(|v| v.is_present())
        .map(Value::to_plain_string)
}
