//! Threshold advice: the thresholds that keep MQL-to-SQL (precision) within the healthy band
//! the seeds give (40-70%), a threshold for a target MQL volume, one for a target conversion
//! rate, the best F1, and the one to suggest for a fitted model, each with a sentence saying
//! what it does.

use super::format::{count, decimal, percent, points};
use super::healthy::{healthy_range, HealthyRange};
use super::split::Part;
use super::tables::Scored;
use super::threshold::{best_f1, describe, Sweep, ThresholdPoint};
use serde::Serialize;

/// The seeds' healthy MQL-to-SQL band: below, tighten the criteria; above, good leads are being
/// over-nurtured.
pub const HEALTHY_BAND: (f64, f64) = (0.40, 0.70);

/// An MQL volume to aim for: a number of MQLs or a share of the leads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TargetVolume {
    Count(usize),
    Share(f64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct AdviceOptions {
    pub healthy: (f64, f64),
    /// Fewer MQLs than this are too few to judge a threshold's precision by.
    pub min_mqls: usize,
    pub target_volume: Option<TargetVolume>,
    /// A conversion rate to reach, judged by `range_width`-point score ranges with at least
    /// `min_mqls` leads (the simulator's "target conversion" suggestion).
    pub target_rate: Option<f64>,
    pub range_width: i64,
}

impl Default for AdviceOptions {
    fn default() -> Self {
        AdviceOptions {
            healthy: HEALTHY_BAND,
            min_mqls: 30,
            target_volume: None,
            target_rate: None,
            range_width: 10,
        }
    }
}

/// A suggested threshold and what it does.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Choice {
    #[serde(flatten)]
    pub point: ThresholdPoint,
    pub says: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ThresholdAdvice {
    pub part: Part,
    pub current: Choice,
    pub healthy: HealthyRange,
    pub for_volume: Option<Choice>,
    pub for_rate: Option<Choice>,
    pub best_f1: Option<Choice>,
}

/// How a choice differs from the current threshold: "(5 above the current 50: 300 fewer MQLs)".
fn against(point: &ThresholdPoint, current: &ThresholdPoint) -> String {
    let step = point.threshold - current.threshold;
    if step == 0.0 {
        return " (the current threshold)".to_string();
    }
    let (side, fewer) = if step > 0.0 {
        ("above", "fewer")
    } else {
        ("below", "more")
    };
    let change = point.mqls.abs_diff(current.mqls);
    format!(
        " ({} {side} the current {}: {} {fewer} MQL{})",
        points(step.abs()),
        points(current.threshold),
        count(change),
        if change == 1 { "" } else { "s" }
    )
}

pub fn advise(
    sweep: &Sweep,
    scored: &Scored,
    threshold: f64,
    options: &AdviceOptions,
    part: Part,
) -> ThresholdAdvice {
    let current = sweep.at(threshold);
    let choice = |point: ThresholdPoint, lead: String| Choice {
        says: format!("{lead}: {}{}.", describe(&point), against(&point, &current)),
        point,
    };
    let judged: Vec<ThresholdPoint> = sweep
        .points()
        .filter(|p| p.mqls >= options.min_mqls)
        .collect();
    let best_f1 = best_f1(sweep.points().filter(|p| p.converted > 0)).map(|p| {
        choice(
            p,
            format!("Best F1 ({}) at {}", decimal(p.f1), points(p.threshold)),
        )
    });
    let for_volume = options
        .target_volume
        .and_then(|target| closest_volume(sweep, target))
        .map(|p| {
            choice(
                p,
                format!(
                    "For about {} MQLs, threshold {}",
                    count(target_count(sweep, options)),
                    points(p.threshold)
                ),
            )
        });
    let for_rate = options
        .target_rate
        .and_then(|target| for_rate(sweep, scored, target, options))
        .map(|(p, lead)| choice(p, lead));
    ThresholdAdvice {
        part,
        healthy: healthy_range(&judged, options.healthy, options.min_mqls),
        current: Choice {
            says: format!(
                "At {} (the current threshold): {}.",
                points(threshold),
                describe(&current)
            ),
            point: current,
        },
        for_volume,
        for_rate,
        best_f1,
    }
}

fn target_count(sweep: &Sweep, options: &AdviceOptions) -> usize {
    match options.target_volume {
        Some(TargetVolume::Count(n)) => n,
        Some(TargetVolume::Share(share)) => libm::round(share * sweep.leads() as f64) as usize,
        None => 0,
    }
}

/// The threshold whose MQL count comes closest to the target; on a tie, the fewer MQLs.
pub fn closest_volume(sweep: &Sweep, target: TargetVolume) -> Option<ThresholdPoint> {
    let wanted = match target {
        TargetVolume::Count(n) => n as f64,
        TargetVolume::Share(share) => share * sweep.leads() as f64,
    };
    sweep
        .points()
        .fold(None, |best: Option<ThresholdPoint>, p| match best {
            Some(b) if (b.mqls as f64 - wanted).abs() <= (p.mqls as f64 - wanted).abs() => Some(b),
            _ => Some(p),
        })
}

/// The lowest start of a score range from which every range upward (of those with enough
/// leads to judge) converts at the target or better.
fn for_rate(
    sweep: &Sweep,
    scored: &Scored,
    target: f64,
    options: &AdviceOptions,
) -> Option<(ThresholdPoint, String)> {
    let table = scored.by_range(options.range_width);
    let mut threshold = None;
    for row in table.rows.iter().rev() {
        if row.tally.leads < options.min_mqls {
            continue;
        }
        if row.tally.rate.is_some_and(|r| r >= target) {
            threshold = row.from;
        } else {
            break;
        }
    }
    let threshold = threshold? as f64;
    let lead = format!(
        "For {} conversion, threshold {} (every {}-point range from there up with {}+ leads converts at {} or better)",
        percent(Some(target)),
        points(threshold),
        options.range_width,
        options.min_mqls,
        percent(Some(target))
    );
    Some((sweep.at(threshold), lead))
}

/// The threshold to suggest for a model: the best F1 among the thresholds that keep
/// MQL-to-SQL within the healthy band (with enough MQLs to judge), or the best F1 overall when
/// none does. `None` without any conversion.
pub fn suggest(sweep: &Sweep, options: &AdviceOptions) -> Option<Choice> {
    let (low, high) = options.healthy;
    let best = |healthy_only: bool| {
        best_f1(sweep.points().filter(|p| p.converted > 0).filter(|p| {
            !healthy_only
                || (p.mqls >= options.min_mqls
                    && p.precision.is_some_and(|r| r >= low && r <= high))
        }))
    };
    let band = format!("{}–{}", percent(Some(low)), percent(Some(high)));
    if let Some(point) = best(true) {
        return Some(Choice {
            says: format!(
                "Suggested threshold {}, the best F1 ({}) of those keeping MQL-to-SQL within {band}: {}.",
                points(point.threshold),
                decimal(point.f1),
                describe(&point)
            ),
            point,
        });
    }
    best(false).map(|point| Choice {
        says: format!(
            "Suggested threshold {}, the best F1 ({}); no threshold with {}+ MQLs keeps MQL-to-SQL within {band}: {}.",
            points(point.threshold),
            decimal(point.f1),
            options.min_mqls,
            describe(&point)
        ),
        point,
    })
}

#[cfg(test)]
mod tests {
    use super::super::input::{Gate, LeadScore};
    use super::*;

    /// Ten scored leads, 100 down to 10; those at 100, 90, 70 and 40 convert.
    fn sample() -> (Sweep, Scored) {
        let scores: Vec<LeadScore> = (1..=10)
            .rev()
            .map(|i| LeadScore {
                total: i * 10,
                gate: Gate::Scored,
            })
            .collect();
        let outcomes = || scores.iter().map(|s| matches!(s.total, 100 | 90 | 70 | 40));
        (
            Sweep::new(scores.iter().zip(outcomes())),
            Scored::new(scores.iter().zip(outcomes())),
        )
    }

    fn options() -> AdviceOptions {
        AdviceOptions {
            min_mqls: 1,
            ..AdviceOptions::default()
        }
    }

    #[test]
    fn threshold_advice_worked_by_hand() {
        let (sweep, scored) = sample();
        let advice = advise(&sweep, &scored, 50.0, &options(), Part::All);
        // At 50: six MQLs, three converted: 50% precision, 75% recall.
        assert_eq!(
            (advice.current.point.mqls, advice.current.point.precision),
            (6, Some(0.5))
        );
        assert_eq!(
            advice.current.says,
            "At 50 (the current threshold): 6 MQLs (60.0% of leads) converting at 50.0% and holding 75.0% of conversions."
        );
        // Precision by threshold: 100 and 90 convert at 100%, 80 at 67%, 70 at 75%, then 60%,
        // 50%, 57%, 50%, 44% and 40%: in the band from 10 to 60, and at 80 alone.
        let runs: Vec<(f64, f64)> = advice
            .healthy
            .runs
            .iter()
            .map(|run| (run.from.threshold, run.to.threshold))
            .collect();
        assert_eq!(runs, [(10.0, 60.0), (80.0, 80.0)]);
        assert!(advice
            .healthy
            .says
            .starts_with("Thresholds 10 to 60 keep MQL-to-SQL within 40.0%–70.0%: at 10, 10 MQLs"));
        assert!(advice.healthy.says.ends_with(" Also 80."));
        // F1 peaks at 70: precision 0.75, recall 0.75.
        let best = advice.best_f1.unwrap();
        assert_eq!((best.point.threshold, best.point.f1), (70.0, Some(0.75)));
        assert!(
            best.says
                .ends_with("(20 above the current 50: 2 fewer MQLs)."),
            "{}",
            best.says
        );
    }

    #[test]
    fn targets_for_volume_and_rate() {
        let (sweep, scored) = sample();
        let mut options = options();
        options.target_volume = Some(TargetVolume::Count(5));
        options.target_rate = Some(0.5);
        options.range_width = 20;
        let advice = advise(&sweep, &scored, 50.0, &options, Part::Train);
        assert_eq!(advice.for_volume.unwrap().point.threshold, 60.0);
        // 20-point ranges from the top: 100+ converts at 100%, 80-99, 60-79 and 40-59 at 50%,
        // 20-39 at 0%: the target holds from 40 up.
        let for_rate = advice.for_rate.unwrap();
        assert_eq!((for_rate.point.threshold, for_rate.point.mqls), (40.0, 7));
        // A share of 35% is 3.5 MQLs: 80 (3) and 70 (4) are as close; the fewer MQLs win.
        options.target_volume = Some(TargetVolume::Share(0.35));
        let advice = advise(&sweep, &scored, 50.0, &options, Part::Train);
        assert_eq!(advice.for_volume.unwrap().point.threshold, 80.0);
    }

    #[test]
    fn no_threshold_in_the_band_is_said_plainly() {
        let (sweep, scored) = sample();
        let mut options = options();
        options.healthy = (0.9, 0.95);
        let advice = advise(&sweep, &scored, 50.0, &options, Part::All);
        assert!(advice.healthy.runs.is_empty());
        assert!(
            advice
                .healthy
                .says
                .contains("precision jumps across the band"),
            "{}",
            advice.healthy.says
        );
        options.healthy = (0.1, 0.3);
        let advice = advise(&sweep, &scored, 50.0, &options, Part::All);
        assert!(
            advice
                .healthy
                .says
                .starts_with("Every threshold with 1+ MQLs converts above"),
            "{}",
            advice.healthy.says
        );
        options.min_mqls = 50;
        let advice = advise(&sweep, &scored, 50.0, &options, Part::All);
        assert_eq!(
            advice.healthy.says,
            "No threshold gives 50+ MQLs: too few leads to judge."
        );
    }
}
