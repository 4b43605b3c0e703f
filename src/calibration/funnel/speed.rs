//! Speed to lead and SLA adherence from the SLA clock a record keeps for its latest MQL: clock
//! time always, business time on the playbook's calendars when the playbook is given.

use super::super::stats::quantile;
use crate::lifecycle::{Lifecycle, LifecycleRecord};
use crate::sort::sort_by;
use crate::time::Timestamp;
use serde::Serialize;

/// Where an SLA clock stands at the report's `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ClockState {
    /// First contact by the due time.
    Met,
    /// First contact after the due time.
    Late,
    /// No contact and the due time has passed.
    Missed,
    /// No contact yet, still within the window.
    Pending,
}

/// One record's SLA clock, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Clock {
    pub record: usize,
    pub signal: String,
    pub started_at: Timestamp,
    pub state: ClockState,
    pub speed_ms: Option<i64>,
    pub business_ms: Option<i64>,
}

pub fn read(
    record: &LifecycleRecord,
    index: usize,
    lifecycle: Option<&Lifecycle>,
    now: Timestamp,
) -> Option<Clock> {
    let sla = record.sla.as_ref()?;
    let state = match sla.first_contact_at {
        Some(contact) if contact <= sla.due_at => ClockState::Met,
        Some(_) => ClockState::Late,
        None if now >= sla.due_at => ClockState::Missed,
        None => ClockState::Pending,
    };
    let business_ms = lifecycle
        .and_then(|l| l.sla_status(record, now))
        .and_then(|status| status.business_speed_to_lead_ms);
    Some(Clock {
        record: index,
        signal: sla.signal.clone(),
        started_at: sla.started_at,
        state,
        speed_ms: sla
            .first_contact_at
            .map(|c| c.millis() - sla.started_at.millis()),
        business_ms,
    })
}

/// Median and 90th percentile of the time from MQL to first contact, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SpeedToLead {
    pub contacted: usize,
    #[serde(serialize_with = "super::super::json_number::optional")]
    pub median_ms: Option<f64>,
    #[serde(serialize_with = "super::super::json_number::optional")]
    pub p90_ms: Option<f64>,
    /// The same in business time on the owner's calendar (null without the playbook).
    #[serde(serialize_with = "super::super::json_number::optional")]
    pub business_median_ms: Option<f64>,
    #[serde(serialize_with = "super::super::json_number::optional")]
    pub business_p90_ms: Option<f64>,
}

impl SpeedToLead {
    pub fn of<'a>(clocks: impl Iterator<Item = &'a Clock> + Clone) -> SpeedToLead {
        let sorted = |values: Vec<f64>| {
            let mut values = values;
            sort_by(&mut values, |a, b| a.total_cmp(b).is_lt());
            values
        };
        let clock = sorted(
            clocks
                .clone()
                .filter_map(|c| c.speed_ms)
                .map(|ms| ms as f64)
                .collect(),
        );
        let business = sorted(
            clocks
                .filter_map(|c| c.business_ms)
                .map(|ms| ms as f64)
                .collect(),
        );
        SpeedToLead {
            contacted: clock.len(),
            median_ms: quantile(&clock, 0.5),
            p90_ms: quantile(&clock, 0.9),
            business_median_ms: quantile(&business, 0.5),
            business_p90_ms: quantile(&business, 0.9),
        }
    }
}

/// SLA adherence for one signal type (hand-raiser, behavioral...).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SlaBySignal {
    pub signal: String,
    pub clocks: usize,
    pub met: usize,
    pub late: usize,
    pub missed: usize,
    pub pending: usize,
    /// Met among the clocks that are no longer pending.
    #[serde(serialize_with = "super::super::json_number::optional")]
    pub adherence: Option<f64>,
    pub speed_to_lead: SpeedToLead,
}

/// Adherence per signal, in the order signals first appear.
pub fn by_signal(clocks: &[Clock]) -> Vec<SlaBySignal> {
    let mut signals: Vec<&str> = Vec::new();
    for clock in clocks {
        if !signals.contains(&clock.signal.as_str()) {
            signals.push(&clock.signal);
        }
    }
    signals
        .into_iter()
        .map(|signal| {
            let mine = clocks.iter().filter(|c| c.signal == signal);
            let count = |state: ClockState| mine.clone().filter(|c| c.state == state).count();
            let (met, late, missed, pending) = (
                count(ClockState::Met),
                count(ClockState::Late),
                count(ClockState::Missed),
                count(ClockState::Pending),
            );
            SlaBySignal {
                signal: signal.to_string(),
                clocks: met + late + missed + pending,
                met,
                late,
                missed,
                pending,
                adherence: super::super::stats::rate(met, met + late + missed),
                speed_to_lead: SpeedToLead::of(mine),
            }
        })
        .collect()
}
