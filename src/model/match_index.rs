//! An index from an event property's value to the rules that value can meet, per event type:
//! derived from the rules when a model is compiled or read (never written), so that matching
//! an event tests only the rules its value can meet and the rules the index cannot answer.
//!
//! A rule is indexed when the first test its filter runs is an `equals` or `in` of text, or a
//! `prefix`, on the property the type's rules index by (the one most of them test first). Such
//! a test holds only for text whose folded form (`condition::ascii_folded`) equals a literal or
//! starts with a prefix, and when it fails nothing else of the rule is run (so no warning is
//! lost by skipping it). An event whose value is not ASCII text, or is a list, tests every rule.
//! The candidates are then tested in full, in the type's order: the index only leaves out rules
//! that could not hold.

use super::{AttributePath, Model};
use crate::condition::FirstTest;
use crate::value::Value;

/// Literals longer than this (in bytes) are not indexed (their rules are always tested).
const KEY_BYTES: usize = 64;

/// Types with fewer indexed rules than this keep the plain scan (a lookup costs more than a
/// few failing tests).
const FEW_INDEXED: usize = 4;

/// The index for every event type of a model (None for a type it does not pay for).
#[derive(Clone, Default)]
pub(crate) struct MatchIndex {
    types: Vec<Option<TypeIndex>>,
}

impl std::fmt::Debug for MatchIndex {
    // Derived from the rules, so left out of a model's rendering (a model read by hand and one
    // read by postcard, which does not build it, render alike).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MatchIndex")
    }
}

/// One event type's index. Rules are named by their position in the type's rule list, as bits
/// of masks `words` u64s long: `masks[..words]` the rules always tested, then one mask per
/// literal (at the offset `exact` gives) and per prefix start (`prefixes`).
#[derive(Clone)]
struct TypeIndex {
    property: AttributePath,
    words: usize,
    masks: Vec<u64>,
    exact: Keys,
    /// The longest literal, in bytes: longer text meets none.
    longest: usize,
    /// The shortest prefix, in bytes: prefixes are keyed by that many bytes of their start.
    prefix_bytes: usize,
    prefixes: Keys,
}

/// Keys (a literal, or a prefix's start) with the offset of their mask, sorted by key and
/// searched by halves: as fast as a hash map for a type's few keys, with 570 bytes (gzipped) less
/// code in the scoring `.wasm`.
type Keys = Vec<(Box<[u8]>, usize)>;

fn find(keys: &Keys, key: &[u8]) -> Result<usize, usize> {
    keys.binary_search_by(|(known, _)| known.as_ref().cmp(key))
}

/// The rules (positions in the type's list) an event can meet.
pub(crate) enum Candidates<'i> {
    /// Every rule: the type has no index, or the value is not one it answers.
    All,
    /// The rules in the masks: the always-tested ones, those of the literal and those of the
    /// prefix start the value has.
    Some([Option<&'i [u64]>; 3]),
}

impl<'i> Candidates<'i> {
    /// The candidates' positions, in order, among a type's `count` rules.
    pub fn positions(self, count: usize) -> Positions<'i> {
        match self {
            Candidates::All => Positions::All(0..count),
            Candidates::Some(masks) => Positions::Some {
                masks,
                words: count.div_ceil(64),
                word: 0,
                bits: 0,
            },
        }
    }
}

/// The positions [`Candidates::positions`] gives: a mask's bits, word by word.
pub(crate) enum Positions<'i> {
    All(std::ops::Range<usize>),
    Some {
        masks: [Option<&'i [u64]>; 3],
        words: usize,
        /// The next word to read, and the bits left of the one before it.
        word: usize,
        bits: u64,
    },
}

impl Iterator for Positions<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        match self {
            Positions::All(range) => range.next(),
            Positions::Some {
                masks,
                words,
                word,
                bits,
            } => {
                while *bits == 0 {
                    if *word == *words {
                        return None;
                    }
                    *bits = (masks.iter().flatten()).fold(0, |bits, mask| bits | mask[*word]);
                    *word += 1;
                }
                let position = (*word - 1) * 64 + bits.trailing_zeros() as usize;
                *bits &= *bits - 1;
                Some(position)
            }
        }
    }
}

impl MatchIndex {
    pub fn new(model: &Model) -> MatchIndex {
        let types = (0..model.event_types.names.len())
            .map(|type_id| TypeIndex::new(model, model.event_types.rules(type_id as u32)))
            .collect();
        MatchIndex { types }
    }

    /// The property this type's index looks up, if it has one.
    pub fn property(&self, type_id: u32) -> Option<&AttributePath> {
        let index = self.types.get(type_id as usize)?.as_ref()?;
        Some(&index.property)
    }

    /// The candidates for an event of this type whose indexed property has `value`.
    pub fn candidates(&self, type_id: u32, value: Option<&Value>) -> Candidates<'_> {
        let Some(Some(index)) = self.types.get(type_id as usize) else {
            return Candidates::All;
        };
        let always = Some(&index.masks[..index.words]);
        let text = match value {
            // No indexed test holds for these (an `equals` or `in` of text, or a `prefix`,
            // holds only for text).
            None | Some(Value::Null | Value::Bool(_) | Value::Number(_) | Value::Object(_)) => {
                return Candidates::Some([always, None, None]);
            }
            Some(Value::List(_)) => return Candidates::All,
            Some(Value::Text(text)) => text,
        };
        let mut buffer = [0u8; KEY_BYTES];
        let wanted = index.longest.max(index.prefix_bytes);
        let Some((folded, length)) = crate::condition::ascii_folded(text, wanted, &mut buffer)
        else {
            return Candidates::All;
        };
        let mask = |offset: usize| &index.masks[offset..offset + index.words];
        // Text longer than every literal meets none (ASCII text folds to its own length); text
        // as long as the prefixes' start or longer is looked up by that start.
        let exact = (length <= index.longest)
            .then(|| {
                find(&index.exact, folded)
                    .ok()
                    .map(|at| mask(index.exact[at].1))
            })
            .flatten();
        let prefix = (length >= index.prefix_bytes && !index.prefixes.is_empty())
            .then(|| {
                let start = &folded[..index.prefix_bytes];
                find(&index.prefixes, start)
                    .ok()
                    .map(|at| mask(index.prefixes[at].1))
            })
            .flatten();
        Candidates::Some([always, exact, prefix])
    }
}

impl TypeIndex {
    fn new(model: &Model, rules: &[u32]) -> Option<TypeIndex> {
        // What each rule's first test can only hold for, and on which property.
        let firsts: Vec<Option<(&AttributePath, FirstTest)>> = (rules.iter())
            .map(|&rule| {
                let (property, condition) = model.intent.rules[rule as usize].filter.first()?;
                let first = condition.first_test()?;
                let fits = |literal: &String| literal.len() <= KEY_BYTES;
                let all_fit = match &first {
                    FirstTest::Exact(literals) => literals.iter().all(|l| fits(l)),
                    FirstTest::Prefix(prefixes) => prefixes.iter().all(fits),
                };
                all_fit.then_some((property, first))
            })
            .collect();
        // The property most rules test first.
        let mut counts: Vec<(&AttributePath, usize)> = Vec::new();
        for (property, _) in firsts.iter().flatten() {
            match counts.iter_mut().find(|(p, _)| p == property) {
                Some((_, count)) => *count += 1,
                None => counts.push((property, 1)),
            }
        }
        let (property, count) = (counts.iter()).fold(
            None,
            |best: Option<(&AttributePath, usize)>, &(p, c)| match best {
                Some((_, most)) if most >= c => best,
                _ => Some((p, c)),
            },
        )?;
        if count < FEW_INDEXED {
            return None;
        }
        let words = rules.len().div_ceil(64);
        let mut index = TypeIndex {
            property: property.clone(),
            words,
            masks: vec![0; words],
            exact: Vec::new(),
            longest: 0,
            prefix_bytes: usize::MAX,
            prefixes: Vec::new(),
        };
        for first in firsts.iter().flatten() {
            if let (p, FirstTest::Prefix(prefixes)) = first {
                if *p == property {
                    let shortest = prefixes.iter().map(|p| p.len()).min().unwrap_or(0);
                    index.prefix_bytes = index.prefix_bytes.min(shortest);
                }
            }
        }
        for (position, first) in firsts.iter().enumerate() {
            let set = |masks: &mut Vec<u64>, offset: usize| {
                masks[offset + position / 64] |= 1 << (position % 64);
            };
            match first {
                Some((p, FirstTest::Exact(literals))) if *p == property => {
                    for literal in literals {
                        let offset = index.bucket(literal.as_bytes(), false);
                        set(&mut index.masks, offset);
                        index.longest = index.longest.max(literal.len());
                    }
                }
                Some((p, FirstTest::Prefix(prefixes))) if *p == property => {
                    for prefix in prefixes.iter() {
                        let start = &prefix.as_bytes()[..index.prefix_bytes];
                        let offset = index.bucket(start, true);
                        set(&mut index.masks, offset);
                    }
                }
                _ => set(&mut index.masks, 0),
            }
        }
        if index.prefixes.is_empty() {
            index.prefix_bytes = 0;
        }
        Some(index)
    }

    /// The offset of the mask for `key` among the literals' or the prefixes', made if new.
    fn bucket(&mut self, key: &[u8], prefix: bool) -> usize {
        let map = if prefix {
            &mut self.prefixes
        } else {
            &mut self.exact
        };
        let at = match find(map, key) {
            Ok(at) => return map[at].1,
            Err(at) => at,
        };
        let offset = self.masks.len();
        self.masks.resize(offset + self.words, 0);
        map.insert(at, (key.into(), offset));
        offset
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "match_index_tests.rs"]
mod tests;
