//! Valid leads: ids as text or numbers, attributes of every JSON kind (dotted names nest), and
//! events of known and unknown types at times before and after the as-of moment, in every time
//! form, with repeated ids (redeliveries) and properties the rules filter on.

use super::{pick, set_path, AnyValue, When, ATTRIBUTES, EVENT_TYPES, PROPS};
use arbitrary::Arbitrary;
use serde_json::{json, Map, Value};

#[derive(Arbitrary, Debug, Clone)]
pub struct LeadSpec {
    id: LeadId,
    attributes: Attributes,
    pub events: Vec<EventSpec>,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum LeadId {
    Text(u8),
    Number(u32),
}

#[derive(Arbitrary, Debug, Clone)]
pub struct Attributes(Vec<(u8, AnyValue)>);

impl Attributes {
    pub fn json(&self) -> Value {
        let mut attributes = Map::new();
        for (name, value) in self.0.iter().take(8) {
            set_path(&mut attributes, pick(ATTRIBUTES, *name), value.json());
        }
        Value::Object(attributes)
    }
}

#[derive(Arbitrary, Debug, Clone)]
pub struct EventSpec {
    /// A small pool of ids, so that some repeat (a redelivery).
    id: Option<u8>,
    kind: u8,
    pub at: When,
    props: Option<Vec<(u8, AnyValue)>>,
}

impl EventSpec {
    pub fn json(&self, base: i64) -> Value {
        let mut event = json!({ "type": pick(EVENT_TYPES, self.kind), "at": self.at.json(base) });
        if let Some(id) = self.id {
            event["id"] = json!(format!("e{}", id % 32));
        }
        if let Some(props) = &self.props {
            let mut object = Map::new();
            for (name, value) in props.iter().take(4) {
                set_path(&mut object, pick(PROPS, *name), value.json());
            }
            event["props"] = Value::Object(object);
        }
        event
    }
}

impl LeadSpec {
    pub fn id(&self) -> Value {
        match self.id {
            LeadId::Text(n) => json!(format!("lead-{n}")),
            LeadId::Number(n) => json!(n),
        }
    }

    pub fn attributes(&self) -> Value {
        self.attributes.json()
    }

    /// The lead's JSON, with its events' times relative to `base`.
    pub fn json(&self, base: i64) -> Value {
        let events: Vec<Value> = self.events.iter().take(64).map(|e| e.json(base)).collect();
        json!({ "id": self.id(), "attributes": self.attributes(), "events": events })
    }
}
