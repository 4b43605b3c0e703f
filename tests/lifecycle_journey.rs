//! The lifecycle end to end with the example model and playbook: qualification with routing,
//! the handoff and its SLA, breaches and escalation, acceptance, rejection with each play,
//! re-qualification, and illegal transitions that leave the record as it was.
#![cfg(all(feature = "lifecycle", not(target_arch = "wasm32")))]

mod common;

use common::{at, default_scorer, repo_file};
use leadscore::lifecycle::{
    parse_action, Action, Effect, LifecycleRecord, Outcome, RoutingState, SlaState, Stage,
};
use leadscore::{parse_lead, Lifecycle, ScoreSnapshot, Scorer};
use serde_json::{json, Value};

struct World {
    scorer: Scorer,
    lifecycle: Lifecycle,
    routing: RoutingState,
}

fn world() -> World {
    let scorer = default_scorer();
    let lifecycle = Lifecycle::from_json(
        &repo_file("examples/playbooks/b2b-default.json"),
        scorer.model(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    World {
        scorer,
        lifecycle,
        routing: RoutingState::default(),
    }
}

fn example_lead(id: &str) -> Value {
    let leads: Vec<Value> =
        serde_json::from_str(&repo_file("examples/leads/b2b-leads.json")).unwrap();
    leads.into_iter().find(|l| l["id"] == id).unwrap()
}

impl World {
    /// Scores the lead as of `now` and applies the score update.
    fn score(&mut self, record: &LifecycleRecord, lead: &Value, now: &str) -> Outcome {
        let text = lead.to_string();
        let parsed = parse_lead(&text).unwrap();
        let score = ScoreSnapshot::of(&self.scorer.score(&parsed, at(now)));
        let action = Action::ScoreUpdate {
            score,
            lead: parsed,
        };
        self.apply(record, &action, now)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn apply(
        &mut self,
        record: &LifecycleRecord,
        action: &Action,
        now: &str,
    ) -> Result<Outcome, leadscore::TransitionError> {
        let outcome = self
            .lifecycle
            .apply(record, action, at(now), &self.routing)?;
        assert_eq!(outcome.record.problems(), Vec::<String>::new());
        self.routing = outcome.routing.clone();
        Ok(outcome)
    }

    fn act(
        &mut self,
        record: &LifecycleRecord,
        action: Value,
        now: &str,
    ) -> Result<Outcome, leadscore::TransitionError> {
        let text = action.to_string();
        let action = parse_action(&text).unwrap_or_else(|e| panic!("{e}"));
        self.apply(record, &action, now)
    }
}

fn effect_types(outcome: &Outcome) -> Vec<String> {
    outcome
        .effects
        .iter()
        .map(|e| {
            serde_json::to_value(e).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

fn effect(outcome: &Outcome, kind: &str) -> Value {
    outcome
        .effects
        .iter()
        .map(|e| serde_json::to_value(e).unwrap())
        .find(|e| e["type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} effect in {:?}", effect_types(outcome)))
}

#[test]
fn a_named_account_lead_becomes_an_mql_with_a_full_handoff() {
    let mut w = world();
    let lead = example_lead("lead-001");
    let record = w
        .lifecycle
        .new_record("lead-001", at("2026-11-01T00:00:00Z"));
    assert_eq!(
        (record.stage, record.owner.as_str()),
        (Stage::Lead, "marketing-ops")
    );
    // Friday 2026-11-20 12:00 New York time.
    let out = w.score(&record, &lead, "2026-11-20T17:00:00Z");
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
    let mut w = world();
    let lead = example_lead("lead-002");
    let record = w
        .lifecycle
        .new_record("lead-002", at("2026-11-19T00:00:00Z"));
    // Thursday 2026-11-19 16:00 Berlin time: a demo request from London routes to the EMEA pool.
    let out = w.score(&record, &lead, "2026-11-19T15:10:00Z");
    assert_eq!(out.record.stage, Stage::Mql);
    assert_eq!(out.record.owner, "dieter");
    assert_eq!(w.routing.cursors["emea-sdr"], 1);
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

    let status = |r: &LifecycleRecord, now: &str| w.lifecycle.sla_status(r, at(now)).unwrap();
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

    let mut w2 = world();
    let out = w2
        .act(
            &record,
            json!({ "type": "timePasses" }),
            "2026-11-19T15:14:00Z",
        )
        .unwrap();
    assert_eq!(effect_types(&out), ["notifyOwner"]);
    assert_eq!(effect(&out, "notifyOwner")["reason"], "slaDueSoon");
    let out = w2
        .act(
            &out.record,
            json!({ "type": "timePasses" }),
            "2026-11-19T15:16:00Z",
        )
        .unwrap();
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
    let quiet = w2
        .act(
            &out.record,
            json!({ "type": "timePasses" }),
            "2026-11-19T17:00:00Z",
        )
        .unwrap();
    assert_eq!(effect_types(&quiet), ["scheduleCheck"]);
    let out = w2
        .act(
            &quiet.record,
            json!({ "type": "timePasses" }),
            "2026-11-20T10:15:00Z",
        )
        .unwrap();
    assert_eq!(effect(&out, "escalate")["to"], "sam");
    assert_eq!(effect(&out, "escalate")["level"], 2);
    // Late contact: breached, with speed to lead measured.
    let out = w2
        .act(
            &out.record,
            json!({ "type": "logContact", "channel": "phone" }),
            "2026-11-20T10:30:00Z",
        )
        .unwrap();
    assert_eq!(effect_types(&out), ["completeTask"]);
    let late = w2
        .lifecycle
        .sla_status(&out.record, at("2026-11-21T00:00:00Z"))
        .unwrap();
    assert_eq!((late.state, late.late), (SlaState::Breached, true));
    assert_eq!(late.speed_to_lead_ms, Some((19 * 60 + 20) * 60_000));
    // Open time from Thursday 16:10 to Friday 11:30 in Berlin: 1h50 + 2h30.
    assert_eq!(late.business_speed_to_lead_ms, Some((4 * 60 + 20) * 60_000));
    // Nothing more to escalate once contact is made.
    let out = w2
        .act(
            &out.record,
            json!({ "type": "timePasses" }),
            "2026-11-23T10:30:00Z",
        )
        .unwrap();
    assert!(out.effects.is_empty());
}

#[test]
fn contact_in_time_meets_the_sla_and_the_lead_walks_to_opportunity() {
    let mut w = world();
    let lead = example_lead("lead-006");
    let record = w
        .lifecycle
        .new_record("lead-006", at("2026-11-01T00:00:00Z"));
    let out = w.score(&record, &lead, "2026-11-20T17:00:00Z");
    // Mercy Health, 600 people, US: the NA pool, round robin from Ben.
    assert_eq!(out.record.owner, "ben");
    assert_eq!(out.record.sla.as_ref().unwrap().signal, "behavioral");
    // 24 business hours from Friday noon: Thanksgiving Thursday and Friday are holidays, so
    // Monday, Tuesday and Wednesday count: due Wednesday 12:00 (17:00Z).
    assert_eq!(
        out.record.sla.as_ref().unwrap().due_at,
        at("2026-11-25T17:00:00Z")
    );
    let out = w
        .act(
            &out.record,
            json!({ "type": "accept" }),
            "2026-11-20T18:00:00Z",
        )
        .unwrap();
    assert_eq!(out.record.stage, Stage::Sal);
    let out = w
        .act(
            &out.record,
            json!({ "type": "logContact", "channel": "email" }),
            "2026-11-20T18:05:00Z",
        )
        .unwrap();
    let met = w
        .lifecycle
        .sla_status(&out.record, at("2026-12-01T00:00:00Z"))
        .unwrap();
    assert_eq!(met.state, SlaState::Met);
    assert_eq!(met.business_speed_to_lead_ms, Some(65 * 60_000));
    let out = w
        .act(
            &out.record,
            json!({ "type": "meetingBooked" }),
            "2026-11-23T15:00:00Z",
        )
        .unwrap();
    assert_eq!(out.record.stage, Stage::Sql);
    let out = w
        .act(
            &out.record,
            json!({ "type": "openOpportunity" }),
            "2026-11-30T15:00:00Z",
        )
        .unwrap();
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
fn no_response_needs_contact_attempts_and_recycled_leads_requalify_when_intent_returns() {
    let mut w = world();
    let mut lead = example_lead("lead-006");
    let record = w
        .lifecycle
        .new_record("lead-006", at("2026-11-01T00:00:00Z"));
    let mql = w.score(&record, &lead, "2026-11-20T17:00:00Z").record;
    let refused = w
        .act(
            &mql,
            json!({ "type": "reject", "reason": "noResponse" }),
            "2026-11-23T15:00:00Z",
        )
        .unwrap_err();
    assert_eq!(refused.code, "notEnoughContactAttempts");
    assert_eq!(
        refused.message,
        "rejecting for \"noResponse\" needs at least 3 logged contact attempts; 0 so far"
    );
    let mut record = mql.clone();
    for day in ["2026-11-23", "2026-11-24", "2026-11-25"] {
        record = w
            .act(
                &record,
                json!({ "type": "logContact", "channel": "phone" }),
                &format!("{day}T15:00:00Z"),
            )
            .unwrap()
            .record;
    }
    let missing = w
        .act(&record, json!({ "type": "reject" }), "2026-11-30T15:00:00Z")
        .unwrap_err();
    assert_eq!(missing.code, "reasonRequired");
    let out = w
        .act(
            &record,
            json!({ "type": "reject", "reason": "noResponse", "note": "3 calls, 2 emails" }),
            "2026-11-30T15:00:00Z",
        )
        .unwrap();
    assert_eq!(out.record.stage, Stage::Recycled);
    assert_eq!(out.record.owner, "marketing-ops");
    assert_eq!(out.record.nurture_track.as_deref(), Some("re-engagement"));
    assert_eq!(out.record.reevaluate_at, Some(at("2026-12-30T15:00:00Z")));
    assert_eq!(
        effect_types(&out),
        [
            "closeTasks",
            "assignOwner",
            "enrollInNurture",
            "scheduleReevaluation"
        ]
    );
    let recycled = out.record;

    // Still an MQL by score, but nothing new happened and the wait is not over: stays recycled.
    let out = w.score(&recycled, &lead, "2026-12-01T17:00:00Z");
    assert_eq!((out.record.stage, out.effects.len()), (Stage::Recycled, 0));
    // New engagement during the wait does not bring it back early either...
    let events = lead["events"].as_array_mut().unwrap();
    events.push(json!({ "id": "m-701", "type": "page_view", "at": "2027-01-12T14:00:00Z", "props": { "path": "/pricing" } }));
    events.push(json!({ "id": "m-702", "type": "content_download", "at": "2027-01-12T14:05:00Z", "props": { "contentType": "case_study", "title": "Clinic scheduling" } }));
    let out = w.score(&recycled, &lead, "2026-12-20T17:00:00Z");
    assert_eq!(out.record.stage, Stage::Recycled);
    // ...but after it, returning intent re-qualifies, with the count and the last reason kept.
    let out = w.score(&recycled, &lead, "2027-01-12T15:00:00Z");
    assert_eq!(out.record.stage, Stage::Mql);
    assert_eq!(out.record.mql_count, 2);
    assert_eq!(
        out.record.last_recycle_reason.as_deref(),
        Some("noResponse")
    );
    assert_eq!(out.record.history.len(), 3);
    assert_eq!(effect_types(&out)[0], "exitNurture");
    let handoff = &effect(&out, "notifyOwner")["handoff"];
    assert_eq!(handoff["mqlCount"], 2);
    assert_eq!(handoff["previousRecycleReason"], "noResponse");
}

#[test]
fn a_demo_request_brings_a_recycled_lead_back_before_its_wait_ends() {
    let mut w = world();
    let mut lead = example_lead("lead-001");
    let record = w
        .lifecycle
        .new_record("lead-001", at("2026-11-01T00:00:00Z"));
    let mql = w.score(&record, &lead, "2026-11-20T17:00:00Z").record;
    let out = w
        .act(
            &mql,
            json!({ "type": "reject", "reason": "timing", "revisitAt": "2027-04-01T13:00:00Z" }),
            "2026-11-23T15:00:00Z",
        )
        .unwrap();
    assert_eq!(out.record.reevaluate_at, Some(at("2027-04-01T13:00:00Z")));
    lead["events"].as_array_mut().unwrap().push(
        json!({ "id": "n-201", "type": "demo_request", "at": "2027-01-05T15:00:00Z", "props": { "form": "demo-request" } }),
    );
    let back = w.score(&out.record, &lead, "2027-01-05T15:01:00Z");
    assert_eq!(back.record.stage, Stage::Mql);
    assert_eq!(back.record.sla.as_ref().unwrap().signal, "handRaiser");
    assert_eq!(
        back.record.history.last().unwrap().reason.as_deref(),
        Some("instant")
    );
}

#[test]
fn wrong_icp_blocks_a_new_mql_until_the_fit_attributes_change() {
    let mut w = world();
    let mut lead = example_lead("lead-002");
    let record = w
        .lifecycle
        .new_record("lead-002", at("2026-11-19T00:00:00Z"));
    let mql = w.score(&record, &lead, "2026-11-19T15:10:00Z").record;
    let out = w
        .act(
            &mql,
            json!({ "type": "reject", "reason": "wrongIcp" }),
            "2026-11-19T16:00:00Z",
        )
        .unwrap();
    assert_eq!(out.record.stage, Stage::Recycled);
    let block = out.record.icp_block.clone().unwrap();
    assert_eq!(block.attributes["title"], "Senior Software Engineer");
    assert_eq!(block.attributes["companySize"], 120);
    // Another demo request months later: still the same person at the same company.
    lead["events"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "id": "l-301", "type": "demo_request", "at": "2027-03-01T15:00:00Z" }));
    let blocked = w.score(&out.record, &lead, "2027-03-01T15:05:00Z");
    assert_eq!(blocked.record.stage, Stage::Recycled);
    assert!(blocked.effects.is_empty());
    // A new title lifts the block, and the hand-raise counts again.
    lead["attributes"]["title"] = json!("VP Engineering");
    let back = w.score(&blocked.record, &lead, "2027-03-01T15:06:00Z");
    assert_eq!(back.record.stage, Stage::Mql);
    assert!(back.record.icp_block.is_none());
}

#[test]
fn missing_handoff_fields_ask_for_enrichment_instead() {
    let mut w = world();
    let mut lead = example_lead("lead-006");
    lead["attributes"]
        .as_object_mut()
        .unwrap()
        .remove("company");
    let record = w
        .lifecycle
        .new_record("lead-006", at("2026-11-01T00:00:00Z"));
    let out = w.score(&record, &lead, "2026-11-20T17:00:00Z");
    assert_eq!(out.record.stage, Stage::Lead);
    assert_eq!(effect_types(&out), ["enrich"]);
    assert_eq!(effect(&out, "enrich")["fields"], json!(["company"]));
    // Asked once: the same gap does not ask again.
    let again = w.score(&out.record, &lead, "2026-11-20T18:00:00Z");
    assert!(again.effects.is_empty());
    lead["attributes"]["company"] = json!("Mercy Health Partners");
    let done = w.score(&again.record, &lead, "2026-11-20T19:00:00Z");
    assert_eq!(done.record.stage, Stage::Mql);
    assert!(done.record.awaiting_enrichment.is_empty());
}

#[test]
fn duplicates_merge_and_illegal_transitions_leave_the_record_unchanged() {
    let mut w = world();
    let lead = example_lead("lead-001");
    let record = w
        .lifecycle
        .new_record("lead-001", at("2026-11-01T00:00:00Z"));
    for (action, code) in [
        (json!({ "type": "accept" }), "illegalTransition"),
        (
            json!({ "type": "reject", "reason": "premature" }),
            "illegalTransition",
        ),
        (json!({ "type": "logContact" }), "illegalTransition"),
        (
            json!({ "type": "enrollNurture", "track": "nope" }),
            "unknownTrack",
        ),
        (json!({ "type": "disqualify" }), "reasonRequired"),
    ] {
        let before = record.clone();
        let err = w
            .act(&record, action.clone(), "2026-11-02T00:00:00Z")
            .unwrap_err();
        assert_eq!(err.code, code, "{action}: {err}");
        assert_eq!(record, before);
    }
    let err = w
        .act(&record, json!({ "type": "accept" }), "2026-11-02T00:00:00Z")
        .unwrap_err();
    assert_eq!(
        err.message,
        "cannot accept a lead in stage lead (marketing owns it: it reaches sales by becoming an MQL on a score update)"
    );
    let mql = w.score(&record, &lead, "2026-11-20T17:00:00Z").record;
    let err = w
        .act(
            &mql,
            json!({ "type": "reject", "reason": "bored" }),
            "2026-11-20T18:00:00Z",
        )
        .unwrap_err();
    assert_eq!(err.code, "unknownReason");
    assert!(
        err.message.contains("one of: wrongIcp, premature, timing"),
        "{}",
        err.message
    );
    let err = w
        .act(
            &mql,
            json!({ "type": "reject", "reason": "premature", "revisitAt": "2027-01-01T00:00:00Z" }),
            "2026-11-20T18:00:00Z",
        )
        .unwrap_err();
    assert_eq!(err.code, "revisitNotAllowed");
    let err = w
        .act(&mql, json!({ "type": "accept" }), "2026-11-20T16:00:00Z")
        .unwrap_err();
    assert_eq!(err.code, "timeWentBackwards");
    let out = w
        .act(
            &mql,
            json!({ "type": "reject", "reason": "duplicate", "duplicateOf": "lead-900" }),
            "2026-11-20T18:00:00Z",
        )
        .unwrap();
    assert_eq!(out.record.stage, Stage::Disqualified);
    assert_eq!(effect(&out, "mergeDuplicate")["duplicateOf"], "lead-900");
    let err = w
        .act(
            &out.record,
            json!({ "type": "disqualify", "reason": "spam" }),
            "2026-11-20T19:00:00Z",
        )
        .unwrap_err();
    assert_eq!(err.code, "illegalTransition");
    // Score updates keep coming for a disqualified lead; they change nothing.
    let still = w.score(&out.record, &lead, "2026-11-21T19:00:00Z");
    assert_eq!(still.record, out.record);
}

#[test]
fn a_score_for_another_lead_is_refused() {
    let mut w = world();
    let record = w
        .lifecycle
        .new_record("lead-001", at("2026-11-01T00:00:00Z"));
    let lead = example_lead("lead-002");
    let text = lead.to_string();
    let parsed = parse_lead(&text).unwrap();
    let score = ScoreSnapshot::of(&w.scorer.score(&parsed, at("2026-11-20T17:00:00Z")));
    let err = w
        .apply(
            &record,
            &Action::ScoreUpdate {
                score,
                lead: parsed,
            },
            "2026-11-20T17:00:00Z",
        )
        .unwrap_err();
    assert_eq!(err.code, "leadMismatch");
}

#[test]
fn records_round_trip_through_json() {
    let mut w = world();
    let lead = example_lead("lead-002");
    let record = w
        .lifecycle
        .new_record("lead-002", at("2026-11-19T00:00:00Z"));
    let out = w.score(&record, &lead, "2026-11-19T15:10:00Z");
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
    let mut w = world();
    let lead = example_lead("lead-002");
    let record = w
        .lifecycle
        .new_record("lead-002", at("2026-11-19T00:00:00Z"));
    let mql = w.score(&record, &lead, "2026-11-19T15:10:00Z").record;
    let mut odd: Value = serde_json::to_value(&mql).unwrap();
    odd["contactAttempts"] = json!(u32::MAX);
    odd["mqlCount"] = json!(u32::MAX);
    odd["owner"] = json!("someone-gone");
    odd["sla"]["calendar"] = json!("closed-office");
    odd["sla"]["escalations"] = json!(u32::MAX);
    odd["sla"]["dueAt"] = json!("2026-11-19T15:00:00Z");
    let odd: LifecycleRecord = serde_json::from_value(odd).unwrap();
    // The SLA falls back to the default calendar; time passing and contact still work.
    let status = w
        .lifecycle
        .sla_status(&odd, at("2026-11-19T16:00:00Z"))
        .unwrap();
    assert_eq!(status.state, SlaState::Breached);
    let out = w
        .lifecycle
        .apply(
            &odd,
            &Action::TimePasses,
            at("2026-11-19T16:00:00Z"),
            &w.routing,
        )
        .unwrap();
    assert_eq!(effect_types(&out), ["flagForManagerReview"]);
    let text = json!({ "type": "logContact" }).to_string();
    let out = w
        .lifecycle
        .apply(
            &odd,
            &parse_action(&text).unwrap(),
            at("2026-11-19T16:00:00Z"),
            &w.routing,
        )
        .unwrap();
    assert_eq!(out.record.contact_attempts, u32::MAX);
    // A sales stage without an SLA clock: nothing to escalate, nothing to complete.
    let mut bare = mql.clone();
    bare.sla = None;
    let out = w
        .lifecycle
        .apply(
            &bare,
            &Action::TimePasses,
            at("2026-11-19T16:00:00Z"),
            &w.routing,
        )
        .unwrap();
    assert!(out.effects.is_empty());
    assert!(w
        .lifecycle
        .sla_status(&bare, at("2026-11-19T16:00:00Z"))
        .is_none());
}

#[test]
fn moving_a_recycled_lead_to_another_track_keeps_its_wait() {
    let mut w = world();
    let lead = example_lead("lead-006");
    let record = w
        .lifecycle
        .new_record("lead-006", at("2026-11-01T00:00:00Z"));
    let mql = w.score(&record, &lead, "2026-11-20T17:00:00Z").record;
    let recycled = w
        .act(
            &mql,
            json!({ "type": "reject", "reason": "premature" }),
            "2026-11-20T18:00:00Z",
        )
        .unwrap()
        .record;
    let nurtured = w
        .act(
            &recycled,
            json!({ "type": "enrollNurture", "track": "newsletter" }),
            "2026-11-21T18:00:00Z",
        )
        .unwrap();
    assert_eq!(effect_types(&nurtured), ["exitNurture", "enrollInNurture"]);
    assert_eq!(nurtured.record.stage, Stage::Nurture);
    // Still an MQL by its old score, but sent back a day ago: it stays in nurture.
    let out = w.score(&nurtured.record, &lead, "2026-11-22T18:00:00Z");
    assert_eq!(out.record.stage, Stage::Nurture);
}
