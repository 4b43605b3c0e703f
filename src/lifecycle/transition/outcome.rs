//! What applying an action gives: the outcome (the new record, the routing state to keep, the
//! effects), or an error that says why the action was refused.

use crate::lifecycle::action::Effect;
use crate::lifecycle::record::{LifecycleRecord, Stage};
use crate::lifecycle::routing::RoutingState;
use serde::Serialize;
use std::fmt;

/// Why an action cannot be applied. The record is unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransitionError {
    /// A stable code: `illegalTransition`, `reasonRequired`, `unknownReason`,
    /// `notEnoughContactAttempts`, `revisitNotAllowed`, `unknownTrack`, `unknownOwner`,
    /// `leadMismatch`, `timeWentBackwards`.
    pub code: &'static str,
    pub stage: Stage,
    pub action: &'static str,
    pub message: String,
}

impl fmt::Display for TransitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TransitionError {}

/// The new record, the routing state to keep, and what to do.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub record: LifecycleRecord,
    pub routing: RoutingState,
    pub effects: Vec<Effect>,
}
