//! The compact form read through serde: a [`Reader`] is a `Deserializer`, so leads and events
//! are read by the same derives as from JSON.

use super::error::CompactError;
use super::{Reader, ARRAY, FALSE, NULL, NUMBER, OBJECT, PROPS_AS_BYTES, STRING, TRUE};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

/// One value's start: what every visitor is then handed (read here once, not in each visitor's
/// copy of `deserialize_any`).
pub(crate) enum Token<'de> {
    Null,
    Bool(bool),
    /// A number as serde_json hands the same number written by `JSON.stringify`: a whole number
    /// that fits as an integer, anything else as a float (NaN and the infinities, which
    /// `JSON.stringify` writes as `null`, are null).
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Str(&'de str),
    Array(usize),
    Object(usize),
}

impl<'de> Reader<'de> {
    #[inline(never)]
    pub(crate) fn token(&mut self) -> Result<Token<'de>, CompactError> {
        Ok(match self.byte()? {
            NULL => Token::Null,
            FALSE => Token::Bool(false),
            TRUE => Token::Bool(true),
            NUMBER => {
                let n = self.number()?;
                if !n.is_finite() {
                    Token::Null
                } else if n.fract() == 0.0 && (0.0..18_446_744_073_709_551_616.0).contains(&n) {
                    Token::Unsigned(n as u64)
                } else if n.fract() == 0.0 && (-9_223_372_036_854_775_808.0..0.0).contains(&n) {
                    Token::Signed(n as i64)
                } else {
                    Token::Float(n)
                }
            }
            STRING => Token::Str(self.text()?),
            ARRAY => Token::Array(self.varint()?),
            OBJECT => Token::Object(self.varint()?),
            _ => return Err(CompactError::malformed()),
        })
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = CompactError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CompactError> {
        match self.token()? {
            Token::Null => visitor.visit_unit(),
            Token::Bool(b) => visitor.visit_bool(b),
            Token::Unsigned(n) => visitor.visit_u64(n),
            Token::Signed(n) => visitor.visit_i64(n),
            Token::Float(n) => visitor.visit_f64(n),
            Token::Str(text) => visitor.visit_borrowed_str(text),
            Token::Array(left) => visitor.visit_seq(Items {
                reader: self,
                left,
                index: 0,
            }),
            Token::Object(left) => visitor.visit_map(Members {
                reader: self,
                left,
                key: "",
            }),
        }
    }

    /// Null is None (as serde_json reads it), anything else Some.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CompactError> {
        if self.bytes.get(self.at) == Some(&NULL) {
            self.at += 1;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, CompactError> {
        if name == PROPS_AS_BYTES {
            let start = self.at;
            self.skip()?;
            return visitor.visit_borrowed_bytes(&self.bytes[start..self.at]);
        }
        visitor.visit_newtype_struct(self)
    }

    /// A value nothing reads is skipped, its text not checked, as serde_json skips one (so the
    /// id of a lead refused for a lone surrogate elsewhere is still found).
    fn deserialize_ignored_any<V: Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, CompactError> {
        self.skip()?;
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct enum identifier
    }
}

struct Items<'a, 'de> {
    reader: &'a mut Reader<'de>,
    left: usize,
    index: usize,
}

impl<'de> SeqAccess<'de> for Items<'_, 'de> {
    type Error = CompactError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, CompactError> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        let index = self.index;
        self.index += 1;
        seed.deserialize(&mut *self.reader)
            .map(Some)
            .map_err(|err| err.inside(format!("[{index}]")))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

struct Members<'a, 'de> {
    reader: &'a mut Reader<'de>,
    left: usize,
    key: &'de str,
}

impl<'de> MapAccess<'de> for Members<'_, 'de> {
    type Error = CompactError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, CompactError> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        self.key = self.reader.key()?;
        seed.deserialize(de::value::BorrowedStrDeserializer::<CompactError>::new(
            self.key,
        ))
        .map(Some)
        .map_err(|err| err.inside(self.key.to_string()))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, CompactError> {
        seed.deserialize(&mut *self.reader)
            .map_err(|err| err.inside(self.key.to_string()))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}
