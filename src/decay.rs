//! Decay: how much of an intent signal is left after some time. Step, exponential half-life,
//! linear and hard-window curves, measured from each event or from the last engagement.

#[cfg(feature = "json")]
use crate::document::{child, item, JsonObject, Reader};
use crate::time::MS_PER_DAY;
use serde::{Deserialize, Serialize};
#[cfg(feature = "json")]
use serde_json::Value as Json;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decay {
    pub curve: Curve,
    pub age: DecayAge,
}

/// What age the curve is applied to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DecayAge {
    /// Each event's own age: an old download fades while a new one counts in full.
    Event,
    /// Time since the lead's last meaningful engagement: everything fades together while the
    /// lead is silent ("no engagement for 30, 60 or 90 days").
    LastEngagement,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Curve {
    None,
    /// Keep a fraction once the age reaches each step (steps ascending, fractions falling).
    Steps(Vec<Step>),
    /// Halve every `days` days.
    HalfLife {
        days: f64,
    },
    /// Fall in a straight line to nothing at `days` days.
    Linear {
        days: f64,
    },
    /// Count in full while younger than the window, then not at all.
    Window {
        ms: i64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub after_ms: i64,
    pub keep: f64,
}

impl Decay {
    pub const NONE: Decay = Decay {
        curve: Curve::None,
        age: DecayAge::Event,
    };

    /// Reads `{"kind": "step" | "exponential" | "linear" | "window" | "none", ...}`.
    #[cfg(feature = "json")]
    pub(crate) fn read(reader: &mut Reader, value: &Json, path: &str) -> Option<Decay> {
        const KEYS: &[&str] = &["kind", "age", "steps", "halfLifeDays", "overDays", "days"];
        let map = reader.object(value, path, KEYS)?;
        let before = reader.issues.len();
        let age = match reader.choice(map, "age", path, &["event", "lastEngagement"]) {
            Some("lastEngagement") => DecayAge::LastEngagement,
            _ => DecayAge::Event,
        };
        let kind = reader.text(map, "kind", path, true);
        let expect_only = |reader: &mut Reader, allowed: &[&str]| {
            for key in ["steps", "halfLifeDays", "overDays", "days"] {
                if map.contains_key(key) && !allowed.contains(&key) {
                    reader.error(
                        &child(path, key),
                        format!("does not apply to decay of kind {:?}", kind.unwrap_or("")),
                    );
                }
            }
        };
        let curve = match kind {
            Some("none") => {
                expect_only(reader, &[]);
                Some(Curve::None)
            }
            Some("step") => {
                expect_only(reader, &["steps"]);
                read_steps(reader, map, path)
            }
            Some("exponential") => {
                expect_only(reader, &["halfLifeDays"]);
                positive_days(reader, map, "halfLifeDays", path)
                    .map(|days| Curve::HalfLife { days })
            }
            Some("linear") => {
                expect_only(reader, &["overDays"]);
                positive_days(reader, map, "overDays", path).map(|days| Curve::Linear { days })
            }
            Some("window") => {
                expect_only(reader, &["days"]);
                positive_days(reader, map, "days", path).map(|days| Curve::Window {
                    ms: days_to_ms(days),
                })
            }
            Some(other) => {
                reader.error(
                    &child(path, "kind"),
                    format!("{other:?} is not one of: none, step, exponential, linear, window"),
                );
                None
            }
            None => None,
        };
        let curve = curve?;
        (reader.issues.len() == before).then_some(Decay { curve, age })
    }

    /// The fraction of points left at this age (milliseconds, never negative).
    pub fn factor(&self, age_ms: i64) -> f64 {
        self.curve.factor(age_ms)
    }

    pub fn is_none(&self) -> bool {
        self.curve == Curve::None
    }
}

impl Curve {
    pub fn factor(&self, age_ms: i64) -> f64 {
        let age_ms = age_ms.max(0);
        match self {
            Curve::None => 1.0,
            Curve::Steps(steps) => steps
                .iter()
                .rev()
                .find(|step| age_ms >= step.after_ms)
                .map_or(1.0, |step| step.keep),
            // libm, not std: the same bits natively and in every Wasm engine.
            Curve::HalfLife { days } => libm::exp2(-(age_days(age_ms) / days)),
            Curve::Linear { days } => (1.0 - age_days(age_ms) / days).max(0.0),
            Curve::Window { ms } => {
                if age_ms < *ms {
                    1.0
                } else {
                    0.0
                }
            }
        }
    }
}

fn age_days(age_ms: i64) -> f64 {
    age_ms as f64 / MS_PER_DAY as f64
}

#[cfg(feature = "json")]
pub(crate) fn days_to_ms(days: f64) -> i64 {
    (days * MS_PER_DAY as f64).round() as i64
}

/// The longest span a model may name: about 100 years.
#[cfg(feature = "json")]
pub(crate) const MAX_DAYS: f64 = 36_525.0;

#[cfg(feature = "json")]
pub(crate) fn positive_days(
    reader: &mut Reader,
    map: &JsonObject,
    key: &str,
    path: &str,
) -> Option<f64> {
    let days = reader.number(map, key, path, true, (f64::MIN, MAX_DAYS))?;
    if days <= 0.0 {
        let shown = crate::value::format_number(days);
        reader.error(
            &child(path, key),
            format!("must be more than 0 days, not {shown}"),
        );
        return None;
    }
    Some(days)
}

#[cfg(feature = "json")]
fn read_steps(reader: &mut Reader, map: &JsonObject, path: &str) -> Option<Curve> {
    let steps_path = child(path, "steps");
    let items = reader.array(map, "steps", path, true)?;
    if items.is_empty() {
        reader.error(&steps_path, "must list at least one step");
        return None;
    }
    let before = reader.issues.len();
    let mut steps: Vec<Step> = Vec::with_capacity(items.len());
    for (i, value) in items.iter().enumerate() {
        let step_path = item(&steps_path, i);
        let Some(step) = reader.object(value, &step_path, &["afterDays", "keep"]) else {
            continue;
        };
        let after = positive_days(reader, step, "afterDays", &step_path);
        let keep = reader.number(step, "keep", &step_path, true, (0.0, 1.0));
        let (Some(after), Some(keep)) = (after, keep) else {
            continue;
        };
        let step = Step {
            after_ms: days_to_ms(after),
            keep,
        };
        if let Some(previous) = steps.last() {
            if step.after_ms <= previous.after_ms {
                reader.error(
                    &child(&step_path, "afterDays"),
                    "steps must be in ascending order of afterDays",
                );
            }
            if step.keep > previous.keep {
                reader.error(
                    &child(&step_path, "keep"),
                    "a later step must not keep more than an earlier one (decay never raises a score)",
                );
            }
        }
        steps.push(step);
    }
    (reader.issues.len() == before).then_some(Curve::Steps(steps))
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;
    use serde_json::json;

    fn decay(doc: Json) -> Decay {
        let mut reader = Reader::default();
        let d = Decay::read(&mut reader, &doc, "decay");
        assert!(reader.issues.is_empty(), "{:?}", reader.issues);
        d.unwrap()
    }

    const DAY: i64 = MS_PER_DAY;

    #[test]
    fn steps_keep_the_fraction_of_the_last_step_reached() {
        let d = decay(json!({"kind": "step", "steps": [
            {"afterDays": 30, "keep": 0.75}, {"afterDays": 60, "keep": 0.5}, {"afterDays": 90, "keep": 0}
        ]}));
        assert_eq!(d.factor(0), 1.0);
        assert_eq!(d.factor(30 * DAY - 1), 1.0);
        assert_eq!(d.factor(30 * DAY), 0.75);
        assert_eq!(d.factor(59 * DAY), 0.75);
        assert_eq!(d.factor(60 * DAY), 0.5);
        assert_eq!(d.factor(90 * DAY), 0.0);
        assert_eq!(d.factor(400 * DAY), 0.0);
        assert_eq!(d.age, DecayAge::Event);
    }

    #[test]
    fn half_life_halves() {
        let d = decay(json!({"kind": "exponential", "halfLifeDays": 30, "age": "lastEngagement"}));
        assert_eq!(d.factor(0), 1.0);
        assert_eq!(d.factor(30 * DAY), 0.5);
        assert_eq!(d.factor(60 * DAY), 0.25);
        assert!((d.factor(15 * DAY) - std::f64::consts::FRAC_1_SQRT_2).abs() < 1e-15);
        assert_eq!(d.age, DecayAge::LastEngagement);
    }

    #[test]
    fn linear_and_window() {
        let d = decay(json!({"kind": "linear", "overDays": 100}));
        assert_eq!(d.factor(25 * DAY), 0.75);
        assert_eq!(d.factor(100 * DAY), 0.0);
        assert_eq!(d.factor(150 * DAY), 0.0);
        let d = decay(json!({"kind": "window", "days": 90}));
        assert_eq!(d.factor(90 * DAY - 1), 1.0);
        assert_eq!(d.factor(90 * DAY), 0.0);
        assert_eq!(decay(json!({"kind": "none"})).factor(1000 * DAY), 1.0);
    }

    #[test]
    fn bad_decays_are_reported_with_paths() {
        let cases = [
            (
                json!({"kind": "exponential", "halfLifeDays": 0}),
                "d.halfLifeDays",
            ),
            (
                json!({"kind": "exponential", "halfLifeDays": -3}),
                "d.halfLifeDays",
            ),
            (json!({"kind": "exponential"}), "d.halfLifeDays"),
            (json!({"kind": "linear", "overDays": "ten"}), "d.overDays"),
            (json!({"kind": "sigmoid"}), "d.kind"),
            (
                json!({"kind": "window", "days": 10, "halfLifeDays": 3}),
                "d.halfLifeDays",
            ),
            (json!({"kind": "step", "steps": []}), "d.steps"),
            (
                json!({"kind": "step", "steps": [{"afterDays": 60, "keep": 0.5}, {"afterDays": 30, "keep": 0.25}]}),
                "d.steps[1].afterDays",
            ),
            (
                json!({"kind": "step", "steps": [{"afterDays": 30, "keep": 0.5}, {"afterDays": 60, "keep": 0.75}]}),
                "d.steps[1].keep",
            ),
            (
                json!({"kind": "step", "steps": [{"afterDays": 30, "keep": 1.5}]}),
                "d.steps[0].keep",
            ),
            (json!({"kind": "none", "age": "whenever"}), "d.age"),
        ];
        for (doc, path) in cases {
            let mut reader = Reader::default();
            assert!(Decay::read(&mut reader, &doc, "d").is_none(), "{doc}");
            assert!(
                reader.issues.iter().any(|issue| issue.path == path),
                "{doc}: {:?}",
                reader.issues
            );
        }
    }
}
