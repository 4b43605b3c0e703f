//! Routing: who owns a lead once it is an MQL. Named accounts first (by email domain or account
//! id), then rules over three enumerable dimensions (territory from the country, size segment,
//! product interest), then a fallback; targets are people or round-robin pools whose cursors
//! are state the caller passes in and out. Validation walks every combination of the
//! dimensions and rejects a playbook that leaves one without an owner.
//!
//! The configuration's types and the routing state are here; `read.rs` and `targets.rs` read the
//! playbook's `routing` section, `coverage.rs` proves that it leaves no lead without an owner,
//! and `assign.rs` routes a lead at run time.

mod assign;
mod coverage;
mod read;
mod targets;

use crate::model::AttributePath;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A lead whose country no territory lists.
pub const UNMAPPED_TERRITORY: &str = "unmapped";
/// A lead whose company size is missing, not a number, or in no segment.
pub const UNKNOWN_SEGMENT: &str = "unknown";
/// A lead with no product interest, or one the playbook does not list.
pub const NO_PRODUCT: &str = "none";

#[derive(Debug, Clone)]
pub struct Routing {
    pub fields: RoutingFields,
    /// Territory id and the countries it covers (upper case).
    pub territories: Vec<(String, Vec<String>)>,
    pub segments: Vec<Segment>,
    pub products: Vec<String>,
    pub named_accounts: Vec<NamedAccount>,
    pub pools: BTreeMap<String, Pool>,
    pub rules: Vec<RoutingRule>,
    pub fallback: Option<Target>,
}

/// The lead attributes routing reads.
#[derive(Debug, Clone)]
pub struct RoutingFields {
    pub country: AttributePath,
    pub company_size: AttributePath,
    pub product_interest: AttributePath,
    pub email: AttributePath,
    pub account_id: AttributePath,
}

/// Company sizes from `min` (inclusive) to `below` (exclusive).
#[derive(Debug, Clone)]
pub struct Segment {
    pub id: String,
    pub min: Option<f64>,
    pub below: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct NamedAccount {
    pub owner: String,
    pub domains: Vec<String>,
    pub account_ids: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Pool {
    pub members: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct RoutingRule {
    pub id: String,
    /// Empty means any value of that dimension.
    pub territories: Vec<String>,
    pub segments: Vec<String>,
    pub products: Vec<String>,
    pub target: Target,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Owner(String),
    Pool(String),
}

/// Round-robin cursors, one per pool, and the owners of the accounts routed so far (by account
/// id: an account id attribute's value or an email domain): plain data the caller keeps and
/// passes back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RoutingState {
    #[serde(default = "state_version")]
    pub version: u32,
    #[serde(default)]
    pub cursors: BTreeMap<String, u64>,
    /// A lead of an owned account goes to its owner, before named accounts and rules.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub account_owners: BTreeMap<String, String>,
}

fn state_version() -> u32 {
    1
}

impl Default for RoutingState {
    fn default() -> Self {
        RoutingState {
            version: state_version(),
            cursors: BTreeMap::new(),
            account_owners: BTreeMap::new(),
        }
    }
}

/// Where a lead falls on the routing dimensions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RoutingKey {
    pub territory: String,
    pub segment: String,
    pub product: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
}

/// The owner routing chose, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Assignment {
    pub owner: String,
    /// `accountOwner`, `namedAccount`, `rule` or `fallback`.
    pub matched: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pool: Option<String>,
    pub key: RoutingKey,
}
