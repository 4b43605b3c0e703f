//! The lead as callers send it: an id, attributes and timestamped events, read from JSON text
//! (`json.rs`) or from the compact form the JavaScript binding writes (`compact.rs`), with a
//! path-precise error for anything malformed; leads of the usual shape in the compact form's
//! schema-shaped encoding are read by hand (`fast.rs`). An event's properties, read only where a
//! rule looks, are `props.rs`; `props_readable.rs` refuses, when the lead is read, properties in
//! JSON text that cannot be read.

pub mod compact;
// The schema-shaped form is written for the scoring builds only (the small engine, built for
// size, takes the tagged form).
#[cfg(feature = "json")]
mod fast;
#[cfg(feature = "json")]
mod json;
mod props;
#[cfg(feature = "json")]
mod props_json;
#[cfg(feature = "json")]
mod props_readable;
#[cfg(any(test, not(feature = "json")))]
mod tagged;

#[cfg(feature = "json")]
pub(crate) use fast::indexed_excess;
#[cfg(feature = "json")]
pub use fast::Schema;
#[cfg(feature = "json")]
pub use json::{
    deserialize_with_path, parse_batch_lead, parse_event_list, parse_events, parse_lead,
    parse_lead_batch, split_lead_batch,
};
pub use props::Props;

use crate::error::{join_path, InputError};
use crate::time::Timestamp;
use crate::value::{CowStr, Identifier, Value};
use serde::Deserialize;

/// A lead: `{ id, attributes: {...}, events: [{ id?, type, at, props? }] }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lead<'a> {
    #[serde(borrow)]
    pub id: Identifier<'a>,
    #[serde(default, borrow)]
    pub attributes: Value<'a>,
    #[serde(default, borrow)]
    pub events: Vec<Event<'a>>,
}

/// Something the lead did, at a moment: a page view, a download, a demo request.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event<'a> {
    #[serde(default, borrow)]
    pub id: Option<Identifier<'a>>,
    #[serde(rename = "type", borrow)]
    pub kind: CowStr<'a>,
    pub at: Timestamp,
    #[serde(default, borrow)]
    pub props: Props<'a>,
    /// The model's id of the type, where the reader already knew it (the schema-shaped form
    /// names a type by its index in what the model reads); else the type is found by name.
    #[serde(skip)]
    pub(crate) type_id: Option<u32>,
}

impl<'a> Lead<'a> {
    pub fn id(&self) -> &str {
        &self.id.0
    }

    /// Checks what serde cannot: attribute and property containers are objects, types are named.
    pub(crate) fn check_shape(&self) -> Result<(), InputError> {
        if !matches!(self.attributes, Value::Object(_) | Value::Null) {
            return Err(InputError::new("attributes", "must be an object"));
        }
        for (index, event) in self.events.iter().enumerate() {
            event.check_shape(|| format!("events[{index}]"))?;
        }
        Ok(())
    }
}

impl Event<'_> {
    /// `path` names the event, made only when there is something wrong with it.
    pub(crate) fn check_shape(&self, path: impl Fn() -> String) -> Result<(), InputError> {
        if self.kind.0.trim().is_empty() {
            return Err(InputError::new(
                join_path(&path(), "type"),
                "an event type must not be empty",
            ));
        }
        if !self.props.is_object_or_null() {
            return Err(InputError::new(
                join_path(&path(), "props"),
                "must be an object",
            ));
        }
        let readable = match self.props {
            #[cfg(feature = "json")]
            Props::Json(raw) => props_readable::check_readable(raw),
            Props::Compact(bytes) => crate::compact::check_text(bytes),
            _ => Ok(()),
        };
        readable.map_err(|err| err.within(&join_path(&path(), "props")))?;
        Ok(())
    }

    pub fn kind(&self) -> &str {
        &self.kind.0
    }

    pub fn id(&self) -> Option<&str> {
        self.id.as_ref().map(|id| id.0.as_ref())
    }
}

/// A lead of a batch that could not be read, with its id when that much could be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLead {
    pub lead_id: Option<String>,
    pub error: InputError,
}
