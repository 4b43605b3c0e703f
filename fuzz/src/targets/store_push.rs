//! Events pushed one delivery at a time, as webhooks and pages send them: into the resident
//! `LeadStore` (the event text parsed as `LeadStore.push` does) and, alongside, into a state
//! updated with `Scorer::update` and saved to bytes and read back now and then. After every
//! delivery the two paths hold the same state and give the same result; with no late event,
//! that result is the full scoring of every event delivered so far, to the byte. A refused
//! delivery (an as-of time before what is folded) changes nothing.

use crate::check::{json, result_holds};
use crate::gen::{base_ms, lead::Attributes, lead::EventSpec, model::ModelSpec};
use arbitrary::{Arbitrary, Unstructured};
use leadscore::value::Value;
use leadscore::{
    parse_event_list, parse_lead, LeadState, LeadStore, Scorer, Scratch, Timestamp, WarningCode,
};
use serde_json::value::RawValue;

const LEAD: &str = "pushed-lead";

#[derive(Arbitrary, Debug)]
struct Input {
    model: ModelSpec,
    attributes: Attributes,
    steps: Vec<Step>,
}

#[derive(Arbitrary, Debug)]
enum Step {
    /// Events delivered together, `minutes` after the last as-of time (negative: before).
    Push {
        events: Vec<EventSpec>,
        minutes: i16,
        as_array: bool,
    },
    /// Event text as given: often not an event at all.
    PushText {
        text: String,
        minutes: i16,
    },
    SetAttributes(Attributes),
    /// The state saved to bytes and read back, in the store too.
    Reload,
}

struct Run<'s> {
    scorer: &'s Scorer,
    store: LeadStore,
    state: LeadState,
    scratch: Scratch,
    /// The as-of time of the last delivery taken (deliveries may move it either way).
    as_of: i64,
    attributes: String,
    attributes_changed: bool,
    /// Every event delivered so far, as its JSON text.
    delivered: Vec<String>,
}

pub fn run(data: &[u8]) {
    let Ok(input) = Input::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let scorer = input.model.scorer();
    let attributes = input.attributes.json().to_string();
    let header = format!(r#"{{"id":"{LEAD}","attributes":{attributes}}}"#);
    let state = scorer
        .init_state(&parse_lead(&header).expect("a generated lead parses"))
        .expect("a lead without events starts a state");
    let mut store = LeadStore::new();
    store.insert(state.clone());
    let mut run = Run {
        scorer: &scorer,
        store,
        state,
        scratch: Scratch::default(),
        as_of: base_ms(),
        attributes,
        attributes_changed: false,
        delivered: Vec::new(),
    };
    for step in input.steps.iter().take(24) {
        match step {
            Step::Push {
                events,
                minutes,
                as_array,
            } => {
                let at = run.as_of + i64::from(*minutes) * 60_000;
                let texts: Vec<String> = events
                    .iter()
                    .take(16)
                    .map(|e| e.json(at).to_string())
                    .collect();
                let text = match (texts.as_slice(), as_array) {
                    ([one], false) => one.clone(),
                    _ => format!("[{}]", texts.join(",")),
                };
                run.deliver(&text, at);
            }
            Step::PushText { text, minutes } => {
                run.deliver(text, run.as_of + i64::from(*minutes) * 60_000);
            }
            Step::SetAttributes(attributes) => run.set_attributes(&attributes.json().to_string()),
            Step::Reload => run.reload(),
        }
    }
}

impl Run<'_> {
    fn deliver(&mut self, text: &str, at: i64) {
        let Ok(events) = parse_event_list(text) else {
            return;
        };
        let as_of = Timestamp::from_millis(at).expect("within range");
        let before = self.state.clone();
        let pushed = self.store.push(self.scorer, LEAD, &events, as_of);
        let updated = self
            .scorer
            .update(&mut self.state, &events, as_of, None, &mut self.scratch);
        let (summary, result) = match (pushed, updated) {
            (Ok(summary), Ok(result)) => (summary, result),
            (Err(pushed), Err(updated)) => {
                assert_eq!(pushed, updated, "both paths refuse alike");
                assert_eq!(self.state, before, "a refused update changes nothing");
                assert_eq!(
                    self.store.state(LEAD),
                    Some(&before),
                    "a refused push changes nothing"
                );
                return;
            }
            (pushed, updated) => panic!("push {pushed:?} but update {updated:?}"),
        };
        self.as_of = at;
        self.delivered.extend(event_texts(text));
        assert_eq!(
            self.store.state(LEAD),
            Some(&self.state),
            "both paths hold the same state"
        );
        result_holds(self.scorer, &result);
        assert_eq!(
            (summary.total, summary.mql, summary.band),
            (result.total, result.mql, result.band),
            "the push's summary is the result's"
        );
        let result = json(&result);
        let stored = self
            .store
            .result(self.scorer, LEAD, as_of)
            .expect("the lead is in the store");
        assert_eq!(json(&stored), result, "the store's result is the update's");
        let late = self.state_warns_late(&result);
        if !late {
            self.matches_full_scoring(&result, as_of);
        }
    }

    fn state_warns_late(&self, result: &str) -> bool {
        let result: serde_json::Value = serde_json::from_str(result).expect("results are JSON");
        let late = serde_json::to_value(WarningCode::LateEvent).expect("codes serialize");
        result["warnings"]
            .as_array()
            .is_some_and(|w| w.iter().any(|w| w["code"] == late))
    }

    /// Without late events, incremental scoring is full scoring. After the attributes changed,
    /// moments already folded were judged with the old ones: all but the crossing must agree.
    fn matches_full_scoring(&self, result: &str, as_of: Timestamp) {
        let lead = format!(
            r#"{{"id":"{LEAD}","attributes":{},"events":[{}]}}"#,
            self.attributes,
            self.delivered.join(",")
        );
        let full = json(
            &self
                .scorer
                .score(&parse_lead(&lead).expect("delivered events parse"), as_of),
        );
        let compared = |text: &str| {
            let mut result: serde_json::Value =
                serde_json::from_str(text).expect("results are JSON");
            if self.attributes_changed {
                result["crossedAt"] = serde_json::Value::Null;
                result["crossingEvent"] = serde_json::Value::Null;
            }
            result
        };
        assert_eq!(
            compared(result),
            compared(&full),
            "incremental equals full scoring\nlead: {lead}"
        );
    }

    fn set_attributes(&mut self, text: &str) {
        let attributes: Value = serde_json::from_str(text).expect("generated attributes are JSON");
        let as_of = Timestamp::from_millis(self.as_of).expect("within range");
        self.store
            .set_attributes(LEAD, &attributes)
            .expect("the lead is in the store");
        // An empty push at the last as-of time folds what the update below folds.
        self.store
            .push(self.scorer, LEAD, &[], as_of)
            .expect("the last as-of time is accepted");
        let updated = self.scorer.update(
            &mut self.state,
            &[],
            as_of,
            Some(&attributes),
            &mut self.scratch,
        );
        updated.expect("the last as-of time is accepted");
        self.attributes = text.to_string();
        self.attributes_changed = true;
        assert_eq!(
            self.store.state(LEAD),
            Some(&self.state),
            "both paths hold the same state"
        );
    }

    fn reload(&mut self) {
        let back =
            LeadState::from_bytes(&self.state.to_bytes()).expect("a state's bytes read back");
        assert_eq!(
            back, self.state,
            "a state reads back from its bytes unchanged"
        );
        let stored = self
            .store
            .state(LEAD)
            .expect("the lead is in the store")
            .to_bytes();
        self.store
            .insert(LeadState::from_bytes(&stored).expect("the store's state reads back"));
    }
}

/// The events of a delivery (one event, or an array of them) as their own JSON texts.
fn event_texts(text: &str) -> Vec<String> {
    match serde_json::from_str::<Vec<&RawValue>>(text) {
        Ok(events) => events.iter().map(|e| e.get().to_string()).collect(),
        Err(_) => {
            let one: &RawValue = serde_json::from_str(text).expect("a parsed event is JSON");
            vec![one.get().to_string()]
        }
    }
}
