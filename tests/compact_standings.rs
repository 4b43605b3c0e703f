//! The standings in compact columns (what the simulator's page stores and counts): each value is
//! exactly what JavaScript stores of the standings' own columns in an array of that type
//! (ToInt32 of the points as numbers, ToUint8 of a band position with -1 as 255, ToInt16 of a
//! grid position), and the counts are those of the columns, on random standings (points far past
//! 32 bits too) and on a lead set's standings under random models; each lead's change against a
//! baseline is what the page's `changeRanks` gives (band names compared as JavaScript does, a
//! missing name `undefined`, no band `null`).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::at;
use common::random::{lead_strategy, model_strategy, BASE};
use leadscore::lead_set::{change, change_ranks, flags, Baseline, CompactStandings};
use leadscore::lead_set::{NO_BAND, NO_BAND_BYTE};
use leadscore::{LeadSet, Scorer, Standings};
use proptest::prelude::*;
use serde_json::Value;

/// ECMAScript's ToInt32 of a whole number, by its definition: modulo 2^32, then signed.
fn to_int32(number: f64) -> i32 {
    let modulo = number.trunc().rem_euclid(4_294_967_296.0);
    if modulo >= 2_147_483_648.0 {
        (modulo - 4_294_967_296.0) as i32
    } else {
        modulo as i32
    }
}

/// A position as the standings' `Int32Array` columns carry it: -1 for none.
fn js_position(position: u32) -> f64 {
    if position == NO_BAND || position > i32::MAX as u32 {
        -1.0
    } else {
        f64::from(position)
    }
}

/// What the page's `standingsTable` makes of `standings`, and the counts it makes from that.
fn check(standings: &Standings) -> Result<(), TestCaseError> {
    let compact = CompactStandings::of(standings);
    let int32 = |column: &[i64]| {
        column
            .iter()
            .map(|&p| to_int32(p as f64))
            .collect::<Vec<_>>()
    };
    prop_assert_eq!(&compact.totals, &int32(&standings.total));
    prop_assert_eq!(&compact.fit, &int32(&standings.fit));
    prop_assert_eq!(&compact.intent, &int32(&standings.intent));
    let band: Vec<u8> = (standings.band.iter().map(|&p| js_position(p)))
        .map(|p| {
            if p < 0.0 {
                NO_BAND_BYTE
            } else {
                p.rem_euclid(256.0) as u8
            }
        })
        .collect();
    prop_assert_eq!(&compact.band, &band);
    let int16 = |column: &[u32]| -> Vec<i16> {
        let modulo = |p: f64| p.rem_euclid(65_536.0);
        (column.iter().map(|&p| modulo(js_position(p))))
            .map(|m| {
                if m >= 32_768.0 {
                    (m - 65_536.0) as i16
                } else {
                    m as i16
                }
            })
            .collect()
    };
    prop_assert_eq!(&compact.fit_band, &int16(&standings.fit_band));
    prop_assert_eq!(&compact.intent_band, &int16(&standings.intent_band));
    let mql: Vec<u8> = (standings.flags.iter())
        .map(|f| u8::from(f & flags::MQL != 0))
        .collect();
    prop_assert_eq!(&compact.mql, &mql);
    prop_assert_eq!(compact.mqls as usize, standings.mql_count());
    let mut counts = vec![0u32; 256];
    for &b in &band {
        counts[usize::from(b)] += 1;
    }
    prop_assert_eq!(&compact.band_counts, &counts);
    let low = compact.totals.iter().min().copied();
    let high = compact.totals.iter().max().copied();
    prop_assert_eq!(compact.range, low.zip(high));
    // Filled again with other standings, the columns are those standings' alone.
    let mut reused = CompactStandings::of(&Standings {
        total: vec![7; 3],
        fit: vec![7; 3],
        intent: vec![0; 3],
        band: vec![1; 3],
        fit_band: vec![1; 3],
        intent_band: vec![1; 3],
        flags: vec![flags::MQL; 3],
        as_of: None,
    });
    reused.fill(standings);
    prop_assert_eq!(reused, compact);
    Ok(())
}

/// Points near and far past 32 bits, and every kind of position.
fn points() -> impl Strategy<Value = i64> {
    prop_oneof![
        -1000..1000i64,
        any::<i32>().prop_map(i64::from),
        any::<i64>(),
        Just(i64::MAX),
        Just(i64::MIN)
    ]
}

fn positions() -> impl Strategy<Value = u32> {
    prop_oneof![0..8u32, Just(NO_BAND), 250..70_000u32, any::<u32>()]
}

fn standings() -> impl Strategy<Value = Standings> {
    (0..40usize).prop_flat_map(|n| {
        let points = || prop::collection::vec(points(), n);
        let positions = || prop::collection::vec(positions(), n);
        (
            points(),
            points(),
            points(),
            positions(),
            positions(),
            positions(),
            prop::collection::vec(any::<u8>(), n),
        )
            .prop_map(|(fit, intent, total, band, fit_band, intent_band, flags)| {
                Standings {
                    as_of: None,
                    fit,
                    intent,
                    total,
                    band,
                    fit_band,
                    intent_band,
                    flags,
                }
            })
    })
}

/// The page's `changeRanks` (www/src/impact.js), line by line: `sameBand` maps the edited
/// model's band positions to the baseline's first band of that name, then names are compared.
fn page_ranks(before: &Baseline, mql: &[u8], band: &[u8], names: &[String]) -> Vec<u8> {
    // None: `undefined` (past the names); Some(None): `null` (no band).
    let name = |names: &[String], b: u8| -> Option<Option<String>> {
        if b == NO_BAND_BYTE {
            Some(None)
        } else {
            names.get(usize::from(b)).map(|n| Some(n.clone()))
        }
    };
    let mut same_band = [-1i32; 256];
    same_band[255] = 255;
    for (a, n) in names.iter().enumerate().take(256) {
        if let Some(b) = before.bands.iter().position(|m| m == n) {
            same_band[a] = b as i32;
        }
    }
    (0..mql.len())
        .map(|i| {
            if before.mql[i] != mql[i] {
                if mql[i] != 0 {
                    change::BECAME_MQL
                } else {
                    change::NO_LONGER_MQL
                }
            } else if same_band[usize::from(band[i])] == i32::from(before.band[i])
                || name(&before.bands, before.band[i]) == name(names, band[i])
            {
                change::NONE
            } else {
                change::BAND
            }
        })
        .collect()
}

fn names() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(prop::sample::select(vec!["cold", "warm", "hot", "x"]), 0..6)
        .prop_map(|names| names.into_iter().map(String::from).collect())
}

fn band_bytes(n: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(prop_oneof![0..7u8, Just(NO_BAND_BYTE), any::<u8>()], n)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn change_ranks_are_the_pages(
        (before_mql, before_band, mql, band) in (0..40usize).prop_flat_map(|n| (
            prop::collection::vec(0..2u8, n),
            band_bytes(n),
            prop::collection::vec(0..2u8, n),
            band_bytes(n),
        )),
        before_names in names(),
        after_names in names(),
    ) {
        let before = Baseline { mql: before_mql, band: before_band, bands: before_names };
        let after = CompactStandings { mql: mql.clone(), band: band.clone(), ..Default::default() };
        let mut ranks = vec![9; 3];
        let counts = change_ranks(&before, &after, &after_names, &mut ranks);
        let expected = page_ranks(&before, &mql, &band, &after_names);
        prop_assert_eq!(&ranks, &expected);
        let mut tally = [0u32; 4];
        for &rank in &expected {
            tally[usize::from(rank)] += 1;
        }
        prop_assert_eq!(counts, Some(tally));
        // Other leads than the baseline's: no ranks.
        let longer = CompactStandings { mql: vec![0; mql.len() + 1], band: vec![0; mql.len() + 1], ..Default::default() };
        prop_assert_eq!(change_ranks(&before, &longer, &after_names, &mut ranks), None);
    }

    #[test]
    fn compact_columns_are_what_javascript_stores(standings in standings()) {
        check(&standings)?;
    }

    #[test]
    fn a_lead_sets_standings_in_compact_columns(
        model in model_strategy(),
        leads in prop::collection::vec(lead_strategy(), 0..8),
    ) {
        let mut set = LeadSet::from_json(Value::Array(leads).to_string()).unwrap();
        let scorer = Scorer::from_json(&model.to_string()).unwrap();
        check(&set.standings(&scorer, at(BASE)).0)?;
    }
}
