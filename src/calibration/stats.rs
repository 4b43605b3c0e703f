//! Small statistics the reports share: rates with their 95% Wilson intervals, quantiles of a
//! sorted list, and a tally of leads and conversions.

use serde::Serialize;

/// The normal quantile for a two-sided 95% interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// `part / whole`, or `None` when `whole` is zero.
pub fn rate(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The 95% Wilson score interval of `successes` out of `trials`, or `None` without trials.
/// Unlike the normal approximation it stays within 0 and 1 and is honest for small counts:
/// 0 of 10 gives 0 to 0.278, 5 of 10 gives 0.237 to 0.763.
pub fn wilson(successes: usize, trials: usize) -> Option<(f64, f64)> {
    if trials == 0 {
        return None;
    }
    let n = trials as f64;
    let p = successes as f64 / n;
    let z2 = Z95 * Z95;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = Z95 / denominator * libm::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n));
    // At 0 or all successes the bound is exactly 0 or 1; rounding would leave it a hair off.
    let low = if successes == 0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let high = if successes == trials {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    Some((low, high))
}

/// The `q` quantile (0 to 1) of ascending `sorted` values, by linear interpolation between
/// the closest ranks (the method spreadsheets call PERCENTILE.INC), or `None` when empty.
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let position = q.clamp(0.0, 1.0) * last as f64;
    let below = libm::floor(position) as usize;
    let above = (below + 1).min(last);
    let weight = position - below as f64;
    Some(sorted[below] + (sorted[above] - sorted[below]) * weight)
}

/// Leads and how many of them converted, with the rate and its Wilson interval.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tally {
    pub leads: usize,
    pub converted: usize,
    #[serde(serialize_with = "super::json_number::optional")]
    pub rate: Option<f64>,
    /// The 95% Wilson interval of the rate.
    #[serde(serialize_with = "super::json_number::optional")]
    pub low: Option<f64>,
    #[serde(serialize_with = "super::json_number::optional")]
    pub high: Option<f64>,
}

impl Tally {
    pub fn new(leads: usize, converted: usize) -> Tally {
        let interval = wilson(converted, leads);
        Tally {
            leads,
            converted,
            rate: rate(converted, leads),
            low: interval.map(|i| i.0),
            high: interval.map(|i| i.1),
        }
    }

    /// Counts the converted among `outcomes`.
    pub fn of(outcomes: impl Iterator<Item = bool>) -> Tally {
        let (mut leads, mut converted) = (0, 0);
        for outcome in outcomes {
            leads += 1;
            converted += usize::from(outcome);
        }
        Tally::new(leads, converted)
    }

    /// The rates of the two tallies cannot both be true: their intervals do not overlap and
    /// `self` converts less than `before`.
    pub fn clearly_below(&self, before: &Tally) -> bool {
        matches!((self.high, before.low), (Some(high), Some(low)) if high < low)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 5e-5
    }

    #[test]
    fn wilson_intervals_worked_by_hand() {
        // 5 of 10: centre 0.5, half-width 1.95996/1.38415 * sqrt(0.025 + 0.0096037) = 0.26341.
        let (low, high) = wilson(5, 10).unwrap();
        assert!(close(low, 0.23659) && close(high, 0.76341), "{low} {high}");
        // 0 of 10: centre = half-width = 0.19207/1.38415 = 0.13877.
        let (low, high) = wilson(0, 10).unwrap();
        assert!(low == 0.0 && close(high, 0.27753), "{low} {high}");
        // 10 of 10 mirrors 0 of 10.
        let (low, high) = wilson(10, 10).unwrap();
        assert!(close(low, 0.72247) && high == 1.0, "{low} {high}");
        // 31 of 100: z²/n = 0.038415, centre = (0.31 + 0.019207)/1.038415 = 0.31703,
        // half = 1.887457 * sqrt(0.002139 + 0.00009604) = 0.08923.
        let (low, high) = wilson(31, 100).unwrap();
        assert!(close(low, 0.22780) && close(high, 0.40626), "{low} {high}");
        assert_eq!(wilson(0, 0), None);
    }

    #[test]
    fn quantiles_interpolate_between_ranks() {
        let values = [1.0, 2.0, 3.0, 4.0, 10.0];
        assert_eq!(quantile(&values, 0.5), Some(3.0));
        // Position 0.9 * 4 = 3.6: 4 + 0.6 * (10 - 4).
        assert!(close(quantile(&values, 0.9).unwrap(), 7.6));
        assert_eq!(quantile(&values, 0.0), Some(1.0));
        assert_eq!(quantile(&values, 1.0), Some(10.0));
        assert_eq!(quantile(&[], 0.5), None);
        assert_eq!(quantile(&[7.0], 0.9), Some(7.0));
    }

    #[test]
    fn tallies_count_and_compare() {
        let tally = Tally::of([true, false, false, true].into_iter());
        assert_eq!(
            (tally.leads, tally.converted, tally.rate),
            (4, 2, Some(0.5))
        );
        assert!(Tally::new(100, 5).clearly_below(&Tally::new(100, 50)));
        assert!(!Tally::new(10, 4).clearly_below(&Tally::new(10, 5)));
        assert_eq!(Tally::new(0, 0).rate, None);
    }
}
