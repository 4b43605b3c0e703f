//! A lead state's bytes, written and read by hand: the bytes postcard wrote from the state's
//! serde derives (leadscore 0.1's version 2 states), field by field in declaration order, so a
//! state saved by an earlier build reads back and the scoring `.wasm` links no serde serializer
//! or deserializer for the state (26 KB of code through the derives).
//!
//! The encoding, as postcard writes it: unsigned integers as LEB128 varints (a length as a
//! `usize`), signed ones zigzagged first, `f64` as 8 little-endian bytes, a `u8` as itself, an
//! `Option`'s tag as one byte 0 or 1, a sequence or string as its length then its items (a
//! string's UTF-8 bytes), an enum as its variant's index then its fields, structs, tuples and
//! arrays as their fields. Reading refuses what postcard refuses, at the same byte and in the
//! same words ([`Damaged`]), and, as postcard's `from_bytes`, leaves bytes after the state unread.

mod read;
mod write;

#[cfg(test)]
mod tests;

use super::LeadState;
use std::fmt;

/// Why bytes are not a state's body: postcard's errors for the same bytes, in its words (a
/// state's damage message quotes them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Damaged {
    /// The bytes end inside the state.
    CutShort,
    /// A varint longer than its type allows, or larger than its type.
    BadVarint,
    /// A string's bytes are not UTF-8.
    BadUtf8,
    /// An `Option`'s tag is neither 0 nor 1.
    BadOption,
    /// An enum's variant index is out of range (postcard reports serde's own error so).
    BadVariant,
}

impl fmt::Display for Damaged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Damaged::CutShort => "Hit the end of buffer, expected more data",
            Damaged::BadVarint => {
                "Found a varint that didn't terminate. Is the usize too big for this platform?"
            }
            Damaged::BadUtf8 => "Tried to parse invalid utf-8",
            Damaged::BadOption => "Found an Option discriminant that wasn't 0 or 1",
            Damaged::BadVariant => "Serde Deserialization Error",
        })
    }
}

/// Appends the state's body to `bytes`.
pub(super) fn write(state: &LeadState, bytes: &mut Vec<u8>) {
    write::Output { bytes }.state(state);
}

/// Reads a state's body from the start of `bytes`.
pub(super) fn read(bytes: &[u8]) -> Result<LeadState, Damaged> {
    read::Input { rest: bytes }.state()
}
