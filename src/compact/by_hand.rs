//! The tagged compact form read by hand into leads, events and values, without serde's derives:
//! each reads what the derive (through the `Deserializer` of `de.rs`) would read, in the same
//! order, and fails with the same message at the same path (`tests_by_hand.rs` compares the two
//! on generated inputs). Serde's wording comes from the same `de::Error` methods; a struct given
//! as an array is read by position as the derive reads it.

use super::de::Token;
use super::error::CompactError;
use super::{Reader, NULL};
use crate::lead::{Event, Lead, Props};
use crate::time::Timestamp;
use crate::value::{CowStr, Identifier, Value};
use serde::de::{Error as _, Expected, Unexpected};
use std::borrow::Cow;

const LEAD: &str = "struct Lead";
const LEAD_FIELDS: &[&str] = &["id", "attributes", "events"];
const EVENT: &str = "struct Event";
const EVENT_FIELDS: &[&str] = &["id", "type", "at", "props"];

/// What a visitor that takes no such value says of it.
fn refused(token: Token, expected: &dyn Expected) -> CompactError {
    let unexpected = match token {
        Token::Null => Unexpected::Unit,
        Token::Bool(b) => Unexpected::Bool(b),
        Token::Unsigned(n) => Unexpected::Unsigned(n),
        Token::Signed(n) => Unexpected::Signed(n),
        Token::Float(n) => Unexpected::Float(n),
        Token::Str(text) => Unexpected::Str(text),
        Token::Array(_) => Unexpected::Seq,
        Token::Object(_) => Unexpected::Map,
    };
    CompactError::invalid_type(unexpected, expected)
}

/// A struct's fields read by position: how many items are left, and which is next.
struct Positions {
    left: usize,
    index: usize,
}

impl Positions {
    /// The positions of `count` items, none read yet.
    fn of(count: usize) -> Self {
        Positions {
            left: count,
            index: 0,
        }
    }

    /// Reads the next item with `read` (its errors at `[index]`), or None past the last.
    fn next<'de, T>(
        &mut self,
        reader: &mut Reader<'de>,
        read: impl FnOnce(&mut Reader<'de>) -> Result<T, CompactError>,
    ) -> Result<Option<T>, CompactError> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        self.index += 1;
        let index = self.index - 1;
        read(reader)
            .map(Some)
            .map_err(|err| err.inside(format!("[{index}]")))
    }

    /// The next item, the struct's field `field` (its index among the fields), which the struct
    /// `expected` (`struct Lead with 3 elements`) needs.
    fn needed<'de, T>(
        &mut self,
        reader: &mut Reader<'de>,
        read: impl FnOnce(&mut Reader<'de>) -> Result<T, CompactError>,
        (field, expected): (usize, &str),
    ) -> Result<T, CompactError> {
        self.next(reader, read)?
            .ok_or_else(|| CompactError::invalid_length(field, &expected))
    }
}

/// A path segment added to an error from inside a struct's field or an object's member.
fn inside(key: &str) -> impl Fn(CompactError) -> CompactError + '_ {
    move |err| err.inside(key.to_string())
}

impl<'de> Reader<'de> {
    /// Any value.
    pub(super) fn value(&mut self) -> Result<Value<'de>, CompactError> {
        Ok(match self.token()? {
            Token::Null => Value::Null,
            Token::Bool(b) => Value::Bool(b),
            Token::Unsigned(n) => Value::Number(n as f64),
            Token::Signed(n) => Value::Number(n as f64),
            Token::Float(n) => Value::Number(n),
            Token::Str(text) => Value::Text(Cow::Borrowed(text)),
            Token::Array(count) => {
                let mut items = Vec::with_capacity(count.min(64));
                let mut positions = Positions::of(count);
                while let Some(item) = positions.next(self, Reader::value)? {
                    items.push(item);
                }
                Value::List(items)
            }
            Token::Object(count) => {
                let mut members = Vec::with_capacity(count.min(64));
                for _ in 0..count {
                    let key = self.key()?;
                    let value = self.value().map_err(inside(key))?;
                    members.push((Cow::Borrowed(key), value));
                }
                Value::Object(members)
            }
        })
    }

    /// A lead (`Lead`'s derive).
    pub(super) fn lead(&mut self) -> Result<Lead<'de>, CompactError> {
        let count = match self.token()? {
            Token::Array(count) => return self.lead_by_position(count),
            Token::Object(count) => count,
            other => return Err(refused(other, &LEAD)),
        };
        let (mut id, mut attributes, mut events) = (None, None, None);
        let mut seen = 0;
        for _ in 0..count {
            let (field, key) = self.field(LEAD_FIELDS, &mut seen)?;
            match field {
                0 => id = Some(self.identifier().map_err(inside(key))?),
                1 => attributes = Some(self.value().map_err(inside(key))?),
                _ => events = Some(self.events().map_err(inside(key))?),
            }
        }
        Ok(Lead {
            id: id.ok_or_else(|| CompactError::missing_field("id"))?,
            attributes: attributes.unwrap_or_default(),
            events: events.unwrap_or_default(),
        })
    }

    fn lead_by_position(&mut self, count: usize) -> Result<Lead<'de>, CompactError> {
        const EXPECTED: &str = "struct Lead with 3 elements";
        let mut positions = Positions::of(count);
        Ok(Lead {
            id: positions.needed(self, Reader::identifier, (0, EXPECTED))?,
            attributes: positions.next(self, Reader::value)?.unwrap_or_default(),
            events: positions.next(self, Reader::events)?.unwrap_or_default(),
        })
    }

    /// A list of events (`Vec<Event>`'s `Deserialize`).
    pub(super) fn events(&mut self) -> Result<Vec<Event<'de>>, CompactError> {
        let count = match self.token()? {
            Token::Array(count) => count,
            other => return Err(refused(other, &"a sequence")),
        };
        let mut events = Vec::with_capacity(count.min(1024 * 1024 / 64));
        let mut positions = Positions::of(count);
        while let Some(event) = positions.next(self, Reader::event)? {
            events.push(event);
        }
        Ok(events)
    }

    /// An event (`Event`'s derive).
    fn event(&mut self) -> Result<Event<'de>, CompactError> {
        let count = match self.token()? {
            Token::Array(count) => return self.event_by_position(count),
            Token::Object(count) => count,
            other => return Err(refused(other, &EVENT)),
        };
        let (mut id, mut kind, mut at, mut props) = (None, None, None, None);
        let mut seen = 0;
        for _ in 0..count {
            let (field, key) = self.field(EVENT_FIELDS, &mut seen)?;
            match field {
                0 => id = self.optional_identifier().map_err(inside(key))?,
                1 => kind = Some(self.text_value().map_err(inside(key))?),
                2 => at = Some(self.timestamp().map_err(inside(key))?),
                _ => props = Some(self.props().map_err(inside(key))?),
            }
        }
        Ok(Event {
            id,
            kind: kind.ok_or_else(|| CompactError::missing_field("type"))?,
            at: at.ok_or_else(|| CompactError::missing_field("at"))?,
            props: props.unwrap_or_default(),
            type_id: None,
        })
    }

    fn event_by_position(&mut self, count: usize) -> Result<Event<'de>, CompactError> {
        const EXPECTED: &str = "struct Event with 4 elements";
        let mut positions = Positions::of(count);
        Ok(Event {
            id: positions.next(self, Reader::optional_identifier)?.flatten(),
            kind: positions.needed(self, Reader::text_value, (1, EXPECTED))?,
            at: positions.needed(self, Reader::timestamp, (2, EXPECTED))?,
            props: positions.next(self, Reader::props)?.unwrap_or_default(),
            type_id: None,
        })
    }

    /// A struct's next key, as the index of the field among `fields` that it names, and the
    /// key: an error for a key that names none (at the key) or a field `seen` already.
    fn field(
        &mut self,
        fields: &'static [&'static str],
        seen: &mut u8,
    ) -> Result<(usize, &'de str), CompactError> {
        let key = self.key()?;
        let Some(field) = fields.iter().position(|name| *name == key) else {
            return Err(inside(key)(CompactError::unknown_field(key, fields)));
        };
        if *seen & (1 << field) != 0 {
            return Err(CompactError::duplicate_field(fields[field]));
        }
        *seen |= 1 << field;
        Ok((field, key))
    }

    /// An id (`Identifier`'s `Deserialize`).
    fn identifier(&mut self) -> Result<Identifier<'de>, CompactError> {
        match self.token()? {
            Token::Str(text) => Identifier::check_text(text)
                .map(|()| Identifier(Cow::Borrowed(text)))
                .map_err(CompactError::custom),
            Token::Unsigned(n) => Ok(Identifier(Cow::Owned(n.to_string()))),
            Token::Signed(n) => Ok(Identifier(Cow::Owned(n.to_string()))),
            Token::Float(n) => Identifier::from_number(n).map_err(CompactError::custom),
            other => Err(refused(other, &"a non-empty string or a whole number")),
        }
    }

    /// An id that may be null (`Option<Identifier>`).
    fn optional_identifier(&mut self) -> Result<Option<Identifier<'de>>, CompactError> {
        if self.bytes.get(self.at) == Some(&NULL) {
            self.at += 1;
            return Ok(None);
        }
        self.identifier().map(Some)
    }

    /// A string (`CowStr`'s `Deserialize`).
    fn text_value(&mut self) -> Result<CowStr<'de>, CompactError> {
        match self.token()? {
            Token::Str(text) => Ok(CowStr(Cow::Borrowed(text))),
            other => Err(refused(other, &"a string")),
        }
    }

    /// A time (`Timestamp`'s `Deserialize`).
    fn timestamp(&mut self) -> Result<Timestamp, CompactError> {
        let read = match self.token()? {
            Token::Str(text) => Timestamp::parse(text),
            Token::Signed(ms) => Timestamp::from_whole_millis(ms),
            Token::Unsigned(ms) => Timestamp::from_unsigned_millis(ms),
            Token::Float(ms) => Timestamp::from_epoch_number(ms),
            other => {
                let expected = "an RFC 3339 time string or epoch milliseconds";
                return Err(refused(other, &expected));
            }
        };
        read.map_err(CompactError::custom)
    }

    /// An event's properties, kept as their bytes (`Props`'s `Deserialize`).
    fn props(&mut self) -> Result<Props<'de>, CompactError> {
        let start = self.at;
        self.skip()?;
        let bytes = &self.bytes[start..self.at];
        Ok(if bytes.first() == Some(&NULL) {
            Props::None
        } else {
            Props::Compact(bytes)
        })
    }
}
