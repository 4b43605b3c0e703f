//! Reading a business calendar from a playbook: `{ timeZone, hours: [{ days, from, to }],
//! holidays }`, with a path for every problem and the nearest zone name for a misspelt one.

use super::{Calendar, WEEKDAYS};
use crate::document::{child, item, Reader};
use crate::lifecycle::tz::TimeZone;
use crate::sort::stable_sort_by;
use crate::time::{civil_from_days, days_from_civil};
use serde_json::Value as Json;

impl Calendar {
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
    let Some(value) = value.filter(|v| !v.is_null()) else {
        reader.error(path, "is required");
        return None;
    };
    let spans = reader.expect(value, path, "an array", Json::as_array)?;
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
fn read_clock(reader: &mut Reader, value: Option<&Json>, path: &str) -> Option<i64> {
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
