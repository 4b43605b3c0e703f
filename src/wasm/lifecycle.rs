//! The JavaScript binding of the lifecycle: a `Lifecycle` class over a compiled playbook. It
//! converts records, actions and options at the edge (JSON text across the boundary), reads the
//! clock when no `now` is given, and throws `PlaybookError`, `TransitionError` and `InputError`.

use super::{
    check_options, compile_model, document_error, document_text, given_option, input_error,
    instant_option, issues_array, json_text, lead_id_of, named_error, text_of, to_js,
};
use crate::error::{InputError, Issue};
use crate::lead::deserialize_with_path;
use crate::lead::parse_lead;
use crate::lifecycle::{
    parse_action, parse_record, parse_routing_state, Lifecycle as CoreLifecycle, PlaybookError,
    RoutingState, ScoreSnapshot, TransitionError, PLAYBOOK_VERSION,
};
use crate::model::Model;
use js_sys::{Array, Object, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("lifecycle.d.ts");

/// A compiled playbook: runs the lifecycle of many leads.
#[wasm_bindgen]
pub struct Lifecycle {
    pub(super) core: CoreLifecycle,
}

#[wasm_bindgen]
impl Lifecycle {
    /// Validates and compiles a playbook for a scoring model (each an object or JSON text).
    /// Throws a `ModelError` for a bad model and a `PlaybookError` listing every problem of the
    /// playbook, each with its JSON path.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Playbook | string")] playbook: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Model | string")] model: JsValue,
    ) -> Result<Lifecycle, JsValue> {
        let model = compile_model(&model)?;
        let text = document_text::<PlaybookError>(&playbook)?;
        let core = CoreLifecycle::from_json(&text, &model).map_err(|err| document_error(&err))?;
        Ok(Lifecycle { core })
    }

    /// The record of a new lead (stage `lead`, owned by marketing) as of `options.now`.
    #[wasm_bindgen(js_name = newRecord, skip_typescript)]
    pub fn new_record(
        &self,
        lead_id: JsValue,
        options: Option<Object>,
    ) -> Result<JsValue, JsValue> {
        check_options(options.as_ref(), &["now"])?;
        let now = instant_option(options.as_ref(), "now")?;
        let id = lead_id_of(&lead_id)?;
        to_js(&self.core.new_record(&id, now))
    }

    /// Applies an action to a record at `options.now`, with the round-robin state in
    /// `options.routing`. Returns `{ record, routing, effects }`; throws a `TransitionError`
    /// for an action the record's stage does not allow (the record is unchanged).
    #[wasm_bindgen(skip_typescript)]
    pub fn apply(
        &self,
        record: JsValue,
        action: JsValue,
        options: Option<Object>,
    ) -> Result<JsValue, JsValue> {
        check_options(options.as_ref(), &["now", "routing"])?;
        let now = instant_option(options.as_ref(), "now")?;
        let routing = routing_option(options.as_ref())?;
        let record = read_record(&record)?;
        let action_text = text_of(&action, "action")?;
        let action =
            parse_action(&action_text).map_err(|err| input_error(&err.within("action")))?;
        let outcome = self
            .core
            .apply(&record, &action, now, &routing)
            .map_err(|err| transition_error(&err))?;
        to_js(&outcome)
    }

    /// Where the record's SLA stands at `options.now`: `null` when it has none.
    #[wasm_bindgen(js_name = slaStatus, skip_typescript)]
    pub fn sla_status(&self, record: JsValue, options: Option<Object>) -> Result<JsValue, JsValue> {
        check_options(options.as_ref(), &["now"])?;
        let now = instant_option(options.as_ref(), "now")?;
        let record = read_record(&record)?;
        to_js(&self.core.sla_status(&record, now))
    }

    /// Who routing assigns a lead to. Returns the assignment and the advanced `routing` state.
    #[wasm_bindgen(skip_typescript)]
    pub fn route(&self, lead: JsValue, options: Option<Object>) -> Result<JsValue, JsValue> {
        check_options(options.as_ref(), &["routing"])?;
        let mut routing = routing_option(options.as_ref())?;
        let text = text_of(&lead, "lead")?;
        let lead = parse_lead(&text).map_err(|err| input_error(&err.within("lead")))?;
        let assignment = self.core.route(&lead, &mut routing);
        #[derive(Serialize)]
        struct Routed<'a> {
            #[serde(flatten)]
            assignment: &'a crate::lifecycle::Assignment,
            routing: &'a RoutingState,
        }
        to_js(&Routed {
            assignment: &assignment,
            routing: &routing,
        })
    }

    /// The handoff a lead would get at `options.now` for `options.owner` (routing's choice when
    /// absent): `{ handoff }`, or `{ missingFields }` when required fields are missing.
    #[wasm_bindgen(js_name = previewHandoff, skip_typescript)]
    pub fn preview_handoff(
        &self,
        lead: JsValue,
        score: JsValue,
        options: Option<Object>,
    ) -> Result<JsValue, JsValue> {
        check_options(options.as_ref(), &["now", "owner"])?;
        let now = instant_option(options.as_ref(), "now")?;
        let owner = given_option(options.as_ref(), "owner")
            .map(|owner| {
                owner.as_string().ok_or_else(|| {
                    input_error(&InputError::new("owner", "must be a person's id (text)"))
                })
            })
            .transpose()?;
        if let Some(owner) = &owner {
            if self.core.playbook().person(owner).is_none() {
                return Err(input_error(&InputError::new(
                    "owner",
                    format!("no person {owner:?} in the playbook's team"),
                )));
            }
        }
        let lead_text = text_of(&lead, "lead")?;
        let lead = parse_lead(&lead_text).map_err(|err| input_error(&err.within("lead")))?;
        let score_text = text_of(&score, "score")?;
        let score: ScoreSnapshot =
            deserialize_with_path(&score_text).map_err(|err| input_error(&err.within("score")))?;
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        enum Preview {
            #[serde(rename = "handoff")]
            Handoff(Box<crate::lifecycle::Handoff>),
            MissingFields(Vec<String>),
        }
        let preview = match self
            .core
            .preview_handoff(&lead, &score, owner.as_deref(), now)
        {
            Ok(handoff) => Preview::Handoff(Box::new(handoff)),
            Err(missing) => Preview::MissingFields(missing),
        };
        to_js(&preview)
    }

    /// The due time of an SLA window: `{ calendar, start, within }`.
    #[wasm_bindgen(js_name = dueAt, skip_typescript)]
    pub fn due_at(&self, request: JsValue) -> Result<JsValue, JsValue> {
        let text = text_of(&request, "")?;
        let doc: serde_json::Value = serde_json::from_str(&text)
            .map_err(|err| input_error(&InputError::new("", err.to_string())))?;
        let (calendar, start, window) =
            crate::lifecycle::read_due_request(&doc).map_err(|err| input_error(&err))?;
        let due = self.core.due_at(&calendar, window, start).ok_or_else(|| {
            input_error(&InputError::new(
                "calendar",
                format!("no calendar {calendar:?} in the playbook"),
            ))
        })?;
        Ok(due.to_rfc3339().into())
    }

    /// The rejection reasons sales may choose from, with their plays.
    #[wasm_bindgen(skip_typescript)]
    pub fn reasons(&self) -> Result<JsValue, JsValue> {
        to_js(&self.core.reasons())
    }

    /// The playbook's name, if it has one.
    #[wasm_bindgen(getter, js_name = playbookName)]
    pub fn playbook_name(&self) -> Option<String> {
        self.core.playbook().name.clone()
    }
}

/// Every problem in a playbook for a model (each an object or JSON text), each with its path;
/// empty when valid. A model that does not compile is reported under the path `model`.
#[wasm_bindgen(js_name = validatePlaybook, unchecked_return_type = "ModelIssue[]")]
pub fn validate_playbook(
    #[wasm_bindgen(unchecked_param_type = "Playbook | string")] playbook: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Model | string")] model: JsValue,
) -> Array {
    let model = match json_text(&model)
        .map_err(|m| vec![Issue::new("", m)])
        .and_then(|t| Model::from_json(&t).map_err(|e| e.issues))
    {
        Ok(model) => model,
        Err(issues) => {
            let issues: Vec<Issue> = issues
                .into_iter()
                .map(|i| Issue::new(crate::error::join_path("model", &i.path), i.message))
                .collect();
            return issues_array(&issues);
        }
    };
    let issues = match json_text(&playbook) {
        Ok(text) => crate::lifecycle::validate_playbook(&text, &model),
        Err(message) => vec![Issue::new("", message)],
    };
    issues_array(&issues)
}

/// The playbook format version this build reads.
#[wasm_bindgen(js_name = playbookVersion)]
pub fn playbook_version() -> u32 {
    PLAYBOOK_VERSION as u32
}

fn read_record(record: &JsValue) -> Result<crate::lifecycle::LifecycleRecord, JsValue> {
    let text = text_of(record, "record")?;
    parse_record(&text).map_err(|err| input_error(&err.within("record")))
}

pub(super) fn routing_option(options: Option<&Object>) -> Result<RoutingState, JsValue> {
    let Some(value) = given_option(options, "routing") else {
        return Ok(RoutingState::default());
    };
    let text = text_of(&value, "routing")?;
    parse_routing_state(&text).map_err(|err| input_error(&err.within("routing")))
}

fn transition_error(err: &TransitionError) -> JsValue {
    let error = named_error("TransitionError", &err.message, "");
    let _ = Reflect::set(&error, &"code".into(), &err.code.into());
    let _ = Reflect::set(&error, &"stage".into(), &err.stage.name().into());
    let _ = Reflect::set(&error, &"action".into(), &err.action.into());
    error.into()
}
