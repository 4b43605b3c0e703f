//! Reads a state's body as postcard reads it through the derives (the encoding is in
//! `bytes.rs`), failing where postcard fails with the same [`Damaged`].

use super::super::{FoldedRef, HeldEvent, HeldKind, LeadState, Matches};
use super::Damaged;
use crate::engine::accumulator::Acc;
use crate::engine::crossing::Crossing;
use crate::engine::fold::{Fold, Hit, RuleState};
use crate::engine::prepare::WarningLog;
use crate::result::{Warning, WarningCode};
use std::collections::VecDeque;

type Read<T> = Result<T, Damaged>;

pub(super) struct Input<'a> {
    pub rest: &'a [u8],
}

impl Input<'_> {
    fn take(&mut self, count: usize) -> Read<&[u8]> {
        let (taken, rest) = self.rest.split_at_checked(count).ok_or(Damaged::CutShort)?;
        self.rest = rest;
        Ok(taken)
    }

    fn byte(&mut self) -> Read<u8> {
        let (&byte, rest) = self.rest.split_first().ok_or(Damaged::CutShort)?;
        self.rest = rest;
        Ok(byte)
    }

    /// A varint of a `bits`-bit type, as postcard reads it: at most as many bytes as the type
    /// needs, the last of them holding no more than the bits left.
    // Out of line, as `string` and `times`: inlined into each of the state's fields they cost
    // 0.7 KB gzipped (with names kept: 240,244 against 239,575 bytes), on no hot path.
    #[inline(never)]
    fn varint(&mut self, bits: u32) -> Read<u64> {
        let most = bits.div_ceil(7);
        let mut value = 0u64;
        for i in 0..most {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f) << (7 * i);
            if byte & 0x80 == 0 {
                let last_most = (1u8 << (bits % 7)) - 1;
                return if i == most - 1 && byte > last_most {
                    Err(Damaged::BadVarint)
                } else {
                    Ok(value)
                };
            }
        }
        Err(Damaged::BadVarint)
    }

    fn u32(&mut self) -> Read<u32> {
        Ok(self.varint(32)? as u32)
    }

    fn u64(&mut self) -> Read<u64> {
        self.varint(64)
    }

    /// A length: a `usize` of the platform that reads it, as postcard's.
    fn len(&mut self) -> Read<usize> {
        Ok(self.varint(usize::BITS)? as usize)
    }

    fn i64(&mut self) -> Read<i64> {
        let zigzag = self.u64()?;
        Ok((zigzag >> 1) as i64 ^ -((zigzag & 1) as i64))
    }

    fn f64(&mut self) -> Read<f64> {
        let mut bytes = [0; 8];
        bytes.copy_from_slice(self.take(8)?);
        Ok(f64::from_le_bytes(bytes))
    }

    #[inline(never)]
    fn string(&mut self) -> Read<String> {
        let len = self.len()?;
        let bytes = self.take(len)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| Damaged::BadUtf8)
    }

    fn option<T>(&mut self, item: impl FnOnce(&mut Self) -> Read<T>) -> Read<Option<T>> {
        match self.byte()? {
            0 => Ok(None),
            1 => Ok(Some(item(self)?)),
            _ => Err(Damaged::BadOption),
        }
    }

    /// An enum's variant index, refused beyond `count` variants.
    fn variant(&mut self, count: u32) -> Read<u32> {
        let index = self.u32()?;
        if index < count {
            Ok(index)
        } else {
            Err(Damaged::BadVariant)
        }
    }

    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Read<T>) -> Read<Vec<T>> {
        let len = self.len()?;
        // Every item takes at least a byte: a damaged length allocates no more than is left.
        let mut items = Vec::with_capacity(len.min(self.rest.len()));
        for _ in 0..len {
            items.push(item(self)?);
        }
        Ok(items)
    }

    #[inline(never)]
    fn times(&mut self) -> Read<VecDeque<i64>> {
        Ok(self.list(Self::i64)?.into())
    }

    fn pair(&mut self) -> Read<(u32, u32)> {
        Ok((self.u32()?, self.u32()?))
    }

    pub fn state(&mut self) -> Read<LeadState> {
        Ok(LeadState {
            model: self.u64()?,
            lead_id: self.string()?,
            attributes: self.string()?,
            received: self.u32()?,
            fold: self.fold()?,
            crossing: self.option(|input| {
                Ok(Crossing {
                    at: input.i64()?,
                    event: input.u32()?,
                })
            })?,
            folded_until: self.option(Self::i64)?,
            held: self.list(Self::held)?.into(),
            folded_ids: self.list(Self::u64)?.into(),
            refs: self.list(Self::folded_ref)?,
            log: self.log()?,
        })
    }

    fn fold(&mut self) -> Read<Fold> {
        Ok(Fold {
            rules: self.list(|input| {
                Ok(RuleState {
                    matched: input.u32()?,
                    acc: input.acc(7)?,
                })
            })?,
            last_engagement: self.option(Self::i64)?,
            instant: self.option(|input| {
                Ok(Hit {
                    rule: input.u32()?,
                    at: input.i64()?,
                    event: input.u32()?,
                })
            })?,
            positive: self.f64()?,
            newest: self.option(Self::i64)?,
        })
    }

    /// An accumulator of one of the first `kinds` kinds. A per-period limit's closed periods
    /// are one of the first three (never another limit), so nesting stops a level down however
    /// the bytes nest limits.
    fn acc(&mut self, kinds: u32) -> Read<Acc> {
        Ok(match self.variant(kinds)? {
            0 => Acc::Count {
                counted: self.u32()?,
                newest: self.option(Self::i64)?,
            },
            1 => Acc::HalfLife {
                counted: self.u32()?,
                sum: self.f64()?,
                at: self.i64()?,
            },
            2 => Acc::Horizon {
                counted: self.u32()?,
                settled: self.u32()?,
                recent: self.times()?,
            },
            3 => Acc::Newest {
                times: self.times()?,
            },
            4 => Acc::PerPeriod {
                closed: Box::new(self.acc(3)?),
                bucket: self.option(Self::i64)?,
                times: self.times()?,
            },
            5 => Acc::Trailing {
                times: self.times()?,
            },
            _ => Acc::Sliding {
                times: self.times()?,
                met: self.option(Self::i64)?,
            },
        })
    }

    fn held(&mut self) -> Read<HeldEvent> {
        Ok(HeldEvent {
            at: self.i64()?,
            index: self.u32()?,
            id: self.option(Self::string)?,
            kind: match self.variant(2)? {
                0 => HeldKind::Known(self.u32()?),
                _ => HeldKind::Unknown(self.string()?),
            },
            matches: match self.variant(2)? {
                0 => Matches::Few(self.byte()?, [self.u32()?, self.u32()?, self.u32()?]),
                _ => Matches::Many(self.list(Self::u32)?),
            },
            oddities: self.list(|input| Ok((input.string()?, input.string()?, input.string()?)))?,
        })
    }

    fn folded_ref(&mut self) -> Read<FoldedRef> {
        Ok(FoldedRef {
            index: self.u32()?,
            id: self.option(Self::string)?,
            type_id: self.u32()?,
            at: self.i64()?,
        })
    }

    fn log(&mut self) -> Read<WarningLog> {
        Ok(WarningLog {
            unknown_types: self.list(|input| Ok((input.string()?, input.u32()?, input.u32()?)))?,
            after_as_of: self.option(Self::pair)?,
            duplicates: self.option(Self::pair)?,
            late: self.option(Self::pair)?,
            not_numbers: self.list(Self::warning)?,
        })
    }

    fn warning(&mut self) -> Read<Warning> {
        Ok(Warning {
            code: match self.variant(5)? {
                0 => WarningCode::UnknownEventType,
                1 => WarningCode::EventAfterAsOf,
                2 => WarningCode::DuplicateEventId,
                3 => WarningCode::LateEvent,
                _ => WarningCode::NotANumber,
            },
            message: self.string()?,
            path: self.string()?,
            count: self.u32()?,
        })
    }
}
