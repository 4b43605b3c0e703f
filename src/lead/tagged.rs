//! Leads and events of the compact form's tagged encoding read by hand (the small engine's
//! reader, in place of the derives; see `crate::compact::by_hand` for how it keeps their words
//! and paths): `Reader::lead` and `Reader::events`.

use super::{Event, Lead, Props};
use crate::compact::by_hand::{inside, refused, Positions};
use crate::compact::{CompactError, Reader, Token, NULL};
use crate::time::Timestamp;
use crate::value::{CowStr, Identifier};
use serde::de::Error as _;
use std::borrow::Cow;

const LEAD: &str = "struct Lead";
const LEAD_FIELDS: &[&str] = &["id", "attributes", "events"];
const EVENT: &str = "struct Event";
const EVENT_FIELDS: &[&str] = &["id", "type", "at", "props"];

impl<'de> Reader<'de> {
    /// A lead (`Lead`'s derive).
    pub(crate) fn lead(&mut self) -> Result<Lead<'de>, CompactError> {
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
    pub(crate) fn events(&mut self) -> Result<Vec<Event<'de>>, CompactError> {
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
        if self.null() {
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
        let bytes = self.skipped()?;
        Ok(if bytes.first() == Some(&NULL) {
            Props::None
        } else {
            Props::Compact(bytes)
        })
    }
}
