//! Conditions (`when`, and each property's in `where`) with every operator: equals, in,
//! containsAny, prefix, suffix (one text or a list), min, max, above, below (a range that is
//! never empty), exists, and not around another condition.

use super::{number, Number, Scalar, Text};
use arbitrary::Arbitrary;
use serde_json::{json, Map, Value};

/// A condition: its operators, and an optional `not` around another (one level deep, so that
/// the model stays far from JSON's nesting limit).
#[derive(Arbitrary, Debug)]
pub struct Condition {
    tests: Tests,
    not: Option<Tests>,
}

impl Condition {
    pub fn json(&self) -> Value {
        let mut condition = self.tests.json();
        if let Some(not) = &self.not {
            condition["not"] = not.json();
        }
        condition
    }
}

#[derive(Arbitrary, Debug)]
struct Tests {
    equals: Option<Scalar>,
    one_of: Option<(Scalar, Vec<Scalar>)>,
    contains_any: Option<(Text, Vec<Text>)>,
    prefix: Option<(Text, Vec<Text>)>,
    suffix: Option<(Text, Vec<Text>)>,
    low: Option<(bool, Number)>,
    high: Option<(bool, Number)>,
    exists: Option<bool>,
}

impl Tests {
    fn json(&self) -> Value {
        let mut tests = Map::new();
        if let Some(value) = &self.equals {
            tests.insert("equals".into(), value.json());
        }
        if let Some((first, more)) = &self.one_of {
            let values = std::iter::once(first).chain(more.iter().take(4));
            tests.insert("in".into(), values.map(Scalar::json).collect());
        }
        if let Some((first, more)) = &self.contains_any {
            // A phrase needs a letter or digit to match on.
            let phrases = std::iter::once(first).chain(more.iter().take(4));
            let phrases = phrases.map(|t| json!(format!("{}x", t.text())));
            tests.insert("containsAny".into(), phrases.collect());
        }
        for (key, texts) in [("prefix", &self.prefix), ("suffix", &self.suffix)] {
            if let Some((first, more)) = texts {
                let nonempty = |t: &Text| json!(format!("{}/", t.text()));
                let value = match more.len() {
                    0 => nonempty(first),
                    _ => std::iter::once(first)
                        .chain(more.iter().take(3))
                        .map(nonempty)
                        .collect(),
                };
                tests.insert(key.into(), value);
            }
        }
        let low = self.low.map(|(strict, n)| (strict, n.value()));
        let high = self.high.map(|(strict, n)| (strict, n.value()));
        let (low, high) = match (low, high) {
            (Some(l), Some(h)) if l.1 > h.1 => (Some((l.0, h.1)), Some((h.0, l.1))),
            other => other,
        };
        if let Some((strict, n)) = low {
            tests.insert(if strict { "above" } else { "min" }.into(), number(n));
        }
        if let Some((strict, n)) = high {
            tests.insert(if strict { "below" } else { "max" }.into(), number(n));
        }
        // A condition needs at least one operator.
        if let Some(exists) = self.exists.or(tests.is_empty().then_some(true)) {
            tests.insert("exists".into(), json!(exists));
        }
        Value::Object(tests)
    }
}
