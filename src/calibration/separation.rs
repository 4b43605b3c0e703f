//! How well a ranking separates converters from the rest: ROC AUC with ties counted as half
//! (the Mann-Whitney statistic from mid-ranks), its 95% interval by DeLong's method, and the
//! lift of the top decile.

use super::split::Part;
use super::stats::{Tally, Z95};
use super::threshold::ThresholdPoint;
use crate::sort::sort_by;
use serde::Serialize;

/// How well a model's ranking separates converters, and what its threshold does.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Separation {
    pub part: Part,
    pub leads: Tally,
    pub auc: Option<Auc>,
    #[serde(serialize_with = "super::json_number::optional")]
    pub top_decile_lift: Option<f64>,
    pub at_threshold: ThresholdPoint,
}

/// The area under the ROC curve and its 95% confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Auc {
    #[serde(serialize_with = "super::json_number::plain")]
    pub auc: f64,
    /// DeLong's interval (normal approximation, clipped to 0..1); null with fewer than two
    /// leads in either class.
    #[serde(serialize_with = "super::json_number::optional")]
    pub low: Option<f64>,
    #[serde(serialize_with = "super::json_number::optional")]
    pub high: Option<f64>,
}

/// Ranks of `values` (1-based), tied values sharing the mean of their ranks.
fn mid_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    sort_by(&mut order, |&a, &b| values[a].total_cmp(&values[b]).is_lt());
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        // Ranks start+1 ..= end share their mean.
        let mean = (start + 1 + end) as f64 / 2.0;
        for &at in &order[start..end] {
            ranks[at] = mean;
        }
        start = end;
    }
    ranks
}

/// The AUC of `keys` (higher means likelier to convert) against `converted`: the chance that a
/// converter drawn at random ranks above a non-converter, ties counting half. `None` unless
/// both classes occur. Keys must not be NaN.
pub fn auc(keys: &[f64], converted: &[bool]) -> Option<Auc> {
    let positives: Vec<f64> = pick(keys, converted, true);
    let negatives: Vec<f64> = pick(keys, converted, false);
    let (m, n) = (positives.len(), negatives.len());
    if m == 0 || n == 0 {
        return None;
    }
    let all = mid_ranks(keys);
    let within_positives = mid_ranks(&positives);
    let within_negatives = mid_ranks(&negatives);
    let (mut rank_sum, mut p, mut q) = (0.0, 0, 0);
    // DeLong's structural components: for each converter, the share of non-converters it
    // outranks; for each non-converter, the share of converters that outrank it.
    let mut v10 = Vec::with_capacity(m);
    let mut v01 = Vec::with_capacity(n);
    for (at, &is_positive) in converted.iter().enumerate() {
        if is_positive {
            rank_sum += all[at];
            v10.push((all[at] - within_positives[p]) / n as f64);
            p += 1;
        } else {
            v01.push(1.0 - (all[at] - within_negatives[q]) / m as f64);
            q += 1;
        }
    }
    let area = (rank_sum - (m * (m + 1)) as f64 / 2.0) / (m as f64 * n as f64);
    let interval = (m >= 2 && n >= 2).then(|| {
        let spread = |v: &[f64]| {
            v.iter().map(|x| (x - area) * (x - area)).sum::<f64>() / (v.len() - 1) as f64
        };
        let variance = spread(&v10) / m as f64 + spread(&v01) / n as f64;
        let half = Z95 * libm::sqrt(variance);
        ((area - half).max(0.0), (area + half).min(1.0))
    });
    Some(Auc {
        auc: area,
        low: interval.map(|i| i.0),
        high: interval.map(|i| i.1),
    })
}

fn pick(keys: &[f64], converted: &[bool], class: bool) -> Vec<f64> {
    keys.iter()
        .zip(converted)
        .filter(|(_, &c)| c == class)
        .map(|(&k, _)| k)
        .collect()
}

/// The conversion rate of the best-ranked tenth of the leads over the overall rate. Leads tied
/// at the cut count in proportion (a tied group straddling it adds its rate times the places
/// left), so the figure does not depend on how ties happen to be ordered. `None` with fewer
/// than 10 leads or no conversion.
pub fn top_decile_lift(keys: &[f64], converted: &[bool]) -> Option<f64> {
    let total = keys.len();
    let all_converted = converted.iter().filter(|c| **c).count();
    if total < 10 || all_converted == 0 {
        return None;
    }
    let mut order: Vec<usize> = (0..total).collect();
    sort_by(&mut order, |&a, &b| keys[b].total_cmp(&keys[a]).is_lt());
    let places = total as f64 / 10.0;
    let (mut taken, mut top_converted, mut start) = (0.0, 0.0, 0);
    while start < total && taken < places {
        let mut end = start + 1;
        while end < total && keys[order[end]] == keys[order[start]] {
            end += 1;
        }
        let group = (end - start) as f64;
        let group_converted = order[start..end]
            .iter()
            .filter(|&&at| converted[at])
            .count() as f64;
        let share = ((places - taken) / group).min(1.0);
        top_converted += group_converted * share;
        taken += group * share;
        start = end;
    }
    Some((top_converted / places) / (all_converted as f64 / total as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_with_ties_worked_by_hand() {
        // Converters score 3, 2, 2; the others 2, 1. Of the 6 pairs, 4 are ordered right and
        // 2 tie (2 against 2): (4 + 2 * 0.5) / 6.
        let keys = [3.0, 2.0, 2.0, 2.0, 1.0];
        let converted = [true, true, true, false, false];
        let found = auc(&keys, &converted).unwrap();
        assert!((found.auc - 5.0 / 6.0).abs() < 1e-12);
        // DeLong: V10 (converters' share of others below them) = (1, 0.75, 0.75) and V01
        // (others' share of converters above them) = (2/3, 1), both averaging 5/6.
        // S10 = ((1/6)^2 + 2 (1/12)^2) / 2 = 1/48; S01 = ((1/6)^2 + (1/6)^2) / 1 = 1/18.
        let variance: f64 = (1.0 / 48.0) / 3.0 + (1.0 / 18.0) / 2.0;
        let half = Z95 * variance.sqrt();
        assert!((found.low.unwrap() - (5.0 / 6.0 - half)).abs() < 1e-12);
        assert_eq!(found.high, Some(1.0));
    }

    #[test]
    fn perfect_reversed_and_tied_rankings() {
        let converted = [true, true, false, false];
        assert_eq!(auc(&[4.0, 3.0, 2.0, 1.0], &converted).unwrap().auc, 1.0);
        assert_eq!(auc(&[1.0, 2.0, 3.0, 4.0], &converted).unwrap().auc, 0.0);
        assert_eq!(auc(&[5.0; 4], &converted).unwrap().auc, 0.5);
        assert_eq!(auc(&[1.0, 2.0], &[true, true]), None);
        // One lead in a class: an AUC but no interval.
        let single = auc(&[3.0, 1.0, 2.0], &[true, false, false]).unwrap();
        assert_eq!((single.auc, single.low), (1.0, None));
    }

    #[test]
    fn infinite_keys_rank_at_the_ends() {
        let keys = [f64::INFINITY, 5.0, f64::NEG_INFINITY, 5.0];
        let converted = [true, false, false, true];
        // Pairs: (inf, 5) 1, (inf, -inf) 1, (5, 5) 0.5, (5, -inf) 1.
        assert_eq!(auc(&keys, &converted).unwrap().auc, 3.5 / 4.0);
    }

    #[test]
    fn top_decile_lift_shares_tied_places() {
        // 20 leads, 4 converted (base 0.2). The top two places: one lead at 9 (converted)
        // and one place among three tied at 8, one of them converted (1/3).
        let mut keys = vec![9.0, 8.0, 8.0, 8.0];
        let mut converted = vec![true, true, false, false];
        keys.extend(std::iter::repeat_n(1.0, 16));
        converted.extend((0..16).map(|i| i < 2));
        let lift = top_decile_lift(&keys, &converted).unwrap();
        let expected = ((1.0 + 1.0 / 3.0) / 2.0) / 0.2;
        assert!((lift - expected).abs() < 1e-12, "{lift}");
        assert_eq!(top_decile_lift(&keys[..9], &converted[..9]), None);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// AUC depends on the ranking only: any strictly increasing transform of the scores
        /// leaves it (and its interval, and the top-decile lift) exactly as it was.
        #[test]
        fn auc_is_invariant_under_increasing_transforms(
            leads in prop::collection::vec((-50i64..50, any::<bool>()), 2..200),
            a in 0.1f64..10.0,
            b in -100.0f64..100.0,
        ) {
            let keys: Vec<f64> = leads.iter().map(|l| l.0 as f64).collect();
            let converted: Vec<bool> = leads.iter().map(|l| l.1).collect();
            let transforms: [&dyn Fn(f64) -> f64; 3] = [
                &|x| a * x + b,
                &|x| x * x * x + x,
                &|x| libm::exp(x / 20.0),
            ];
            for transform in transforms {
                let moved: Vec<f64> = keys.iter().map(|&x| transform(x)).collect();
                prop_assert_eq!(auc(&keys, &converted), auc(&moved, &converted));
                prop_assert_eq!(top_decile_lift(&keys, &converted), top_decile_lift(&moved, &converted));
            }
        }

        /// The mid-rank AUC equals the pairwise count it stands for.
        #[test]
        fn auc_counts_ordered_pairs(leads in prop::collection::vec((0i64..8, any::<bool>()), 2..60)) {
            let keys: Vec<f64> = leads.iter().map(|l| l.0 as f64).collect();
            let converted: Vec<bool> = leads.iter().map(|l| l.1).collect();
            let (mut wins, mut pairs) = (0.0, 0.0);
            for (x, cx) in &leads {
                for (y, cy) in &leads {
                    if *cx && !*cy {
                        pairs += 1.0;
                        wins += if x > y { 1.0 } else if x == y { 0.5 } else { 0.0 };
                    }
                }
            }
            match auc(&keys, &converted) {
                Some(found) => prop_assert!((found.auc - wins / pairs).abs() < 1e-12),
                None => prop_assert_eq!(pairs, 0.0),
            }
        }
    }
}
