//! The healthy band: the runs of thresholds whose MQL-to-SQL (precision) stays within the
//! seeds' 40-70%, with volume and recall at each end, or why none does.

use super::format::{percent, points};
use super::threshold::{describe, ThresholdPoint};
use serde::Serialize;

/// The thresholds whose precision is within the healthy band, as runs of neighbouring
/// thresholds (usually one), each from its lowest threshold to its highest.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthyRange {
    #[serde(serialize_with = "super::json_number::plain")]
    pub low: f64,
    #[serde(serialize_with = "super::json_number::plain")]
    pub high: f64,
    pub runs: Vec<Run>,
    pub says: String,
}

/// Neighbouring thresholds, all within the band: the lowest and the highest.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    pub from: ThresholdPoint,
    pub to: ThresholdPoint,
}

/// The runs of `judged` thresholds (highest first, each with enough MQLs to judge) whose
/// precision is within `band`.
pub(super) fn healthy_range(
    judged: &[ThresholdPoint],
    band: (f64, f64),
    min_mqls: usize,
) -> HealthyRange {
    let (low, high) = band;
    let in_band = |p: &ThresholdPoint| p.precision.is_some_and(|r| r >= low && r <= high);
    // Runs of neighbouring judged thresholds, lowest threshold first.
    let mut runs: Vec<Run> = Vec::new();
    let mut open: Option<Run> = None;
    for point in judged.iter().rev() {
        match (&mut open, in_band(point)) {
            (Some(run), true) => run.to = *point,
            (None, true) => {
                open = Some(Run {
                    from: *point,
                    to: *point,
                })
            }
            (Some(_), false) => runs.extend(open.take()),
            (None, false) => {}
        }
    }
    runs.extend(open);
    let band_text = format!("{}–{}", percent(Some(low)), percent(Some(high)));
    let says = match runs.as_slice() {
        [] => outside_band(judged, band, min_mqls, &band_text),
        [Run { from, to }, rest @ ..] => {
            let mut says = if from.threshold == to.threshold {
                format!(
                    "Only threshold {} keeps MQL-to-SQL within {band_text}: {}.",
                    points(from.threshold),
                    describe(from)
                )
            } else {
                format!(
                    "Thresholds {} to {} keep MQL-to-SQL within {band_text}: at {}, {}; at {}, {}.",
                    points(from.threshold),
                    points(to.threshold),
                    points(from.threshold),
                    describe(from),
                    points(to.threshold),
                    describe(to)
                )
            };
            for Run { from, to } in rest {
                says.push_str(&match from.threshold == to.threshold {
                    true => format!(" Also {}.", points(from.threshold)),
                    false => format!(
                        " Also {} to {}.",
                        points(from.threshold),
                        points(to.threshold)
                    ),
                });
            }
            says
        }
    };
    HealthyRange {
        low,
        high,
        runs,
        says,
    }
}

fn outside_band(
    judged: &[ThresholdPoint],
    band: (f64, f64),
    min_mqls: usize,
    band_text: &str,
) -> String {
    let best = judged
        .iter()
        .filter_map(|p| p.precision.map(|r| (r, p.threshold)))
        .fold(None::<(f64, f64)>, |best, p| match best {
            Some(b) if b.0 >= p.0 => Some(b),
            _ => Some(p),
        });
    let worst = judged
        .iter()
        .filter_map(|p| p.precision.map(|r| (r, p.threshold)))
        .fold(None::<(f64, f64)>, |worst, p| match worst {
            Some(w) if w.0 <= p.0 => Some(w),
            _ => Some(p),
        });
    match (best, worst) {
        (Some((rate, at)), _) if rate < band.0 => format!(
            "No threshold with {}+ MQLs converts within {band_text}: the best is {} at {}. Scoring does not yet separate enough; tighten the criteria or re-weight the rules.",
            min_mqls,
            percent(Some(rate)),
            points(at)
        ),
        (_, Some((rate, at))) if rate > band.1 => format!(
            "Every threshold with {}+ MQLs converts above {band_text} (the lowest is {} at {}): good leads wait in nurture; lower the line.",
            min_mqls,
            percent(Some(rate)),
            points(at)
        ),
        (None, _) => format!("No threshold gives {}+ MQLs: too few leads to judge.", min_mqls),
        _ => format!("No threshold keeps MQL-to-SQL within {band_text}: precision jumps across the band between neighbouring thresholds."),
    }
}
