//! Leads from an Arrow record batch, as the JSON text the core reads, one row at a time.
//!
//! A row is written as a JSON object of its columns (`id`, `attributes`, `events`), and the
//! core's lead reader judges it exactly as it judges a lead sent as JSON: the same checks, the
//! same errors with the same paths. Structs become objects (a null member is left out, as a
//! missing key), lists become arrays, maps with text keys become objects. `attributes`,
//! `events` and an event's `props` may instead be JSON text; it must be one JSON value.
//! Timestamps (with a time zone) and dates are written as RFC 3339 text, decimals as numbers.
//! Each column's type is checked, and its array cast, once per batch; an unsupported type is an
//! error naming the column before any row is read.

use crate::values::{write_float, write_int, write_str, Place};
use arrow_array::cast::AsArray;
use arrow_array::types::*;
use arrow_array::{Array, ArrowPrimitiveType, OffsetSizeTrait, RecordBatch};
use arrow_buffer::NullBuffer;
use arrow_schema::{DataType, TimeUnit};
use leadscore::{InputError, Timestamp};
use serde_json::value::RawValue;

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

type Leaf<'a> = Box<dyn Fn(usize, &mut Vec<u8>) -> Result<(), String> + 'a>;
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
            _ => Kind::Leaf(leaf(array, place, text)?),
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

/// The writer of a column of plain values.
fn leaf<'a>(array: &'a dyn Array, place: Place<'_>, text: TextIs) -> Result<Leaf<'a>, InputError> {
    Ok(match array.data_type() {
        DataType::Null => Box::new(|_, out| {
            out.extend_from_slice(b"null");
            Ok(())
        }),
        DataType::Boolean => {
            let array = array.as_boolean();
            Box::new(move |row, out| {
                out.extend_from_slice(if array.value(row) { b"true" } else { b"false" });
                Ok(())
            })
        }
        DataType::Int8 => int::<Int8Type>(array),
        DataType::Int16 => int::<Int16Type>(array),
        DataType::Int32 => int::<Int32Type>(array),
        DataType::Int64 => int::<Int64Type>(array),
        DataType::UInt8 => int::<UInt8Type>(array),
        DataType::UInt16 => int::<UInt16Type>(array),
        DataType::UInt32 => int::<UInt32Type>(array),
        DataType::UInt64 => int::<UInt64Type>(array),
        DataType::Float32 => {
            let array = array.as_primitive::<Float32Type>();
            Box::new(move |row, out| {
                write_float(array.value(row) as f64, out);
                Ok(())
            })
        }
        DataType::Float64 => {
            let array = array.as_primitive::<Float64Type>();
            Box::new(move |row, out| {
                write_float(array.value(row), out);
                Ok(())
            })
        }
        DataType::Decimal128(_, scale) => {
            let (array, scale) = (array.as_primitive::<Decimal128Type>(), *scale);
            Box::new(move |row, out| {
                out.extend_from_slice(decimal_text(array.value(row), scale).as_bytes());
                Ok(())
            })
        }
        DataType::Utf8 => strings(array.as_string::<i32>(), text),
        DataType::LargeUtf8 => strings(array.as_string::<i64>(), text),
        DataType::Utf8View => strings(array.as_string_view(), text),
        DataType::Timestamp(unit, Some(_)) => match unit {
            TimeUnit::Second => time::<TimestampSecondType>(array, |s| s.checked_mul(1000)),
            TimeUnit::Millisecond => time::<TimestampMillisecondType>(array, Some),
            TimeUnit::Microsecond => {
                time::<TimestampMicrosecondType>(array, |us| Some(us.div_euclid(1000)))
            }
            TimeUnit::Nanosecond => {
                time::<TimestampNanosecondType>(array, |ns| Some(ns.div_euclid(1_000_000)))
            }
        },
        DataType::Timestamp(_, None) => {
            return Err(place.error(
                "is a timestamp without a time zone, which could be any instant: cast the \
                 column to one with a time zone (pyarrow.timestamp(\"ms\", tz=\"UTC\"))",
            ))
        }
        DataType::Date32 => {
            let array = array.as_primitive::<Date32Type>();
            Box::new(move |row, out| date(array.value(row) as i64 * MS_PER_DAY, out))
        }
        DataType::Date64 => {
            let array = array.as_primitive::<Date64Type>();
            Box::new(move |row, out| date(array.value(row), out))
        }
        other => return Err(unsupported(place, other, "")),
    })
}

const MS_PER_DAY: i64 = 86_400_000;

fn unsupported(place: Place<'_>, data_type: &DataType, why: &str) -> InputError {
    let why = if why.is_empty() {
        String::new()
    } else {
        format!(": {why}")
    };
    place.error(format!(
        "the Arrow type {data_type} is not supported{why} (expected text, numbers, booleans, \
         timestamps with a time zone, dates, structs, lists, maps or JSON text)"
    ))
}

fn int<'a, T: ArrowPrimitiveType>(array: &'a dyn Array) -> Leaf<'a>
where
    T::Native: Into<i128>,
{
    let array = array.as_primitive::<T>();
    Box::new(move |row, out| {
        write_int(array.value(row), out);
        Ok(())
    })
}

/// Timestamps as RFC 3339 text, to the millisecond (finer precision truncated, as the core
/// truncates text); `to_ms` converts the column's unit.
fn time<'a, T: ArrowPrimitiveType<Native = i64>>(
    array: &'a dyn Array,
    to_ms: fn(i64) -> Option<i64>,
) -> Leaf<'a> {
    let array = array.as_primitive::<T>();
    Box::new(move |row, out| {
        let value = array.value(row);
        let time = to_ms(value)
            .and_then(Timestamp::from_millis)
            .ok_or_else(|| format!("the timestamp {value} is outside the years 0001 to 9999"))?;
        write_str(&time.to_rfc3339(), out);
        Ok(())
    })
}

/// A date as `YYYY-MM-DD` text.
fn date(ms: i64, out: &mut Vec<u8>) -> Result<(), String> {
    let time = Timestamp::from_millis(ms)
        .ok_or_else(|| format!("the date {ms} ms after 1970 is outside the years 0001 to 9999"))?;
    let text = time.to_rfc3339();
    write_str(text.get(..10).unwrap_or(&text), out);
    Ok(())
}

/// A decimal's digits with its point: 12345 at scale 2 is `123.45`, at scale -2 `1234500`.
fn decimal_text(value: i128, scale: i8) -> String {
    if scale <= 0 {
        return format!("{value}{}", "0".repeat(scale.unsigned_abs() as usize));
    }
    let digits = value.unsigned_abs().to_string();
    let scale = scale as usize;
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (whole, fraction) = padded.split_at(padded.len() - scale);
    let sign = if value < 0 { "-" } else { "" };
    format!("{sign}{whole}.{fraction}")
}

/// Anything with a text value per row: the three Arrow string layouts.
trait Texts {
    fn text(&self, row: usize) -> &str;
}

impl<O: OffsetSizeTrait> Texts for arrow_array::GenericStringArray<O> {
    fn text(&self, row: usize) -> &str {
        self.value(row)
    }
}

impl Texts for arrow_array::StringViewArray {
    fn text(&self, row: usize) -> &str {
        self.value(row)
    }
}

fn strings<'a>(array: &'a (impl Texts + 'a), text: TextIs) -> Leaf<'a> {
    match text {
        TextIs::Value => Box::new(move |row, out| {
            write_str(array.text(row), out);
            Ok(())
        }),
        TextIs::Json | TextIs::Events | TextIs::Event => Box::new(move |row, out| {
            let json = array.text(row);
            // One JSON value, or a cell could add members to the lead around it.
            serde_json::from_str::<&RawValue>(json)
                .map_err(|err| format!("is not one JSON value: {err}"))?;
            out.extend_from_slice(json.as_bytes());
            Ok(())
        }),
    }
}
