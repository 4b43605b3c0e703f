//! Funnel metrics from lifecycle records: how MQLs fare after the handoff. Speed to lead (clock
//! and business time), SLA adherence by signal, acceptance (MQL to SAL), MQL-to-SQL, meeting and
//! opportunity rates, rejection reasons overall and by attributes the caller names, recycling
//! and re-qualification, MQL counts, and all of it by cohort (the week or month of the MQL),
//! with flags for what falls outside the seeds' healthy bands.
//!
//! A record keeps its whole history of stages but only its latest SLA clock, so speed to lead
//! and SLA adherence count each record's latest MQL; the stage rates count every MQL.

mod breakdown;
mod episodes;
mod flags;
mod report;
mod speed;

pub use breakdown::{cohort_of, CohortPeriod};
pub use report::{
    Cohort, FunnelFlag, FunnelFlagCode, FunnelReport, MqlCount, ReasonCount, RecycleReason,
    RecyclingReport, SegmentBreakdown, SegmentRow, StageRate, StageRates,
};
pub use speed::{ClockState, SlaBySignal, SpeedToLead};

use super::advice::HEALTHY_BAND;
use crate::lead::Lead;
use crate::lifecycle::{Lifecycle, LifecycleRecord, Stage};
use crate::result::{MqlReason, ScoreResult};
use crate::time::Timestamp;
use crate::Scorer;
use episodes::Episode;
use serde_json::Value as Json;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
pub struct FunnelOptions {
    /// The moment SLA clocks are judged at: a clock with no contact is missed once it is due.
    pub now: Timestamp,
    pub cohort: CohortPeriod,
    /// Attributes to break rejections down by (lead source, segment...).
    pub segments: Vec<String>,
    pub healthy: (f64, f64),
    /// A rate needs this many settled MQLs before it is flagged.
    pub min_judged: usize,
    /// SLA adherence below this is flagged.
    pub sla_adherence: f64,
    /// A rejection reason needs this many rejections before its concentration is judged...
    pub min_rejections: usize,
    /// ...and is flagged when this share of them crossed on the same rule.
    pub concentration: f64,
}

impl FunnelOptions {
    pub fn at(now: Timestamp) -> FunnelOptions {
        FunnelOptions {
            now,
            cohort: CohortPeriod::Month,
            segments: Vec::new(),
            healthy: HEALTHY_BAND,
            min_judged: 20,
            sla_adherence: 0.9,
            min_rejections: 10,
            concentration: 0.5,
        }
    }
}

/// What the records do not say, from elsewhere (a leads file, scoring).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LeadFacts {
    /// Attribute values by lead id, for the segments. A record's own fit attributes at its last
    /// MQL (`fitAtMql`) are used for a lead not listed here.
    pub attributes: BTreeMap<String, BTreeMap<String, String>>,
    /// The rules that carried each MQL over the line, by lead id and MQL time (see
    /// [`carriers`]).
    pub carried: BTreeMap<(String, Timestamp), Vec<String>>,
}

/// The rules that carried a lead over the line in a result: an instant trigger's rule, or each
/// rule whose points the total could not have lost and still reached the threshold.
pub fn carriers(result: &ScoreResult, threshold: f64) -> Vec<String> {
    match result.mql_reason {
        Some(MqlReason::Instant) => result
            .trigger
            .iter()
            .map(|t| t.rule_id.to_string())
            .collect(),
        Some(MqlReason::Threshold) => result
            .contributions
            .iter()
            .filter(|c| c.points > 0 && ((result.total - c.points) as f64) < threshold)
            .map(|c| c.rule_id.to_string())
            .collect(),
        None => Vec::new(),
    }
}

/// The rules that carried each MQL of `records` over the line: each record's lead (found in
/// `leads` by id) scored as of each time its history says it became an MQL. Records whose lead
/// is not among `leads` are left out.
pub fn carried_over(
    scorer: &Scorer,
    leads: &[Lead],
    records: &[LifecycleRecord],
) -> BTreeMap<(String, Timestamp), Vec<String>> {
    let by_id: BTreeMap<&str, &Lead> = leads.iter().map(|lead| (lead.id(), lead)).collect();
    let threshold = scorer.model().mql.threshold;
    let mut carried = BTreeMap::new();
    for record in records {
        let Some(lead) = by_id.get(record.lead_id.as_str()) else {
            continue;
        };
        for entry in record
            .history
            .iter()
            .filter(|h| h.to == Stage::Mql && h.from != Stage::Mql)
        {
            let result = scorer.score(lead, entry.at);
            carried.insert(
                (record.lead_id.clone(), entry.at),
                carriers(&result, threshold),
            );
        }
    }
    carried
}

fn plain_text(value: &Json) -> Option<String> {
    match value {
        Json::Null => None,
        Json::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

/// The funnel metrics of `records`. With the playbook (`lifecycle`), speed to lead is also
/// measured in business time on the owners' calendars.
pub fn funnel(
    records: &[LifecycleRecord],
    facts: &LeadFacts,
    lifecycle: Option<&Lifecycle>,
    options: &FunnelOptions,
) -> FunnelReport {
    let mut episodes = Vec::new();
    let mut recyclings = Vec::new();
    let mut clocks = Vec::new();
    for (index, record) in records.iter().enumerate() {
        let (mine, recycled) = episodes::read(record, index);
        episodes.extend(mine);
        recyclings.extend(recycled);
        clocks.extend(speed::read(record, index, lifecycle, options.now));
    }
    let attribute = |episode: &Episode, name: &str| -> Option<String> {
        let record = &records[episode.record];
        match facts.attributes.get(&record.lead_id) {
            Some(attributes) => attributes.get(name).cloned(),
            None => record
                .fit_at_mql
                .as_ref()
                .and_then(|fit| fit.get(name))
                .and_then(plain_text),
        }
    };
    let carried = |episode: &Episode| {
        facts
            .carried
            .get(&(records[episode.record].lead_id.clone(), episode.mql_at))
            .cloned()
    };
    let stages = breakdown::stage_rates(episodes.iter());
    let sla = speed::by_signal(&clocks);
    let cohorts = breakdown::cohorts(&episodes, &clocks, options.cohort);
    let flags = flags::flags(
        &stages.mql_to_sql,
        &cohorts,
        &sla,
        &episodes,
        &carried,
        options,
    );
    FunnelReport {
        now: options.now,
        records: records.len(),
        mqls: episodes.len(),
        stages,
        speed_to_lead: SpeedToLead::of(clocks.iter()),
        sla,
        rejections: breakdown::reason_counts(episodes.iter().filter_map(|e| e.rejected.as_deref())),
        rejections_by: options
            .segments
            .iter()
            .map(|name| SegmentBreakdown {
                attribute: name.clone(),
                rows: breakdown::by_segment(&episodes, |e| attribute(e, name)),
            })
            .collect(),
        recycling: breakdown::recycling(&recyclings, &episodes),
        mql_counts: breakdown::mql_counts(records),
        cohorts,
        flags,
    }
}
