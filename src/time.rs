//! Instants in milliseconds since the Unix epoch, read from RFC 3339 text or epoch
//! milliseconds and written the way JavaScript's `Date.prototype.toISOString` writes them.

use serde::de::{self, Deserializer, Visitor};
use std::fmt;

mod rfc3339;

/// One millisecond-resolution instant. The core never reads a clock: every "now" is one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

pub const MS_PER_DAY: i64 = 86_400_000;

/// The instants leadscore accepts: years 0001 to 9999, the range RFC 3339 text can express.
const MIN_MS: i64 = -62_135_596_800_000; // 0001-01-01T00:00:00Z
const MAX_MS: i64 = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

impl Timestamp {
    /// The last instant leadscore reads: every event is at or before it.
    #[cfg(feature = "json")]
    pub(crate) const LATEST: Timestamp = Timestamp(MAX_MS);

    /// An instant from epoch milliseconds, if it lies within years 0001 to 9999.
    pub fn from_millis(ms: i64) -> Option<Self> {
        (MIN_MS..=MAX_MS).contains(&ms).then_some(Timestamp(ms))
    }

    /// An instant from epoch milliseconds read as a whole number, or why it cannot be one.
    pub(crate) fn from_whole_millis(ms: i64) -> Result<Self, String> {
        Self::from_millis(ms)
            .ok_or_else(|| format!("{ms} ms since the epoch is outside the years 0001 to 9999"))
    }

    /// An instant from epoch milliseconds read as an unsigned whole number, or why it cannot be
    /// one.
    pub(crate) fn from_unsigned_millis(ms: u64) -> Result<Self, String> {
        i64::try_from(ms)
            .map_err(|_| format!("{ms} ms since the epoch is out of range"))
            .and_then(Self::from_whole_millis)
    }

    /// An instant taken from one that was already validated (an event's or an as-of time).
    pub(crate) const fn from_trusted_millis(ms: i64) -> Self {
        Timestamp(ms)
    }

    pub fn millis(self) -> i64 {
        self.0
    }

    /// Reads RFC 3339 text such as `2026-11-21T09:30:00Z` or `2026-11-21T10:30:00.250+01:00`.
    /// Precision beyond the millisecond is truncated.
    pub fn parse(text: &str) -> Result<Self, String> {
        // Nearly every time comes in the common shape, read here directly; anything else
        // (lowercase separators, leap seconds, odd spacing) goes to the full parser, chrono's
        // read again (`rfc3339.rs`).
        if let Some(ms) = parse_common_rfc3339(text.as_bytes()) {
            return Self::from_millis(ms)
                .ok_or_else(|| format!("{text:?} is outside the years 0001 to 9999"));
        }
        let ms = rfc3339::parse(text.trim()).map_err(|err| {
            format!("{text:?} is not an RFC 3339 time such as \"2026-11-21T09:30:00Z\" ({err})")
        })?;
        Self::from_millis(ms).ok_or_else(|| format!("{text:?} is outside the years 0001 to 9999"))
    }

    /// Reads epoch milliseconds given as a JSON or JavaScript number.
    pub fn from_epoch_number(ms: f64) -> Result<Self, String> {
        if !ms.is_finite() || ms.fract() != 0.0 {
            return Err(format!(
                "{} is not a whole number of milliseconds since the epoch",
                crate::number_layout::plain_text(ms)
            ));
        }
        // The range check below also rejects magnitudes that do not fit an i64.
        if !(MIN_MS as f64..=MAX_MS as f64).contains(&ms) {
            return Err(format!(
                "{} ms since the epoch is outside the years 0001 to 9999",
                crate::number_layout::plain_text(ms)
            ));
        }
        Ok(Timestamp(ms as i64))
    }

    /// Whole days (floored) since the epoch, in UTC.
    pub fn day_index(self) -> i64 {
        self.0.div_euclid(MS_PER_DAY)
    }

    /// Months since year 0, in UTC: the bucket for "at most N per month" limits.
    pub fn month_index(self) -> i64 {
        let (year, month, _) = civil_from_days(self.day_index());
        year * 12 + (month - 1)
    }

    /// ISO weeks (Monday to Sunday, UTC) since the epoch's week.
    pub fn week_index(self) -> i64 {
        // 1970-01-01 was a Thursday: shift so that weeks start on Monday.
        (self.day_index() + 3).div_euclid(7)
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`, from the crate's own calendar (a year past 9999 as `+10000`,
    /// before 0000 as `-0001`, as chrono writes them).
    pub fn to_rfc3339(self) -> String {
        use fmt::Write as _;
        let (year, month, day) = civil_from_days(self.day_index());
        let ms = self.0.rem_euclid(MS_PER_DAY);
        let mut text = String::with_capacity(24);
        // Writing into a String cannot fail.
        let _ = match year {
            0..=9999 => write!(text, "{year:04}"),
            _ => write!(text, "{year:+05}"),
        };
        let _ = write!(
            text,
            "-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
            ms / 3_600_000,
            ms / 60_000 % 60,
            ms / 1000 % 60,
            ms % 1000
        );
        text
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` as epoch milliseconds, or None for any other
/// shape or an impossible date (which then gets chrono's full parse and its error message).
fn parse_common_rfc3339(bytes: &[u8]) -> Option<i64> {
    fn digits(bytes: &[u8], range: std::ops::Range<usize>) -> Option<i64> {
        bytes.get(range)?.iter().try_fold(0i64, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0'))
        })
    }
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if separators
        .iter()
        .any(|&(at, sep)| bytes.get(at) != Some(&sep))
    {
        return None;
    }
    let (year, month, day) = (
        digits(bytes, 0..4)?,
        digits(bytes, 5..7)?,
        digits(bytes, 8..10)?,
    );
    let (hour, minute, second) = (
        digits(bytes, 11..13)?,
        digits(bytes, 14..16)?,
        digits(bytes, 17..19)?,
    );
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut at = 19;
    let mut millis = 0;
    if bytes.get(at) == Some(&b'.') {
        let start = at + 1;
        at = start;
        while bytes.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        if at == start {
            return None;
        }
        // Milliseconds: the first three digits, truncated.
        for (place, scale) in [100, 10, 1].into_iter().enumerate() {
            if start + place < at {
                millis += i64::from(bytes[start + place] - b'0') * scale;
            }
        }
    }
    let offset_minutes = match bytes.get(at..)? {
        b"Z" => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let tail = [*h1, *h2, *m1, *m2];
            let (hours, minutes) = (digits(&tail, 0..2)?, digits(&tail, 2..4)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let offset = hours * 60 + minutes;
            if *sign == b'-' {
                -offset
            } else {
                offset
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1000 + millis)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 31,
    }
}

/// Whether a proleptic Gregorian year has 29 February.
pub(crate) fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days since 1970-01-01 of a proleptic Gregorian date, by Howard Hinnant's algorithm.
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian (year, month, day) of a day since 1970-01-01, by Howard Hinnant's
/// algorithm.
pub(crate) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_rfc3339())
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;
        impl Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 time string or epoch milliseconds")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Timestamp, E> {
                Timestamp::parse(text).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, ms: i64) -> Result<Timestamp, E> {
                Timestamp::from_whole_millis(ms).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, ms: u64) -> Result<Timestamp, E> {
                Timestamp::from_unsigned_millis(ms).map_err(E::custom)
            }
            fn visit_f64<E: de::Error>(self, ms: f64) -> Result<Timestamp, E> {
                Timestamp::from_epoch_number(ms).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(TimestampVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    #[test]
    fn parses_utc_and_offsets_to_the_same_instant() {
        let utc = Timestamp::parse("2026-11-21T09:30:00Z").unwrap();
        let offset = Timestamp::parse("2026-11-21T10:30:00+01:00").unwrap();
        assert_eq!(utc, offset);
        assert_eq!(utc.to_rfc3339(), "2026-11-21T09:30:00.000Z");
    }

    #[test]
    fn keeps_milliseconds_and_truncates_beyond() {
        let t = Timestamp::parse("2026-01-02T03:04:05.678912Z").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-01-02T03:04:05.678Z");
    }

    #[test]
    fn rejects_text_that_is_not_rfc3339() {
        let err = Timestamp::parse("yesterday").unwrap_err();
        assert!(
            err.contains("\"yesterday\" is not an RFC 3339 time"),
            "{err}"
        );
        assert!(Timestamp::parse("2026-11-21").is_err());
    }

    #[test]
    fn epoch_numbers_must_be_whole_and_in_range() {
        assert_eq!(Timestamp::from_epoch_number(0.0).unwrap().millis(), 0);
        assert!(Timestamp::from_epoch_number(1.5).is_err());
        assert!(Timestamp::from_epoch_number(f64::NAN).is_err());
        assert!(Timestamp::from_epoch_number(1e300).is_err());
    }

    #[test]
    fn the_common_shape_reads_as_chrono_reads_it() {
        for text in [
            "2026-11-21T09:30:00Z",
            "2024-02-29T23:59:59.999Z",
            "2026-11-21T10:30:00.250+01:00",
            "2026-11-21T03:30:00.1-05:30",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.9999999Z",
            "1969-12-31T23:59:59.5Z",
            "2026-03-29T01:00:00+14:00",
        ] {
            let chrono = DateTime::parse_from_rfc3339(text)
                .unwrap()
                .timestamp_millis();
            assert_eq!(
                parse_common_rfc3339(text.as_bytes()),
                Some(chrono),
                "{text}"
            );
        }
        for odd in [
            "2026-02-30T00:00:00Z",
            "2026-11-21t09:30:00z",
            "2026-11-21T09:30:60Z",
            "2026-11-21 09:30:00Z",
            "2026-11-21T09:30:00",
            "2026-11-21T09:30:00.Z",
            "2026-11-21T09:30:00+0100",
        ] {
            assert_eq!(parse_common_rfc3339(odd.as_bytes()), None, "{odd}");
        }
    }

    #[test]
    fn calendar_buckets() {
        let monday = Timestamp::parse("2026-11-16T00:00:00Z").unwrap();
        let sunday = Timestamp::parse("2026-11-22T23:59:59Z").unwrap();
        let next_monday = Timestamp::parse("2026-11-23T00:00:00Z").unwrap();
        assert_eq!(monday.week_index(), sunday.week_index());
        assert_eq!(monday.week_index() + 1, next_monday.week_index());
        let jan = Timestamp::parse("2024-01-31T23:00:00Z").unwrap();
        let feb = Timestamp::parse("2024-02-29T12:00:00Z").unwrap();
        assert_eq!(jan.month_index() + 1, feb.month_index());
        assert_eq!(feb.month_index(), 2024 * 12 + 1);
        let before_epoch = Timestamp::parse("1969-12-31T23:59:59Z").unwrap();
        assert_eq!(before_epoch.day_index(), -1);
        assert_eq!(before_epoch.month_index(), 1969 * 12 + 11);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use chrono::{DateTime, SecondsFormat, Utc};
    use proptest::prelude::*;

    proptest! {
        /// The writer writes what chrono writes, in years 0001 to 9999 and far beyond.
        #[test]
        fn the_text_is_chronos(ms in -8_000_000_000_000_000i64..8_000_000_000_000_000) {
            let chrono = DateTime::<Utc>::from_timestamp_millis(ms).unwrap();
            let expected = chrono.to_rfc3339_opts(SecondsFormat::Millis, true);
            prop_assert_eq!(Timestamp(ms).to_rfc3339(), expected);
        }

        #[test]
        fn the_fast_path_agrees_with_chrono(ms in MIN_MS..=MAX_MS, offset in -1439i64..=1439, digits in 0usize..9) {
            // Render the instant in some offset with some fraction digits, and read it back.
            let local = DateTime::<Utc>::from_timestamp_millis(ms).unwrap()
                .with_timezone(&chrono::FixedOffset::east_opt((offset * 60) as i32).unwrap());
            let format = match digits {
                0 => SecondsFormat::Secs,
                1..=3 => SecondsFormat::Millis,
                4..=6 => SecondsFormat::Micros,
                _ => SecondsFormat::Nanos,
            };
            let text = local.to_rfc3339_opts(format, true);
            let chrono = DateTime::parse_from_rfc3339(&text).map(|t| t.timestamp_millis()).ok();
            if let Some(expected) = chrono {
                prop_assert_eq!(Timestamp::parse(&text).map(Timestamp::millis).ok(), Some(expected), "{}", text);
            }
        }
    }
}
