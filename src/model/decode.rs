//! Reads a compiled model's body by hand: the bytes postcard writes from the model's serde
//! derives (`Model::to_compiled`), field by field in declaration order, so the small engine
//! links no serde deserializer for the model (its code, and its first call's compile, is most of
//! loading a model). `Model::from_compiled` reads with it in every build; a test checks it
//! against postcard's own reading.
//!
//! The encoding, as postcard writes it: unsigned integers as LEB128 varints (`usize` as a
//! `u64`), signed ones zigzagged first, `f64` as 8 little-endian bytes, `bool` and an `Option`'s
//! tag as one byte 0 or 1, a sequence or string as its length then its items (a string's UTF-8
//! bytes), an enum as its variant's index then its fields, structs and tuples as their fields.

use super::accounts::{
    AccountKeyPolicy, AccountPolicy, AccountSignal, GroupRollup, MqaPolicy, Role, Rollup,
    RollupMethod,
};
use super::{
    AttributePath, Band, Bounds, Counting, EventTypeList, EventTypes, FitGroup, FitRule, Grid,
    IntentGroup, IntentRule, Limit, Model, MqlPolicy, Period,
};
use crate::condition::{Condition, Scalar, Test};
use crate::decay::{Curve, Decay, DecayAge, Step};

/// The bytes are not a model's body (cut short, a tag or variant out of range, text that is not
/// UTF-8, a number too large, bytes left over).
#[derive(Debug)]
pub(super) struct Damaged;

type Read<T> = Result<T, Damaged>;

/// `not` conditions nest at most this deep (a model document cannot nest them deeper: JSON
/// readers stop at 128 levels, and each `not` takes two).
const NOT_DEPTH: u32 = 128;

/// Reads a whole model body: every byte must belong to it.
pub(super) fn model(bytes: &[u8]) -> Read<Model> {
    let mut input = Input { rest: bytes };
    #[cfg_attr(not(feature = "json"), allow(unused_mut))]
    let mut model = input.model()?;
    if input.rest.is_empty() && indexes_hold(&model) {
        #[cfg(feature = "json")]
        {
            model.match_index = super::MatchIndex::new(&model);
        }
        Ok(model)
    } else {
        Err(Damaged)
    }
}

/// The indexes a model holds point inside it (scoring indexes by them): a rule for each event
/// type, each of them an intent rule, and the accounts' roles.
fn indexes_hold(model: &Model) -> bool {
    let types = &model.event_types;
    let rules = model.intent.rules.len();
    let types_hold = types.names.len() == types.rules_by_type.len()
        && (types.rules_by_type.iter().flatten()).all(|&rule| (rule as usize) < rules);
    types_hold
        && model.accounts.as_ref().is_none_or(|accounts| {
            let roles = accounts.roles.len();
            (accounts.signals.iter().flat_map(|signal| &signal.roles))
                .chain(&accounts.mqa.required_roles)
                .all(|&role| role < roles)
        })
}

struct Input<'a> {
    rest: &'a [u8],
}

impl Input<'_> {
    fn take(&mut self, count: usize) -> Read<&[u8]> {
        let (taken, rest) = self.rest.split_at_checked(count).ok_or(Damaged)?;
        self.rest = rest;
        Ok(taken)
    }

    fn byte(&mut self) -> Read<u8> {
        Ok(self.take(1)?[0])
    }

    fn bool(&mut self) -> Read<bool> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Damaged),
        }
    }

    /// A varint of at most `bits` bits, refused (as postcard refuses it) when longer or larger.
    fn varint(&mut self, bits: u32) -> Read<u64> {
        let mut value = 0u64;
        let mut shift = 0;
        loop {
            let byte = self.byte()?;
            let part = u64::from(byte & 0x7f);
            if shift >= bits || (shift > 0 && bits - shift < 7 && part >> (bits - shift) != 0) {
                return Err(Damaged);
            }
            value |= part << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
            shift += 7;
        }
    }

    fn u32(&mut self) -> Read<u32> {
        Ok(self.varint(32)? as u32)
    }

    fn usize(&mut self) -> Read<usize> {
        usize::try_from(self.varint(64)?).map_err(|_| Damaged)
    }

    fn i64(&mut self) -> Read<i64> {
        let zigzag = self.varint(64)?;
        Ok((zigzag >> 1) as i64 ^ -((zigzag & 1) as i64))
    }

    fn f64(&mut self) -> Read<f64> {
        let bytes = self.take(8)?;
        Ok(f64::from_le_bytes(bytes.try_into().map_err(|_| Damaged)?))
    }

    fn string(&mut self) -> Read<String> {
        let len = self.usize()?;
        let bytes = self.take(len)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| Damaged)
    }

    fn option<T>(&mut self, item: impl FnOnce(&mut Self) -> Read<T>) -> Read<Option<T>> {
        Ok(if self.bool()? {
            Some(item(self)?)
        } else {
            None
        })
    }

    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Read<T>) -> Read<Vec<T>> {
        let len = self.usize()?;
        // Every item takes at least a byte: a damaged length allocates no more than is left.
        let mut items = Vec::with_capacity(len.min(self.rest.len()));
        for _ in 0..len {
            items.push(item(self)?);
        }
        Ok(items)
    }

    fn strings(&mut self) -> Read<Vec<String>> {
        self.list(Self::string)
    }

    fn model(&mut self) -> Read<Model> {
        Ok(Model {
            name: self.option(Self::string)?,
            fit: FitGroup {
                rules: self.list(Self::fit_rule)?,
                bounds: self.bounds()?,
            },
            intent: IntentGroup {
                rules: self.list(Self::intent_rule)?,
                bounds: self.bounds()?,
            },
            total: self.bounds()?,
            mql: self.mql()?,
            bands: self.list(Self::band)?,
            grid: self.option(|input| {
                Ok(Grid {
                    fit: input.list(Self::band)?,
                    intent: input.list(Self::band)?,
                })
            })?,
            accounts: self.option(Self::accounts)?,
            event_types: EventTypes::from(EventTypeList {
                names: self.strings()?,
                rules_by_type: self.list(|input| input.list(Self::u32))?,
            }),
            fingerprint: self.varint(64)?,
            #[cfg(feature = "json")]
            match_index: Default::default(),
        })
    }

    fn bounds(&mut self) -> Read<Bounds> {
        Ok(Bounds {
            cap: self.option(Self::i64)?,
            floor: self.option(Self::i64)?,
        })
    }

    fn path(&mut self) -> Read<AttributePath> {
        Ok(AttributePath {
            text: self.string()?,
            keys: self.strings()?,
        })
    }

    fn band(&mut self) -> Read<Band> {
        Ok(Band {
            name: self.string()?,
            min: self.option(Self::f64)?,
        })
    }

    fn fit_rule(&mut self) -> Read<FitRule> {
        Ok(FitRule {
            id: self.string()?,
            label: self.option(Self::string)?,
            attribute: self.path()?,
            when: self.condition(0)?,
            points: self.f64()?,
            disqualify: self.bool()?,
        })
    }

    fn intent_rule(&mut self) -> Read<IntentRule> {
        Ok(IntentRule {
            id: self.string()?,
            label: self.option(Self::string)?,
            events: self.strings()?,
            filter: self.filter()?,
            points: self.f64()?,
            counting: self.counting()?,
            decay: self.decay()?,
            instant: self.bool()?,
            disqualify: self.bool()?,
            engagement: self.bool()?,
        })
    }

    fn filter(&mut self) -> Read<Vec<(AttributePath, Condition)>> {
        self.list(|input| Ok((input.path()?, input.condition(0)?)))
    }

    fn counting(&mut self) -> Read<Counting> {
        match self.u32()? {
            0 => Ok(Counting::Each {
                limit: self.option(|input| {
                    Ok(Limit {
                        max: input.u32()?,
                        per: input.option(Self::period)?,
                    })
                })?,
            }),
            1 => Ok(Counting::Window {
                at_least: self.u32()?,
                span_ms: self.i64()?,
                sliding: self.bool()?,
            }),
            _ => Err(Damaged),
        }
    }

    fn period(&mut self) -> Read<Period> {
        match self.u32()? {
            0 => Ok(Period::Day),
            1 => Ok(Period::Week),
            2 => Ok(Period::Month),
            _ => Err(Damaged),
        }
    }

    fn decay(&mut self) -> Read<Decay> {
        let curve = match self.u32()? {
            0 => Curve::None,
            1 => Curve::Steps(self.list(|input| {
                Ok(Step {
                    after_ms: input.i64()?,
                    keep: input.f64()?,
                })
            })?),
            2 => Curve::HalfLife { days: self.f64()? },
            3 => Curve::Linear { days: self.f64()? },
            4 => Curve::Window { ms: self.i64()? },
            _ => return Err(Damaged),
        };
        let age = match self.u32()? {
            0 => DecayAge::Event,
            1 => DecayAge::LastEngagement,
            _ => return Err(Damaged),
        };
        Ok(Decay { curve, age })
    }

    fn mql(&mut self) -> Read<MqlPolicy> {
        Ok(MqlPolicy {
            threshold: self.f64()?,
            recency_ms: self.option(Self::i64)?,
            required_fields: self.list(Self::path)?,
            min_fit: self.option(Self::f64)?,
            min_intent: self.option(Self::f64)?,
        })
    }

    fn condition(&mut self, depth: u32) -> Read<Condition> {
        if depth > NOT_DEPTH {
            return Err(Damaged);
        }
        Ok(Condition {
            tests: self.list(|input| input.test(depth))?,
        })
    }

    fn test(&mut self, depth: u32) -> Read<Test> {
        Ok(match self.u32()? {
            0 => Test::Equals(self.scalar()?),
            1 => Test::In(self.list(Self::scalar)?),
            2 => Test::ContainsAny(self.list(Self::strings)?),
            3 => Test::Prefix(self.strings()?),
            4 => Test::Suffix(self.strings()?),
            5 => Test::Min(self.f64()?),
            6 => Test::Max(self.f64()?),
            7 => Test::Above(self.f64()?),
            8 => Test::Below(self.f64()?),
            9 => Test::Exists(self.bool()?),
            10 => Test::Not(Box::new(self.condition(depth + 1)?)),
            _ => return Err(Damaged),
        })
    }

    fn scalar(&mut self) -> Read<Scalar> {
        Ok(match self.u32()? {
            0 => Scalar::Text(self.string()?),
            1 => Scalar::Number(self.f64()?),
            2 => Scalar::Bool(self.bool()?),
            _ => return Err(Damaged),
        })
    }

    fn accounts(&mut self) -> Read<AccountPolicy> {
        Ok(AccountPolicy {
            key: AccountKeyPolicy {
                attribute: self.path()?,
                email: self.path()?,
                built_in_free_mail: self.bool()?,
                free_mail: self.strings()?,
            },
            rollup: Rollup {
                fit: self.group_rollup()?,
                intent: self.group_rollup()?,
                total: self.bounds()?,
            },
            engaged_ms: self.i64()?,
            roles: self.list(|input| {
                Ok(Role {
                    id: input.string()?,
                    label: input.option(Self::string)?,
                    filter: input.filter()?,
                    play: input.option(Self::string)?,
                })
            })?,
            signals: self.list(|input| {
                Ok(AccountSignal {
                    id: input.string()?,
                    label: input.option(Self::string)?,
                    engaged_contacts: input.u32()?,
                    span_ms: input.i64()?,
                    roles: input.list(Self::usize)?,
                    points: input.i64()?,
                })
            })?,
            mqa: MqaPolicy {
                threshold: self.f64()?,
                min_fit: self.option(Self::f64)?,
                min_intent: self.option(Self::f64)?,
                required_roles: self.list(Self::usize)?,
                min_roles: self.u32()?,
                min_engaged_contacts: self.u32()?,
            },
            bands: self.list(Self::band)?,
            max_contacts: self.usize()?,
        })
    }

    fn group_rollup(&mut self) -> Read<GroupRollup> {
        let method = match self.u32()? {
            0 => RollupMethod::Best,
            1 => RollupMethod::SumTop(self.u32()?),
            _ => return Err(Damaged),
        };
        Ok(GroupRollup {
            method,
            bounds: self.bounds()?,
        })
    }
}
