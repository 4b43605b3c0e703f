//! The JavaScript binding of the account-owned handoff: `Lifecycle.routeAccount` and
//! `Lifecycle.accountHandoff` (in `leadscore/full`, which has both the lifecycle and accounts).
//! An account crosses as its result (`scoreAccounts`, `rollUp`), as an object or JSON text.

use super::lifecycle::{routing_option, Lifecycle};
use super::{check_options, given_option, input_error, instant_option, text_of, to_js};
use crate::error::InputError;
use crate::lifecycle::{parse_account, AccountSnapshot, Assignment, RoutingState};
use crate::value::Value;
use js_sys::Object;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("account_lifecycle.d.ts");

#[wasm_bindgen]
impl Lifecycle {
    /// Who an account goes to: `options.attributes` are the account's own (its CRM record's);
    /// returns the assignment and the advanced `routing` state, which records the owner.
    #[wasm_bindgen(js_name = routeAccount, skip_typescript)]
    pub fn route_account(
        &self,
        account: JsValue,
        options: Option<Object>,
    ) -> Result<JsValue, JsValue> {
        check_options(options.as_ref(), &["attributes", "routing"])?;
        let mut routing = routing_option(options.as_ref())?;
        let attributes_text = match given_option(options.as_ref(), "attributes") {
            Some(value) => text_of(&value, "attributes")?,
            None => "{}".to_string(),
        };
        let attributes: Value = serde_json::from_str(&attributes_text)
            .ok()
            .filter(|value| matches!(value, Value::Object(_)))
            .ok_or_else(|| input_error(&InputError::new("attributes", "must be an object")))?;
        let account = account_of(&account)?;
        let assignment = self.core.route_account(&account, &attributes, &mut routing);
        #[derive(Serialize)]
        struct Routed<'a> {
            #[serde(flatten)]
            assignment: &'a Assignment,
            routing: &'a RoutingState,
        }
        to_js(&Routed {
            assignment: &assignment,
            routing: &routing,
        })
    }

    /// The account handoff for `options.owner` (a person of the playbook's team) at
    /// `options.now`.
    #[wasm_bindgen(js_name = accountHandoff, skip_typescript)]
    pub fn account_handoff(
        &self,
        account: JsValue,
        options: Option<Object>,
    ) -> Result<JsValue, JsValue> {
        check_options(options.as_ref(), &["owner", "now"])?;
        let now = instant_option(options.as_ref(), "now")?;
        let owner = given_option(options.as_ref(), "owner")
            .and_then(|owner| owner.as_string())
            .filter(|owner| self.core.playbook().person(owner).is_some())
            .ok_or_else(|| {
                input_error(&InputError::new(
                    "owner",
                    "must be the id of a person in the playbook's team",
                ))
            })?;
        let account = account_of(&account)?;
        to_js(&self.core.account_handoff(&account, &owner, now))
    }
}

/// An account's result (an object or JSON text), read with the path of anything malformed.
fn account_of(account: &JsValue) -> Result<AccountSnapshot, JsValue> {
    let text = text_of(account, "account")?;
    parse_account(&text).map_err(|err| input_error(&err.within("account")))
}
