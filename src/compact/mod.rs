//! The compact form of leads and events: what the JavaScript binding writes from objects instead
//! of JSON text, keeping only what the model reads (the attributes its fit rules and required
//! fields name, the properties its intent rules read of each event type; every event, for the
//! warnings). It is a tagged binary tree read here with the same serde derives as JSON, so a bad
//! lead gets the same error at the same path either way; only the message's "at line L column
//! C", which JSON text has and objects do not, is missing. The small engine reads values by
//! hand instead (`by_hand.rs`; leads and events in `crate::lead::tagged`), the same lead or the
//! same error at the same path.
//!
//! A value is a tag byte and its content: null, false, true, a number (`f64`, little-endian), a
//! string (its UTF-8 length as a varint, then its bytes), an array (a varint count, then the
//! items) or an object (a varint count, then each key and value). A key is a string, or one of
//! [`FIELDS`] by its index (the keys of leads and events, which every event repeats).
//!
//! Leads and events of the usual shape come in a schema-shaped form instead, tagged `LEAD` and
//! `EVENT`, which `crate::lead::fast` reads by hand: fields in a fixed order without tags, event
//! types and attribute names as indexes into what the model reads, times as epoch milliseconds.

// The small engine reads the tagged form by hand, for its code's size; the scoring builds, whose
// one-pass batch reads leads through the derives anyway (`engine::batch`), read them by the
// derives alone rather than link both. Tests hold the two to the same output.
#[cfg(any(test, not(feature = "json")))]
pub(crate) mod by_hand;
mod de;
mod error;
#[cfg(all(test, feature = "json"))]
mod tests;
#[cfg(all(test, feature = "json"))]
mod tests_by_hand;

use crate::error::InputError;
use crate::value::Value;
#[cfg(any(test, not(feature = "json")))]
pub(crate) use de::Token;
pub(crate) use error::CompactError;
use serde::de::{Deserialize, IgnoredAny};

pub(crate) const NULL: u8 = 0;
pub(crate) const FALSE: u8 = 1;
pub(crate) const TRUE: u8 = 2;
pub(crate) const NUMBER: u8 = 3;
pub(crate) const STRING: u8 = 4;
pub(crate) const ARRAY: u8 = 5;
pub(crate) const OBJECT: u8 = 6;
pub(crate) const FIELD: u8 = 7;
/// A lead of the usual shape in the schema-shaped form (`crate::lead::fast`).
#[cfg(feature = "json")]
pub(crate) const LEAD: u8 = 8;
/// An event of the usual shape in the schema-shaped form.
#[cfg(feature = "json")]
pub(crate) const EVENT: u8 = 9;

/// The keys written by their index (the JavaScript writer has the same list).
pub const FIELDS: [&str; 6] = ["id", "type", "at", "props", "attributes", "events"];

/// The name under which an event's properties ask for their bytes, to be read only where a rule
/// looks (as JSON hands them over as raw text).
pub(crate) const PROPS_AS_BYTES: &str = "$leadscore::compact::Props";

/// Reads the value that `bytes` hold as a `T` (a lead, a list of events); a bad value is an
/// [`InputError`] with its path, as the JSON reader would give it.
pub fn read<'de, T: Deserialize<'de>>(bytes: &'de [u8]) -> Result<T, InputError> {
    read_whole(bytes, |reader| T::deserialize(reader))
}

/// Reads the value that `bytes` hold as [`read`] does (by hand in the small engine).
pub(crate) fn read_value(bytes: &[u8]) -> Result<Value<'_>, InputError> {
    read_whole(bytes, Reader::any_value)
}

/// Reads one value with `read`, which must take all of `bytes`.
pub(crate) fn read_whole<'de, T>(
    bytes: &'de [u8],
    read: impl FnOnce(&mut Reader<'de>) -> Result<T, CompactError>,
) -> Result<T, InputError> {
    let mut reader = Reader { bytes, at: 0 };
    let value = read(&mut reader).map_err(CompactError::into_input_error)?;
    if reader.at != bytes.len() {
        return Err(InputError::new(
            "",
            "the compact input has bytes after its value",
        ));
    }
    Ok(value)
}

/// Runs `seed` over the value that `bytes` hold, all of them: the one-pass read of a batch. Any
/// problem is only `None`, for a caller that then reads the bytes carefully to name it.
#[cfg(feature = "json")]
pub(crate) fn read_with<'de, S: serde::de::DeserializeSeed<'de>>(
    bytes: &'de [u8],
    seed: S,
) -> Option<S::Value> {
    let mut reader = Reader { bytes, at: 0 };
    let value = seed.deserialize(&mut reader).ok()?;
    (reader.at == bytes.len()).then_some(value)
}

/// The items of an array (a batch of leads) as their own bytes, in order, each read on its own
/// with [`read`] so that one bad lead does not stop the others.
pub fn split_array(bytes: &[u8]) -> Result<Vec<&[u8]>, InputError> {
    let mut reader = Reader { bytes, at: 0 };
    let malformed = |err: CompactError| err.into_input_error();
    if bytes.first() != Some(&ARRAY) {
        // Refused as the JSON reader refuses it ("invalid type: map, expected an array").
        return read::<Vec<IgnoredAny>>(bytes).map(|_| Vec::new());
    }
    reader.at = 1;
    let count = reader.varint().map_err(malformed)?;
    let mut items = Vec::with_capacity(count.min(bytes.len()));
    for _ in 0..count {
        let start = reader.at;
        reader.skip().map_err(malformed)?;
        items.push(&bytes[start..reader.at]);
    }
    if reader.at != bytes.len() {
        return Err(InputError::new(
            "",
            "the compact input has bytes after its value",
        ));
    }
    Ok(items)
}

/// An object's member `key` in compact bytes, read as a value: an event's property where a rule
/// looks. `Ok(None)` when the object has no such member (or the bytes hold no object).
pub(crate) fn member<'de>(object: &'de [u8], key: &str) -> Result<Option<Value<'de>>, InputError> {
    let mut reader = Reader {
        bytes: object,
        at: 0,
    };
    let broken = CompactError::into_input_error;
    if reader.byte().map_err(broken)? != OBJECT {
        return Ok(None);
    }
    // The last of a repeated key counts, as in JSON.
    let mut found = None;
    for _ in 0..reader.varint().map_err(broken)? {
        if reader.key().map_err(broken)? == key {
            found = Some(reader.at);
        }
        reader.skip().map_err(broken)?;
    }
    found
        .map(|at| Reader { bytes: object, at }.any_value().map_err(broken))
        .transpose()
}

/// Whether every text in a value's compact bytes (an event's properties, which are read only
/// where a rule looks) is UTF-8: the first that is not (a lone surrogate, from JavaScript) is an
/// error at its path. Only bytes holding `0xED`, with which a surrogate's three bytes begin, are
/// read.
pub(crate) fn check_text(bytes: &[u8]) -> Result<(), InputError> {
    if !bytes.contains(&0xED) {
        return Ok(());
    }
    read_value(bytes).map(drop)
}

/// Whether compact bytes hold an object or null (what an event's properties may be).
pub(crate) fn is_object_or_null(bytes: &[u8]) -> bool {
    matches!(bytes.first(), Some(&OBJECT | &NULL))
}

/// What in a value's compact bytes is past a limit (see `crate::Limits`).
pub(crate) enum Excess {
    /// A string (a key or a value) of this many bytes, longer than allowed.
    String(usize),
    /// An array or object nested deeper than allowed.
    Nesting,
}

/// The first thing in `value`'s compact bytes, in the order they are written, that is past a
/// limit: a string longer than `string_length` bytes, or arrays and objects nested more than
/// `nesting_left` deep. None when the value is within both (or is not readable, which its reader
/// reports).
pub(crate) fn excess(value: &[u8], string_length: usize, nesting_left: usize) -> Option<Excess> {
    let mut reader = Reader {
        bytes: value,
        at: 0,
    };
    reader
        .excess(string_length, nesting_left)
        .unwrap_or_default()
}

#[derive(Clone)]
pub(crate) struct Reader<'de> {
    bytes: &'de [u8],
    at: usize,
}

/// For the reader of the schema-shaped form (`crate::lead::fast`).
#[cfg(feature = "json")]
impl<'de> Reader<'de> {
    /// A reader at the start of `bytes`.
    pub(crate) fn new(bytes: &'de [u8]) -> Self {
        Reader { bytes, at: 0 }
    }

    /// The next byte, if there is one, left to read.
    pub(crate) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// How many bytes are left to read.
    pub(crate) fn left(&self) -> usize {
        self.bytes.len() - self.at
    }

    /// The bytes left to read.
    pub(crate) fn rest(&self) -> &'de [u8] {
        &self.bytes[self.at..]
    }

    /// How far into its bytes the reader is.
    pub(crate) fn at(&self) -> usize {
        self.at
    }

    /// The bytes from `start` to where the reader is.
    pub(crate) fn since(&self, start: usize) -> &'de [u8] {
        &self.bytes[start..self.at]
    }
}

impl<'de> Reader<'de> {
    /// A value of any shape: by hand in the small engine, else by `Value`'s `Deserialize`.
    fn any_value(&mut self) -> Result<Value<'de>, CompactError> {
        #[cfg(not(feature = "json"))]
        return self.value();
        #[cfg(feature = "json")]
        Value::deserialize(self)
    }

    #[inline]
    pub(crate) fn byte(&mut self) -> Result<u8, CompactError> {
        let byte = *self
            .bytes
            .get(self.at)
            .ok_or_else(CompactError::malformed)?;
        self.at += 1;
        Ok(byte)
    }

    #[inline]
    pub(crate) fn varint(&mut self) -> Result<usize, CompactError> {
        // Most are one byte (counts, lengths, indexes under 128), read inline where called.
        if let Some(&byte) = self.bytes.get(self.at).filter(|&&byte| byte < 0x80) {
            self.at += 1;
            return Ok(usize::from(byte));
        }
        self.long_varint()
    }

    #[inline(never)]
    fn long_varint(&mut self) -> Result<usize, CompactError> {
        let mut value = 0usize;
        for shift in (0..35).step_by(7) {
            let byte = self.byte()?;
            value |= usize::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Ok(value);
            }
        }
        Err(CompactError::malformed())
    }

    #[inline]
    pub(crate) fn take(&mut self, len: usize) -> Result<&'de [u8], CompactError> {
        let end = self
            .at
            .checked_add(len)
            .ok_or_else(CompactError::malformed)?;
        let bytes = self
            .bytes
            .get(self.at..end)
            .ok_or_else(CompactError::malformed)?;
        self.at = end;
        Ok(bytes)
    }

    #[inline]
    pub(crate) fn number(&mut self) -> Result<f64, CompactError> {
        let bytes = self.take(8)?;
        let mut le = [0u8; 8];
        le.copy_from_slice(bytes);
        Ok(f64::from_le_bytes(le))
    }

    #[inline]
    pub(crate) fn text(&mut self) -> Result<&'de str, CompactError> {
        let bytes = self.text_bytes()?;
        std::str::from_utf8(bytes)
            .map_err(|err| CompactError::not_text(&bytes[err.valid_up_to()..]))
    }

    /// A text's bytes (its length, then them), not checked as UTF-8: for what only skips a text
    /// or measures it, since whoever reads the value as text checks it then.
    #[inline]
    fn text_bytes(&mut self) -> Result<&'de [u8], CompactError> {
        let len = self.varint()?;
        self.take(len)
    }

    /// A key of an object: a string, or one of [`FIELDS`] by index.
    pub(crate) fn key(&mut self) -> Result<&'de str, CompactError> {
        match self.byte()? {
            STRING => self.text(),
            FIELD => FIELDS
                .get(usize::from(self.byte()?))
                .copied()
                .ok_or_else(CompactError::malformed),
            _ => Err(CompactError::malformed()),
        }
    }

    /// Moves past one value, stopping at the first thing past a limit (see [`excess`]).
    fn excess(
        &mut self,
        string_length: usize,
        nesting_left: usize,
    ) -> Result<Option<Excess>, CompactError> {
        let long = |text: &str| (text.len() > string_length).then_some(Excess::String(text.len()));
        let count = match self.byte()? {
            NULL | FALSE | TRUE => return Ok(None),
            NUMBER => return self.take(8).map(|_| None),
            // Only its length counts here (its text is checked where it is read).
            STRING => {
                let len = self.text_bytes()?.len();
                return Ok((len > string_length).then_some(Excess::String(len)));
            }
            ARRAY | OBJECT if nesting_left == 0 => return Ok(Some(Excess::Nesting)),
            ARRAY => {
                for _ in 0..self.varint()? {
                    if let Some(excess) = self.excess(string_length, nesting_left - 1)? {
                        return Ok(Some(excess));
                    }
                }
                return Ok(None);
            }
            OBJECT => self.varint()?,
            _ => return Err(CompactError::malformed()),
        };
        for _ in 0..count {
            if let Some(excess) = long(self.key()?) {
                return Ok(Some(excess));
            }
            if let Some(excess) = self.excess(string_length, nesting_left - 1)? {
                return Ok(Some(excess));
            }
        }
        Ok(None)
    }

    /// Moves past one value (a string's bytes not checked as UTF-8: see `text_bytes`).
    pub(crate) fn skip(&mut self) -> Result<(), CompactError> {
        match self.byte()? {
            NULL | FALSE | TRUE => Ok(()),
            NUMBER => self.take(8).map(|_| ()),
            STRING => self.text_bytes().map(|_| ()),
            ARRAY => (0..self.varint()?).try_for_each(|_| self.skip()),
            OBJECT => (0..self.varint()?).try_for_each(|_| {
                self.key()?;
                self.skip()
            }),
            _ => Err(CompactError::malformed()),
        }
    }
}
