//! The lists a playbook and a model's accounts section have: lists and objects that may be left
//! out, lists of words (names, ids, countries, domains), and lists of objects read one by one.

use super::{item, JsonObject, Reader};
use serde_json::Value as Json;

impl Reader {
    /// The items of a list at `path` that are objects of the `known` keys, each read in turn by
    /// `read` (which sees the ones read before it), keeping what it returns. An item that is not
    /// such an object is a problem of its own, reported in its turn.
    pub fn objects<'v, T>(
        &mut self,
        items: &'v [Json],
        path: &str,
        known: &[&str],
        mut read: impl FnMut(&mut Reader, &'v JsonObject, &str, &[T]) -> Option<T>,
    ) -> Vec<T> {
        let mut read_so_far = Vec::new();
        for (index, value) in items.iter().enumerate() {
            let at = item(path, index);
            if let Some(map) = self.object(value, &at, known) {
                let next = read(self, map, &at, &read_so_far);
                read_so_far.extend(next);
            }
        }
        read_so_far
    }

    /// A list of objects that may be left out, read as [`Reader::objects`] reads a list.
    pub fn optional_objects<'v, T>(
        &mut self,
        value: Option<&'v Json>,
        path: &str,
        known: &[&str],
        read: impl FnMut(&mut Reader, &'v JsonObject, &str, &[T]) -> Option<T>,
    ) -> Vec<T> {
        match self.optional_array(value, path) {
            Some(items) => self.objects(items, path, known, read),
            None => Vec::new(),
        }
    }

    /// A list that may be left out: absent or `null` reads as empty; anything but an array is
    /// an error at `path` and reads as `None`.
    pub fn optional_array<'v>(
        &mut self,
        value: Option<&'v Json>,
        path: &str,
    ) -> Option<&'v [Json]> {
        match value {
            None | Some(Json::Null) => Some(&[]),
            Some(value) => self
                .expect(value, path, "an array", Json::as_array)
                .map(Vec::as_slice),
        }
    }

    /// An array of non-blank strings, distinct ignoring case (trimmed). Each bad item is a
    /// problem of its own; the good ones are kept.
    pub fn word_list(&mut self, value: &Json, path: &str) -> Vec<String> {
        match self.expect(value, path, "an array of strings", Json::as_array) {
            Some(items) => self.words(items, path),
            None => Vec::new(),
        }
    }

    /// The items of an array as [`Reader::word_list`] reads them.
    pub fn words(&mut self, items: &[Json], path: &str) -> Vec<String> {
        let mut words: Vec<String> = Vec::new();
        for (index, word) in items.iter().enumerate() {
            match word.as_str().map(str::trim) {
                Some(w) if !w.is_empty() => {
                    if words.iter().any(|known| known.eq_ignore_ascii_case(w)) {
                        self.error(&item(path, index), format!("repeats {w:?}"));
                    }
                    words.push(w.to_string());
                }
                _ => self.error(&item(path, index), "must be a non-empty string"),
            }
        }
        words
    }

    /// An object that may be left out: its entries (none when absent or `null`); anything but
    /// an object is an error at `path` and has none.
    #[cfg(feature = "lifecycle")]
    pub fn optional_entries<'v>(
        &mut self,
        value: Option<&'v Json>,
        path: &str,
    ) -> Vec<(&'v String, &'v Json)> {
        match value {
            None | Some(Json::Null) => Vec::new(),
            Some(value) => self
                .expect(value, path, "an object", Json::as_object)
                .map(|map| map.iter().collect())
                .unwrap_or_default(),
        }
    }
}
