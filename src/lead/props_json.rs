//! An event's properties read by name from their JSON text: one plain key by a direct scan of
//! the text, anything unusual (escaped keys, nesting) by serde, skipping the rest of the object.

use crate::error::InputError;
use crate::json_path::path_at;
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

/// Whether an event's properties, kept as JSON text, can all be read as values. The text was
/// only skipped when the lead was read, and skipping lets through two things reading a value
/// refuses: a `\u` escape of a lone surrogate and a number out of `f64`'s range. Either is
/// refused here, at its path within the properties (`path`, `a.b[2]`), with serde's words, so a
/// rule never finds such a value silently missing.
pub(crate) fn check_readable(raw: &RawValue) -> Result<(), InputError> {
    if !may_be_unreadable(raw.get().as_bytes()) {
        return Ok(());
    }
    serde_json::from_str::<Value>(raw.get())
        .map(drop)
        .map_err(|err| {
            let message = err.to_string();
            let message = match message.rfind(" at line ") {
                // The line and column would count within the properties, not the document.
                Some(at) => &message[..at],
                None => &message,
            };
            InputError::new(path_at(raw.get(), err.line(), err.column()), message)
        })
}

/// A quick look for what [`check_readable`] must read: an escape, an exponent after a digit, or
/// a run of digits long enough to pass `f64`'s range. Short texts (nearly every event's) are
/// looked at eight bytes at a time; a byte flagged wrongly only costs the full reading.
fn may_be_unreadable(bytes: &[u8]) -> bool {
    // A run of more than 300 digits needs more than 300 bytes.
    if bytes.len() > 300 {
        return may_be_unreadable_long(bytes);
    }
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    // The high bit of every byte of `word` that is zero (and maybe of a byte above one).
    let zeros = |word: u64| word.wrapping_sub(ONES) & !word & (ONES * 0x80);
    // Whether eight bytes hold an escape or an exponent after a digit (`digit_before`: the high
    // bit of the first byte set when the byte before them may be a digit); and the same for the
    // next eight.
    let look = |word: u64, digit_before: u64| {
        let escape = zeros(word ^ (ONES * u64::from(b'\\')));
        let exponent = zeros((word | (ONES * 0x20)) ^ (ONES * u64::from(b'e')));
        // 0x30 to 0x3f: the digits, and a few bytes flagged wrongly.
        let digit = zeros((word & (ONES * 0xf0)) ^ (ONES * 0x30));
        let found = escape != 0 || exponent & ((digit << 8) | digit_before) != 0;
        (found, digit >> 56)
    };
    let word_at = |at: usize| {
        let mut word = [0; 8];
        let end = bytes.len().min(at + 8);
        word[..end - at].copy_from_slice(&bytes[at..end]);
        u64::from_le_bytes(word)
    };
    let mut at = 0;
    let mut digit_before = 0;
    while at + 8 <= bytes.len() {
        let (found, next) = look(word_at(at), digit_before);
        if found {
            return true;
        }
        digit_before = next;
        at += 8;
    }
    if at == bytes.len() {
        return false;
    }
    // The last bytes: the last eight (again in part), or the whole text with zeros after it.
    if bytes.len() < 8 {
        return look(word_at(0), 0).0;
    }
    let last = bytes.len() - 8;
    let before = u64::from(last > 0 && bytes[last - 1].is_ascii_digit()) * 0x80;
    look(word_at(last), before).0
}

fn may_be_unreadable_long(bytes: &[u8]) -> bool {
    let mut digits = 0;
    for &byte in bytes {
        match byte {
            b'\\' => return true,
            b'e' | b'E' if digits > 0 => return true,
            b'0'..=b'9' => {
                digits += 1;
                if digits > 300 {
                    return true;
                }
            }
            _ => digits = 0,
        }
    }
    false
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

    /// The error of a lead whose only event has `props` as its properties' JSON text.
    fn props_error(props: &str) -> Option<(String, String)> {
        let json = format!(r#"{{"id":"l","events":[{{"type":"v","at":0,"props":{props}}}]}}"#);
        parse_lead(&json).err().map(|err| (err.path, err.message))
    }

    #[test]
    fn properties_that_cannot_be_read_are_refused_at_their_path() {
        let refused = |props: &str, path: &str, message: &str| {
            assert_eq!(
                props_error(props),
                Some((path.to_string(), message.to_string())),
                "{props}"
            );
        };
        refused(
            r#"{"path":"/pricing\udc00"}"#,
            "events[0].props.path",
            "lone leading surrogate in hex escape",
        );
        refused(
            r#"{"a":1,"n":{"b":["x","\ud800 y"]}}"#,
            "events[0].props.n.b[1]",
            "unexpected end of hex escape",
        );
        refused(
            r#"{"k":"\ud800\ud800"}"#,
            "events[0].props.k",
            "lone leading surrogate in hex escape",
        );
        refused(
            r#"{"n":1.5e400}"#,
            "events[0].props.n",
            "number out of range",
        );
        let long = format!(r#"{{"n":{}}}"#, "9".repeat(320));
        refused(&long, "events[0].props.n", "number out of range");
        for fine in [
            r#"{"path":"/pricing","emoji":"\ud83d\ude00","q":"a\"b"}"#,
            r#"{"n":1e300,"m":-2.5E-7,"v2e":"3e","big":123456789012345678901234567890}"#,
        ] {
            assert_eq!(props_error(fine), None, "{fine}");
        }
        let long_but_fine = format!(r#"{{"n":{}}}"#, "9".repeat(305));
        assert_eq!(props_error(&long_but_fine), None);
    }

    #[test]
    fn the_quick_look_misses_no_escape_and_no_exponent() {
        // Every text of up to 20 bytes drawn from an alphabet of the bytes that matter (and
        // their neighbours) that has an escape or a digit before an `e`, the quick look flags.
        let alphabet = b"\\09eE/:.a\"x";
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let length = (state % 21) as usize;
            let text: Vec<u8> = (0..length)
                .map(|at| alphabet[((state >> (at * 3)) as usize + at) % alphabet.len()])
                .collect();
            let must = text.contains(&b'\\')
                || text
                    .windows(2)
                    .any(|pair| pair[0].is_ascii_digit() && pair[1] | 0x20 == b'e');
            if must {
                assert!(
                    may_be_unreadable(&text),
                    "{:?}",
                    String::from_utf8_lossy(&text)
                );
            }
        }
        assert!(!may_be_unreadable(br#"{"path":"/pricing","plan":"team"}"#));
    }
}
