//! Reads a JSON document (a model, a playbook, a request) while collecting every problem with
//! its JSON path, instead of stopping at the first: the typed accessors that the model, its
//! conditions and decay curves, the playbook and the binding's options are read with. Lists of
//! words and of objects (a playbook's, a model's accounts section) are read in `lists.rs`; what
//! is suggested for a misspelt key comes from `spelling.rs`.

mod lists;
mod spelling;

// The nearest name is also what a misspelt time zone is told (lifecycle calendars).
#[cfg(feature = "lifecycle")]
pub(crate) use spelling::closest;
pub(crate) use spelling::unknown_key_hint;

use crate::error::{join_path, DocumentError, Issue};
use serde_json::{Map, Value as Json};

pub(crate) type JsonObject = Map<String, Json>;

#[derive(Default)]
pub(crate) struct Reader {
    pub issues: Vec<Issue>,
}

pub(crate) fn child(path: &str, key: &str) -> String {
    join_path(path, key)
}

pub(crate) fn item(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

/// A document's JSON text, read: text that is not JSON is the document's error, one problem at
/// the root.
pub(crate) fn parse<E: DocumentError>(text: &str) -> Result<Json, E> {
    serde_json::from_str(text).map_err(|err| {
        E::from_issues(vec![Issue::new(
            "",
            format!("the {} is not valid JSON: {err}", E::DOCUMENT),
        )])
    })
}

impl Reader {
    /// What reading compiled, when it found no problem; otherwise the document's error with
    /// every problem found (at least one: reading that gave up unexplained is `invalid model`).
    pub fn finish<T, E: DocumentError>(mut self, compiled: Option<T>) -> Result<T, E> {
        match compiled {
            Some(compiled) if self.issues.is_empty() => Ok(compiled),
            _ => {
                if self.issues.is_empty() {
                    self.error("", format!("invalid {}", E::DOCUMENT));
                }
                Err(E::from_issues(self.issues))
            }
        }
    }

    /// A document's heading: its `version` (required, and the one this build reads), and its
    /// optional `name` and `description` (text); returns the name.
    pub fn header(&mut self, map: &JsonObject, document: &str, version: i64) -> Option<String> {
        if let Some(given) = self.whole(map, "version", "", true, (1, i64::from(u32::MAX))) {
            if given != version {
                self.error(
                    "version",
                    format!("this build reads {document} version {version}, not {given}"),
                );
            }
        }
        let name = self.text(map, "name", "", false).map(str::to_string);
        self.text(map, "description", "", false);
        name
    }

    pub fn error(&mut self, path: &str, message: impl Into<String>) {
        self.issues.push(Issue::new(path, message));
    }

    /// What `take` finds in `value`; when it finds nothing, a problem at `path`: "must be
    /// {what}, not {what the value is}".
    pub fn expect<'v, T>(
        &mut self,
        value: &'v Json,
        path: &str,
        what: &str,
        take: impl FnOnce(&'v Json) -> Option<T>,
    ) -> Option<T> {
        let found = take(value);
        if found.is_none() {
            self.error(path, format!("must be {what}, not {}", describe(value)));
        }
        found
    }

    /// Each item of a list read by `read` (at `path[index]`): all of them, or `None` when any
    /// cannot be read (after every item's problems are reported).
    pub fn every<T>(
        &mut self,
        items: &[Json],
        path: &str,
        mut read: impl FnMut(&mut Reader, &Json, &str) -> Option<T>,
    ) -> Option<Vec<T>> {
        let read: Vec<Option<T>> = items
            .iter()
            .enumerate()
            .map(|(index, value)| read(self, value, &item(path, index)))
            .collect();
        read.into_iter().collect()
    }

    /// A part of the document that must be there: an object of the `known` keys at `path`;
    /// absent or `null`, it is a problem ("is required: {why}").
    pub fn required_object<'v>(
        &mut self,
        value: Option<&'v Json>,
        path: &str,
        known: &[&str],
        why: &str,
    ) -> Option<&'v JsonObject> {
        let Some(value) = value.filter(|v| !v.is_null()) else {
            self.error(path, format!("is required: {why}"));
            return None;
        };
        self.object(value, path, known)
    }

    /// The value as an object whose keys are all among `known`; each unknown key is a problem
    /// of its own (with a suggestion when it looks like a typo of a known one).
    pub fn object<'v>(
        &mut self,
        value: &'v Json,
        path: &str,
        known: &[&str],
    ) -> Option<&'v JsonObject> {
        let map = self.expect(value, path, "an object", Json::as_object)?;
        for key in map.keys() {
            if !known.contains(&key.as_str()) {
                let hint = unknown_key_hint(key, known);
                self.error(&child(path, key), format!("unknown key `{key}`{hint}"));
            }
        }
        Some(map)
    }

    fn required<'v>(&mut self, map: &'v JsonObject, key: &str, path: &str) -> Option<&'v Json> {
        match map.get(key) {
            Some(Json::Null) | None => {
                self.error(&child(path, key), "is required");
                None
            }
            Some(value) => Some(value),
        }
    }

    fn optional<'v>(map: &'v JsonObject, key: &str) -> Option<&'v Json> {
        map.get(key).filter(|value| !value.is_null())
    }

    fn lookup<'v>(
        &mut self,
        map: &'v JsonObject,
        key: &str,
        path: &str,
        required: bool,
    ) -> Option<&'v Json> {
        if required {
            self.required(map, key, path)
        } else {
            Self::optional(map, key)
        }
    }

    /// A non-blank string.
    pub fn text<'v>(
        &mut self,
        map: &'v JsonObject,
        key: &str,
        path: &str,
        required: bool,
    ) -> Option<&'v str> {
        let value = self.lookup(map, key, path, required)?;
        let path = child(path, key);
        let text = self.expect(value, &path, "a string", Json::as_str)?;
        if text.trim().is_empty() {
            self.error(&path, "must not be empty");
            return None;
        }
        Some(text)
    }

    /// A finite number within `range` (inclusive).
    pub fn number(
        &mut self,
        map: &JsonObject,
        key: &str,
        path: &str,
        required: bool,
        range: (f64, f64),
    ) -> Option<f64> {
        let value = self.lookup(map, key, path, required)?;
        self.number_value(value, &child(path, key), range)
    }

    pub fn number_value(&mut self, value: &Json, path: &str, range: (f64, f64)) -> Option<f64> {
        let n = self.expect(value, path, "a number", Json::as_f64)?;
        if n < range.0 || n > range.1 {
            self.error(path, out_of_range(n, range));
            return None;
        }
        Some(n)
    }

    /// A whole number within `range` (inclusive).
    pub fn whole(
        &mut self,
        map: &JsonObject,
        key: &str,
        path: &str,
        required: bool,
        range: (i64, i64),
    ) -> Option<i64> {
        let n = self.number(map, key, path, required, (range.0 as f64, range.1 as f64))?;
        if n.fract() != 0.0 {
            self.error(
                &child(path, key),
                format!("must be a whole number, not {n}"),
            );
            return None;
        }
        Some(n as i64)
    }

    pub fn boolean(&mut self, map: &JsonObject, key: &str, path: &str) -> Option<bool> {
        let value = Self::optional(map, key)?;
        self.expect(value, &child(path, key), "true or false", Json::as_bool)
    }

    pub fn array<'v>(
        &mut self,
        map: &'v JsonObject,
        key: &str,
        path: &str,
        required: bool,
    ) -> Option<&'v Vec<Json>> {
        let value = self.lookup(map, key, path, required)?;
        self.expect(value, &child(path, key), "an array", Json::as_array)
    }

    /// One of a fixed set of words.
    pub fn choice<'k>(
        &mut self,
        map: &JsonObject,
        key: &str,
        path: &str,
        choices: &[&'k str],
    ) -> Option<&'k str> {
        let text = self.text(map, key, path, false)?;
        let found = choices.iter().find(|choice| **choice == text).copied();
        if found.is_none() {
            self.error(
                &child(path, key),
                format!("{text:?} is not one of: {}", choices.join(", ")),
            );
        }
        found
    }
}

fn out_of_range(n: f64, (low, high): (f64, f64)) -> String {
    let fmt = |x: f64| crate::value::format_number(x);
    match (low.is_finite(), high.is_finite()) {
        (true, true) => format!(
            "must be between {} and {}, not {}",
            fmt(low),
            fmt(high),
            fmt(n)
        ),
        (true, false) => format!("must be at least {}, not {}", fmt(low), fmt(n)),
        (false, true) => format!("must be at most {}, not {}", fmt(high), fmt(n)),
        (false, false) => format!("{} is out of range", fmt(n)),
    }
}

/// How a JSON value is named in messages: "a string", "an array", "null".
pub(crate) fn describe(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_keys_suggest_the_near_known_one() {
        let mut reader = Reader::default();
        let doc = json!({"halfLifeDay": 3, "kind": "exponential", "zzz": 1});
        reader.object(&doc, "intent.decay", &["kind", "halfLifeDays", "age"]);
        assert_eq!(reader.issues.len(), 2);
        assert_eq!(reader.issues[0].path, "intent.decay.halfLifeDay");
        assert!(reader.issues[0]
            .message
            .contains("did you mean `halfLifeDays`?"));
        assert!(reader.issues[1]
            .message
            .contains("expected one of: kind, halfLifeDays, age"));
    }

    #[test]
    fn typed_accessors_report_paths() {
        let mut reader = Reader::default();
        let doc = json!({"a": "x", "b": 1.5, "c": "", "d": 7});
        let map = doc.as_object().unwrap();
        assert_eq!(reader.number(map, "a", "p", true, (0.0, 10.0)), None);
        assert_eq!(reader.whole(map, "b", "p", true, (0, 10)), None);
        assert_eq!(reader.text(map, "c", "p", true), None);
        assert_eq!(reader.whole(map, "d", "p", true, (0, 5)), None);
        assert_eq!(reader.text(map, "missing", "p", true), None);
        let paths: Vec<_> = reader.issues.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(paths, ["p.a", "p.b", "p.c", "p.d", "p.missing"]);
        assert!(reader.issues[3].message.contains("between 0 and 5, not 7"));
    }
}
