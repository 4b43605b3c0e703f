//! Where every lead stands in compact columns, for a view of many leads (the simulator's page):
//! points as 32-bit whole numbers, the band and the MQL decision a byte each, the grid cell's
//! bands 16 bits each, and the counts such a view takes from them (how many MQLs, how many leads
//! per band, the lowest and highest total), made in one pass over the standings, and how each
//! lead changed against a baseline's columns. Each value is exactly what JavaScript makes of the
//! standings' own columns when it stores them in arrays of those types (`Int32Array` of the
//! `Float64Array` of points, and so on), so a view reads the same figures from either.

use super::standings::{flags, Standings, NO_BAND};

/// A band byte meaning "no band" (as a view's `Uint8Array` of band positions holds it).
pub const NO_BAND_BYTE: u8 = u8::MAX;

/// The band bytes there are: [`CompactStandings::band_counts`] has one count for each.
pub const BAND_BYTES: usize = 256;

/// Every lead's standing in compact columns, lead by lead, with the counts over them.
#[derive(Debug, Clone, PartialEq)]
pub struct CompactStandings {
    pub totals: Vec<i32>,
    pub fit: Vec<i32>,
    pub intent: Vec<i32>,
    /// The position of the lead's band (modulo 256), or [`NO_BAND_BYTE`].
    pub band: Vec<u8>,
    /// 1 for an MQL, else 0.
    pub mql: Vec<u8>,
    /// The grid cell's band positions (modulo 2^16, as signed), or -1.
    pub fit_band: Vec<i16>,
    pub intent_band: Vec<i16>,
    /// How many leads are MQLs.
    pub mqls: u32,
    /// How many leads have each band byte.
    pub band_counts: Vec<u32>,
    /// The lowest and the highest of `totals`, None for no lead.
    pub range: Option<(i32, i32)>,
}

impl Default for CompactStandings {
    fn default() -> Self {
        CompactStandings {
            totals: Vec::new(),
            fit: Vec::new(),
            intent: Vec::new(),
            band: Vec::new(),
            mql: Vec::new(),
            fit_band: Vec::new(),
            intent_band: Vec::new(),
            mqls: 0,
            band_counts: vec![0; BAND_BYTES],
            range: None,
        }
    }
}

impl CompactStandings {
    /// `standings` in compact columns.
    pub fn of(standings: &Standings) -> CompactStandings {
        let mut compact = CompactStandings::default();
        compact.fill(standings);
        compact
    }

    /// Makes these columns and counts `standings`' (reusing the columns' memory).
    pub fn fill(&mut self, standings: &Standings) {
        let n = standings.len();
        for column in [&mut self.totals, &mut self.fit, &mut self.intent] {
            column.clear();
            column.reserve(n);
        }
        self.totals
            .extend(standings.total.iter().map(|&p| int32(p)));
        self.fit.extend(standings.fit.iter().map(|&p| int32(p)));
        self.intent
            .extend(standings.intent.iter().map(|&p| int32(p)));
        self.band.clear();
        self.band
            .extend(standings.band.iter().map(|&p| band_byte(p)));
        self.mql.clear();
        (self.mql).extend(
            standings
                .flags
                .iter()
                .map(|f| u8::from(f & flags::MQL != 0)),
        );
        self.fit_band.clear();
        self.fit_band
            .extend(standings.fit_band.iter().map(|&p| position16(p)));
        self.intent_band.clear();
        (self.intent_band).extend(standings.intent_band.iter().map(|&p| position16(p)));
        self.mqls = self.mql.iter().map(|&m| u32::from(m)).sum();
        self.band_counts.clear();
        self.band_counts.resize(BAND_BYTES, 0);
        for &band in &self.band {
            self.band_counts[usize::from(band)] += 1;
        }
        self.range = (self.totals.iter().copied()).fold(None, |range, total| match range {
            None => Some((total, total)),
            Some((low, high)) => Some((low.min(total), high.max(total))),
        });
    }
}

/// Points as JavaScript stores the number `points as f64` in an `Int32Array` (ToInt32: the
/// whole number modulo 2^32, as signed): the points themselves from -2^31 to 2^31 - 1.
pub fn int32(points: i64) -> i32 {
    match i32::try_from(points) {
        Ok(points) => points,
        // Whole and finite: the remainder is exact, and below 2^32.
        Err(_) => (points as f64).rem_euclid(4_294_967_296.0) as u32 as i32,
    }
}

/// A band position as a view stores it: -1 for none (or one past 32 bits), then as JavaScript
/// stores that number in a `Uint8Array` (modulo 256), -1 as [`NO_BAND_BYTE`].
pub fn band_byte(position: u32) -> u8 {
    match signed_position(position) {
        -1 => NO_BAND_BYTE,
        position => position as u8,
    }
}

/// A grid band position as a view stores it: -1 for none, then as JavaScript stores that number
/// in an `Int16Array` (modulo 2^16, as signed).
pub fn position16(position: u32) -> i16 {
    signed_position(position) as i16
}

/// A position as the standings' `Int32Array` columns give it to JavaScript: -1 for none.
fn signed_position(position: u32) -> i32 {
    if position == NO_BAND {
        -1
    } else {
        i32::try_from(position).unwrap_or(-1)
    }
}

/// How each lead changed against a baseline's compact columns, as the page ranks a change:
/// it became an MQL, it is no longer one, its band's name changed, or neither.
pub mod change {
    pub const BECAME_MQL: u8 = 0;
    pub const NO_LONGER_MQL: u8 = 1;
    pub const BAND: u8 = 2;
    pub const NONE: u8 = 3;
}

/// A baseline's compact columns that answers are compared with: its MQL and band columns and
/// its band names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Baseline {
    pub mql: Vec<u8>,
    pub band: Vec<u8>,
    pub bands: Vec<String>,
}

/// The name a band byte stands for, as the page reads it: none for [`NO_BAND_BYTE`], missing for
/// a position past the names (JavaScript's `null` and `undefined`, which differ).
#[derive(Debug, Clone, Copy, PartialEq)]
enum BandName<'a> {
    None,
    Missing,
    Named(&'a str),
}

fn band_name<S: AsRef<str>>(names: &[S], band: u8) -> BandName<'_> {
    match band {
        NO_BAND_BYTE => BandName::None,
        band => (names.get(usize::from(band)))
            .map_or(BandName::Missing, |n| BandName::Named(n.as_ref())),
    }
}

/// Each band byte's name as a number, the same for the same name, for `before`'s names and
/// `after`'s: a lead's band changed when its two bytes' numbers differ.
fn name_ids<'a, S: AsRef<str>, T: AsRef<str>>(
    before: &'a [S],
    after: &'a [T],
) -> ([u16; BAND_BYTES], [u16; BAND_BYTES]) {
    let mut distinct: Vec<BandName<'a>> = Vec::new();
    let mut id = |name: BandName<'a>| -> u16 {
        let found = distinct.iter().position(|known| *known == name);
        let at = found.unwrap_or_else(|| {
            distinct.push(name);
            distinct.len() - 1
        });
        // At most 2 + 2 × 256 names.
        at as u16
    };
    let before_ids = std::array::from_fn(|b| id(band_name(before, b as u8)));
    let after_ids = std::array::from_fn(|a| id(band_name(after, a as u8)));
    (before_ids, after_ids)
}

/// Each lead's change (a [`change`] rank) from `baseline` to `after`, whose band names are
/// `names`, into `ranks`, and how many leads have each rank; None when the two are not of the
/// same leads (other lengths).
pub fn change_ranks<S: AsRef<str>>(
    baseline: &Baseline,
    after: &CompactStandings,
    names: &[S],
    ranks: &mut Vec<u8>,
) -> Option<[u32; 4]> {
    let n = after.mql.len();
    if baseline.mql.len() != n || baseline.band.len() != n {
        return None;
    }
    let (before_ids, after_ids) = name_ids(&baseline.bands, names);
    let mut counts = [0; 4];
    ranks.clear();
    ranks.extend((0..n).map(|i| {
        let rank = if baseline.mql[i] != after.mql[i] {
            if after.mql[i] != 0 {
                change::BECAME_MQL
            } else {
                change::NO_LONGER_MQL
            }
        } else if before_ids[usize::from(baseline.band[i])] == after_ids[usize::from(after.band[i])]
        {
            change::NONE
        } else {
            change::BAND
        };
        counts[usize::from(rank)] += 1;
        rank
    }));
    Some(counts)
}
