//! Reading where routing sends leads: named accounts (by email domain or account id),
//! round-robin pools, the rules over the dimensions and the fallback, each person checked
//! against the team and each pool against `routing.pools`.

use super::coverage::Dimensions;
use super::{NamedAccount, Pool, RoutingRule, Target};
use crate::document::{child, item, JsonObject, Reader};
use crate::lifecycle::declared::DeclaredIds;
use serde_json::Value as Json;
use std::collections::BTreeMap;

pub(super) fn read_named_accounts(
    reader: &mut Reader,
    value: Option<&Json>,
    declared: &DeclaredIds,
) -> Vec<NamedAccount> {
    let path = "routing.namedAccounts";
    let keys = ["name", "owner", "domains", "accountIds"];
    reader.optional_objects(value, path, &keys, |reader, map, at, _| {
        read_named_account(reader, map, at, declared)
    })
}

/// An account and its owner, recognised by the lead's email domain or account id.
fn read_named_account(
    reader: &mut Reader,
    map: &JsonObject,
    at: &str,
    declared: &DeclaredIds,
) -> Option<NamedAccount> {
    reader.text(map, "name", at, false);
    let owner = declared.read_person(reader, map, "owner", at);
    let list = |reader: &mut Reader, key: &str| {
        map.get(key)
            .filter(|v| !v.is_null())
            .map(|v| reader.word_list(v, &child(at, key)))
            .unwrap_or_default()
    };
    let domains: Vec<String> = list(reader, "domains")
        .into_iter()
        .map(|d| d.to_lowercase())
        .collect();
    let account_ids = list(reader, "accountIds");
    if domains.is_empty() && account_ids.is_empty() {
        reader.error(
            at,
            "needs `domains` or `accountIds` to recognise the account",
        );
    }
    Some(NamedAccount {
        owner: owner?,
        domains,
        account_ids,
    })
}

pub(super) fn read_pools(
    reader: &mut Reader,
    value: Option<&Json>,
    declared: &DeclaredIds,
) -> BTreeMap<String, Pool> {
    let mut pools = BTreeMap::new();
    for (id, pool) in reader.optional_entries(value, "routing.pools") {
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

pub(super) fn read_rules(
    reader: &mut Reader,
    value: Option<&Json>,
    dimensions: &Dimensions,
    pools: &BTreeMap<String, Pool>,
    declared: &DeclaredIds,
) -> Vec<RoutingRule> {
    let keys = ["id", "when", "owner", "pool"];
    reader.optional_objects(value, "routing.rules", &keys, |reader, map, at, earlier| {
        let id = reader.text(map, "id", at, true)?;
        if earlier.iter().any(|r: &RoutingRule| r.id == id) {
            reader.error(&child(at, "id"), format!("repeats rule id {id:?}"));
        }
        let condition = match map.get("when").filter(|v| !v.is_null()) {
            Some(when) => read_condition(reader, when, &child(at, "when"), dimensions),
            None => Default::default(),
        };
        let target = read_target(reader, map, at, pools, declared)?;
        let [territories, segments, products] = condition;
        Some(RoutingRule {
            id: id.to_string(),
            territories,
            segments,
            products,
            target,
        })
    })
}

/// A rule's `when`: for each dimension (territory, segment, product), the values it names, each
/// one of the dimension's values; an empty list is any value.
fn read_condition(
    reader: &mut Reader,
    when: &Json,
    path: &str,
    dimensions: &Dimensions,
) -> [Vec<String>; 3] {
    let mut condition: [Vec<String>; 3] = Default::default();
    let Some(when) = reader.object(when, path, &["territory", "segment", "product"]) else {
        return condition;
    };
    let known = [
        ("territory", &dimensions.territories),
        ("segment", &dimensions.segments),
        ("product", &dimensions.products),
    ];
    for (slot, (key, known)) in condition.iter_mut().zip(known) {
        let Some(value) = when.get(key).filter(|v| !v.is_null()) else {
            continue;
        };
        let key_path = child(path, key);
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
    condition
}

/// A rule's or the fallback's target: `owner` (a person of the team) or `pool` (one of
/// `routing.pools`), exactly one of them.
pub(super) fn read_target(
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
