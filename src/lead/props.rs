//! An event's properties, kept as they came in (JSON text, or the compact form's bytes) and read
//! by name where a rule looks (from JSON text by `props_json.rs`).

#[cfg(feature = "json")]
use super::fast;
#[cfg(feature = "json")]
use super::props_json::json_member;
use crate::compact;
use crate::value::Value;
#[cfg(feature = "json")]
use serde::Deserialize;
use serde::{de, Deserializer};
#[cfg(feature = "json")]
use serde_json::value::RawValue;
use std::fmt;

/// An event's properties, kept as they came in: most events never have their properties looked
/// at (no rule filters on them), and a rule that does reads only the values it names, so scoring
/// never builds the whole object.
#[derive(Debug, Clone, Copy, Default)]
pub enum Props<'a> {
    /// None given, or null.
    #[default]
    None,
    /// JSON text.
    #[cfg(feature = "json")]
    Json(&'a RawValue),
    /// The compact form's bytes of the value.
    Compact(&'a [u8]),
    /// The properties the rules read, in the schema-shaped form (`fast.rs`): a count, then each
    /// one's index in `names` (its event type's properties the rules read) and its tagged value.
    #[cfg(feature = "json")]
    Indexed {
        names: &'a [Box<str>],
        bytes: &'a [u8],
    },
}

impl<'de: 'a, 'a> de::Deserialize<'de> for Props<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // The compact reader hands over the value's bytes; serde_json, which does not know the
        // name, lets the visitor read the raw text.
        deserializer.deserialize_newtype_struct(compact::PROPS_AS_BYTES, PropsVisitor)
    }
}

struct PropsVisitor;

impl<'de> de::Visitor<'de> for PropsVisitor {
    type Value = Props<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    #[cfg(feature = "json")]
    fn visit_newtype_struct<D: Deserializer<'de>>(self, json: D) -> Result<Props<'de>, D::Error> {
        let raw: Option<&'de RawValue> = Deserialize::deserialize(json)?;
        Ok(raw.map_or(Props::None, Props::Json))
    }

    fn visit_borrowed_bytes<E: de::Error>(self, bytes: &'de [u8]) -> Result<Props<'de>, E> {
        Ok(if bytes.first() == Some(&0) {
            Props::None
        } else {
            Props::Compact(bytes)
        })
    }
}

impl<'a> Props<'a> {
    /// The value at a dotted path of object keys (the last, if a key repeats).
    pub fn get(&self, keys: &[String]) -> Option<Value<'a>> {
        match *self {
            Props::None => None,
            #[cfg(feature = "json")]
            Props::Json(raw) => json_member(raw, keys),
            Props::Compact(bytes) => {
                let (first, rest) = keys.split_first()?;
                let value: Value<'a> = compact::member(bytes, first).ok()??;
                value.at_path(rest).cloned()
            }
            #[cfg(feature = "json")]
            Props::Indexed { names, bytes } => {
                let (first, rest) = keys.split_first()?;
                let value = fast::indexed_member(names, bytes, first)?;
                if rest.is_empty() {
                    return Some(value);
                }
                value.at_path(rest).cloned()
            }
        }
    }

    /// The whole properties object (an empty object when there are none).
    pub fn value(&self) -> Value<'a> {
        let value = match *self {
            Props::None => None,
            #[cfg(feature = "json")]
            Props::Json(raw) => serde_json::from_str(raw.get()).ok(),
            Props::Compact(bytes) => compact::read_value(bytes).ok(),
            #[cfg(feature = "json")]
            Props::Indexed { names, bytes } => Some(fast::indexed_value(names, bytes)),
        };
        value.unwrap_or(Value::Object(Vec::new()))
    }

    pub(super) fn is_object_or_null(&self) -> bool {
        match *self {
            Props::None => true,
            #[cfg(feature = "json")]
            Props::Json(raw) => {
                let text = raw.get().trim_start();
                text.starts_with('{') || text == "null"
            }
            Props::Compact(bytes) => compact::is_object_or_null(bytes),
            #[cfg(feature = "json")]
            Props::Indexed { .. } => true,
        }
    }
}
