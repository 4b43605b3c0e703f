//! What a condition's first test can only hold for, for the model's index from a property's
//! value to the rules it can meet (`model/match_index.rs`): the literals of an `equals` or `in`
//! of text, or the starts of a `prefix`, compared with the value folded as the tests fold it.

use super::matching::trim;
use super::{Condition, Scalar, Test};

/// A first test that holds only for text whose folded form is one of these literals, or starts
/// with one of these prefixes (the literals are kept folded, as the tests compare them).
pub(crate) enum FirstTest<'c> {
    Exact(Vec<&'c String>),
    Prefix(&'c [String]),
}

impl Condition {
    /// The condition's first test, when it is one the index can answer. When it fails, the
    /// condition fails without running another test (so without noting an oddity).
    pub(crate) fn first_test(&self) -> Option<FirstTest<'_>> {
        fn text(scalar: &Scalar) -> Option<&String> {
            match scalar {
                Scalar::Text(literal) => Some(literal),
                Scalar::Number(_) | Scalar::Bool(_) => None,
            }
        }
        match self.tests.first()? {
            Test::Equals(scalar) => Some(FirstTest::Exact(vec![text(scalar)?])),
            // A number literal also meets text that reads as it: not answered by text.
            Test::In(scalars) => scalars
                .iter()
                .map(text)
                .collect::<Option<_>>()
                .map(FirstTest::Exact),
            Test::Prefix(prefixes) => Some(FirstTest::Prefix(prefixes)),
            _ => None,
        }
    }
}

/// `text` trimmed and folded as the text tests compare it, when the trimmed text is ASCII (its
/// folded form is then its ASCII lowercase, byte for byte): its first `wanted` bytes (at most
/// `buffer`'s length) folded into `buffer`, and the trimmed text's length. None for text that
/// is not ASCII, whose folded form can be longer or shorter than the text.
pub(crate) fn ascii_folded<'b>(
    text: &str,
    wanted: usize,
    buffer: &'b mut [u8],
) -> Option<(&'b [u8], usize)> {
    let trimmed = trim(text).as_bytes();
    if !trimmed.is_ascii() {
        return None;
    }
    let taken = trimmed.len().min(wanted).min(buffer.len());
    for (to, from) in buffer.iter_mut().zip(&trimmed[..taken]) {
        *to = from.to_ascii_lowercase();
    }
    Some((&buffer[..taken], trimmed.len()))
}
