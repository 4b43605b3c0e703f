//! The rule table carried to another instance in bytes: what a reweigh reads of each row (the
//! fit rules that hold, each intent rule's counted events and units, the pass, whether required
//! fields are missing), so that an instance without the leads (a page's main thread, while its
//! worker holds them) answers an edit of points, caps, floors, the threshold, bands, grid or MQL
//! minimums itself, with the same arithmetic and so exactly the same standings.
//!
//! Layout, little-endian: `LSRT`, a version byte, the as-of time (i64 ms), the counts of leads,
//! fit rules and intent rules (u32 each), then per lead a byte of [`Parts`] bits, the last
//! engagement (i64) and the trigger (rule u32, at i64, event u32) when the bits say so, a byte
//! per fit rule (1: it holds) and per intent rule its counted events (u32) and units (f64).

use super::standings::{RowParts, Standings};
use crate::engine::accumulator::RuleTally;
use crate::engine::fold::{Hit, IntentPass};
use crate::engine::{RuleRow, Scorer};
use crate::error::InputError;
use crate::time::Timestamp;

const MAGIC: &[u8; 4] = b"LSRT";
const VERSION: u8 = 1;

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
    let mut out = Vec::with_capacity(32 + rows.len() * (2 + rules.0 + 12 * rules.1));
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
        if let Some(last) = pass.last_engagement {
            out.extend_from_slice(&last.to_le_bytes());
        }
        if let Some(hit) = pass.trigger {
            out.extend_from_slice(&hit.rule.to_le_bytes());
            out.extend_from_slice(&hit.at.to_le_bytes());
            out.extend_from_slice(&hit.event.to_le_bytes());
        }
        out.extend(row.fit_holds().iter().map(|&holds| u8::from(holds)));
        for tally in row.intent_tallies() {
            out.extend_from_slice(&tally.counted.to_le_bytes());
            out.extend_from_slice(&tally.units.to_le_bytes());
        }
    }
    out
}

/// Where every lead of a carried table stands under `scorer`'s model, or None when that model
/// is not of the shape of `tabulated`, the model the table was made for. Bytes that are not such
/// a table for `tabulated`'s rules are an error.
pub(super) fn reweigh(
    table: &[u8],
    tabulated: &Scorer,
    scorer: &Scorer,
) -> Result<Option<Standings>, InputError> {
    let mut bytes = Bytes {
        rest: table,
        len: table.len(),
    };
    if table.get(..5) != Some(&[MAGIC.as_slice(), &[VERSION]].concat()[..]) {
        return Err(bytes.bad("is not a carried rule table (of this version)"));
    }
    bytes.take(5)?;
    let as_of = Timestamp::from_millis(bytes.i64()?).ok_or_else(|| bytes.bad("bad as-of time"))?;
    let [leads, fit_rules, intent_rules] = [bytes.u32()?, bytes.u32()?, bytes.u32()?];
    let model = tabulated.model();
    if (fit_rules as usize, intent_rules as usize)
        != (model.fit.rules.len(), model.intent.rules.len())
    {
        return Err(bytes.bad("was made for a model with other rules"));
    }
    if !model.same_shape(scorer.model()) {
        return Ok(None);
    }
    let mut standings = Standings::with_capacity(leads as usize);
    standings.as_of = (leads > 0).then_some(as_of);
    let (mut fit, mut tallies, mut scratch) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..leads {
        let bits = bytes.byte()?;
        let on = |bit: u8| bits & bit != 0;
        let last_engagement = on(Parts::LAST_ENGAGEMENT)
            .then(|| bytes.i64())
            .transpose()?;
        let trigger = on(Parts::TRIGGER)
            .then(|| -> Result<Hit, InputError> {
                let (rule, at, event) = (bytes.u32()?, bytes.i64()?, bytes.u32()?);
                Ok(Hit { rule, at, event })
            })
            .transpose()?;
        let pass = IntentPass {
            last_engagement,
            trigger,
            disqualified: on(Parts::DISQUALIFIED),
        };
        fit.clear();
        fit.extend(bytes.take(fit_rules as usize)?.iter().map(|&b| b != 0));
        tallies.clear();
        for _ in 0..intent_rules {
            let counted = bytes.u32()?;
            let units = f64::from_le_bytes(bytes.array()?);
            tallies.push(RuleTally {
                counted,
                units,
                ..RuleTally::default()
            });
        }
        let row = RowParts {
            as_of,
            fit: &fit,
            tallies: &tallies,
            pass: &pass,
            incomplete: on(Parts::INCOMPLETE),
        };
        scorer.stand(&row, &mut scratch, &mut standings);
    }
    if !bytes.rest.is_empty() {
        return Err(bytes.bad("has bytes after its last lead"));
    }
    Ok(Some(standings))
}

/// The bytes of a carried table not read yet.
struct Bytes<'a> {
    rest: &'a [u8],
    /// The whole table's length, to say where a problem is.
    len: usize,
}

impl<'a> Bytes<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], InputError> {
        if self.rest.len() < n {
            return Err(self.bad("ends early"));
        }
        let (head, rest) = self.rest.split_at(n);
        self.rest = rest;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], InputError> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    fn byte(&mut self) -> Result<u8, InputError> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, InputError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn i64(&mut self) -> Result<i64, InputError> {
        Ok(i64::from_le_bytes(self.array()?))
    }

    fn bad(&self, what: &str) -> InputError {
        let at = self.len - self.rest.len();
        InputError::new("table", format!("the rule table {what} (at byte {at})"))
    }
}
