//! Business time between two instants, in a time that stops growing past 800 years rather than
//! one step a day: the days at either end are walked one by one (the instants cut into their
//! hours), the days between are counted by whole weeks of opening hours, less the holidays
//! among them, corrected on the few days a clock change touches (those of at most 800 years: a
//! zone's rule repeats every 400). Exactly the same milliseconds as walking every day (the
//! property test below walks them).

use super::Calendar;
use crate::lifecycle::tz::weekday_monday_first;

const MS_PER_MINUTE: i64 = 60_000;
const MS_PER_DAY: i64 = 86_400_000;

/// The days of 400 Gregorian years, a whole number of weeks (20,871).
const DAYS_PER_400_YEARS: i64 = 146_097;

/// Below this many days between the ends a walk is as quick as the arithmetic.
const WALK_AT_MOST_DAYS: i64 = 28;

impl Calendar {
    /// Open time between two instants, in milliseconds (0 when `to` is not after `from`).
    pub fn business_ms_between(&self, from: i64, to: i64) -> i64 {
        if to <= from {
            return 0;
        }
        // A day's hours may start on the local day before `from`'s (an offset moves instants
        // by less than a day) and end on the one after `to`'s.
        let (first, last) = (self.local_day(from) - 1, self.local_day(to) + 1);
        // Two local days after `from`'s, a day's hours all come after `from` (a clock change
        // moves them by hours, never a day); likewise two before `to`'s come before `to`.
        let (inner_first, inner_last) = (first + 3, last - 3);
        if inner_last - inner_first < WALK_AT_MOST_DAYS {
            return self.walked_ms(first, last, from, to);
        }
        self.walked_ms(first, inner_first - 1, from, to)
            + self.open_ms_of_days(inner_first, inner_last)
            + self.walked_ms(inner_last + 1, last, from, to)
    }

    /// Open time of the local days `first..=last` within `[from, to)`, one day at a time.
    fn walked_ms(&self, first: i64, last: i64, from: i64, to: i64) -> i64 {
        let mut total = 0;
        for day in first..=last {
            for (open, close) in self.open_spans(day) {
                let (a, b) = (open.max(from), close.min(to));
                if b > a {
                    total += b - a;
                }
            }
        }
        total
    }

    /// Open time of the whole local days `first..=last`: their weekdays' hours, less the
    /// holidays among them, with the days a clock change touches taken as they really are.
    fn open_ms_of_days(&self, first: i64, last: i64) -> i64 {
        let days = last - first + 1;
        let week: i64 = (0..7).map(|weekday| self.hours_ms(weekday)).sum();
        let rest: i64 = (first + days / 7 * 7..=last)
            .map(|day| self.hours_ms(weekday_monday_first(day)))
            .sum();
        let from = self.holidays.partition_point(|&day| day < first);
        let to = self.holidays.partition_point(|&day| day <= last);
        let holidays: i64 = self.holidays[from..to]
            .iter()
            .map(|&day| self.scheduled_ms(day))
            .sum();
        days / 7 * week + rest - holidays + self.clock_changes_ms(first, last)
    }

    /// What clock changes add to (or take from) the weekdays' hours of the local days
    /// `first..=last`. A zone's rule, the weekdays and the Gregorian calendar all repeat every
    /// 400 years, so whole such periods are one period's sum each.
    fn clock_changes_ms(&self, first: i64, last: i64) -> i64 {
        let periods = (last - first + 1) / DAYS_PER_400_YEARS;
        let rest_from = first + periods * DAYS_PER_400_YEARS;
        let one_period = if periods > 0 {
            self.clock_changes_walked_ms(first, first + DAYS_PER_400_YEARS - 1)
        } else {
            0
        };
        periods * one_period + self.clock_changes_walked_ms(rest_from, last)
    }

    fn clock_changes_walked_ms(&self, first: i64, last: i64) -> i64 {
        self.clock_change_days(first, last)
            .into_iter()
            .map(|day| self.scheduled_ms(day) - self.hours_ms(weekday_monday_first(day)))
            .sum()
    }

    /// A weekday's opening hours in milliseconds, as a day without a clock change has them.
    fn hours_ms(&self, weekday: usize) -> i64 {
        self.week[weekday]
            .iter()
            .map(|(from, to)| (to - from) * MS_PER_MINUTE)
            .sum()
    }

    /// A local day's opening hours in milliseconds as they really are, holiday or not.
    fn scheduled_ms(&self, day: i64) -> i64 {
        self.scheduled_spans(day)
            .map(|(start, end)| end - start)
            .sum()
    }

    /// The local days in `first..=last` whose hours a change of offset may lengthen or shorten,
    /// in order, each once. A day's hours map to instants between the UTC day before it and the
    /// one after it (offsets are under a day), so a change on UTC day `u` can only touch the
    /// local days `u - 1` to `u + 1`; any other day has exactly its weekday's hours.
    fn clock_change_days(&self, first: i64, last: i64) -> Vec<i64> {
        let changes = self
            .zone
            .offset_changes((first - 2) * MS_PER_DAY, (last + 3) * MS_PER_DAY);
        let mut days: Vec<i64> = Vec::new();
        for at in changes {
            let utc_day = at.div_euclid(MS_PER_DAY);
            for day in (utc_day - 1..=utc_day + 1).filter(|day| (first..=last).contains(day)) {
                if days.last().is_none_or(|&previous| previous < day) {
                    days.push(day);
                }
            }
        }
        days
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{days_from_civil, Timestamp};

    fn ms(text: &str) -> i64 {
        Timestamp::parse(text).unwrap().millis()
    }

    /// Weekdays 09:00-17:00, and Sunday 02:00-03:00: the hour New York skips each spring (and
    /// keeps in the autumn, when it repeats 01:00-02:00), so each year has an hour fewer.
    fn calendar(zone: &str, holidays: Vec<i64>) -> Calendar {
        let weekdays = vec![(9 * 60, 17 * 60)];
        Calendar {
            id: "c".into(),
            zone: crate::lifecycle::TimeZone::by_name(zone).unwrap(),
            week: [
                weekdays.clone(),
                weekdays.clone(),
                weekdays.clone(),
                weekdays.clone(),
                weekdays,
                vec![],
                vec![(2 * 60, 3 * 60)],
            ],
            holidays,
        }
    }

    /// The old walk over every day, kept as the reference.
    pub(super) fn walked(calendar: &Calendar, from: i64, to: i64) -> i64 {
        if to <= from {
            return 0;
        }
        calendar.walked_ms(
            calendar.local_day(from) - 1,
            calendar.local_day(to) + 1,
            from,
            to,
        )
    }

    #[test]
    fn a_span_of_nine_thousand_years_is_counted_in_whole_weeks() {
        // The Gregorian calendar, its weekdays and a zone's yearly rule repeat every 400 years
        // (146,097 days), so 9,000 years are 22 such periods and a tail, each walked once.
        let period = DAYS_PER_400_YEARS * MS_PER_DAY;
        let start = ms("0500-03-01T12:34:56.789Z");
        let end = ms("9500-07-01T01:02:03.004Z");
        let new_york = calendar("America/New_York", vec![]);
        let one_period = walked(&new_york, start, start + period);
        let tail = walked(&new_york, start + 22 * period, end);
        let total = new_york.business_ms_between(start, end);
        assert_eq!(total, 22 * one_period + tail);
        // Three holidays on ordinary weekdays (no clock change) take their 8 hours each.
        let holidays = ["1999-12-31", "2026-11-26", "8000-06-01"]
            .map(|d| super::super::parse_date(d).unwrap())
            .to_vec();
        assert!(holidays.iter().all(
            |&day| weekday_monday_first(day) < 5 && new_york.scheduled_ms(day) == 8 * 3_600_000
        ));
        let with_holidays = calendar("America/New_York", holidays);
        assert_eq!(
            with_holidays.business_ms_between(start, end),
            total - 3 * 8 * 3_600_000
        );
        assert_eq!(
            days_from_civil(2000, 3, 1) - days_from_civil(1600, 3, 1),
            146_097
        );
    }
    #[test]
    fn a_period_of_400_years_equals_the_walk_in_zones_of_every_kind_of_rule() {
        // Southern daylight time across the new year, a transition at 24:00, negative daylight
        // saving, a 45-minute offset; open every hour of every day, so every change counts.
        for zone in [
            "Australia/Sydney",
            "America/Santiago",
            "Europe/Dublin",
            "Pacific/Chatham",
        ] {
            let mut calendar = calendar(zone, vec![]);
            calendar.week = Default::default();
            calendar
                .week
                .iter_mut()
                .for_each(|day| day.push((0, 24 * 60)));
            let from = ms("1700-06-15T08:00:00Z");
            let to = from + (DAYS_PER_400_YEARS + 1000) * MS_PER_DAY;
            assert_eq!(
                calendar.business_ms_between(from, to),
                walked(&calendar, from, to),
                "{zone}"
            );
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::tests::walked;
    use super::*;
    use crate::lifecycle::TimeZone;
    use proptest::prelude::*;

    /// A week of opening hours: each weekday closed or opening up to three spans in minutes.
    fn week() -> impl Strategy<Value = [Vec<(i64, i64)>; 7]> {
        let day = prop::collection::btree_set(0i64..=1440, 0..=6).prop_map(|cuts| {
            let cuts: Vec<i64> = cuts.into_iter().collect();
            cuts.chunks_exact(2)
                .map(|pair| (pair[0], pair[1]))
                .collect()
        });
        prop::array::uniform7(day)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Counting by whole weeks gives exactly the milliseconds of walking every day, for any
        /// zone, opening hours, holidays and span (from minutes to years).
        #[test]
        fn whole_weeks_equal_the_walk(
            zone in prop::sample::select(TimeZone::names().collect::<Vec<_>>()),
            week in week(),
            from in -2_208_988_800_000i64..4_102_444_800_000,
            length in prop_oneof![0i64..5 * MS_PER_DAY, 0i64..3 * 366 * MS_PER_DAY],
            holidays in prop::collection::btree_set(0i64..3 * 366 + 4, 0..40),
        ) {
            let first_day = from.div_euclid(MS_PER_DAY) - 2;
            let calendar = Calendar {
                id: "c".into(),
                zone: TimeZone::by_name(zone).unwrap(),
                week,
                holidays: holidays.into_iter().map(|d| first_day + d).collect(),
            };
            let to = from + length;
            prop_assert_eq!(calendar.business_ms_between(from, to), walked(&calendar, from, to));
        }
    }
}
