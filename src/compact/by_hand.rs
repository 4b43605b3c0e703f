//! The tagged compact form read by hand, without serde's derives: values here, and the pieces
//! that `crate::lead::tagged` reads leads and events with. Each reads what the derive (through
//! the `Deserializer` of `de.rs`) would read, in the same order, and fails with the same message
//! at the same path (`tests_by_hand.rs` compares the two on generated inputs). Serde's wording
//! comes from the same `de::Error` methods; a struct given as an array is read by position as
//! the derive reads it.

use super::de::Token;
use super::error::CompactError;
use super::{Reader, NULL};
use crate::value::Value;
use serde::de::{Error as _, Expected, Unexpected};
use std::borrow::Cow;

/// What a visitor that takes no such value says of it.
pub(crate) fn refused(token: Token, expected: &dyn Expected) -> CompactError {
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
pub(crate) struct Positions {
    left: usize,
    index: usize,
}

impl Positions {
    /// The positions of `count` items, none read yet.
    pub(crate) fn of(count: usize) -> Self {
        Positions {
            left: count,
            index: 0,
        }
    }

    /// Reads the next item with `read` (its errors at `[index]`), or None past the last.
    pub(crate) fn next<'de, T>(
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
    pub(crate) fn needed<'de, T>(
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
pub(crate) fn inside(key: &str) -> impl Fn(CompactError) -> CompactError + '_ {
    move |err| err.inside(key.to_string())
}

impl<'de> Reader<'de> {
    /// Whether a null comes next, read if so.
    pub(crate) fn null(&mut self) -> bool {
        let null = self.bytes.get(self.at) == Some(&NULL);
        self.at += usize::from(null);
        null
    }

    /// The bytes of the next value, passed over.
    pub(crate) fn skipped(&mut self) -> Result<&'de [u8], CompactError> {
        let start = self.at;
        self.skip()?;
        Ok(&self.bytes[start..self.at])
    }

    /// Any value.
    pub(crate) fn value(&mut self) -> Result<Value<'de>, CompactError> {
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
}
