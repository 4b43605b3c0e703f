//! Conditions on one attribute or event property (`{"containsAny": ["vp", "chief"]}`,
//! `{"min": 50, "max": 5000}`, `{"prefix": "/pricing"}`): how they are read and tested.
//! Text comparisons ignore case; `containsAny` matches whole words and phrases, so "CTO"
//! matches "CTO & Co-founder" but not "Director".
//!
//! The conditions' form is here; `read.rs` reads them from a model and `matching.rs` tests a
//! value against them.

#[cfg(feature = "json")]
mod keys;
mod matching;
#[cfg(feature = "json")]
mod read;

use crate::lowercase::lowercase;
use crate::value::Value;
#[cfg(feature = "json")]
pub(crate) use keys::{ascii_folded, FirstTest};
use serde::{Deserialize, Serialize};

/// Every test must hold (a condition object with several operators is their conjunction).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    pub(crate) tests: Vec<Test>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) enum Test {
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

/// A literal to compare with; text is kept folded (see [`folded`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) enum Scalar {
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

/// A text's characters lowercased one by one, with the final sigma (ς) as σ: what every
/// case-insensitive comparison compares, the model's text and the lead's alike, so that "ΟΔΟΣ",
/// "οδος" and "οδοσ" are one word (lowercasing a whole text gives ς at a word's end, one
/// character at a time σ).
fn folded(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .flat_map(lowercase)
        .map(|c| if c == 'ς' { 'σ' } else { c })
}

/// [`folded`] as a string.
fn fold(text: &str) -> String {
    folded(text).collect()
}

/// The words of a text: maximal runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = &str> + Clone {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;
    use crate::document::Reader;
    use serde_json::json;
    use serde_json::Value as Json;
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
    fn a_final_sigma_is_the_same_letter_in_every_comparison() {
        // Lowercased whole, "ΟΔΟΣ" ends in ς; lowercased a character at a time, in σ. Both sides
        // of every comparison fold the same way, so each spelling matches each other one.
        let spellings = ["ΟΔΟΣ", "οδος", "οδοσ", "Οδος"];
        for pattern in spellings {
            for value in spellings {
                for (operator, value) in [
                    ("equals", value.to_string()),
                    ("in", value.to_string()),
                    ("containsAny", format!("Κεντρική {value} 5")),
                    ("prefix", format!("{value} 5")),
                    ("suffix", format!("Κεντρική {value}")),
                ] {
                    let pattern = match operator {
                        "in" | "containsAny" => json!([pattern]),
                        _ => json!(pattern),
                    };
                    let c = condition(json!({ operator: pattern }));
                    assert!(
                        check(&c, &text(&value)),
                        "{operator} {pattern:?}: {value:?}"
                    );
                }
            }
        }
        assert!(!check(&condition(json!({"equals": "οδος"})), &text("οδός")));
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
