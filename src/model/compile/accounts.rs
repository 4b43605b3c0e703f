//! Reading a model's `accounts` section: the account key, the roll-up, the buying-group roles,
//! the account signals, the MQA policy and its bands, with a path for every problem (a signal or
//! the MQA policy naming a role the section does not define included).

use super::fields::{read_attribute_path, read_bounds, read_rule_id};
use super::intent::read_filter;
use super::mql::read_bands;
use crate::decay::{days_to_ms, positive_days};
use crate::document::{child, item, JsonObject, Reader};
use crate::model::accounts::{
    AccountKeyPolicy, AccountPolicy, AccountSignal, GroupRollup, MqaPolicy, Role, Rollup,
    RollupMethod, MAX_ROLES,
};
use crate::model::{AttributePath, Bounds};
use serde_json::Value as Json;

const PATH: &str = "accounts";
const SCORE: (f64, f64) = (-1_000_000_000.0, 1_000_000_000.0);
const COUNT: (i64, i64) = (0, 10_000);
/// How many contacts an account holds at most unless the model says otherwise, and at most.
const DEFAULT_MAX_CONTACTS: i64 = 1_000;
const MAX_CONTACTS: i64 = 10_000;
const ENGAGED_DAYS: f64 = 14.0;

/// The section, when the model has one (`Some(None)` when it has none; `None` after problems).
pub(super) fn read_accounts(
    reader: &mut Reader,
    value: Option<&Json>,
) -> Option<Option<AccountPolicy>> {
    const KEYS: &[&str] = &[
        "key",
        "rollup",
        "engagedDays",
        "roles",
        "signals",
        "mqa",
        "bands",
        "maxContacts",
    ];
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Some(None);
    };
    let map = reader.object(value, PATH, KEYS)?;
    let before = reader.issues.len();
    let key = read_key(reader, map.get("key"));
    let rollup = read_rollup(reader, map.get("rollup"));
    let engaged_days = match map.get("engagedDays").filter(|v| !v.is_null()) {
        Some(_) => positive_days(reader, map, "engagedDays", PATH),
        None => Some(ENGAGED_DAYS),
    };
    let roles = read_roles(reader, map.get("roles"));
    let signals = read_signals(reader, map.get("signals"), &roles);
    let mqa = read_mqa(reader, map.get("mqa"), &roles);
    let bands = match map.get("bands").filter(|v| !v.is_null()) {
        Some(bands) => read_bands(reader, bands, &child(PATH, "bands")),
        None => Some(Vec::new()),
    };
    let max_contacts = reader
        .whole(map, "maxContacts", PATH, false, (1, MAX_CONTACTS))
        .unwrap_or(DEFAULT_MAX_CONTACTS);
    if reader.issues.len() != before {
        return None;
    }
    Some(Some(AccountPolicy {
        key,
        rollup: rollup?,
        engaged_ms: days_to_ms(engaged_days?),
        roles,
        signals,
        mqa: mqa?,
        bands: bands?,
        max_contacts: max_contacts as usize,
    }))
}

fn read_key(reader: &mut Reader, value: Option<&Json>) -> AccountKeyPolicy {
    let path = child(PATH, "key");
    const KEYS: &[&str] = &["attribute", "email", "freeMailDomains", "builtInFreeMail"];
    let map = value
        .filter(|v| !v.is_null())
        .and_then(|v| reader.object(v, &path, KEYS));
    let mut attribute = |key: &str, default: &str| {
        map.filter(|m| m.get(key).is_some_and(|v| !v.is_null()))
            .and_then(|m| read_attribute_path(reader, m, key, &path))
            .unwrap_or_else(|| AttributePath::new(default))
    };
    let (attribute, email) = (
        attribute("attribute", "accountId"),
        attribute("email", "email"),
    );
    let built_in_free_mail = map
        .and_then(|m| reader.boolean(m, "builtInFreeMail", &path))
        .unwrap_or(true);
    let free_mail = match map
        .and_then(|m| m.get("freeMailDomains"))
        .filter(|v| !v.is_null())
    {
        Some(list) => read_domains(reader, list, &child(&path, "freeMailDomains")),
        None => Vec::new(),
    };
    AccountKeyPolicy {
        attribute,
        email,
        built_in_free_mail,
        free_mail,
    }
}

/// Domains such as "gmail.com": lowercased, each with a dot and no `@` or space.
fn read_domains(reader: &mut Reader, value: &Json, path: &str) -> Vec<String> {
    let words = reader.word_list(value, path);
    for (index, word) in words.iter().enumerate() {
        if !word.contains('.') || word.contains(['@', ' ']) {
            reader.error(
                &item(path, index),
                format!("{word:?} is not a domain (such as \"gmail.com\")"),
            );
        }
    }
    words.into_iter().map(|w| w.to_lowercase()).collect()
}

fn read_rollup(reader: &mut Reader, value: Option<&Json>) -> Option<Rollup> {
    let path = child(PATH, "rollup");
    let defaults = Rollup {
        fit: GroupRollup {
            method: RollupMethod::Best,
            bounds: Bounds::default(),
        },
        intent: GroupRollup {
            method: RollupMethod::SumTop(3),
            bounds: Bounds::default(),
        },
        total: Bounds::default(),
    };
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Some(defaults);
    };
    let map = reader.object(value, &path, &["fit", "intent", "total"])?;
    let mut group = |key: &str, default: GroupRollup| match map.get(key).filter(|v| !v.is_null()) {
        Some(value) => read_group_rollup(reader, value, &child(&path, key)),
        None => Some(default),
    };
    let fit = group("fit", defaults.fit);
    let intent = group("intent", defaults.intent);
    let total = match map.get("total").filter(|v| !v.is_null()) {
        Some(value) => {
            let at = child(&path, "total");
            reader
                .object(value, &at, &["cap", "floor"])
                .map(|m| read_bounds(reader, m, &at))
        }
        None => Some(Bounds::default()),
    };
    Some(Rollup {
        fit: fit?,
        intent: intent?,
        total: total?,
    })
}

/// `{ "method": "best" }` or `{ "method": "sumTop", "top": 3 }`, with an optional cap and floor.
fn read_group_rollup(reader: &mut Reader, value: &Json, path: &str) -> Option<GroupRollup> {
    let map = reader.object(value, path, &["method", "top", "cap", "floor"])?;
    let bounds = read_bounds(reader, map, path);
    let method = match reader.choice(map, "method", path, &["best", "sumTop"]) {
        Some("sumTop") => reader
            .whole(map, "top", path, true, (1, 1_000))
            .map(|n| RollupMethod::SumTop(n as u32)),
        Some(_) => {
            if map.get("top").is_some_and(|v| !v.is_null()) {
                reader.error(
                    &child(path, "top"),
                    "goes with \"method\": \"sumTop\" (the best contact alone counts here)",
                );
            }
            Some(RollupMethod::Best)
        }
        None => {
            if map.get("method").is_none_or(Json::is_null) {
                reader.error(
                    &child(path, "method"),
                    "is required: \"best\" or \"sumTop\"",
                );
            }
            None
        }
    };
    Some(GroupRollup {
        method: method?,
        bounds,
    })
}

fn read_roles(reader: &mut Reader, value: Option<&Json>) -> Vec<Role> {
    let path = child(PATH, "roles");
    let keys = ["id", "label", "where", "play"];
    let roles = reader.optional_objects(value, &path, &keys, |reader, map, at, earlier| {
        let id = read_rule_id(reader, map, at)?;
        if earlier.iter().any(|r: &Role| r.id == id) {
            reader.error(&child(at, "id"), format!("repeats role id {id:?}"));
        }
        let label = reader.text(map, "label", at, false).map(str::to_string);
        let play = reader.text(map, "play", at, false).map(str::to_string);
        let filter = match map.get("where").filter(|v| !v.is_null()) {
            Some(value) => read_filter(reader, Some(value), &child(at, "where"))?,
            None => {
                reader.error(
                    &child(at, "where"),
                    "is required: the attribute conditions a contact in this role meets",
                );
                return None;
            }
        };
        if filter.is_empty() {
            reader.error(
                &child(at, "where"),
                "needs at least one attribute condition",
            );
        }
        Some(Role {
            id,
            label,
            filter,
            play,
        })
    });
    if roles.len() > MAX_ROLES {
        reader.error(&path, format!("may define at most {MAX_ROLES} roles"));
    }
    roles
}

/// A list of role ids (at `path`), each one of `roles`: their positions.
fn read_role_refs(reader: &mut Reader, value: &Json, path: &str, roles: &[Role]) -> Vec<usize> {
    let ids = reader.word_list(value, path);
    let mut found = Vec::new();
    for (index, id) in ids.iter().enumerate() {
        match roles.iter().position(|r| &r.id == id) {
            Some(position) => found.push(position),
            None => {
                let known: Vec<&str> = roles.iter().map(|r| r.id.as_str()).collect();
                reader.error(
                    &item(path, index),
                    format!(
                        "no role {id:?} in accounts.roles (known: {})",
                        if known.is_empty() {
                            "none".to_string()
                        } else {
                            known.join(", ")
                        }
                    ),
                );
            }
        }
    }
    found
}

fn read_signals(reader: &mut Reader, value: Option<&Json>, roles: &[Role]) -> Vec<AccountSignal> {
    let path = child(PATH, "signals");
    let keys = ["id", "label", "engagedContacts", "days", "roles", "points"];
    reader.optional_objects(value, &path, &keys, |reader, map, at, earlier| {
        let id = read_rule_id(reader, map, at)?;
        if earlier.iter().any(|s: &AccountSignal| s.id == id) {
            reader.error(&child(at, "id"), format!("repeats signal id {id:?}"));
        }
        let label = reader.text(map, "label", at, false).map(str::to_string);
        let engaged = reader.whole(map, "engagedContacts", at, true, (1, COUNT.1));
        let days = positive_days(reader, map, "days", at);
        let refs = match map.get("roles").filter(|v| !v.is_null()) {
            Some(list) => read_role_refs(reader, list, &child(at, "roles"), roles),
            None => Vec::new(),
        };
        let points = reader.whole(map, "points", at, false, (-1_000_000, 1_000_000));
        Some(AccountSignal {
            id,
            label,
            engaged_contacts: engaged? as u32,
            span_ms: days_to_ms(days?),
            roles: refs,
            points: points.unwrap_or(0),
        })
    })
}

fn read_mqa(reader: &mut Reader, value: Option<&Json>, roles: &[Role]) -> Option<MqaPolicy> {
    let path = child(PATH, "mqa");
    const KEYS: &[&str] = &[
        "threshold",
        "minFit",
        "minIntent",
        "requiredRoles",
        "minRoles",
        "minEngagedContacts",
    ];
    let why = "at least {\"threshold\": <points>}: when an account is marketing qualified";
    let map = reader.required_object(value, &path, KEYS, why)?;
    let threshold = reader.number(map, "threshold", &path, true, SCORE);
    let min_fit = reader.number(map, "minFit", &path, false, SCORE);
    let min_intent = reader.number(map, "minIntent", &path, false, SCORE);
    let required_roles = match map.get("requiredRoles").filter(|v| !v.is_null()) {
        Some(list) => read_role_refs(reader, list, &child(&path, "requiredRoles"), roles),
        None => Vec::new(),
    };
    let min_roles = read_min_roles(reader, map, &path, roles.len());
    let min_engaged = reader.whole(map, "minEngagedContacts", &path, false, COUNT);
    Some(MqaPolicy {
        threshold: threshold?,
        min_fit,
        min_intent,
        required_roles,
        min_roles,
        min_engaged_contacts: min_engaged.unwrap_or(0) as u32,
    })
}

/// `minRoles`: no more than the roles defined.
fn read_min_roles(reader: &mut Reader, map: &JsonObject, path: &str, defined: usize) -> u32 {
    let Some(min) = reader.whole(map, "minRoles", path, false, COUNT) else {
        return 0;
    };
    if min as usize > defined {
        reader.error(
            &child(path, "minRoles"),
            format!("asks for {min} roles, but accounts.roles defines {defined}"),
        );
    }
    min as u32
}
