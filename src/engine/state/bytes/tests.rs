//! The hand codec against postcard over the state's serde derives (what wrote every state until
//! now): random states written to the same bytes and read back alike, and damaged bytes refused
//! at the same place with the same words, or read alike.

use super::super::{FoldedRef, HeldEvent, HeldKind, LeadState, Matches, MAGIC};
use crate::engine::accumulator::Acc;
use crate::engine::crossing::Crossing;
use crate::engine::fold::{Fold, Hit, RuleState};
use crate::engine::prepare::WarningLog;
use crate::result::{Warning, WarningCode};
use std::collections::{BTreeMap, VecDeque};

/// splitmix64: a small, seeded source of numbers, so that a failure repeats.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, in_n: u64) -> bool {
        self.below(in_n) == 0
    }

    /// Numbers of every varint length, the edges most often.
    fn u64(&mut self) -> u64 {
        match self.below(6) {
            0 => [0, 1, 127, 128, 16_383, 16_384, u64::MAX][self.below(7) as usize],
            1 => self.next(),
            _ => self.next() >> self.below(64),
        }
    }

    fn u32(&mut self) -> u32 {
        match self.below(5) {
            0 => [0, 1, 127, 128, u32::MAX][self.below(5) as usize],
            _ => (self.next() >> (32 + self.below(32))) as u32,
        }
    }

    fn i64(&mut self) -> i64 {
        match self.below(5) {
            0 => [0, -1, 1, i64::MIN, i64::MAX][self.below(5) as usize],
            _ => self.u64() as i64 >> self.below(2),
        }
    }

    fn f64(&mut self) -> f64 {
        match self.below(3) {
            0 => f64::from_bits(self.next()),
            _ => (self.next() % 100_000) as f64 / 7.0,
        }
    }

    fn string(&mut self) -> String {
        const PIECES: [&str; 8] = ["a", "Z", "0", " ", "é", "日本", "😀", "\u{0}"];
        (0..self.below(7))
            .map(|_| PIECES[self.below(8) as usize])
            .collect()
    }

    fn option<T>(&mut self, item: impl FnOnce(&mut Self) -> T) -> Option<T> {
        (!self.chance(2)).then(|| item(self))
    }

    fn list<C: FromIterator<T>, T>(
        &mut self,
        most: u64,
        mut item: impl FnMut(&mut Self) -> T,
    ) -> C {
        (0..self.below(most + 1)).map(|_| item(self)).collect()
    }

    fn times(&mut self) -> VecDeque<i64> {
        self.list(4, Self::i64)
    }

    fn pair(&mut self) -> (u32, u32) {
        (self.u32(), self.u32())
    }

    fn acc(&mut self, kinds: u64) -> Acc {
        match self.below(kinds) {
            0 => Acc::Count {
                counted: self.u32(),
                newest: self.option(Self::i64),
            },
            1 => Acc::HalfLife {
                counted: self.u32(),
                sum: self.f64(),
                at: self.i64(),
            },
            2 => Acc::Horizon {
                counted: self.u32(),
                settled: self.u32(),
                recent: self.times(),
            },
            3 => Acc::Newest {
                times: self.times(),
            },
            4 => Acc::PerPeriod {
                closed: Box::new(self.acc(3)),
                bucket: self.option(Self::i64),
                times: self.times(),
            },
            5 => Acc::Trailing {
                times: self.times(),
            },
            _ => Acc::Sliding {
                times: self.times(),
                met: self.option(Self::i64),
            },
        }
    }

    fn held(&mut self) -> HeldEvent {
        HeldEvent {
            at: self.i64(),
            index: self.u32(),
            id: self.option(Self::string),
            kind: if self.chance(2) {
                HeldKind::Known(self.u32())
            } else {
                HeldKind::Unknown(self.string())
            },
            matches: if self.chance(3) {
                Matches::Many(self.list(6, Self::u32))
            } else {
                Matches::Few(self.next() as u8, [self.u32(), self.u32(), self.u32()])
            },
            oddities: self.list(2, |dice| (dice.string(), dice.string(), dice.string())),
        }
    }

    fn warning(&mut self) -> Warning {
        Warning {
            code: [
                WarningCode::UnknownEventType,
                WarningCode::EventAfterAsOf,
                WarningCode::DuplicateEventId,
                WarningCode::LateEvent,
                WarningCode::NotANumber,
            ][self.below(5) as usize],
            message: self.string(),
            path: self.string(),
            count: self.u32(),
        }
    }

    fn state(&mut self) -> LeadState {
        LeadState {
            model: self.u64(),
            lead_id: self.string(),
            attributes: self.string(),
            received: self.u32(),
            fold: Fold {
                rules: self.list(5, |dice| RuleState {
                    matched: dice.u32(),
                    acc: dice.acc(7),
                }),
                last_engagement: self.option(Self::i64),
                instant: self.option(|dice| Hit {
                    rule: dice.u32(),
                    at: dice.i64(),
                    event: dice.u32(),
                }),
                positive: self.f64(),
                newest: self.option(Self::i64),
            },
            crossing: self.option(|dice| Crossing {
                at: dice.i64(),
                event: dice.u32(),
            }),
            folded_until: self.option(Self::i64),
            held: self.list(3, Self::held),
            folded_ids: self.list(3, Self::u64),
            refs: self.list(2, |dice| FoldedRef {
                index: dice.u32(),
                id: dice.option(Self::string),
                type_id: dice.u32(),
                at: dice.i64(),
            }),
            log: WarningLog {
                unknown_types: self.list(2, |dice| (dice.string(), dice.u32(), dice.u32())),
                after_as_of: self.option(Self::pair),
                duplicates: self.option(Self::pair),
                late: self.option(Self::pair),
                not_numbers: self.list(2, Self::warning),
            },
        }
    }
}

fn by_hand(state: &LeadState) -> Vec<u8> {
    let mut bytes = Vec::new();
    super::write(state, &mut bytes);
    bytes
}

/// What each reader makes of `body`: the state's bytes written again (bit for bit, NaNs
/// included), or the error's words.
fn outcomes(body: &[u8]) -> (Result<Vec<u8>, String>, Result<Vec<u8>, String>) {
    let hand = super::read(body)
        .map(|state| by_hand(&state))
        .map_err(|err| err.to_string());
    let postcard = postcard::from_bytes::<LeadState>(body)
        .map(|state| postcard::to_allocvec(&state).unwrap())
        .map_err(|err| err.to_string());
    (hand, postcard)
}

/// Counts what the readers agreed on, by outcome, so a run shows it reached every error.
fn agree(body: &[u8], tally: &mut BTreeMap<String, usize>, what: &str) {
    let (hand, postcard) = outcomes(body);
    assert_eq!(hand, postcard, "{what}: {body:?}");
    let outcome = hand.err().unwrap_or_else(|| "read".to_string());
    *tally.entry(outcome).or_default() += 1;
}

#[test]
fn random_states_are_written_as_postcard_writes_them_and_read_back() {
    let mut dice = Dice(1);
    for round in 0..20_000 {
        let state = dice.state();
        let bytes = by_hand(&state);
        assert_eq!(
            bytes,
            postcard::to_allocvec(&state).unwrap(),
            "state {round}"
        );
        let (hand, postcard) = outcomes(&bytes);
        assert_eq!(hand.as_ref(), Ok(&bytes), "state {round}");
        assert_eq!(postcard.as_ref(), Ok(&bytes), "state {round}");
        // And through the tag, as callers keep it.
        let tagged = state.to_bytes();
        assert_eq!(&tagged[..3], MAGIC);
        assert_eq!(
            by_hand(&LeadState::from_bytes(&tagged).unwrap()),
            bytes,
            "state {round}"
        );
    }
}

#[test]
fn damaged_states_are_refused_as_postcard_refuses_them() {
    let mut dice = Dice(2);
    let mut tally = BTreeMap::new();
    for round in 0..1_000 {
        let bytes = by_hand(&dice.state());
        for cut in 0..bytes.len() {
            agree(&bytes[..cut], &mut tally, "cut short");
        }
        for _ in 0..40 {
            let mut damaged = bytes.clone();
            for _ in 0..=dice.below(3) {
                let at = dice.below(damaged.len() as u64 + 1) as usize;
                let byte = [0, 1, 2, 0x7f, 0x80, 0xff, dice.next() as u8][dice.below(7) as usize];
                match dice.below(4) {
                    0 => damaged.insert(at, byte),
                    _ if at == damaged.len() => damaged.push(byte),
                    1 => damaged[at] ^= 1 << dice.below(8),
                    2 => damaged[at] = byte,
                    _ => drop(damaged.remove(at)),
                }
            }
            agree(&damaged, &mut tally, &format!("state {round} edited"));
        }
        let noise: Vec<u8> = (0..dice.below(64)).map(|_| dice.next() as u8).collect();
        agree(&noise, &mut tally, "noise");
    }
    println!("outcomes: {tally:#?}");
    for outcome in [
        "read",
        "Hit the end of buffer, expected more data",
        "Found a varint that didn't terminate. Is the usize too big for this platform?",
        "Tried to parse invalid utf-8",
        "Found an Option discriminant that wasn't 0 or 1",
        "Serde Deserialization Error",
    ] {
        assert!(
            tally.get(outcome).is_some_and(|&n| n > 100),
            "{outcome}: {tally:?}"
        );
    }
}

/// Varints at their edges: the longest each type takes, one byte longer, and a last byte
/// holding more than the type has left, as a state's first field (a u64) and inside it.
#[test]
fn varints_at_their_edges_are_read_as_postcard_reads_them() {
    let mut tally = BTreeMap::new();
    let state = by_hand(&Dice(3).state());
    let rest = &state[state.iter().position(|&b| b < 0x80).unwrap() + 1..];
    for len in 1..=11 {
        for last in [0x00, 0x01, 0x02, 0x0f, 0x10, 0x7f, 0x80, 0xff] {
            let mut varint = vec![0xff; len - 1];
            varint.push(last);
            // As the model's fingerprint (a u64), and as the lead id's length (a usize).
            agree(&[&varint[..], rest].concat(), &mut tally, "fingerprint");
            agree(&[&[0][..], &varint, rest].concat(), &mut tally, "length");
            // As the received count (a u32) after empty texts, and as a variant's index.
            agree(
                &[&[0, 0, 0][..], &varint, &[1][..], &varint].concat(),
                &mut tally,
                "u32",
            );
        }
    }
}

/// The fuzz corpus's raw inputs (kept for reaching deep into the old decoder) read alike.
#[test]
fn the_fuzz_corpus_reads_alike() {
    let mut tally = BTreeMap::new();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/corpus/state_bytes");
    for entry in std::fs::read_dir(dir).unwrap() {
        let data = std::fs::read(entry.unwrap().path()).unwrap();
        for body in [&data[..], data.get(4..).unwrap_or_default()] {
            agree(body, &mut tally, "corpus");
        }
    }
    println!("outcomes: {tally:#?}");
}

/// A state the engine made (every kind of accumulator holding times, events still held, a
/// trigger), as postcard wrote it until now: the same bytes, read back to the same state.
#[test]
fn a_state_the_engine_made_is_written_and_read_as_before() {
    let state = super::super::fits::tests::state(&super::super::fits::tests::scorer());
    let bytes = state.to_bytes();
    assert_eq!(bytes[3..], postcard::to_allocvec(&state).unwrap());
    assert_eq!(LeadState::from_bytes(&bytes).unwrap(), state);
    assert!(state.fold.rules.len() == 8 && !state.held.is_empty() && !state.refs.is_empty());
}
