//! A JSON value that borrows its strings from the input text where it can: lead
//! attributes and event properties are read without copying.

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value<'a> {
    #[default]
    Null,
    Bool(bool),
    Number(f64),
    Text(Cow<'a, str>),
    List(Vec<Value<'a>>),
    Object(Vec<(Cow<'a, str>, Value<'a>)>),
}

impl<'a> Value<'a> {
    /// The member `key` of an object (the last one, as in JavaScript, if a key repeats).
    pub fn member(&self, key: &str) -> Option<&Value<'a>> {
        match self {
            Value::Object(members) => members
                .iter()
                .rev()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    /// Follows a dotted path of object keys: `company.size`.
    pub fn at_path(&self, path: &[String]) -> Option<&Value<'a>> {
        path.iter().try_fold(self, |value, key| value.member(key))
    }

    /// Present and meaningful: not null, not an empty or blank string, not an empty list.
    pub fn is_present(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Text(text) => !text.trim().is_empty(),
            Value::List(items) => !items.is_empty(),
            _ => true,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(text) => Some(text),
            _ => None,
        }
    }

    /// A plain rendering for summaries: text as is, numbers and booleans as JSON writes them.
    pub fn to_plain_string(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => format_number(*n),
            Value::Text(text) => text.to_string(),
            Value::List(items) => items
                .iter()
                .map(Value::to_plain_string)
                .collect::<Vec<_>>()
                .join(", "),
            Value::Object(_) => "[object]".to_string(),
        }
    }

    /// A copy that owns its strings, for results that outlive the input.
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(b),
            Value::Number(n) => Value::Number(n),
            Value::Text(text) => Value::Text(Cow::Owned(text.into_owned())),
            Value::List(items) => Value::List(items.into_iter().map(Value::into_owned).collect()),
            Value::Object(members) => Value::Object(
                members
                    .into_iter()
                    .map(|(key, value)| (Cow::Owned(key.into_owned()), value.into_owned()))
                    .collect(),
            ),
        }
    }
}

/// Numbers as JavaScript prints them: `250`, not `250.0`.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        crate::number_layout::plain_text(n)
    }
}

impl serde::Serialize for Value<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Number(n) => crate::number_layout::serialize_js_number(*n, serializer),
            Value::Text(text) => serializer.serialize_str(text),
            Value::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key.as_ref(), value)?;
                }
                map.end()
            }
        }
    }
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for Value<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor(std::marker::PhantomData))
    }
}

struct ValueVisitor<'a>(std::marker::PhantomData<&'a ()>);

impl<'de: 'a, 'a> Visitor<'de> for ValueVisitor<'a> {
    type Value = Value<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value<'a>, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value<'a>, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value<'a>, D::Error> {
        serde::Deserialize::deserialize(d)
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value<'a>, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Value<'a>, E> {
        Ok(Value::Number(n as f64))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Value<'a>, E> {
        Ok(Value::Number(n as f64))
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Value<'a>, E> {
        Ok(Value::Number(n))
    }
    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Value<'a>, E> {
        Ok(Value::Text(Cow::Borrowed(text)))
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<Value<'a>, E> {
        Ok(Value::Text(Cow::Owned(text.to_string())))
    }
    fn visit_string<E: de::Error>(self, text: String) -> Result<Value<'a>, E> {
        Ok(Value::Text(Cow::Owned(text)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value<'a>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value<'a>, A::Error> {
        let mut members = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some(key) = map.next_key::<CowStr<'a>>()? {
            let value = map.next_value()?;
            members.push((key.0, value));
        }
        Ok(Value::Object(members))
    }
}

/// A string that borrows from the input when it can (serde's `Cow<str>` always copies).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CowStr<'a>(pub Cow<'a, str>);

impl<'de: 'a, 'a> serde::Deserialize<'de> for CowStr<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CowStrVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for CowStrVisitor<'a> {
            type Value = CowStr<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<CowStr<'a>, E> {
                Ok(CowStr(Cow::Borrowed(text)))
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<CowStr<'a>, E> {
                Ok(CowStr(Cow::Owned(text.to_string())))
            }
            fn visit_string<E: de::Error>(self, text: String) -> Result<CowStr<'a>, E> {
                Ok(CowStr(Cow::Owned(text)))
            }
        }
        deserializer.deserialize_str(CowStrVisitor(std::marker::PhantomData))
    }
}

/// An identifier given as a string or as a whole number (CRM ids are often numeric).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identifier<'a>(pub Cow<'a, str>);

impl Identifier<'static> {
    /// An id given as a number: whole and exactly representable, written as JSON writes it.
    pub fn from_number(n: f64) -> Result<Self, String> {
        if n.is_finite() && n.fract() == 0.0 && n.abs() < 9.0e15 {
            Ok(Identifier(Cow::Owned(format_number(n))))
        } else {
            Err(format!(
                "{} is not a usable id: use a string or a whole number",
                crate::number_layout::plain_text(n)
            ))
        }
    }

    /// Whether text can be an id: anything but blank.
    pub fn check_text(text: &str) -> Result<(), String> {
        if text.trim().is_empty() {
            Err("an id must not be empty".to_string())
        } else {
            Ok(())
        }
    }
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for Identifier<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for IdVisitor<'a> {
            type Value = Identifier<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a non-empty string or a whole number")
            }
            fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Identifier<'a>, E> {
                non_empty(text)?;
                Ok(Identifier(Cow::Borrowed(text)))
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Identifier<'a>, E> {
                non_empty(text)?;
                Ok(Identifier(Cow::Owned(text.to_string())))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Identifier<'a>, E> {
                Ok(Identifier(Cow::Owned(n.to_string())))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Identifier<'a>, E> {
                Ok(Identifier(Cow::Owned(n.to_string())))
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<Identifier<'a>, E> {
                Identifier::from_number(n).map_err(E::custom)
            }
        }
        fn non_empty<E: de::Error>(text: &str) -> Result<(), E> {
            Identifier::check_text(text).map_err(E::custom)
        }
        deserializer.deserialize_any(IdVisitor(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrows_plain_strings_and_owns_escaped_ones() {
        let json = r#"{"plain":"VP Sales","escaped":"line\nbreak"}"#;
        let value: Value = serde_json::from_str(json).unwrap();
        assert!(matches!(
            value.member("plain"),
            Some(Value::Text(Cow::Borrowed("VP Sales")))
        ));
        assert!(matches!(
            value.member("escaped"),
            Some(Value::Text(Cow::Owned(_)))
        ));
    }

    #[test]
    fn follows_dotted_paths() {
        let value: Value = serde_json::from_str(r#"{"company":{"size":250}}"#).unwrap();
        let path = vec!["company".to_string(), "size".to_string()];
        assert_eq!(value.at_path(&path), Some(&Value::Number(250.0)));
        assert_eq!(value.at_path(&["nope".to_string()]), None);
    }

    #[test]
    fn presence_ignores_blank_text_and_empty_lists() {
        for (json, present) in [
            ("null", false),
            ("\"  \"", false),
            ("[]", false),
            ("0", true),
            ("false", true),
            ("\"x\"", true),
        ] {
            let value: Value = serde_json::from_str(json).unwrap();
            assert_eq!(value.is_present(), present, "{json}");
        }
    }

    #[test]
    fn round_trips_through_json() {
        let json = r#"{"a":[1,2.5,"x",true,null],"b":{"c":"d"}}"#;
        let value: Value = serde_json::from_str(json).unwrap();
        assert_eq!(serde_json::to_string(&value).unwrap(), json);
    }

    #[test]
    fn identifiers_accept_strings_and_whole_numbers() {
        let id: Identifier = serde_json::from_str("660737").unwrap();
        assert_eq!(id.0, "660737");
        let id: Identifier = serde_json::from_str("\"lead-1\"").unwrap();
        assert_eq!(id.0, "lead-1");
        assert!(serde_json::from_str::<Identifier>("1.5").is_err());
        assert!(serde_json::from_str::<Identifier>("\"\"").is_err());
        assert!(serde_json::from_str::<Identifier>("null").is_err());
    }
}
