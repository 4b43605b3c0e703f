//! Leads and events of the usual shape in the compact form's schema-shaped encoding (see
//! `crate::compact`), read by hand straight into [`Lead`] and [`Event`]: event types and attribute
//! names are indexes into the model's [`Schema`] (whose strings the lead borrows), times are
//! epoch milliseconds, fields come in a fixed order without tags. The writer takes this form only
//! for what it knows to be well formed and within the limits; anything else stays in the tagged
//! form, read by the serde derives (`compact.rs`), so its errors are those of the JSON path.

use super::{Event, Lead, Props};
use crate::compact::{self, Reader, EVENT, LEAD};
use crate::error::InputError;
use crate::model::Model;
use crate::time::Timestamp;
use crate::value::{CowStr, Identifier, Value};
use serde::Deserialize;
use std::borrow::Cow;

/// An event's head byte: an id follows.
const HAS_ID: u8 = 1;
/// An event's head byte: the properties the rules read follow (a count, then each one's index in
/// its type's names and its tagged value).
const HAS_PROPS: u8 = 2;

/// The strings the schema-shaped form names by index, in the order of `Model::reads` (the order
/// of the writer's plan): the attributes the model reads, and the event types its rules listen to,
/// each with the properties its rules read.
#[derive(Debug, Clone)]
pub struct Schema {
    attributes: Vec<Box<str>>,
    events: Vec<EventSchema>,
}

/// An event type the model's rules listen to: its name, the model's id of it, and the
/// properties its rules read.
#[derive(Debug, Clone)]
struct EventSchema {
    kind: Box<str>,
    type_id: Option<u32>,
    props: Vec<Box<str>>,
}

impl Schema {
    /// Names nothing (for leads only in the tagged form).
    pub const EMPTY: Schema = Schema {
        attributes: Vec::new(),
        events: Vec::new(),
    };

    /// What `model` reads. Leads read with it carry `model`'s ids of their event types: score
    /// them with a scorer of that model (as every binding does).
    pub fn of(model: &Model) -> Self {
        let reads = model.reads();
        Schema {
            attributes: reads.attributes.iter().map(|&name| name.into()).collect(),
            events: reads
                .events
                .iter()
                .map(|(kind, props)| EventSchema {
                    kind: (*kind).into(),
                    type_id: model.event_types.id(kind),
                    props: props.iter().map(|&p| p.into()).collect(),
                })
                .collect(),
        }
    }
}

/// The bytes are not what the writer writes: a fault of the binding, not of the lead.
fn malformed(path: impl Into<String>) -> InputError {
    InputError::new(path, "the compact input is malformed")
}

/// Reads a lead of the schema-shaped form at the reader, its shape checked as the JSON reader
/// checks it. An error names the lead by its index in a batch (`[3]`), if it has one (the path is
/// made only for an error: formatting it for every lead cost about 1% of a batch); a lead read as
/// far as its id keeps it in the error.
pub(super) fn read_lead<'a>(
    reader: &mut Reader<'a>,
    schema: &'a Schema,
    index: Option<usize>,
) -> Result<Lead<'a>, (Option<&'a str>, InputError)> {
    let path = || index.map(|index| format!("[{index}]")).unwrap_or_default();
    let id = (reader.byte().ok() == Some(LEAD))
        .then(|| reader.text().ok())
        .flatten()
        .filter(|id| can_be_id(id))
        .ok_or_else(|| (None, malformed(path())))?;
    let failed = |err: InputError| (Some(id), err.within(&path()));
    let attributes = read_attributes(reader, schema).ok_or_else(|| failed(malformed("")))?;
    let count = reader.varint().map_err(|_| failed(malformed("")))?;
    let mut events = Vec::with_capacity(count.min(reader.left()));
    // Only an event whose type came as text, or in the tagged form, may fail the shape check:
    // attributes here are an object or null, a known type is the model's (never blank) and
    // properties of the schema-shaped form an object or none.
    let mut unchecked = false;
    for index in 0..count {
        let event = read_any_event(reader, schema, index, "events").map_err(failed)?;
        unchecked |= event.type_id.is_none();
        events.push(event);
    }
    let lead = Lead {
        id: Identifier(Cow::Borrowed(id)),
        attributes,
        events,
    };
    if unchecked {
        lead.check_shape().map_err(failed)?;
    }
    Ok(lead)
}

/// The `index`th event of a list at `list` (`events`, or empty for new events): the
/// schema-shaped form, or the tagged form read by the derive.
pub(super) fn read_any_event<'a>(
    reader: &mut Reader<'a>,
    schema: &'a Schema,
    index: usize,
    list: &str,
) -> Result<Event<'a>, InputError> {
    let path = || format!("{list}[{index}]");
    if reader.peek() == Some(EVENT) {
        return read_event(reader, schema).ok_or_else(|| malformed(path()));
    }
    let start = reader.at();
    reader.skip().map_err(|_| malformed(path()))?;
    compact::read::<Event>(reader.since(start)).map_err(|err| err.within(&path()))
}

/// An event of the schema-shaped form: its head, type, time, and id and properties if given.
fn read_event<'a>(reader: &mut Reader<'a>, schema: &'a Schema) -> Option<Event<'a>> {
    reader.byte().ok()?;
    let head = reader.byte().ok()?;
    let (kind, type_id, names) = match reader.varint().ok()? {
        0 => (reader.text().ok()?, None, &[][..]),
        index => schema
            .events
            .get(index - 1)
            .map(|known| (&*known.kind, known.type_id, known.props.as_slice()))?,
    };
    let ms = reader.number().ok()?;
    let at = Timestamp::from_millis(ms as i64).filter(|_| ms.fract() == 0.0)?;
    let id = if head & HAS_ID != 0 {
        let id = reader.text().ok().filter(|id| can_be_id(id))?;
        Some(Identifier(Cow::Borrowed(id)))
    } else {
        None
    };
    let props = if head & HAS_PROPS != 0 {
        let start = reader.at();
        for _ in 0..reader.varint().ok()? {
            if reader.varint().ok()? >= names.len() {
                return None;
            }
            skip_value(reader)?;
        }
        Props::Indexed {
            names,
            bytes: reader.since(start),
        }
    } else {
        Props::None
    };
    Some(Event {
        id,
        kind: CowStr(Cow::Borrowed(kind)),
        at,
        props,
        type_id,
    })
}

/// Moves past one value of the tagged form, as `Reader::skip` does, a string (what rules mostly
/// read) without the call.
fn skip_value(reader: &mut Reader) -> Option<()> {
    if reader.peek() == Some(compact::STRING) {
        reader.byte().ok()?;
        let len = reader.varint().ok()?;
        return reader.take(len).ok().map(|_| ());
    }
    reader.skip().ok()
}

/// Whether `text` can be an id (`Identifier::check_text`): at once for text that starts with a
/// visible ASCII character, as the writer's ids of this form do.
fn can_be_id(text: &str) -> bool {
    text.as_bytes().first().is_some_and(u8::is_ascii_graphic)
        || Identifier::check_text(text).is_ok()
}

/// The attributes the model reads: 0 for none (null, or not given), else 1, a count, and each
/// one's index in the schema and tagged value (as an event's properties are written).
fn read_attributes<'a>(reader: &mut Reader<'a>, schema: &'a Schema) -> Option<Value<'a>> {
    if reader.byte().ok()? == 0 {
        return Some(Value::Null);
    }
    let count = reader.varint().ok()?;
    let mut members = Vec::with_capacity(count.min(schema.attributes.len()));
    for _ in 0..count {
        let name = schema.attributes.get(reader.varint().ok()?)?;
        members.push((Cow::Borrowed(&**name), read_value(reader)?));
    }
    Some(Value::Object(members))
}

/// A value of the tagged form: a string, number, boolean or null (what rules mostly read) here,
/// as the derive reads it (a number that is not finite is null, -0 is 0), anything else by the
/// derive (the code the tagged form's values take).
fn read_value<'a>(reader: &mut Reader<'a>) -> Option<Value<'a>> {
    let scalar = match reader.peek()? {
        compact::STRING => {
            reader.byte().ok()?;
            Value::Text(Cow::Borrowed(reader.text().ok()?))
        }
        compact::NUMBER => {
            reader.byte().ok()?;
            let n = reader.number().ok()?;
            if n.is_finite() {
                Value::Number(n + 0.0)
            } else {
                Value::Null
            }
        }
        compact::NULL | compact::FALSE | compact::TRUE => match reader.byte().ok()? {
            compact::NULL => Value::Null,
            flag => Value::Bool(flag == compact::TRUE),
        },
        _ => return Value::deserialize(reader).ok(),
    };
    Some(scalar)
}

/// The properties of the schema-shaped form (see [`Props::Indexed`]) as `(name, value bytes)`,
/// in the order written; `None` for bytes the reader has not already checked.
fn indexed<'a>(
    names: &'a [Box<str>],
    bytes: &'a [u8],
) -> impl Iterator<Item = Option<(&'a str, Reader<'a>)>> {
    let mut reader = Reader::new(bytes);
    let count = reader.varint().unwrap_or(0);
    (0..count).map(move |_| {
        let name = names.get(reader.varint().ok()?)?;
        let value = reader.clone();
        reader.skip().ok()?;
        Some((&**name, value))
    })
}

/// The member `key` of properties of the schema-shaped form (the last, if a key repeats; the
/// members up to the first unreadable one), as [`indexed`] gives them but in one plain loop:
/// most events have one member, read in place when it is the last, not skipped and read again.
pub(super) fn indexed_member<'a>(
    names: &'a [Box<str>],
    bytes: &'a [u8],
    key: &str,
) -> Option<Value<'a>> {
    let mut reader = Reader::new(bytes);
    let count = reader.varint().unwrap_or(0);
    let mut found = None;
    for left in (0..count).rev() {
        let Some(name) = reader.varint().ok().and_then(|index| names.get(index)) else {
            break;
        };
        let value = reader.clone();
        if **name == *key && left == 0 && found.is_none() {
            return read_value(&mut reader);
        }
        if skip_value(&mut reader).is_none() {
            break;
        }
        if **name == *key {
            found = Some(value);
        }
    }
    read_value(&mut found?)
}

/// Properties of the schema-shaped form as an object.
pub(super) fn indexed_value<'a>(names: &'a [Box<str>], bytes: &'a [u8]) -> Value<'a> {
    let members = indexed(names, bytes)
        .map_while(|member| member)
        .filter_map(|(name, mut value)| Some((Cow::Borrowed(name), read_value(&mut value)?)))
        .collect();
    Value::Object(members)
}

/// What in properties of the schema-shaped form, an object with `nesting_left` levels left, is
/// past a limit, in the order the tagged form would find it (see `compact::excess`).
pub(crate) fn indexed_excess(
    names: &[Box<str>],
    bytes: &[u8],
    string_length: usize,
    nesting_left: usize,
) -> Option<compact::Excess> {
    let Some(nesting_left) = nesting_left.checked_sub(1) else {
        return Some(compact::Excess::Nesting);
    };
    indexed(names, bytes)
        .map_while(|member| member)
        .find_map(|(name, value)| {
            if name.len() > string_length {
                return Some(compact::Excess::String(name.len()));
            }
            compact::excess(value.rest(), string_length, nesting_left)
        })
}

#[cfg(all(test, feature = "json"))]
mod tests;
