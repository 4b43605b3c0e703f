//! Numbers written into results as ECMAScript's `Number::toString` writes them (and so as
//! `JSON.stringify` does): `75`, not `75.0`; `0.000003`, not `3e-6`; `10000000000000000`, not
//! `1e16`; exponent form only below 1e-6 or from 1e21 (`1e-7`, `1e+21`). A result is then the
//! same text natively and in Wasm as its objects re-stringified in Node or a browser. Without
//! the `json` feature nothing is written as JSON text (the small engine's results cross to
//! JavaScript as the numbers' own bits, `wasm/compact_result.rs`, and JavaScript lays them out),
//! so a number goes to its serializer as it is.

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
    // serde_json writes "3e-6", "1.5e17", "0.25" or "1196342859156188.2".
    let shortest = serde_json::to_string(&n.abs()).unwrap_or_default();
    let (mantissa, exponent) = shortest.split_once('e').unwrap_or((&shortest, "0"));
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // The value is 0.digits × 10^point, digits without leading or trailing zeros.
    let mut point = whole.len() as i64 + exponent.parse::<i64>().unwrap_or(0);
    let all = format!("{whole}{fraction}");
    let digits = all.trim_start_matches('0');
    point -= (all.len() - digits.len()) as i64;
    let digits = digits.trim_end_matches('0');
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
    }
}
