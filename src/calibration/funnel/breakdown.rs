//! The funnel broken down: stage rates of a set of episodes, rejection reasons overall and by
//! an attribute's values, recycling and re-qualification, MQL counts per record, and cohorts by
//! the week or month of the MQL.

use super::super::stats::{rate, wilson};
use super::episodes::{Episode, Recycling};
use super::report::{
    Cohort, MqlCount, ReasonCount, RecycleReason, RecyclingReport, SegmentRow, StageRate,
    StageRates,
};
use super::speed::{Clock, SpeedToLead};
use crate::lifecycle::LifecycleRecord;
use crate::sort::sort_by;
use crate::time::{Timestamp, MS_PER_DAY};
use std::collections::BTreeMap;

pub fn stage_rate<'a>(
    episodes: impl Iterator<Item = &'a Episode>,
    milestone: impl Fn(&Episode) -> bool,
) -> StageRate {
    let (mut reached, mut settled, mut pending) = (0, 0, 0);
    for episode in episodes {
        match episode.settled(milestone(episode)) {
            Some(true) => {
                reached += 1;
                settled += 1;
            }
            Some(false) => settled += 1,
            None => pending += 1,
        }
    }
    let interval = wilson(reached, settled);
    StageRate {
        reached,
        settled,
        pending,
        rate: rate(reached, settled),
        low: interval.map(|i| i.0),
        high: interval.map(|i| i.1),
    }
}

pub fn stage_rates<'a>(episodes: impl Iterator<Item = &'a Episode> + Clone) -> StageRates {
    StageRates {
        acceptance: stage_rate(episodes.clone(), |e| e.accepted),
        mql_to_sql: stage_rate(episodes.clone(), |e| e.sql),
        meeting: stage_rate(episodes.clone(), |e| e.meeting),
        opportunity: stage_rate(episodes, |e| e.opportunity),
    }
}

/// Counts by reason, most frequent first (then by name), with each one's share.
pub fn reason_counts<'a>(reasons: impl Iterator<Item = &'a str>) -> Vec<ReasonCount> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for reason in reasons {
        *counts.entry(reason).or_default() += 1;
    }
    let total: usize = counts.values().sum();
    let mut rows: Vec<ReasonCount> = counts
        .into_iter()
        .map(|(reason, count)| ReasonCount {
            reason: reason.to_string(),
            count,
            share: rate(count, total),
        })
        .collect();
    sort_by(&mut rows, |a, b| {
        (a.count, &b.reason) > (b.count, &a.reason)
    });
    rows
}

/// Rejections by the values of one attribute, the value of each episode's lead given by `value`.
pub fn by_segment(
    episodes: &[Episode],
    value: impl Fn(&Episode) -> Option<String>,
) -> Vec<SegmentRow> {
    let mut groups: BTreeMap<String, Vec<&Episode>> = BTreeMap::new();
    for episode in episodes {
        groups
            .entry(value(episode).unwrap_or_else(|| "(none)".to_string()))
            .or_default()
            .push(episode);
    }
    let mut rows: Vec<SegmentRow> = groups
        .into_iter()
        .map(|(value, members)| {
            let rejected = members.iter().filter(|e| e.rejected.is_some()).count();
            SegmentRow {
                value,
                mqls: members.len(),
                rejected,
                rejection_rate: rate(rejected, members.len()),
                reasons: reason_counts(members.iter().filter_map(|e| e.rejected.as_deref())),
            }
        })
        .collect();
    sort_by(&mut rows, |a, b| (a.mqls, &b.value) > (b.mqls, &a.value));
    rows
}

pub fn recycling(recyclings: &[Recycling], episodes: &[Episode]) -> RecyclingReport {
    let requalified = recyclings.iter().filter(|r| r.requalified).count();
    let reasons: Vec<&str> = recyclings
        .iter()
        .map(|r| r.reason.as_deref().unwrap_or(""))
        .collect();
    let by_reason: Vec<RecycleReason> = reason_counts(reasons.iter().copied())
        .into_iter()
        .map(|row| {
            let back = recyclings
                .iter()
                .filter(|r| r.reason.as_deref().unwrap_or("") == row.reason && r.requalified)
                .count();
            RecycleReason {
                rate: rate(back, row.count),
                reason: row.reason,
                recycled: row.count,
                requalified: back,
            }
        })
        .collect();
    RecyclingReport {
        recycled: recyclings.len(),
        requalified,
        rate: rate(requalified, recyclings.len()),
        requalified_to_sql: stage_rate(episodes.iter().filter(|e| e.requalified), |e| e.sql),
        by_reason,
    }
}

pub fn mql_counts(records: &[LifecycleRecord]) -> Vec<MqlCount> {
    let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
    for record in records {
        *counts.entry(record.mql_count).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(mqls, records)| MqlCount { mqls, records })
        .collect()
}

/// A week (Monday to Sunday, UTC) or a calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CohortPeriod {
    Week,
    #[default]
    Month,
}

/// The cohort a moment falls in, named so names sort in time order.
pub fn cohort_of(at: Timestamp, period: CohortPeriod) -> String {
    match period {
        CohortPeriod::Month => {
            let month = at.month_index();
            format!(
                "{:04}-{:02}",
                month.div_euclid(12),
                month.rem_euclid(12) + 1
            )
        }
        CohortPeriod::Week => {
            // Week 0 began on Monday 1969-12-29, three days before the epoch.
            let monday = (at.week_index() * 7 - 3) * MS_PER_DAY;
            Timestamp::from_millis(monday)
                .map_or_else(String::new, |t| t.to_rfc3339()[..10].to_string())
        }
    }
}

pub fn cohorts(episodes: &[Episode], clocks: &[Clock], period: CohortPeriod) -> Vec<Cohort> {
    let mut groups: BTreeMap<String, Vec<&Episode>> = BTreeMap::new();
    for episode in episodes {
        groups
            .entry(cohort_of(episode.mql_at, period))
            .or_default()
            .push(episode);
    }
    groups
        .into_iter()
        .map(|(cohort, members)| {
            // A record's clock belongs to the episode it started with.
            let mine = clocks.iter().filter(|c| {
                members
                    .iter()
                    .any(|e| e.record == c.record && e.mql_at == c.started_at)
            });
            Cohort {
                mqls: members.len(),
                stages: stage_rates(members.iter().copied()),
                speed_to_lead: SpeedToLead::of(mine),
                cohort,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cohorts_are_named_by_their_month_or_monday() {
        let at = Timestamp::parse("2026-11-19T15:10:00Z").unwrap();
        assert_eq!(cohort_of(at, CohortPeriod::Month), "2026-11");
        // 2026-11-19 is a Thursday: its week began on Monday the 16th.
        assert_eq!(cohort_of(at, CohortPeriod::Week), "2026-11-16");
        let monday = Timestamp::parse("2026-11-16T00:00:00Z").unwrap();
        assert_eq!(cohort_of(monday, CohortPeriod::Week), "2026-11-16");
        let sunday = Timestamp::parse("2026-11-15T23:59:59Z").unwrap();
        assert_eq!(cohort_of(sunday, CohortPeriod::Week), "2026-11-09");
        assert_eq!(
            cohort_of(
                Timestamp::parse("2027-01-01T00:00:00Z").unwrap(),
                CohortPeriod::Month
            ),
            "2027-01"
        );
    }

    #[test]
    fn reasons_count_most_frequent_first() {
        let rows = reason_counts(["timing", "wrongIcp", "timing", "noResponse"].into_iter());
        let summary: Vec<(&str, usize)> =
            rows.iter().map(|r| (r.reason.as_str(), r.count)).collect();
        assert_eq!(summary, [("timing", 2), ("noResponse", 1), ("wrongIcp", 1)]);
        assert_eq!(rows[0].share, Some(0.5));
    }
}
