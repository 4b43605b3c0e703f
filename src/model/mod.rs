//! The scoring model in its compiled form: validated once, with event types interned and
//! rules indexed by the event type they listen to, ready to score many leads.

pub mod accounts;
#[cfg(feature = "json")]
mod compile;
mod compiled;
mod decode;
#[cfg(feature = "json")]
mod match_index;
mod reads;

use crate::condition::Condition;
use crate::decay::Decay;
#[cfg(feature = "json")]
use crate::error::ModelError;
#[cfg(feature = "json")]
pub(crate) use match_index::{Candidates, MatchIndex};
pub use reads::Reads;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// The model format version this build reads.
pub const MODEL_VERSION: i64 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Model {
    pub name: Option<String>,
    pub fit: FitGroup,
    pub intent: IntentGroup,
    pub total: Bounds,
    pub mql: MqlPolicy,
    pub bands: Vec<Band>,
    pub grid: Option<Grid>,
    /// How accounts are scored from their contacts, when the model says.
    pub accounts: Option<accounts::AccountPolicy>,
    pub(crate) event_types: EventTypes,
    /// A hash of the model document (but its `accounts` section, which leads are not scored
    /// by), so a saved lead state is only used with its own model.
    pub fingerprint: u64,
    /// Derived from the intent rules when the model is compiled or read, never written: which
    /// rules an event's property value can meet (see `match_index.rs`). The small engine, which
    /// scores a visitor's few events, goes without.
    #[cfg(feature = "json")]
    #[serde(skip)]
    pub(crate) match_index: MatchIndex,
}

/// A group's or the total's ceiling and floor, in whole points.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bounds {
    pub cap: Option<i64>,
    pub floor: Option<i64>,
}

impl Bounds {
    pub fn clamp(&self, points: i64) -> i64 {
        let points = self.cap.map_or(points, |cap| points.min(cap));
        self.floor.map_or(points, |floor| points.max(floor))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FitGroup {
    pub rules: Vec<FitRule>,
    pub bounds: Bounds,
}

/// Points (or a disqualification) for a lead attribute that meets a condition.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FitRule {
    pub id: String,
    pub label: Option<String>,
    pub attribute: AttributePath,
    pub when: Condition,
    pub points: f64,
    pub disqualify: bool,
}

/// A dotted attribute or property name: `title`, `company.size`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributePath {
    pub text: String,
    pub keys: Vec<String>,
}

impl AttributePath {
    pub fn new(text: &str) -> Self {
        AttributePath {
            text: text.to_string(),
            keys: text.split('.').map(str::to_string).collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IntentGroup {
    pub rules: Vec<IntentRule>,
    pub bounds: Bounds,
}

/// Points for events of some types whose properties meet conditions.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IntentRule {
    pub id: String,
    pub label: Option<String>,
    pub events: Vec<String>,
    pub filter: Vec<(AttributePath, Condition)>,
    pub points: f64,
    pub counting: Counting,
    pub decay: Decay,
    /// A hand-raise: the lead becomes an MQL whatever its score.
    pub instant: bool,
    pub disqualify: bool,
    /// Matching events count as meaningful engagement (for recency and last-engagement decay).
    pub engagement: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Counting {
    /// Points for each matching event, optionally limited in number.
    Each { limit: Option<Limit> },
    /// Points once when at least `at_least` matching events fall within `span_ms`: the past
    /// span before the as-of time (trailing) or any span at all (sliding).
    Window {
        at_least: u32,
        span_ms: i64,
        sliding: bool,
    },
}

/// At most `max` counted events in total, or per calendar period (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limit {
    pub max: u32,
    pub per: Option<Period>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Period {
    Day,
    Week,
    Month,
}

/// When a lead is marketing qualified.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MqlPolicy {
    pub threshold: f64,
    /// A meaningful engagement must have happened within this long before the as-of time.
    pub recency_ms: Option<i64>,
    pub required_fields: Vec<AttributePath>,
    pub min_fit: Option<f64>,
    pub min_intent: Option<f64>,
}

/// A named score range starting at `min` (inclusive) and running up to the next band's `min`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Band {
    pub name: String,
    pub min: Option<f64>,
}

/// Separate fit and intent bands; a lead's cell is the fit band's name then the intent band's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Grid {
    pub fit: Vec<Band>,
    pub intent: Vec<Band>,
}

/// The band a score falls in: the last band whose `min` it reaches.
pub fn band_for(bands: &[Band], points: i64) -> Option<&Band> {
    band_index(bands, points).map(|index| &bands[index])
}

/// The position of the band a score falls in (see [`band_for`]).
pub fn band_index(bands: &[Band], points: i64) -> Option<usize> {
    bands
        .iter()
        .rposition(|band| band.min.is_none_or(|min| points as f64 >= min))
}

/// Event type names interned to small integers, with the rules listening to each. A compiled
/// model keeps the names and the rules; the index by name is made again when it is read.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(from = "EventTypeList", into = "EventTypeList")]
pub(crate) struct EventTypes {
    ids: FxHashMap<String, u32>,
    names: Vec<String>,
    rules_by_type: Vec<Vec<u32>>,
}

/// Up to this many event types are found by comparing names rather than by the hash index.
const FEW_TYPES: usize = 16;

/// The compiled form of [`EventTypes`]: the names, and the rules listening to each.
#[derive(Serialize, Deserialize)]
struct EventTypeList {
    names: Vec<String>,
    rules_by_type: Vec<Vec<u32>>,
}

impl From<EventTypeList> for EventTypes {
    fn from(list: EventTypeList) -> Self {
        let ids = list
            .names
            .iter()
            .enumerate()
            .map(|(id, name)| (name.clone(), id as u32))
            .collect();
        EventTypes {
            ids,
            names: list.names,
            rules_by_type: list.rules_by_type,
        }
    }
}

impl From<EventTypes> for EventTypeList {
    fn from(types: EventTypes) -> Self {
        EventTypeList {
            names: types.names,
            rules_by_type: types.rules_by_type,
        }
    }
}

impl EventTypes {
    pub fn id(&self, name: &str) -> Option<u32> {
        // A model listens to a few types: comparing the names (most differ in length) costs
        // less than hashing the event's type.
        if self.names.len() <= FEW_TYPES {
            return (self.names.iter())
                .position(|known| known == name)
                .map(|id| id as u32);
        }
        self.ids.get(name).copied()
    }

    #[cfg(feature = "json")]
    pub fn name(&self, type_id: u32) -> &str {
        self.names.get(type_id as usize).map_or("", String::as_str)
    }

    /// How many event types the model knows (their ids are below this).
    #[cfg(feature = "json")]
    pub fn count(&self) -> usize {
        self.names.len()
    }

    pub fn rules(&self, type_id: u32) -> &[u32] {
        &self.rules_by_type[type_id as usize]
    }

    #[cfg(feature = "json")]
    fn intern(&mut self, name: &str) -> u32 {
        if let Some(id) = self.ids.get(name) {
            return *id;
        }
        let id = self.rules_by_type.len() as u32;
        self.ids.insert(name.to_string(), id);
        self.names.push(name.to_string());
        self.rules_by_type.push(Vec::new());
        id
    }

    #[cfg(feature = "json")]
    fn listen(&mut self, name: &str, rule: u32) {
        let id = self.intern(name);
        let rules = &mut self.rules_by_type[id as usize];
        if !rules.contains(&rule) {
            rules.push(rule);
        }
    }
}

impl Model {
    /// Validates and compiles a model from JSON text, reporting every problem found, within the
    /// default [`Limits`](crate::Limits).
    #[cfg(feature = "json")]
    pub fn from_json(text: &str) -> Result<Model, ModelError> {
        Model::from_json_within(text, &crate::Limits::default())
    }

    /// [`Model::from_json`] within the given limits (a model over one is refused before it is
    /// compiled).
    #[cfg(feature = "json")]
    pub fn from_json_within(text: &str, limits: &crate::Limits) -> Result<Model, ModelError> {
        compile::compile_text(text, limits)
    }

    /// Validates and compiles an already-parsed JSON document.
    #[cfg(feature = "json")]
    pub fn from_value(doc: &serde_json::Value) -> Result<Model, ModelError> {
        compile::compile(doc)
    }

    /// Every rule id, fit rules first, in model order.
    pub fn rule_ids(&self) -> impl Iterator<Item = &str> {
        self.fit
            .rules
            .iter()
            .map(|r| r.id.as_str())
            .chain(self.intent.rules.iter().map(|r| r.id.as_str()))
    }
}
