//! Account-owned handoff: an account that became an MQA goes to its account owner (an owner
//! already recorded for it, a named account, or the routing rules on the account's attributes),
//! who gets the account's context: the engaged contacts with their roles and strongest signals,
//! what happened across the account in the recent window, the roles still missing with a play,
//! and the SLA. Routing records the owner in the routing state, so the account's leads go to that
//! owner too. The account comes in as its result (`scoreAccounts`, `rollUp`) as plain data; only
//! the fields read here are kept, and unknown fields are ignored.

use super::routing::{Assignment, RoutingState};
use super::snapshot::{ScoreSnapshot, SnapshotContribution};
use super::{HandoffSla, Lifecycle};
use crate::error::InputError;
use crate::lead::deserialize_with_path;
use crate::time::Timestamp;
use crate::value::Value;
use serde::{Deserialize, Serialize};

/// The strongest signals listed per contact.
const STRONGEST: usize = 3;

/// What the handoff reads of an account's result.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountSnapshot {
    pub account_id: String,
    /// `attribute` or `domain`: what the account id is.
    pub keyed_by: String,
    pub fit: i64,
    pub intent: i64,
    pub total: i64,
    #[serde(default)]
    pub band: Option<String>,
    pub mqa: bool,
    #[serde(default)]
    pub crossed_at: Option<Timestamp>,
    #[serde(default)]
    pub crossed_by: Option<String>,
    #[serde(default)]
    pub contacts: Vec<ContactSnapshot>,
    #[serde(default)]
    pub contributions: Vec<ContributionSnapshot>,
    pub roles: RolesSnapshot,
    #[serde(default)]
    pub signals: Vec<SignalSnapshot>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactSnapshot {
    pub lead_id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub roles: Vec<String>,
    pub engaged: bool,
    pub total: i64,
    #[serde(default)]
    pub hand_raiser: bool,
    #[serde(default)]
    pub last_engagement_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContributionSnapshot {
    #[serde(default)]
    pub lead_id: Option<String>,
    pub group: String,
    #[serde(default)]
    pub rules: Vec<RuleShare>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleShare {
    pub rule_id: String,
    #[serde(default)]
    pub label: Option<String>,
    pub points: i64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RolesSnapshot {
    #[serde(default)]
    pub missing: Vec<MissingRole>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MissingRole {
    pub role_id: String,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub required: bool,
    pub play: String,
    /// Contacts who hold the role but are not engaged: whom the play starts with.
    #[serde(default)]
    pub known_lead_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignalSnapshot {
    pub signal_id: String,
    #[serde(default)]
    pub label: Option<String>,
    pub met: bool,
}

/// Reads an account's result as the handoff needs it, with the path of anything malformed.
pub fn parse_account(json: &str) -> Result<AccountSnapshot, InputError> {
    deserialize_with_path(json)
}

/// What the account owner receives.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountHandoff {
    pub version: u32,
    pub account_id: String,
    pub owner: String,
    pub owner_name: Option<String>,
    pub score: AccountHandoffScore,
    /// Engaged contacts, highest total first.
    pub engaged_contacts: Vec<EngagedContact>,
    pub recent: RecentWindow,
    /// Roles no engaged contact holds, each with its play.
    pub missing_roles: Vec<MissingRole>,
    pub sla: HandoffSla,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountHandoffScore {
    pub total: i64,
    pub fit: i64,
    pub intent: i64,
    pub band: Option<String>,
    pub crossed_at: Option<Timestamp>,
    pub crossed_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EngagedContact {
    pub lead_id: String,
    pub name: Option<String>,
    pub title: Option<String>,
    pub roles: Vec<String>,
    pub total: i64,
    pub hand_raiser: bool,
    pub last_engagement_at: Option<Timestamp>,
    /// The contact's intent rules with the most points in the account's contributions,
    /// strongest first (none for a contact whose intent the roll-up did not count).
    pub strongest_signals: Vec<RuleShare>,
}

/// What happened across the account lately: the account signals that hold, and each engaged
/// contact's last engagement, newest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecentWindow {
    pub signals: Vec<String>,
    pub activity: Vec<RecentActivity>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecentActivity {
    pub lead_id: String,
    pub at: Timestamp,
    pub summary: String,
}

impl Lifecycle {
    /// The owner of an account: one already recorded in `routing`, a named account (by account
    /// id, or by domain for an account keyed by its domain), else the routing rules on the
    /// account's `attributes` (its CRM record's, such as country and company size), advancing
    /// the round robin. The owner is recorded in `routing`, so the account's leads go to them.
    pub fn route_account(
        &self,
        account: &AccountSnapshot,
        attributes: &Value,
        routing: &mut RoutingState,
    ) -> Assignment {
        let mut key = self.playbook.routing.key_of(attributes);
        if account.keyed_by == "domain" {
            key.domain = Some(account.account_id.clone());
        } else {
            key.account_id = Some(account.account_id.clone());
        }
        let assignment = self.playbook.routing.assign_key(key, routing);
        routing
            .account_owners
            .insert(account.account_id.clone(), assignment.owner.clone());
        assignment
    }

    /// The handoff of an account to `owner` at `now`, with the SLA of the first SLA signal that
    /// holds across the engaged contacts (a hand-raiser among them, a rule one of them met),
    /// due on the owner's calendar.
    pub fn account_handoff(
        &self,
        account: &AccountSnapshot,
        owner: &str,
        now: Timestamp,
    ) -> AccountHandoff {
        let engaged: Vec<EngagedContact> = account
            .contacts
            .iter()
            .filter(|c| c.engaged)
            .map(|c| engaged_contact(account, c))
            .collect();
        let signal = self.playbook.sla.signal_for(&engaged_snapshot(account));
        let calendar = self.playbook.calendar_for(owner);
        AccountHandoff {
            version: 1,
            account_id: account.account_id.clone(),
            owner: owner.to_string(),
            owner_name: self.playbook.person(owner).and_then(|p| p.name.clone()),
            score: AccountHandoffScore {
                total: account.total,
                fit: account.fit,
                intent: account.intent,
                band: account.band.clone(),
                crossed_at: account.crossed_at,
                crossed_by: account.crossed_by.clone(),
            },
            recent: recent_window(account, &engaged),
            engaged_contacts: engaged,
            missing_roles: account.roles.missing.clone(),
            sla: HandoffSla {
                signal: signal.id.clone(),
                window: signal.within.describe(),
                due_at: Timestamp::from_trusted_millis(signal.within.end(calendar, now.millis())),
            },
        }
    }
}

/// A contact's intent rules, by points (then rule id), positive ones only.
fn intent_rules<'a>(account: &'a AccountSnapshot, lead_id: &str) -> Vec<&'a RuleShare> {
    let mut rules: Vec<&RuleShare> = account
        .contributions
        .iter()
        .filter(|c| c.group == "intent" && c.lead_id.as_deref() == Some(lead_id))
        .flat_map(|c| c.rules.iter())
        .filter(|r| r.points > 0)
        .collect();
    rules.sort_by(|a, b| b.points.cmp(&a.points).then(a.rule_id.cmp(&b.rule_id)));
    rules
}

fn engaged_contact(account: &AccountSnapshot, contact: &ContactSnapshot) -> EngagedContact {
    EngagedContact {
        lead_id: contact.lead_id.clone(),
        name: contact.name.clone(),
        title: contact.title.clone(),
        roles: contact.roles.clone(),
        total: contact.total,
        hand_raiser: contact.hand_raiser,
        last_engagement_at: contact.last_engagement_at,
        strongest_signals: (intent_rules(account, &contact.lead_id).into_iter())
            .take(STRONGEST)
            .cloned()
            .collect(),
    }
}

/// The engaged contacts taken together, as the SLA's signals read a lead: a hand-raiser if one
/// of them is, and every rule that gave one of them points.
fn engaged_snapshot(account: &AccountSnapshot) -> ScoreSnapshot {
    let engaged = || account.contacts.iter().filter(|c| c.engaged);
    let contributions = engaged()
        .flat_map(|c| intent_rules(account, &c.lead_id))
        .map(|rule| SnapshotContribution {
            rule_id: rule.rule_id.clone(),
            group: "intent".to_string(),
            label: rule.label.clone(),
            points: rule.points,
            last_at: None,
        })
        .collect();
    ScoreSnapshot {
        lead_id: account.account_id.clone(),
        fit: account.fit,
        intent: account.intent,
        total: account.total,
        band: account.band.clone(),
        grid: None,
        mql: account.mqa,
        mql_reason: None,
        hand_raiser: engaged().any(|c| c.hand_raiser),
        trigger: None,
        last_engagement_at: None,
        crossed_at: account.crossed_at,
        crossing_event: None,
        contributions,
    }
}

fn recent_window(account: &AccountSnapshot, engaged: &[EngagedContact]) -> RecentWindow {
    let mut activity: Vec<RecentActivity> = engaged
        .iter()
        .filter_map(|c| {
            let at = c.last_engagement_at?;
            let who = match (&c.name, &c.title) {
                (Some(name), Some(title)) => format!("{name} ({title})"),
                (Some(name), None) => name.clone(),
                (None, Some(title)) => format!("{} ({title})", c.lead_id),
                (None, None) => c.lead_id.clone(),
            };
            let strongest = c
                .strongest_signals
                .first()
                .map(|rule| format!(": {}", rule.label.as_deref().unwrap_or(&rule.rule_id)));
            Some(RecentActivity {
                lead_id: c.lead_id.clone(),
                at,
                summary: format!("{who}{}", strongest.unwrap_or_default()),
            })
        })
        .collect();
    activity.sort_by(|a, b| b.at.cmp(&a.at).then(a.lead_id.cmp(&b.lead_id)));
    RecentWindow {
        signals: (account.signals.iter().filter(|s| s.met))
            .map(|s| s.label.clone().unwrap_or_else(|| s.signal_id.clone()))
            .collect(),
        activity,
    }
}
