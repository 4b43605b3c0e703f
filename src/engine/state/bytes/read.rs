//! Reads a state's body as postcard reads it through the derives (the encoding is in
//! `postcard_read.rs`), failing where postcard fails with the same
//! [`Damaged`](crate::postcard_read::Damaged).

use super::super::{FoldedRef, HeldEvent, HeldKind, LeadState, Matches};
use crate::engine::accumulator::Acc;
use crate::engine::crossing::Crossing;
use crate::engine::fold::{Fold, Hit, RuleState};
use crate::engine::prepare::WarningLog;
use crate::postcard_read::{Damaged, Input};
use crate::result::{Warning, WarningCode};
use std::collections::VecDeque;

type Read<T> = Result<T, Damaged>;

// Out of line, as the reader's `varint` and `string`: smaller, on no hot path.
#[inline(never)]
fn times(input: &mut Input) -> Read<VecDeque<i64>> {
    Ok(input.list(Input::i64)?.into())
}

fn pair(input: &mut Input) -> Read<(u32, u32)> {
    Ok((input.u32()?, input.u32()?))
}

pub(super) fn state(input: &mut Input) -> Read<LeadState> {
    Ok(LeadState {
        model: input.u64()?,
        lead_id: input.string()?,
        attributes: input.string()?,
        received: input.u32()?,
        fold: fold(input)?,
        crossing: input.option(|input| {
            Ok(Crossing {
                at: input.i64()?,
                event: input.u32()?,
            })
        })?,
        folded_until: input.option(Input::i64)?,
        held: input.list(held)?.into(),
        folded_ids: input.list(Input::u64)?.into(),
        refs: input.list(folded_ref)?,
        log: log(input)?,
    })
}

fn fold(input: &mut Input) -> Read<Fold> {
    Ok(Fold {
        rules: input.list(|input| {
            Ok(RuleState {
                matched: input.u32()?,
                acc: acc(input, 7)?,
            })
        })?,
        last_engagement: input.option(Input::i64)?,
        instant: input.option(|input| {
            Ok(Hit {
                rule: input.u32()?,
                at: input.i64()?,
                event: input.u32()?,
            })
        })?,
        positive: input.f64()?,
        newest: input.option(Input::i64)?,
    })
}

/// An accumulator of one of the first `kinds` kinds. A per-period limit's closed periods
/// are one of the first three (never another limit), so nesting stops a level down however
/// the bytes nest limits.
fn acc(input: &mut Input, kinds: u32) -> Read<Acc> {
    Ok(match input.variant(kinds)? {
        0 => Acc::Count {
            counted: input.u32()?,
            newest: input.option(Input::i64)?,
        },
        1 => Acc::HalfLife {
            counted: input.u32()?,
            sum: input.f64()?,
            at: input.i64()?,
        },
        2 => Acc::Horizon {
            counted: input.u32()?,
            settled: input.u32()?,
            recent: times(input)?,
        },
        3 => Acc::Newest {
            times: times(input)?,
        },
        4 => Acc::PerPeriod {
            closed: Box::new(acc(input, 3)?),
            bucket: input.option(Input::i64)?,
            times: times(input)?,
        },
        5 => Acc::Trailing {
            times: times(input)?,
        },
        _ => Acc::Sliding {
            times: times(input)?,
            met: input.option(Input::i64)?,
        },
    })
}

fn held(input: &mut Input) -> Read<HeldEvent> {
    Ok(HeldEvent {
        at: input.i64()?,
        index: input.u32()?,
        id: input.option(Input::string)?,
        kind: match input.variant(2)? {
            0 => HeldKind::Known(input.u32()?),
            _ => HeldKind::Unknown(input.string()?),
        },
        matches: match input.variant(2)? {
            0 => Matches::Few(input.byte()?, [input.u32()?, input.u32()?, input.u32()?]),
            _ => Matches::Many(input.list(Input::u32)?),
        },
        oddities: input.list(|input| Ok((input.string()?, input.string()?, input.string()?)))?,
    })
}

fn folded_ref(input: &mut Input) -> Read<FoldedRef> {
    Ok(FoldedRef {
        index: input.u32()?,
        id: input.option(Input::string)?,
        type_id: input.u32()?,
        at: input.i64()?,
    })
}

fn log(input: &mut Input) -> Read<WarningLog> {
    Ok(WarningLog {
        unknown_types: input.list(|input| Ok((input.string()?, input.u32()?, input.u32()?)))?,
        after_as_of: input.option(pair)?,
        duplicates: input.option(pair)?,
        late: input.option(pair)?,
        not_numbers: input.list(warning)?,
    })
}

fn warning(input: &mut Input) -> Read<Warning> {
    Ok(Warning {
        code: match input.variant(5)? {
            0 => WarningCode::UnknownEventType,
            1 => WarningCode::EventAfterAsOf,
            2 => WarningCode::DuplicateEventId,
            3 => WarningCode::LateEvent,
            _ => WarningCode::NotANumber,
        },
        message: input.string()?,
        path: input.string()?,
        count: input.u32()?,
    })
}
