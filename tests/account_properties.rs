//! Property tests over random models, account sections and accounts: contributions add up (and
//! each contact's rules to its points) within the account's bounds; the account does not depend
//! on the order of its leads or of their events; a resident store fed the events one by one in
//! time order gives what full scoring gives; and its contacts read as full scoring reads them.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::accounts::{
    account_leads_strategy, accounts_strategy, assert_adds_up, parse, scorer_of, texts,
};
use common::at;
use common::random::{model_strategy, BASE};
use leadscore::accounts::{AccountScorer, AccountStore};
use leadscore::{parse_lead, Lead};
use proptest::prelude::*;
use serde_json::Value;

fn with_accounts(mut model: Value, accounts: Value) -> Value {
    model["accounts"] = accounts;
    model
}

fn score_account(model: &Value, leads: &[Value]) -> Value {
    let scorer = scorer_of(model);
    let accounts = AccountScorer::new(&scorer).unwrap();
    let texts = texts(leads);
    let result = accounts
        .score_account(&parse(&texts), at(BASE))
        .unwrap_or_else(|e| panic!("{e}"));
    serde_json::to_value(result).unwrap()
}

fn within(value: i64, bounds: &Value) -> bool {
    bounds["cap"].as_i64().is_none_or(|cap| value <= cap)
        && bounds["floor"].as_i64().is_none_or(|floor| value >= floor)
}

/// The leads with their events in another order, and the leads themselves reversed.
fn reordered(leads: &[Value]) -> Vec<Value> {
    let mut leads: Vec<Value> = leads.to_vec();
    for lead in &mut leads {
        let events = lead["events"].as_array_mut().unwrap();
        events.reverse();
        let half = events.len() / 2;
        events.rotate_left(half);
    }
    leads.reverse();
    leads
}

/// Keeps the first event of each moment across the account, so that pushing one event at a
/// time and pushing a moment's events together are the same pushes.
fn one_event_a_moment(leads: &mut [Value]) {
    let mut seen = std::collections::HashSet::new();
    for lead in leads.iter_mut() {
        let events = lead["events"].as_array_mut().unwrap();
        events.retain(|e| seen.insert(e["at"].as_str().unwrap().to_string()));
    }
}

/// The account after a store took the leads' events one at a time, in time order.
fn stored(model: &Value, leads: &[Value]) -> Value {
    let scorer = scorer_of(model);
    let accounts = AccountScorer::new(&scorer).unwrap();
    let mut store = AccountStore::new();
    let texts = texts(leads);
    let parsed: Vec<Lead> = texts.iter().map(|t| parse_lead(t).unwrap()).collect();
    let mut events = Vec::new();
    for lead in &parsed {
        let contact = Lead {
            id: lead.id.clone(),
            attributes: lead.attributes.clone(),
            events: Vec::new(),
        };
        store.add(&accounts, &contact).unwrap();
        for event in &lead.events {
            if event.at <= at(BASE) {
                events.push((event.at, lead.id(), event.clone()));
            }
        }
    }
    events.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)));
    for (when, lead_id, event) in events {
        store.push(&accounts, lead_id, &[event], when).unwrap();
    }
    let result = store.result(&accounts, "acme.example", at(BASE)).unwrap();
    serde_json::to_value(result).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    #[test]
    fn contributions_add_up_within_the_account_bounds(
        model in model_strategy(),
        accounts in accounts_strategy(),
        leads in account_leads_strategy(),
    ) {
        let rollup = accounts["rollup"].clone();
        let account = score_account(&with_accounts(model, accounts), &leads);
        assert_adds_up(&account);
        let total = account["total"].as_i64().unwrap();
        prop_assert!(within(total, &rollup["total"]), "{account:#}");
        prop_assert!(within(account["fit"].as_i64().unwrap(), &rollup["fit"]));
        prop_assert!(within(account["intent"].as_i64().unwrap(), &rollup["intent"]));
        prop_assert_eq!(account["contacts"].as_array().unwrap().len(), leads.len());
    }

    #[test]
    fn the_order_of_leads_and_events_does_not_matter(
        model in model_strategy(),
        accounts in accounts_strategy(),
        leads in account_leads_strategy(),
    ) {
        let model = with_accounts(model, accounts);
        prop_assert_eq!(score_account(&model, &leads), score_account(&model, &reordered(&leads)));
    }

    #[test]
    fn a_store_fed_event_by_event_gives_what_full_scoring_gives(
        model in model_strategy(),
        accounts in accounts_strategy(),
        mut leads in account_leads_strategy(),
    ) {
        one_event_a_moment(&mut leads);
        let model = with_accounts(model, accounts);
        let full = score_account(&model, &leads);
        prop_assert_eq!(stored(&model, &leads), full.clone());
        // Each contact as the account read it is the contact as full lead scoring scores it.
        let scorer = scorer_of(&model);
        for row in full["contacts"].as_array().unwrap() {
            let lead = leads.iter().find(|l| l["id"] == row["leadId"]).unwrap();
            let text = lead.to_string();
            let result = serde_json::to_value(scorer.score(&parse_lead(&text).unwrap(), at(BASE))).unwrap();
            for field in ["fit", "intent", "total", "band", "mql", "lastEngagementAt", "crossedAt"] {
                prop_assert_eq!(&row[field], &result[field], "{} of {}", field, row["leadId"]);
            }
        }
    }
}
