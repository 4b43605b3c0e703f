//! The rule table carried to another instance in bytes: what a reweigh reads of each row (the
//! fit rules that hold, each intent rule's counted events and units, the pass, whether required
//! fields are missing), so that an instance without the leads (a page's main thread, while its
//! worker holds them) answers an edit of points, caps, floors, the threshold, bands, grid or MQL
//! minimums itself, with the same arithmetic and so exactly the same standings.
//!
//! Layout, little-endian: `LSRT`, a version byte, the as-of time (i64 ms), the counts of leads,
//! fit rules and intent rules (u32 each), then one row of the same width per lead: a byte of
//! [`Parts`] bits, the last engagement (i64), the trigger (rule u32, at i64, event u32), a byte
//! per fit rule (1: it holds), and per intent rule its counted events (u32) and units (f64). The
//! rows' width is fixed so that the bytes are checked once, then read without a check per field.

use super::standings::{LeadPoints, RowParts, Standings};
use crate::engine::fold::{Hit, IntentPass};
use crate::engine::{RuleRow, Scorer};
use crate::error::InputError;
use crate::time::Timestamp;

const MAGIC: &[u8; 4] = b"LSRT";
const VERSION: u8 = 2;
/// The header's bytes: magic, version, as-of time, three counts.
const HEADER: usize = 4 + 1 + 8 + 3 * 4;

/// The bytes of one row for a model of `fit` and `intent` rules.
const fn row_width(fit: usize, intent: usize) -> usize {
    1 + 8 + 16 + fit + 12 * intent
}

/// Bits of a row's first byte.
struct Parts;
impl Parts {
    const INCOMPLETE: u8 = 1;
    const DISQUALIFIED: u8 = 2;
    const TRIGGER: u8 = 4;
    const LAST_ENGAGEMENT: u8 = 8;
}

/// The rows, tabulated as of `as_of` for a model of `fit_rules` and `intent_rules`, in bytes.
pub(super) fn carry(rows: &[RuleRow], as_of: Timestamp, rules: (usize, usize)) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + rows.len() * row_width(rules.0, rules.1));
    out.extend_from_slice(MAGIC);
    out.push(VERSION);
    out.extend_from_slice(&as_of.millis().to_le_bytes());
    for count in [rows.len(), rules.0, rules.1] {
        out.extend_from_slice(&u32::try_from(count).unwrap_or(u32::MAX).to_le_bytes());
    }
    for row in rows {
        let pass = row.pass();
        let bits = [
            (row.incomplete(), Parts::INCOMPLETE),
            (pass.disqualified, Parts::DISQUALIFIED),
            (pass.trigger.is_some(), Parts::TRIGGER),
            (pass.last_engagement.is_some(), Parts::LAST_ENGAGEMENT),
        ];
        out.push(
            bits.iter()
                .filter(|(on, _)| *on)
                .fold(0, |b, (_, bit)| b | bit),
        );
        out.extend_from_slice(&pass.last_engagement.unwrap_or(0).to_le_bytes());
        let hit = pass.trigger.unwrap_or(Hit {
            rule: 0,
            at: 0,
            event: 0,
        });
        out.extend_from_slice(&hit.rule.to_le_bytes());
        out.extend_from_slice(&hit.at.to_le_bytes());
        out.extend_from_slice(&hit.event.to_le_bytes());
        out.extend(row.fit_holds().iter().map(|&holds| u8::from(holds)));
        for tally in row.intent_tallies() {
            out.extend_from_slice(&tally.counted.to_le_bytes());
            out.extend_from_slice(&tally.units.to_le_bytes());
        }
    }
    out
}

/// A carried table's header, checked against the model it was made for, and its rows.
pub(super) struct Checked<'t> {
    pub as_of: Timestamp,
    pub leads: usize,
    pub fit_rules: usize,
    pub width: usize,
    pub body: &'t [u8],
}

/// Checks that `table` is a carried table for `tabulated`'s rules (its header, and rows of the
/// width those rules take for every lead), else an error whose path is `table`.
pub(super) fn check<'t>(table: &'t [u8], tabulated: &Scorer) -> Result<Checked<'t>, InputError> {
    let bad = |what: &str| InputError::new("table", format!("the rule table {what}"));
    if table.get(..4) != Some(MAGIC) || table.get(4) != Some(&VERSION) {
        return Err(bad("is not a carried rule table (of this version)"));
    }
    let header = table.get(..HEADER).ok_or_else(|| bad("ends early"))?;
    let as_of = Timestamp::from_millis(i64::from_le_bytes(word(header, 5)))
        .ok_or_else(|| bad("has a bad as-of time"))?;
    let [leads, fit_rules, intent_rules] =
        [13, 17, 21].map(|at| u32::from_le_bytes(word(header, at)) as usize);
    let model = tabulated.model();
    if (fit_rules, intent_rules) != (model.fit.rules.len(), model.intent.rules.len()) {
        return Err(bad("was made for a model with other rules"));
    }
    let width = row_width(fit_rules, intent_rules);
    let body = &table[HEADER..];
    if leads.checked_mul(width) != Some(body.len()) {
        return Err(bad(&format!(
            "holds {} bytes of rows where {leads} leads take {width} each",
            body.len()
        )));
    }
    Ok(Checked {
        as_of,
        leads,
        fit_rules,
        width,
        body,
    })
}

/// Whether `table` is a carried table for `tabulated`'s rules, else an error whose path is
/// `table` (what [`reweigh`] checks first): for an instance that keeps a table to reweigh from.
pub(super) fn check_only(table: &[u8], tabulated: &Scorer) -> Result<(), InputError> {
    check(table, tabulated).map(|_| ())
}

/// Where every lead of a carried table stands under `scorer`'s model, or None when that model
/// is not of the shape of `tabulated`, the model the table was made for. Bytes that are not such
/// a table for `tabulated`'s rules are an error.
pub(super) fn reweigh(
    table: &[u8],
    tabulated: &Scorer,
    scorer: &Scorer,
) -> Result<Option<Standings>, InputError> {
    let Checked {
        as_of,
        leads,
        fit_rules,
        width,
        body,
    } = check(table, tabulated)?;
    if !tabulated.model().same_shape(scorer.model()) {
        return Ok(None);
    }
    let mut standings = Standings::with_capacity(leads);
    standings.as_of = (leads > 0).then_some(as_of);
    for row in body.chunks_exact(width) {
        decide_row(scorer, row, as_of, &mut standings, |pass| {
            // Read from the row's bytes as they are summed: no row of rule tallies built first.
            let (holds, intent) = row[25..].split_at(fit_rules);
            let tallies = intent.chunks_exact(12).map(|tally| {
                let counted = u32::from_le_bytes(word(tally, 0));
                (counted, f64::from_le_bytes(word(tally, 4)))
            });
            scorer.points_from(holds.iter().map(|&b| b != 0), tallies, pass.disqualified)
        });
    }
    Ok(Some(standings))
}

/// Appends where a row's lead stands under `scorer`'s model, with the points `points` gives it
/// from the row's pass.
pub(super) fn decide_row(
    scorer: &Scorer,
    row: &[u8],
    as_of: Timestamp,
    out: &mut Standings,
    points: impl FnOnce(&IntentPass) -> LeadPoints,
) {
    with_row_parts(row, as_of, |pass, parts| {
        scorer.decide(points(pass), parts, out)
    });
}

/// Calls `f` with a row's pass and what deciding its lead reads of the row as of `as_of` (the
/// pass alone: a carried row's points come whole, with no fit rules or tallies to read).
pub(super) fn with_row_parts<R>(
    row: &[u8],
    as_of: Timestamp,
    f: impl FnOnce(&IntentPass, &RowParts) -> R,
) -> R {
    let (pass, incomplete) = row_pass(row);
    let parts = RowParts {
        as_of,
        fit: &[],
        tallies: &[],
        pass: &pass,
        incomplete,
    };
    f(&pass, &parts)
}

/// A row's pass (its last engagement, trigger and disqualifying event) and whether its lead
/// lacks a required field: the row's first bytes.
fn row_pass(row: &[u8]) -> (IntentPass, bool) {
    let on = |bit: u8| row[0] & bit != 0;
    let pass = IntentPass {
        last_engagement: on(Parts::LAST_ENGAGEMENT).then(|| i64::from_le_bytes(word(row, 1))),
        trigger: on(Parts::TRIGGER).then(|| Hit {
            rule: u32::from_le_bytes(word(row, 9)),
            at: i64::from_le_bytes(word(row, 13)),
            event: u32::from_le_bytes(word(row, 21)),
        }),
        disqualified: on(Parts::DISQUALIFIED),
    };
    (pass, on(Parts::INCOMPLETE))
}

/// The `N` bytes at `at` of bytes whose length was checked.
fn word<const N: usize>(bytes: &[u8], at: usize) -> [u8; N] {
    let mut word = [0; N];
    word.copy_from_slice(&bytes[at..at + N]);
    word
}
