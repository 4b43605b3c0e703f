//! Reading the playbook's `routing` section: the lead fields routing reads and the routing
//! dimensions (territories by country, size segments, products), then its targets (in
//! `targets.rs`), with a path for every problem and the coverage proof last.

use super::coverage::Dimensions;
use super::targets::{read_named_accounts, read_pools, read_rules, read_target};
use super::{Routing, RoutingFields, Segment, NO_PRODUCT, UNKNOWN_SEGMENT, UNMAPPED_TERRITORY};
use crate::document::{child, JsonObject, Reader};
use crate::lifecycle::declared::DeclaredIds;
use crate::model::AttributePath;
use serde_json::Value as Json;

impl Routing {
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
        let map = reader.required_object(value, PATH, KEYS, "every MQL needs an owner")?;
        let before = reader.issues.len();
        let fields = read_fields(reader, map.get("fields"));
        let territories = read_territories(reader, map.get("territories"));
        let segments = read_segments(reader, map.get("segments"));
        let products = read_products(reader, map.get("products"));
        let named_accounts = read_named_accounts(reader, map.get("namedAccounts"), declared);
        let pools = read_pools(reader, map.get("pools"), declared);
        let dimensions = Dimensions::of(&territories, &segments, &products);
        let rules = read_rules(reader, map.get("rules"), &dimensions, &pools, declared);
        let fallback = match map.get("fallback").filter(|v| !v.is_null()) {
            Some(value) => reader
                .object(value, "routing.fallback", &["owner", "pool"])
                .and_then(|map| read_target(reader, map, "routing.fallback", &pools, declared)),
            None => None,
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
        (reader.issues.len() == before && routing.check_coverage(reader)).then_some(routing)
    }
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

fn read_territories(reader: &mut Reader, value: Option<&Json>) -> Vec<(String, Vec<String>)> {
    let mut territories: Vec<(String, Vec<String>)> = Vec::new();
    for (id, countries) in reader.optional_entries(value, "routing.territories") {
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
    let keys = ["id", "min", "below"];
    reader.optional_objects(value, "routing.segments", &keys, read_segment)
}

/// A size segment: an id of its own, and a range that overlaps no `earlier` segment's.
fn read_segment(
    reader: &mut Reader,
    map: &JsonObject,
    at: &str,
    earlier: &[Segment],
) -> Option<Segment> {
    let id = reader.text(map, "id", at, true)?;
    check_dimension_id(reader, id, &child(at, "id"), UNKNOWN_SEGMENT);
    let min = reader.number(map, "min", at, false, (0.0, f64::MAX));
    let below = reader.number(map, "below", at, false, (0.0, f64::MAX));
    if let (Some(min), Some(below)) = (min, below) {
        if below <= min {
            reader.error(&child(at, "below"), "must be more than `min`");
            return None;
        }
    }
    let overlaps = |s: &Segment| {
        let lo = |x: Option<f64>| x.unwrap_or(f64::NEG_INFINITY);
        let hi = |x: Option<f64>| x.unwrap_or(f64::INFINITY);
        lo(min) < hi(s.below) && lo(s.min) < hi(below)
    };
    if let Some(other) = earlier.iter().find(|s| overlaps(s)) {
        reader.error(at, format!("overlaps segment {:?}", other.id));
    }
    if earlier.iter().any(|s| s.id == id) {
        reader.error(&child(at, "id"), format!("repeats segment id {id:?}"));
    }
    Some(Segment {
        id: id.to_string(),
        min,
        below,
    })
}

fn read_products(reader: &mut Reader, value: Option<&Json>) -> Vec<String> {
    let path = "routing.products";
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
