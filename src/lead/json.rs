//! Reading leads and events from JSON text, borrowing strings from it, with the JSON path of
//! the first bad value in any error (`events[2].at`).

use super::{BadLead, Event, Lead};
use crate::error::{clean_serde_message, InputError};
use crate::json_path::path_at;
use crate::value::Identifier;
use serde::Deserialize;
use serde_json::value::RawValue;

/// Reads one lead from JSON text, borrowing strings from it. A lead that cannot be read gets an
/// error naming the JSON path of the first bad value (`events[2].at`).
pub fn parse_lead(json: &str) -> Result<Lead<'_>, InputError> {
    let lead: Lead = deserialize_with_path(json)?;
    lead.check_shape()?;
    Ok(lead)
}

/// Reads a JSON array of events (new events for an incremental update).
pub fn parse_events(json: &str) -> Result<Vec<Event<'_>>, InputError> {
    let events: Vec<Event> = deserialize_with_path(json)?;
    for (index, event) in events.iter().enumerate() {
        event.check_shape(|| format!("[{index}]"))?;
    }
    Ok(events)
}

/// Reads new events given as a JSON array or as one event object (read as a list of one, so a
/// bad single event is reported at `[0]`, as it would be in an array).
pub fn parse_event_list(json: &str) -> Result<Vec<Event<'_>>, InputError> {
    if json.trim_start().starts_with('[') {
        return parse_events(json);
    }
    let event: Event = deserialize_with_path(json).map_err(|err| err.within("[0]"))?;
    event.check_shape(|| "[0]".to_string())?;
    Ok(vec![event])
}

/// Reads a JSON array of leads. The array itself must be well formed; each lead is then read
/// on its own, so one bad lead yields one error (with its index in the path) and not a failed batch.
pub fn parse_lead_batch(json: &str) -> Result<Vec<Result<Lead<'_>, BadLead>>, InputError> {
    Ok(split_lead_batch(json)?
        .into_iter()
        .enumerate()
        .map(|(index, raw)| parse_batch_lead(raw, index))
        .collect())
}

/// The leads of a JSON array as their own JSON texts, unread (one pass over the array).
pub fn split_lead_batch(json: &str) -> Result<Vec<&RawValue>, InputError> {
    deserialize_with_path(json)
}

/// Reads the `index`th lead of a batch.
pub fn parse_batch_lead(raw: &RawValue, index: usize) -> Result<Lead<'_>, BadLead> {
    parse_lead(raw.get()).map_err(|err| BadLead {
        lead_id: lead_id_of(raw.get()),
        error: err.within(&format!("[{index}]")),
    })
}

/// The id of a lead that is otherwise unreadable, if it has a readable one.
fn lead_id_of(json: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct IdOnly<'a> {
        #[serde(borrow)]
        id: Option<Identifier<'a>>,
    }
    serde_json::from_str::<IdOnly>(json)
        .ok()
        .and_then(|lead| lead.id)
        .map(|id| id.0.into_owned())
}

/// Deserializes JSON text; a failure is an [`InputError`] with the JSON path of the offending
/// value (`events[2].at`), found from serde's line and column only when reading fails.
pub fn deserialize_with_path<'de, T: Deserialize<'de>>(json: &'de str) -> Result<T, InputError> {
    serde_json::from_str(json).map_err(|err| {
        InputError::new(
            path_at(json, err.line(), err.column()),
            clean_serde_message(&err.to_string()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_lead_with_events() {
        let lead = parse_lead(
            r#"{"id":"l1","attributes":{"title":"VP Sales"},"events":[
                {"id":"e1","type":"page_view","at":"2026-11-20T10:00:00Z","props":{"path":"/pricing"}},
                {"type":"visit","at":1763632800000}]}"#,
        )
        .unwrap();
        assert_eq!(lead.id(), "l1");
        assert_eq!(lead.events.len(), 2);
        assert_eq!(lead.events[0].kind(), "page_view");
        assert_eq!(lead.events[0].id(), Some("e1"));
        assert_eq!(lead.events[1].at.millis(), 1_763_632_800_000);
    }

    #[test]
    fn new_events_come_as_one_event_or_an_array() {
        let one = parse_event_list(r#" {"type":"visit","at":"2026-11-20T10:00:00Z"}"#).unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].kind(), "visit");
        let two = parse_event_list(
            r#"[{"type":"visit","at":"2026-11-20T10:00:00Z"},{"type":"demo_request","at":0}]"#,
        )
        .unwrap();
        assert_eq!(two.len(), 2);
        assert_eq!(two[1].kind(), "demo_request");
        // A bad single event is named as the first of a list, like a bad first event in an array.
        let bad_time = parse_event_list(r#"{"type":"visit","at":"soon"}"#).unwrap_err();
        assert_eq!(bad_time.path, "[0].at");
        let in_array = parse_event_list(r#"[{"type":"visit","at":"soon"}]"#).unwrap_err();
        assert_eq!(in_array.path, bad_time.path);
        assert_eq!(parse_event_list("{").unwrap_err().path, "[0]");
        assert_eq!(
            parse_event_list(r#"{"type":" ","at":0}"#).unwrap_err().path,
            "[0].type"
        );
    }

    #[test]
    fn a_bad_time_names_its_event() {
        let err = parse_lead(
            r#"{"id":"l1","events":[{"type":"visit","at":"2026-11-20T10:00:00Z"},
                {"type":"visit","at":"last tuesday"}]}"#,
        )
        .unwrap_err();
        assert_eq!(err.path, "events[1].at");
        assert!(
            err.message
                .contains("\"last tuesday\" is not an RFC 3339 time"),
            "{}",
            err.message
        );
    }

    #[test]
    fn missing_and_unknown_fields_are_errors() {
        let err = parse_lead(r#"{"attributes":{}}"#).unwrap_err();
        assert!(err.message.contains("missing field `id`"), "{err}");
        let err =
            parse_lead(r#"{"id":"x","events":[{"type":"v","at":0,"properties":{}}]}"#).unwrap_err();
        assert_eq!(err.path, "events[0].properties");
        assert!(err.message.contains("unknown field `properties`"), "{err}");
        let err = parse_lead(r#"{"id":"x","events":[{"type":" ","at":0}]}"#).unwrap_err();
        assert_eq!(err.path, "events[0].type");
        let err = parse_lead(r#"{"id":"x","attributes":[1]}"#).unwrap_err();
        assert_eq!(err.path, "attributes");
    }

    #[test]
    fn malformed_json_is_an_error_not_a_panic() {
        assert!(parse_lead("{").is_err());
        assert!(parse_lead("").is_err());
        assert!(parse_lead(r#"{"id":"x"} trailing"#).is_err());
        assert!(parse_lead("[]").is_err());
    }

    #[test]
    fn a_batch_reports_each_bad_lead_by_index() {
        let leads = parse_lead_batch(
            r#"[{"id":"a"},{"id":"b","events":[{"type":"v","at":"nope"}]},{"id":"c"}]"#,
        )
        .unwrap();
        assert!(leads[0].is_ok());
        let bad = leads[1].as_ref().unwrap_err();
        assert_eq!(bad.error.path, "[1].events[0].at");
        assert_eq!(bad.lead_id.as_deref(), Some("b"));
        assert!(leads[2].is_ok());
        assert!(parse_lead_batch(r#"{"id":"a"}"#).is_err());
    }
}
