//! Time zones by IANA name, with their daylight-saving rules: the current POSIX TZ rule of each
//! zone (from `tz_table.rs`), local dates and times, and conversions both ways.
//!
//! SLA due times concern the present, so a zone's current rule is all that is kept, not its
//! history: an instant before the zone's last rule change is converted by today's rule.

use super::tz_table::{RULES, ZONES};
use crate::time::{civil_from_days, days_from_civil, is_leap};

pub use super::tz_table::TZDATA_VERSION;

const MS_PER_MINUTE: i64 = 60_000;
const MS_PER_DAY: i64 = 86_400_000;

/// A time zone: its standard offset and, if it observes daylight saving time, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeZone {
    pub name: String,
    /// Standard time's offset east of UTC, in seconds.
    standard_offset: i64,
    daylight: Option<Daylight>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Daylight {
    /// Daylight time's offset east of UTC, in seconds.
    offset: i64,
    start: Transition,
    end: Transition,
}

/// A yearly transition: a day of the year and a local time of day (seconds, may be negative or
/// past 24 hours as POSIX allows), read in the time in force before the transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Transition {
    day: RuleDay,
    seconds: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RuleDay {
    /// `Jn`: day 1 to 365, February 29 never counted.
    Julian(i64),
    /// `n`: day 0 to 365, February 29 counted in leap years.
    ZeroBased(i64),
    /// `Mm.w.d`: day `d` (0 is Sunday) of week `w` (5 is the last) of month `m`.
    MonthWeekDay { month: i64, week: i64, weekday: i64 },
}

impl TimeZone {
    /// The zone of an IANA name such as `America/New_York` (or a link such as `US/Eastern`).
    pub fn by_name(name: &str) -> Option<TimeZone> {
        let rule = ZONES.lines().find_map(|line| {
            let (zone, index) = line.split_once(' ')?;
            (zone == name).then(|| index.parse::<usize>().ok())?
        })?;
        parse_posix(RULES.get(rule)?).map(|(standard_offset, daylight)| TimeZone {
            name: name.to_string(),
            standard_offset,
            daylight,
        })
    }

    /// Every name the table knows, sorted.
    pub fn names() -> impl Iterator<Item = &'static str> {
        ZONES.lines().filter_map(|line| line.split(' ').next())
    }

    /// The offset east of UTC, in seconds, in force at an instant (epoch milliseconds).
    pub fn offset_at(&self, utc_ms: i64) -> i64 {
        let Some(daylight) = self.daylight else {
            return self.standard_offset;
        };
        let year = civil_from_days(utc_ms.div_euclid(MS_PER_DAY)).0;
        for y in [year - 1, year] {
            let start = self.transition_utc(&daylight.start, y, self.standard_offset);
            let end_same_year = self.transition_utc(&daylight.end, y, daylight.offset);
            // Southern zones start daylight time late in the year and end it in the next one.
            let end = if end_same_year > start {
                end_same_year
            } else {
                self.transition_utc(&daylight.end, y + 1, daylight.offset)
            };
            if start <= utc_ms && utc_ms < end {
                return daylight.offset;
            }
        }
        self.standard_offset
    }

    /// The instants in `[from_ms, to_ms]` at which the offset changes, in order (none for a zone
    /// without daylight time). `offset_at` can only change at a year's two transitions or at
    /// the turn of a UTC year (where the years it looks at move on), so those are the
    /// candidates, kept when the offset differs a millisecond before.
    pub fn offset_changes(&self, from_ms: i64, to_ms: i64) -> Vec<i64> {
        let Some(daylight) = self.daylight else {
            return Vec::new();
        };
        let year_of = |ms: i64| civil_from_days(ms.div_euclid(MS_PER_DAY)).0;
        let mut changes = Vec::new();
        for year in year_of(from_ms) - 1..=year_of(to_ms) + 1 {
            let candidates = [
                self.transition_utc(&daylight.start, year, self.standard_offset),
                self.transition_utc(&daylight.end, year, daylight.offset),
                days_from_civil(year, 1, 1) * MS_PER_DAY,
            ];
            changes.extend(candidates.into_iter().filter(|&at| {
                (from_ms..=to_ms).contains(&at) && self.offset_at(at - 1) != self.offset_at(at)
            }));
        }
        crate::sort::sort_by(&mut changes, |a, b| a < b);
        changes.dedup();
        changes
    }

    fn transition_utc(&self, transition: &Transition, year: i64, offset_before: i64) -> i64 {
        let day = transition.day.days_since_epoch(year);
        (day * 86_400 + transition.seconds - offset_before) * 1000
    }

    /// The local date and time of an instant.
    pub fn local(&self, utc_ms: i64) -> LocalTime {
        let local_ms = utc_ms + self.offset_at(utc_ms) * 1000;
        LocalTime {
            day: local_ms.div_euclid(MS_PER_DAY),
            ms_of_day: local_ms.rem_euclid(MS_PER_DAY),
        }
    }

    /// The instant of a local day (days since 1970-01-01) and minute of the day (1440 is the
    /// next midnight). A local time that happens twice (clocks going back) is its first
    /// occurrence; one that never happens (clocks going forward) is moved on by the gap, as
    /// clocks do: 02:30 on the day New York springs forward is 03:30 daylight time.
    pub fn instant(&self, day: i64, minute: i64) -> i64 {
        let local_ms = day * MS_PER_DAY + minute * MS_PER_MINUTE;
        let standard = self.standard_offset * 1000;
        let Some(daylight) = self.daylight else {
            return local_ms - standard;
        };
        let daylight = daylight.offset * 1000;
        let candidates = [local_ms - standard, local_ms - daylight];
        let valid: Vec<i64> = candidates
            .into_iter()
            .filter(|&utc| utc + self.offset_at(utc) * 1000 == local_ms)
            .collect();
        match valid.iter().min() {
            Some(&first) => first,
            // In the gap: read the time with the offset before it (the smaller one).
            None => local_ms - standard.min(daylight),
        }
    }
}

/// A local calendar day (days since 1970-01-01) and time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    pub day: i64,
    pub ms_of_day: i64,
}

impl LocalTime {
    /// 0 is Monday, 6 is Sunday.
    pub fn weekday(&self) -> usize {
        weekday_monday_first(self.day)
    }
}

/// 0 is Monday, 6 is Sunday, for a day since 1970-01-01 (a Thursday).
pub fn weekday_monday_first(day: i64) -> usize {
    (day + 3).rem_euclid(7) as usize
}

impl RuleDay {
    fn days_since_epoch(&self, year: i64) -> i64 {
        let jan1 = days_from_civil(year, 1, 1);
        match *self {
            RuleDay::Julian(n) => {
                let leap_shift = i64::from(is_leap(year) && n >= 60);
                jan1 + n - 1 + leap_shift
            }
            RuleDay::ZeroBased(n) => jan1 + n,
            RuleDay::MonthWeekDay {
                month,
                week,
                weekday,
            } => {
                let first = days_from_civil(year, month, 1);
                // Weekday of the 1st with Sunday as 0.
                let first_weekday = (first + 4).rem_euclid(7);
                let mut day = first + (weekday - first_weekday).rem_euclid(7) + (week - 1) * 7;
                let next_month = if month == 12 {
                    days_from_civil(year + 1, 1, 1)
                } else {
                    days_from_civil(year, month + 1, 1)
                };
                while day >= next_month {
                    day -= 7;
                }
                day
            }
        }
    }
}

/// Reads a POSIX TZ rule such as `EST5EDT,M3.2.0,M11.1.0`: the standard offset east of UTC in
/// seconds and, when the zone observes it, daylight time.
fn parse_posix(rule: &str) -> Option<(i64, Option<Daylight>)> {
    let mut rest = rule;
    skip_name(&mut rest)?;
    let standard = -read_hms(&mut rest)?;
    if rest.is_empty() {
        return Some((standard, None));
    }
    skip_name(&mut rest)?;
    let daylight_offset = if rest.starts_with(',') {
        standard + 3600
    } else {
        -read_hms(&mut rest)?
    };
    let rules = rest.strip_prefix(',')?;
    let (start, end) = rules.split_once(',')?;
    Some((
        standard,
        Some(Daylight {
            offset: daylight_offset,
            start: read_transition(start)?,
            end: read_transition(end)?,
        }),
    ))
}

fn skip_name(rest: &mut &str) -> Option<()> {
    if let Some(quoted) = rest.strip_prefix('<') {
        let close = quoted.find('>')?;
        *rest = &quoted[close + 1..];
    } else {
        let len = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        if len < 3 {
            return None;
        }
        *rest = &rest[len..];
    }
    Some(())
}

/// `[+-]hh[:mm[:ss]]` in seconds, consumed from the front.
fn read_hms(rest: &mut &str) -> Option<i64> {
    let len = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '+' || c == '-'))
        .unwrap_or(rest.len());
    let text = &rest[..len];
    *rest = &rest[len..];
    let (sign, digits) = match text.strip_prefix('-') {
        Some(digits) => (-1, digits),
        None => (1, text.strip_prefix('+').unwrap_or(text)),
    };
    let mut seconds = 0;
    let mut unit = 3600;
    for part in digits.split(':') {
        if unit == 0 || part.is_empty() {
            return None;
        }
        seconds += part.parse::<i64>().ok()? * unit;
        unit /= 60;
    }
    Some(sign * seconds)
}

fn read_transition(text: &str) -> Option<Transition> {
    let (day, time) = match text.split_once('/') {
        Some((day, time)) => (day, Some(time)),
        None => (text, None),
    };
    let day = if let Some(mwd) = day.strip_prefix('M') {
        let mut parts = mwd.split('.').map(|p| p.parse::<i64>().ok());
        let (month, week, weekday) = (parts.next()??, parts.next()??, parts.next()??);
        let valid =
            (1..=12).contains(&month) && (1..=5).contains(&week) && (0..=6).contains(&weekday);
        if !valid || parts.next().is_some() {
            return None;
        }
        RuleDay::MonthWeekDay {
            month,
            week,
            weekday,
        }
    } else if let Some(julian) = day.strip_prefix('J') {
        RuleDay::Julian(julian.parse().ok().filter(|n| (1..=365).contains(n))?)
    } else {
        RuleDay::ZeroBased(day.parse().ok().filter(|n| (0..=365).contains(n))?)
    };
    let seconds = match time {
        Some(mut time) => {
            let seconds = read_hms(&mut time)?;
            if !time.is_empty() {
                return None;
            }
            seconds
        }
        None => 7200,
    };
    Some(Transition { day, seconds })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Timestamp;

    fn ms(text: &str) -> i64 {
        Timestamp::parse(text).unwrap().millis()
    }

    fn zone(name: &str) -> TimeZone {
        TimeZone::by_name(name).unwrap_or_else(|| panic!("{name}"))
    }

    #[test]
    fn every_rule_in_the_table_parses() {
        for (index, rule) in RULES.iter().enumerate() {
            assert!(parse_posix(rule).is_some(), "rule {index}: {rule}");
        }
        let count = TimeZone::names().count();
        assert!(count > 500, "{count} names");
        for name in TimeZone::names() {
            assert!(TimeZone::by_name(name).is_some(), "{name}");
        }
    }

    #[test]
    fn new_york_springs_forward_and_falls_back() {
        let ny = zone("America/New_York");
        assert_eq!(ny.offset_at(ms("2026-03-08T06:59:59Z")), -5 * 3600);
        assert_eq!(ny.offset_at(ms("2026-03-08T07:00:00Z")), -4 * 3600);
        assert_eq!(ny.offset_at(ms("2026-11-01T05:59:59Z")), -4 * 3600);
        assert_eq!(ny.offset_at(ms("2026-11-01T06:00:00Z")), -5 * 3600);
        // 02:30 does not exist on 2026-03-08: it is 03:30 EDT.
        let day = days_from_civil(2026, 3, 8);
        assert_eq!(ny.instant(day, 150), ms("2026-03-08T07:30:00Z"));
        // 01:30 happens twice on 2026-11-01: the first is EDT.
        let day = days_from_civil(2026, 11, 1);
        assert_eq!(ny.instant(day, 90), ms("2026-11-01T05:30:00Z"));
    }

    #[test]
    fn berlin_and_sydney_and_dublin() {
        let berlin = zone("Europe/Berlin");
        assert_eq!(berlin.offset_at(ms("2026-03-29T00:59:59Z")), 3600);
        assert_eq!(berlin.offset_at(ms("2026-03-29T01:00:00Z")), 7200);
        assert_eq!(berlin.offset_at(ms("2026-10-25T00:59:59Z")), 7200);
        assert_eq!(berlin.offset_at(ms("2026-10-25T01:00:00Z")), 3600);
        let sydney = zone("Australia/Sydney");
        // Daylight time until the first Sunday of April 03:00, from the first Sunday of October.
        assert_eq!(sydney.offset_at(ms("2026-01-15T00:00:00Z")), 11 * 3600);
        assert_eq!(sydney.offset_at(ms("2026-04-04T15:59:59Z")), 11 * 3600);
        assert_eq!(sydney.offset_at(ms("2026-04-04T16:00:00Z")), 10 * 3600);
        assert_eq!(sydney.offset_at(ms("2026-10-03T15:59:59Z")), 10 * 3600);
        assert_eq!(sydney.offset_at(ms("2026-10-03T16:00:00Z")), 11 * 3600);
        assert_eq!(sydney.offset_at(ms("2026-12-31T23:00:00Z")), 11 * 3600);
        // Ireland's rule is written with negative daylight saving: GMT in winter.
        let dublin = zone("Europe/Dublin");
        assert_eq!(dublin.offset_at(ms("2026-01-15T12:00:00Z")), 0);
        assert_eq!(dublin.offset_at(ms("2026-07-15T12:00:00Z")), 3600);
    }

    #[test]
    fn odd_rules_read_correctly() {
        assert_eq!(zone("Asia/Kolkata").offset_at(0), 19_800);
        assert_eq!(
            zone("US/Eastern"),
            TimeZone {
                name: "US/Eastern".into(),
                ..zone("America/New_York")
            }
        );
        let chatham = zone("Pacific/Chatham");
        assert_eq!(
            chatham.offset_at(ms("2026-07-01T00:00:00Z")),
            12 * 3600 + 45 * 60
        );
        // Santiago: "M9.1.6/24" is midnight at the end of the first Saturday of September.
        let santiago = zone("America/Santiago");
        assert_eq!(santiago.offset_at(ms("2026-09-06T03:59:59Z")), -4 * 3600);
        assert_eq!(santiago.offset_at(ms("2026-09-06T04:00:00Z")), -3 * 3600);
        assert!(TimeZone::by_name("America/NewYork").is_none());
        assert_eq!(
            parse_posix("EST5EDT,0/0,J365/25").map(|r| r.0),
            Some(-5 * 3600)
        );
    }

    #[test]
    fn civil_dates_round_trip() {
        for days in [-800_000, -1, 0, 59, 60, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(weekday_monday_first(days_from_civil(2026, 11, 23)), 0);
        assert_eq!(weekday_monday_first(days_from_civil(2026, 11, 22)), 6);
    }
}
