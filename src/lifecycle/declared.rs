//! The ids a playbook declares (its people, calendars and nurture tracks) and the scoring
//! model's rule ids: every part of the playbook that refers to one is checked against these as
//! it is read, so that one bad id is reported once, where it is used, with the known ones.

use crate::document::{child, JsonObject, Reader};
use crate::model::Model;
use serde_json::Value as Json;

/// The ids other parts of a playbook may refer to.
pub(crate) struct DeclaredIds {
    pub people: Vec<String>,
    pub calendars: Vec<String>,
    pub tracks: Vec<String>,
    pub rules: Vec<String>,
}

impl DeclaredIds {
    /// The ids the playbook document `playbook` declares (the keys of its `team` and
    /// `calendars`, and the ids of the nurture tracks read from it), and the model's rule ids.
    pub fn of(playbook: &JsonObject, tracks: Vec<String>, model: &Model) -> DeclaredIds {
        let keys = |key: &str| -> Vec<String> {
            match playbook.get(key) {
                Some(Json::Object(entries)) => entries.keys().cloned().collect(),
                _ => Vec::new(),
            }
        };
        DeclaredIds {
            people: keys("team"),
            calendars: keys("calendars"),
            tracks,
            rules: model.rule_ids().map(str::to_string).collect(),
        }
    }

    /// Whether `id` is among `known`; if not, a problem at `path` naming what it should be.
    fn check(
        reader: &mut Reader,
        known: &[String],
        id: &str,
        path: &str,
        what: &str,
        place: &str,
    ) -> bool {
        if known.iter().any(|k| k == id) {
            return true;
        }
        let shown: Vec<&str> = known.iter().take(12).map(String::as_str).collect();
        reader.error(
            path,
            format!("no {what} {id:?} in {place} (known: {})", shown.join(", ")),
        );
        false
    }

    pub fn check_person(&self, reader: &mut Reader, id: &str, path: &str) -> bool {
        Self::check(reader, &self.people, id, path, "person", "team")
    }

    pub fn check_calendar(&self, reader: &mut Reader, id: &str, path: &str) -> bool {
        Self::check(reader, &self.calendars, id, path, "calendar", "calendars")
    }

    pub fn check_track(&self, reader: &mut Reader, id: &str, path: &str) -> bool {
        Self::check(
            reader,
            &self.tracks,
            id,
            path,
            "nurture track",
            "nurture.tracks",
        )
    }

    pub fn check_rule(&self, reader: &mut Reader, id: &str, path: &str) -> bool {
        Self::check(reader, &self.rules, id, path, "rule", "the scoring model")
    }

    /// The required text `key` of `map` (at `path`), when it names a person of the team.
    pub fn read_person(
        &self,
        reader: &mut Reader,
        map: &JsonObject,
        key: &str,
        path: &str,
    ) -> Option<String> {
        let person = reader.text(map, key, path, true)?;
        self.check_person(reader, person, &child(path, key))
            .then(|| person.to_string())
    }
}
