//! Testing a value against a condition: text compared ignoring case (ASCII fast, Unicode
//! right), numbers read from numeric text, phrases matched as whole words.

use super::{words, Oddities, Scalar, Test};
use crate::number_text::parse_json_number;
use crate::value::Value;

impl Test {
    pub(super) fn holds(&self, value: Option<&Value>, oddities: &mut Oddities) -> bool {
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

/// Numeric text as JSON writes numbers ("250", "-1.5e3"), with spaces around it allowed, read as
/// serde_json reads it (so the builds without serde_json read it alike).
fn parse_number(text: &str) -> Option<f64> {
    parse_json_number(text).filter(|n| n.is_finite())
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
