//! Testing a value against a condition: text compared ignoring case (ASCII fast, Unicode
//! right), numbers read from numeric text, phrases matched as whole words.

use super::{fold, folded, words, Oddities, Scalar, Test};
use crate::number_text::parse_json_number;
use crate::value::Value;

impl Test {
    pub(super) fn holds(&self, value: Option<&Value>, oddities: &mut Oddities) -> bool {
        match self {
            Test::Exists(wanted) => value.is_some_and(Value::is_present) == *wanted,
            Test::Not(inner) => !inner.holds(value, oddities),
            _ => match value {
                None | Some(Value::Null) => false,
                Some(Value::List(items)) => items.iter().any(|v| self.holds_for(v, oddities)),
                Some(v) => self.holds_for(v, oddities),
            },
        }
    }

    fn holds_for(&self, value: &Value, oddities: &mut Oddities) -> bool {
        match self {
            Test::Equals(scalar) => scalar.matches(value),
            Test::In(scalars) => match value {
                // The text trimmed once, not once per literal.
                Value::Text(text) => {
                    let trimmed = trim(text);
                    scalars.iter().any(|s| s.matches_text(text, trimmed))
                }
                _ => scalars.iter().any(|s| s.matches(value)),
            },
            Test::ContainsAny(phrases) => value
                .as_text()
                .is_some_and(|text| contains_any_phrase(text, phrases)),
            Test::Prefix(prefixes) => value.as_text().is_some_and(|text| {
                let text = trim(text);
                prefixes.iter().any(|p| starts_with_ignore_case(text, p))
            }),
            Test::Suffix(suffixes) => value.as_text().is_some_and(|text| {
                let text = trim(text);
                suffixes.iter().any(|s| ends_with_ignore_case(text, s))
            }),
            Test::Min(bound) => numeric(value, oddities).is_some_and(|n| n >= *bound),
            Test::Max(bound) => numeric(value, oddities).is_some_and(|n| n <= *bound),
            Test::Above(bound) => numeric(value, oddities).is_some_and(|n| n > *bound),
            Test::Below(bound) => numeric(value, oddities).is_some_and(|n| n < *bound),
            Test::Exists(_) | Test::Not(_) => self.holds(Some(value), oddities),
        }
    }
}

impl Scalar {
    fn matches(&self, value: &Value) -> bool {
        match (self, value) {
            (_, Value::Text(text)) => self.matches_text(text, trim(text)),
            (Scalar::Number(wanted), Value::Number(n)) => n == wanted,
            (Scalar::Bool(wanted), Value::Bool(b)) => b == wanted,
            _ => false,
        }
    }

    /// Whether text matches (`trimmed` is the text's `trim`, which text literals compare with;
    /// numbers are read from the text as it is).
    fn matches_text(&self, text: &str, trimmed: &str) -> bool {
        match self {
            Scalar::Text(wanted) => eq_ignore_case(trimmed, wanted),
            Scalar::Number(wanted) => parse_number(text) == Some(*wanted),
            Scalar::Bool(_) => false,
        }
    }
}

/// The text without whitespace at either end, as `str::trim` gives it, without its scan when
/// both ends are plainly not whitespace (the usual case).
pub(super) fn trim(text: &str) -> &str {
    let plain = |b: &u8| b.is_ascii() && !char::from(*b).is_whitespace();
    match text.as_bytes() {
        [first, .., last] if plain(first) && plain(last) => text,
        [only] if plain(only) => text,
        _ => text.trim(),
    }
}

/// A number, or text that reads as one ("250", " 1e3 "); anything else is noted as odd.
fn numeric(value: &Value, oddities: &mut Oddities) -> Option<f64> {
    let n = match value {
        Value::Number(n) => Some(*n),
        Value::Text(text) => parse_number(text),
        _ => None,
    };
    if n.is_none() {
        oddities.not_a_number = true;
    }
    n
}

/// Numeric text as JSON writes numbers ("250", "-1.5e3"), with spaces around it allowed, read as
/// serde_json reads it (so the builds without serde_json read it alike).
fn parse_number(text: &str) -> Option<f64> {
    parse_json_number(text).filter(|n| n.is_finite())
}

fn eq_ignore_case(text: &str, lower: &str) -> bool {
    // ASCII text folds to text of its own length: of another length, it cannot be equal (most
    // `equals` and `in` literals are told apart so, without walking their common start).
    if text.len() != lower.len() && text.is_ascii() {
        return false;
    }
    match ascii_walk(text.bytes(), lower.bytes()) {
        // The text's lowercase can only be longer than what matched: equal if nothing is left.
        Walk::Matched => text.len() == lower.len(),
        Walk::Differ => false,
        Walk::NotAscii => folded(text).eq(lower.chars()),
    }
}

fn starts_with_ignore_case(text: &str, lower: &str) -> bool {
    match ascii_walk(text.bytes(), lower.bytes()) {
        Walk::Matched => true,
        Walk::Differ => false,
        Walk::NotAscii => {
            let mut chars = folded(text);
            lower.chars().all(|wanted| chars.next() == Some(wanted))
        }
    }
}

fn ends_with_ignore_case(text: &str, lower: &str) -> bool {
    // From the end, ASCII bytes are whole characters too, and lowercasing the characters
    // before them does not change them.
    match ascii_walk(text.bytes().rev(), lower.bytes().rev()) {
        Walk::Matched => true,
        Walk::Differ => false,
        Walk::NotAscii => fold(text).ends_with(lower),
    }
}

/// What comparing a text's bytes with lowercase `lower`'s, in step, found.
enum Walk {
    /// Every byte of `lower` met its ASCII letter or sign, lowercased, in the text.
    Matched,
    /// An ASCII byte of the text lowercases to something else, or the text (all ASCII so far)
    /// ran out first: while every byte before was ASCII, so are the characters, each
    /// lowercased to one, so the texts differ there.
    Differ,
    /// A byte of the text is not ASCII before that was decided: compare characters.
    NotAscii,
}

/// Walks `text` and `lower` byte by byte (from the start, or both reversed from the end) while
/// the text's bytes are ASCII, stopping at the first difference: most comparisons are decided
/// by the first byte or two, without reading the rest of the text.
fn ascii_walk(mut text: impl Iterator<Item = u8>, lower: impl Iterator<Item = u8>) -> Walk {
    for wanted in lower {
        match text.next() {
            None => return Walk::Differ,
            Some(byte) if !byte.is_ascii() => return Walk::NotAscii,
            Some(byte) if byte.to_ascii_lowercase() != wanted => return Walk::Differ,
            Some(_) => {}
        }
    }
    Walk::Matched
}

/// Whether any phrase's words occur consecutively among the words of `text`. The text is cut
/// into words once (on the stack, for texts of up to 32 words), not once per phrase.
fn contains_any_phrase(text: &str, phrases: &[Vec<String>]) -> bool {
    if text.is_ascii() {
        // The same words as `words` finds in ASCII text, cut and compared as bytes.
        let ascii_words =
            (text.as_bytes().split(|b| !b.is_ascii_alphanumeric())).filter(|w| !w.is_empty());
        return any_phrase_among(text, ascii_words, phrases, |word, wanted| {
            word.eq_ignore_ascii_case(wanted.as_bytes())
        });
    }
    any_phrase_among(text, words(text), phrases, eq_ignore_case)
}

/// `contains_any_phrase` over the text's words as `all` gives them, a word and a phrase's word
/// compared by `same`.
fn any_phrase_among<W: Copy + Default>(
    text: &str,
    all: impl Iterator<Item = W>,
    phrases: &[Vec<String>],
    same: impl Fn(W, &str) -> bool,
) -> bool {
    let mut cut = [W::default(); 32];
    let mut count = 0;
    for word in all {
        if count == cut.len() {
            return phrases.iter().any(|p| contains_phrase(text, p));
        }
        cut[count] = word;
        count += 1;
    }
    let cut = &cut[..count];
    phrases.iter().any(|phrase| {
        phrase.len() <= cut.len()
            && cut
                .windows(phrase.len())
                .any(|window| (window.iter().zip(phrase)).all(|(&word, wanted)| same(word, wanted)))
    })
}

/// Whether the words of `phrase` occur consecutively among the words of `text`.
fn contains_phrase(text: &str, phrase: &[String]) -> bool {
    let mut starts = words(text);
    loop {
        let mut probe = starts.clone();
        if phrase.iter().all(|wanted| {
            probe
                .next()
                .is_some_and(|word| eq_ignore_case(word, wanted))
        }) {
            return true;
        }
        if starts.next().is_none() {
            return false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The comparisons as they were before the ASCII walk: every answer must stay the same.
    fn eq_before(text: &str, lower: &str) -> bool {
        if text.is_ascii() {
            text.eq_ignore_ascii_case(lower)
        } else {
            folded(text).eq(lower.chars())
        }
    }

    fn starts_before(text: &str, lower: &str) -> bool {
        if text.is_ascii() {
            text.len() >= lower.len()
                && text.as_bytes()[..lower.len()].eq_ignore_ascii_case(lower.as_bytes())
        } else {
            let mut chars = folded(text);
            lower.chars().all(|wanted| chars.next() == Some(wanted))
        }
    }

    fn ends_before(text: &str, lower: &str) -> bool {
        if text.is_ascii() {
            text.len() >= lower.len()
                && text.as_bytes()[text.len() - lower.len()..]
                    .eq_ignore_ascii_case(lower.as_bytes())
        } else {
            fold(text).ends_with(lower)
        }
    }

    /// Every text of up to `count` pieces: ASCII, letters whose lowercase is ASCII (the Kelvin
    /// sign) or longer (İ), the final sigma, spaces of both kinds.
    fn texts(count: usize) -> Vec<String> {
        let pieces = [
            "", "a", "A", "k", "K", "\u{212A}", "i", "İ", "Σ", "σ", "ς", "é", "É", "ß", " ",
            "\u{A0}", "/p", "/P", "1",
        ];
        let mut all = vec![String::new()];
        for _ in 0..count {
            all = (all.iter())
                .flat_map(|text| pieces.iter().map(move |piece| format!("{text}{piece}")))
                .collect();
        }
        all.sort();
        all.dedup();
        all
    }

    #[test]
    fn the_ascii_walk_answers_as_the_character_comparisons_did() {
        let patterns: Vec<String> = (texts(2).iter()).map(|t| fold(t.trim())).collect();
        for text in &texts(3) {
            let text = trim(text);
            assert_eq!(text, text.trim(), "{text:?}");
            for lower in &patterns {
                assert_eq!(
                    eq_ignore_case(text, lower),
                    eq_before(text, lower),
                    "{text:?} = {lower:?}"
                );
                let starts = starts_with_ignore_case(text, lower);
                assert_eq!(
                    starts,
                    starts_before(text, lower),
                    "{text:?} starts {lower:?}"
                );
                let ends = ends_with_ignore_case(text, lower);
                assert_eq!(ends, ends_before(text, lower), "{text:?} ends {lower:?}");
            }
        }
    }

    #[test]
    fn trimming_skips_the_scan_only_when_it_changes_nothing() {
        for text in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\u{B}a",
            "a\u{C}",
            "\u{A0}a",
            "a\u{3000}",
            "ab",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn ascii_phrases_match_as_words_do() {
        let phrases = vec![
            vec!["vice".to_string(), "president".to_string()],
            vec!["cto".to_string()],
        ];
        for text in [
            "VP, Vice-President",
            "CTO",
            "Director",
            "vice presidents",
            "x cto1",
            "a-CTO-b",
            "",
        ] {
            let words: Vec<&str> = words(text).collect();
            let expected = phrases.iter().any(|phrase| {
                words
                    .windows(phrase.len())
                    .any(|w| w.iter().zip(phrase).all(|(a, b)| eq_before(a, b)))
            });
            assert_eq!(contains_any_phrase(text, &phrases), expected, "{text:?}");
        }
    }
}
