//! SLA due times on business calendars: weekends, holidays, lunch breaks and daylight-saving
//! changes in New York, Berlin and Sydney (southern hemisphere), worked out by hand; and
//! properties that hold for any start time.
#![cfg(all(feature = "lifecycle", not(target_arch = "wasm32")))]

mod common;

use common::scenario::example_lifecycle;
use common::{at, default_scorer};
use leadscore::lifecycle::Window;
use leadscore::{Lifecycle, Timestamp};
use proptest::prelude::*;

fn lifecycle() -> Lifecycle {
    example_lifecycle(&default_scorer())
}

fn due(lifecycle: &Lifecycle, calendar: &str, window: Window, start: &str) -> String {
    lifecycle
        .due_at(calendar, window, at(start))
        .unwrap()
        .to_rfc3339()
}

const HOUR: i64 = 60;

#[test]
fn new_york_across_the_spring_and_autumn_changes() {
    let l = lifecycle();
    // Friday 2026-03-06 15:00 EST + 8 business hours: 2h Friday, then Monday 09:00 EDT + 6h.
    assert_eq!(
        due(
            &l,
            "us-east",
            Window::BusinessMinutes(8 * HOUR),
            "2026-03-06T20:00:00Z"
        ),
        "2026-03-09T19:00:00.000Z"
    );
    // Friday 2026-10-30 15:00 EDT + 8 business hours: Monday 2026-11-02 15:00 EST.
    assert_eq!(
        due(
            &l,
            "us-east",
            Window::BusinessMinutes(8 * HOUR),
            "2026-10-30T19:00:00Z"
        ),
        "2026-11-02T20:00:00.000Z"
    );
    // Clock minutes ignore the calendar: 30 minutes across the autumn change's repeated hour.
    assert_eq!(
        due(
            &l,
            "us-east",
            Window::ClockMinutes(30),
            "2026-11-01T05:45:00Z"
        ),
        "2026-11-01T06:15:00.000Z"
    );
}

#[test]
fn new_york_holidays_and_the_same_business_day() {
    let l = lifecycle();
    // Wednesday before Thanksgiving, 16:00 EST + 24 business hours: 1h Wednesday, Thursday and
    // Friday are holidays, then Monday, Tuesday and 7h of Wednesday: Wednesday 12-02 16:00.
    assert_eq!(
        due(
            &l,
            "us-east",
            Window::BusinessMinutes(24 * HOUR),
            "2026-11-25T21:00:00Z"
        ),
        "2026-12-02T21:00:00.000Z"
    );
    // Same business day, arriving on the Christmas holiday (a Friday): Monday's close.
    assert_eq!(
        due(
            &l,
            "us-east",
            Window::BusinessDays(1),
            "2026-12-25T15:00:00Z"
        ),
        "2026-12-28T22:00:00.000Z"
    );
    // Five business minutes from 16:58: two today, three from the next opening.
    assert_eq!(
        due(
            &l,
            "us-east",
            Window::BusinessMinutes(5),
            "2026-12-01T21:58:00Z"
        ),
        "2026-12-02T14:03:00.000Z"
    );
}

#[test]
fn berlin_with_a_lunch_break_short_fridays_and_daylight_saving() {
    let l = lifecycle();
    // Thursday 2026-03-26 17:00 CET + 5 business hours: 1h Thursday, 3h30 Friday morning, and
    // 30 minutes after lunch: Friday 14:00 CET (13:00Z).
    assert_eq!(
        due(
            &l,
            "emea",
            Window::BusinessMinutes(5 * HOUR),
            "2026-03-26T16:00:00Z"
        ),
        "2026-03-27T13:00:00.000Z"
    );
    assert_eq!(
        due(
            &l,
            "emea",
            Window::BusinessMinutes(4 * HOUR),
            "2026-03-26T16:00:00Z"
        ),
        "2026-03-27T11:00:00.000Z"
    );
    // Friday 2026-03-27 15:00 CET + 2 business hours: 1h Friday (closes 16:00); clocks go
    // forward on Sunday; Monday 09:00 CEST + 1h = 10:00 CEST (08:00Z).
    assert_eq!(
        due(
            &l,
            "emea",
            Window::BusinessMinutes(2 * HOUR),
            "2026-03-27T14:00:00Z"
        ),
        "2026-03-30T08:00:00.000Z"
    );
    // Friday 2026-10-23 15:30 CEST + 1h: 30 minutes Friday, Monday 09:30 CET after clocks went back.
    assert_eq!(
        due(
            &l,
            "emea",
            Window::BusinessMinutes(HOUR),
            "2026-10-23T13:30:00Z"
        ),
        "2026-10-26T08:30:00.000Z"
    );
    // Christmas Eve, Christmas and Boxing Day are closed: from Wednesday 2026-12-23 17:00 CET,
    // 2 business hours end Monday 2026-12-28 10:00.
    assert_eq!(
        due(
            &l,
            "emea",
            Window::BusinessMinutes(2 * HOUR),
            "2026-12-23T16:00:00Z"
        ),
        "2026-12-28T09:00:00.000Z"
    );
}

#[test]
fn sydney_in_the_southern_hemisphere() {
    let l = lifecycle();
    // Thursday 2026-04-02 16:00 AEDT + 2h: Good Friday, the weekend (daylight time ends Sunday
    // 03:00) and Easter Monday are closed: Tuesday 09:30 AEST.
    assert_eq!(
        due(
            &l,
            "apac",
            Window::BusinessMinutes(2 * HOUR),
            "2026-04-02T05:00:00Z"
        ),
        "2026-04-06T23:30:00.000Z"
    );
    // Friday 2026-10-02 16:00 AEST + 2h: daylight time starts Sunday 02:00; Monday 09:30 AEDT.
    assert_eq!(
        due(
            &l,
            "apac",
            Window::BusinessMinutes(2 * HOUR),
            "2026-10-02T06:00:00Z"
        ),
        "2026-10-04T22:30:00.000Z"
    );
    // Two business days from Wednesday 2026-12-23 10:00 AEDT: Christmas Friday is closed, so
    // Wednesday and Thursday: Thursday's close, 17:00 AEDT.
    assert_eq!(
        due(&l, "apac", Window::BusinessDays(2), "2026-12-22T23:00:00Z"),
        "2026-12-24T06:00:00.000Z"
    );
}

#[test]
fn unknown_calendars_have_no_due_time() {
    assert!(lifecycle()
        .due_at(
            "mars",
            Window::BusinessMinutes(5),
            at("2026-01-01T00:00:00Z")
        )
        .is_none());
}

fn instant() -> impl Strategy<Value = i64> {
    // 2025-01-01 to 2028-12-31.
    1_735_689_600_000i64..1_861_920_000_000i64
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The open time between the start and the due time is exactly the window, the due time is
    /// never before the start, and a later start never gives an earlier due time.
    #[test]
    fn business_windows_measure_exactly_their_length(
        start in instant(),
        later in 0i64..(20 * 86_400_000),
        minutes in 0i64..(60 * 60),
        calendar in prop::sample::select(vec!["us-east", "emea", "apac"]),
    ) {
        let l = lifecycle();
        let window = Window::BusinessMinutes(minutes);
        let t0 = Timestamp::from_millis(start).unwrap();
        let due = l.due_at(calendar, window, t0).unwrap();
        prop_assert!(due >= t0);
        let status_calendar = &l.playbook().calendars[calendar];
        prop_assert_eq!(status_calendar.business_ms_between(start, due.millis()), minutes * 60_000);
        let t1 = Timestamp::from_millis(start + later).unwrap();
        prop_assert!(l.due_at(calendar, window, t1).unwrap() >= due);
        // The same business day ends at a close: open just before, closed at that moment.
        let eod = l.due_at(calendar, Window::BusinessDays(1), t0).unwrap();
        prop_assert!(eod > t0);
        prop_assert!(status_calendar.is_open(eod.millis() - 1) && !status_calendar.is_open(eod.millis()));
    }
}
