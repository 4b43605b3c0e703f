//! Writes a state's body as postcard writes it from the derives (the encoding is in `bytes.rs`).

use super::super::{FoldedRef, HeldEvent, HeldKind, LeadState, Matches};
use crate::engine::accumulator::Acc;
use crate::engine::crossing::Crossing;
use crate::engine::fold::{Fold, Hit, RuleState};
use crate::engine::prepare::WarningLog;
use crate::result::{Warning, WarningCode};

pub(super) struct Output<'b> {
    pub bytes: &'b mut Vec<u8>,
}

impl Output<'_> {
    // Out of line, as `string` and `times`: inlined into each of the state's fields they cost
    // 0.7 KB gzipped (with names kept: 240,244 against 239,575 bytes), on no hot path.
    #[inline(never)]
    fn varint(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.bytes.push(value as u8 | 0x80);
            value >>= 7;
        }
        self.bytes.push(value as u8);
    }

    fn u32(&mut self, value: u32) {
        self.varint(u64::from(value));
    }

    fn len(&mut self, len: usize) {
        self.varint(len as u64);
    }

    fn i64(&mut self, value: i64) {
        self.varint(((value << 1) ^ (value >> 63)) as u64);
    }

    fn f64(&mut self, value: f64) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    #[inline(never)]
    fn string(&mut self, text: &str) {
        self.len(text.len());
        self.bytes.extend_from_slice(text.as_bytes());
    }

    fn option<T>(&mut self, value: Option<T>, item: impl FnOnce(&mut Self, T)) {
        match value {
            None => self.bytes.push(0),
            Some(value) => {
                self.bytes.push(1);
                item(self, value);
            }
        }
    }

    fn list<T>(
        &mut self,
        items: impl ExactSizeIterator<Item = T>,
        mut item: impl FnMut(&mut Self, T),
    ) {
        self.len(items.len());
        for value in items {
            item(self, value);
        }
    }

    #[inline(never)]
    fn times<'t>(&mut self, times: impl ExactSizeIterator<Item = &'t i64>) {
        self.list(times, |output, &at| output.i64(at));
    }

    fn pair(&mut self, (first, count): (u32, u32)) {
        self.u32(first);
        self.u32(count);
    }

    pub fn state(&mut self, state: &LeadState) {
        self.varint(state.model);
        self.string(&state.lead_id);
        self.string(&state.attributes);
        self.u32(state.received);
        self.fold(&state.fold);
        self.option(state.crossing, |output, Crossing { at, event }| {
            output.i64(at);
            output.u32(event);
        });
        self.option(state.folded_until, Self::i64);
        self.list(state.held.iter(), Self::held);
        self.list(state.folded_ids.iter(), |output, &hash| output.varint(hash));
        self.list(state.refs.iter(), Self::folded_ref);
        self.log(&state.log);
    }

    fn fold(&mut self, fold: &Fold) {
        self.list(fold.rules.iter(), |output, RuleState { matched, acc }| {
            output.u32(*matched);
            output.acc(acc);
        });
        self.option(fold.last_engagement, Self::i64);
        self.option(fold.instant, |output, Hit { rule, at, event }| {
            output.u32(rule);
            output.i64(at);
            output.u32(event);
        });
        self.f64(fold.positive);
        self.option(fold.newest, Self::i64);
    }

    fn acc(&mut self, acc: &Acc) {
        match acc {
            Acc::Count { counted, newest } => {
                self.u32(0);
                self.u32(*counted);
                self.option(*newest, Self::i64);
            }
            Acc::HalfLife { counted, sum, at } => {
                self.u32(1);
                self.u32(*counted);
                self.f64(*sum);
                self.i64(*at);
            }
            Acc::Horizon {
                counted,
                settled,
                recent,
            } => {
                self.u32(2);
                self.u32(*counted);
                self.u32(*settled);
                self.times(recent.iter());
            }
            Acc::Newest { times } => {
                self.u32(3);
                self.times(times.iter());
            }
            Acc::PerPeriod {
                closed,
                bucket,
                times,
            } => {
                self.u32(4);
                self.acc(closed);
                self.option(*bucket, Self::i64);
                self.times(times.iter());
            }
            Acc::Trailing { times } => {
                self.u32(5);
                self.times(times.iter());
            }
            Acc::Sliding { times, met } => {
                self.u32(6);
                self.times(times.iter());
                self.option(*met, Self::i64);
            }
        }
    }

    fn held(&mut self, event: &HeldEvent) {
        self.i64(event.at);
        self.u32(event.index);
        self.option(event.id.as_deref(), Self::string);
        match &event.kind {
            HeldKind::Known(type_id) => {
                self.u32(0);
                self.u32(*type_id);
            }
            HeldKind::Unknown(name) => {
                self.u32(1);
                self.string(name);
            }
        }
        match &event.matches {
            Matches::Few(len, few) => {
                self.u32(0);
                self.bytes.push(*len);
                few.iter().for_each(|&rule| self.u32(rule));
            }
            Matches::Many(many) => {
                self.u32(1);
                self.list(many.iter(), |output, &rule| output.u32(rule));
            }
        }
        self.list(event.oddities.iter(), |output, (path, rule_id, shown)| {
            output.string(path);
            output.string(rule_id);
            output.string(shown);
        });
    }

    fn folded_ref(&mut self, folded: &FoldedRef) {
        self.u32(folded.index);
        self.option(folded.id.as_deref(), Self::string);
        self.u32(folded.type_id);
        self.i64(folded.at);
    }

    fn log(&mut self, log: &WarningLog) {
        self.list(log.unknown_types.iter(), |output, (kind, first, count)| {
            output.string(kind);
            output.pair((*first, *count));
        });
        self.option(log.after_as_of, Self::pair);
        self.option(log.duplicates, Self::pair);
        self.option(log.late, Self::pair);
        self.list(log.not_numbers.iter(), Self::warning);
    }

    fn warning(&mut self, warning: &Warning) {
        self.u32(match warning.code {
            WarningCode::UnknownEventType => 0,
            WarningCode::EventAfterAsOf => 1,
            WarningCode::DuplicateEventId => 2,
            WarningCode::LateEvent => 3,
            WarningCode::NotANumber => 4,
        });
        self.string(&warning.message);
        self.string(&warning.path);
        self.u32(warning.count);
    }
}
