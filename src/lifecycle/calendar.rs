//! Business calendars: opening hours by weekday, holidays and a time zone, and the arithmetic
//! SLAs need on them (add business time, end of the Nth business day, business time between two
//! instants), correct across weekends, holidays and daylight-saving changes.

use super::tz::{weekday_monday_first, TimeZone};
use crate::document::{child, describe, item, Reader};
use crate::sort::stable_sort_by;
use crate::time::{civil_from_days, days_from_civil};
use serde_json::Value as Json;

/// How far ahead a computation looks for open hours: a calendar always has some each week,
/// and holidays are a finite list, so this is only a guard.
const MAX_DAYS_AHEAD: i64 = 366 * 50;

pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Opening hours in a time zone, minus holidays.
#[derive(Debug, Clone)]
pub struct Calendar {
    pub id: String,
    pub zone: TimeZone,
    /// Open spans for each weekday (Monday first) in minutes of the local day, `[from, to)`,
    /// sorted and not overlapping.
    week: [Vec<(i64, i64)>; 7],
    /// Local days (since 1970-01-01) when the calendar is closed, sorted.
    holidays: Vec<i64>,
}

impl Calendar {
    /// The open spans of a local day, as instants `[start, end)`.
    fn open_spans(&self, day: i64) -> impl Iterator<Item = (i64, i64)> + '_ {
        let closed = self.holidays.binary_search(&day).is_ok();
        let spans: &[(i64, i64)] = if closed {
            &[]
        } else {
            &self.week[weekday_monday_first(day)]
        };
        spans
            .iter()
            .map(move |&(from, to)| (self.zone.instant(day, from), self.zone.instant(day, to)))
            .filter(|(start, end)| end > start)
    }

    fn local_day(&self, at: i64) -> i64 {
        self.zone.local(at).day
    }

    /// The instant `duration_ms` of open time after `start`. From a closed moment the clock
    /// starts at the next opening; a zero duration is the next open moment (or `start`).
    pub fn add_business_time(&self, start: i64, duration_ms: i64) -> i64 {
        let mut remaining = duration_ms.max(0);
        let first_day = self.local_day(start) - 1;
        for day in first_day..first_day + MAX_DAYS_AHEAD {
            for (open, close) in self.open_spans(day) {
                let from = open.max(start);
                if close <= from {
                    continue;
                }
                if remaining <= close - from {
                    return from + remaining;
                }
                remaining -= close - from;
            }
        }
        start + duration_ms
    }

    /// The close of the `nth` business day counted from `start`: the day of `start` counts as
    /// the first when it is open and `start` is before its last close ("same business day").
    pub fn end_of_business_day(&self, start: i64, nth: u32) -> i64 {
        let mut left = nth.max(1);
        let first_day = self.local_day(start) - 1;
        for day in first_day..first_day + MAX_DAYS_AHEAD {
            let Some(close) = self.open_spans(day).map(|(_, close)| close).last() else {
                continue;
            };
            if close <= start {
                continue;
            }
            left -= 1;
            if left == 0 {
                return close;
            }
        }
        start
    }

    /// Open time between two instants, in milliseconds (0 when `to` is not after `from`).
    pub fn business_ms_between(&self, from: i64, to: i64) -> i64 {
        if to <= from {
            return 0;
        }
        let mut total = 0;
        for day in self.local_day(from) - 1..=self.local_day(to) + 1 {
            for (open, close) in self.open_spans(day) {
                let (a, b) = (open.max(from), close.min(to));
                if b > a {
                    total += b - a;
                }
            }
        }
        total
    }

    /// Whether the calendar is open at an instant.
    pub fn is_open(&self, at: i64) -> bool {
        let day = self.local_day(at);
        (day - 1..=day).any(|d| {
            self.open_spans(d)
                .any(|(open, close)| open <= at && at < close)
        })
    }

    /// Reads a calendar: `{ timeZone, hours: [{ days, from, to }], holidays }`.
    pub(crate) fn read(
        reader: &mut Reader,
        id: &str,
        value: &Json,
        path: &str,
    ) -> Option<Calendar> {
        let map = reader.object(value, path, &["timeZone", "hours", "holidays", "label"])?;
        reader.text(map, "label", path, false);
        let zone = match reader.text(map, "timeZone", path, true) {
            Some(name) => match TimeZone::by_name(name) {
                Some(zone) => Some(zone),
                None => {
                    let hint = closest_zone(name)
                        .map(|near| format!("; did you mean {near:?}?"))
                        .unwrap_or_default();
                    reader.error(
                        &child(path, "timeZone"),
                        format!("{name:?} is not an IANA time zone name such as \"Europe/Berlin\"{hint}"),
                    );
                    None
                }
            },
            None => None,
        };
        let week = read_hours(reader, map.get("hours"), &child(path, "hours"));
        let holidays = read_holidays(reader, map.get("holidays"), &child(path, "holidays"));
        Some(Calendar {
            id: id.to_string(),
            zone: zone?,
            week: week?,
            holidays: holidays?,
        })
    }
}

/// The zone name nearest to a misspelt one.
fn closest_zone(name: &str) -> Option<&'static str> {
    let names: Vec<&'static str> = TimeZone::names().collect();
    crate::document::closest(name, &names)
}

fn read_hours(
    reader: &mut Reader,
    value: Option<&Json>,
    path: &str,
) -> Option<[Vec<(i64, i64)>; 7]> {
    let Some(Json::Array(spans)) = value else {
        let message = match value {
            None | Some(Json::Null) => "is required".to_string(),
            Some(other) => format!("must be an array, not {}", describe(other)),
        };
        reader.error(path, message);
        return None;
    };
    let before = reader.issues.len();
    let mut week: [Vec<(i64, i64)>; 7] = Default::default();
    for (index, span) in spans.iter().enumerate() {
        let span_path = item(path, index);
        let Some(map) = reader.object(span, &span_path, &["days", "from", "to"]) else {
            continue;
        };
        let from = read_clock(reader, map.get("from"), &child(&span_path, "from"));
        let to = read_clock(reader, map.get("to"), &child(&span_path, "to"));
        let days = read_weekdays(reader, map.get("days"), &child(&span_path, "days"));
        let (Some(from), Some(to), Some(days)) = (from, to, days) else {
            continue;
        };
        if to <= from {
            reader.error(&child(&span_path, "to"), "must be later than `from`");
            continue;
        }
        for day in days {
            if let Some(other) = week[day].iter().find(|(f, t)| from < *t && *f < to) {
                reader.error(
                    &span_path,
                    format!(
                        "overlaps the opening hours {}-{} already given for {}",
                        clock_text(other.0),
                        clock_text(other.1),
                        WEEKDAYS[day]
                    ),
                );
            }
            week[day].push((from, to));
        }
    }
    for spans in &mut week {
        stable_sort_by(spans, |a, b| a < b);
    }
    if reader.issues.len() == before && week.iter().all(Vec::is_empty) {
        reader.error(path, "must open on at least one day of the week");
    }
    (reader.issues.len() == before).then_some(week)
}

fn read_weekdays(reader: &mut Reader, value: Option<&Json>, path: &str) -> Option<Vec<usize>> {
    let Some(Json::Array(days)) = value else {
        reader.error(
            path,
            "is required: a list of days such as [\"mon\", \"tue\"]",
        );
        return None;
    };
    let mut found = Vec::new();
    for (index, day) in days.iter().enumerate() {
        match day
            .as_str()
            .and_then(|d| WEEKDAYS.iter().position(|w| *w == d))
        {
            Some(position) if !found.contains(&position) => found.push(position),
            Some(_) => reader.error(&item(path, index), "repeats a day"),
            None => reader.error(
                &item(path, index),
                format!("must be one of: {}", WEEKDAYS.join(", ")),
            ),
        }
    }
    if found.is_empty() && days.is_empty() {
        reader.error(path, "must name at least one day");
    }
    Some(found)
}

/// `HH:MM` on a 24-hour clock, `24:00` being the end of the day, in minutes.
pub(crate) fn read_clock(reader: &mut Reader, value: Option<&Json>, path: &str) -> Option<i64> {
    let parsed = value.and_then(Json::as_str).and_then(parse_clock);
    if parsed.is_none() {
        reader.error(path, "must be a time of day such as \"09:00\" or \"17:30\" (\"24:00\" is midnight at the end of the day)");
    }
    parsed
}

fn parse_clock(text: &str) -> Option<i64> {
    let (h, m) = text.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    let minutes = h * 60 + m;
    (m < 60 && minutes <= 24 * 60).then_some(minutes)
}

fn clock_text(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn read_holidays(reader: &mut Reader, value: Option<&Json>, path: &str) -> Option<Vec<i64>> {
    let items = reader.optional_array(value, path)?;
    let mut days = Vec::new();
    for (index, holiday) in items.iter().enumerate() {
        let holiday_path = item(path, index);
        let date = match holiday {
            Json::Object(_) => {
                let Some(map) = reader.object(holiday, &holiday_path, &["date", "name"]) else {
                    continue;
                };
                reader.text(map, "name", &holiday_path, false);
                map.get("date")
                    .and_then(Json::as_str)
                    .ok_or(child(&holiday_path, "date"))
            }
            other => other.as_str().ok_or(holiday_path.clone()),
        };
        match date.map(|text| (parse_date(text), text)) {
            Ok((Some(day), _)) => days.push(day),
            Ok((None, text)) => reader.error(
                &if holiday.is_object() {
                    child(&holiday_path, "date")
                } else {
                    holiday_path
                },
                format!("{text:?} is not a date such as \"2026-12-25\""),
            ),
            Err(at) => reader.error(&at, "must be a date such as \"2026-12-25\""),
        }
    }
    stable_sort_by(&mut days, |a, b| a < b);
    days.dedup();
    Some(days)
}

/// `YYYY-MM-DD` as days since 1970-01-01.
pub fn parse_date(text: &str) -> Option<i64> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i64, i64, i64) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let day = days_from_civil(y, m, d);
    (civil_from_days(day) == (y, m, d)).then_some(day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Timestamp;
    use serde_json::json;

    const MS_PER_MINUTE: i64 = 60_000;

    fn ms(text: &str) -> i64 {
        Timestamp::parse(text).unwrap().millis()
    }

    fn text(at: i64) -> String {
        Timestamp::from_millis(at).unwrap().to_rfc3339()
    }

    fn calendar(doc: Json) -> Calendar {
        let mut reader = Reader::default();
        let calendar = Calendar::read(&mut reader, "c", &doc, "calendars.c");
        assert!(reader.issues.is_empty(), "{:?}", reader.issues);
        calendar.unwrap()
    }

    fn new_york() -> Calendar {
        calendar(json!({
            "timeZone": "America/New_York",
            "hours": [{ "days": ["mon", "tue", "wed", "thu", "fri"], "from": "09:00", "to": "17:00" }],
            "holidays": ["2026-11-26", { "date": "2026-12-25", "name": "Christmas" }]
        }))
    }

    #[test]
    fn business_time_skips_nights_weekends_and_holidays() {
        let cal = new_york();
        // Friday 16:00 EST + 2 business hours: Monday 10:00.
        let due = cal.add_business_time(ms("2026-11-20T21:00:00Z"), 2 * 3_600_000);
        assert_eq!(text(due), "2026-11-23T15:00:00.000Z");
        // Wednesday before Thanksgiving 16:30 + 1h: Friday 09:30 (Thursday is a holiday).
        let due = cal.add_business_time(ms("2026-11-25T21:30:00Z"), 3_600_000);
        assert_eq!(text(due), "2026-11-27T14:30:00.000Z");
        // Saturday: the clock starts Monday 09:00.
        let due = cal.add_business_time(ms("2026-11-21T15:00:00Z"), 5 * MS_PER_MINUTE);
        assert_eq!(text(due), "2026-11-23T14:05:00.000Z");
        assert!(!cal.is_open(ms("2026-11-21T15:00:00Z")));
        assert!(cal.is_open(ms("2026-11-23T14:05:00Z")));
    }

    #[test]
    fn business_hours_span_a_daylight_saving_change() {
        let cal = new_york();
        // Friday 2026-03-06 16:00 EST + 3 business hours: Monday 2026-03-09 11:00 EDT.
        let due = cal.add_business_time(ms("2026-03-06T21:00:00Z"), 3 * 3_600_000);
        assert_eq!(text(due), "2026-03-09T15:00:00.000Z");
        assert_eq!(
            cal.business_ms_between(ms("2026-03-06T21:00:00Z"), due),
            3 * 3_600_000
        );
    }

    #[test]
    fn end_of_business_day() {
        let cal = new_york();
        assert_eq!(
            text(cal.end_of_business_day(ms("2026-11-20T15:00:00Z"), 1)),
            "2026-11-20T22:00:00.000Z"
        );
        // After hours on Friday: the next business day is Monday.
        assert_eq!(
            text(cal.end_of_business_day(ms("2026-11-20T23:00:00Z"), 1)),
            "2026-11-23T22:00:00.000Z"
        );
        assert_eq!(
            text(cal.end_of_business_day(ms("2026-11-20T15:00:00Z"), 2)),
            "2026-11-23T22:00:00.000Z"
        );
    }

    #[test]
    fn reading_reports_every_problem_with_its_path() {
        let mut reader = Reader::default();
        let doc = json!({
            "timeZone": "America/NewYork",
            "hours": [
                { "days": ["mon", "funday"], "from": "9:00", "to": "17:00" },
                { "days": ["tue"], "from": "10:00", "to": "09:00" }
            ],
            "holidays": ["2026-02-30", 7]
        });
        assert!(Calendar::read(&mut reader, "c", &doc, "calendars.c").is_none());
        let paths: Vec<_> = reader.issues.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "calendars.c.timeZone",
                "calendars.c.hours[0].from",
                "calendars.c.hours[0].days[1]",
                "calendars.c.hours[1].to",
                "calendars.c.holidays[0]",
                "calendars.c.holidays[1]"
            ]
        );
        assert!(reader.issues[0]
            .message
            .contains("did you mean \"America/New_York\"?"));
    }

    #[test]
    fn dates_and_clocks() {
        assert_eq!(parse_date("1970-01-02"), Some(1));
        assert_eq!(parse_date("2024-02-29"), Some(days_from_civil(2024, 2, 29)));
        assert_eq!(parse_date("2026-02-29"), None);
        assert_eq!(parse_clock("24:00"), Some(1440));
        assert_eq!(parse_clock("24:01"), None);
        assert_eq!(parse_clock("9:00"), None);
    }
}
