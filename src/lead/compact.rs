//! Reading leads and events from the compact form (see `crate::compact`): those of the usual
//! shape in the schema-shaped form by hand (`fast.rs`), anything else with the same derives and
//! checks as the JSON reader, so the same errors at the same paths.

#[cfg(feature = "json")]
use super::fast::{self, Schema};
#[cfg(feature = "json")]
use super::Event;
use super::{BadLead, Lead};
use crate::compact;
#[cfg(feature = "json")]
use crate::compact::{Reader, ARRAY};
use crate::error::InputError;
use crate::value::Identifier;
use serde::Deserialize;

/// Reads one lead from its compact form, borrowing strings from it (and from `schema`).
#[cfg(feature = "json")]
pub fn read_lead<'a>(bytes: &'a [u8], schema: &'a Schema) -> Result<Lead<'a>, InputError> {
    let mut reader = Reader::new(bytes);
    if reader.peek() != Some(compact::LEAD) {
        return read_tagged_lead(bytes);
    }
    let lead = fast::read_lead(&mut reader, schema, None).map_err(|(_, err)| err)?;
    all_read(&reader)?;
    Ok(lead)
}

/// Reads one lead from the tagged form only.
pub fn read_tagged_lead(bytes: &[u8]) -> Result<Lead<'_>, InputError> {
    // By hand in the small engine (`tagged.rs`): the same lead or the same error at the same path.
    #[cfg(not(feature = "json"))]
    let lead = compact::read_whole(bytes, compact::Reader::lead)?;
    #[cfg(feature = "json")]
    let lead: Lead = compact::read(bytes)?;
    lead.check_shape()?;
    Ok(lead)
}

/// Reads a list of events (the compact writer always writes a list; one event is a list of one,
/// reported at `[0]` as the JSON reader reports a single event).
#[cfg(feature = "json")]
pub fn read_events<'a>(bytes: &'a [u8], schema: &'a Schema) -> Result<Vec<Event<'a>>, InputError> {
    let mut reader = Reader::new(bytes);
    let events = if reader.byte().ok() == Some(ARRAY) {
        let count = reader.varint().map_err(|_| malformed())?;
        let mut events = Vec::with_capacity(count.min(bytes.len()));
        for index in 0..count {
            events.push(fast::read_any_event(&mut reader, schema, index, "")?);
        }
        all_read(&reader)?;
        events
    } else {
        // Refused as the JSON reader refuses it.
        compact::read::<Vec<Event>>(bytes)?
    };
    for (index, event) in events.iter().enumerate() {
        event.check_shape(|| format!("[{index}]"))?;
    }
    Ok(events)
}

/// The leads of a batch (an array), each read as it is reached, or its error in its place (with
/// its index in the path), and how many there are. Anything but an array is refused as the JSON
/// reader refuses it ("invalid type: map, expected an array").
#[cfg(feature = "json")]
pub fn read_batch<'a>(
    bytes: &'a [u8],
    schema: &'a Schema,
) -> Result<(usize, impl Iterator<Item = Result<Lead<'a>, BadLead>>), InputError> {
    let mut reader = Reader::new(bytes);
    if reader.byte().ok() != Some(ARRAY) {
        let refused = compact::read::<Vec<serde::de::IgnoredAny>>(bytes).err();
        return Err(refused.unwrap_or_else(malformed));
    }
    let count = reader.varint().map_err(|_| malformed())?;
    let mut index = 0;
    let leads = std::iter::from_fn(move || {
        if index == count {
            return None;
        }
        index += 1;
        Some(read_batch_item(&mut reader, schema, index - 1))
    });
    Ok((count, leads))
}

#[cfg(feature = "json")]
/// The `index`th lead of a batch: the schema-shaped form, or the tagged form read by the derive.
fn read_batch_item<'a>(
    reader: &mut Reader<'a>,
    schema: &'a Schema,
    index: usize,
) -> Result<Lead<'a>, BadLead> {
    if reader.peek() == Some(compact::LEAD) {
        return fast::read_lead(reader, schema, Some(index)).map_err(|(id, error)| BadLead {
            lead_id: id.map(str::to_string),
            error,
        });
    }
    let start = reader.at();
    if reader.skip().is_err() {
        return Err(BadLead {
            lead_id: None,
            error: malformed().within(&format!("[{index}]")),
        });
    }
    read_batch_lead(reader.since(start), index)
}

/// Reads the `index`th lead of a batch in the tagged form (its bytes alone).
pub fn read_batch_lead(bytes: &[u8], index: usize) -> Result<Lead<'_>, BadLead> {
    read_tagged_lead(bytes).map_err(|err| BadLead {
        lead_id: id_of(bytes),
        error: err.within(&format!("[{index}]")),
    })
}

#[cfg(feature = "json")]
fn malformed() -> InputError {
    InputError::new("", "the compact input is malformed")
}

#[cfg(feature = "json")]
fn all_read(reader: &Reader) -> Result<(), InputError> {
    if reader.left() == 0 {
        Ok(())
    } else {
        Err(InputError::new(
            "",
            "the compact input has bytes after its value",
        ))
    }
}

/// The id of a lead that is otherwise unreadable, if it has a readable one.
fn id_of(bytes: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct IdOnly<'a> {
        #[serde(borrow)]
        id: Option<Identifier<'a>>,
    }
    compact::read::<IdOnly>(bytes)
        .ok()
        .and_then(|lead| lead.id)
        .map(|id| id.0.into_owned())
}
