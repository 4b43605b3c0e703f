//! A model's optional `accounts` section, compiled: how a lead maps to its account (an account
//! id attribute, else its email's domain, free-mail domains never grouped), how the contacts'
//! fit and intent roll up into the account's, the buying-group roles (conditions on
//! attributes), account-level signals over engaged contacts, and when an account is a
//! marketing-qualified account (MQA), with its own bands. Scoring accounts is `crate::accounts`.

use super::{AttributePath, Band, Bounds};
use crate::condition::Condition;
use serde::{Deserialize, Serialize};

/// How a model scores accounts from their contacts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccountPolicy {
    pub key: AccountKeyPolicy,
    pub rollup: Rollup,
    /// A contact is engaged when its last meaningful engagement is less than this long ago.
    pub engaged_ms: i64,
    pub roles: Vec<Role>,
    pub signals: Vec<AccountSignal>,
    pub mqa: MqaPolicy,
    pub bands: Vec<Band>,
    /// The most contacts one account may hold: bounds the work of scoring it.
    pub max_contacts: usize,
}

/// Where a lead's account comes from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccountKeyPolicy {
    /// The attribute holding the account id (checked first).
    pub attribute: AttributePath,
    /// The attribute holding the email whose domain names the account otherwise.
    pub email: AttributePath,
    /// Whether the built-in list of free-mail domains applies.
    pub built_in_free_mail: bool,
    /// More free-mail domains, lowercased.
    pub free_mail: Vec<String>,
}

/// How contacts' scores add up to the account's: fit and intent each on their own, then the
/// total within its bounds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rollup {
    pub fit: GroupRollup,
    pub intent: GroupRollup,
    pub total: Bounds,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GroupRollup {
    pub method: RollupMethod,
    pub bounds: Bounds,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RollupMethod {
    /// The best contact's points.
    Best,
    /// The sum of the best `n` contacts' points.
    SumTop(u32),
}

impl RollupMethod {
    /// How many contacts count.
    pub fn counted(self) -> usize {
        match self {
            RollupMethod::Best => 1,
            RollupMethod::SumTop(n) => n as usize,
        }
    }
}

/// A buying-group role (economic buyer, champion, technical evaluator): a contact holds it when
/// every condition on its attributes holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Role {
    pub id: String,
    pub label: Option<String>,
    pub filter: Vec<(AttributePath, Condition)>,
    /// What to do when no engaged contact holds the role ("no economic buyer engaged yet").
    pub play: Option<String>,
}

impl Role {
    /// The role's label, or its id.
    pub fn name(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.id)
    }
}

/// An account-level windowed signal: at least `engaged_contacts` contacts (holding one of
/// `roles`, when given) engaged within `span_ms`, worth `points` of account intent.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccountSignal {
    pub id: String,
    pub label: Option<String>,
    pub engaged_contacts: u32,
    pub span_ms: i64,
    /// Positions in [`AccountPolicy::roles`]; empty means any contact.
    pub roles: Vec<usize>,
    pub points: i64,
}

/// When an account is marketing qualified.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MqaPolicy {
    pub threshold: f64,
    pub min_fit: Option<f64>,
    pub min_intent: Option<f64>,
    /// Positions in [`AccountPolicy::roles`] that an engaged contact must hold.
    pub required_roles: Vec<usize>,
    /// How many distinct roles engaged contacts must hold.
    pub min_roles: u32,
    pub min_engaged_contacts: u32,
}

/// The most roles a model may define (a contact's roles are a 64-bit set).
pub const MAX_ROLES: usize = 64;
