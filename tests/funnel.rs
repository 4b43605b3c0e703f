//! Funnel metrics from lifecycle records: the golden lifecycle scenarios' final records worked
//! by hand, and a set of hand-built records for rates, segments, cohorts and flags.
#![cfg(all(
    feature = "lifecycle",
    feature = "calibration",
    not(target_arch = "wasm32")
))]

use leadscore::calibration::funnel::{
    funnel, CohortPeriod, FunnelFlagCode, FunnelOptions, LeadFacts,
};
use leadscore::lifecycle::{parse_record, HistoryEntry, LifecycleRecord, SlaClock, Stage};
use leadscore::{Lifecycle, Scorer, Timestamp};
use serde_json::Value;
use std::collections::BTreeMap;

fn repo(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

/// The record each golden scenario ends with.
fn golden_record(name: &str) -> LifecycleRecord {
    let case: Value =
        serde_json::from_str(&repo(&format!("tests/golden-lifecycle/{name}.json"))).unwrap();
    let last = case["expected"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|e| e.get("record").is_some())
        .unwrap();
    parse_record(&last["record"].to_string()).unwrap()
}

fn playbook() -> Lifecycle {
    let scorer = Scorer::from_json(&repo("examples/models/b2b-default.json")).unwrap();
    Lifecycle::from_json(&repo("examples/playbooks/b2b-default.json"), scorer.model()).unwrap()
}

#[test]
fn the_golden_records_worked_by_hand() {
    let records = [
        golden_record("hand-raiser-escalated"),
        golden_record("recycled-and-requalified"),
    ];
    let lifecycle = playbook();
    let report = funnel(
        &records,
        &LeadFacts::default(),
        Some(&lifecycle),
        &FunnelOptions::at(at("2027-02-01T15:06:00Z")),
    );
    // lead-002: one MQL, accepted, a meeting, an opportunity. lead-006: three MQLs, rejected
    // twice (no response, wrong ICP), the third still with sales.
    assert_eq!((report.records, report.mqls), (2, 4));
    let stages = report.stages;
    assert_eq!(
        (
            stages.acceptance.reached,
            stages.acceptance.settled,
            stages.acceptance.pending
        ),
        (1, 3, 1)
    );
    assert_eq!(
        (stages.mql_to_sql.reached, stages.mql_to_sql.settled),
        (1, 3)
    );
    assert_eq!((stages.meeting.reached, stages.opportunity.reached), (1, 1));
    let reasons: Vec<(&str, usize)> = report
        .rejections
        .iter()
        .map(|r| (r.reason.as_str(), r.count))
        .collect();
    assert_eq!(reasons, [("noResponse", 1), ("wrongIcp", 1)]);
    assert_eq!(
        (
            report.recycling.recycled,
            report.recycling.requalified,
            report.recycling.rate
        ),
        (2, 2, Some(1.0))
    );
    // Both re-qualified MQLs: one rejected (settled, no SQL), one still open.
    assert_eq!(
        (
            report.recycling.requalified_to_sql.settled,
            report.recycling.requalified_to_sql.pending
        ),
        (1, 1)
    );
    let counts: Vec<(u32, usize)> = report
        .mql_counts
        .iter()
        .map(|c| (c.mqls, c.records))
        .collect();
    assert_eq!(counts, [(1, 1), (3, 1)]);
    // lead-002 was first contacted 19 h 20 min after its 15:10 MQL (4 h 20 min of Berlin
    // business time), after its 5-minute window; lead-006's new window is still running.
    let hand_raisers = &report.sla[0];
    assert_eq!(hand_raisers.signal, "handRaiser");
    assert_eq!(
        (
            hand_raisers.late,
            hand_raisers.pending,
            hand_raisers.adherence
        ),
        (1, 1, Some(0.0))
    );
    assert_eq!(report.speed_to_lead.median_ms, Some(69_600_000.0));
    assert_eq!(report.speed_to_lead.business_median_ms, Some(15_600_000.0));
    // Later, the untouched window is missed; without the playbook there is no business time.
    let later = funnel(
        &records,
        &LeadFacts::default(),
        None,
        &FunnelOptions::at(at("2027-02-02T00:00:00Z")),
    );
    assert_eq!((later.sla[0].missed, later.sla[0].pending), (1, 0));
    assert_eq!(later.speed_to_lead.business_median_ms, None);
    // Cohorts by month of the MQL: November 2026 (two), January and February 2027.
    let cohorts: Vec<(&str, usize)> = report
        .cohorts
        .iter()
        .map(|c| (c.cohort.as_str(), c.mqls))
        .collect();
    assert_eq!(cohorts, [("2026-11", 2), ("2027-01", 1), ("2027-02", 1)]);
    // Segments fall back on the record's fit attributes at its last MQL.
    let options = FunnelOptions {
        segments: vec!["industry".into()],
        ..FunnelOptions::at(at("2027-02-01T15:06:00Z"))
    };
    let by_industry = &funnel(&records, &LeadFacts::default(), None, &options).rejections_by[0];
    let rows: Vec<(&str, usize, usize)> = by_industry
        .rows
        .iter()
        .map(|r| (r.value.as_str(), r.mqls, r.rejected))
        .collect();
    assert_eq!(rows, [("Healthcare", 3, 2), ("Financial Services", 1, 0)]);
}

fn entry(from: Stage, to: Stage, when: &str, action: &str, reason: Option<&str>) -> HistoryEntry {
    HistoryEntry {
        from,
        to,
        at: at(when),
        action: action.into(),
        reason: reason.map(str::to_string),
        owner: "rep".into(),
        note: None,
    }
}

/// Forty MQLs in March and April 2026: ten reach SQL, twenty are rejected (fifteen as the
/// wrong ICP), ten are still waiting. Leads 0-19 came from ads, the rest from events.
fn hand_built() -> (Vec<LifecycleRecord>, LeadFacts) {
    let mut records = Vec::new();
    let mut facts = LeadFacts::default();
    for i in 0..40 {
        let id = format!("lead-{i:02}");
        let day = if i < 20 { 2 + i } else { i - 19 };
        let month = if i < 20 { "03" } else { "04" };
        let mql_at = format!("2026-{month}-{day:02}T10:00:00Z");
        let next = format!("2026-{month}-{day:02}T16:00:00Z");
        let mut record = LifecycleRecord::new(&id, "marketing", at(&mql_at));
        record.history.push(entry(
            Stage::Lead,
            Stage::Mql,
            &mql_at,
            "scoreUpdate",
            Some("threshold"),
        ));
        record.mql_count = 1;
        match i % 4 {
            0 => record.history.push(entry(
                Stage::Mql,
                Stage::Sql,
                &next,
                "meetingBooked",
                Some("meetingBooked"),
            )),
            1 | 2 => {
                let reason = if i % 8 == 5 && i > 8 {
                    "timing"
                } else {
                    "wrongIcp"
                };
                record.history.push(entry(
                    Stage::Mql,
                    Stage::Recycled,
                    &next,
                    "reject",
                    Some(reason),
                ));
            }
            _ => {}
        }
        record.stage = record.history.last().unwrap().to;
        // Contacted after 30 minutes, within a 1-hour window, for all but every fifth lead.
        let contact =
            (i % 5 != 0).then(|| Timestamp::from_millis(at(&mql_at).millis() + 1_800_000).unwrap());
        record.sla = Some(SlaClock {
            signal: "behavioral".into(),
            calendar: "emea".into(),
            started_at: at(&mql_at),
            due_at: Timestamp::from_millis(at(&mql_at).millis() + 3_600_000).unwrap(),
            first_contact_at: contact,
            reminded: false,
            flagged: false,
            escalations: 0,
        });
        let source = if i < 20 { "ads" } else { "events" };
        facts.attributes.insert(
            id.clone(),
            BTreeMap::from([("source".to_string(), source.to_string())]),
        );
        // Wrong-ICP rejections mostly crossed on the industry rule.
        let carrier = if i % 4 == 1 || i % 8 == 2 {
            "industry"
        } else {
            "pricing-page"
        };
        facts
            .carried
            .insert((id.clone(), at(&mql_at)), vec![carrier.to_string()]);
        records.push(record);
    }
    (records, facts)
}

#[test]
fn rates_segments_cohorts_and_flags_on_hand_built_records() {
    let (records, facts) = hand_built();
    let mut options = FunnelOptions::at(at("2026-06-01T00:00:00Z"));
    options.segments = vec!["source".into()];
    let report = funnel(&records, &facts, None, &options);
    let sql = report.stages.mql_to_sql;
    // Ten of the thirty settled MQLs reached SQL (ten still wait in the MQL stage).
    assert_eq!((sql.reached, sql.settled, sql.pending), (10, 30, 10));
    let reasons: Vec<(&str, usize)> = report
        .rejections
        .iter()
        .map(|r| (r.reason.as_str(), r.count))
        .collect();
    assert_eq!(reasons, [("wrongIcp", 16), ("timing", 4)]);
    let by_source = &report.rejections_by[0];
    assert_eq!(by_source.attribute, "source");
    let rows: Vec<(&str, usize, usize)> = by_source
        .rows
        .iter()
        .map(|r| (r.value.as_str(), r.mqls, r.rejected))
        .collect();
    assert_eq!(rows, [("ads", 20, 10), ("events", 20, 10)]);
    // SLA: every fifth lead never contacted (missed), the rest met their window at 30 minutes.
    assert_eq!(
        (
            report.sla[0].met,
            report.sla[0].missed,
            report.sla[0].adherence
        ),
        (32, 8, Some(0.8))
    );
    assert_eq!(report.speed_to_lead.median_ms, Some(1_800_000.0));
    let cohorts: Vec<(&str, usize)> = report
        .cohorts
        .iter()
        .map(|c| (c.cohort.as_str(), c.mqls))
        .collect();
    assert_eq!(cohorts, [("2026-03", 20), ("2026-04", 20)]);
    let codes: Vec<(FunnelFlagCode, Option<&str>)> = report
        .flags
        .iter()
        .map(|f| (f.code, f.subject.as_deref()))
        .collect();
    assert_eq!(
        codes,
        [
            (FunnelFlagCode::MqlToSqlLow, None),
            (FunnelFlagCode::SlaMissed, Some("behavioral")),
            (FunnelFlagCode::RejectionsFromOneRule, Some("wrongIcp")),
        ]
    );
    // Of the sixteen wrong-ICP rejections, six of leads 1, 5, 9... (the other four said
    // "timing") and five of leads 2, 10, 18, 26, 34 crossed on the industry rule.
    let concentrated = &report.flags[2].message;
    assert!(
        concentrated.starts_with("wrongIcp rejections: 68.8% (11 of 16) crossed on rule industry"),
        "{concentrated}"
    );
    // By week, each March week is its own cohort, named by its Monday.
    options.cohort = CohortPeriod::Week;
    let weekly = funnel(&records, &facts, None, &options);
    assert_eq!(weekly.cohorts[0].cohort, "2026-03-02");
    assert_eq!(weekly.cohorts.iter().map(|c| c.mqls).sum::<usize>(), 40);
    // The report serializes with camelCase names.
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["stages"]["mqlToSql"]["reached"], 10);
    assert_eq!(json["flags"][0]["code"], "mqlToSqlLow");
}

#[test]
fn the_rules_that_carried_a_lead_over_the_line() {
    use leadscore::calibration::funnel::carriers;
    let scorer = Scorer::from_json(&repo("examples/models/b2b-default.json")).unwrap();
    let text = |events: &str| {
        format!(
            r#"{{ "id": "l", "attributes": {{ "title": "VP Sales", "companySize": 800, "industry": "Retail", "email": "a@b.example" }}, "events": {events} }}"#
        )
    };
    let now = at("2026-11-20T12:00:00Z");
    // 15 (title) + 10 (size) + 20 (pricing) + 15 (case study) = 60 against 50: every rule but
    // none alone... each of title, pricing and case study is needed; size (60 - 10 = 50) is not.
    let crossed = text(
        r#"[{ "type": "page_view", "at": "2026-11-19T10:00:00Z", "props": { "path": "/pricing" } },
        { "type": "content_download", "at": "2026-11-19T10:05:00Z", "props": { "contentType": "case_study" } }]"#,
    );
    let result = scorer.score(&leadscore::parse_lead(&crossed).unwrap(), now);
    assert_eq!(result.total, 60);
    assert_eq!(
        carriers(&result, 50.0),
        ["icp-title", "pricing-page", "case-study"]
    );
    // A demo request is carried by its trigger alone.
    let raised = text(r#"[{ "type": "demo_request", "at": "2026-11-19T10:00:00Z" }]"#);
    assert_eq!(
        carriers(
            &scorer.score(&leadscore::parse_lead(&raised).unwrap(), now),
            50.0
        ),
        ["demo-request"]
    );
    let quiet = text("[]");
    assert!(carriers(
        &scorer.score(&leadscore::parse_lead(&quiet).unwrap(), now),
        50.0
    )
    .is_empty());
}

#[test]
fn the_funnel_reads_as_text_and_markdown() {
    use leadscore::calibration::render::{funnel_report, Format};
    let (records, facts) = hand_built();
    let mut options = FunnelOptions::at(at("2026-06-01T00:00:00Z"));
    options.segments = vec!["source".into()];
    let report = funnel(&records, &facts, None, &options);
    let text = funnel_report(&report, Format::Text);
    if std::env::var_os("SHOW_REPORT").is_some() {
        println!("{text}");
    }
    assert!(
        text.starts_with("Funnel\n======\n\n40 records with 40 MQLs"),
        "{text}"
    );
    assert!(
        text.contains("\nSQL                  10       30       10  33.3%"),
        "{text}"
    );
    assert!(text.contains("First contact came a median 30 min after the MQL (90th percentile 30 min), over 32 MQLs contacted."), "{text}");
    let markdown = funnel_report(&report, Format::Markdown);
    assert!(markdown.contains("\n## Rejections by source\n\n| source | MQLs | Rejected | Rate | Reasons |\n| --- | ---: | ---: | ---: | --- |\n| ads | 20 | 10 | 50.0% | wrongIcp 9, timing 1 |"), "{markdown}");
}
