//! Routing: who owns a lead once it is an MQL. Named accounts first (by email domain or account
//! id), then rules over three enumerable dimensions (territory from the country, size segment,
//! product interest), then a fallback; targets are people or round-robin pools whose cursors
//! are state the caller passes in and out. Validation walks every combination of the
//! dimensions and rejects a playbook that leaves one without an owner.

use super::declared::DeclaredIds;
use crate::document::{child, describe, item, JsonObject, Reader};
use crate::lead::Lead;
use crate::model::AttributePath;
use crate::sort::stable_sort_by;
use crate::value::Value;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
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

/// Round-robin cursors, one per pool: plain data the caller keeps and passes back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RoutingState {
    #[serde(default = "state_version")]
    pub version: u32,
    #[serde(default)]
    pub cursors: BTreeMap<String, u64>,
}

fn state_version() -> u32 {
    1
}

impl Default for RoutingState {
    fn default() -> Self {
        RoutingState {
            version: state_version(),
            cursors: BTreeMap::new(),
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
    /// `namedAccount`, `rule` or `fallback`.
    pub matched: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pool: Option<String>,
    pub key: RoutingKey,
}

impl Routing {
    /// The dimensions of a lead.
    pub fn key(&self, lead: &Lead) -> RoutingKey {
        let text = |path: &AttributePath| {
            lead.attributes
                .at_path(&path.keys)
                .filter(|v| v.is_present())
                .map(|v| v.to_plain_string().trim().to_string())
        };
        let country = text(&self.fields.country).map(|c| c.to_uppercase());
        let territory = country
            .and_then(|country| {
                self.territories
                    .iter()
                    .find(|(_, countries)| countries.contains(&country))
                    .map(|(id, _)| id.clone())
            })
            .unwrap_or_else(|| UNMAPPED_TERRITORY.to_string());
        let size = lead
            .attributes
            .at_path(&self.fields.company_size.keys)
            .and_then(|v| match v {
                Value::Number(n) => Some(*n),
                Value::Text(t) => t.trim().parse::<f64>().ok().filter(|n| n.is_finite()),
                _ => None,
            });
        let segment = size
            .and_then(|size| {
                self.segments.iter().find(|s| {
                    s.min.is_none_or(|min| size >= min) && s.below.is_none_or(|below| size < below)
                })
            })
            .map_or_else(|| UNKNOWN_SEGMENT.to_string(), |s| s.id.clone());
        let product = text(&self.fields.product_interest)
            .map(|p| p.to_lowercase())
            .and_then(|p| {
                self.products
                    .iter()
                    .find(|known| known.to_lowercase() == p)
                    .cloned()
            })
            .unwrap_or_else(|| NO_PRODUCT.to_string());
        let domain = text(&self.fields.email)
            .and_then(|email| email.rsplit_once('@').map(|(_, d)| d.to_lowercase()));
        let account_id = text(&self.fields.account_id);
        RoutingKey {
            territory,
            segment,
            product,
            domain,
            account_id,
        }
    }

    /// The owner of a lead, advancing the round-robin cursor of the pool it lands in.
    pub fn assign(&self, lead: &Lead, state: &mut RoutingState) -> Assignment {
        let key = self.key(lead);
        let named = self.named_accounts.iter().find(|account| {
            key.domain
                .as_ref()
                .is_some_and(|d| account.domains.contains(d))
                || key
                    .account_id
                    .as_ref()
                    .is_some_and(|a| account.account_ids.contains(a))
        });
        if let Some(account) = named {
            return Assignment {
                owner: account.owner.clone(),
                matched: "namedAccount",
                rule: None,
                pool: None,
                key,
            };
        }
        let (matched, rule, target) =
            match self.first_rule(&key.territory, &key.segment, &key.product) {
                Some(rule) => ("rule", Some(rule.id.clone()), &rule.target),
                // Validation proved that a playbook without a fallback covers every combination.
                None => (
                    "fallback",
                    None,
                    self.fallback.as_ref().unwrap_or(&EMPTY_TARGET),
                ),
            };
        let (owner, pool) = self.resolve(target, state);
        Assignment {
            owner,
            matched,
            rule,
            pool,
            key,
        }
    }

    fn first_rule(&self, territory: &str, segment: &str, product: &str) -> Option<&RoutingRule> {
        let fits = |allowed: &[String], value: &str| {
            allowed.is_empty() || allowed.iter().any(|a| a == value)
        };
        self.rules.iter().find(|rule| {
            fits(&rule.territories, territory)
                && fits(&rule.segments, segment)
                && fits(&rule.products, product)
        })
    }

    fn resolve(&self, target: &Target, state: &mut RoutingState) -> (String, Option<String>) {
        match target {
            Target::Owner(owner) => (owner.clone(), None),
            Target::Pool(id) => {
                let members = self
                    .pools
                    .get(id)
                    .map(|p| p.members.as_slice())
                    .unwrap_or_default();
                let cursor = state.cursors.entry(id.clone()).or_insert(0);
                let owner = members
                    .get((*cursor % members.len().max(1) as u64) as usize)
                    .cloned()
                    .unwrap_or_default();
                *cursor = cursor.wrapping_add(1);
                (owner, Some(id.clone()))
            }
        }
    }

    /// Every value of each dimension, the catch-all values included.
    pub fn dimensions(&self) -> (Vec<String>, Vec<String>, Vec<String>) {
        let mut territories: Vec<String> =
            self.territories.iter().map(|(id, _)| id.clone()).collect();
        territories.push(UNMAPPED_TERRITORY.into());
        let mut segments: Vec<String> = self.segments.iter().map(|s| s.id.clone()).collect();
        segments.push(UNKNOWN_SEGMENT.into());
        let mut products = self.products.clone();
        products.push(NO_PRODUCT.into());
        (territories, segments, products)
    }

    /// The combinations no rule covers, when there is no fallback.
    pub fn uncovered(&self) -> Vec<(String, String, String)> {
        if self.fallback.is_some() {
            return Vec::new();
        }
        let (territories, segments, products) = self.dimensions();
        let mut gaps = Vec::new();
        for t in &territories {
            for s in &segments {
                for p in &products {
                    if self.first_rule(t, s, p).is_none() {
                        gaps.push((t.clone(), s.clone(), p.clone()));
                    }
                }
            }
        }
        gaps
    }

    /// Every person routing can hand a lead to.
    pub fn possible_owners(&self) -> Vec<&str> {
        let mut owners: Vec<&str> = self
            .named_accounts
            .iter()
            .map(|a| a.owner.as_str())
            .collect();
        let targets = self
            .rules
            .iter()
            .map(|r| &r.target)
            .chain(self.fallback.as_ref());
        for target in targets {
            match target {
                Target::Owner(owner) => owners.push(owner),
                Target::Pool(pool) => owners.extend(
                    self.pools
                        .get(pool)
                        .into_iter()
                        .flat_map(|p| p.members.iter().map(String::as_str)),
                ),
            }
        }
        stable_sort_by(&mut owners, |a, b| a < b);
        owners.dedup();
        owners
    }

    pub(crate) fn read(
        reader: &mut Reader,
        value: Option<&Json>,
        declared: &DeclaredIds,
    ) -> Option<Routing> {
        const PATH: &str = "routing";
        const KEYS: &[&str] = &[
            "fields",
            "territories",
            "segments",
            "products",
            "namedAccounts",
            "pools",
            "rules",
            "fallback",
        ];
        let Some(value) = value.filter(|v| !v.is_null()) else {
            reader.error(PATH, "is required: every MQL needs an owner");
            return None;
        };
        let map = reader.object(value, PATH, KEYS)?;
        let before = reader.issues.len();
        let fields = read_fields(reader, map.get("fields"));
        let territories = read_territories(reader, map.get("territories"));
        let segments = read_segments(reader, map.get("segments"));
        let products = read_words(reader, map.get("products"), "routing.products");
        let named_accounts = read_named_accounts(reader, map.get("namedAccounts"), declared);
        let pools = read_pools(reader, map.get("pools"), declared);
        let dims = RoutingDims {
            territories: territories
                .iter()
                .map(|(id, _)| id.as_str())
                .chain([UNMAPPED_TERRITORY])
                .collect(),
            segments: segments
                .iter()
                .map(|s| s.id.as_str())
                .chain([UNKNOWN_SEGMENT])
                .collect(),
            products: products
                .iter()
                .map(String::as_str)
                .chain([NO_PRODUCT])
                .collect(),
        };
        let rules = read_rules(reader, map.get("rules"), &dims, &pools, declared);
        let fallback = match map.get("fallback") {
            None | Some(Json::Null) => None,
            Some(value) => read_target_object(reader, value, "routing.fallback", &pools, declared),
        };
        let routing = Routing {
            fields,
            territories,
            segments,
            products,
            named_accounts,
            pools,
            rules,
            fallback,
        };
        if reader.issues.len() != before {
            return None;
        }
        let gaps = routing.uncovered();
        if let Some((t, s, p)) = gaps.first() {
            let more = match gaps.len() - 1 {
                0 => String::new(),
                n => format!(
                    " (and {n} more combination{})",
                    if n == 1 { "" } else { "s" }
                ),
            };
            reader.error(
                PATH,
                format!(
                    "can leave a lead unassigned: no rule covers territory {t:?}, segment {s:?}, product {p:?}{more}; add a rule for it or a `fallback`"
                ),
            );
            return None;
        }
        Some(routing)
    }
}

static EMPTY_TARGET: Target = Target::Owner(String::new());

struct RoutingDims<'a> {
    territories: Vec<&'a str>,
    segments: Vec<&'a str>,
    products: Vec<&'a str>,
}

fn read_fields(reader: &mut Reader, value: Option<&Json>) -> RoutingFields {
    let path = "routing.fields";
    let defaults = [
        ("country", "country"),
        ("companySize", "companySize"),
        ("productInterest", "productInterest"),
        ("email", "email"),
        ("accountId", "accountId"),
    ];
    let map = value
        .filter(|v| !v.is_null())
        .and_then(|v| reader.object(v, path, &defaults.map(|(k, _)| k)));
    let mut pick = |key: &str, default: &str| {
        let text = map
            .and_then(|m| reader.text(m, key, path, false))
            .unwrap_or(default);
        AttributePath::new(text)
    };
    RoutingFields {
        country: pick("country", "country"),
        company_size: pick("companySize", "companySize"),
        product_interest: pick("productInterest", "productInterest"),
        email: pick("email", "email"),
        account_id: pick("accountId", "accountId"),
    }
}

fn object_entries<'v>(
    reader: &mut Reader,
    value: Option<&'v Json>,
    path: &str,
) -> Vec<(&'v String, &'v Json)> {
    match value {
        None | Some(Json::Null) => Vec::new(),
        Some(Json::Object(map)) => map.iter().collect(),
        Some(other) => {
            reader.error(path, format!("must be an object, not {}", describe(other)));
            Vec::new()
        }
    }
}

fn read_territories(reader: &mut Reader, value: Option<&Json>) -> Vec<(String, Vec<String>)> {
    let mut territories: Vec<(String, Vec<String>)> = Vec::new();
    for (id, countries) in object_entries(reader, value, "routing.territories") {
        let path = child("routing.territories", id);
        check_dimension_id(reader, id, &path, UNMAPPED_TERRITORY);
        let countries: Vec<String> = reader
            .word_list(countries, &path)
            .into_iter()
            .map(|c| c.to_uppercase())
            .collect();
        for country in &countries {
            if let Some((other, _)) = territories.iter().find(|(_, cs)| cs.contains(country)) {
                reader.error(
                    &path,
                    format!("{country} is already in territory {other:?}"),
                );
            }
        }
        territories.push((id.clone(), countries));
    }
    territories
}

fn check_dimension_id(reader: &mut Reader, id: &str, path: &str, reserved: &str) {
    if id == reserved {
        reader.error(
            path,
            format!("{reserved:?} is reserved for leads that match nothing else"),
        );
    }
}

fn read_segments(reader: &mut Reader, value: Option<&Json>) -> Vec<Segment> {
    let path = "routing.segments";
    let Some(items) = reader.optional_array(value, path) else {
        return Vec::new();
    };
    let mut segments: Vec<Segment> = Vec::new();
    for (index, segment) in items.iter().enumerate() {
        let at = item(path, index);
        let Some(map) = reader.object(segment, &at, &["id", "min", "below"]) else {
            continue;
        };
        let Some(id) = reader.text(map, "id", &at, true) else {
            continue;
        };
        check_dimension_id(reader, id, &child(&at, "id"), UNKNOWN_SEGMENT);
        let min = reader.number(map, "min", &at, false, (0.0, f64::MAX));
        let below = reader.number(map, "below", &at, false, (0.0, f64::MAX));
        if let (Some(min), Some(below)) = (min, below) {
            if below <= min {
                reader.error(&child(&at, "below"), "must be more than `min`");
                continue;
            }
        }
        let overlaps = |s: &Segment| {
            let lo = |x: Option<f64>| x.unwrap_or(f64::NEG_INFINITY);
            let hi = |x: Option<f64>| x.unwrap_or(f64::INFINITY);
            lo(min) < hi(s.below) && lo(s.min) < hi(below)
        };
        if let Some(other) = segments.iter().find(|s| overlaps(s)) {
            reader.error(&at, format!("overlaps segment {:?}", other.id));
        }
        if segments.iter().any(|s| s.id == id) {
            reader.error(&child(&at, "id"), format!("repeats segment id {id:?}"));
        }
        segments.push(Segment {
            id: id.to_string(),
            min,
            below,
        });
    }
    segments
}

fn read_words(reader: &mut Reader, value: Option<&Json>, path: &str) -> Vec<String> {
    match value {
        None | Some(Json::Null) => Vec::new(),
        Some(value) => {
            let words = reader.word_list(value, path);
            if words.iter().any(|w| w == NO_PRODUCT) {
                reader.error(
                    path,
                    format!("{NO_PRODUCT:?} is reserved for leads with no known product interest"),
                );
            }
            words
        }
    }
}

fn read_named_accounts(
    reader: &mut Reader,
    value: Option<&Json>,
    declared: &DeclaredIds,
) -> Vec<NamedAccount> {
    let path = "routing.namedAccounts";
    let Some(items) = reader.optional_array(value, path) else {
        return Vec::new();
    };
    let mut accounts = Vec::new();
    for (index, account) in items.iter().enumerate() {
        let at = item(path, index);
        let Some(map) = reader.object(account, &at, &["name", "owner", "domains", "accountIds"])
        else {
            continue;
        };
        reader.text(map, "name", &at, false);
        let owner = declared.read_person(reader, map, "owner", &at);
        let list = |reader: &mut Reader, key: &str| {
            map.get(key)
                .filter(|v| !v.is_null())
                .map(|v| reader.word_list(v, &child(&at, key)))
                .unwrap_or_default()
        };
        let domains: Vec<String> = list(reader, "domains")
            .into_iter()
            .map(|d| d.to_lowercase())
            .collect();
        let account_ids = list(reader, "accountIds");
        if domains.is_empty() && account_ids.is_empty() {
            reader.error(
                &at,
                "needs `domains` or `accountIds` to recognise the account",
            );
        }
        if let Some(owner) = owner {
            accounts.push(NamedAccount {
                owner,
                domains,
                account_ids,
            });
        }
    }
    accounts
}

fn read_pools(
    reader: &mut Reader,
    value: Option<&Json>,
    declared: &DeclaredIds,
) -> BTreeMap<String, Pool> {
    let mut pools = BTreeMap::new();
    for (id, pool) in object_entries(reader, value, "routing.pools") {
        let path = child("routing.pools", id);
        let Some(map) = reader.object(pool, &path, &["members", "label"]) else {
            continue;
        };
        reader.text(map, "label", &path, false);
        let Some(members) = reader.array(map, "members", &path, true) else {
            continue;
        };
        let members_path = child(&path, "members");
        let members = reader.words(members, &members_path);
        if members.is_empty() {
            reader.error(&members_path, "must name at least one person");
        }
        for (index, member) in members.iter().enumerate() {
            declared.check_person(reader, member, &item(&members_path, index));
        }
        pools.insert(id.clone(), Pool { members });
    }
    pools
}

fn read_rules(
    reader: &mut Reader,
    value: Option<&Json>,
    dims: &RoutingDims,
    pools: &BTreeMap<String, Pool>,
    declared: &DeclaredIds,
) -> Vec<RoutingRule> {
    let path = "routing.rules";
    let Some(items) = reader.optional_array(value, path) else {
        return Vec::new();
    };
    let mut rules: Vec<RoutingRule> = Vec::new();
    for (index, rule) in items.iter().enumerate() {
        let at = item(path, index);
        let Some(map) = reader.object(rule, &at, &["id", "when", "owner", "pool"]) else {
            continue;
        };
        let Some(id) = reader.text(map, "id", &at, true) else {
            continue;
        };
        if rules.iter().any(|r| r.id == id) {
            reader.error(&child(&at, "id"), format!("repeats rule id {id:?}"));
        }
        let mut condition = [Vec::new(), Vec::new(), Vec::new()];
        if let Some(when) = map.get("when").filter(|v| !v.is_null()) {
            let when_path = child(&at, "when");
            if let Some(when) =
                reader.object(when, &when_path, &["territory", "segment", "product"])
            {
                let dimensions = [
                    ("territory", &dims.territories),
                    ("segment", &dims.segments),
                    ("product", &dims.products),
                ];
                for (slot, (key, known)) in condition.iter_mut().zip(dimensions) {
                    let Some(value) = when.get(key).filter(|v| !v.is_null()) else {
                        continue;
                    };
                    let key_path = child(&when_path, key);
                    let values = reader.word_list(value, &key_path);
                    for (i, v) in values.iter().enumerate() {
                        if !known.contains(&v.as_str()) {
                            reader.error(
                                &item(&key_path, i),
                                format!(
                                    "{v:?} is not a {key}; expected one of: {}",
                                    known.join(", ")
                                ),
                            );
                        }
                    }
                    *slot = values;
                }
            }
        }
        let Some(target) = read_target(reader, map, &at, pools, declared) else {
            continue;
        };
        let [territories, segments, products] = condition;
        rules.push(RoutingRule {
            id: id.to_string(),
            territories,
            segments,
            products,
            target,
        });
    }
    rules
}

fn read_target_object(
    reader: &mut Reader,
    value: &Json,
    path: &str,
    pools: &BTreeMap<String, Pool>,
    declared: &DeclaredIds,
) -> Option<Target> {
    let map = reader.object(value, path, &["owner", "pool"])?;
    read_target(reader, map, path, pools, declared)
}

fn read_target(
    reader: &mut Reader,
    map: &JsonObject,
    path: &str,
    pools: &BTreeMap<String, Pool>,
    declared: &DeclaredIds,
) -> Option<Target> {
    match (
        map.get("owner").filter(|v| !v.is_null()),
        map.get("pool").filter(|v| !v.is_null()),
    ) {
        (Some(_), None) => declared
            .read_person(reader, map, "owner", path)
            .map(Target::Owner),
        (None, Some(_)) => {
            let pool = reader.text(map, "pool", path, true)?;
            if pools.contains_key(pool) {
                Some(Target::Pool(pool.to_string()))
            } else {
                let known: Vec<&str> = pools.keys().map(String::as_str).collect();
                reader.error(
                    &child(path, "pool"),
                    format!(
                        "no pool {pool:?} in routing.pools (known: {})",
                        known.join(", ")
                    ),
                );
                None
            }
        }
        _ => {
            reader.error(
                path,
                "needs exactly one of `owner` (a person) or `pool` (round robin)",
            );
            None
        }
    }
}
