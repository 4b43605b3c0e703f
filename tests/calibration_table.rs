//! Calibration over the engine's rule table: leads built from a seed, tabulated as of their
//! decision times through the seed model, with outcomes drawn from a known truth. The gate read
//! from each result reproduces the engine's MQL decision at any threshold, reweighing the rows
//! reproduces the scores, and the calibration runs through to a fitted model of the same shape.
#![cfg(all(feature = "calibration", not(target_arch = "wasm32")))]

use leadscore::calibration::{calibrate, CalibrationOptions, LeadScore, LeadTable, Rescore};
use leadscore::{parse_lead, Model, Scorer, Scratch, Timestamp};
use serde_json::{json, Value};

const MODEL: &str = include_str!("../examples/models/b2b-default.json");
const DAY: i64 = 86_400_000;

fn splitmix(state: &mut u64) -> f64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
}

/// A lead as JSON, its decision time, and whether it converted (drawn from a truth that
/// rewards seniority, a target size, pricing, case studies and demos, and punishes careers).
fn built_lead(index: usize, state: &mut u64) -> (String, Timestamp, bool) {
    let mut r = || splitmix(state);
    let decided =
        Timestamp::parse("2026-06-01T00:00:00Z").unwrap().millis() + (r() * 150.0) as i64 * DAY;
    let senior = r() < 0.3;
    let size = [30, 400, 1200, 9000][(r() * 4.0) as usize];
    let mut events = Vec::new();
    let mut event = |kind: &str, days_before: f64, props: Value| {
        let at = Timestamp::from_millis(decided - (days_before * DAY as f64) as i64).unwrap();
        events.push(json!({ "type": kind, "at": at.to_rfc3339(), "props": props }));
    };
    let pricing = r() < 0.35;
    if pricing {
        event("page_view", r() * 40.0, json!({ "path": "/pricing" }));
    }
    let studies = (r() * 3.0) as usize;
    for _ in 0..studies {
        event(
            "content_download",
            r() * 100.0,
            json!({ "contentType": "case_study" }),
        );
    }
    for _ in 0..(r() * 6.0) as usize {
        event("email_open", r() * 40.0, json!({}));
    }
    let careers = r() < 0.1;
    if careers {
        event("page_view", r() * 30.0, json!({ "path": "/careers" }));
    }
    let demo = r() < 0.06;
    if demo {
        event("demo_request", r() * 5.0, json!({}));
    }
    // One event after the decision: calibration must not see it.
    event("demo_request", -3.0, json!({}));
    let truth = -2.2
        + 1.0 * f64::from(u8::from(senior))
        + 0.6 * f64::from(u8::from(size == 400 || size == 1200))
        + 1.0 * f64::from(u8::from(pricing))
        + 0.4 * studies as f64
        - 1.0 * f64::from(u8::from(careers))
        + 1.5 * f64::from(u8::from(demo));
    let converted = r() < 1.0 / (1.0 + (-truth).exp());
    let lead = json!({
        "id": format!("t-{index:04}"),
        "attributes": {
            "email": "a@b.example",
            "title": if senior { "VP Sales" } else { "Analyst" },
            "companySize": size,
            "industry": "Software"
        },
        "events": events
    });
    (
        lead.to_string(),
        Timestamp::from_millis(decided).unwrap(),
        converted,
    )
}

#[test]
fn the_rule_table_feeds_calibration_without_peeking() {
    let scorer = Scorer::from_json(MODEL).unwrap();
    let threshold = scorer.model().mql.threshold;
    let mut table = LeadTable::new(scorer.clone());
    let mut scratch = Scratch::default();
    let mut state = 5;
    let mut leads = Vec::new();
    for index in 0..1500 {
        let (text, decided, converted) = built_lead(index, &mut state);
        let lead = parse_lead(&text).unwrap();
        let calibration_lead = table.add(&lead, converted, decided, &mut scratch);
        // The gate and total reproduce the engine's decision, at the model's threshold and
        // at any other (the same lead under a model differing only in its threshold).
        let result = scorer.score(&lead, decided);
        assert_eq!(
            calibration_lead.score,
            LeadScore::of(&result, scorer.model()),
            "{index}"
        );
        assert_eq!(
            calibration_lead.score.is_mql(threshold),
            result.mql,
            "lead {index}"
        );
        let mut lower: Value = serde_json::from_str(MODEL).unwrap();
        lower["mql"]["threshold"] = json!(20);
        let lower = Scorer::from_json(&lower.to_string()).unwrap();
        assert_eq!(
            calibration_lead.score.is_mql(20.0),
            lower.score(&lead, decided).mql,
            "lead {index} at 20"
        );
        leads.push(calibration_lead);
    }
    // The demo request after each decision time is not counted: few hand-raisers.
    let raised = leads
        .iter()
        .filter(|l| l.score.gate == leadscore::calibration::Gate::Instant)
        .count();
    assert!(raised < 150, "{raised} hand-raisers");
    // Reweighing the rows under the same model gives the same scores.
    let again = table.rescore(table.model()).unwrap();
    assert!(again.iter().zip(&leads).all(|(a, l)| *a == l.score));
    // A model of another shape is refused.
    let mut other: Value = serde_json::from_str(MODEL).unwrap();
    other["intent"]["rules"][0]["limit"] = json!({ "max": 2 });
    assert_eq!(
        table
            .rescore(&Model::from_value(&other).unwrap())
            .unwrap_err()
            .path,
        "model"
    );

    let document: Value = serde_json::from_str(MODEL).unwrap();
    let report = calibrate(
        table.model(),
        &document,
        &leads,
        &table,
        &CalibrationOptions::default(),
    )
    .unwrap();
    let fitted = Model::from_value(&report.fitted.model).unwrap();
    assert!(fitted.same_shape(table.model()));
    let auc = |s: &leadscore::calibration::Separation| s.auc.unwrap().auc;
    assert!(
        auc(&report.comparison.fitted) > 0.6,
        "{}",
        auc(&report.comparison.fitted)
    );
    let after = |id: &str| {
        report
            .fitted
            .rules
            .iter()
            .find(|r| r.rule_id == id)
            .unwrap()
            .after
    };
    assert!(after("icp-title") > 0.0 && after("pricing-page") > 0.0 && after("careers-page") < 0.0);
}
