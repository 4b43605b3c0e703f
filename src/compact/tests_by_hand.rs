//! The reader by hand (`by_hand.rs`) against serde's derives through the compact `Deserializer`:
//! on generated inputs, near leads and not, well formed and not, the same lead or the same error
//! at the same path.

use super::{read, read_whole, Reader, ARRAY, FALSE, FIELD, NULL, NUMBER, OBJECT, STRING, TRUE};
use crate::lead::{Event, Lead};
use crate::value::Value;
use std::fmt::Debug;

/// A small deterministic generator (xorshift), so a failure is found again.
struct Inputs(u64);

const KEYS: [&str; 9] = [
    "id",
    "attributes",
    "events",
    "type",
    "at",
    "props",
    "title",
    "",
    "ids",
];

const TEXTS: [&[u8]; 10] = [
    b"",
    b"  ",
    b"lead-1",
    b"page_view",
    b"2026-11-21T09:30:00Z",
    b"2026-11-21 09:30:00+01:00",
    b"21 November",
    b"9999-12-31T23:59:60Z",
    b"\xED\xA0\x80x",
    b"\xFF",
];

const NUMBERS: [f64; 12] = [
    0.0,
    7.0,
    -3.0,
    1.5,
    1.7e12,
    -1e17,
    1e20,
    18_446_744_073_709_551_616.0,
    9.5e15,
    f64::NAN,
    f64::INFINITY,
    -0.0,
];

impl Inputs {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }

    fn varint(&mut self, out: &mut Vec<u8>, mut n: usize) {
        while n >= 0x80 {
            out.push((n as u8) | 0x80);
            n >>= 7;
        }
        out.push(n as u8);
    }

    fn text(&mut self, out: &mut Vec<u8>, text: &[u8]) {
        self.varint(out, text.len());
        out.extend_from_slice(text);
    }

    fn key(&mut self, out: &mut Vec<u8>) {
        match self.below(8) {
            0 => {
                out.push(FIELD);
                out.push(self.below(7) as u8);
            }
            _ => {
                out.push(STRING);
                let key = KEYS[self.below(KEYS.len() as u64) as usize];
                self.text(out, key.as_bytes());
            }
        }
    }

    /// A value, objects and arrays more likely near the top; now and then a tag that is none.
    fn value(&mut self, out: &mut Vec<u8>, depth: u32) {
        let leaf = depth >= 4 || self.below(3) == 0;
        match if leaf {
            self.below(6)
        } else {
            6 + self.below(2)
        } {
            0 => out.push([NULL, FALSE, TRUE][self.below(3) as usize]),
            1 | 2 => {
                out.push(NUMBER);
                let n = NUMBERS[self.below(NUMBERS.len() as u64) as usize];
                out.extend_from_slice(&n.to_le_bytes());
            }
            3 | 4 => {
                out.push(STRING);
                let text = TEXTS[self.below(TEXTS.len() as u64) as usize];
                self.text(out, text);
            }
            5 => out.push(if self.below(4) == 0 { 11 } else { NULL }),
            6 => {
                out.push(ARRAY);
                let count = self.below(5) as usize;
                self.varint(out, count);
                (0..count).for_each(|_| self.value(out, depth + 1));
            }
            _ => {
                out.push(OBJECT);
                let count = self.below(6) as usize;
                self.varint(out, count);
                for _ in 0..count {
                    self.key(out);
                    self.value(out, depth + 1);
                }
            }
        }
    }

    /// One input: a value, sometimes cut short or with a byte more.
    fn input(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        self.value(&mut out, 0);
        match self.below(10) {
            0 => {
                let cut = self.below(out.len() as u64) as usize;
                out.truncate(cut);
            }
            1 => out.push(NULL),
            _ => {}
        }
        out
    }
}

/// Both readings of `bytes`, as text to compare: the value's `Debug`, or the error.
fn both<'de, T: serde::Deserialize<'de> + Debug>(
    bytes: &'de [u8],
    by_hand: impl FnOnce(&mut Reader<'de>) -> Result<T, super::CompactError>,
) -> (String, String) {
    let shown = |read: Result<T, crate::InputError>| match read {
        Ok(value) => format!("{value:?}"),
        Err(err) => format!("error at {:?}: {}", err.path, err.message),
    };
    (shown(read::<T>(bytes)), shown(read_whole(bytes, by_hand)))
}

fn compare<'de, T: serde::Deserialize<'de> + Debug>(
    what: &str,
    seed: u64,
    read_by_hand: fn(&mut Reader<'de>) -> Result<T, super::CompactError>,
) {
    let mut inputs = Inputs(seed);
    let mut errors = 0;
    let generated: Vec<Vec<u8>> = (0..40_000).map(|_| inputs.input()).collect();
    // Leaked so that what is read may borrow from it for the test's life.
    let generated: &'de [Vec<u8>] = Box::leak(generated.into_boxed_slice());
    for bytes in generated {
        let (derive, hand) = both(bytes, read_by_hand);
        errors += usize::from(derive.starts_with("error"));
        assert_eq!(hand, derive, "{what} from {bytes:?}");
    }
    // The inputs reach both outcomes.
    assert!(errors > 100 && errors < 39_900, "{what}: {errors} errors");
}

#[test]
fn leads_read_by_hand_as_the_derive_reads_them() {
    compare::<Lead>("a lead", 0x5EED_1EAD, Reader::lead);
}

#[test]
fn events_read_by_hand_as_the_derive_reads_them() {
    compare::<Vec<Event>>("events", 0xE7E7_0001, Reader::events);
}

#[test]
fn values_read_by_hand_as_the_derive_reads_them() {
    compare::<Value>("a value", 0x0A1E_2024, Reader::value);
}
