//! Numbers written as text (`"900"` for a company size), read exactly as serde_json reads a
//! JSON number: the same grammar (no `+`, no leading zeros, digits on both sides of a point),
//! the same significand-and-exponent arithmetic (a `u64` significand scaled by a table of powers
//! of ten, not correctly rounded in the last bit for some long inputs), so that every build reads
//! numeric text alike, with or without serde_json.

/// The number `text` holds, surrounded by JSON whitespace or not; None for anything that is not
/// a JSON number, or one too large for an `f64`.
pub fn parse_json_number(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let is_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let start = bytes.iter().position(|b| !is_space(b))?;
    let end = bytes.iter().rposition(|b| !is_space(b))? + 1;
    let mut number = Number {
        bytes: &bytes[start..end],
        at: 0,
    };
    let value = number.read()?;
    (number.at == number.bytes.len()).then_some(value)
}

struct Number<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Number<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn digit(&self) -> Option<u64> {
        self.peek()
            .filter(u8::is_ascii_digit)
            .map(|b| u64::from(b - b'0'))
    }

    fn read(&mut self) -> Option<f64> {
        let positive = if self.peek() == Some(b'-') {
            self.at += 1;
            false
        } else {
            true
        };
        let first = self.digit()?;
        self.at += 1;
        let mut significand = first;
        if first == 0 {
            if self.digit().is_some() {
                return None;
            }
        } else {
            while let Some(digit) = self.digit() {
                match significand
                    .checked_mul(10)
                    .and_then(|n| n.checked_add(digit))
                {
                    Some(next) => significand = next,
                    // Too long for a u64: count the remaining digits as powers of ten.
                    None => return self.long_integer(positive, significand),
                }
                self.at += 1;
            }
        }
        match self.peek() {
            Some(b'.') => self.decimal(positive, significand, 0),
            Some(b'e' | b'E') => self.exponent(positive, significand, 0),
            // Integers are exact up to 2^64; serde_json hands them on as integers.
            _ if positive => Some(significand as f64),
            _ => Some(-(significand as f64)),
        }
    }

    fn long_integer(&mut self, positive: bool, significand: u64) -> Option<f64> {
        let mut exponent = 0;
        while self.digit().is_some() {
            self.at += 1;
            exponent += 1;
        }
        match self.peek() {
            Some(b'.') => self.decimal(positive, significand, exponent),
            Some(b'e' | b'E') => self.exponent(positive, significand, exponent),
            _ => from_parts(positive, significand, exponent),
        }
    }

    fn decimal(&mut self, positive: bool, mut significand: u64, before_point: i32) -> Option<f64> {
        self.at += 1;
        let mut after_point = 0;
        let mut overflowed = false;
        while let Some(digit) = self.digit() {
            self.at += 1;
            if overflowed {
                continue;
            }
            match significand
                .checked_mul(10)
                .and_then(|n| n.checked_add(digit))
            {
                Some(next) => {
                    significand = next;
                    after_point -= 1;
                }
                // Further digits are ignored, as serde_json ignores them.
                None => overflowed = true,
            }
        }
        if after_point == 0 && !overflowed {
            return None;
        }
        let exponent = before_point + after_point;
        match self.peek() {
            Some(b'e' | b'E') => self.exponent(positive, significand, exponent),
            _ => from_parts(positive, significand, exponent),
        }
    }

    fn exponent(&mut self, positive: bool, significand: u64, starting: i32) -> Option<f64> {
        self.at += 1;
        let positive_exponent = match self.peek() {
            Some(b'+') => {
                self.at += 1;
                true
            }
            Some(b'-') => {
                self.at += 1;
                false
            }
            _ => true,
        };
        let mut exponent = self.digit()? as i32;
        self.at += 1;
        while let Some(digit) = self.digit() {
            self.at += 1;
            match exponent
                .checked_mul(10)
                .and_then(|n| n.checked_add(digit as i32))
            {
                Some(next) => exponent = next,
                None => {
                    // Out of range: an error upwards (unless zero), zero downwards.
                    while self.digit().is_some() {
                        self.at += 1;
                    }
                    if significand != 0 && positive_exponent {
                        return None;
                    }
                    return Some(if positive { 0.0 } else { -0.0 });
                }
            }
        }
        let exponent = if positive_exponent {
            starting.saturating_add(exponent)
        } else {
            starting.saturating_sub(exponent)
        };
        from_parts(positive, significand, exponent)
    }
}

/// `significand × 10^exponent`, scaled by the table as serde_json scales it; None when it is
/// too large for an `f64`.
fn from_parts(positive: bool, significand: u64, mut exponent: i32) -> Option<f64> {
    let mut value = significand as f64;
    loop {
        match POW10.get(exponent.unsigned_abs() as usize) {
            Some(&power) => {
                if exponent >= 0 {
                    value *= power;
                    if value.is_infinite() {
                        return None;
                    }
                } else {
                    value /= power;
                }
                break;
            }
            None => {
                if value == 0.0 {
                    break;
                }
                if exponent >= 0 {
                    return None;
                }
                value /= 1e308;
                exponent += 308;
            }
        }
    }
    Some(if positive { value } else { -value })
}

/// 1e0 to 1e308, each the `f64` nearest its decimal value.
static POW10: [f64; 309] = [
    1e000, 1e001, 1e002, 1e003, 1e004, 1e005, 1e006, 1e007, 1e008, 1e009, 1e010, 1e011, 1e012,
    1e013, 1e014, 1e015, 1e016, 1e017, 1e018, 1e019, 1e020, 1e021, 1e022, 1e023, 1e024, 1e025,
    1e026, 1e027, 1e028, 1e029, 1e030, 1e031, 1e032, 1e033, 1e034, 1e035, 1e036, 1e037, 1e038,
    1e039, 1e040, 1e041, 1e042, 1e043, 1e044, 1e045, 1e046, 1e047, 1e048, 1e049, 1e050, 1e051,
    1e052, 1e053, 1e054, 1e055, 1e056, 1e057, 1e058, 1e059, 1e060, 1e061, 1e062, 1e063, 1e064,
    1e065, 1e066, 1e067, 1e068, 1e069, 1e070, 1e071, 1e072, 1e073, 1e074, 1e075, 1e076, 1e077,
    1e078, 1e079, 1e080, 1e081, 1e082, 1e083, 1e084, 1e085, 1e086, 1e087, 1e088, 1e089, 1e090,
    1e091, 1e092, 1e093, 1e094, 1e095, 1e096, 1e097, 1e098, 1e099, 1e100, 1e101, 1e102, 1e103,
    1e104, 1e105, 1e106, 1e107, 1e108, 1e109, 1e110, 1e111, 1e112, 1e113, 1e114, 1e115, 1e116,
    1e117, 1e118, 1e119, 1e120, 1e121, 1e122, 1e123, 1e124, 1e125, 1e126, 1e127, 1e128, 1e129,
    1e130, 1e131, 1e132, 1e133, 1e134, 1e135, 1e136, 1e137, 1e138, 1e139, 1e140, 1e141, 1e142,
    1e143, 1e144, 1e145, 1e146, 1e147, 1e148, 1e149, 1e150, 1e151, 1e152, 1e153, 1e154, 1e155,
    1e156, 1e157, 1e158, 1e159, 1e160, 1e161, 1e162, 1e163, 1e164, 1e165, 1e166, 1e167, 1e168,
    1e169, 1e170, 1e171, 1e172, 1e173, 1e174, 1e175, 1e176, 1e177, 1e178, 1e179, 1e180, 1e181,
    1e182, 1e183, 1e184, 1e185, 1e186, 1e187, 1e188, 1e189, 1e190, 1e191, 1e192, 1e193, 1e194,
    1e195, 1e196, 1e197, 1e198, 1e199, 1e200, 1e201, 1e202, 1e203, 1e204, 1e205, 1e206, 1e207,
    1e208, 1e209, 1e210, 1e211, 1e212, 1e213, 1e214, 1e215, 1e216, 1e217, 1e218, 1e219, 1e220,
    1e221, 1e222, 1e223, 1e224, 1e225, 1e226, 1e227, 1e228, 1e229, 1e230, 1e231, 1e232, 1e233,
    1e234, 1e235, 1e236, 1e237, 1e238, 1e239, 1e240, 1e241, 1e242, 1e243, 1e244, 1e245, 1e246,
    1e247, 1e248, 1e249, 1e250, 1e251, 1e252, 1e253, 1e254, 1e255, 1e256, 1e257, 1e258, 1e259,
    1e260, 1e261, 1e262, 1e263, 1e264, 1e265, 1e266, 1e267, 1e268, 1e269, 1e270, 1e271, 1e272,
    1e273, 1e274, 1e275, 1e276, 1e277, 1e278, 1e279, 1e280, 1e281, 1e282, 1e283, 1e284, 1e285,
    1e286, 1e287, 1e288, 1e289, 1e290, 1e291, 1e292, 1e293, 1e294, 1e295, 1e296, 1e297, 1e298,
    1e299, 1e300, 1e301, 1e302, 1e303, 1e304, 1e305, 1e306, 1e307, 1e308,
];

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::prelude::*;

    fn serde_json_reads(text: &str) -> Option<f64> {
        serde_json::from_str::<f64>(text).ok()
    }

    #[test]
    fn reads_what_serde_json_reads() {
        for text in [
            "0",
            "-0",
            "900",
            " 900 ",
            "\t1.5\n",
            "1e3",
            "1E+3",
            "1e-3",
            "-12.50",
            "0.1",
            "01",
            "+1",
            "1.",
            ".5",
            "1e",
            "1e+",
            "-",
            "",
            " ",
            "1 2",
            "NaN",
            "Infinity",
            "1e309",
            "1e-400",
            "123456789012345678901234567890",
            "1.23456789012345678901234567890",
            "4e-320",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775809",
            "0.0000001",
            "1e99999999999",
            "0e99999999999",
            "1e-99999999999",
            "12345678901234567890.5e-10",
        ] {
            assert_eq!(
                parse_json_number(text).map(f64::to_bits),
                serde_json_reads(text).map(f64::to_bits),
                "{text:?}"
            );
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest! {
        #[test]
        fn agrees_with_serde_json_on_numbers(
            sign in prop::option::of(Just('-')),
            int in "[0-9]{1,25}",
            frac in prop::option::of("[0-9]{0,25}"),
            exp in prop::option::of(("[eE]", prop::option::of("[+-]"), "[0-9]{1,4}")),
        ) {
            let mut text = String::new();
            text.extend(sign);
            text.push_str(&int);
            if let Some(frac) = &frac {
                text.push('.');
                text.push_str(frac);
            }
            if let Some((e, s, digits)) = &exp {
                text.push_str(e);
                text.push_str(s.as_deref().unwrap_or(""));
                text.push_str(digits);
            }
            prop_assert_eq!(parse_json_number(&text).map(f64::to_bits), serde_json_reads(&text).map(f64::to_bits), "{}", text);
        }

        #[test]
        fn agrees_with_serde_json_on_any_short_text(text in "[-+0-9eE. a]{0,12}") {
            prop_assert_eq!(parse_json_number(&text).map(f64::to_bits), serde_json_reads(&text).map(f64::to_bits), "{}", text);
        }

        #[test]
        fn reads_back_what_rust_writes(n in any::<f64>().prop_filter("finite", |n| n.is_finite())) {
            let text = format!("{n:e}");
            prop_assert_eq!(parse_json_number(&text).map(f64::to_bits), serde_json_reads(&text).map(f64::to_bits), "{}", text);
        }
    }
}
