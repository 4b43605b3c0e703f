//! Whether an event's properties, kept as JSON text and read only where a rule looks, can all be
//! read: what skipping them when the lead was read let through is refused with its path.

use crate::error::InputError;
use crate::json_path::path_at;
use crate::value::Value;
use serde_json::value::RawValue;

/// Whether an event's properties, kept as JSON text, can all be read as values. The text was
/// only skipped when the lead was read, and skipping lets through two things reading a value
/// refuses: a `\u` escape of a lone surrogate and a number out of `f64`'s range. Either is
/// refused here, at its path within the properties (`path`, `a.b[2]`), with serde's words, so a
/// rule never finds such a value silently missing.
pub(crate) fn check_readable(raw: &RawValue) -> Result<(), InputError> {
    if !may_be_unreadable(raw.get().as_bytes()) {
        return Ok(());
    }
    serde_json::from_str::<Value>(raw.get())
        .map(drop)
        .map_err(|err| {
            let message = err.to_string();
            let message = match message.rfind(" at line ") {
                // The line and column would count within the properties, not the document.
                Some(at) => &message[..at],
                None => &message,
            };
            InputError::new(path_at(raw.get(), err.line(), err.column()), message)
        })
}

/// A quick look for what [`check_readable`] must read: an escape, an exponent after a digit, or
/// a run of digits long enough to pass `f64`'s range. Short texts (nearly every event's) are
/// looked at eight bytes at a time; a byte flagged wrongly only costs the full reading.
fn may_be_unreadable(bytes: &[u8]) -> bool {
    // A run of more than 300 digits needs more than 300 bytes.
    if bytes.len() > 300 {
        return may_be_unreadable_long(bytes);
    }
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    // The high bit of every byte of `word` that is zero (and maybe of a byte above one).
    let zeros = |word: u64| word.wrapping_sub(ONES) & !word & (ONES * 0x80);
    // Whether eight bytes hold an escape or an exponent after a digit (`digit_before`: the high
    // bit of the first byte set when the byte before them may be a digit); and the same for the
    // next eight.
    let look = |word: u64, digit_before: u64| {
        let escape = zeros(word ^ (ONES * u64::from(b'\\')));
        let exponent = zeros((word | (ONES * 0x20)) ^ (ONES * u64::from(b'e')));
        // 0x30 to 0x3f: the digits, and a few bytes flagged wrongly.
        let digit = zeros((word & (ONES * 0xf0)) ^ (ONES * 0x30));
        let found = escape != 0 || exponent & ((digit << 8) | digit_before) != 0;
        (found, digit >> 56)
    };
    let word_at = |at: usize| {
        let mut word = [0; 8];
        let end = bytes.len().min(at + 8);
        word[..end - at].copy_from_slice(&bytes[at..end]);
        u64::from_le_bytes(word)
    };
    let mut at = 0;
    let mut digit_before = 0;
    while at + 8 <= bytes.len() {
        let (found, next) = look(word_at(at), digit_before);
        if found {
            return true;
        }
        digit_before = next;
        at += 8;
    }
    if at == bytes.len() {
        return false;
    }
    // The last bytes: the last eight (again in part), or the whole text with zeros after it.
    if bytes.len() < 8 {
        return look(word_at(0), 0).0;
    }
    let last = bytes.len() - 8;
    let before = u64::from(last > 0 && bytes[last - 1].is_ascii_digit()) * 0x80;
    look(word_at(last), before).0
}

fn may_be_unreadable_long(bytes: &[u8]) -> bool {
    let mut digits = 0;
    for &byte in bytes {
        match byte {
            b'\\' => return true,
            b'e' | b'E' if digits > 0 => return true,
            b'0'..=b'9' => {
                digits += 1;
                if digits > 300 {
                    return true;
                }
            }
            _ => digits = 0,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lead::parse_lead;

    /// The error of a lead whose only event has `props` as its properties' JSON text.
    fn props_error(props: &str) -> Option<(String, String)> {
        let json = format!(r#"{{"id":"l","events":[{{"type":"v","at":0,"props":{props}}}]}}"#);
        parse_lead(&json).err().map(|err| (err.path, err.message))
    }

    #[test]
    fn properties_that_cannot_be_read_are_refused_at_their_path() {
        let refused = |props: &str, path: &str, message: &str| {
            assert_eq!(
                props_error(props),
                Some((path.to_string(), message.to_string())),
                "{props}"
            );
        };
        refused(
            r#"{"path":"/pricing\udc00"}"#,
            "events[0].props.path",
            "lone leading surrogate in hex escape",
        );
        refused(
            r#"{"a":1,"n":{"b":["x","\ud800 y"]}}"#,
            "events[0].props.n.b[1]",
            "unexpected end of hex escape",
        );
        refused(
            r#"{"k":"\ud800\ud800"}"#,
            "events[0].props.k",
            "lone leading surrogate in hex escape",
        );
        refused(
            r#"{"n":1.5e400}"#,
            "events[0].props.n",
            "number out of range",
        );
        let long = format!(r#"{{"n":{}}}"#, "9".repeat(320));
        refused(&long, "events[0].props.n", "number out of range");
        for fine in [
            r#"{"path":"/pricing","emoji":"\ud83d\ude00","q":"a\"b"}"#,
            r#"{"n":1e300,"m":-2.5E-7,"v2e":"3e","big":123456789012345678901234567890}"#,
        ] {
            assert_eq!(props_error(fine), None, "{fine}");
        }
        let long_but_fine = format!(r#"{{"n":{}}}"#, "9".repeat(305));
        assert_eq!(props_error(&long_but_fine), None);
    }

    #[test]
    fn the_quick_look_misses_no_escape_and_no_exponent() {
        // Every text of up to 20 bytes drawn from an alphabet of the bytes that matter (and
        // their neighbours) that has an escape or a digit before an `e`, the quick look flags.
        let alphabet = b"\\09eE/:.a\"x";
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let length = (state % 21) as usize;
            let text: Vec<u8> = (0..length)
                .map(|at| alphabet[((state >> (at * 3)) as usize + at) % alphabet.len()])
                .collect();
            let must = text.contains(&b'\\')
                || text
                    .windows(2)
                    .any(|pair| pair[0].is_ascii_digit() && pair[1] | 0x20 == b'e');
            if must {
                assert!(
                    may_be_unreadable(&text),
                    "{:?}",
                    String::from_utf8_lossy(&text)
                );
            }
        }
        assert!(!may_be_unreadable(br#"{"path":"/pricing","plan":"team"}"#));
    }
}
