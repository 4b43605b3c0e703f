//! Calibration end to end on synthetic leads whose true model is known: the report's parts,
//! the fitted model recovering which rules matter and in what order, bad input refused with
//! a clear message, and the same report whatever the order of the leads.
#![cfg(all(feature = "calibration", not(target_arch = "wasm32")))]

use leadscore::calibration::{
    calibrate, CalibrationLead, CalibrationOptions, Gate, LeadScore, Part, Rescore, RuleInfo,
    SignalFlag, SplitPlan,
};
use leadscore::{Model, Timestamp};
use serde_json::{json, Value};

fn model_document() -> Value {
    json!({
        "version": 1,
        "name": "Synthetic",
        "fit": { "cap": 40, "rules": [
            { "id": "senior", "attribute": "title", "when": { "containsAny": ["vp"] }, "points": 10 },
            { "id": "big", "attribute": "size", "when": { "min": 1000 }, "points": 15 },
            { "id": "industry", "attribute": "industry", "when": { "equals": "Software" }, "points": 5 },
            { "id": "student", "attribute": "title", "when": { "containsAny": ["student"] }, "points": -5 },
            { "id": "tiny", "attribute": "size", "when": { "below": 10 }, "disqualify": true }
        ] },
        "intent": {
            "decay": { "kind": "exponential", "halfLifeDays": 30 },
            "rules": [
                { "id": "pricing", "event": "page_view", "where": { "path": { "prefix": "/pricing" } }, "points": 20, "limit": { "max": 1 } },
                { "id": "case-study", "event": "download", "points": 5 },
                { "id": "careers", "event": "page_view", "where": { "path": { "prefix": "/careers" } }, "points": -10 },
                { "id": "demo", "event": "demo_request", "points": 30, "instant": true, "limit": { "max": 1 } }
            ]
        },
        "total": { "floor": 0 },
        "mql": { "threshold": 40 },
        "bands": [{ "name": "cold" }, { "name": "warm", "min": 25 }, { "name": "hot", "min": 40 }]
    })
}

/// The true log odds per rule feature (the disqualifier has none) and the intercept.
const TRUTH: [f64; 9] = [1.0, 0.15, 0.8, -1.5, 0.0, 1.3, 0.45, -0.8, 1.6];
const INTERCEPT: f64 = -2.4;

fn splitmix(state: &mut u64) -> f64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
}

/// The score under a model as the engine would give it from the feature rows: each rule's
/// points times its feature rounded, the group and total bounds, instant and blocked gates.
struct Linear<'a> {
    features: &'a [Vec<f64>],
}

fn score(model: &Model, features: &[f64]) -> LeadScore {
    let points: Vec<f64> = RuleInfo::of_model(model).iter().map(|r| r.points).collect();
    let part = |range: std::ops::Range<usize>| -> i64 {
        range
            .map(|r| (points[r] * features[r]).round() as i64)
            .sum()
    };
    let fit = model.fit.bounds.clamp(part(0..5));
    let total = model
        .total
        .clamp(fit + model.intent.bounds.clamp(part(5..9)));
    let gate = match (features[4] > 0.0, features[8] > 0.0) {
        (true, _) => Gate::Blocked,
        (false, true) => Gate::Instant,
        _ => Gate::Scored,
    };
    LeadScore { total, gate }
}

impl Rescore for Linear<'_> {
    fn rescore(&self, model: &Model) -> Result<Vec<LeadScore>, leadscore::InputError> {
        Ok(self.features.iter().map(|f| score(model, f)).collect())
    }
}

fn synthetic(count: usize, seed: u64) -> (Vec<CalibrationLead>, Vec<Vec<f64>>) {
    let model = Model::from_value(&model_document()).unwrap();
    let mut state = seed;
    let mut leads = Vec::new();
    let mut rows = Vec::new();
    let start = Timestamp::parse("2026-01-01T00:00:00Z").unwrap().millis();
    for i in 0..count {
        let mut r = || splitmix(&mut state);
        let bit = |p: f64, draw: f64| f64::from(u8::from(draw < p));
        let (a, b, c, d, e) = (r(), r(), r(), r(), r());
        let mut features = vec![
            bit(0.3, a),
            bit(0.4, b),
            bit(0.5, c),
            bit(0.1, d),
            bit(0.04, e),
        ];
        let pricing = if r() < 0.35 { 0.4 + 0.6 * r() } else { 0.0 };
        let downloads = (r() * 4.0).floor() * (0.5 + 0.5 * r());
        let careers = bit(0.12, r());
        let demo = bit(0.05, r());
        features.extend([pricing, downloads, careers, demo]);
        let log_odds = INTERCEPT + TRUTH.iter().zip(&features).map(|(t, x)| t * x).sum::<f64>();
        let converted = r() < 1.0 / (1.0 + (-log_odds).exp());
        let decided = start + (i as i64) * 3_600_000;
        leads.push(CalibrationLead {
            id: format!("lead-{i:05}"),
            converted,
            decided_at: Timestamp::from_millis(decided),
            score: score(&model, &features),
            features: features.clone(),
        });
        rows.push(features);
    }
    (leads, rows)
}

fn run(
    leads: &[CalibrationLead],
    rows: &[Vec<f64>],
    options: &CalibrationOptions,
) -> Result<Value, leadscore::InputError> {
    let document = model_document();
    let model = Model::from_value(&document).unwrap();
    let report = calibrate(
        &model,
        &document,
        leads,
        &Linear { features: rows },
        options,
    )?;
    Ok(serde_json::to_value(report).unwrap())
}

/// Spearman's rank correlation (no ties expected).
fn spearman(a: &[f64], b: &[f64]) -> f64 {
    let ranks = |v: &[f64]| {
        let mut order: Vec<usize> = (0..v.len()).collect();
        order.sort_by(|&x, &y| v[x].total_cmp(&v[y]));
        let mut ranks = vec![0.0; v.len()];
        for (rank, &at) in order.iter().enumerate() {
            ranks[at] = rank as f64;
        }
        ranks
    };
    let (ra, rb) = (ranks(a), ranks(b));
    let n = a.len() as f64;
    let d2: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - y) * (x - y)).sum();
    1.0 - 6.0 * d2 / (n * (n * n - 1.0))
}

#[test]
fn the_fitted_model_recovers_the_true_order_and_separates_better() {
    let (leads, rows) = synthetic(6000, 11);
    let report = run(&leads, &rows, &CalibrationOptions::default()).unwrap();
    let fitted = &report["fitted"];
    assert_eq!(fitted["part"], "train");
    assert_eq!(report["original"]["part"], "all");
    assert_eq!(report["comparison"]["part"], "holdout");
    let rules = fitted["rules"].as_array().unwrap();
    // The fitted coefficients rank the rules as the truth does (the disqualifier left out).
    let (mut fitted_order, mut true_order) = (Vec::new(), Vec::new());
    for (rule, truth) in rules.iter().zip(TRUTH) {
        if let Some(c) = rule["coefficient"].as_f64() {
            fitted_order.push(c);
            true_order.push(truth);
            // Each coefficient within reach of the truth.
            assert!(
                (c - truth).abs() < 0.35,
                "{}: {c} against {truth}",
                rule["ruleId"]
            );
        }
    }
    assert_eq!(fitted_order.len(), 8);
    let rho = spearman(&fitted_order, &true_order);
    assert!(rho >= 0.9, "rank correlation {rho}");
    // The weak "big" rule the model over-weights loses its points to the strong ones.
    let after = |id: &str| {
        rules.iter().find(|r| r["ruleId"] == id).unwrap()["after"]
            .as_f64()
            .unwrap()
    };
    assert!(after("big") < after("senior") && after("pricing") > after("industry"));
    assert_eq!(rules[4]["coefficient"], Value::Null);
    // Better separation on the holdout, and a model document that compiles.
    let auc = |s: &Value| s["auc"]["auc"].as_f64().unwrap();
    let (original, better) = (
        auc(&report["comparison"]["original"]),
        auc(&report["comparison"]["fitted"]),
    );
    assert!(
        better > original + 0.01,
        "fitted {better} against original {original}"
    );
    let document = &fitted["model"];
    let compiled = Model::from_value(document).unwrap();
    assert_eq!(
        compiled.mql.threshold,
        fitted["threshold"]["threshold"].as_f64().unwrap()
    );
    // Cross-validation tried every penalty and chose one of them.
    let cv = fitted["crossValidation"].as_array().unwrap();
    assert_eq!(cv.len(), 9);
    assert!(cv.iter().any(|p| p["lambda"] == fitted["lambda"]));
}

#[test]
fn the_report_describes_the_model_on_every_lead() {
    let (leads, rows) = synthetic(3000, 5);
    let report = run(&leads, &rows, &CalibrationOptions::default()).unwrap();
    let original = &report["original"];
    let all = report["leads"]["all"]["leads"].as_u64().unwrap();
    let (train, holdout) = (
        report["leads"]["train"]["leads"].as_u64().unwrap(),
        report["leads"]["holdout"]["leads"].as_u64().unwrap(),
    );
    assert_eq!((all, train + holdout), (3000, 3000));
    assert!((700..1100).contains(&holdout), "{holdout} held out");
    // The tables leave out the blocked (disqualified) leads and count them apart.
    let blocked = original["blocked"]["leads"].as_u64().unwrap();
    let banded: u64 = original["byBand"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["leads"].as_u64().unwrap())
        .sum();
    assert_eq!(banded + blocked, all);
    assert!(blocked > 60 && blocked < 200);
    // Signal power: the disqualifier has no AUC without it; careers takes points and its leads convert less.
    let signals = original["signals"].as_array().unwrap();
    let careers = signals.iter().find(|s| s["ruleId"] == "careers").unwrap();
    assert!(careers["lift"].as_f64().unwrap() < 1.0);
    assert_eq!(signals[4]["aucWithout"], Value::Null);
    assert!(
        original["separation"]["auc"]["low"].as_f64().unwrap()
            < original["separation"]["auc"]["auc"].as_f64().unwrap()
    );
    let says = report["comparison"]["says"].as_str().unwrap();
    assert!(says.starts_with("On the holdout ("), "{says}");
}

#[test]
fn a_rule_that_records_the_outcome_is_flagged() {
    let (mut leads, mut rows) = synthetic(3000, 9);
    // "industry" now fires exactly for converted leads but a few: a field filled in after the fact.
    for (at, (lead, row)) in leads.iter_mut().zip(rows.iter_mut()).enumerate() {
        let fires = lead.converted != (at % 50 == 0);
        row[2] = f64::from(u8::from(fires));
        lead.features[2] = row[2];
    }
    let report = run(&leads, &rows, &CalibrationOptions::default()).unwrap();
    let industry = report["original"]["signals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["ruleId"] == "industry")
        .unwrap()
        .clone();
    let flags: Vec<SignalFlag> = serde_json::from_value::<Vec<String>>(industry["flags"].clone())
        .unwrap()
        .iter()
        .map(|f| match f.as_str() {
            "likelyLeak" => SignalFlag::LikelyLeak,
            other => panic!("unexpected flag {other}"),
        })
        .collect();
    assert_eq!(flags, [SignalFlag::LikelyLeak]);
    let flag = report["flags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "ruleLikelyLeak")
        .unwrap()
        .clone();
    assert_eq!(flag["subject"], "industry");
    assert!(flag["message"]
        .as_str()
        .unwrap()
        .contains("(reads industry)"));
}

#[test]
fn the_same_leads_in_another_order_give_the_same_report() {
    let (leads, rows) = synthetic(1500, 3);
    let options = CalibrationOptions {
        seed: 42,
        ..CalibrationOptions::default()
    };
    let forward = run(&leads, &rows, &options).unwrap();
    let (mut back_leads, mut back_rows) = (leads.clone(), rows.clone());
    back_leads.reverse();
    back_rows.reverse();
    let backward = run(&back_leads, &back_rows, &options).unwrap();
    assert_eq!(forward["leads"], backward["leads"]);
    assert_eq!(forward["fitted"]["rules"], backward["fitted"]["rules"]);
    assert_eq!(forward["comparison"], backward["comparison"]);
    assert_eq!(
        serde_json::to_string(&forward).unwrap(),
        serde_json::to_string(&run(&leads, &rows, &options).unwrap()).unwrap()
    );
}

#[test]
fn a_split_by_time_holds_out_the_latest_decisions() {
    let (leads, rows) = synthetic(2000, 4);
    let cut = leads[1500].decided_at.unwrap();
    let options = CalibrationOptions {
        split: SplitPlan::ByTime { holdout_from: cut },
        ..CalibrationOptions::default()
    };
    let report = run(&leads, &rows, &options).unwrap();
    assert_eq!(report["leads"]["holdout"]["leads"], 500);
    assert_eq!(report["split"]["method"], "time");
    assert_eq!(report["split"]["holdoutFrom"], "2026-03-04T12:00:00.000Z");
    assert_eq!(Part::Holdout.name(), "holdout");
}

#[test]
fn bad_input_is_refused_with_what_and_where() {
    let (leads, rows) = synthetic(400, 8);
    let options = CalibrationOptions::default();
    let mut twice = leads.clone();
    twice[7].id = twice[3].id.clone();
    let err = run(&twice, &rows, &options).unwrap_err();
    assert_eq!(err.path, "[7].id");
    assert!(
        err.message.contains("appears twice (first at [3])"),
        "{}",
        err.message
    );

    let mut one_class = leads.clone();
    one_class.iter_mut().for_each(|l| l.converted = false);
    let err = run(&one_class, &rows, &options).unwrap_err();
    assert_eq!(
        (err.path.as_str(), err.message.as_str()),
        (
            "outcomes",
            "all 400 leads did not convert: calibration needs both converted and unconverted leads"
        )
    );

    let few = &leads[..12];
    let err = run(few, &rows[..12], &options).unwrap_err();
    assert_eq!(err.path, "folds");
    assert!(
        err.message.contains("fewer than the 5 folds"),
        "{}",
        err.message
    );

    let mut short = leads.clone();
    short[2].features.pop();
    let err = run(&short, &rows, &options).unwrap_err();
    assert_eq!(
        (err.path.as_str(), err.message.as_str()),
        ("[2].features", "has 8 values for the model's 9 rules")
    );

    let mut negative = leads.clone();
    negative[5].features[6] = -1.0;
    assert_eq!(
        run(&negative, &rows, &options).unwrap_err().path,
        "[5].features[6]"
    );

    let mut undated = leads.clone();
    undated[9].decided_at = None;
    let by_time = CalibrationOptions {
        split: SplitPlan::ByTime {
            holdout_from: leads[200].decided_at.unwrap(),
        },
        ..options.clone()
    };
    assert_eq!(
        run(&undated, &rows, &by_time).unwrap_err().path,
        "decidedAt"
    );
}

#[test]
fn the_report_reads_as_text_and_markdown() {
    use leadscore::calibration::render::{calibration_report, Format};
    let (leads, rows) = synthetic(3000, 5);
    let document = model_document();
    let model = Model::from_value(&document).unwrap();
    let report = calibrate(
        &model,
        &document,
        &leads,
        &Linear { features: &rows },
        &CalibrationOptions::default(),
    )
    .unwrap();
    let text = calibration_report(&report, Format::Text);
    if std::env::var_os("SHOW_REPORT").is_some() {
        println!("{text}");
    }
    assert!(
        text.starts_with(
            "Calibration: Synthetic\n======================\n\n3,000 leads with outcomes"
        ),
        "{text}"
    );
    for heading in [
        "Separation (all leads)",
        "Conversion by band (all leads)",
        "Threshold advice (all leads)",
        "Signal power (all leads)",
        "Fitted model (training part)",
        "Original and fitted (holdout)",
    ] {
        assert!(
            text.contains(&format!(
                "{heading}\n{}\n",
                "-".repeat(heading.chars().count())
            )),
            "{heading}"
        );
    }
    let markdown = calibration_report(&report, Format::Markdown);
    assert!(
        markdown.contains("\n## Signal power (all leads)\n\n| Rule | Points | Fired |"),
        "{markdown}"
    );
    assert!(markdown.contains("| tiny | disqualifies |"));
}
