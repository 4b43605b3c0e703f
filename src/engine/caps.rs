//! Caps and floors on whole points, and how a cut is shared among the rules that caused it, so
//! the contributions still add up exactly to the capped score.

use crate::model::Bounds;
use crate::sort::sort_by;

/// Bounds the sum of `points` and shares the cut among them in proportion: a cap scales the
/// positive contributions down, a floor scales the negative ones toward zero. The shares are
/// whole points; the remainder goes to the largest fractions, earlier entries first on ties.
/// Returns the bounded sum.
pub(crate) fn bound_contributions(points: &mut [i64], bounds: Bounds) -> i64 {
    let sum: i64 = points.iter().sum();
    let target = bounds.clamp(sum);
    if target < sum {
        // Caps are never negative, so the positives alone can absorb the cut.
        let negatives: i64 = points.iter().filter(|p| **p < 0).sum();
        scale_where(points, |p| p > 0, target - negatives);
    } else if target > sum {
        // Floors are never positive, so the negatives alone can absorb the lift.
        let positives: i64 = points.iter().filter(|p| **p > 0).sum();
        scale_where(points, |p| p < 0, target - positives);
    }
    target
}

/// Scales the entries selected by `pick` (all of one sign) so that they sum to exactly
/// `target`, in proportion, the remainder by largest fraction.
pub(crate) fn scale_where(points: &mut [i64], pick: impl Fn(i64) -> bool, target: i64) {
    let total: i64 = points.iter().filter(|p| pick(**p)).sum();
    if total == 0 {
        return;
    }
    let mut remainders: Vec<(i128, usize)> = Vec::new();
    let mut assigned = 0i64;
    for (index, p) in points.iter_mut().enumerate() {
        if !pick(*p) {
            continue;
        }
        let exact = i128::from(*p) * i128::from(target);
        let share = exact / i128::from(total);
        remainders.push(((exact % i128::from(total)).abs(), index));
        *p = share as i64;
        assigned += *p;
    }
    // Integer division truncates toward zero; hand out what is left one point at a time.
    let mut left = target - assigned;
    // Largest remainder first; earlier entries first among equals.
    sort_by(&mut remainders, |a, b| (b.0, a.1) < (a.0, b.1));
    let step = left.signum();
    for (_, index) in remainders {
        if left == 0 {
            break;
        }
        points[index] += step;
        left -= step;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds(cap: Option<i64>, floor: Option<i64>) -> Bounds {
        Bounds { cap, floor }
    }

    #[test]
    fn within_bounds_nothing_changes() {
        let mut points = [15, 10, -5];
        assert_eq!(
            bound_contributions(&mut points, bounds(Some(100), Some(-50))),
            20
        );
        assert_eq!(points, [15, 10, -5]);
    }

    #[test]
    fn a_cap_scales_positives_and_keeps_penalties() {
        let mut points = [50, 30, 20, -10];
        // 90 capped to 60: positives must sum to 70 (100 scaled by 0.7).
        assert_eq!(bound_contributions(&mut points, bounds(Some(60), None)), 60);
        assert_eq!(points, [35, 21, 14, -10]);
        assert_eq!(points.iter().sum::<i64>(), 60);
    }

    #[test]
    fn remainders_go_to_the_largest_fractions() {
        let mut points = [10, 10, 10];
        assert_eq!(bound_contributions(&mut points, bounds(Some(20), None)), 20);
        // 6.67 each: two get rounded up, earlier entries first.
        assert_eq!(points, [7, 7, 6]);
        let mut points = [1, 1, 1];
        assert_eq!(bound_contributions(&mut points, bounds(Some(0), None)), 0);
        assert_eq!(points, [0, 0, 0]);
    }

    #[test]
    fn a_floor_scales_penalties_toward_zero() {
        let mut points = [10, -40, -20];
        assert_eq!(
            bound_contributions(&mut points, bounds(None, Some(-20))),
            -20
        );
        assert_eq!(points.iter().sum::<i64>(), -20);
        assert_eq!(points, [10, -20, -10]);
    }

    #[test]
    fn huge_values_do_not_overflow() {
        let mut points = [4_000_000_000_000, 5_000_000_000_000];
        assert_eq!(
            bound_contributions(&mut points, bounds(Some(1_000_000_000), None)),
            1_000_000_000
        );
        assert_eq!(points.iter().sum::<i64>(), 1_000_000_000);
    }
}
