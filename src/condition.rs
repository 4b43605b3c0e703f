//! Conditions on one attribute or event property (`{"containsAny": ["vp", "chief"]}`,
//! `{"min": 50, "max": 5000}`, `{"prefix": "/pricing"}`): how they are read and tested.
//! Text comparisons ignore case; `containsAny` matches whole words and phrases, so "CTO"
//! matches "CTO & Co-founder" but not "Director".

use crate::document::{child, describe, item, Reader};
use crate::value::Value;
use serde_json::Value as Json;

/// Every test must hold (a condition object with several operators is their conjunction).
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    tests: Vec<Test>,
}

#[derive(Debug, Clone, PartialEq)]
enum Test {
    Equals(Scalar),
    In(Vec<Scalar>),
    ContainsAny(Vec<Vec<String>>),
    Prefix(Vec<String>),
    Suffix(Vec<String>),
    Min(f64),
    Max(f64),
    Above(f64),
    Below(f64),
    Exists(bool),
    Not(Box<Condition>),
}

/// A literal to compare with; text is kept lowercased.
#[derive(Debug, Clone, PartialEq)]
enum Scalar {
    Text(String),
    Number(f64),
    Bool(bool),
}

pub const OPERATORS: &[&str] = &[
    "equals",
    "in",
    "containsAny",
    "prefix",
    "suffix",
    "min",
    "max",
    "above",
    "below",
    "exists",
    "not",
];

/// What testing a value found, beyond yes or no: a value that should have been a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Oddities {
    pub not_a_number: bool,
}

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
            let op_path = child(path, op);
            let test = match op.as_str() {
                "equals" => read_scalar(reader, operand, &op_path).map(Test::Equals),
                "in" => read_scalars(reader, operand, &op_path).map(Test::In),
                "containsAny" => read_phrases(reader, operand, &op_path).map(Test::ContainsAny),
                "prefix" => read_texts(reader, operand, &op_path).map(Test::Prefix),
                "suffix" => read_texts(reader, operand, &op_path).map(Test::Suffix),
                "min" => reader
                    .number_value(operand, &op_path, FINITE)
                    .map(Test::Min),
                "max" => reader
                    .number_value(operand, &op_path, FINITE)
                    .map(Test::Max),
                "above" => reader
                    .number_value(operand, &op_path, FINITE)
                    .map(Test::Above),
                "below" => reader
                    .number_value(operand, &op_path, FINITE)
                    .map(Test::Below),
                "exists" => match operand {
                    Json::Bool(b) => Some(Test::Exists(*b)),
                    other => {
                        reader.error(
                            &op_path,
                            format!("must be true or false, not {}", describe(other)),
                        );
                        None
                    }
                },
                "not" => Condition::read(reader, operand, &op_path).map(|c| Test::Not(Box::new(c))),
                _ => None, // already reported as an unknown key
            };
            tests.extend(test);
        }
        check_range(reader, &tests, path);
        (reader.issues.len() == before).then_some(Condition { tests })
    }

    /// Whether `value` (None when the attribute or property is absent) satisfies every test.
    pub fn holds(&self, value: Option<&Value>, oddities: &mut Oddities) -> bool {
        self.tests.iter().all(|test| test.holds(value, oddities))
    }

    /// The condition uses a numeric comparison (so a non-numeric value is worth a warning).
    pub fn is_numeric(&self) -> bool {
        self.tests.iter().any(|t| {
            matches!(
                t,
                Test::Min(_) | Test::Max(_) | Test::Above(_) | Test::Below(_)
            )
        })
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
        Json::String(text) => Some(Scalar::Text(text.trim().to_lowercase())),
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
    match value {
        Json::Array(items) if !items.is_empty() => Some(items),
        Json::Array(_) => {
            reader.error(path, "must list at least one value");
            None
        }
        other => {
            reader.error(path, format!("must be an array, not {}", describe(other)));
            None
        }
    }
}

fn read_scalars(reader: &mut Reader, value: &Json, path: &str) -> Option<Vec<Scalar>> {
    let items = non_empty_list(reader, value, path)?;
    let scalars: Vec<_> = items
        .iter()
        .enumerate()
        .map(|(i, v)| read_scalar(reader, v, &item(path, i)))
        .collect();
    scalars.into_iter().collect()
}

/// A string or a list of strings, lowercased.
fn read_texts(reader: &mut Reader, value: &Json, path: &str) -> Option<Vec<String>> {
    let one = |reader: &mut Reader, v: &Json, p: &str| match v {
        Json::String(text) if !text.is_empty() => Some(text.trim().to_lowercase()),
        Json::String(_) => {
            reader.error(p, "must not be empty");
            None
        }
        other => {
            reader.error(p, format!("must be a string, not {}", describe(other)));
            None
        }
    };
    match value {
        Json::Array(_) => {
            let items = non_empty_list(reader, value, path)?;
            let texts: Vec<_> = items
                .iter()
                .enumerate()
                .map(|(i, v)| one(reader, v, &item(path, i)))
                .collect();
            texts.into_iter().collect()
        }
        _ => one(reader, value, path).map(|text| vec![text]),
    }
}

fn read_phrases(reader: &mut Reader, value: &Json, path: &str) -> Option<Vec<Vec<String>>> {
    let items = non_empty_list(reader, value, path)?;
    let phrases: Vec<_> = items
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let p = item(path, i);
            let Json::String(text) = v else {
                reader.error(&p, format!("must be a string, not {}", describe(v)));
                return None;
            };
            let words: Vec<String> = words(text).map(str::to_lowercase).collect();
            if words.is_empty() {
                reader.error(&p, format!("{text:?} has no letters or digits to match"));
                return None;
            }
            Some(words)
        })
        .collect();
    phrases.into_iter().collect()
}

/// The words of a text: maximal runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = &str> + Clone {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

impl Test {
    fn holds(&self, value: Option<&Value>, oddities: &mut Oddities) -> bool {
        match self {
            Test::Exists(wanted) => value.is_some_and(Value::is_present) == *wanted,
            Test::Not(inner) => !inner.holds(value, oddities),
            _ => match value {
                None | Some(Value::Null) => false,
                Some(Value::List(items)) => items.iter().any(|v| self.holds_for(v, oddities)),
                Some(v) => self.holds_for(v, oddities),
            },
        }
    }

    fn holds_for(&self, value: &Value, oddities: &mut Oddities) -> bool {
        match self {
            Test::Equals(scalar) => scalar.matches(value),
            Test::In(scalars) => scalars.iter().any(|s| s.matches(value)),
            Test::ContainsAny(phrases) => value
                .as_text()
                .is_some_and(|text| contains_any_phrase(text, phrases)),
            Test::Prefix(prefixes) => value.as_text().is_some_and(|text| {
                prefixes
                    .iter()
                    .any(|p| starts_with_ignore_case(text.trim(), p))
            }),
            Test::Suffix(suffixes) => value.as_text().is_some_and(|text| {
                suffixes
                    .iter()
                    .any(|s| ends_with_ignore_case(text.trim(), s))
            }),
            Test::Min(bound) => numeric(value, oddities).is_some_and(|n| n >= *bound),
            Test::Max(bound) => numeric(value, oddities).is_some_and(|n| n <= *bound),
            Test::Above(bound) => numeric(value, oddities).is_some_and(|n| n > *bound),
            Test::Below(bound) => numeric(value, oddities).is_some_and(|n| n < *bound),
            Test::Exists(_) | Test::Not(_) => self.holds(Some(value), oddities),
        }
    }
}

impl Scalar {
    fn matches(&self, value: &Value) -> bool {
        match (self, value) {
            (Scalar::Text(wanted), Value::Text(text)) => eq_ignore_case(text.trim(), wanted),
            (Scalar::Number(wanted), Value::Number(n)) => n == wanted,
            (Scalar::Number(wanted), Value::Text(text)) => parse_number(text) == Some(*wanted),
            (Scalar::Bool(wanted), Value::Bool(b)) => b == wanted,
            _ => false,
        }
    }
}

/// A number, or text that reads as one ("250", " 1e3 "); anything else is noted as odd.
fn numeric(value: &Value, oddities: &mut Oddities) -> Option<f64> {
    let n = match value {
        Value::Number(n) => Some(*n),
        Value::Text(text) => parse_number(text),
        _ => None,
    };
    if n.is_none() {
        oddities.not_a_number = true;
    }
    n
}

/// Numeric text as JSON writes numbers ("250", "-1.5e3"), with spaces around it allowed.
/// (serde_json's reader, already in the build, rather than a second float parser.)
fn parse_number(text: &str) -> Option<f64> {
    serde_json::from_str::<f64>(text)
        .ok()
        .filter(|n| n.is_finite())
}

fn eq_ignore_case(text: &str, lower: &str) -> bool {
    if text.is_ascii() {
        text.eq_ignore_ascii_case(lower)
    } else {
        text.chars().flat_map(char::to_lowercase).eq(lower.chars())
    }
}

fn starts_with_ignore_case(text: &str, lower: &str) -> bool {
    if text.is_ascii() {
        text.len() >= lower.len()
            && text.as_bytes()[..lower.len()].eq_ignore_ascii_case(lower.as_bytes())
    } else {
        let mut chars = text.chars().flat_map(char::to_lowercase);
        lower.chars().all(|wanted| chars.next() == Some(wanted))
    }
}

fn ends_with_ignore_case(text: &str, lower: &str) -> bool {
    if text.is_ascii() {
        text.len() >= lower.len()
            && text.as_bytes()[text.len() - lower.len()..].eq_ignore_ascii_case(lower.as_bytes())
    } else {
        text.to_lowercase().ends_with(lower)
    }
}

/// Whether any phrase's words occur consecutively among the words of `text`. The text is cut
/// into words once (on the stack, for texts of up to 32 words), not once per phrase.
fn contains_any_phrase(text: &str, phrases: &[Vec<String>]) -> bool {
    let mut cut: [&str; 32] = [""; 32];
    let mut count = 0;
    let mut all = words(text);
    for word in all.by_ref() {
        if count == cut.len() {
            return phrases.iter().any(|p| contains_phrase(text, p));
        }
        cut[count] = word;
        count += 1;
    }
    let cut = &cut[..count];
    phrases.iter().any(|phrase| {
        phrase.len() <= cut.len()
            && cut.windows(phrase.len()).any(|window| {
                window
                    .iter()
                    .zip(phrase)
                    .all(|(word, wanted)| eq_ignore_case(word, wanted))
            })
    })
}

/// Whether the words of `phrase` occur consecutively among the words of `text`.
fn contains_phrase(text: &str, phrase: &[String]) -> bool {
    let mut starts = words(text);
    loop {
        let mut probe = starts.clone();
        if phrase.iter().all(|wanted| {
            probe
                .next()
                .is_some_and(|word| eq_ignore_case(word, wanted))
        }) {
            return true;
        }
        if starts.next().is_none() {
            return false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::borrow::Cow;

    fn condition(doc: Json) -> Condition {
        let mut reader = Reader::default();
        let c = Condition::read(&mut reader, &doc, "when");
        assert!(reader.issues.is_empty(), "{:?}", reader.issues);
        c.unwrap()
    }

    fn text(s: &str) -> Value<'_> {
        Value::Text(Cow::Borrowed(s))
    }

    fn check(c: &Condition, v: &Value) -> bool {
        c.holds(Some(v), &mut Oddities::default())
    }

    #[test]
    fn contains_any_matches_whole_words_and_phrases_ignoring_case() {
        let c = condition(json!({"containsAny": ["VP", "vice president", "cto", "C-suite"]}));
        assert!(check(&c, &text("VP of Sales")));
        assert!(check(&c, &text("Senior Vice-President, Marketing")));
        assert!(check(&c, &text("CTO & Co-founder")));
        assert!(check(&c, &text("c-suite advisor")));
        assert!(
            !check(&c, &text("Director of Engineering")),
            "cto inside director"
        );
        assert!(!check(&c, &text("Vice Principal")));
        assert!(!check(&c, &text("")));
    }

    #[test]
    fn non_ascii_text_compares_case_insensitively() {
        let c = condition(json!({"in": ["Économie", "straße"]}));
        assert!(check(&c, &text("ÉCONOMIE")));
        assert!(check(&c, &text("Straße")));
        let c = condition(json!({"containsAny": ["directeur général"]}));
        assert!(check(&c, &text("Directeur Général adjoint")));
    }

    #[test]
    fn ranges_are_inclusive_and_read_numeric_text() {
        let c = condition(json!({"min": 50, "max": 5000}));
        assert!(check(&c, &Value::Number(50.0)));
        assert!(check(&c, &Value::Number(5000.0)));
        assert!(!check(&c, &Value::Number(49.0)));
        assert!(check(&c, &text(" 250 ")));
        let mut odd = Oddities::default();
        assert!(!c.holds(Some(&text("lots")), &mut odd));
        assert!(odd.not_a_number);
        let c = condition(json!({"below": 50}));
        assert!(check(&c, &Value::Number(49.9)));
        assert!(!check(&c, &Value::Number(50.0)));
        let c = condition(json!({"above": 10}));
        assert!(!check(&c, &Value::Number(10.0)));
    }

    #[test]
    fn prefix_suffix_equals_and_in() {
        let c = condition(json!({"prefix": "/pricing"}));
        assert!(check(&c, &text("/Pricing/enterprise")));
        assert!(!check(&c, &text("/blog/pricing")));
        let c = condition(json!({"suffix": ["@gmail.com", "@yahoo.com"]}));
        assert!(check(&c, &text("Jo@GMAIL.com")));
        assert!(!check(&c, &text("jo@acme.com")));
        let c = condition(json!({"equals": 3}));
        assert!(check(&c, &Value::Number(3.0)));
        assert!(check(&c, &text("3")));
        let c = condition(json!({"equals": true}));
        assert!(check(&c, &Value::Bool(true)));
        assert!(!check(&c, &text("true")));
    }

    #[test]
    fn lists_match_when_any_item_does() {
        let c = condition(json!({"in": ["analytics"]}));
        let v = Value::List(vec![text("crm"), text("Analytics")]);
        assert!(check(&c, &v));
    }

    #[test]
    fn exists_and_not_treat_absence() {
        let exists = condition(json!({"exists": true}));
        assert!(!exists.holds(None, &mut Oddities::default()));
        assert!(!check(&exists, &text("  ")));
        assert!(check(&exists, &text("x")));
        let absent = condition(json!({"exists": false}));
        assert!(absent.holds(None, &mut Oddities::default()));
        let not_in = condition(json!({"not": {"in": ["student"]}}));
        assert!(not_in.holds(None, &mut Oddities::default()));
        assert!(!check(&not_in, &text("Student")));
        let min = condition(json!({"min": 1}));
        assert!(!min.holds(None, &mut Oddities::default()));
    }

    #[test]
    fn every_bad_operator_is_reported_with_its_path() {
        let mut reader = Reader::default();
        let doc = json!({"min": "ten", "in": [], "containsAny": ["--"], "prefx": "/p"});
        assert!(Condition::read(&mut reader, &doc, "fit.rules[0].when").is_none());
        let paths: Vec<_> = reader.issues.iter().map(|i| i.path.as_str()).collect();
        assert!(paths.contains(&"fit.rules[0].when.min"), "{paths:?}");
        assert!(paths.contains(&"fit.rules[0].when.in"), "{paths:?}");
        assert!(
            paths.contains(&"fit.rules[0].when.containsAny[0]"),
            "{paths:?}"
        );
        assert!(paths.contains(&"fit.rules[0].when.prefx"), "{paths:?}");
        let mut reader = Reader::default();
        assert!(Condition::read(&mut reader, &json!({"min": 10, "max": 5}), "w").is_none());
        assert!(reader.issues[0].message.contains("range is empty"));
        let mut reader = Reader::default();
        assert!(Condition::read(&mut reader, &json!({}), "w").is_none());
    }
}
