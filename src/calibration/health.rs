//! Health flags as the seeds define them: MQL-to-SQL outside 40-70%, bands too small to judge,
//! conversion that falls as the score rises, and rules that hurt separation, point the wrong
//! way, never fire or probably record the outcome; and a fitted model that does no better.

use super::advice::AdviceOptions;
use super::format::{count, decimal, percent, points};
use super::report::{Comparison, Flag, FlagCode, ModelCheck};
use super::signals::{SignalFlag, SignalPower, HURTS_BY};

fn flag(code: FlagCode, check: &ModelCheck, subject: Option<&str>, message: String) -> Flag {
    Flag {
        code,
        part: check.scores.part,
        subject: subject.map(str::to_string),
        message,
    }
}

pub fn flags(check: &ModelCheck, comparison: &Comparison, options: &AdviceOptions) -> Vec<Flag> {
    let mut flags = Vec::new();
    let current = &check.scores.advice.current.point;
    let (low, high) = options.healthy;
    match current.precision {
        Some(rate) if current.mqls >= options.min_mqls && rate < low => flags.push(flag(
            FlagCode::MqlToSqlLow,
            check,
            None,
            format!(
                "MQLs convert at {} at threshold {}, below the healthy {}: tighten the criteria (raise the threshold or re-weight the rules).",
                percent(Some(rate)),
                points(current.threshold),
                percent(Some(low))
            ),
        )),
        Some(rate) if current.mqls >= options.min_mqls && rate > high => flags.push(flag(
            FlagCode::MqlToSqlHigh,
            check,
            None,
            format!(
                "MQLs convert at {} at threshold {}, above the healthy {}: good leads are being over-nurtured (lower the threshold).",
                percent(Some(rate)),
                points(current.threshold),
                percent(Some(high))
            ),
        )),
        _ => {}
    }
    for row in check.scores.by_band.iter().flat_map(|t| &t.rows) {
        if row.tally.leads < options.min_mqls {
            flags.push(flag(
                FlagCode::BandTooSmall,
                check,
                Some(&row.label),
                format!(
                    "Band {} has {}: too few to judge its conversion (at least {} needed).",
                    row.label,
                    super::format::plural(row.tally.leads, "lead"),
                    options.min_mqls
                ),
            ));
        }
    }
    for (name, table) in [
        ("bands", check.scores.by_band.as_ref()),
        ("deciles", Some(&check.scores.by_decile)),
        ("ranges", Some(&check.scores.by_range)),
    ] {
        for dip in table.iter().flat_map(|t| &t.dips).filter(|d| d.clear) {
            flags.push(flag(
                FlagCode::ConversionDips,
                check,
                Some(name),
                format!("Conversion falls from {} to {} (the intervals do not overlap): the score does not rank these leads.", dip.from, dip.to),
            ));
        }
    }
    for signal in &check.signals {
        flags.extend(rule_flags(check, signal));
    }
    if let (Some(original), Some(fitted)) = (&comparison.original.auc, &comparison.fitted.auc) {
        if fitted.auc < original.auc {
            flags.push(Flag {
                code: FlagCode::FittedNotBetter,
                part: comparison.part,
                subject: None,
                message: format!(
                    "The fitted model separates no better than the original on the holdout (AUC {} against {}): keep the original points.",
                    decimal(Some(fitted.auc)),
                    decimal(Some(original.auc))
                ),
            });
        }
    }
    flags
}

fn rule_flags(check: &ModelCheck, signal: &SignalPower) -> Vec<Flag> {
    let id = signal.rule.id.as_str();
    let fired = format!(
        "{} of {} leads it fired for converted ({}; the rest {})",
        count(signal.fired.converted),
        count(signal.fired.leads),
        percent(signal.fired.rate),
        percent(signal.not_fired.rate)
    );
    signal
        .flags
        .iter()
        .map(|f| match f {
            SignalFlag::NeverFires => flag(FlagCode::RuleNeverFires, check, Some(id), format!("Rule {id} never fires: it cannot be judged or fitted.")),
            SignalFlag::PositiveButConvertsLess => flag(
                FlagCode::RuleWrongDirection,
                check,
                Some(id),
                format!("Rule {id} adds {} points, yet {fired}: it points the wrong way.", points(signal.rule.points)),
            ),
            SignalFlag::NegativeButConvertsMore => flag(
                FlagCode::RuleWrongDirection,
                check,
                Some(id),
                format!(
                    "Rule {id} {}, yet {fired}: it points the wrong way.",
                    if signal.rule.disqualify { "disqualifies".to_string() } else { format!("takes {} points", points(-signal.rule.points)) }
                ),
            ),
            SignalFlag::LikelyLeak => flag(
                FlagCode::RuleLikelyLeak,
                check,
                Some(id),
                format!(
                    "Rule {id}{}: {fired}. So extreme a rate usually means the field records the outcome (filled in by sales after contact); a model that reads it is no use before the first call.",
                    signal.rule.attribute.as_ref().map_or(String::new(), |a| format!(" (reads {a})"))
                ),
            ),
            SignalFlag::HurtsSeparation => flag(
                FlagCode::RuleHurtsSeparation,
                check,
                Some(id),
                format!(
                    "Without rule {id}, separation improves (AUC {} against {}, more than {} better): it hurts the ranking.",
                    decimal(signal.auc_without),
                    decimal(check.scores.separation.auc.map(|a| a.auc)),
                    HURTS_BY
                ),
            ),
        })
        .collect()
}
