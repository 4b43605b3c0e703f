//! Reading calibration's options from JavaScript: the split, the folds and the threshold
//! advice, each checked with its name in the error.

use crate::calibration::{AdviceOptions, CalibrationOptions, FitOptions, SplitPlan, TargetVolume};
use crate::error::InputError;
use crate::value::format_number;
use crate::wasm::{check_options, given_option, input_error, instant_value};
use js_sys::Object;
use wasm_bindgen::JsValue;

pub(super) fn bad(path: &str, message: impl Into<String>) -> JsValue {
    input_error(&InputError::new(path, message))
}

/// A number option within `range`, or `None` when absent.
pub(super) fn number(
    options: Option<&Object>,
    name: &'static str,
    range: (f64, f64),
) -> Result<Option<f64>, JsValue> {
    let Some(value) = given_option(options, name) else {
        return Ok(None);
    };
    match value.as_f64() {
        Some(n) if n >= range.0 && n <= range.1 => Ok(Some(n)),
        _ => Err(bad(
            name,
            format!(
                "must be a number from {} to {}",
                format_number(range.0),
                format_number(range.1)
            ),
        )),
    }
}

/// A whole-number option of at least `min`, or `None` when absent.
fn whole(options: Option<&Object>, name: &'static str, min: f64) -> Result<Option<usize>, JsValue> {
    match number(options, name, (min, 1e12))? {
        Some(n) if n.fract() != 0.0 => Err(bad(
            name,
            format!("must be a whole number of at least {}", format_number(min)),
        )),
        n => Ok(n.map(|n| n as usize)),
    }
}

/// The options `run` and `features` take.
pub(super) const RUN_OPTIONS: &[&str] = &[
    "seed",
    "holdoutShare",
    "holdoutFrom",
    "folds",
    "maxCvLeads",
    "rangeWidth",
    "minMqls",
    "targetRate",
    "targetMqls",
    "targetMqlShare",
];

/// The options `checkScores` takes besides the threshold and bands.
pub(super) const ADVICE_OPTIONS: &[&str] = &[
    "rangeWidth",
    "minMqls",
    "targetRate",
    "targetMqls",
    "targetMqlShare",
];

pub(super) fn calibration_options(options: Option<&Object>) -> Result<CalibrationOptions, JsValue> {
    check_options(options, RUN_OPTIONS)?;
    let share = number(options, "holdoutShare", (0.0, 1.0))?;
    let split = match (share, given_option(options, "holdoutFrom")) {
        (Some(_), Some(_)) => {
            let message = "goes with a split by time; holdoutShare with a random split: give one";
            return Err(bad("holdoutFrom", message));
        }
        (_, Some(from)) => SplitPlan::ByTime {
            holdout_from: instant_value(&from, "holdoutFrom")?,
        },
        (Some(holdout_share), None) => SplitPlan::Random { holdout_share },
        (None, None) => SplitPlan::default(),
    };
    let defaults = FitOptions::default();
    Ok(CalibrationOptions {
        split,
        seed: number(options, "seed", (0.0, f64::from(u32::MAX)))?.map_or(0, |n| n as u32),
        fit: FitOptions {
            folds: whole(options, "folds", 2.0)?.unwrap_or(defaults.folds),
            max_cv_leads: whole(options, "maxCvLeads", 2.0)?.unwrap_or(defaults.max_cv_leads),
            lambdas: defaults.lambdas,
        },
        advice: advice_options(options)?,
    })
}

pub(super) fn advice_options(options: Option<&Object>) -> Result<AdviceOptions, JsValue> {
    let defaults = AdviceOptions::default();
    let target_volume = match (
        whole(options, "targetMqls", 1.0)?,
        number(options, "targetMqlShare", (0.0, 1.0))?,
    ) {
        (Some(_), Some(_)) => {
            return Err(bad(
                "targetMqlShare",
                "give targetMqls or targetMqlShare, not both",
            ))
        }
        (Some(n), None) => Some(TargetVolume::Count(n)),
        (None, Some(share)) => Some(TargetVolume::Share(share)),
        (None, None) => None,
    };
    Ok(AdviceOptions {
        range_width: whole(options, "rangeWidth", 1.0)?.map_or(defaults.range_width, |n| n as i64),
        min_mqls: whole(options, "minMqls", 1.0)?.unwrap_or(defaults.min_mqls),
        target_rate: number(options, "targetRate", (0.0, 1.0))?,
        target_volume,
        healthy: defaults.healthy,
    })
}
