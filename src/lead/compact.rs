//! Reading leads and events from the compact form (see `crate::compact`): the same derives and
//! checks as the JSON reader, so the same errors at the same paths.

use super::{BadLead, Event, Lead};
use crate::compact;
use crate::error::InputError;
use crate::value::Identifier;
use serde::Deserialize;

/// Reads one lead from its compact form, borrowing strings from it.
pub fn read_lead(bytes: &[u8]) -> Result<Lead<'_>, InputError> {
    let lead: Lead = compact::read(bytes)?;
    lead.check_shape()?;
    Ok(lead)
}

/// Reads a list of events (the compact writer always writes a list; one event is a list of one,
/// reported at `[0]` as the JSON reader reports a single event).
pub fn read_events(bytes: &[u8]) -> Result<Vec<Event<'_>>, InputError> {
    let events: Vec<Event> = compact::read(bytes)?;
    for (index, event) in events.iter().enumerate() {
        event.check_shape(|| format!("[{index}]"))?;
    }
    Ok(events)
}

/// Reads the `index`th lead of a batch (its bytes from [`compact::split_array`]).
pub fn read_batch_lead(bytes: &[u8], index: usize) -> Result<Lead<'_>, BadLead> {
    read_lead(bytes).map_err(|err| BadLead {
        lead_id: id_of(bytes),
        error: err.within(&format!("[{index}]")),
    })
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
