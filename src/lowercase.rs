//! A character's lowercase, exactly as `char::to_lowercase` gives it, from the crate's own compact
//! table (build.rs writes it from `char::to_lowercase`): runs of characters sharing one offset to
//! their lowercase, a few hundred entries where the standard library's table has one per
//! character, which the small engine's `.wasm` would otherwise carry.

/// The lowercase of `c`: one character, or (for İ) more. The builds with `json` link the
/// standard library's table anyway (the model compiler's spelling hints and accounts section
/// lowercase whole texts), so they take `char::to_lowercase` itself; the small engine, without
/// `json`, the crate's table (its `.wasm` then carries no other lowercase table).
#[cfg(feature = "json")]
pub fn lowercase(c: char) -> impl Iterator<Item = char> + Clone {
    c.to_lowercase()
}

#[cfg(not(feature = "json"))]
pub use table::lowercase;

#[cfg(any(test, not(feature = "json")))]
mod table {
    include!(concat!(env!("OUT_DIR"), "/lowercase_table.rs"));

    /// The lowercase of `c` from the crate's table.
    pub fn lowercase(c: char) -> Lowercase {
        if c.is_ascii() {
            return Lowercase::One(Some(c.to_ascii_lowercase()));
        }
        if let Some(&(_, lower)) = LONGER.iter().find(|(upper, _)| *upper == c) {
            return Lowercase::Several(lower.chars());
        }
        Lowercase::One(Some(char::from_u32(single(c as u32)).unwrap_or(c)))
    }

    /// The one-character lowercase of `c` (as a code point): its run's offset added, or `c` itself.
    fn single(c: u32) -> u32 {
        let Some(run) = RUN_STARTS
            .partition_point(|&start| start <= c)
            .checked_sub(1)
        else {
            return c;
        };
        let shape = RUN_SHAPES[run];
        let offset = (shape as i32) >> LENGTH_BITS;
        let length = (shape >> 1) & ((1 << (LENGTH_BITS - 1)) - 1);
        let every_other = shape & 1;
        let step = c - RUN_STARTS[run];
        if step & every_other == 0 && step >> every_other < length {
            c.wrapping_add_signed(offset)
        } else {
            c
        }
    }

    /// The characters of a lowercase, as [`lowercase`] gives them.
    #[derive(Debug, Clone)]
    pub enum Lowercase {
        One(Option<char>),
        Several(core::str::Chars<'static>),
    }

    impl Iterator for Lowercase {
        type Item = char;

        fn next(&mut self) -> Option<char> {
            match self {
                Lowercase::One(c) => c.take(),
                Lowercase::Several(chars) => chars.next(),
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn every_character_lowercases_as_the_standard_library_does() {
            for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
                assert!(
                    lowercase(c).eq(c.to_lowercase()),
                    "U+{:04X}: {:?} against {:?}",
                    c as u32,
                    lowercase(c).collect::<String>(),
                    c.to_lowercase().collect::<String>()
                );
            }
        }

        #[test]
        fn the_table_is_runs_not_one_entry_per_character() {
            let changed = (0..=char::MAX as u32)
                .filter_map(char::from_u32)
                .filter(|&c| !c.to_lowercase().eq([c]))
                .count();
            assert!(RUN_STARTS.len() * 3 < changed, "{} runs", RUN_STARTS.len());
            assert!(LONGER
                .iter()
                .any(|&(c, lower)| c == 'İ' && lower == "i\u{307}"));
        }
    }
}
