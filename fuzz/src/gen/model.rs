//! Valid models of every shape: fit rules with every condition operator, intent rules with
//! limits (in total and per day, week, month), trailing and sliding windows, every decay kind by
//! event age or last engagement, instant and disqualifying rules, caps and floors, the MQL
//! policy's every option, bands and a grid.

use super::condition::Condition;
use super::{number, pick, Number, Text, ATTRIBUTES, EVENT_TYPES, PROPS};
use arbitrary::Arbitrary;
use serde_json::{json, Map, Value};

#[derive(Arbitrary, Debug)]
pub struct ModelSpec {
    name: Option<Text>,
    fit: Bounds,
    fit_rules: Vec<FitRule>,
    intent: Bounds,
    intent_decay: Option<Decay>,
    intent_rules: Vec<IntentRule>,
    total: Option<Bounds>,
    mql: Mql,
    bands: Bands,
    grid: Option<(Bands, Bands)>,
}

impl ModelSpec {
    /// The model compiled: it must compile, since the generator makes only valid models.
    pub fn scorer(&self) -> leadscore::Scorer {
        let model = self.json().to_string();
        leadscore::Scorer::from_json(&model)
            .unwrap_or_else(|err| panic!("a generated model compiles: {err}\n{model}"))
    }

    pub fn json(&self) -> Value {
        let mut fit = self.fit.json();
        let rules = self.fit_rules.iter().take(8).enumerate();
        fit["rules"] = rules.map(|(i, rule)| rule.json(i)).collect();
        let mut intent = self.intent.json();
        if let Some(decay) = &self.intent_decay {
            intent["decay"] = decay.json();
        }
        let rules = self.intent_rules.iter().take(10).enumerate();
        intent["rules"] = rules.map(|(i, rule)| rule.json(i)).collect();
        let mut model =
            json!({ "version": 1, "fit": fit, "intent": intent, "mql": self.mql.json() });
        if let Some(name) = &self.name {
            model["name"] = json!(format!("m{}", name.text()));
        }
        if let Some(total) = &self.total {
            model["total"] = total.json();
        }
        if let Some(bands) = self.bands.json(false) {
            model["bands"] = bands;
        }
        if let Some((fit, intent)) = &self.grid {
            model["grid"] = json!({ "fit": fit.json(true), "intent": intent.json(true) });
        }
        model
    }
}

/// A whole number of points for a cap or floor: small, or up to the largest allowed.
#[derive(Arbitrary, Debug)]
enum Whole {
    Small(u8),
    Large(u32),
}

impl Whole {
    fn value(&self) -> i64 {
        match self {
            Whole::Small(n) => i64::from(*n),
            Whole::Large(n) => i64::from(*n % 1_000_000_001),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Bounds {
    cap: Option<Whole>,
    floor: Option<Whole>,
}

impl Bounds {
    fn json(&self) -> Value {
        let mut bounds = json!({});
        if let Some(cap) = &self.cap {
            bounds["cap"] = json!(cap.value());
        }
        if let Some(floor) = &self.floor {
            bounds["floor"] = json!(-floor.value());
        }
        bounds
    }
}

/// Rule points: small, fractional (halves round away from zero), or as large as allowed.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Points {
    Small(i8),
    Half(i16),
    Large(i32),
}

impl Points {
    fn json(self) -> Value {
        match self {
            Points::Small(n) => json!(n),
            Points::Half(n) => number(f64::from(n) / 2.0),
            Points::Large(n) => json!(n % 1_000_001),
        }
    }
}

/// A number of days, more than 0 and at most a century.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Days {
    Pool(u8),
    Whole(u16),
    Fraction(u16),
}

impl Days {
    fn value(self) -> f64 {
        match self {
            Days::Pool(i) => [
                0.01, 0.25, 1.0, 2.0, 3.5, 7.0, 14.0, 30.0, 90.0, 365.0, 36525.0,
            ][usize::from(i) % 11],
            Days::Whole(n) => f64::from(n % 36525 + 1),
            Days::Fraction(n) => f64::from(n) / 64.0 + 1.0 / 64.0,
        }
    }

    fn json(self) -> Value {
        number(self.value())
    }
}

#[derive(Arbitrary, Debug)]
struct FitRule {
    attribute: u8,
    when: Condition,
    points: Points,
    disqualify: bool,
    omit_points: bool,
    label: bool,
}

impl FitRule {
    fn json(&self, index: usize) -> Value {
        let mut rule = json!({
            "id": format!("f{index}"),
            "attribute": pick(ATTRIBUTES, self.attribute),
            "when": self.when.json(),
        });
        if !(self.disqualify && self.omit_points) {
            rule["points"] = self.points.json();
        }
        if self.disqualify {
            rule["disqualify"] = json!(true);
        }
        if self.label {
            rule["label"] = json!(format!("fit rule {index}"));
        }
        rule
    }
}

#[derive(Arbitrary, Debug)]
struct IntentRule {
    events: (u8, Vec<u8>),
    filter: Vec<(u8, Condition)>,
    points: Option<Points>,
    counting: Counting,
    decay: Option<Decay>,
    instant: bool,
    disqualify: bool,
    engagement: Option<bool>,
}

#[derive(Arbitrary, Debug)]
enum Counting {
    Each,
    Limit {
        max: Whole,
        per: Option<u8>,
    },
    Window {
        at_least: Whole,
        days: Days,
        sliding: Option<bool>,
    },
}

impl IntentRule {
    fn json(&self, index: usize) -> Value {
        // The last event type is left for leads only: no rule listens to it.
        let listened = &EVENT_TYPES[..EVENT_TYPES.len() - 1];
        let event = match self.events.1.len() {
            0 => json!(pick(listened, self.events.0)),
            _ => std::iter::once(&self.events.0)
                .chain(self.events.1.iter().take(2))
                .map(|i| json!(pick(listened, *i)))
                .collect(),
        };
        let mut rule = json!({ "id": format!("i{index}"), "event": event });
        if !self.filter.is_empty() {
            let mut filter = Map::new();
            for (prop, condition) in self.filter.iter().take(3) {
                filter.insert(pick(PROPS, *prop).to_string(), condition.json());
            }
            rule["where"] = Value::Object(filter);
        }
        let windowed = matches!(self.counting, Counting::Window { .. });
        let instant = self.instant && !windowed;
        match (self.points, instant || self.disqualify) {
            (Some(points), _) => rule["points"] = points.json(),
            (None, true) => {}
            (None, false) => rule["points"] = json!(5),
        }
        match &self.counting {
            Counting::Each => {}
            Counting::Limit { max, per } => {
                let max = (max.value() % 4_294_967_295).max(1);
                rule["limit"] = json!({ "max": max });
                if let Some(per) = per {
                    rule["limit"]["per"] = json!(pick(&["day", "week", "month"], *per));
                }
            }
            Counting::Window {
                at_least,
                days,
                sliding,
            } => {
                let at_least = at_least.value() % 10_000 + 1;
                rule["window"] = json!({ "atLeast": at_least, "days": days.json() });
                if let Some(sliding) = sliding {
                    rule["window"]["mode"] = json!(if *sliding { "sliding" } else { "trailing" });
                }
            }
        }
        if let Some(decay) = &self.decay {
            rule["decay"] = decay.json();
        }
        if instant {
            rule["instant"] = json!(true);
        }
        if self.disqualify {
            rule["disqualify"] = json!(true);
        }
        if let Some(engagement) = self.engagement {
            rule["engagement"] = json!(engagement);
        }
        rule
    }
}

#[derive(Arbitrary, Debug)]
struct Decay {
    curve: Curve,
    last_engagement: Option<bool>,
}

#[derive(Arbitrary, Debug)]
enum Curve {
    None,
    Step((u8, u8), Vec<(u8, u8)>),
    Exponential(Days),
    Linear(Days),
    Window(Days),
}

impl Decay {
    fn json(&self) -> Value {
        let mut decay = match &self.curve {
            Curve::None => json!({ "kind": "none" }),
            Curve::Step(first, more) => {
                // Ascending days, keeps that never rise.
                let (mut days, mut keep) = (0.0, 1.0);
                let steps: Vec<Value> = std::iter::once(first)
                    .chain(more.iter().take(5))
                    .map(|(gap, drop)| {
                        days += f64::from(*gap) / 4.0 + 0.25;
                        keep = (keep - f64::from(*drop) / 512.0).max(0.0);
                        json!({ "afterDays": number(days), "keep": number(keep) })
                    })
                    .collect();
                json!({ "kind": "step", "steps": steps })
            }
            Curve::Exponential(days) => {
                json!({ "kind": "exponential", "halfLifeDays": days.json() })
            }
            Curve::Linear(days) => json!({ "kind": "linear", "overDays": days.json() }),
            Curve::Window(days) => json!({ "kind": "window", "days": days.json() }),
        };
        if let Some(last) = self.last_engagement {
            decay["age"] = json!(if last { "lastEngagement" } else { "event" });
        }
        decay
    }
}

#[derive(Arbitrary, Debug)]
struct Mql {
    threshold: Number,
    recency: Option<Days>,
    required: Vec<u8>,
    min_fit: Option<i8>,
    min_intent: Option<i8>,
}

impl Mql {
    fn json(&self) -> Value {
        let mut mql = json!({ "threshold": number(self.threshold.value().clamp(-1e9, 1e9)) });
        if let Some(days) = self.recency {
            mql["recencyDays"] = days.json();
        }
        if !self.required.is_empty() {
            let fields = self
                .required
                .iter()
                .take(3)
                .map(|i| json!(pick(ATTRIBUTES, *i)));
            mql["requiredFields"] = fields.collect();
        }
        if let Some(min) = self.min_fit {
            mql["minFit"] = json!(min);
        }
        if let Some(min) = self.min_intent {
            mql["minIntent"] = json!(min);
        }
        mql
    }
}

/// Bands from low to high: an optional first min, then rising mins.
#[derive(Arbitrary, Debug)]
struct Bands {
    first_min: Option<i8>,
    gaps: Vec<u8>,
}

impl Bands {
    /// The bands, or None for none at all (an axis of the grid always has one).
    fn json(&self, at_least_one: bool) -> Option<Value> {
        if self.gaps.is_empty() && self.first_min.is_none() && !at_least_one {
            return None;
        }
        let mut first = json!({ "name": "b0" });
        let mut min = f64::from(self.first_min.unwrap_or(-1));
        if let Some(first_min) = self.first_min {
            first["min"] = json!(first_min);
        }
        let mut bands = vec![first];
        for (i, gap) in self.gaps.iter().take(5).enumerate() {
            min += f64::from(*gap) / 2.0 + 0.5;
            bands.push(json!({ "name": format!("b{}", i + 1), "min": number(min) }));
        }
        Some(Value::Array(bands))
    }
}
