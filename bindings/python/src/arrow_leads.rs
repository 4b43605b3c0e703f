//! Leads from an Arrow record batch, as the JSON text the core reads, one row at a time.
//!
//! A row is written as a JSON object of its columns (`id`, `attributes`, `events`), and the
//! core's lead reader judges it exactly as it judges a lead sent as JSON: the same checks, the
//! same errors with the same paths. Structs become objects (a null member is left out, as a
//! missing key), lists become arrays, maps with text keys become objects. `attributes`,
//! `events` and an event's `props` may instead be JSON text; it must be one JSON value.
//! Plain values are written by `arrow_values.rs`. Each column's type is checked, and its array cast, once per batch; an unsupported type is an
//! error naming the column before any row is read.

use crate::arrow_values::{leaf, unsupported, Leaf};
use crate::values::{write_str, Place};
use arrow_array::cast::AsArray;
use arrow_array::{Array, OffsetSizeTrait, RecordBatch};
use arrow_buffer::NullBuffer;
use arrow_schema::DataType;
use leadscore::InputError;

/// A batch's rows as leads.
pub(crate) struct LeadRows<'a> {
    lead: Writer<'a>,
    id: Option<Writer<'a>>,
}

impl<'a> LeadRows<'a> {
    /// Checks every column's type. An error names the column (`events.at`).
    pub(crate) fn of(batch: &'a RecordBatch) -> Result<Self, InputError> {
        let schema = batch.schema_ref();
        let mut members = Vec::with_capacity(batch.num_columns());
        for (field, column) in schema.fields().iter().zip(batch.columns()) {
            let name = field.name().as_str();
            let text = match name {
                "attributes" => TextIs::Json,
                "events" => TextIs::Events,
                _ => TextIs::Value,
            };
            let writer = Writer::of(column.as_ref(), Place::Root(name), text)?;
            members.push((name.to_string(), writer));
        }
        let id = batch
            .column_by_name("id")
            .map(|column| Writer::of(column.as_ref(), Place::Root("id"), TextIs::Value));
        Ok(LeadRows {
            lead: Writer {
                nulls: None,
                kind: Kind::Object(members),
            },
            id: id.transpose()?,
        })
    }

    /// Writes row `row` as a lead's JSON text into `out` (cleared first).
    pub(crate) fn write(&self, row: usize, out: &mut Vec<u8>) -> Result<(), InputError> {
        out.clear();
        self.lead.write(row, Place::Root(""), out)
    }

    /// The row's lead id as text, when its `id` column holds one (for the rows that fail).
    pub(crate) fn lead_id(&self, row: usize) -> Option<String> {
        let id = self.id.as_ref().filter(|id| !id.is_null(row))?;
        let mut out = Vec::new();
        id.write(row, Place::Root("id"), &mut out).ok()?;
        match serde_json::from_slice::<serde_json::Value>(&out).ok()? {
            serde_json::Value::String(text) => Some(text),
            other => Some(other.to_string()),
        }
    }
}

/// How text at a position is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TextIs {
    /// A string value: written quoted.
    Value,
    /// JSON text: checked to be one value, then written as it is (`attributes`, `props`).
    Json,
    /// The `events` column: JSON text, or a list of events.
    Events,
    /// An event: JSON text, or a struct whose `props` may be JSON text.
    Event,
}

impl TextIs {
    /// How a struct member named `name` reads text.
    fn member(self, name: &str) -> TextIs {
        if self == TextIs::Event && name == "props" {
            TextIs::Json
        } else {
            TextIs::Value
        }
    }

    /// How a list's items read text.
    fn items(self) -> TextIs {
        if self == TextIs::Events {
            TextIs::Event
        } else {
            TextIs::Value
        }
    }
}

/// Writes one column's (or one nested array's) value at a row as JSON.
struct Writer<'a> {
    nulls: Option<NullBuffer>,
    kind: Kind<'a>,
}

type Bounds<'a> = Box<dyn Fn(usize) -> (usize, usize) + 'a>;

enum Kind<'a> {
    Leaf(Leaf<'a>),
    Object(Vec<(String, Writer<'a>)>),
    List(Bounds<'a>, Box<Writer<'a>>),
    /// Map entries with text keys, as an object.
    Map(Bounds<'a>, Box<Writer<'a>>, Box<Writer<'a>>),
    /// Dictionary-encoded values: each row's index into the values.
    Dictionary(Vec<usize>, Box<Writer<'a>>),
}

impl<'a> Writer<'a> {
    fn of(array: &'a dyn Array, place: Place<'_>, text: TextIs) -> Result<Self, InputError> {
        let kind = match array.data_type() {
            DataType::Struct(fields) => {
                let array = array.as_struct();
                let mut members = Vec::with_capacity(fields.len());
                for (field, column) in fields.iter().zip(array.columns()) {
                    let name = field.name().as_str();
                    let place = Place::Key(&place, name);
                    let writer = Writer::of(column.as_ref(), place, text.member(name))?;
                    members.push((name.to_string(), writer));
                }
                Kind::Object(members)
            }
            DataType::List(_) => list::<i32>(array, place, text)?,
            DataType::LargeList(_) => list::<i64>(array, place, text)?,
            DataType::FixedSizeList(_, size) => {
                let size = *size as usize;
                let items = array.as_fixed_size_list().values().as_ref();
                let items = Writer::of(items, place, text.items())?;
                Kind::List(
                    Box::new(move |row| (row * size, row * size + size)),
                    Box::new(items),
                )
            }
            DataType::Map(_, _) => {
                let map = array.as_map();
                let keys = Writer::of(map.keys().as_ref(), place, TextIs::Value)?;
                if !matches!(keys.kind, Kind::Leaf(_)) || !is_text(map.key_type()) {
                    return Err(unsupported(
                        place,
                        array.data_type(),
                        "a map's keys must be text",
                    ));
                }
                let values = Writer::of(map.values().as_ref(), place, TextIs::Value)?;
                let offsets = map.value_offsets();
                let bounds = move |row: usize| (offsets[row] as usize, offsets[row + 1] as usize);
                Kind::Map(Box::new(bounds), Box::new(keys), Box::new(values))
            }
            DataType::Dictionary(_, _) => {
                let dictionary = array.as_any_dictionary();
                let values = Writer::of(dictionary.values().as_ref(), place, text)?;
                Kind::Dictionary(dictionary.normalized_keys(), Box::new(values))
            }
            _ => Kind::Leaf(leaf(array, place, text != TextIs::Value)?),
        };
        Ok(Writer {
            nulls: array.logical_nulls(),
            kind,
        })
    }

    fn is_null(&self, row: usize) -> bool {
        self.nulls.as_ref().is_some_and(|nulls| nulls.is_null(row))
    }

    fn write(&self, row: usize, place: Place<'_>, out: &mut Vec<u8>) -> Result<(), InputError> {
        if self.is_null(row) {
            out.extend_from_slice(b"null");
            return Ok(());
        }
        match &self.kind {
            Kind::Leaf(write) => write(row, out).map_err(|message| place.error(message))?,
            Kind::Object(members) => {
                out.push(b'{');
                let mut first = true;
                for (name, member) in members {
                    if member.is_null(row) {
                        continue;
                    }
                    if !first {
                        out.push(b',');
                    }
                    first = false;
                    write_str(name, out);
                    out.push(b':');
                    member.write(row, Place::Key(&place, name), out)?;
                }
                out.push(b'}');
            }
            Kind::List(bounds, items) => {
                let (start, end) = bounds(row);
                out.push(b'[');
                for (index, item) in (start..end).enumerate() {
                    if index > 0 {
                        out.push(b',');
                    }
                    items.write(item, Place::Index(&place, index), out)?;
                }
                out.push(b']');
            }
            Kind::Map(bounds, keys, values) => {
                let (start, end) = bounds(row);
                out.push(b'{');
                let mut first = true;
                for entry in start..end {
                    if values.is_null(entry) {
                        continue;
                    }
                    if !first {
                        out.push(b',');
                    }
                    first = false;
                    keys.write(entry, place, out)?;
                    out.push(b':');
                    values.write(entry, place, out)?;
                }
                out.push(b'}');
            }
            Kind::Dictionary(keys, values) => values.write(keys[row], place, out)?,
        }
        Ok(())
    }
}

fn list<'a, O: OffsetSizeTrait>(
    array: &'a dyn Array,
    place: Place<'_>,
    text: TextIs,
) -> Result<Kind<'a>, InputError> {
    let list = array.as_list::<O>();
    let items = Writer::of(list.values().as_ref(), place, text.items())?;
    let offsets = list.value_offsets();
    let bounds = move |row: usize| (offsets[row].as_usize(), offsets[row + 1].as_usize());
    Ok(Kind::List(Box::new(bounds), Box::new(items)))
}

fn is_text(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
    )
}
