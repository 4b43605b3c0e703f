//! Funnel flags: MQL-to-SQL outside the seeds' healthy band (overall and by cohort), SLA
//! windows missed too often, and a rejection reason concentrated on the leads one rule carried
//! over the line ("wrongIcp rejections: 60% crossed on rule X").

use super::super::format::{count, percent};
use super::episodes::Episode;
use super::report::{Cohort, FunnelFlag, FunnelFlagCode, StageRate};
use super::speed::SlaBySignal;
use super::FunnelOptions;
use std::collections::BTreeMap;

fn mql_to_sql(
    rate: &StageRate,
    subject: Option<&str>,
    options: &FunnelOptions,
) -> Option<FunnelFlag> {
    let (low, high) = options.healthy;
    let value = rate.rate.filter(|_| rate.settled >= options.min_judged)?;
    let within = subject.map_or(String::new(), |s| format!(" in {s}"));
    let settled = count(rate.settled);
    let (code, message) = if value < low {
        (FunnelFlagCode::MqlToSqlLow, format!("MQL-to-SQL{within} is {} ({settled} settled MQLs), below the healthy {}: tighten the MQL criteria.", percent(Some(value)), percent(Some(low))))
    } else if value > high {
        (FunnelFlagCode::MqlToSqlHigh, format!("MQL-to-SQL{within} is {} ({settled} settled MQLs), above the healthy {}: good leads are being over-nurtured; lower the threshold.", percent(Some(value)), percent(Some(high))))
    } else {
        return None;
    };
    Some(FunnelFlag {
        code,
        subject: subject.map(str::to_string),
        message,
    })
}

fn sla(signal: &SlaBySignal, options: &FunnelOptions) -> Option<FunnelFlag> {
    let judged = signal.met + signal.late + signal.missed;
    let adherence = signal.adherence.filter(|_| judged >= options.min_judged)?;
    (adherence < options.sla_adherence).then(|| FunnelFlag {
        code: FunnelFlagCode::SlaMissed,
        subject: Some(signal.signal.clone()),
        message: format!(
            "{} MQLs met their first-contact window {} of the time ({} late, {} not contacted), below {}: the speed the seeds ask for is not there.",
            signal.signal,
            percent(Some(adherence)),
            count(signal.late),
            count(signal.missed),
            percent(Some(options.sla_adherence))
        ),
    })
}

/// For each rejection reason with enough rejections whose carriers are known, the rule that
/// carried the largest share of them over the line, flagged when the share reaches the bar.
fn concentrated(
    episodes: &[Episode],
    carried: &dyn Fn(&Episode) -> Option<Vec<String>>,
    options: &FunnelOptions,
) -> Vec<FunnelFlag> {
    let mut by_reason: BTreeMap<&str, (usize, BTreeMap<String, usize>)> = BTreeMap::new();
    for episode in episodes {
        let (Some(reason), Some(rules)) = (episode.rejected.as_deref(), carried(episode)) else {
            continue;
        };
        let (total, per_rule) = by_reason.entry(reason).or_default();
        *total += 1;
        for rule in rules {
            *per_rule.entry(rule).or_default() += 1;
        }
    }
    by_reason
        .into_iter()
        .filter(|(_, (total, _))| *total >= options.min_rejections)
        .filter_map(|(reason, (total, per_rule))| {
            // The most frequent rule; on a tie, the first by name.
            let (rule, hits) = per_rule.into_iter().fold(None::<(String, usize)>, |best, (rule, n)| match best {
                Some(b) if b.1 >= n => Some(b),
                _ => Some((rule, n)),
            })?;
            let share = hits as f64 / total as f64;
            (share >= options.concentration).then(|| FunnelFlag {
                code: FunnelFlagCode::RejectionsFromOneRule,
                subject: Some(reason.to_string()),
                message: format!(
                    "{reason} rejections: {} ({} of {}) crossed on rule {rule}: its points bring in leads sales turns down; re-weigh it.",
                    percent(Some(share)),
                    count(hits),
                    count(total)
                ),
            })
        })
        .collect()
}

pub fn flags(
    overall: &StageRate,
    cohorts: &[Cohort],
    sla_by_signal: &[SlaBySignal],
    episodes: &[Episode],
    carried: &dyn Fn(&Episode) -> Option<Vec<String>>,
    options: &FunnelOptions,
) -> Vec<FunnelFlag> {
    let mut flags: Vec<FunnelFlag> = mql_to_sql(overall, None, options).into_iter().collect();
    flags.extend(
        cohorts
            .iter()
            .filter_map(|c| mql_to_sql(&c.stages.mql_to_sql, Some(&c.cohort), options)),
    );
    flags.extend(sla_by_signal.iter().filter_map(|s| sla(s, options)));
    flags.extend(concentrated(episodes, carried, options));
    flags
}
