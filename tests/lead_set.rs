//! The resident lead set: whatever answered a model (a reweigh from the rule table, a refold at
//! another as-of time, a rescore of another shape), every column is what a full rescore of each
//! lead gives; its rows are the rule table's; one lead's result, score over time and waterfall
//! agree with scoring it.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::edits::weight_edit;
use common::random::{lead_strategy, model_strategy, BASE, DAY_MS};
use common::{at, repo_file};
use leadscore::lead_set::{flags, NO_BAND};
use leadscore::{parse_lead, Lead, LeadSet, ScoreResult, Scorer, Scratch, Standings, Timestamp};
use leadscore::{MqlReason, Work};
use proptest::prelude::*;
use serde_json::{json, Value};

fn compile(model: &Value) -> Scorer {
    Scorer::from_json(&model.to_string()).unwrap_or_else(|e| panic!("{e}: {model:#}"))
}

/// The names a position in a model's bands stands for.
fn band_name(bands: &[leadscore::model::Band], position: u32) -> Option<&str> {
    (position != NO_BAND).then(|| bands[position as usize].name.as_str())
}

/// Lead `i`'s columns, checked against its full result field by field.
fn check_columns(
    standings: &Standings,
    i: usize,
    scorer: &Scorer,
    result: &ScoreResult,
) -> Result<(), TestCaseError> {
    let model = scorer.model();
    let lead = &result.lead_id;
    prop_assert_eq!(standings.fit[i], result.fit, "fit of {}", lead);
    prop_assert_eq!(standings.intent[i], result.intent, "intent of {}", lead);
    prop_assert_eq!(standings.total[i], result.total, "total of {}", lead);
    prop_assert_eq!(band_name(&model.bands, standings.band[i]), result.band);
    let grid = model.grid.as_ref();
    let fit_band = grid.and_then(|g| band_name(&g.fit, standings.fit_band[i]));
    let intent_band = grid.and_then(|g| band_name(&g.intent, standings.intent_band[i]));
    prop_assert_eq!(fit_band, result.fit_band);
    prop_assert_eq!(intent_band, result.intent_band);
    let cell = fit_band.zip(intent_band).map(|(f, i)| format!("{f}{i}"));
    prop_assert_eq!(cell, result.grid.clone());
    let bits = standings.flags[i];
    prop_assert_eq!(bits & flags::MQL != 0, result.mql, "mql of {}", lead);
    prop_assert_eq!(bits & flags::HAND_RAISER != 0, result.hand_raiser);
    prop_assert_eq!(bits & flags::DISQUALIFIED != 0, result.disqualified);
    let reason = (bits & flags::THRESHOLD != 0)
        .then_some(MqlReason::Threshold)
        .or((bits & flags::INSTANT != 0).then_some(MqlReason::Instant));
    prop_assert_eq!(reason, result.mql_reason);
    Ok(())
}

/// Every lead's columns against a full rescore of the lead.
fn check_all(
    standings: &Standings,
    leads: &[Lead],
    scorer: &Scorer,
    as_of: Timestamp,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(standings.len(), leads.len());
    prop_assert_eq!(standings.as_of, (!leads.is_empty()).then_some(as_of));
    for (i, lead) in leads.iter().enumerate() {
        check_columns(standings, i, scorer, &scorer.score(lead, as_of))?;
    }
    Ok(())
}

/// A random lead with what the warnings are about now and then: a repeated event id, an event
/// of a type no rule knows, a size that is not a number.
fn odd_lead() -> impl Strategy<Value = Value> {
    (lead_strategy(), 0..4u8, any::<u8>()).prop_map(|(mut lead, oddity, n)| {
        let events = lead["events"].as_array_mut().unwrap();
        match oddity {
            0 if !events.is_empty() => {
                let copy = events[n as usize % events.len()].clone();
                events.push(copy);
            }
            1 => events.push(json!({"type": "webinar", "at": "2026-10-01T00:00:00Z"})),
            2 => lead["attributes"]["size"] = json!("many"),
            _ => {}
        }
        lead["id"] = json!(format!("lead-{n}"));
        lead
    })
}

fn lead_set(leads: &[Value]) -> LeadSet {
    LeadSet::from_json(Value::Array(leads.to_vec()).to_string()).unwrap()
}

/// A time from 150 days before the leads' last events to 60 days after.
fn as_of(days: i64) -> Timestamp {
    Timestamp::from_millis(at(BASE).millis() + days * DAY_MS).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// A model, then an edit of its weights, then other as-of times, then another model: each
    /// answered the way it should be, each column exactly a full rescore's.
    #[test]
    fn every_answer_is_a_full_rescore(
        model in model_strategy(),
        edit in weight_edit(),
        other in model_strategy(),
        leads in prop::collection::vec(odd_lead(), 1..8),
        days in (-150..60i64, -150..60i64),
    ) {
        let mut set = lead_set(&leads);
        let texts: Vec<String> = leads.iter().map(Value::to_string).collect();
        let parsed: Vec<Lead> = texts.iter().map(|t| parse_lead(t).unwrap()).collect();
        let (first, later) = (as_of(days.0), as_of(days.1));
        let scorer = compile(&model);
        let edited = compile(&edit.apply(&model));
        let another = compile(&other);

        let (standings, work) = set.standings(&scorer, first);
        prop_assert_eq!(work, Work::Rescored);
        check_all(&standings, &parsed, &scorer, first)?;

        let (standings, work) = set.standings(&edited, first);
        prop_assert_eq!(work, Work::Reweighed);
        check_all(&standings, &parsed, &edited, first)?;
        prop_assert_eq!(set.reweigh(&scorer), Some(set.standings(&scorer, first).0));

        let (standings, work) = set.standings(&edited, later);
        prop_assert_eq!(work, if later == first { Work::Reweighed } else { Work::Refolded });
        check_all(&standings, &parsed, &edited, later)?;

        let (standings, work) = set.standings(&another, later);
        let same_shape = another.model().same_shape(scorer.model());
        prop_assert_eq!(work, if same_shape { Work::Reweighed } else { Work::Rescored });
        check_all(&standings, &parsed, &another, later)?;

        // Back to the first model's shape: still matched, folded again at the earlier time.
        let (standings, work) = set.standings(&scorer, first);
        if !same_shape {
            prop_assert_eq!(work, if later == first { Work::Reweighed } else { Work::Refolded });
        }
        check_all(&standings, &parsed, &scorer, first)?;
        prop_assert_eq!(set.rescore(&scorer, first), standings);
    }

    /// The rows of the resident set, made from the matched events, are the rule table's rows:
    /// the same tallies, trigger and warnings at every as-of time.
    #[test]
    fn rows_are_the_rule_tables(
        model in model_strategy(),
        leads in prop::collection::vec(odd_lead(), 1..6),
        days in prop::collection::vec(-150..60i64, 1..4),
    ) {
        let mut set = lead_set(&leads);
        let scorer = compile(&model);
        let mut scratch = Scratch::default();
        for day in days {
            let rows = set.rows(&scorer, as_of(day)).to_vec();
            for (row, lead) in rows.iter().zip(&leads) {
                let text = lead.to_string();
                let lead = parse_lead(&text).unwrap();
                prop_assert_eq!(row, &scorer.tabulate(&lead, as_of(day), &mut scratch));
            }
        }
    }

    /// A rule table carried in bytes answers a weight edit exactly as the set does, and no
    /// model of another shape.
    #[test]
    fn a_carried_table_reweighs_as_the_set_does(
        model in model_strategy(),
        edit in weight_edit(),
        other in model_strategy(),
        leads in prop::collection::vec(odd_lead(), 0..8),
        day in -150..60i64,
    ) {
        let mut set = lead_set(&leads);
        let (scorer, time) = (compile(&model), as_of(day));
        let edited = compile(&edit.apply(&model));
        let another = compile(&other);
        let table = set.carry(&scorer, time);
        prop_assert!(LeadSet::check_carried(&table, &scorer).is_ok());
        for answered in [&scorer, &edited, &another] {
            let carried = LeadSet::reweigh_carried(&table, &scorer, answered).unwrap();
            let same_shape = answered.model().same_shape(scorer.model());
            prop_assert_eq!(carried, same_shape.then(|| set.standings(answered, time).0));
        }
    }

    /// An edit of the decision only (threshold, MQL minimums, bands, grid) is answered from the
    /// standings before it, exactly as a reweigh answers it; whatever else it answers (an edit
    /// that leaves every point as it was) is exactly the set's standings too.
    #[test]
    fn a_decision_edit_keeps_the_points(
        model in model_strategy(),
        edit in weight_edit(),
        other in model_strategy(),
        leads in prop::collection::vec(odd_lead(), 0..8),
        day in -150..60i64,
    ) {
        let mut set = lead_set(&leads);
        let (scorer, time) = (compile(&model), as_of(day));
        let edited = edit.apply(&model);
        let mut decided = model.clone();
        for key in ["mql", "bands", "grid"] {
            match edited.get(key) {
                Some(value) => decided[key] = value.clone(),
                None => { decided.as_object_mut().unwrap().remove(key); }
            }
        }
        let (edited, decided, another) = (compile(&edited), compile(&decided), compile(&other));
        let table = set.carry(&scorer, time);
        let before = LeadSet::reweigh_carried(&table, &scorer, &scorer).unwrap().unwrap();
        let redecided = LeadSet::redecide_carried(&table, &scorer, (&scorer, &before), &decided);
        prop_assert_eq!(redecided.unwrap(), Some(set.standings(&decided, time).0));
        let after_edit = LeadSet::reweigh_carried(&table, &scorer, &edited).unwrap().unwrap();
        let back = LeadSet::redecide_carried(&table, &scorer, (&edited, &after_edit), &edited);
        prop_assert_eq!(back.unwrap(), Some(set.standings(&edited, time).0));
        // Answered only when it gives exactly the points a reweigh gives.
        for answered in [&edited, &another] {
            let redecided =
                LeadSet::redecide_carried(&table, &scorer, (&scorer, &before), answered).unwrap();
            if let Some(redecided) = redecided {
                prop_assert_eq!(redecided, set.standings(answered, time).0);
            }
        }
    }

    /// One lead in full: its result is its score (the crossing too), its score over time is its
    /// score as of each moment, and its waterfall adds up to the total.
    #[test]
    fn a_lead_told_in_full_agrees_with_scoring_it(
        model in model_strategy(),
        lead_json in odd_lead(),
        day in -150..60i64,
    ) {
        let mut set = lead_set(std::slice::from_ref(&lead_json));
        let scorer = compile(&model);
        let text = lead_json.to_string();
        let lead = parse_lead(&text).unwrap();
        let time = as_of(day);
        let score = scorer.score(&lead, time);
        prop_assert_eq!(set.result(0, &scorer, time), Some(score.clone()));
        let story = set.story(0, &scorer, time).unwrap();
        prop_assert_eq!(&story.result, &score);
        for moment in &story.moments {
            let then = scorer.score(&lead, moment.at);
            let seen = (moment.fit, moment.intent, moment.total, moment.mql);
            prop_assert_eq!(seen, (then.fit, then.intent, then.total, then.mql), "{}", moment.at);
        }
        prop_assert_eq!(story.moments.last().map(|m| m.at), Some(time));
        prop_assert_eq!(story.steps.len(), score.contributions.len());
        prop_assert_eq!(story.steps.iter().map(|s| s.points).sum::<i64>(), score.total);
        for (step, contribution) in story.steps.iter().zip(&score.contributions) {
            prop_assert_eq!(step.rule_id, contribution.rule_id);
            prop_assert_eq!(step.points, contribution.points);
            prop_assert_eq!(step.raw, contribution.raw_points.round() as i64);
            if contribution.decay_factor == 1.0 {
                prop_assert_eq!(step.decayed, step.raw);
            }
        }
        let counted = story.events.iter()
            .filter(|e| e.status == leadscore::lead_set::EventStatus::Counted).count();
        prop_assert!(counted <= lead.events.len());
        prop_assert_eq!(story.events.len(), lead.events.len());
    }
}

#[test]
fn a_weight_edit_is_a_reweigh_and_a_condition_edit_a_rescore() {
    let model: Value =
        serde_json::from_str(&repo_file("examples/models/b2b-default.json")).unwrap();
    let leads: Value = serde_json::from_str(&repo_file("examples/leads/b2b-leads.json")).unwrap();
    let mut set = LeadSet::from_json(leads.to_string()).unwrap();
    let time = at("2026-11-20T17:00:00Z");
    let (standings, work) = set.standings(&compile(&model), time);
    assert_eq!((work, standings.mql_count()), (Work::Rescored, 3));
    let mut lower = model.clone();
    lower["mql"]["threshold"] = json!(30);
    let (standings, work) = set.standings(&compile(&lower), time);
    assert_eq!((work, standings.mql_count()), (Work::Reweighed, 4));
    let mut narrower = lower.clone();
    narrower["fit"]["rules"][0]["when"] = json!({"equals": "ceo"});
    assert_eq!(set.standings(&compile(&narrower), time).1, Work::Rescored);
    assert_eq!(
        set.standings(&compile(&lower), at("2026-11-01T00:00:00Z"))
            .1,
        Work::Refolded
    );
}

#[test]
fn a_bad_lead_is_named_by_its_index() {
    let err = LeadSet::from_json(
        r#"[{"id":"a"},{"id":"b","events":[{"type":"visit","at":"soon"}]}]"#.to_string(),
    )
    .unwrap_err();
    assert_eq!(err.path, "[1].events[0].at");
    let err = LeadSet::from_json("{}".to_string()).unwrap_err();
    assert!(err.message.contains("an array"), "{err}");
    assert!(LeadSet::from_json("[]".to_string()).unwrap().is_empty());
}

#[test]
fn bytes_that_are_no_carried_table_are_an_error() {
    let model: Value =
        serde_json::from_str(&repo_file("examples/models/b2b-default.json")).unwrap();
    let leads = repo_file("examples/leads/b2b-leads.json");
    let mut set = LeadSet::from_json(leads).unwrap();
    let scorer = compile(&model);
    let table = set.carry(&scorer, at("2026-11-20T17:00:00Z"));
    // Checked alone (a table kept to reweigh from) or with a reweigh: the same error.
    let carried = |bytes: &[u8], tabulated: &Scorer| {
        let checked = LeadSet::check_carried(bytes, tabulated).unwrap_err();
        let err = LeadSet::reweigh_carried(bytes, tabulated, &scorer).unwrap_err();
        assert_eq!(checked, err);
        err
    };
    let short = carried(&table[..table.len() - 3], &scorer);
    assert_eq!(short.path, "table");
    assert!(short.message.contains("rows where 8 leads take"), "{short}");
    let longer = [table.as_slice(), &[0]].concat();
    assert!(carried(&longer, &scorer).message.contains("bytes of rows"));
    assert!(carried(&table[..20], &scorer)
        .message
        .contains("ends early"));
    assert!(carried(b"{}", &scorer)
        .message
        .contains("not a carried rule table"));
    let mut fewer = model.clone();
    fewer["fit"]["rules"].as_array_mut().unwrap().pop();
    let err = carried(&table, &compile(&fewer));
    assert!(err.message.contains("other rules"), "{err}");
}
