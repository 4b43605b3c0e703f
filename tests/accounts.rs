//! Accounts worked out by hand (`common::accounts` has the model): a roll-up with caps whose
//! contributions add up, a missing role blocking an MQA, a free-mail contact not grouped, an
//! account crossing when its third contact engages, the same account rolled up from its
//! contacts' results; and bad input (two account ids, a lead listed twice, too many contacts).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::accounts::*;
use common::at;
use leadscore::accounts::{AccountScorer, ContactInput, ContactScore};
use leadscore::Timestamp;
use serde_json::{json, Value};

fn the_account(result: &Value) -> &Value {
    let accounts = result["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 1, "{result:#}");
    &accounts[0]
}

fn points(account: &Value) -> Vec<(String, String, i64)> {
    account["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let source = c["leadId"].as_str().or(c["signalId"].as_str()).unwrap();
            (
                source.into(),
                c["group"].as_str().unwrap().into(),
                c["points"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn rules(account: &Value, lead: &str, group: &str) -> Vec<(String, i64)> {
    let contribution = account["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["leadId"] == lead && c["group"] == group)
        .unwrap_or_else(|| panic!("no {group} contribution from {lead}"));
    contribution["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap().into(),
                r["points"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn owned(items: &[(&str, &str, i64)]) -> Vec<(String, String, i64)> {
    items
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), *c))
        .collect()
}

#[test]
fn a_roll_up_with_caps_adds_up() {
    let result = score_accounts(&account_model(), &acme(), AS_OF);
    let account = the_account(&result);
    assert_eq!(account["accountId"], "acme.example");
    assert_eq!(account["keyedBy"], "domain");
    // Fit: the best contact, a (VP, 500 people): 30. Intent: the best two, a (pricing 30 and a
    // download 10) and b (three downloads and two visits) at 40 each, plus 10 for three engaged
    // contacts, is 90, capped at 60: 27, 27 and 6 (largest remainders, earlier first). Total 90,
    // capped at 80: 30 becomes 27, 27 becomes 24 twice, 6 becomes 5.
    assert_eq!(
        (&account["fit"], &account["intent"], &account["total"]),
        (&json!(30), &json!(60), &json!(80))
    );
    assert_eq!(
        points(account),
        owned(&[
            ("a", "fit", 27),
            ("a", "intent", 24),
            ("b", "intent", 24),
            ("three-engaged", "intent", 5)
        ])
    );
    assert_eq!(
        rules(account, "a", "fit"),
        [("senior".into(), 18), ("size".into(), 9)]
    );
    assert_eq!(
        rules(account, "a", "intent"),
        [("pricing".into(), 18), ("download".into(), 6)]
    );
    assert_eq!(
        rules(account, "b", "intent"),
        [("download".into(), 18), ("visit".into(), 6)]
    );
    assert_adds_up(account);
    assert_eq!(account["band"], "hot");
    assert_eq!(
        (&account["mqa"], &account["mqaReason"]),
        (&json!(true), &json!("threshold"))
    );
    // a's pricing page made two contacts engaged with a buyer among them, at 90 (80 capped).
    assert_eq!(account["crossedAt"], "2026-11-18T10:00:00.000Z");
    assert_eq!(account["crossedBy"], "a");
    assert_eq!(account["engagedContacts"], 3);
    assert_eq!(account["signals"][0]["met"], true);
    let contacts: Vec<&str> = account["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["leadId"].as_str().unwrap())
        .collect();
    assert_eq!(contacts, ["a", "b", "c"], "best total first");
    assert_eq!(account["contacts"][0]["roles"], json!(["buyer"]));
    assert_eq!(account["contacts"][1]["roles"], json!(["champion"]));
}

#[test]
fn a_free_mail_contact_is_not_grouped() {
    let result = score_accounts(&account_model(), &acme(), AS_OF);
    assert_eq!(
        result["ungrouped"],
        json!([{"leadId": "d", "reason": "freeMail"}])
    );
    let scorer = scorer_of(&account_model());
    let accounts = AccountScorer::new(&scorer).unwrap();
    let texts = texts(&acme());
    let err = accounts
        .score_account(&parse(&texts), at(AS_OF))
        .unwrap_err();
    assert_eq!(err.path, "[3]");
    assert!(err.message.contains("free-mail"), "{err}");
}

#[test]
fn a_missing_role_blocks_the_mqa() {
    let leads = vec![
        contact(
            "e",
            "Director of Sales",
            "e@globex.example",
            &[
                ("page_view /pricing", "2026-11-18T10:00:00Z"),
                ("content_download", "2026-11-18T10:05:00Z"),
                ("content_download", "2026-11-18T10:10:00Z"),
                ("content_download", "2026-11-18T10:15:00Z"),
            ],
        ),
        contact(
            "f",
            "Operations Manager",
            "f@globex.example",
            &[
                ("page_view /pricing", "2026-11-19T10:00:00Z"),
                ("content_download", "2026-11-19T10:05:00Z"),
            ],
        ),
        contact(
            "g",
            "VP Finance",
            "g@globex.example",
            &[("visit", "2026-10-01T10:00:00Z")],
        ),
    ];
    let account = score_accounts(&account_model(), &leads, AS_OF)["accounts"][0].clone();
    // Fit 30 (g); intent 60 (e) + 40 (f), capped at 60: total 90, capped at 80, past 70. But the
    // only buyer, g, last engaged 50 days ago.
    assert_eq!(
        (&account["fit"], &account["intent"], &account["total"]),
        (&json!(30), &json!(60), &json!(80))
    );
    assert_eq!(
        (&account["mqa"], &account["mqaReason"]),
        (&json!(false), &json!("threshold"))
    );
    assert_eq!(account["blockedBy"], json!(["missingRoles"]));
    assert_eq!(account["crossedAt"], Value::Null);
    assert_eq!(
        account["roles"]["missing"],
        json!([{"roleId": "buyer", "label": "Economic buyer", "required": true,
                "play": "No economic buyer engaged yet.", "knownLeadIds": ["g"]}])
    );
    assert_eq!(
        account["roles"]["covered"],
        json!([{"roleId": "champion", "label": "Champion", "leadIds": ["e", "f"]}])
    );
    assert_adds_up(&account);
}

#[test]
fn an_account_crosses_when_its_third_contact_engages() {
    let mut model = account_model();
    model["accounts"]["mqa"]["minEngagedContacts"] = json!(3);
    let account = score_accounts(&model, &acme(), AS_OF)["accounts"][0].clone();
    // a and b were engaged (and past 70) from 2026-11-18; c's visit makes three.
    assert_eq!(account["crossedAt"], "2026-11-19T09:00:00.000Z");
    assert_eq!(account["crossedBy"], "c");
    assert_eq!(account["mqa"], true);
    // Without c's visit, two engaged contacts are not enough.
    let mut leads = acme();
    leads[2]["events"] = json!([]);
    let account = score_accounts(&model, &leads, AS_OF)["accounts"][0].clone();
    assert_eq!(
        (&account["mqa"], &account["blockedBy"]),
        (&json!(false), &json!(["tooFewEngagedContacts"]))
    );
    assert_eq!(account["crossedAt"], Value::Null);
}

#[test]
fn rolled_up_from_results_it_is_the_same_account() {
    let leads: Vec<Value> = acme().into_iter().take(3).collect();
    let rolled = roll_up(&account_model(), &leads, AS_OF);
    let scored = score_accounts(&account_model(), &leads, AS_OF)["accounts"][0].clone();
    for field in [
        "fit",
        "intent",
        "total",
        "band",
        "mqa",
        "blockedBy",
        "contributions",
        "contacts",
        "roles",
        "signals",
    ] {
        assert_eq!(rolled[field], scored[field], "{field}");
    }
    // The results alone cannot say when it crossed: it is an MQA now, so now.
    assert_eq!(rolled["crossedAt"], "2026-11-20T12:00:00.000Z");
    assert_eq!(rolled["crossedBy"], Value::Null);
}

#[test]
fn a_lead_belongs_to_one_account_and_is_listed_once() {
    let scorer = scorer_of(&account_model());
    let accounts = AccountScorer::new(&scorer).unwrap();
    let mut leads = acme();
    leads[1]["attributes"]["accountId"] = json!(["acct-1", "acct-2"]);
    let text = texts(&leads);
    let err = accounts
        .score_accounts(&parse(&text), at(AS_OF))
        .unwrap_err();
    assert_eq!(err.path, "[1].attributes.accountId");
    assert!(err.message.contains("one account, but it lists 2"), "{err}");
    let mut leads = acme();
    leads.push(leads[0].clone());
    let text = texts(&leads);
    let err = accounts
        .score_accounts(&parse(&text), at(AS_OF))
        .unwrap_err();
    assert_eq!(
        (err.path.as_str(), err.message.as_str()),
        ("[4].id", "lead \"a\" is listed twice")
    );
}

#[test]
fn a_model_without_accounts_cannot_score_them() {
    let mut model = account_model();
    model.as_object_mut().unwrap().remove("accounts");
    let scorer = scorer_of(&model);
    let err = AccountScorer::new(&scorer).unwrap_err();
    assert_eq!(err.path(), "accounts");
}

/// `n` contacts of one company, contact i with intent 5 * (i % 7) (from i % 7 visits).
fn many_contacts(scorer: &leadscore::Scorer, n: usize) -> Vec<ContactInput<'static>> {
    let as_of = at(AS_OF);
    (0..n)
        .map(|i| {
            let visits: Vec<Value> = (0..i % 7)
                .map(|v| json!({"type": "visit", "at": format!("2026-11-19T{:02}:00:00Z", v + 1)}))
                .collect();
            let lead = json!({"id": format!("c{i:05}"), "attributes": {"email": format!("c{i}@big.example"), "title": "Analyst"}, "events": visits});
            let text = lead.to_string();
            let parsed = leadscore::parse_lead(&text).unwrap();
            ContactInput {
                attributes: parsed.attributes.clone().into_owned(),
                score: ContactScore::of(&scorer.score(&parsed, as_of)),
            }
        })
        .collect()
}

#[test]
fn a_roll_up_over_ten_thousand_contacts_is_refused_or_bounded() {
    let scorer = scorer_of(&account_model());
    let contacts = many_contacts(&scorer, 10_000);
    let accounts = AccountScorer::new(&scorer).unwrap();
    let err = accounts.roll_up(&contacts, None).unwrap_err();
    assert_eq!(
        err.message,
        "account \"big.example\" has 10000 contacts; the model's accounts.maxContacts allows 1000"
    );
    let mut model = account_model();
    model["accounts"]["maxContacts"] = json!(10_000);
    let scorer = scorer_of(&model);
    let accounts = AccountScorer::new(&scorer).unwrap();
    let result = accounts
        .roll_up(
            &contacts,
            Some(Timestamp::parse("2026-11-01T00:00:00Z").unwrap()),
        )
        .unwrap();
    assert_eq!(result.contacts.len(), 10_000);
    // The best two intents are 30 each (six visits), first by lead id: c00006 and c00013.
    let counted: Vec<(&str, i64)> = result
        .contributions
        .iter()
        .map(|c| (c.lead_id.as_deref().unwrap_or(""), c.raw_points))
        .collect();
    assert_eq!(counted[..2], [("c00006", 30), ("c00013", 30)]);
    assert_eq!(result.intent, 60);
    assert_eq!(
        result.crossed_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2026-11-01T00:00:00.000Z")
    );
}
