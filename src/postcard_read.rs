//! Reads postcard's encoding by hand, without serde: the primitives that a lead state's bytes
//! (`engine/state/bytes/read.rs`) and a model compiled ahead (`model/decode.rs`) are read with,
//! each of them field by field in its own module.
//!
//! The encoding, as postcard writes it: unsigned integers as LEB128 varints (a length as a
//! `usize`), signed ones zigzagged first, `f64` as 8 little-endian bytes, a `u8` as itself, a
//! `bool` and an `Option`'s tag as one byte 0 or 1, a sequence or string as its length then its
//! items (a string's UTF-8 bytes), an enum as its variant's index then its fields, structs,
//! tuples and arrays as their fields. Reading refuses what postcard refuses, at the same byte
//! and in the same words ([`Damaged`]).

use std::fmt;
use std::marker::PhantomData;

/// Why bytes are not what was to be read: postcard's errors for the same bytes, in its words (a
/// state's damage message quotes them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Damaged {
    /// The bytes end inside the value.
    CutShort,
    /// A varint longer than its type allows, or larger than its type.
    BadVarint,
    /// A string's bytes are not UTF-8.
    BadUtf8,
    /// A `bool` is neither 0 nor 1.
    BadBool,
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
            Damaged::BadBool => "Found a bool that wasn't 0 or 1",
            Damaged::BadOption => "Found an Option discriminant that wasn't 0 or 1",
            Damaged::BadVariant => "Serde Deserialization Error",
        })
    }
}

/// The bytes not read yet, and what a refusal is made into: `Damaged` itself where its words
/// matter (a state's), or a reader's own error that needs no more than "damaged" (a model's,
/// whose code is the smaller for an error of no size: 0.5 KB gzipped in the small engine).
pub(crate) struct Input<'a, E = Damaged> {
    pub rest: &'a [u8],
    refusal: PhantomData<E>,
}

impl<'a, E: From<Damaged>> Input<'a, E> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Input {
            rest: bytes,
            refusal: PhantomData,
        }
    }

    pub fn take(&mut self, count: usize) -> Result<&'a [u8], E> {
        let (taken, rest) = self.rest.split_at_checked(count).ok_or(Damaged::CutShort)?;
        self.rest = rest;
        Ok(taken)
    }

    pub fn byte(&mut self) -> Result<u8, E> {
        let (&byte, rest) = self.rest.split_first().ok_or(Damaged::CutShort)?;
        self.rest = rest;
        Ok(byte)
    }

    pub fn bool(&mut self) -> Result<bool, E> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Damaged::BadBool.into()),
        }
    }

    /// A varint of a `bits`-bit type, as postcard reads it: at most as many bytes as the type
    /// needs, the last of them holding no more than the bits left.
    // Out of line, as `string`: inlined into each of a state's fields it cost 0.7 KB gzipped
    // (with names kept: 240,244 against 239,575 bytes), on no hot path.
    #[inline(never)]
    pub fn varint(&mut self, bits: u32) -> Result<u64, E> {
        let most = bits.div_ceil(7);
        let mut value = 0u64;
        for i in 0..most {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f) << (7 * i);
            if byte & 0x80 == 0 {
                let last_most = (1u8 << (bits % 7)) - 1;
                return if i == most - 1 && byte > last_most {
                    Err(Damaged::BadVarint.into())
                } else {
                    Ok(value)
                };
            }
        }
        Err(Damaged::BadVarint.into())
    }

    pub fn u32(&mut self) -> Result<u32, E> {
        Ok(self.varint(32)? as u32)
    }

    pub fn u64(&mut self) -> Result<u64, E> {
        self.varint(64)
    }

    /// A length, or any `usize`: a `usize` of the platform that reads it, as postcard's.
    pub fn len(&mut self) -> Result<usize, E> {
        Ok(self.varint(usize::BITS)? as usize)
    }

    pub fn i64(&mut self) -> Result<i64, E> {
        let zigzag = self.u64()?;
        Ok((zigzag >> 1) as i64 ^ -((zigzag & 1) as i64))
    }

    pub fn f64(&mut self) -> Result<f64, E> {
        let mut bytes = [0; 8];
        bytes.copy_from_slice(self.take(8)?);
        Ok(f64::from_le_bytes(bytes))
    }

    #[inline(never)]
    pub fn string(&mut self) -> Result<String, E> {
        let len = self.len()?;
        let bytes = self.take(len)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| Damaged::BadUtf8.into())
    }

    /// An `Option`, its value read by `item` (whose error may be the reader's own).
    pub fn option<T>(
        &mut self,
        item: impl FnOnce(&mut Self) -> Result<T, E>,
    ) -> Result<Option<T>, E> {
        match self.byte()? {
            0 => Ok(None),
            1 => Ok(Some(item(self)?)),
            _ => Err(Damaged::BadOption.into()),
        }
    }

    /// An enum's variant index, refused beyond `count` variants.
    pub fn variant(&mut self, count: u32) -> Result<u32, E> {
        let index = self.u32()?;
        if index < count {
            Ok(index)
        } else {
            Err(Damaged::BadVariant.into())
        }
    }

    /// A sequence, each item read by `item` (whose error may be the reader's own).
    pub fn list<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Result<T, E>,
    ) -> Result<Vec<T>, E> {
        let len = self.len()?;
        // Every item takes at least a byte: a damaged length allocates no more than is left.
        let mut items = Vec::with_capacity(len.min(self.rest.len()));
        for _ in 0..len {
            items.push(item(self)?);
        }
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn varint(bytes: &[u8], bits: u32) -> Result<u64, Damaged> {
        Input::<Damaged>::new(bytes).varint(bits)
    }

    #[test]
    fn varints_are_refused_where_postcard_refuses_them() {
        assert_eq!(varint(&[0x7f], 32), Ok(127));
        assert_eq!(varint(&[0x80, 0x01], 32), Ok(128));
        // Longer than needed, but within the type's bytes: postcard reads it.
        assert_eq!(varint(&[0x80, 0x80, 0x00], 32), Ok(0));
        assert_eq!(
            varint(&[0xff, 0xff, 0xff, 0xff, 0x0f], 32),
            Ok(u64::from(u32::MAX))
        );
        assert_eq!(
            varint(&[0xff, 0xff, 0xff, 0xff, 0x10], 32),
            Err(Damaged::BadVarint)
        );
        assert_eq!(varint(&[0x80; 5], 32), Err(Damaged::BadVarint));
        assert_eq!(
            varint(&[0x80, 0x80, 0x80, 0x80, 0x80, 0x00], 32),
            Err(Damaged::BadVarint)
        );
        let mut max = [0xff; 10];
        max[9] = 0x01;
        assert_eq!(varint(&max, 64), Ok(u64::MAX));
        max[9] = 0x02;
        assert_eq!(varint(&max, 64), Err(Damaged::BadVarint));
        assert_eq!(varint(&[0x80], 64), Err(Damaged::CutShort));
    }

    #[test]
    fn tags_and_text_are_refused_in_postcards_words() {
        let mut input = Input::<Damaged>::new(&[2, 2, 1, 0xff, 5]);
        assert_eq!(input.bool(), Err(Damaged::BadBool));
        assert_eq!(input.option(Input::byte), Err(Damaged::BadOption));
        assert_eq!(input.string(), Err(Damaged::BadUtf8));
        assert_eq!(input.variant(5), Err(Damaged::BadVariant));
        assert_eq!(input.byte(), Err(Damaged::CutShort));
        assert_eq!(
            Damaged::BadBool.to_string(),
            "Found a bool that wasn't 0 or 1",
            "postcard's words"
        );
    }

    #[test]
    fn a_reader_may_refuse_with_its_own_error() {
        #[derive(Debug, PartialEq)]
        struct Refused;
        impl From<Damaged> for Refused {
            fn from(_: Damaged) -> Self {
                Refused
            }
        }
        let mut input = Input::<Refused>::new(&[1, 0xff]);
        assert_eq!(input.list(Input::u32), Err(Refused));
    }
}
