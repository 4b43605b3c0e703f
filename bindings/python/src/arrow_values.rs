//! Plain Arrow values (the leaves of a lead's columns) written as JSON: text quoted (or, where
//! the lead format allows JSON text, checked to be one JSON value and passed on), numbers as
//! numbers (decimals with their point, NaN as `null`), timestamps with a time zone and dates as
//! RFC 3339 text. A type without a JSON counterpart is an error naming its column.

use crate::values::{write_float, write_int, write_str, Place};
use arrow_array::cast::AsArray;
use arrow_array::types::*;
use arrow_array::{Array, ArrowPrimitiveType, OffsetSizeTrait};
use arrow_schema::{DataType, TimeUnit};
use leadscore::{InputError, Timestamp};
use serde_json::value::RawValue;

/// Writes the value at a row; an error is a message, placed by the caller.
pub(crate) type Leaf<'a> = Box<dyn Fn(usize, &mut Vec<u8>) -> Result<(), String> + 'a>;

/// The writer of a column of plain values.
pub(crate) fn leaf<'a>(
    array: &'a dyn Array,
    place: Place<'_>,
    json_text: bool,
) -> Result<Leaf<'a>, InputError> {
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
        DataType::Utf8 => strings(array.as_string::<i32>(), json_text),
        DataType::LargeUtf8 => strings(array.as_string::<i64>(), json_text),
        DataType::Utf8View => strings(array.as_string_view(), json_text),
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

pub(crate) fn unsupported(place: Place<'_>, data_type: &DataType, why: &str) -> InputError {
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

/// Text as string values, or (`json_text`) as JSON to pass on.
fn strings<'a>(array: &'a (impl Texts + 'a), json_text: bool) -> Leaf<'a> {
    if !json_text {
        return Box::new(move |row, out| {
            write_str(array.text(row), out);
            Ok(())
        });
    }
    Box::new(move |row, out| {
        let json = array.text(row);
        // One JSON value, or a cell could add members to the lead around it.
        serde_json::from_str::<&RawValue>(json)
            .map_err(|err| format!("is not one JSON value: {err}"))?;
        out.extend_from_slice(json.as_bytes());
        Ok(())
    })
}
