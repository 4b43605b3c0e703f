//! The lifecycle after qualification with the example model and playbook: rejection with each
//! play, recycling and re-qualification, and refused actions that leave the record as it was.
#![cfg(all(feature = "lifecycle", not(target_arch = "wasm32")))]

mod common;

use common::at;
use common::journey::{effect, effect_types, example_lead, qualify, start};
use leadscore::lifecycle::Stage;
use serde_json::json;

#[test]
fn no_response_needs_contact_attempts_and_recycled_leads_requalify_when_intent_returns() {
    let (mut f, mut lead, record) = start("lead-006");
    let mql = qualify(&mut f, &record, &lead).record;
    let no_response = json!({ "type": "reject", "reason": "noResponse" });
    let refused = f
        .try_act(&mql, &no_response, "2026-11-23T15:00:00Z")
        .unwrap_err();
    assert_eq!(refused.code, "notEnoughContactAttempts");
    assert_eq!(
        refused.message,
        "rejecting for \"noResponse\" needs at least 3 logged contact attempts; 0 so far"
    );
    let mut record = mql.clone();
    let phone_call = json!({ "type": "logContact", "channel": "phone" });
    for day in ["2026-11-23", "2026-11-24", "2026-11-25"] {
        record = f
            .act(&record, &phone_call, &format!("{day}T15:00:00Z"))
            .record;
    }
    let missing = f
        .try_act(
            &record,
            &json!({ "type": "reject" }),
            "2026-11-30T15:00:00Z",
        )
        .unwrap_err();
    assert_eq!(missing.code, "reasonRequired");
    let out = f.act(
        &record,
        &json!({ "type": "reject", "reason": "noResponse", "note": "3 calls, 2 emails" }),
        "2026-11-30T15:00:00Z",
    );
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
    let out = f.score(&recycled, &lead, "2026-12-01T17:00:00Z");
    assert_eq!((out.record.stage, out.effects.len()), (Stage::Recycled, 0));
    // New engagement during the wait does not bring it back early either...
    let events = lead["events"].as_array_mut().unwrap();
    events.push(json!({ "id": "m-701", "type": "page_view", "at": "2027-01-12T14:00:00Z", "props": { "path": "/pricing" } }));
    events.push(json!({ "id": "m-702", "type": "content_download", "at": "2027-01-12T14:05:00Z", "props": { "contentType": "case_study", "title": "Clinic scheduling" } }));
    let out = f.score(&recycled, &lead, "2026-12-20T17:00:00Z");
    assert_eq!(out.record.stage, Stage::Recycled);
    // ...but after it, returning intent re-qualifies, with the count and the last reason kept.
    let out = f.score(&recycled, &lead, "2027-01-12T15:00:00Z");
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
    let (mut f, mut lead, record) = start("lead-001");
    let mql = qualify(&mut f, &record, &lead).record;
    let out = f.act(
        &mql,
        &json!({ "type": "reject", "reason": "timing", "revisitAt": "2027-04-01T13:00:00Z" }),
        "2026-11-23T15:00:00Z",
    );
    assert_eq!(out.record.reevaluate_at, Some(at("2027-04-01T13:00:00Z")));
    lead["events"].as_array_mut().unwrap().push(
        json!({ "id": "n-201", "type": "demo_request", "at": "2027-01-05T15:00:00Z", "props": { "form": "demo-request" } }),
    );
    let back = f.score(&out.record, &lead, "2027-01-05T15:01:00Z");
    assert_eq!(back.record.stage, Stage::Mql);
    assert_eq!(back.record.sla.as_ref().unwrap().signal, "handRaiser");
    assert_eq!(
        back.record.history.last().unwrap().reason.as_deref(),
        Some("instant")
    );
}

#[test]
fn wrong_icp_blocks_a_new_mql_until_the_fit_attributes_change() {
    let (mut f, mut lead, record) = start("lead-002");
    let mql = qualify(&mut f, &record, &lead).record;
    let wrong_icp = json!({ "type": "reject", "reason": "wrongIcp" });
    let out = f.act(&mql, &wrong_icp, "2026-11-19T16:00:00Z");
    assert_eq!(out.record.stage, Stage::Recycled);
    let block = out.record.icp_block.clone().unwrap();
    assert_eq!(block.attributes["title"], "Senior Software Engineer");
    assert_eq!(block.attributes["companySize"], 120);
    // Another demo request months later: still the same person at the same company.
    lead["events"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "id": "l-301", "type": "demo_request", "at": "2027-03-01T15:00:00Z" }));
    let blocked = f.score(&out.record, &lead, "2027-03-01T15:05:00Z");
    assert_eq!(blocked.record.stage, Stage::Recycled);
    assert!(blocked.effects.is_empty());
    // A new title lifts the block, and the hand-raise counts again.
    lead["attributes"]["title"] = json!("VP Engineering");
    let back = f.score(&blocked.record, &lead, "2027-03-01T15:06:00Z");
    assert_eq!(back.record.stage, Stage::Mql);
    assert!(back.record.icp_block.is_none());
}

#[test]
fn moving_a_recycled_lead_to_another_track_keeps_its_wait() {
    let (mut f, lead, record) = start("lead-006");
    let mql = qualify(&mut f, &record, &lead).record;
    let premature = json!({ "type": "reject", "reason": "premature" });
    let recycled = f.act(&mql, &premature, "2026-11-20T18:00:00Z").record;
    let newsletter = json!({ "type": "enrollNurture", "track": "newsletter" });
    let nurtured = f.act(&recycled, &newsletter, "2026-11-21T18:00:00Z");
    assert_eq!(effect_types(&nurtured), ["exitNurture", "enrollInNurture"]);
    assert_eq!(nurtured.record.stage, Stage::Nurture);
    // Still an MQL by its old score, but sent back a day ago: it stays in nurture.
    let out = f.score(&nurtured.record, &lead, "2026-11-22T18:00:00Z");
    assert_eq!(out.record.stage, Stage::Nurture);
}

#[test]
fn duplicates_merge_and_illegal_transitions_leave_the_record_unchanged() {
    let (mut f, lead, record) = start("lead-001");
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
        let err = f
            .try_act(&record, &action, "2026-11-02T00:00:00Z")
            .unwrap_err();
        assert_eq!(err.code, code, "{action}: {err}");
        assert_eq!(record, before);
    }
    let accept = json!({ "type": "accept" });
    let err = f
        .try_act(&record, &accept, "2026-11-02T00:00:00Z")
        .unwrap_err();
    assert_eq!(
        err.message,
        "cannot accept a lead in stage lead (marketing owns it: it reaches sales by becoming an MQL on a score update)"
    );
    let mql = qualify(&mut f, &record, &lead).record;
    let bored = json!({ "type": "reject", "reason": "bored" });
    let err = f.try_act(&mql, &bored, "2026-11-20T18:00:00Z").unwrap_err();
    assert_eq!(err.code, "unknownReason");
    assert!(
        err.message.contains("one of: wrongIcp, premature, timing"),
        "{}",
        err.message
    );
    let premature_with_date =
        json!({ "type": "reject", "reason": "premature", "revisitAt": "2027-01-01T00:00:00Z" });
    let err = f
        .try_act(&mql, &premature_with_date, "2026-11-20T18:00:00Z")
        .unwrap_err();
    assert_eq!(err.code, "revisitNotAllowed");
    let err = f
        .try_act(&mql, &accept, "2026-11-20T16:00:00Z")
        .unwrap_err();
    assert_eq!(err.code, "timeWentBackwards");
    let out = f.act(
        &mql,
        &json!({ "type": "reject", "reason": "duplicate", "duplicateOf": "lead-900" }),
        "2026-11-20T18:00:00Z",
    );
    assert_eq!(out.record.stage, Stage::Disqualified);
    assert_eq!(effect(&out, "mergeDuplicate")["duplicateOf"], "lead-900");
    let spam = json!({ "type": "disqualify", "reason": "spam" });
    let err = f
        .try_act(&out.record, &spam, "2026-11-20T19:00:00Z")
        .unwrap_err();
    assert_eq!(err.code, "illegalTransition");
    // Score updates keep coming for a disqualified lead; they change nothing.
    let still = f.score(&out.record, &lead, "2026-11-21T19:00:00Z");
    assert_eq!(still.record, out.record);
}

#[test]
fn a_score_for_another_lead_is_refused() {
    let (mut f, _, record) = start("lead-001");
    let err = f
        .try_score(&record, &example_lead("lead-002"), "2026-11-20T17:00:00Z")
        .unwrap_err();
    assert_eq!(err.code, "leadMismatch");
}
