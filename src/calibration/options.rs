//! What a calibration run is asked to do: how the leads are split, the seed, the fit and the
//! threshold advice.

use super::advice::AdviceOptions;
use super::fit::FitOptions;
use super::split::SplitPlan;

/// The options of one calibration run ([`super::calibrate`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CalibrationOptions {
    pub split: SplitPlan,
    /// Seeds the random split and the cross-validation folds.
    pub seed: u32,
    pub fit: FitOptions,
    pub advice: AdviceOptions,
}
