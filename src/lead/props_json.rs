//! An event's properties read by name from their JSON text: one plain key by a direct scan of
//! the text, anything unusual (escaped keys, nesting) by serde, skipping the rest of the object.

use crate::value::{CowStr, Value};
use serde_json::value::RawValue;

/// The value at a dotted path of object keys in JSON text.
pub(super) fn json_member<'a>(raw: &'a RawValue, keys: &[String]) -> Option<Value<'a>> {
    // The common case, one plain key, by a direct scan of the text; anything unusual (escaped
    // keys, nesting) by serde.
    if let [key] = keys {
        if let Some(found) = scan_member(raw.get(), key) {
            return found.and_then(|text| match text.as_bytes() {
                // A plain string (no escapes) is borrowed as it is; anything else by serde.
                [b'"', inner @ .., b'"'] if !inner.contains(&b'\\') => Some(Value::Text(
                    std::borrow::Cow::Borrowed(&text[1..text.len() - 1]),
                )),
                _ => serde_json::from_str(text).ok(),
            });
        }
    }
    let mut deserializer = serde_json::Deserializer::from_str(raw.get());
    serde::de::DeserializeSeed::deserialize(Lookup { keys }, &mut deserializer)
        .ok()
        .flatten()
}

/// The text of the last value named `key` in the JSON object `text`: Some(None) when there is
/// none, None when the text is not a plain object this scan can read (escaped keys, errors).
fn scan_member<'t>(text: &'t str, key: &str) -> Option<Option<&'t str>> {
    let bytes = text.as_bytes();
    let skip_space = |mut at: usize| {
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        at
    };
    // The end of the string whose opening quote is at `at`, and whether it has escapes.
    let string_end = |at: usize| -> Option<(usize, bool)> {
        let mut escaped = false;
        let mut i = at + 1;
        while let Some(&b) = bytes.get(i) {
            match b {
                b'"' => return Some((i + 1, escaped)),
                b'\\' => {
                    escaped = true;
                    i += 2;
                }
                _ => i += 1,
            }
        }
        None
    };
    let mut at = skip_space(0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at = skip_space(at + 1);
    let mut found = None;
    if bytes.get(at) == Some(&b'}') {
        return Some(None);
    }
    loop {
        if bytes.get(at) != Some(&b'"') {
            return None;
        }
        let (key_end, escaped) = string_end(at)?;
        if escaped {
            return None;
        }
        let is_key = &text[at + 1..key_end - 1] == key;
        at = skip_space(key_end);
        if bytes.get(at) != Some(&b':') {
            return None;
        }
        let start = skip_space(at + 1);
        let end = value_end(bytes, start, string_end)?;
        if is_key {
            found = Some(&text[start..end]);
        }
        at = skip_space(end);
        match bytes.get(at) {
            Some(b',') => at = skip_space(at + 1),
            Some(b'}') => return Some(found),
            _ => return None,
        }
    }
}

/// Where the JSON value starting at `start` ends.
fn value_end(
    bytes: &[u8],
    start: usize,
    string_end: impl Fn(usize) -> Option<(usize, bool)>,
) -> Option<usize> {
    match bytes.get(start)? {
        b'"' => string_end(start).map(|(end, _)| end),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = start;
            while let Some(&b) = bytes.get(i) {
                match b {
                    b'"' => {
                        i = string_end(i)?.0;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            None
        }
        _ => {
            let mut i = start;
            while bytes
                .get(i)
                .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
            {
                i += 1;
            }
            (i > start).then_some(i)
        }
    }
}

/// Reads one value out of a JSON object, skipping the rest.
struct Lookup<'k> {
    keys: &'k [String],
}

impl<'de> serde::de::DeserializeSeed<'de> for Lookup<'_> {
    type Value = Option<Value<'de>>;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Lookup<'_> {
    type Value = Option<Value<'de>>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let Some((first, rest)) = self.keys.split_first() else {
            return Ok(None);
        };
        let mut found = None;
        while let Some(key) = map.next_key::<CowStr<'de>>()? {
            if key.0 == first.as_str() {
                found = if rest.is_empty() {
                    Some(map.next_value::<Value<'de>>()?)
                } else {
                    map.next_value_seed(Lookup { keys: rest })?
                };
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok(found)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lead::parse_lead;

    #[test]
    fn properties_are_read_by_name_from_their_text() {
        let lead = parse_lead(
            r#"{"id":"l","events":[{"type":"v","at":0,"props":{"path":"/pricing","n":{"a":[1,{"b":"}"}]},"k":2,"path":"/last","q\"x":"e","esc":"a\"b"}}]}"#,
        )
        .unwrap();
        let props = &lead.events[0].props;
        let get = |key: &str| props.get(&[key.to_string()]);
        assert_eq!(
            get("path"),
            Some(Value::Text("/last".into())),
            "the last one wins"
        );
        assert_eq!(get("k"), Some(Value::Number(2.0)));
        assert_eq!(get("esc"), Some(Value::Text("a\"b".into())));
        assert_eq!(
            get("q\"x"),
            Some(Value::Text("e".into())),
            "escaped keys go to serde"
        );
        assert_eq!(get("missing"), None);
        assert_eq!(
            props
                .get(&["n".to_string(), "a".to_string()])
                .map(|v| matches!(v, Value::List(_))),
            Some(true)
        );
        assert_eq!(scan_member(r#"{ }"#, "a"), Some(None));
        assert_eq!(
            scan_member(r#"{"a" : [1, "]"] , "b":true}"#, "a"),
            Some(Some(r#"[1, "]"]"#))
        );
        assert_eq!(scan_member(r#"{"a":1"#, "a"), None);
        assert_eq!(scan_member(r#"[1]"#, "a"), None);
    }
}
