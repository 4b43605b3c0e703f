//! Limits on what a model or a lead may hold, so that input nobody controls cannot make scoring
//! take unbounded memory or time: events per lead, rules per model, the length of any string,
//! how deeply values nest, and leads per batch. Each has a default and can be set; input over a
//! limit is an `InputError` (or, for a model, a `ModelError`) at the path of the first value
//! past it.

use crate::compact::{self, Excess};
use crate::error::InputError;
#[cfg(feature = "json")]
use crate::error::{Issue, ModelError};
#[cfg(feature = "json")]
use crate::lead::indexed_excess;
use crate::lead::{Event, Lead, Props};
use crate::value::Value;
#[cfg(feature = "json")]
use serde_json::Value as Json;

/// What a model or a lead may hold. `Limits::default()` suits serving untrusted input; raise a
/// limit for trusted bulk work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Events in one lead, or in one incremental update (or push).
    pub events_per_lead: usize,
    /// Fit and intent rules together in one model.
    pub rules_per_model: usize,
    /// Bytes (UTF-8) of any string: ids, types, keys, attribute and property values.
    pub string_length: usize,
    /// Arrays and objects nested inside each other, the document itself counting as one.
    pub nesting_depth: usize,
    /// Leads in one batch.
    pub batch_size: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            events_per_lead: 100_000,
            rules_per_model: 10_000,
            string_length: 65_536,
            nesting_depth: 32,
            batch_size: 100_000,
        }
    }
}

impl Limits {
    /// Each limit's name, as options name it and messages cite it (`the eventsPerLead limit`).
    pub const NAMES: [&'static str; 5] = [
        "eventsPerLead",
        "rulesPerModel",
        "stringLength",
        "nestingDepth",
        "batchSize",
    ];

    /// Each limit with its name (in the order of [`Limits::NAMES`]), for setting from options.
    pub fn named_mut(&mut self) -> [(&'static str, &mut usize); 5] {
        let [events, rules, string, nesting, batch] = Self::NAMES;
        [
            (events, &mut self.events_per_lead),
            (rules, &mut self.rules_per_model),
            (string, &mut self.string_length),
            (nesting, &mut self.nesting_depth),
            (batch, &mut self.batch_size),
        ]
    }

    /// Limits nothing in practice: for trusted input such as benchmarks.
    pub fn none() -> Self {
        Limits {
            events_per_lead: usize::MAX,
            rules_per_model: usize::MAX,
            string_length: usize::MAX,
            nesting_depth: usize::MAX,
            batch_size: usize::MAX,
        }
    }

    /// A model document within the limits: its rules, strings and nesting.
    #[cfg(feature = "json")]
    pub fn check_model(&self, doc: &Json) -> Result<(), ModelError> {
        // Paths are made only when a value is past a limit, as for leads: most documents are not.
        let issue = match self.json_fits(doc, 1) {
            true => None,
            false => self.json_issue(doc, "", 1),
        };
        let issue = issue.or_else(|| {
            let count = |group: &str| {
                doc.get(group)
                    .and_then(|g| g.get("rules"))
                    .and_then(Json::as_array)
                    .map_or(0, Vec::len)
            };
            let (fit, intent) = (count("fit"), count("intent"));
            (fit + intent > self.rules_per_model).then(|| {
                let path = if fit > self.rules_per_model {
                    format!("fit.rules[{}]", self.rules_per_model)
                } else {
                    format!("intent.rules[{}]", self.rules_per_model - fit)
                };
                Issue::new(
                    path,
                    format!(
                        "a model may have at most {} rules (the rulesPerModel limit); it has {}",
                        self.rules_per_model,
                        fit + intent
                    ),
                )
            })
        });
        match issue {
            Some(issue) => Err(ModelError {
                issues: vec![issue],
            }),
            None => Ok(()),
        }
    }

    /// A lead within the limits: its events, strings and nesting.
    pub fn check_lead(&self, lead: &Lead) -> Result<(), InputError> {
        self.check_text(&lead.id.0, "id")?;
        // The path of a problem is made only when there is one: a lead's check is on the hot path.
        if !self.value_fits(&lead.attributes, 2) {
            self.check_value(&lead.attributes, "attributes", 2)?;
        }
        self.check_events(&lead.events, "events", 2)
    }

    /// Events (a lead's, or an update's at `path`, an array at nesting `depth`) within the
    /// limits.
    pub fn check_events(
        &self,
        events: &[Event],
        path: &str,
        depth: usize,
    ) -> Result<(), InputError> {
        if events.len() > self.events_per_lead {
            return Err(InputError::new(
                format!("{path}[{}]", self.events_per_lead),
                format!(
                    "a lead may have at most {} events (the eventsPerLead limit); this has {}",
                    self.events_per_lead,
                    events.len()
                ),
            ));
        }
        for (index, event) in events.iter().enumerate() {
            let at = |key: &str| format!("{path}[{index}].{key}");
            let id = event.id().unwrap_or_default();
            for (text, key) in [(event.kind(), "type"), (id, "id")] {
                if text.len() > self.string_length {
                    return Err(InputError::new(at(key), self.long_string(text.len())));
                }
            }
            self.check_props(&event.props, depth + 2)
                .map_err(|message| InputError::new(at("props"), message))?;
        }
        Ok(())
    }

    /// Leads read whole (a lead set, an account's leads) within the limits: how many there are,
    /// then each lead, at its index (`[3].events[100000]`).
    pub fn check_leads(&self, leads: &[Lead]) -> Result<(), InputError> {
        self.check_batch_size(leads.len())?;
        leads.iter().enumerate().try_for_each(|(index, lead)| {
            self.check_lead(lead)
                .map_err(|err| err.within(&format!("[{index}]")))
        })
    }

    /// A batch of `count` leads within the limit.
    pub fn check_batch_size(&self, count: usize) -> Result<(), InputError> {
        if count > self.batch_size {
            return Err(InputError::new(
                format!("[{}]", self.batch_size),
                format!(
                    "a batch may have at most {} leads (the batchSize limit)",
                    self.batch_size
                ),
            ));
        }
        Ok(())
    }

    fn check_text(&self, text: &str, path: &str) -> Result<(), InputError> {
        if text.len() > self.string_length {
            return Err(InputError::new(path, self.long_string(text.len())));
        }
        Ok(())
    }

    fn long_string(&self, length: usize) -> String {
        format!(
            "a string may have at most {} bytes (the stringLength limit); this has {length}",
            self.string_length
        )
    }

    fn too_deep(&self) -> String {
        format!(
            "values may nest at most {} deep (the nestingDepth limit)",
            self.nesting_depth
        )
    }

    /// Whether a lead's value at `depth` is within the limits, without making any path.
    fn value_fits(&self, value: &Value, depth: usize) -> bool {
        match value {
            Value::Text(text) => text.len() <= self.string_length,
            Value::List(_) | Value::Object(_) if depth > self.nesting_depth => false,
            Value::List(items) => items.iter().all(|item| self.value_fits(item, depth + 1)),
            Value::Object(members) => members.iter().all(|(key, member)| {
                key.len() <= self.string_length && self.value_fits(member, depth + 1)
            }),
            _ => true,
        }
    }

    /// A lead's value at `depth` (an object or array there is that deep).
    fn check_value(&self, value: &Value, path: &str, depth: usize) -> Result<(), InputError> {
        match value {
            Value::Text(text) => self.check_text(text, path),
            Value::List(_) | Value::Object(_) if depth > self.nesting_depth => {
                Err(InputError::new(path, self.too_deep()))
            }
            Value::List(items) => items.iter().enumerate().try_for_each(|(index, item)| {
                self.check_value(item, &format!("{path}[{index}]"), depth + 1)
            }),
            Value::Object(members) => members.iter().try_for_each(|(key, member)| {
                let member_path = crate::error::join_path(path, key);
                self.check_text(key, &member_path)?;
                self.check_value(member, &member_path, depth + 1)
            }),
            _ => Ok(()),
        }
    }

    /// Whether a document's value at `depth` is within the limits, without making any path.
    #[cfg(feature = "json")]
    fn json_fits(&self, value: &Json, depth: usize) -> bool {
        match value {
            Json::String(text) => text.len() <= self.string_length,
            Json::Array(_) | Json::Object(_) if depth > self.nesting_depth => false,
            Json::Array(items) => items.iter().all(|item| self.json_fits(item, depth + 1)),
            Json::Object(members) => members.iter().all(|(key, member)| {
                key.len() <= self.string_length && self.json_fits(member, depth + 1)
            }),
            _ => true,
        }
    }

    /// A document's value, as for [`Limits::check_value`], the first problem as an issue.
    #[cfg(feature = "json")]
    fn json_issue(&self, value: &Json, path: &str, depth: usize) -> Option<Issue> {
        let long = |text: &str| {
            (text.len() > self.string_length)
                .then(|| Issue::new(path, self.long_string(text.len())))
        };
        match value {
            Json::String(text) => long(text),
            Json::Array(_) | Json::Object(_) if depth > self.nesting_depth => {
                Some(Issue::new(path, self.too_deep()))
            }
            Json::Array(items) => items.iter().enumerate().find_map(|(index, item)| {
                self.json_issue(item, &format!("{path}[{index}]"), depth + 1)
            }),
            Json::Object(members) => members.iter().find_map(|(key, member)| {
                let member_path = crate::error::join_path(path, key);
                (key.len() > self.string_length)
                    .then(|| Issue::new(member_path.as_str(), self.long_string(key.len())))
                    .or_else(|| self.json_issue(member, &member_path, depth + 1))
            }),
            _ => None,
        }
    }

    /// An event's properties (an object at nesting `depth`), as JSON text or compact bytes.
    fn check_props(&self, props: &Props, depth: usize) -> Result<(), String> {
        match *props {
            Props::None => Ok(()),
            #[cfg(feature = "json")]
            Props::Json(raw) => self.check_raw(raw.get(), depth),
            Props::Compact(bytes) => {
                // As for JSON text: short bytes (each array or object takes at least two) hold
                // neither a long string nor a deep value.
                let nesting_left = self.nesting_depth.saturating_sub(depth - 1);
                if bytes.len() <= self.string_length && bytes.len() / 2 <= nesting_left {
                    return Ok(());
                }
                self.excess_message(compact::excess(bytes, self.string_length, nesting_left))
            }
            #[cfg(feature = "json")]
            Props::Indexed { names, bytes } => {
                // The same at a glance (the names are the model's, written by index).
                let nesting_left = self.nesting_depth.saturating_sub(depth - 1);
                let names_fit = names.iter().all(|name| name.len() <= self.string_length);
                if names_fit && bytes.len() <= self.string_length && bytes.len() / 2 < nesting_left
                {
                    return Ok(());
                }
                let excess = indexed_excess(names, bytes, self.string_length, nesting_left);
                self.excess_message(excess)
            }
        }
    }

    fn excess_message(&self, excess: Option<Excess>) -> Result<(), String> {
        match excess {
            None => Ok(()),
            Some(Excess::String(length)) => Err(self.long_string(length)),
            Some(Excess::Nesting) => Err(self.too_deep()),
        }
    }

    /// Raw JSON text (an event's properties, read lazily) at `depth`: its nesting and the
    /// length of its strings as written, in one pass over the bytes.
    #[cfg(feature = "json")]
    fn check_raw(&self, raw: &str, depth: usize) -> Result<(), String> {
        // The common case at a glance: text no longer than a string may be, with fewer opening
        // brackets (at most half its bytes, each closed) than the nesting left, holds neither a
        // long string nor a deep value.
        let nesting_left = self.nesting_depth.saturating_sub(depth - 1);
        let short = raw.len() <= self.string_length;
        if short && raw.len() / 2 <= nesting_left {
            return Ok(());
        }
        let opening = raw.bytes().filter(|&b| b == b'{' || b == b'[').count();
        if short && opening <= nesting_left {
            return Ok(());
        }
        let mut nesting = depth - 1;
        let mut string_start = None;
        let mut escaped = false;
        for (at, byte) in raw.bytes().enumerate() {
            match (string_start, byte) {
                (Some(_), _) if escaped => escaped = false,
                (Some(_), b'\\') => escaped = true,
                (Some(start), b'"') => {
                    if at - start > self.string_length {
                        return Err(self.long_string(at - start));
                    }
                    string_start = None;
                }
                (Some(_), _) => {}
                (None, b'"') => string_start = Some(at + 1),
                (None, b'{' | b'[') => {
                    nesting += 1;
                    if nesting > self.nesting_depth {
                        return Err(self.too_deep());
                    }
                }
                (None, b'}' | b']') => nesting = nesting.saturating_sub(1),
                _ => {}
            }
        }
        Ok(())
    }
}

#[cfg(all(test, feature = "json", not(target_arch = "wasm32")))]
mod tests;
