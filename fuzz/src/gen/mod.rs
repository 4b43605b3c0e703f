//! Structure-aware inputs: models, leads and lifecycle actions built from the fuzzer's bytes with
//! `arbitrary`, always valid JSON and (for models and leads) always valid input, so the fuzzer
//! spends its time in scoring rather than in the parser. The names, types and values come from
//! small pools that the generated models and leads share, so rules meet events and attributes.

#[cfg(feature = "lifecycle")]
pub mod action;
pub mod condition;
pub mod lead;
pub mod model;

use arbitrary::Arbitrary;
use leadscore::Timestamp;
use serde_json::{json, Value};

/// Event types: the generator's, one more for list-valued `event`, and (in leads only) one that
/// no rule listens to.
pub const EVENT_TYPES: &[&str] = &[
    "visit",
    "page_view",
    "email_open",
    "content_download",
    "demo_request",
    "unsubscribe",
    "webinar",
    "noise",
];
/// Attribute names, dotted ones reaching into objects.
pub const ATTRIBUTES: &[&str] = &[
    "title",
    "companySize",
    "industry",
    "country",
    "email",
    "company.size",
    "tags",
    "source",
];
/// Event property names.
pub const PROPS: &[&str] = &[
    "path",
    "contentType",
    "campaign",
    "form",
    "source",
    "meta.depth",
];
/// Texts that the conditions look for and the values carry.
pub const TEXTS: &[&str] = &[
    "VP Sales",
    "Chief Revenue Officer",
    "CTO & co-founder",
    "Student",
    "marketing intern",
    "Software",
    "software",
    "Retail",
    "/pricing",
    "/pricing/enterprise",
    "/careers",
    "/blog/x",
    "case_study",
    "whitepaper",
    "nurture-3",
    "demo",
    "DE",
    "US",
    "ana@acme.example",
    "bob@gmail.com",
    "250",
    "1e3",
    "-0",
    "über Größe",
    " ",
    "",
];
const NUMBERS: &[f64] = &[
    0.0, 1.0, 49.0, 50.0, 199.5, 200.0, 5000.0, -1.0, 0.5, 1e300, -1e-300,
];

/// The moment generated times are relative to.
pub fn base_ms() -> i64 {
    Timestamp::parse("2026-11-20T17:00:00Z")
        .expect("a valid time")
        .millis()
}

pub fn pick<'p>(pool: &[&'p str], index: u8) -> &'p str {
    pool[usize::from(index) % pool.len()]
}

/// A text: from the pool, or anything (a few characters of it).
#[derive(Arbitrary, Debug, Clone)]
pub enum Text {
    Pool(u8),
    Free(String),
}

impl Text {
    pub fn text(&self) -> String {
        match self {
            Text::Pool(index) => pick(TEXTS, *index).to_string(),
            Text::Free(text) => text.chars().take(12).collect(),
        }
    }
}

/// A number: small, from the pool of edge values, or wide.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Number {
    Small(i8),
    Pool(u8),
    Half(i16),
    Wide(i32),
}

impl Number {
    pub fn value(self) -> f64 {
        match self {
            Number::Small(n) => f64::from(n),
            Number::Pool(index) => NUMBERS[usize::from(index) % NUMBERS.len()],
            Number::Half(n) => f64::from(n) / 2.0,
            Number::Wide(n) => f64::from(n),
        }
    }
}

/// A JSON number written as an integer when it is one (`200`, not `200.0`).
pub fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        json!(n as i64)
    } else {
        json!(n)
    }
}

#[derive(Arbitrary, Debug, Clone)]
pub enum Scalar {
    Text(Text),
    Number(Number),
    Bool(bool),
}

impl Scalar {
    pub fn json(&self) -> Value {
        match self {
            Scalar::Text(text) => json!(text.text()),
            Scalar::Number(n) => number(n.value()),
            Scalar::Bool(b) => json!(b),
        }
    }
}

/// A value of an attribute or property.
#[derive(Arbitrary, Debug, Clone)]
pub enum AnyValue {
    Scalar(Scalar),
    Null,
    List(Vec<Scalar>),
    Object(Vec<(u8, Scalar)>),
}

impl AnyValue {
    pub fn json(&self) -> Value {
        match self {
            AnyValue::Scalar(s) => s.json(),
            AnyValue::Null => Value::Null,
            AnyValue::List(items) => items.iter().take(4).map(Scalar::json).collect(),
            AnyValue::Object(members) => members
                .iter()
                .take(4)
                .map(|(key, v)| (pick(&["size", "depth", "name"], *key).to_string(), v.json()))
                .collect::<serde_json::Map<_, _>>()
                .into(),
        }
    }
}

/// Sets `name` (dots reach into objects) in an object of attributes or properties.
pub fn set_path(object: &mut serde_json::Map<String, Value>, name: &str, value: Value) {
    match name.split_once('.') {
        None => {
            object.insert(name.to_string(), value);
        }
        Some((head, rest)) => {
            let inner = object.entry(head.to_string()).or_insert_with(|| json!({}));
            if !inner.is_object() {
                *inner = json!({});
            }
            if let Value::Object(inner) = inner {
                set_path(inner, rest, value);
            }
        }
    }
}

/// A time relative to the base moment, written in one of the forms leads may use.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct When {
    /// Ten-minute steps before the base moment (negative: after it).
    pub steps_before: i16,
    pub jitter_ms: u16,
    pub form: TimeForm,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum TimeForm {
    Utc,
    Offset(i8),
    EpochMs,
}

impl When {
    pub fn millis(&self, base: i64) -> i64 {
        base - i64::from(self.steps_before) * 600_000 + i64::from(self.jitter_ms % 60_000)
    }

    pub fn json(&self, base: i64) -> Value {
        time_json(self.millis(base), self.form)
    }
}

/// A moment as RFC 3339 text (in UTC or at an offset) or epoch milliseconds.
pub fn time_json(ms: i64, form: TimeForm) -> Value {
    match form {
        TimeForm::EpochMs => json!(ms),
        TimeForm::Utc => json!(rfc3339(ms)),
        TimeForm::Offset(hours) => {
            let minutes = i64::from(hours % 24) * 30;
            let local = rfc3339(ms + minutes * 60_000);
            let sign = if minutes < 0 { '-' } else { '+' };
            let (h, m) = (minutes.abs() / 60, minutes.abs() % 60);
            json!(format!("{}{sign}{h:02}:{m:02}", &local[..local.len() - 1]))
        }
    }
}

pub fn rfc3339(ms: i64) -> String {
    Timestamp::from_millis(ms)
        .expect("generated times are in range")
        .to_rfc3339()
}
