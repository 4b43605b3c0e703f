//! The playbook: the handoff contract as data (format version 1, see
//! `schema/playbook.schema.json`). It is read beside the scoring model it serves, validated
//! with a path for every problem, and compiled once.

use super::calendar::Calendar;
use super::declared::DeclaredIds;
use super::handoff::HandoffPolicy;
use super::recycle::{read_reasons, read_tracks, NurtureTrack, RejectionReason};
use super::routing::Routing;
use super::sla::{EscalateTo, SlaPolicy};
use crate::document::{self, child, Reader};
use crate::error::document_error;
use crate::model::{AttributePath, Model};
use crate::time::MS_PER_DAY;
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// The playbook format version this build reads.
pub const PLAYBOOK_VERSION: i64 = 1;

/// A compiled playbook.
#[derive(Debug, Clone)]
pub struct Playbook {
    pub name: Option<String>,
    /// Who owns leads in marketing's stages (lead, nurture, recycled, disqualified).
    pub marketing_owner: String,
    pub team: BTreeMap<String, Person>,
    pub calendars: BTreeMap<String, Calendar>,
    pub routing: Routing,
    pub sla: SlaPolicy,
    pub handoff: HandoffPolicy,
    pub tracks: Vec<NurtureTrack>,
    pub reasons: Vec<RejectionReason>,
    /// An instant trigger (a demo request) re-qualifies a recycled lead before its wait ends.
    pub instant_triggers_skip_wait: bool,
    /// The attributes whose change lifts a "wrong ICP" block.
    pub fit_attributes: Vec<AttributePath>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub name: Option<String>,
    pub email: Option<String>,
    pub manager: Option<String>,
    pub calendar: Option<String>,
}

document_error!(
    /// A playbook that cannot be compiled, with every problem found.
    PlaybookError,
    "playbook"
);

impl Playbook {
    /// Validates and compiles a playbook from JSON text, for the given scoring model.
    pub fn from_json(text: &str, model: &Model) -> Result<Playbook, PlaybookError> {
        Playbook::from_value(&document::parse(text)?, model)
    }

    /// Validates and compiles an already-parsed playbook document.
    pub fn from_value(doc: &Json, model: &Model) -> Result<Playbook, PlaybookError> {
        let mut reader = Reader::default();
        let playbook = read_playbook(&mut reader, doc, model);
        reader.finish(playbook)
    }

    pub fn person(&self, id: &str) -> Option<&Person> {
        self.team.get(id)
    }

    /// The calendar an owner's SLA runs on: their own, else the SLA default.
    pub fn calendar_for(&self, owner: &str) -> &Calendar {
        let id = self
            .person(owner)
            .and_then(|p| p.calendar.as_deref())
            .unwrap_or(&self.sla.calendar);
        self.calendars
            .get(id)
            .or_else(|| self.calendars.get(&self.sla.calendar))
            .expect("validated: the SLA calendar exists")
    }

    pub fn reason(&self, id: &str) -> Option<&RejectionReason> {
        self.reasons.iter().find(|r| r.id == id)
    }
}

fn read_playbook(reader: &mut Reader, doc: &Json, model: &Model) -> Option<Playbook> {
    const KEYS: &[&str] = &[
        "$schema",
        "version",
        "name",
        "description",
        "marketingOwner",
        "team",
        "calendars",
        "routing",
        "sla",
        "handoff",
        "nurture",
        "rejection",
        "fitAttributes",
    ];
    let map = reader.object(doc, "", KEYS)?;
    let name = reader.header(map, "playbook", PLAYBOOK_VERSION);
    let calendars = read_calendars(reader, map.get("calendars"));
    let tracks = read_tracks(reader, map.get("nurture"));
    let track_ids = tracks.iter().map(|t| t.id.clone()).collect();
    let declared = DeclaredIds::of(map, track_ids, model);
    let team = read_team(reader, map.get("team"), &declared);
    let marketing_owner = declared.read_person(reader, map, "marketingOwner", "");
    let routing = Routing::read(reader, map.get("routing"), &declared);
    let sla = SlaPolicy::read(reader, map.get("sla"), &declared);
    let default_why_now = model
        .mql
        .recency_ms
        .map_or(30, |ms| (ms / MS_PER_DAY).max(1));
    let handoff = HandoffPolicy::read(reader, map.get("handoff"), &declared, default_why_now);
    let (reasons, instant_triggers_skip_wait) =
        read_reasons(reader, map.get("rejection"), &declared);
    let fit_attributes = read_fit_attributes(reader, map.get("fitAttributes"), model);
    if let (Some(routing), Some(sla)) = (&routing, &sla) {
        check_escalation_managers(reader, routing, sla, &team);
    }
    Some(Playbook {
        name,
        marketing_owner: marketing_owner?,
        team,
        calendars,
        routing: routing?,
        sla: sla?,
        handoff: handoff?,
        tracks,
        reasons,
        instant_triggers_skip_wait,
        fit_attributes,
    })
}

/// The attributes whose change lifts a "wrong ICP" block: as listed, or else those the model's
/// fit rules read.
fn read_fit_attributes(
    reader: &mut Reader,
    value: Option<&Json>,
    model: &Model,
) -> Vec<AttributePath> {
    if let Some(value) = value.filter(|v| !v.is_null()) {
        return reader
            .word_list(value, "fitAttributes")
            .iter()
            .map(|a| AttributePath::new(a))
            .collect();
    }
    let mut attributes: Vec<AttributePath> = Vec::new();
    for rule in &model.fit.rules {
        if !attributes.contains(&rule.attribute) {
            attributes.push(rule.attribute.clone());
        }
    }
    attributes
}

/// Escalating to "manager" needs a manager for everyone routing can hand a lead to.
fn check_escalation_managers(
    reader: &mut Reader,
    routing: &Routing,
    sla: &SlaPolicy,
    team: &BTreeMap<String, Person>,
) {
    let Some(index) = sla
        .escalation
        .iter()
        .position(|s| s.to == EscalateTo::Manager)
    else {
        return;
    };
    for owner in routing.possible_owners() {
        if team.get(owner).is_some_and(|p| p.manager.is_none()) {
            reader.error(
                &format!("sla.escalation[{index}].to"),
                format!("escalates to the owner's manager, but {owner:?} (who routing can assign) has no `manager` in team"),
            );
        }
    }
}

fn read_calendars(reader: &mut Reader, value: Option<&Json>) -> BTreeMap<String, Calendar> {
    let mut calendars = BTreeMap::new();
    let Some(value) = value.filter(|v| !v.is_null()) else {
        reader.error("calendars", "is required: SLAs run on business calendars");
        return calendars;
    };
    let Some(map) = reader.expect(value, "calendars", "an object", Json::as_object) else {
        return calendars;
    };
    for (id, calendar) in map {
        if let Some(calendar) = Calendar::read(reader, id, calendar, &child("calendars", id)) {
            calendars.insert(id.clone(), calendar);
        }
    }
    if map.is_empty() {
        reader.error("calendars", "needs at least one business calendar");
    }
    calendars
}

fn read_team(
    reader: &mut Reader,
    value: Option<&Json>,
    declared: &DeclaredIds,
) -> BTreeMap<String, Person> {
    let mut team = BTreeMap::new();
    let required = "is required: the people who own leads, by id";
    let Some(value) = value.filter(|v| !v.is_null()) else {
        reader.error("team", required);
        return team;
    };
    let Some(map) = reader.expect(value, "team", "an object", Json::as_object) else {
        return team;
    };
    if map.is_empty() {
        reader.error("team", required);
        return team;
    }
    for (id, person) in map {
        let path = child("team", id);
        let Some(fields) = reader.object(
            person,
            &path,
            &["name", "email", "manager", "calendar", "role"],
        ) else {
            continue;
        };
        let mut text = |key: &str| reader.text(fields, key, &path, false).map(str::to_string);
        let (name, email, manager, calendar) = (
            text("name"),
            text("email"),
            text("manager"),
            text("calendar"),
        );
        text("role");
        if let Some(manager) = &manager {
            if manager == id {
                reader.error(
                    &child(&path, "manager"),
                    "a person cannot be their own manager",
                );
            } else {
                declared.check_person(reader, manager, &child(&path, "manager"));
            }
        }
        if let Some(calendar) = &calendar {
            declared.check_calendar(reader, calendar, &child(&path, "calendar"));
        }
        team.insert(
            id.clone(),
            Person {
                name,
                email,
                manager,
                calendar,
            },
        );
    }
    team
}
