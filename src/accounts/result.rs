//! What scoring an account returns: its fit, intent and total with the contributions that add
//! up to them (which contacts, and within each the rules), its band, whether it is an MQA and
//! why, when it crossed, who is engaged, the roles covered and missing, the account signals, and
//! each contact's own standing.

use super::key::KeyedBy;
use super::rollup::AccountBlocker;
use crate::result::Group;
use crate::time::Timestamp;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountResult<'m> {
    pub account_id: String,
    pub keyed_by: KeyedBy,
    pub as_of: Timestamp,
    /// The account's fit, intent and total, each within the account's bounds; the
    /// contributions add up to the total.
    pub fit: i64,
    pub intent: i64,
    pub total: i64,
    pub band: Option<&'m str>,
    pub mqa: bool,
    /// `"threshold"` when the total reached the MQA threshold (with `mqa: false`, something
    /// blocked it), or null.
    pub mqa_reason: Option<&'static str>,
    pub blocked_by: Vec<AccountBlocker>,
    /// The first moment, replaying the contacts' events in time order, at which the account
    /// was an MQA; kept after it falls below.
    pub crossed_at: Option<Timestamp>,
    /// The contact whose event took the account over the line at `crossed_at`.
    pub crossed_by: Option<String>,
    /// Contacts whose last meaningful engagement is within the account's engaged window.
    pub engaged_contacts: u32,
    pub roles: RoleCoverage<'m>,
    pub signals: Vec<SignalStatus<'m>>,
    /// Every contact, best total first.
    pub contacts: Vec<ContactRow<'m>>,
    pub contributions: Vec<AccountContribution<'m>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleCoverage<'m> {
    /// Roles an engaged contact holds, with those contacts.
    pub covered: Vec<CoveredRole<'m>>,
    /// Roles no engaged contact holds, each with its play.
    pub missing: Vec<MissingRole<'m>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CoveredRole<'m> {
    pub role_id: &'m str,
    pub label: Option<&'m str>,
    pub lead_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MissingRole<'m> {
    pub role_id: &'m str,
    pub label: Option<&'m str>,
    /// The MQA policy requires it.
    pub required: bool,
    /// What to do about it: the role's play, or "No economic buyer engaged yet."
    pub play: String,
    /// Contacts who hold the role but are not engaged.
    pub known_lead_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignalStatus<'m> {
    pub signal_id: &'m str,
    pub label: Option<&'m str>,
    pub met: bool,
    /// The contacts it counted, and how many it needs.
    pub contacts: u32,
    pub needed: u32,
    /// What it adds to the account's intent, after the account's bounds.
    pub points: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactRow<'m> {
    pub lead_id: String,
    pub name: Option<String>,
    pub title: Option<String>,
    pub roles: Vec<&'m str>,
    pub engaged: bool,
    pub fit: i64,
    pub intent: i64,
    pub total: i64,
    pub band: Option<String>,
    pub mql: bool,
    pub hand_raiser: bool,
    pub disqualified: bool,
    pub last_engagement_at: Option<Timestamp>,
    pub crossed_at: Option<Timestamp>,
}

/// What one contact (or one account signal) adds to a group of the account's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountContribution<'m> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signal_id: Option<&'m str>,
    pub group: Group,
    /// Whole points after the account's bounds.
    pub points: i64,
    /// The contact's own points in the group (or the signal's), before the account's bounds.
    pub raw_points: i64,
    /// For a contact: its rules' shares of `points`, which add up to it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<RuleShare>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleShare {
    pub rule_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub points: i64,
}

/// A lead in no account, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UngroupedLead {
    pub lead_id: String,
    pub reason: super::key::Ungrouped,
}

/// Many leads' accounts: each account's result, and the leads in none.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountsResult<'m> {
    pub accounts: Vec<AccountResult<'m>>,
    pub ungrouped: Vec<UngroupedLead>,
}
