//! Conversion by band, by score decile and by fixed score range, each row with its Wilson
//! interval and the conversion of every lead at or above it, and whether conversion rises with
//! the score. Leads that can never be MQLs (blocked) are left out of these tables: their score
//! decides nothing.

use super::input::{Gate, LeadScore};
use super::stats::Tally;
use crate::model::Band;
use crate::sort::sort_by;
use serde::Serialize;

/// One row of a conversion table: a band or a range of scores (`from` to `to`, inclusive).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConversionRow {
    pub label: String,
    pub from: Option<i64>,
    pub to: Option<i64>,
    #[serde(flatten)]
    pub tally: Tally,
    /// The conversion of every lead in this row and the rows above it.
    #[serde(serialize_with = "super::json_number::optional")]
    pub rate_at_or_above: Option<f64>,
}

/// A fall in conversion from one row to the next one up.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Dip {
    pub from: String,
    pub to: String,
    /// The intervals do not overlap: a real fall, not noise.
    pub clear: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConversionTable {
    pub rows: Vec<ConversionRow>,
    /// No clear dip: conversion rises (or holds) as the score rises.
    pub rises: bool,
    pub dips: Vec<Dip>,
}

/// The scored leads of a part: totals with outcomes, blocked leads left out.
pub struct Scored {
    totals: Vec<(i64, bool)>,
}

impl Scored {
    pub fn new<'a>(leads: impl Iterator<Item = (&'a LeadScore, bool)>) -> Scored {
        let mut totals: Vec<(i64, bool)> = leads
            .filter(|(score, _)| score.gate != Gate::Blocked)
            .map(|(score, converted)| (score.total, converted))
            .collect();
        sort_by(&mut totals, |a, b| a < b);
        Scored { totals }
    }

    pub fn is_empty(&self) -> bool {
        self.totals.is_empty()
    }

    /// Leads and conversions with totals in `from..=to`.
    fn tally(&self, from: i64, to: i64) -> Tally {
        let start = self.totals.partition_point(|(t, _)| *t < from);
        let end = self.totals.partition_point(|(t, _)| *t <= to);
        Tally::of(self.totals[start..end].iter().map(|(_, c)| *c))
    }

    /// Conversion by the model's bands, lowest first; leads below the first band's minimum
    /// come first as "(no band)" when there are any. `None` when the model has no bands.
    pub fn by_band(&self, bands: &[Band]) -> Option<ConversionTable> {
        if bands.is_empty() {
            return None;
        }
        let mut rows = Vec::new();
        let low = self.totals.first().map_or(0, |t| t.0);
        let first_min = bands[0].min.map(|m| libm::ceil(m) as i64);
        if let Some(min) = first_min.filter(|min| low < *min) {
            rows.push(row("(no band)".into(), i64::MIN, min - 1, self));
        }
        for (at, band) in bands.iter().enumerate() {
            let from = band.min.map_or(i64::MIN, |m| libm::ceil(m) as i64);
            let to = bands
                .get(at + 1)
                .and_then(|next| next.min)
                .map_or(i64::MAX, |m| libm::ceil(m) as i64 - 1);
            rows.push(row(band.name.clone(), from, to, self));
        }
        Some(finish(rows))
    }

    /// Fixed-width ranges of `width` points from the lowest score seen to the highest, empty
    /// ranges kept so the table reads as a scale; the top one is labelled "N+".
    pub fn by_range(&self, width: i64) -> ConversionTable {
        let (Some(low), Some(high)) = (self.totals.first(), self.totals.last()) else {
            return finish(Vec::new());
        };
        let width = width.max(1);
        let first = low.0.div_euclid(width) * width;
        let last = high.0.div_euclid(width) * width;
        let mut rows = Vec::new();
        let mut from = first;
        while from <= last {
            let label = if from == last {
                format!("{from}+")
            } else {
                format!("{from}–{}", from + width - 1)
            };
            rows.push(row(label, from, from + width - 1, self));
            from += width;
        }
        finish(rows)
    }

    /// Ranges of about a tenth of the leads each, cut at score values: leads with the same
    /// score always share a range, so concentrated scores give fewer than ten rows.
    pub fn by_decile(&self) -> ConversionTable {
        let n = self.totals.len();
        let mut cuts: Vec<i64> = Vec::new();
        for k in 0..10 {
            let Some(&(cut, _)) = self.totals.get(k * n / 10) else {
                break;
            };
            if cuts.last().is_none_or(|last| cut > *last) {
                cuts.push(cut);
            }
        }
        let high = self.totals.last().map_or(0, |t| t.0);
        let rows = cuts
            .iter()
            .enumerate()
            .map(|(at, &from)| {
                let to = cuts.get(at + 1).map_or(high, |next| next - 1);
                let label = if from == to {
                    format!("{from}")
                } else {
                    format!("{from}–{to}")
                };
                row(label, from, to, self)
            })
            .collect();
        finish(rows)
    }
}

fn row(label: String, from: i64, to: i64, scored: &Scored) -> ConversionRow {
    ConversionRow {
        label,
        from: (from != i64::MIN).then_some(from),
        to: (to != i64::MAX).then_some(to),
        tally: scored.tally(from, to),
        rate_at_or_above: None,
    }
}

/// Fills in the conversion at or above each row and finds the dips.
fn finish(mut rows: Vec<ConversionRow>) -> ConversionTable {
    let (mut leads, mut converted) = (0, 0);
    for row in rows.iter_mut().rev() {
        leads += row.tally.leads;
        converted += row.tally.converted;
        row.rate_at_or_above = super::stats::rate(converted, leads);
    }
    let filled: Vec<&ConversionRow> = rows.iter().filter(|r| r.tally.leads > 0).collect();
    let dips: Vec<Dip> = filled
        .windows(2)
        .filter(|pair| pair[1].tally.rate < pair[0].tally.rate)
        .map(|pair| Dip {
            from: pair[0].label.clone(),
            to: pair[1].label.clone(),
            clear: pair[1].tally.clearly_below(&pair[0].tally),
        })
        .collect();
    ConversionTable {
        rises: !dips.iter().any(|d| d.clear),
        rows,
        dips,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scored(leads: &[(i64, bool)]) -> Scored {
        let scores: Vec<LeadScore> = leads
            .iter()
            .map(|&(total, _)| LeadScore {
                total,
                gate: Gate::Scored,
            })
            .collect();
        Scored::new(scores.iter().zip(leads.iter().map(|l| l.1)))
    }

    fn sample() -> Scored {
        let mut leads = vec![(5, false), (10, false), (20, true), (30, false), (30, true)];
        leads.extend([(55, true), (60, true), (80, false), (90, true)]);
        let mut scores: Vec<LeadScore> = leads
            .iter()
            .map(|&(total, _)| LeadScore {
                total,
                gate: Gate::Scored,
            })
            .collect();
        // A blocked lead scoring 95 is left out of every table.
        scores.push(LeadScore {
            total: 95,
            gate: Gate::Blocked,
        });
        let outcomes = leads.iter().map(|l| l.1).chain([false]);
        Scored::new(scores.iter().zip(outcomes))
    }

    fn summary(table: &ConversionTable) -> Vec<(String, usize, usize)> {
        table
            .rows
            .iter()
            .map(|r| (r.label.clone(), r.tally.leads, r.tally.converted))
            .collect()
    }

    fn band(name: &str, min: Option<f64>) -> Band {
        Band {
            name: name.into(),
            min,
        }
    }

    #[test]
    fn the_band_table_worked_by_hand() {
        let bands = [
            band("cold", None),
            band("warm", Some(25.0)),
            band("hot", Some(50.0)),
            band("sales-ready", Some(70.0)),
        ];
        let table = sample().by_band(&bands).unwrap();
        let expected = [
            ("cold", 3, 1),
            ("warm", 2, 1),
            ("hot", 2, 2),
            ("sales-ready", 2, 1),
        ];
        assert_eq!(
            summary(&table),
            expected.map(|(l, n, c)| (l.to_string(), n, c))
        );
        let above: Vec<_> = table
            .rows
            .iter()
            .map(|r| r.rate_at_or_above.unwrap())
            .collect();
        assert_eq!(above, [5.0 / 9.0, 4.0 / 6.0, 3.0 / 4.0, 1.0 / 2.0]);
        assert_eq!((table.rows[1].from, table.rows[1].to), (Some(25), Some(49)));
        assert_eq!((table.rows[0].from, table.rows[3].to), (None, None));
        // Hot (2 of 2) to sales-ready (1 of 2) falls, but two leads a side cannot tell.
        assert_eq!(
            table.dips,
            [Dip {
                from: "hot".into(),
                to: "sales-ready".into(),
                clear: false
            }]
        );
        assert!(table.rises);
        // Leads below the first band's minimum get a row of their own.
        let table = sample().by_band(&bands[1..]).unwrap();
        assert_eq!(table.rows[0].label, "(no band)");
        assert_eq!((table.rows[0].tally.leads, table.rows[0].to), (3, Some(24)));
        assert!(sample().by_band(&[]).is_none());
    }

    #[test]
    fn fixed_ranges_and_deciles_worked_by_hand() {
        let table = sample().by_range(25);
        let expected = [
            ("0–24", 3, 1),
            ("25–49", 2, 1),
            ("50–74", 2, 2),
            ("75+", 2, 1),
        ];
        assert_eq!(
            summary(&table),
            expected.map(|(l, n, c)| (l.to_string(), n, c))
        );
        // Nine leads: the cuts fall at sorted positions 0, 0, 1, ..., 8, ties merged.
        let table = sample().by_decile();
        let labels: Vec<_> = table.rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(
            labels,
            ["5–9", "10–19", "20–29", "30–54", "55–59", "60–79", "80–89", "90"]
        );
        assert_eq!(table.rows[3].tally.leads, 2);
        assert!(scored(&[]).by_range(10).rows.is_empty());
        assert!(scored(&[]).by_decile().rows.is_empty());
        // Negative scores floor to their range.
        assert_eq!(
            scored(&[(-5, false), (4, true)]).by_range(10).rows[0].label,
            "-10–-1"
        );
    }

    #[test]
    fn a_clear_dip_means_conversion_does_not_rise() {
        let mut leads: Vec<(i64, bool)> = (0..100).map(|i| (10, i < 50)).collect();
        leads.extend((0..100).map(|i| (20, i < 5)));
        leads.extend((0..100).map(|i| (30, i < 60)));
        let table = scored(&leads).by_range(10);
        assert!(!table.rises);
        assert_eq!(
            table.dips,
            [Dip {
                from: "10–19".into(),
                to: "20–29".into(),
                clear: true
            }]
        );
    }
}
