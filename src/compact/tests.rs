//! The compact reader against the JSON reader: the same leads, the same errors at the same paths.

use super::{ARRAY, FALSE, FIELD, FIELDS, NULL, NUMBER, OBJECT, STRING, TRUE};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// JSON text in the compact form, written whole, keys in their order (what the JavaScript writer
/// does with values it does not prune): the tests' way to give both readers the same input.
pub(crate) fn from_json_text(json: &str) -> Vec<u8> {
    use serde::de::Deserializer as _;
    struct Writer<'o>(&'o mut Vec<u8>);
    impl Writer<'_> {
        fn varint(&mut self, mut n: usize) {
            while n >= 0x80 {
                self.0.push((n as u8) | 0x80);
                n >>= 7;
            }
            self.0.push(n as u8);
        }
        fn text(&mut self, s: &str) {
            self.varint(s.len());
            self.0.extend_from_slice(s.as_bytes());
        }
        fn number(&mut self, n: f64) {
            self.0.push(NUMBER);
            self.0.extend_from_slice(&n.to_le_bytes());
        }
    }
    impl<'de> Visitor<'de> for Writer<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("JSON")
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            self.0.push(NULL);
            Ok(())
        }
        fn visit_bool<E>(self, b: bool) -> Result<(), E> {
            self.0.push(if b { TRUE } else { FALSE });
            Ok(())
        }
        fn visit_u64<E>(mut self, n: u64) -> Result<(), E> {
            self.number(n as f64);
            Ok(())
        }
        fn visit_i64<E>(mut self, n: i64) -> Result<(), E> {
            self.number(n as f64);
            Ok(())
        }
        fn visit_f64<E>(mut self, n: f64) -> Result<(), E> {
            self.number(n);
            Ok(())
        }
        fn visit_str<E>(mut self, s: &str) -> Result<(), E> {
            self.0.push(STRING);
            self.text(s);
            Ok(())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let mut items = Vec::new();
            let mut count = 0;
            while seq.next_element_seed(Seed(&mut items))?.is_some() {
                count += 1;
            }
            self.container(ARRAY, count, items);
            Ok(())
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let mut members = Vec::new();
            let mut count = 0;
            while let Some(key) = map.next_key::<String>()? {
                match FIELDS.iter().position(|field| *field == key) {
                    Some(index) => members.extend_from_slice(&[FIELD, index as u8]),
                    None => {
                        members.push(STRING);
                        Writer(&mut members).text(&key);
                    }
                }
                map.next_value_seed(Seed(&mut members))?;
                count += 1;
            }
            self.container(OBJECT, count, members);
            Ok(())
        }
    }
    impl Writer<'_> {
        fn container(mut self, tag: u8, count: usize, content: Vec<u8>) {
            self.0.push(tag);
            self.varint(count);
            self.0.extend_from_slice(&content);
        }
    }
    struct Seed<'o>(&'o mut Vec<u8>);
    impl<'de> DeserializeSeed<'de> for Seed<'_> {
        type Value = ();
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(Writer(self.0))
        }
    }
    let mut out = Vec::new();
    serde_json::Deserializer::from_str(json)
        .deserialize_any(Writer(&mut out))
        .expect("test JSON");
    out
}

/// The JSON reader's error without the position that only JSON text has.
fn without_position(err: crate::InputError) -> (String, String) {
    let message = match err.message.rfind(" at line ") {
        Some(at) => err.message[..at].to_string(),
        None => err.message,
    };
    (err.path, message)
}

/// A lead as read (shown), or the error without its position.
type Read = Result<String, (String, String)>;

/// A lead read from JSON text and from its compact form: the same lead, or the same error.
fn both_ways(json: &str) -> (Read, Read) {
    let shown = |lead: crate::Lead| format!("{lead:?}");
    let bytes = from_json_text(json);
    let from_json = crate::parse_lead(json).map(shown).map_err(without_position);
    let from_compact = crate::lead::compact::read_lead(&bytes, &NO_SCHEMA)
        .map(shown)
        .map_err(without_position);
    (from_json, from_compact)
}

/// No schema: every lead of these tests is in the tagged form.
static NO_SCHEMA: crate::lead::Schema = crate::lead::Schema::EMPTY;

#[test]
fn bad_leads_get_the_same_errors_at_the_same_paths() {
    for json in [
        r#"{"id":"x","events":[{"type":"v","at":0,"properties":{}}]}"#,
        r#"{"events":[]}"#,
        r#"{"id":""}"#,
        r#"{"id":1.5}"#,
        r#"{"id":{}}"#,
        r#"{"id":null}"#,
        r#"{"id":"x","extra":1}"#,
        r#"{"id":"x","attributes":[1]}"#,
        r#"{"id":"x","attributes":"text"}"#,
        r#"{"id":"x","events":{}}"#,
        r#"{"id":"x","events":[5]}"#,
        r#"{"id":"x","events":[{"at":0}]}"#,
        r#"{"id":"x","events":[{"type":5,"at":0}]}"#,
        r#"{"id":"x","events":[{"type":1.5,"at":0}]}"#,
        r#"{"id":"x","events":[{"type":null,"at":0}]}"#,
        r#"{"id":"x","events":[{"type":"","at":0}]}"#,
        r#"{"id":"x","events":[{"type":" ","at":0}]}"#,
        r#"{"id":"x","events":[{"type":"v"}]}"#,
        r#"{"id":"x","events":[{"type":"v","at":"nope"}]}"#,
        r#"{"id":"x","events":[{"type":"v","at":"2026-13-01T00:00:00Z"}]}"#,
        r#"{"id":"x","events":[{"type":"v","at":1.5}]}"#,
        r#"{"id":"x","events":[{"type":"v","at":-1e300}]}"#,
        r#"{"id":"x","events":[{"type":"v","at":true}]}"#,
        r#"{"id":"x","events":[{"type":"v","at":null}]}"#,
        r#"{"id":"x","events":[{"type":"v","at":0,"id":{}}]}"#,
        r#"{"id":"x","events":[{"type":"v","at":0,"id":""}]}"#,
        r#"{"id":"x","events":[{"type":"v","at":0,"props":[1]}]}"#,
        r#"{"id":"x","events":[{"type":"v","at":0,"props":"x"}]}"#,
        r#"{"id":"x","events":[{"type":"v","at":0},{"type":"w","at":"later"}]}"#,
        r#"[]"#,
        r#"5"#,
        r#"null"#,
    ] {
        let (from_json, from_compact) = both_ways(json);
        assert!(from_json.is_err(), "{json} should be refused");
        assert_eq!(from_compact, from_json, "{json}");
    }
}

#[test]
fn good_leads_read_the_same() {
    for json in [
        r#"{"id":"l1","attributes":{"title":"VP Sales","size":250,"tags":["a",null,true]},"events":[
            {"id":"e1","type":"page_view","at":"2026-11-20T10:00:00Z","props":{"path":"/pricing","n":{"a":1}}},
            {"type":"visit","at":1763632800000,"id":42},{"type":"v","at":0,"props":null}]}"#,
        r#"{"id":660737}"#,
        r#"{"id":"x","attributes":null,"events":[]}"#,
    ] {
        let (from_json, from_compact) = both_ways(json);
        assert!(from_json.is_ok() && from_compact.is_ok(), "{json}");
        // The properties differ in form (text, bytes): compare what rules read of them.
        let json_lead = crate::parse_lead(json).unwrap();
        let bytes = from_json_text(json);
        let compact_lead = crate::lead::compact::read_lead(&bytes, &NO_SCHEMA).unwrap();
        assert_eq!(json_lead.id(), compact_lead.id());
        assert_eq!(json_lead.attributes, compact_lead.attributes);
        for (a, b) in json_lead.events.iter().zip(&compact_lead.events) {
            assert_eq!((a.id(), a.kind(), a.at), (b.id(), b.kind(), b.at));
            for key in ["path", "n", "missing"] {
                assert_eq!(
                    a.props.get(&[key.to_string()]),
                    b.props.get(&[key.to_string()])
                );
            }
            assert_eq!(
                a.props.get(&["n".into(), "a".into()]),
                b.props.get(&["n".into(), "a".into()])
            );
            assert_eq!(a.props.value(), b.props.value());
        }
    }
}

#[test]
fn a_truncated_or_garbled_input_is_an_error_not_a_panic() {
    let bytes = from_json_text(r#"{"id":"x","events":[{"type":"v","at":0,"props":{"a":"b"}}]}"#);
    for end in 0..bytes.len() {
        assert!(crate::lead::compact::read_lead(&bytes[..end], &NO_SCHEMA).is_err());
    }
    for at in 0..bytes.len() {
        let mut garbled = bytes.clone();
        garbled[at] ^= 0xff;
        let _ = crate::lead::compact::read_lead(&garbled, &NO_SCHEMA);
    }
    assert!(
        super::read::<crate::Lead>(&[bytes.as_slice(), &[0]].concat()).is_err(),
        "trailing bytes"
    );
}

#[test]
fn a_batch_is_split_into_leads_each_read_on_its_own() {
    let bytes =
        from_json_text(r#"[{"id":"a"},{"id":"b","events":[{"type":"v","at":"nope"}]},{"id":"c"}]"#);
    let leads = super::split_array(&bytes).unwrap();
    assert_eq!(leads.len(), 3);
    assert!(crate::lead::compact::read_batch_lead(leads[0], 0).is_ok());
    let bad = crate::lead::compact::read_batch_lead(leads[1], 1).unwrap_err();
    assert_eq!(bad.error.path, "[1].events[0].at");
    assert_eq!(bad.lead_id.as_deref(), Some("b"));
    assert!(super::split_array(&from_json_text(r#"{"id":"a"}"#)).is_err());
}

#[test]
fn a_batch_over_the_limits_gets_the_same_errors_from_compact_bytes() {
    let model = crate::Model::from_json(
        r#"{"version":1,"mql":{"threshold":5},"intent":{"rules":[{"id":"r","event":"visit","points":1}]}}"#,
    )
    .unwrap();
    let limits = crate::Limits {
        events_per_lead: 2,
        rules_per_model: 4,
        string_length: 8,
        nesting_depth: 5,
        batch_size: 3,
    };
    let scorer = crate::Scorer::new(model).with_limits(limits);
    let as_of = crate::Timestamp::parse("2026-11-20T17:00:00Z").unwrap();
    let visit = r#"{"type":"visit","at":"2026-11-20T10:00:00Z"}"#;
    let with_props = |props: &str| format!(r#"{{"type":"visit","at":1,"props":{props}}}"#);
    let batch = |leads: &[String]| format!("[{}]", leads.join(","));
    let lead = |events: &[String]| format!(r#"{{"id":"l","events":[{}]}}"#, events.join(","));
    let batches = [
        batch(&[lead(&[visit.into(), visit.into(), visit.into()])]),
        batch(&[lead(&[with_props(r#"{"a":"123456789"}"#)])]),
        batch(&[lead(&[with_props(r#"{"123456789":1}"#)])]),
        batch(&[lead(&[with_props(r#"{"a":{"b":[]}}"#)])]),
        batch(&[lead(&[with_props(r#"{"a":{"b":"12345678"}}"#)])]),
        batch(&[r#"{"id":"123456789"}"#.into()]),
        batch(&[r#"{"id":"a","attributes":{"x":[[[1]]]}}"#.into()]),
        batch(&[r#"{"id":"a"}"#.into(), r#"{"id":"b"}"#.into()]),
        batch(&vec![r#"{"id":"a"}"#.to_string(); 4]),
    ];
    let mut refused = 0;
    for json in &batches {
        for on_error in [crate::OnError::Throw, crate::OnError::Collect] {
            let detail = crate::Detail::Full;
            let from_json = scorer.score_batch_json_with(json, as_of, on_error, detail);
            let from_compact =
                scorer.score_batch_compact(&from_json_text(json), as_of, on_error, detail);
            let shown = |result: Result<String, crate::InputError>| {
                result.map_err(|err| (err.path, err.message))
            };
            refused += usize::from(from_json.is_err());
            assert_eq!(shown(from_compact), shown(from_json), "{json}");
        }
    }
    // Thrown for each of the five leads over a limit, and for the batch over its size also when
    // the leads' errors are collected.
    assert_eq!(refused, 7);
}

/// `units` (UTF-16) as `JSON.stringify` writes a string, and as the JavaScript writer encodes it
/// (UTF-8, a lone surrogate as WTF-8 does).
fn written_both_ways(units: &[u16]) -> (String, Vec<u8>) {
    let mut json = String::from('"');
    let mut wtf8 = Vec::new();
    for unit in char::decode_utf16(units.iter().copied()) {
        match unit {
            Ok(c) => {
                match c {
                    '"' => json.push_str("\\\""),
                    '\\' => json.push_str("\\\\"),
                    '\u{8}' => json.push_str("\\b"),
                    '\u{c}' => json.push_str("\\f"),
                    '\n' => json.push_str("\\n"),
                    '\r' => json.push_str("\\r"),
                    '\t' => json.push_str("\\t"),
                    c if c < ' ' => json.push_str(&format!("\\u{:04x}", c as u32)),
                    c => json.push(c),
                }
                wtf8.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            }
            Err(lone) => {
                let unit = lone.unpaired_surrogate();
                json.push_str(&format!("\\u{unit:04x}"));
                wtf8.extend_from_slice(&[
                    0xE0 | (unit >> 12) as u8,
                    0x80 | ((unit >> 6) & 0x3F) as u8,
                    0x80 | (unit & 0x3F) as u8,
                ]);
            }
        }
    }
    json.push('"');
    (json, wtf8)
}

#[test]
fn lone_surrogates_are_refused_in_the_words_json_text_gets() {
    let mut cases = 0;
    for surrogate in [0xD800, 0xDBFF, 0xDC00, 0xDFFF] {
        for next in [
            None,
            Some(u16::from(b'b')),
            Some(u16::from(b'"')),
            Some(u16::from(b'\\')),
            Some(u16::from(b'\n')),
            Some(0x01),
            Some(0x1F),
            Some(0xE9),
            Some(0xD801),
            Some(0xDC01),
        ] {
            let units: Vec<u16> = [u16::from(b'a'), surrogate]
                .into_iter()
                .chain(next)
                .collect();
            let (text, wtf8) = written_both_ways(&units);
            let json = format!(r#"{{"id":{text}}}"#);
            let mut bytes = vec![OBJECT, 1, FIELD, 0, STRING, wtf8.len() as u8];
            assert_eq!(FIELDS[0], "id");
            bytes.extend_from_slice(&wtf8);
            let from_json = crate::parse_lead(&json)
                .map(|_| ())
                .map_err(without_position);
            let from_compact = crate::lead::compact::read_lead(&bytes, &NO_SCHEMA)
                .map(|_| ())
                .map_err(without_position);
            assert_eq!(from_compact, from_json, "{json}");
            cases += usize::from(from_json.is_err());
        }
    }
    // All but a leading surrogate followed by a trailing one (a pair) are refused.
    assert_eq!(cases, 38);
}
