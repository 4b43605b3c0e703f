//! Whole points: how a rule's points, exact only to a float's last bits, become the whole points
//! every tier shows.

/// Whole points, rounding halves away from zero, of points that are exact only to the last bits
/// of a float: a rule's decayed points are its points times its summed shares, and
/// `5 * (0.7 + 0.7 + 0.7)` is 10.499999999999998, where a reader (and a spreadsheet) sees 10.5.
/// So the points are first taken to nine decimals, which no share of a decay curve that matters
/// to a whole point falls between, and then a half goes away from zero: 10.5 gives 11 and -4.5
/// gives -5. The same arithmetic runs in every tier, so every tier gives the same points.
pub(super) fn round_points(points: f64) -> i64 {
    half_away(half_away(points * POINTS_GRAIN) / POINTS_GRAIN) as i64
}

/// `f64::round` (the nearest whole number, halves away from zero), by `trunc`: the same value
/// for every input, but Wasm has an instruction for `trunc` and none for `round`, which is a
/// call into libm there (and natively on most targets). `x - x.trunc()` is exact, and so is
/// the step of one from a whole number below 2^52 (at and above it every float is whole).
fn half_away(x: f64) -> f64 {
    let whole = x.trunc();
    if (x - whole).abs() >= 0.5 {
        whole + x.signum()
    } else {
        whole
    }
}

/// Parts per point that rounding keeps before it takes whole points (see `round_points`).
const POINTS_GRAIN: f64 = 1e9;

#[cfg(test)]
mod tests {
    use super::{half_away, round_points};

    #[test]
    fn halves_go_away_from_zero() {
        assert_eq!(round_points(10.5), 11);
        assert_eq!(round_points(-4.5), -5);
        assert_eq!(round_points(0.5), 1);
        assert_eq!(round_points(-0.5), -1);
        assert_eq!(round_points(2.4999), 2);
        assert_eq!(round_points(-2.5001), -3);
    }

    #[test]
    fn a_half_short_by_the_last_bits_of_a_sum_is_a_half() {
        let shares = 0.7 + 0.7 + 0.7;
        assert!(5.0 * shares < 10.5, "the float sum falls short of 10.5");
        assert_eq!(round_points(5.0 * shares), 11);
        assert_eq!(round_points(-5.0 * shares), -11);
        // Whichever order the arithmetic takes, the points agree.
        assert_eq!(round_points(5.0 * 0.7 + 5.0 * 0.7 + 5.0 * 0.7), 11);
    }

    #[test]
    fn half_away_is_round() {
        let edges = [
            0.0,
            -0.0,
            0.5,
            -0.5,
            0.49999999999999994,
            -0.49999999999999994,
            1.5,
            2.5,
            -2.5,
            4_503_599_627_370_495.5,
            -4_503_599_627_370_495.5,
            4_503_599_627_370_497.0,
            9.0e15 + 0.5,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        // And values of every size, halves among them, and bit patterns of every kind.
        let spread = (0..20_000).flat_map(|i| {
            let x = f64::from(i) * 0.25 - 2_500.0;
            [x, x * 1.000_000_1, x * 1e9, x / 3.0]
        });
        let mut bits = 0x9e37_79b9_7f4a_7c15_u64;
        let patterns = (0..100_000).map(move |_| {
            bits = bits.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            f64::from_bits(bits)
        });
        let spread = spread.chain(patterns.filter(|x| !x.is_nan()));
        for x in edges.into_iter().chain(spread) {
            assert_eq!(half_away(x).to_bits(), x.round().to_bits(), "{x:e}");
        }
        assert!(half_away(f64::NAN).is_nan());
    }

    #[test]
    fn whole_points_stay_whole_at_any_size() {
        for points in [0.0, 1.0, -1.0, 99.0, 1e6, -1e6, 9.0e15] {
            assert_eq!(round_points(points), points as i64);
        }
    }
}
