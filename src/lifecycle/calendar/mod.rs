//! Business calendars: opening hours by weekday, holidays and a time zone, and the arithmetic
//! SLAs need on them (add business time, end of the Nth business day, business time between two
//! instants, in `between.rs`), correct across weekends, holidays and daylight-saving changes. A
//! calendar is read from a playbook in `read.rs`.

mod between;
mod read;

pub use read::parse_date;

use super::tz::{weekday_monday_first, TimeZone};

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
        self.scheduled_spans(day).filter(move |_| !closed)
    }

    /// The spans a local day's weekday opens, holiday or not, as instants `[start, end)`.
    fn scheduled_spans(&self, day: i64) -> impl Iterator<Item = (i64, i64)> + '_ {
        self.week[weekday_monday_first(day)]
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

    /// Whether the calendar is open at an instant.
    pub fn is_open(&self, at: i64) -> bool {
        let day = self.local_day(at);
        (day - 1..=day).any(|d| {
            self.open_spans(d)
                .any(|(open, close)| open <= at && at < close)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Reader;
    use crate::time::Timestamp;
    use serde_json::json;
    use serde_json::Value as Json;

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
}
