//! Reading a condition object from a model (`{"min": 50, "max": 5000}`): every operator
//! checked, with a path for every problem, texts lowercased and phrases cut into words once.

use super::{fold, words, Condition, Scalar, Test, OPERATORS};
use crate::document::{child, describe, Reader};
use serde_json::Value as Json;

impl Condition {
    /// Reads a condition object, reporting every problem under `path`.
    pub(crate) fn read(reader: &mut Reader, value: &Json, path: &str) -> Option<Condition> {
        let map = reader.object(value, path, OPERATORS)?;
        if map.is_empty() {
            reader.error(
                path,
                format!("needs at least one operator: {}", OPERATORS.join(", ")),
            );
            return None;
        }
        let before = reader.issues.len();
        let mut tests = Vec::new();
        for (op, operand) in map {
            tests.extend(read_test(reader, op, operand, &child(path, op)));
        }
        check_range(reader, &tests, path);
        (reader.issues.len() == before).then_some(Condition { tests })
    }
}

/// One operator and its operand (at `path`).
fn read_test(reader: &mut Reader, op: &str, operand: &Json, path: &str) -> Option<Test> {
    let bound = |reader: &mut Reader, test: fn(f64) -> Test| {
        reader.number_value(operand, path, FINITE).map(test)
    };
    match op {
        "equals" => read_scalar(reader, operand, path).map(Test::Equals),
        "in" => read_scalars(reader, operand, path).map(Test::In),
        "containsAny" => read_phrases(reader, operand, path).map(Test::ContainsAny),
        "prefix" => read_texts(reader, operand, path).map(Test::Prefix),
        "suffix" => read_texts(reader, operand, path).map(Test::Suffix),
        "min" => bound(reader, Test::Min),
        "max" => bound(reader, Test::Max),
        "above" => bound(reader, Test::Above),
        "below" => bound(reader, Test::Below),
        "exists" => reader
            .expect(operand, path, "true or false", Json::as_bool)
            .map(Test::Exists),
        "not" => Condition::read(reader, operand, path).map(|c| Test::Not(Box::new(c))),
        _ => None, // already reported as an unknown key
    }
}

const FINITE: (f64, f64) = (f64::MIN, f64::MAX);

fn check_range(reader: &mut Reader, tests: &[Test], path: &str) {
    let lowest = tests.iter().find_map(|t| match t {
        Test::Min(n) | Test::Above(n) => Some(*n),
        _ => None,
    });
    let highest = tests.iter().find_map(|t| match t {
        Test::Max(n) | Test::Below(n) => Some(*n),
        _ => None,
    });
    if let (Some(low), Some(high)) = (lowest, highest) {
        if low > high {
            reader.error(
                path,
                format!("the range is empty: its lower end {low} is above its upper end {high}"),
            );
        }
    }
}

fn read_scalar(reader: &mut Reader, value: &Json, path: &str) -> Option<Scalar> {
    match value {
        Json::String(text) => Some(Scalar::Text(fold(text.trim()))),
        Json::Number(n) => n.as_f64().map(Scalar::Number),
        Json::Bool(b) => Some(Scalar::Bool(*b)),
        other => {
            reader.error(
                path,
                format!(
                    "must be a string, number or boolean, not {}",
                    describe(other)
                ),
            );
            None
        }
    }
}

fn non_empty_list<'v>(reader: &mut Reader, value: &'v Json, path: &str) -> Option<&'v [Json]> {
    let items = reader.expect(value, path, "an array", Json::as_array)?;
    if items.is_empty() {
        reader.error(path, "must list at least one value");
        return None;
    }
    Some(items)
}

fn read_scalars(reader: &mut Reader, value: &Json, path: &str) -> Option<Vec<Scalar>> {
    let items = non_empty_list(reader, value, path)?;
    reader.every(items, path, read_scalar)
}

/// A string or a list of strings, lowercased.
fn read_texts(reader: &mut Reader, value: &Json, path: &str) -> Option<Vec<String>> {
    match value {
        Json::Array(_) => {
            let items = non_empty_list(reader, value, path)?;
            reader.every(items, path, read_text)
        }
        _ => read_text(reader, value, path).map(|text| vec![text]),
    }
}

fn read_text(reader: &mut Reader, value: &Json, path: &str) -> Option<String> {
    let text = reader.expect(value, path, "a string", Json::as_str)?;
    if text.is_empty() {
        reader.error(path, "must not be empty");
        return None;
    }
    Some(fold(text.trim()))
}

fn read_phrases(reader: &mut Reader, value: &Json, path: &str) -> Option<Vec<Vec<String>>> {
    let items = non_empty_list(reader, value, path)?;
    reader.every(items, path, read_phrase)
}

/// A phrase as its words, lowercased.
fn read_phrase(reader: &mut Reader, value: &Json, path: &str) -> Option<Vec<String>> {
    let text = reader.expect(value, path, "a string", Json::as_str)?;
    let words: Vec<String> = words(text).map(fold).collect();
    if words.is_empty() {
        reader.error(path, format!("{text:?} has no letters or digits to match"));
        return None;
    }
    Some(words)
}
