//! Numbers written into results as ECMAScript's `Number::toString` writes them (and so as
//! `JSON.stringify` does): `75`, not `75.0`; `0.000003`, not `3e-6`; `10000000000000000`, not
//! `1e16`; exponent form only below 1e-6 or from 1e21 (`1e-7`, `1e+21`). A result is then the
//! same text natively and in Wasm as its objects re-stringified in Node or a browser. Without
//! the `json` feature nothing is written as JSON text (the small engine's results cross to
//! JavaScript as the numbers' own bits, `wasm/compact_result.rs`, and JavaScript lays them out),
//! so a number goes to its serializer as it is. Numbers in messages are written by
//! `plain_text`, as Rust's `{}` writes them.

#[cfg(feature = "json")]
use serde::ser::Error as _;
#[cfg(feature = "json")]
use serde::Serialize as _;
#[cfg(feature = "json")]
use serde_json::value::RawValue;

/// Writes a number as JavaScript does; NaN and the infinities as `null`, as `JSON.stringify`
/// does.
pub(crate) fn serialize_js_number<S: serde::Serializer>(
    n: f64,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        return serializer.serialize_i64(n as i64);
    }
    // serde_json writes these fractions in the shortest digits without an exponent, as
    // JavaScript does (and non-finite numbers as null); a whole number with a ".0".
    if !n.is_finite() || (n.fract() != 0.0 && (1e-5..1e16).contains(&n.abs())) {
        return serializer.serialize_f64(n);
    }
    #[cfg(feature = "json")]
    return RawValue::from_string(js_text(n))
        .map_err(S::Error::custom)?
        .serialize(serializer);
    #[cfg(not(feature = "json"))]
    serializer.serialize_f64(n)
}

/// ECMAScript's `Number::toString(10)` of a finite number: the shortest digits that read back
/// as the same number (serde_json's, which break a tie to the even digit as ECMAScript asks),
/// laid out by where the decimal point falls.
#[cfg(feature = "json")]
pub(crate) fn js_text(n: f64) -> String {
    if n == 0.0 {
        return "0".to_string();
    }
    let sign = if n < 0.0 { "-" } else { "" };
    let (digits, point) = shortest_digits(n);
    let k = digits.len() as i64;
    let body = if k <= point && point <= 21 {
        format!("{digits}{}", "0".repeat((point - k) as usize))
    } else if 0 < point && point <= 21 {
        let (whole, fraction) = digits.split_at(point as usize);
        format!("{whole}.{fraction}")
    } else if -6 < point && point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else {
        let exponent = point - 1;
        let exponent_sign = if exponent < 0 { "-" } else { "+" };
        let (first, rest) = digits.split_at(1);
        let fraction = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        format!("{first}{fraction}e{exponent_sign}{}", exponent.abs())
    };
    format!("{sign}{body}")
}

/// A number in a message as Rust's `{}` writes it: the shortest digits that read back as the
/// same number, in plain decimal whatever its size (`0.0000001`, `1000000000000000000000`),
/// `-0`, `NaN`, `inf`. With `json`, serde's messages link the standard formatter anyway, so it
/// writes them; without (the small engine), `plain_decimal` does, and the formatter (about 14 KB
/// of Wasm) is left out.
pub(crate) fn plain_text(n: f64) -> String {
    if cfg!(feature = "json") {
        n.to_string()
    } else {
        plain_decimal(n)
    }
}

/// What Rust's `{}` writes of a number, from the shortest digits the crate already carries.
fn plain_decimal(n: f64) -> String {
    if !n.is_finite() {
        return zmij::Buffer::new().format(n).to_string();
    }
    let sign = if n.is_sign_negative() { "-" } else { "" };
    if n == 0.0 {
        return format!("{sign}0");
    }
    let (digits, point) = rust_shortest_digits(n);
    let k = digits.len() as i64;
    let body = if k <= point {
        format!("{digits}{}", "0".repeat((point - k) as usize))
    } else if 0 < point {
        let (whole, fraction) = digits.split_at(point as usize);
        format!("{whole}.{fraction}")
    } else {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    };
    format!("{sign}{body}")
}

/// The shortest digits as Rust's formatter chooses them: zmij's, but for a number exactly
/// halfway between two shortest texts (`1196342859156188.25`), where zmij takes the even last
/// digit and Rust the one further from zero.
fn rust_shortest_digits(n: f64) -> (String, i64) {
    let (digits, point) = shortest_digits(n);
    let Ok(lower) = digits.parse::<u64>() else {
        return (digits, point);
    };
    let k = digits.len() as i64;
    if lower % 2 != 0 || !is_exactly(n.abs(), lower * 10 + 5, point - k - 1) {
        return (digits, point);
    }
    let upper = (lower + 1).to_string();
    // 99…9 + 1 has one digit more, and the point moves with it.
    let point = point + (upper.len() as i64 - k);
    (upper.trim_end_matches('0').to_string(), point)
}

/// Whether a finite, positive `n` is exactly the odd `digits` × 10^`scale`.
fn is_exactly(n: f64, digits: u64, scale: i64) -> bool {
    let bits = n.to_bits();
    let raw_exponent = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1 << 52) - 1);
    let (mantissa, exponent) = if raw_exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), raw_exponent - 1075)
    };
    let twos = i64::from(mantissa.trailing_zeros());
    let odd = u128::from(mantissa >> twos);
    // odd × 2^(twos + exponent) = digits × 2^scale × 5^scale, both odd parts odd.
    if twos + exponent != scale {
        return false;
    }
    let fives = |power: i64| u32::try_from(power).ok().and_then(|p| 5u128.checked_pow(p));
    if scale < 0 {
        fives(-scale).and_then(|f| odd.checked_mul(f)) == Some(u128::from(digits))
    } else {
        fives(scale).and_then(|f| u128::from(digits).checked_mul(f)) == Some(odd)
    }
}

/// The shortest digits that read back as a finite, non-zero `n` (zmij's, which serde_json
/// writes), without leading or trailing zeros, and where the decimal point falls: |n| is
/// 0.digits × 10^point.
fn shortest_digits(n: f64) -> (String, i64) {
    let mut buffer = zmij::Buffer::new();
    // zmij writes "3e-6", "1.5e17", "0.25" or "1196342859156188.2".
    let shortest = buffer.format_finite(n.abs());
    let (mantissa, exponent) = shortest.split_once('e').unwrap_or((shortest, "0"));
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut point = whole.len() as i64 + exponent.parse::<i64>().unwrap_or(0);
    let all = format!("{whole}{fraction}");
    let digits = all.trim_start_matches('0');
    point -= (all.len() - digits.len()) as i64;
    (digits.trim_end_matches('0').to_string(), point)
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;

    #[test]
    fn every_layout_of_number_to_string() {
        for (n, text) in [
            (0.0, "0"),
            (-0.0, "0"),
            (1.5, "1.5"),
            (123.0, "123"),
            // A tie between two shortest texts (…188.25): the even digit, as ECMAScript asks.
            (-1196342859156188.2, "-1196342859156188.2"),
            (1e-6, "0.000001"),
            (0.0000015, "0.0000015"),
            (-4e-6, "-0.000004"),
            (9.99e-7, "9.99e-7"),
            (1e-7, "1e-7"),
            (1e16, "10000000000000000"),
            (1.5e17, "150000000000000000"),
            (1.2345678901234567e20, "123456789012345670000"),
            (1e21, "1e+21"),
            (1.2345e22, "1.2345e+22"),
            (-1.7976931348623157e308, "-1.7976931348623157e+308"),
            (5e-324, "5e-324"),
        ] {
            assert_eq!(js_text(n), text, "{n:e}");
        }
    }

    #[test]
    fn messages_lay_numbers_out_as_rust_does() {
        for n in [
            0.0,
            -0.0,
            1.5,
            -250.0,
            0.1,
            1e-7,
            -4e-6,
            1.2345678901234567e20,
            1e21,
            -1.7976931348623157e308,
            5e-324,
            -1196342859156188.2,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            assert_eq!(plain_decimal(n), format!("{n}"), "{n:e}");
        }
    }

    #[test]
    fn numbers_serialize_as_javascript_writes_them() {
        struct Number(f64);
        impl serde::Serialize for Number {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                serialize_js_number(self.0, s)
            }
        }
        for (n, text) in [
            (75.0, "75"),
            (0.25, "0.25"),
            (3e-6, "0.000003"),
            (9e15, "9000000000000000"),
            (2e20, "200000000000000000000"),
            (1e21, "1e+21"),
            (f64::NAN, "null"),
        ] {
            assert_eq!(serde_json::to_string(&Number(n)).unwrap(), text, "{n:e}");
            // Into a serde_json value, the same number (which that value then writes its way).
            let value = serde_json::to_value(Number(n)).unwrap();
            assert_eq!(value.as_f64(), Some(n).filter(|n| n.is_finite()), "{n:e}");
        }
    }
}

#[cfg(all(test, feature = "json", not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Where serde_json's text is kept it is JavaScript's, and the text reads back as the
        /// same number.
        #[test]
        fn the_text_reads_back_and_agrees_with_serde_json_where_kept(bits in any::<u64>()) {
            let n = f64::from_bits(bits);
            prop_assume!(n.is_finite());
            let text = js_text(n);
            prop_assert_eq!(text.parse::<f64>().unwrap(), n);
            if (1e-5..1e16).contains(&n.abs()) && n.fract() != 0.0 {
                prop_assert_eq!(serde_json::to_string(&n).unwrap(), text);
            }
        }

        /// A number in a message is what Rust's `{}` writes, for every bit pattern.
        #[test]
        fn messages_write_what_the_standard_formatter_writes(bits in any::<u64>()) {
            let n = f64::from_bits(bits);
            prop_assert_eq!(plain_decimal(n), format!("{n}"));
        }

        /// And for numbers with few significant bits at every scale, where a number can lie
        /// exactly halfway between two shortest texts.
        #[test]
        fn messages_break_ties_as_the_standard_formatter_does(
            odd in any::<u32>(),
            scale in -80i32..80,
            negative in any::<bool>(),
        ) {
            let n = f64::from(odd | 1) * 2f64.powi(scale) * if negative { -1.0 } else { 1.0 };
            prop_assert_eq!(plain_decimal(n), format!("{n}"));
            let wide = (f64::from(odd | 1) * 2f64.powi(21) + 1.0) * 2f64.powi(scale);
            prop_assert_eq!(plain_decimal(wide), format!("{wide}"));
        }
    }
}
