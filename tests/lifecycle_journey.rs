//! The lifecycle end to end with the example model and playbook: qualification with routing,
//! the handoff and its SLA, breaches and escalation, acceptance through to an opportunity,
//! enrichment asked for instead of a thin handoff, and records through JSON and edited by hand.
//! Rejection, recycling and refused actions are in `lifecycle_rejection.rs`.
#![cfg(all(feature = "lifecycle", not(target_arch = "wasm32")))]

mod common;

use common::at;
use common::journey::{effect, effect_types, qualify, start};
use common::scenario::Funnel;
use leadscore::lifecycle::{parse_action, Action, Effect, LifecycleRecord, SlaState, Stage};
use serde_json::{json, Value};

#[test]
fn a_named_account_lead_becomes_an_mql_with_a_full_handoff() {
    let (mut f, lead, record) = start("lead-001");
    assert_eq!(
        (record.stage, record.owner.as_str()),
        (Stage::Lead, "marketing-ops")
    );
    let out = qualify(&mut f, &record, &lead);
    assert_eq!(out.record.stage, Stage::Mql);
    assert_eq!(out.record.owner, "ana");
    assert_eq!(out.record.mql_count, 1);
    assert_eq!(
        effect_types(&out),
        [
            "assignOwner",
            "notifyOwner",
            "createTask",
            "scheduleCheck",
            "scheduleCheck"
        ]
    );
    assert_eq!(effect(&out, "assignOwner")["matched"], "namedAccount");
    // The pricing page drove it: 4 business hours on Ana's New York calendar.
    let task = effect(&out, "createTask");
    assert_eq!(task["dueAt"], "2026-11-20T21:00:00.000Z");
    assert_eq!(
        task["title"],
        "First contact with Maria Lopez within 4 business hours"
    );
    let handoff = &effect(&out, "notifyOwner")["handoff"];
    assert_eq!(handoff["ownerName"], "Ana Ruiz");
    assert_eq!(handoff["contact"]["title"], "VP of Marketing");
    assert_eq!(handoff["contact"]["phone"], "+1 415 555 0142");
    assert_eq!(handoff["score"]["total"], 95);
    assert_eq!(handoff["warmth"]["kind"], "accumulated");
    assert_eq!(handoff["drivers"][0]["ruleId"], "pricing-page");
    // Maria crossed on the case-study download of 2026-11-13 (see the README's demo table).
    assert_eq!(handoff["crossing"]["type"], "content_download");
    assert_eq!(handoff["crossing"]["at"], "2026-11-13T16:45:00.000Z");
    assert_eq!(
        handoff["crossing"]["summary"],
        "downloaded \"How Contoso cut CAC by 30%\""
    );
    assert_eq!(handoff["sla"]["signal"], "pricingIntent");
    assert_eq!(handoff["sla"]["window"], "4 business hours");
    assert_eq!(handoff["whyNow"][0]["summary"], "viewed /pricing");
    assert_eq!(
        handoff["engagement"]["content"][0]["title"],
        "How Contoso cut CAC by 30%"
    );
    assert_eq!(handoff["engagement"]["emails"].as_array().unwrap().len(), 3);
    assert_eq!(
        handoff["firstApproach"],
        "Lead with pricing: Maria looked at /pricing. Offer a short call to size a plan for Northwind Analytics."
    );
    // The second check is the due time; the first is the due-soon reminder, 1 business hour before.
    let checks: Vec<&Effect> = out
        .effects
        .iter()
        .filter(|e| matches!(e, Effect::ScheduleCheck { .. }))
        .collect();
    assert_eq!(
        serde_json::to_value(checks[0]).unwrap()["at"],
        "2026-11-20T20:00:00.000Z"
    );
}

#[test]
fn a_hand_raiser_gets_the_fastest_sla_breaches_it_and_is_escalated() {
    let (mut f, lead, record) = start("lead-002");
    // A demo request from London routes to the EMEA pool.
    let out = qualify(&mut f, &record, &lead);
    assert_eq!(out.record.stage, Stage::Mql);
    assert_eq!(out.record.owner, "dieter");
    assert_eq!(f.routing.cursors["emea-sdr"], 1);
    let handoff = &effect(&out, "notifyOwner")["handoff"];
    assert_eq!(handoff["warmth"]["kind"], "handRaiser");
    assert_eq!(handoff["warmth"]["trigger"]["type"], "demo_request");
    assert_eq!(handoff["formAnswers"][0]["form"], "demo-request");
    assert_eq!(
        handoff["formAnswers"][0]["answers"]["message"],
        "Evaluating for Q1, team of 40"
    );
    assert_eq!(
        handoff["firstApproach"],
        "Call Dev now: they asked for a demo (\"Evaluating for Q1, team of 40\"). Confirm the use case and book the demo."
    );
    let sla = out.record.sla.clone().unwrap();
    assert_eq!(
        (sla.signal.as_str(), sla.calendar.as_str()),
        ("handRaiser", "emea")
    );
    assert_eq!(sla.due_at, at("2026-11-19T15:15:00Z"));
    let record = out.record;

    let status = |r: &LifecycleRecord, now: &str| f.lifecycle.sla_status(r, at(now)).unwrap();
    assert_eq!(
        status(&record, "2026-11-19T15:11:00Z").state,
        SlaState::OnTime
    );
    assert_eq!(
        status(&record, "2026-11-19T15:14:00Z").state,
        SlaState::DueSoon
    );
    assert_eq!(
        status(&record, "2026-11-19T15:20:00Z").state,
        SlaState::Breached
    );

    let mut f2 = Funnel::example();
    let time_passes = json!({ "type": "timePasses" });
    let out = f2.act(&record, &time_passes, "2026-11-19T15:14:00Z");
    assert_eq!(effect_types(&out), ["notifyOwner"]);
    assert_eq!(effect(&out, "notifyOwner")["reason"], "slaDueSoon");
    let out = f2.act(&out.record, &time_passes, "2026-11-19T15:16:00Z");
    assert_eq!(
        effect_types(&out),
        ["flagForManagerReview", "escalate", "scheduleCheck"]
    );
    assert_eq!(effect(&out, "flagForManagerReview")["manager"], "mia");
    assert_eq!(effect(&out, "escalate")["to"], "mia");
    // The VP hears 4 business hours after the due time, on the owner's Berlin calendar:
    // 16:15 + 1h45 to the 18:00 close, the rest from Friday 09:00: 11:15 (10:15Z).
    assert_eq!(
        effect(&out, "scheduleCheck")["at"],
        "2026-11-20T10:15:00.000Z"
    );
    let quiet = f2.act(&out.record, &time_passes, "2026-11-19T17:00:00Z");
    assert_eq!(effect_types(&quiet), ["scheduleCheck"]);
    let out = f2.act(&quiet.record, &time_passes, "2026-11-20T10:15:00Z");
    assert_eq!(effect(&out, "escalate")["to"], "sam");
    assert_eq!(effect(&out, "escalate")["level"], 2);
    // Late contact: breached, with speed to lead measured.
    let phone_call = json!({ "type": "logContact", "channel": "phone" });
    let out = f2.act(&out.record, &phone_call, "2026-11-20T10:30:00Z");
    assert_eq!(effect_types(&out), ["completeTask"]);
    let late = f2
        .lifecycle
        .sla_status(&out.record, at("2026-11-21T00:00:00Z"))
        .unwrap();
    assert_eq!((late.state, late.late), (SlaState::Breached, true));
    assert_eq!(late.speed_to_lead_ms, Some((19 * 60 + 20) * 60_000));
    // Open time from Thursday 16:10 to Friday 11:30 in Berlin: 1h50 + 2h30.
    assert_eq!(late.business_speed_to_lead_ms, Some((4 * 60 + 20) * 60_000));
    // Nothing more to escalate once contact is made.
    let out = f2.act(&out.record, &time_passes, "2026-11-23T10:30:00Z");
    assert!(out.effects.is_empty());
}

#[test]
fn contact_in_time_meets_the_sla_and_the_lead_walks_to_opportunity() {
    let (mut f, lead, record) = start("lead-006");
    let out = qualify(&mut f, &record, &lead);
    // Mercy Health, 600 people, US: the NA pool, round robin from Ben.
    assert_eq!(out.record.owner, "ben");
    assert_eq!(out.record.sla.as_ref().unwrap().signal, "behavioral");
    // 24 business hours from Friday noon: Thanksgiving Thursday and Friday are holidays, so
    // Monday, Tuesday and Wednesday count: due Wednesday 12:00 (17:00Z).
    assert_eq!(
        out.record.sla.as_ref().unwrap().due_at,
        at("2026-11-25T17:00:00Z")
    );
    let out = f.act(
        &out.record,
        &json!({ "type": "accept" }),
        "2026-11-20T18:00:00Z",
    );
    assert_eq!(out.record.stage, Stage::Sal);
    let email = json!({ "type": "logContact", "channel": "email" });
    let out = f.act(&out.record, &email, "2026-11-20T18:05:00Z");
    let met = f
        .lifecycle
        .sla_status(&out.record, at("2026-12-01T00:00:00Z"))
        .unwrap();
    assert_eq!(met.state, SlaState::Met);
    assert_eq!(met.business_speed_to_lead_ms, Some(65 * 60_000));
    let meeting = json!({ "type": "meetingBooked" });
    let out = f.act(&out.record, &meeting, "2026-11-23T15:00:00Z");
    assert_eq!(out.record.stage, Stage::Sql);
    let opportunity = json!({ "type": "openOpportunity" });
    let out = f.act(&out.record, &opportunity, "2026-11-30T15:00:00Z");
    assert_eq!(out.record.stage, Stage::Opportunity);
    let stages: Vec<String> = out
        .record
        .history
        .iter()
        .map(|h| format!("{}>{}", h.from, h.to))
        .collect();
    assert_eq!(
        stages,
        ["lead>mql", "mql>sal", "sal>sql", "sql>opportunity"]
    );
}

#[test]
fn missing_handoff_fields_ask_for_enrichment_instead() {
    let (mut f, mut lead, record) = start("lead-006");
    lead["attributes"]
        .as_object_mut()
        .unwrap()
        .remove("company");
    let out = f.score(&record, &lead, "2026-11-20T17:00:00Z");
    assert_eq!(out.record.stage, Stage::Lead);
    assert_eq!(effect_types(&out), ["enrich"]);
    assert_eq!(effect(&out, "enrich")["fields"], json!(["company"]));
    // Asked once: the same gap does not ask again.
    let again = f.score(&out.record, &lead, "2026-11-20T18:00:00Z");
    assert!(again.effects.is_empty());
    lead["attributes"]["company"] = json!("Mercy Health Partners");
    let done = f.score(&again.record, &lead, "2026-11-20T19:00:00Z");
    assert_eq!(done.record.stage, Stage::Mql);
    assert!(done.record.awaiting_enrichment.is_empty());
}

#[test]
fn records_round_trip_through_json() {
    let (mut f, lead, record) = start("lead-002");
    let out = qualify(&mut f, &record, &lead);
    let text = serde_json::to_string(&out.record).unwrap();
    assert_eq!(
        leadscore::lifecycle::parse_record(&text).unwrap(),
        out.record
    );
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["version"], 1);
    assert_eq!(value["history"][0]["to"], "mql");
    assert_eq!(value["sla"]["dueAt"], "2026-11-19T15:15:00.000Z");
    let bad = text.replace("\"stage\":\"mql\"", "\"stage\":\"won\"");
    assert_eq!(
        leadscore::lifecycle::parse_record(&bad).unwrap_err().path,
        "stage"
    );
}

#[test]
fn a_record_edited_by_hand_is_handled_without_panicking() {
    let (mut f, lead, record) = start("lead-002");
    let mql = qualify(&mut f, &record, &lead).record;
    let mut odd: Value = serde_json::to_value(&mql).unwrap();
    odd["contactAttempts"] = json!(u32::MAX);
    odd["mqlCount"] = json!(u32::MAX);
    odd["owner"] = json!("someone-gone");
    odd["sla"]["calendar"] = json!("closed-office");
    odd["sla"]["escalations"] = json!(u32::MAX);
    odd["sla"]["dueAt"] = json!("2026-11-19T15:00:00Z");
    let odd: LifecycleRecord = serde_json::from_value(odd).unwrap();
    // Straight to the lifecycle, not through the funnel, which insists on consistent records.
    let four_pm = at("2026-11-19T16:00:00Z");
    // The SLA falls back to the default calendar; time passing and contact still work.
    let status = f.lifecycle.sla_status(&odd, four_pm).unwrap();
    assert_eq!(status.state, SlaState::Breached);
    let out = f
        .lifecycle
        .apply(&odd, &Action::TimePasses, four_pm, &f.routing)
        .unwrap();
    assert_eq!(effect_types(&out), ["flagForManagerReview"]);
    let text = json!({ "type": "logContact" }).to_string();
    let out = f
        .lifecycle
        .apply(&odd, &parse_action(&text).unwrap(), four_pm, &f.routing)
        .unwrap();
    assert_eq!(out.record.contact_attempts, u32::MAX);
    // A sales stage without an SLA clock: nothing to escalate, nothing to complete.
    let mut bare = mql.clone();
    bare.sla = None;
    let out = f
        .lifecycle
        .apply(&bare, &Action::TimePasses, four_pm, &f.routing)
        .unwrap();
    assert!(out.effects.is_empty());
    assert!(f.lifecycle.sla_status(&bare, four_pm).is_none());
}
