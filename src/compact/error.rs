//! What a compact value that cannot be read says: serde's message, worded as serde_json words it,
//! and the path to the value.

use crate::error::{join_path, InputError};
use serde::de::{self, Unexpected};
use std::fmt;

/// A value of the compact form that could not be read, with the path to it, gathered from the
/// inside out as the error leaves each array and object.
#[derive(Debug)]
pub struct CompactError {
    /// Path segments (`at`, `[2]`, `events`), innermost first.
    path: Vec<String>,
    message: String,
}

impl CompactError {
    pub(super) fn malformed() -> Self {
        CompactError {
            path: Vec::new(),
            message: "the compact input is malformed".to_string(),
        }
    }

    /// Text that is not UTF-8 from where it stops being so (`rest`). A lone surrogate, which
    /// the JavaScript writer encodes as WTF-8 does (three bytes from `0xED 0xA0`), is refused in
    /// serde_json's words for the `\u` escape `JSON.stringify` writes for it, so that a lead
    /// gets the same error from objects as from its JSON text; anything else is malformed.
    pub(super) fn not_text(rest: &[u8]) -> Self {
        const LONE: &str = "lone leading surrogate in hex escape";
        let Some(unit) = surrogate(rest) else {
            return Self::malformed();
        };
        let message = match rest.get(3..) {
            // serde_json's words for a trailing surrogate alone.
            _ if unit >= 0xDC00 => LONE,
            // A leading one is followed by another `\u` escape (a surrogate, or a control
            // character without a short escape), or by anything else.
            Some(next) if surrogate(next).is_some() => LONE,
            Some([c, ..]) if *c < 0x20 && !matches!(c, 8 | 9 | 10 | 12 | 13) => LONE,
            _ => "unexpected end of hex escape",
        };
        de::Error::custom(message)
    }

    pub(crate) fn inside(mut self, segment: String) -> Self {
        self.path.push(segment);
        self
    }

    pub(super) fn into_input_error(self) -> InputError {
        let path = self
            .path
            .iter()
            .rev()
            .fold(String::new(), |path, segment| join_path(&path, segment));
        InputError::new(path, crate::error::clean_serde_message(&self.message))
    }
}

/// The UTF-16 surrogate whose WTF-8 bytes `bytes` starts with.
fn surrogate(bytes: &[u8]) -> Option<u16> {
    match *bytes {
        [0xED, high @ 0xA0..=0xBF, low @ 0x80..=0xBF, ..] => {
            Some(0xD000 | (u16::from(high & 0x3F) << 6) | u16::from(low & 0x3F))
        }
        _ => None,
    }
}

impl fmt::Display for CompactError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CompactError {}

impl de::Error for CompactError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        CompactError {
            path: Vec::new(),
            message: message.to_string(),
        }
    }

    fn invalid_type(unexpected: Unexpected, expected: &dyn de::Expected) -> Self {
        de::Error::custom(format_args!(
            "invalid type: {}, expected {expected}",
            JsonWording(unexpected)
        ))
    }

    fn invalid_value(unexpected: Unexpected, expected: &dyn de::Expected) -> Self {
        de::Error::custom(format_args!(
            "invalid value: {}, expected {expected}",
            JsonWording(unexpected)
        ))
    }
}

/// An unexpected value named as serde_json names it (`null`, and a float as JSON writes it), so
/// that both readers say the same.
struct JsonWording<'a>(Unexpected<'a>);

impl fmt::Display for JsonWording<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Unit => f.write_str("null"),
            Unexpected::Float(value) => {
                write!(f, "floating point `{}`", zmij::Buffer::new().format(value))
            }
            unexpected => crate::error::unexpected_wording(unexpected, f),
        }
    }
}
