//! Routing at run time: where a lead falls on the routing dimensions, and the owner it goes to
//! (a named account's owner, the first matching rule's target, or the fallback), advancing a
//! round-robin pool's cursor in the state the caller passes in and out.

use super::{
    Assignment, Routing, RoutingKey, RoutingRule, RoutingState, Target, NO_PRODUCT,
    UNKNOWN_SEGMENT, UNMAPPED_TERRITORY,
};
use crate::lead::Lead;
use crate::model::AttributePath;
use crate::value::Value;

impl Routing {
    /// The dimensions of a lead.
    pub fn key(&self, lead: &Lead) -> RoutingKey {
        self.key_of(&lead.attributes)
    }

    /// The dimensions of whatever these attributes describe (a lead, an account).
    pub fn key_of(&self, attributes: &Value) -> RoutingKey {
        let text = |path: &AttributePath| {
            attributes
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
        let size = attributes
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
        self.assign_key(self.key(lead), state)
    }

    /// The owner of a place on the routing dimensions, advancing the round-robin cursor of the
    /// pool it lands in.
    pub fn assign_key(&self, key: RoutingKey, state: &mut RoutingState) -> Assignment {
        let account_owner = [&key.account_id, &key.domain]
            .into_iter()
            .flatten()
            .find_map(|id| state.account_owners.get(id));
        if let Some(owner) = account_owner {
            return Assignment {
                owner: owner.clone(),
                matched: "accountOwner",
                rule: None,
                pool: None,
                key,
            };
        }
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

    pub(super) fn first_rule(
        &self,
        territory: &str,
        segment: &str,
        product: &str,
    ) -> Option<&RoutingRule> {
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
}

static EMPTY_TARGET: Target = Target::Owner(String::new());
