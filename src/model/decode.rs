//! Reads a compiled model's body by hand: the bytes postcard writes from the model's serde
//! derives (`Model::to_compiled`), field by field in declaration order, so the small engine
//! links no serde deserializer for the model (its code, and its first call's compile, is most of
//! loading a model). `Model::from_compiled` reads with it in every build; a test checks it
//! against postcard's own reading.
//!
//! The encoding is postcard's; `postcard_read.rs` says it and reads its primitives, as it reads
//! a lead state's.

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
use crate::postcard_read;

/// The bytes are not a model's body (cut short, a tag or variant out of range, text that is not
/// UTF-8, a number too large, bytes left over).
#[derive(Debug)]
pub(super) struct Damaged;

impl From<postcard_read::Damaged> for Damaged {
    fn from(_: postcard_read::Damaged) -> Self {
        Damaged
    }
}

type Read<T> = Result<T, Damaged>;

/// The model's bytes, read with [`Damaged`] as the one refusal.
type Input<'a> = postcard_read::Input<'a, Damaged>;

/// `not` conditions nest at most this deep (a model document cannot nest them deeper: JSON
/// readers stop at 128 levels, and each `not` takes two).
const NOT_DEPTH: u32 = 128;

/// Reads a whole model body: every byte must belong to it.
pub(super) fn model(bytes: &[u8]) -> Read<Model> {
    let mut input = Input::new(bytes);
    #[cfg_attr(not(feature = "json"), allow(unused_mut))]
    let mut model = body(&mut input)?;
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

fn strings(input: &mut Input) -> Read<Vec<String>> {
    input.list(Input::string)
}

fn body(input: &mut Input) -> Read<Model> {
    Ok(Model {
        name: input.option(Input::string)?,
        fit: FitGroup {
            rules: input.list(fit_rule)?,
            bounds: bounds(input)?,
        },
        intent: IntentGroup {
            rules: input.list(intent_rule)?,
            bounds: bounds(input)?,
        },
        total: bounds(input)?,
        mql: mql(input)?,
        bands: input.list(band)?,
        grid: input.option(|input| {
            Ok(Grid {
                fit: input.list(band)?,
                intent: input.list(band)?,
            })
        })?,
        accounts: input.option(accounts)?,
        event_types: EventTypes::from(EventTypeList {
            names: strings(input)?,
            rules_by_type: input.list(|input| input.list(Input::u32))?,
        }),
        fingerprint: input.u64()?,
        #[cfg(feature = "json")]
        match_index: Default::default(),
    })
}

fn bounds(input: &mut Input) -> Read<Bounds> {
    Ok(Bounds {
        cap: input.option(Input::i64)?,
        floor: input.option(Input::i64)?,
    })
}

fn path(input: &mut Input) -> Read<AttributePath> {
    Ok(AttributePath {
        text: input.string()?,
        keys: strings(input)?,
    })
}

fn band(input: &mut Input) -> Read<Band> {
    Ok(Band {
        name: input.string()?,
        min: input.option(Input::f64)?,
    })
}

fn fit_rule(input: &mut Input) -> Read<FitRule> {
    Ok(FitRule {
        id: input.string()?,
        label: input.option(Input::string)?,
        attribute: path(input)?,
        when: condition(input, 0)?,
        points: input.f64()?,
        disqualify: input.bool()?,
    })
}

fn intent_rule(input: &mut Input) -> Read<IntentRule> {
    Ok(IntentRule {
        id: input.string()?,
        label: input.option(Input::string)?,
        events: strings(input)?,
        filter: filter(input)?,
        points: input.f64()?,
        counting: counting(input)?,
        decay: decay(input)?,
        instant: input.bool()?,
        disqualify: input.bool()?,
        engagement: input.bool()?,
    })
}

fn filter(input: &mut Input) -> Read<Vec<(AttributePath, Condition)>> {
    input.list(|input| Ok((path(input)?, condition(input, 0)?)))
}

fn counting(input: &mut Input) -> Read<Counting> {
    match input.variant(2)? {
        0 => Ok(Counting::Each {
            limit: input.option(|input| {
                Ok(Limit {
                    max: input.u32()?,
                    per: input.option(period)?,
                })
            })?,
        }),
        _ => Ok(Counting::Window {
            at_least: input.u32()?,
            span_ms: input.i64()?,
            sliding: input.bool()?,
        }),
    }
}

fn period(input: &mut Input) -> Read<Period> {
    match input.variant(3)? {
        0 => Ok(Period::Day),
        1 => Ok(Period::Week),
        _ => Ok(Period::Month),
    }
}

fn decay(input: &mut Input) -> Read<Decay> {
    let curve = match input.variant(5)? {
        0 => Curve::None,
        1 => Curve::Steps(input.list(|input| {
            Ok(Step {
                after_ms: input.i64()?,
                keep: input.f64()?,
            })
        })?),
        2 => Curve::HalfLife { days: input.f64()? },
        3 => Curve::Linear { days: input.f64()? },
        _ => Curve::Window { ms: input.i64()? },
    };
    let age = match input.variant(2)? {
        0 => DecayAge::Event,
        _ => DecayAge::LastEngagement,
    };
    Ok(Decay { curve, age })
}

fn mql(input: &mut Input) -> Read<MqlPolicy> {
    Ok(MqlPolicy {
        threshold: input.f64()?,
        recency_ms: input.option(Input::i64)?,
        required_fields: input.list(path)?,
        min_fit: input.option(Input::f64)?,
        min_intent: input.option(Input::f64)?,
    })
}

fn condition(input: &mut Input, depth: u32) -> Read<Condition> {
    if depth > NOT_DEPTH {
        return Err(Damaged);
    }
    Ok(Condition {
        tests: input.list(|input| test(input, depth))?,
    })
}

fn test(input: &mut Input, depth: u32) -> Read<Test> {
    Ok(match input.variant(11)? {
        0 => Test::Equals(scalar(input)?),
        1 => Test::In(input.list(scalar)?),
        2 => Test::ContainsAny(input.list(strings)?),
        3 => Test::Prefix(strings(input)?),
        4 => Test::Suffix(strings(input)?),
        5 => Test::Min(input.f64()?),
        6 => Test::Max(input.f64()?),
        7 => Test::Above(input.f64()?),
        8 => Test::Below(input.f64()?),
        9 => Test::Exists(input.bool()?),
        _ => Test::Not(Box::new(condition(input, depth + 1)?)),
    })
}

fn scalar(input: &mut Input) -> Read<Scalar> {
    Ok(match input.variant(3)? {
        0 => Scalar::Text(input.string()?),
        1 => Scalar::Number(input.f64()?),
        _ => Scalar::Bool(input.bool()?),
    })
}

fn accounts(input: &mut Input) -> Read<AccountPolicy> {
    Ok(AccountPolicy {
        key: AccountKeyPolicy {
            attribute: path(input)?,
            email: path(input)?,
            built_in_free_mail: input.bool()?,
            free_mail: strings(input)?,
        },
        rollup: Rollup {
            fit: group_rollup(input)?,
            intent: group_rollup(input)?,
            total: bounds(input)?,
        },
        engaged_ms: input.i64()?,
        roles: input.list(|input| {
            Ok(Role {
                id: input.string()?,
                label: input.option(Input::string)?,
                filter: filter(input)?,
                play: input.option(Input::string)?,
            })
        })?,
        signals: input.list(|input| {
            Ok(AccountSignal {
                id: input.string()?,
                label: input.option(Input::string)?,
                engaged_contacts: input.u32()?,
                span_ms: input.i64()?,
                roles: input.list(Input::len)?,
                points: input.i64()?,
            })
        })?,
        mqa: MqaPolicy {
            threshold: input.f64()?,
            min_fit: input.option(Input::f64)?,
            min_intent: input.option(Input::f64)?,
            required_roles: input.list(Input::len)?,
            min_roles: input.u32()?,
            min_engaged_contacts: input.u32()?,
        },
        bands: input.list(band)?,
        max_contacts: input.len()?,
    })
}

fn group_rollup(input: &mut Input) -> Read<GroupRollup> {
    let method = match input.variant(2)? {
        0 => RollupMethod::Best,
        _ => RollupMethod::SumTop(input.u32()?),
    };
    Ok(GroupRollup {
        method,
        bounds: bounds(input)?,
    })
}
