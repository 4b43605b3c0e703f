//! RFC 3339 text in any shape chrono's `DateTime::parse_from_rfc3339` takes (lowercase `t` and
//! `z`, a space for `T`, leap seconds, the minus sign U+2212, any number of fraction digits), read
//! step by step as chrono reads it, failing with chrono's words at the same step: the crate's
//! slow path, without chrono's parser and its error type in the small engine. A test compares
//! the two on generated texts.

use super::{days_from_civil, days_in_month};

const OUT_OF_RANGE: &str = "input is out of range";
const INVALID: &str = "input contains invalid characters";
const TOO_SHORT: &str = "premature end of input";
const TOO_LONG: &str = "trailing input";

/// Epoch milliseconds of `text`, or chrono's words for why it is not RFC 3339.
pub(super) fn parse(text: &str) -> Result<i64, &'static str> {
    let bytes = text.as_bytes();
    if bytes.len() < 19 {
        return Err(TOO_SHORT);
    }
    let digit = |at: usize| match bytes[at] {
        b @ b'0'..=b'9' => Ok(i64::from(b - b'0')),
        _ => Err(INVALID),
    };
    let separator = |at: usize, allowed: &[u8]| {
        if allowed.contains(&bytes[at]) {
            Ok(())
        } else {
            Err(INVALID)
        }
    };
    let year = digit(0)? * 1000 + digit(1)? * 100 + digit(2)? * 10 + digit(3)?;
    separator(4, b"-")?;
    let month = digit(5)? * 10 + digit(6)?;
    separator(7, b"-")?;
    let day = digit(8)? * 10 + digit(9)?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err(OUT_OF_RANGE);
    }
    separator(10, b"tT ")?;
    let hour = digit(11)? * 10 + digit(12)?;
    separator(13, b":")?;
    let minute = digit(14)? * 10 + digit(15)?;
    separator(16, b":")?;
    let second = digit(17)? * 10 + digit(18)?;
    // A leap second is the 59th second and a second more of nanoseconds, as chrono keeps it.
    let (second, mut nanos) = if second == 60 {
        (59, 1_000_000_000)
    } else {
        (second, 0)
    };
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let (value, after) = fraction_nanos(fraction)?;
        nanos += value;
        rest = after;
    }
    if hour >= 24 || minute >= 60 || second >= 60 {
        return Err(OUT_OF_RANGE);
    }
    let offset = offset_seconds(&mut rest)?;
    if !rest.is_empty() {
        return Err(TOO_LONG);
    }
    if offset.abs() >= 86_400 {
        return Err(OUT_OF_RANGE);
    }
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    Ok((seconds - offset) * 1000 + nanos / 1_000_000)
}

/// The fraction's first nine digits as nanoseconds (at least one digit), and what follows the
/// digits (any past the ninth skipped).
fn fraction_nanos(text: &str) -> Result<(i64, &str), &'static str> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    match text.bytes().next() {
        None => return Err(TOO_SHORT),
        Some(_) if digits == 0 => return Err(INVALID),
        Some(_) => {}
    }
    let nanos = text.as_bytes()[..digits.min(9)]
        .iter()
        .chain(std::iter::repeat(&b'0'))
        .take(9)
        .fold(0, |n, &b| n * 10 + i64::from(b - b'0'));
    Ok((nanos, &text[digits..]))
}

/// `Z`, or a sign (`+`, `-` or U+2212), two digits of hours, `:` and two of minutes: the offset
/// in seconds east of UTC, `rest` moved past it.
fn offset_seconds(rest: &mut &str) -> Result<i64, &'static str> {
    let text = *rest;
    if let Some(after) = text.strip_prefix(['Z', 'z']) {
        *rest = after;
        return Ok(0);
    }
    let (negative, text) = match text.chars().next() {
        Some('+') => (false, &text[1..]),
        Some('-') => (true, &text[1..]),
        Some('\u{2212}') => (true, &text['\u{2212}'.len_utf8()..]),
        Some(_) => return Err(INVALID),
        None => return Err(TOO_SHORT),
    };
    let hours = match *text.as_bytes() {
        [h1 @ b'0'..=b'9', h2 @ b'0'..=b'9', ..] => i64::from((h1 - b'0') * 10 + (h2 - b'0')),
        [_, _, ..] => return Err(INVALID),
        _ => return Err(TOO_SHORT),
    };
    let text = match text.as_bytes().get(2) {
        Some(b':') => &text[3..],
        Some(_) => return Err(INVALID),
        None => return Err(TOO_SHORT),
    };
    let minutes = match *text.as_bytes() {
        [m1 @ b'0'..=b'5', m2 @ b'0'..=b'9', ..] => i64::from((m1 - b'0') * 10 + (m2 - b'0')),
        [b'6'..=b'9', b'0'..=b'9', ..] => return Err(OUT_OF_RANGE),
        [_, _, ..] => return Err(INVALID),
        _ => return Err(TOO_SHORT),
    };
    *rest = &text[2..];
    let seconds = hours * 3600 + minutes * 60;
    Ok(if negative { -seconds } else { seconds })
}

#[cfg(test)]
mod tests {
    use super::parse;
    use chrono::DateTime;

    /// Texts near RFC 3339, mutated a character at a time (xorshift, so a failure is found again).
    fn texts() -> impl Iterator<Item = String> {
        const SEEDS: [&str; 6] = [
            "2026-11-21T09:30:00Z",
            "2024-02-29t23:59:60.123456789123+23:59",
            "0000-01-01 00:00:00.5-00:00",
            "9999-12-31T23:59:59.999\u{2212}01:30",
            "1970-01-01T00:00:00z",
            "2023-02-29T10:00:00+05:30",
        ];
        const PIECES: [&str; 16] = [
            "0", "1", "5", "6", "9", "-", ":", "T", " ", "Z", "+", "\u{2212}", ".", "x", "é", "",
        ];
        let mut state = 0x7157_2026_u64;
        let mut below = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        (0..200_000).map(move |_| {
            let mut text: Vec<&str> = SEEDS[below(SEEDS.len())]
                .split_inclusive(|_| true)
                .collect();
            for _ in 0..below(3) {
                let at = below(text.len() + 1);
                let piece = PIECES[below(PIECES.len())];
                match below(3) {
                    0 if at < text.len() => text[at] = piece,
                    1 => text.insert(at, piece),
                    _ => text.truncate(at.max(1)),
                }
            }
            text.concat()
        })
    }

    #[test]
    fn reads_every_text_as_chrono_does() {
        let (mut read, mut refused) = (0, 0);
        for text in texts() {
            let chrono = DateTime::parse_from_rfc3339(&text)
                .map(|at| at.timestamp_millis())
                .map_err(|err| err.to_string());
            let ours = parse(&text).map_err(str::to_string);
            assert_eq!(ours, chrono, "{text:?}");
            if ours.is_ok() {
                read += 1;
            } else {
                refused += 1;
            }
        }
        assert!(
            read > 10_000 && refused > 10_000,
            "{read} read, {refused} refused"
        );
    }
}
