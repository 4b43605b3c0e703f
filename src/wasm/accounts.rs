//! The JavaScript binding of account scoring: `AccountScorer` (an account from its leads, or
//! from its contacts' results) and the resident `AccountStore`. Leads, contacts and results
//! cross as JSON text, as the scorer's do.

use super::{
    as_of_option, bag, check_options, document_error, input_error, instant_option, instant_value,
    lead_id_of, text_of, to_js, Scorer,
};
use crate::accounts::{
    parse_contacts, AccountKey, AccountScorer as CoreAccounts, AccountStore as CoreStore,
};
use crate::engine::Scorer as CoreScorer;
use crate::error::InputError;
use crate::lead::{parse_event_list, parse_lead_batch, Lead};
use crate::time::Timestamp;
use crate::value::Value;
use js_sys::{Array, Object};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("accounts.d.ts");

/// A scorer whose model has an `accounts` section: scores accounts from their contacts.
#[wasm_bindgen]
pub struct AccountScorer {
    scorer: Rc<CoreScorer>,
}

#[wasm_bindgen]
impl AccountScorer {
    /// The account scorer of a scorer's model; throws a `ModelError` at `accounts` when the
    /// model has no accounts section.
    #[wasm_bindgen(constructor)]
    pub fn new(scorer: &Scorer) -> Result<AccountScorer, JsValue> {
        CoreAccounts::new(&scorer.core).map_err(|err| document_error(&err))?;
        Ok(AccountScorer {
            scorer: Rc::clone(&scorer.core),
        })
    }

    /// The account a lead (an object or JSON text) belongs to: `{ accountId, keyedBy }`, or
    /// `{ accountId: null, ungrouped }` saying why it has none.
    #[wasm_bindgen(js_name = accountOf, skip_typescript)]
    pub fn account_of(&self, lead: JsValue) -> Result<JsValue, JsValue> {
        let text = text_of(&lead, "")?;
        let lead = self
            .scorer
            .read_lead(&text)
            .map_err(|err| input_error(&err))?;
        let key = core(&self.scorer)?
            .key_of(&lead.attributes)
            .map_err(|err| input_error(&err))?;
        to_js(&match key {
            AccountKey::Account { id, keyed_by } => {
                serde_json::json!({ "accountId": id, "keyedBy": keyed_by })
            }
            AccountKey::Ungrouped(why) => {
                serde_json::json!({ "accountId": null, "ungrouped": why })
            }
        })
    }

    /// Every account of the leads (an array or JSON text of one) as of `options.asOf`:
    /// `{ accounts, ungrouped }`.
    #[wasm_bindgen(js_name = scoreAccounts, skip_typescript)]
    pub fn score_accounts(
        &self,
        leads: JsValue,
        options: Option<Object>,
    ) -> Result<JsValue, JsValue> {
        self.with_leads(leads, options, |accounts, leads, as_of| {
            to_js(
                &accounts
                    .score_accounts(leads, as_of)
                    .map_err(|e| input_error(&e))?,
            )
        })
    }

    /// One account from its leads (all of it, each with its events) as of `options.asOf`.
    #[wasm_bindgen(js_name = scoreAccount, skip_typescript)]
    pub fn score_account(
        &self,
        leads: JsValue,
        options: Option<Object>,
    ) -> Result<JsValue, JsValue> {
        self.with_leads(leads, options, |accounts, leads, as_of| {
            to_js(
                &accounts
                    .score_account(leads, as_of)
                    .map_err(|e| input_error(&e))?,
            )
        })
    }

    /// One account from its contacts' results, `[{ attributes, score }]`, all as of one time;
    /// `options.crossedAt` is when it first was an MQA, as stored.
    #[wasm_bindgen(js_name = rollUp, skip_typescript)]
    pub fn roll_up(&self, contacts: JsValue, options: Option<Object>) -> Result<JsValue, JsValue> {
        check_options(options.as_ref(), &["crossedAt"])?;
        let crossed_at = super::given_option(options.as_ref(), "crossedAt")
            .map(|value| instant_value(&value, "crossedAt"))
            .transpose()?;
        let text = text_of(&contacts, "")?;
        let contacts = parse_contacts(&text).map_err(|err| input_error(&err))?;
        let result = core(&self.scorer)?
            .roll_up(&contacts, crossed_at)
            .map_err(|err| input_error(&err))?;
        to_js(&result)
    }
}

impl AccountScorer {
    /// Reads leads (an array or JSON text of one) and `options.asOf`, then runs `score` on them.
    fn with_leads(
        &self,
        leads: JsValue,
        options: Option<Object>,
        score: impl FnOnce(&CoreAccounts, &[Lead], Timestamp) -> Result<JsValue, JsValue>,
    ) -> Result<JsValue, JsValue> {
        check_options(options.as_ref(), &["asOf"])?;
        let as_of = as_of_option(options.as_ref())?;
        let text = text_of(&leads, "")?;
        let leads = read_leads(&text)?;
        self.scorer
            .limits()
            .check_leads(&leads)
            .map_err(|err| input_error(&err))?;
        score(&core(&self.scorer)?, &leads, as_of)
    }
}

/// Leads grouped into accounts, held in this Wasm instance.
#[wasm_bindgen]
pub struct AccountStore {
    scorer: Rc<CoreScorer>,
    store: RefCell<CoreStore>,
}

#[wasm_bindgen]
impl AccountStore {
    #[wasm_bindgen(constructor)]
    pub fn new(accounts: &AccountScorer) -> AccountStore {
        AccountStore {
            scorer: Rc::clone(&accounts.scorer),
            store: RefCell::new(CoreStore::new()),
        }
    }

    /// Adds a lead, `{ id, attributes }` (or JSON text of it), replacing one of the same id;
    /// returns its account id, or null for a lead in no account.
    #[wasm_bindgen(skip_typescript)]
    pub fn add(&self, lead: JsValue) -> Result<JsValue, JsValue> {
        let text = text_of(&lead, "")?;
        let lead = self
            .scorer
            .read_lead(&text)
            .map_err(|err| input_error(&err))?;
        let accounts = core(&self.scorer)?;
        let account_id = self.store.borrow_mut().add(&accounts, &lead);
        account_id.map(id_or_null).map_err(|err| input_error(&err))
    }

    /// Takes new events for a lead and judges its account then: `{ total, accountId, mqa,
    /// crossed }`.
    #[wasm_bindgen(skip_typescript)]
    pub fn push(
        &self,
        lead_id: JsValue,
        events: JsValue,
        as_of: JsValue,
    ) -> Result<JsValue, JsValue> {
        let lead_id = lead_id_of(&lead_id)?;
        let as_of = instant_value(&as_of, "asOf")?;
        let text = text_of(&events, "events")?;
        let events = parse_event_list(&text).map_err(|err| input_error(&err.within("events")))?;
        let limits = self.scorer.limits();
        limits
            .check_events(&events, "events", 1)
            .map_err(|err| input_error(&err))?;
        let accounts = core(&self.scorer)?;
        let pushed = self
            .store
            .borrow_mut()
            .push(&accounts, &lead_id, &events, as_of)
            .map_err(|err| input_error(&err))?;
        let account_id = id_or_null(pushed.account_id);
        Ok(bag(&[
            ("total", &JsValue::from_f64(pushed.total as f64)),
            ("accountId", &account_id),
            ("mqa", &JsValue::from_bool(pushed.mqa)),
            ("crossed", &JsValue::from_bool(pushed.crossed)),
        ]))
    }

    /// An account's full result as of `options.asOf` (default: now).
    #[wasm_bindgen(skip_typescript)]
    pub fn account(
        &self,
        account_id: JsValue,
        options: Option<Object>,
    ) -> Result<JsValue, JsValue> {
        check_options(options.as_ref(), &["asOf"])?;
        let as_of = instant_option(options.as_ref(), "asOf")?;
        let account_id = account_id_of(&account_id)?;
        let accounts = core(&self.scorer)?;
        let result = self
            .store
            .borrow_mut()
            .result(&accounts, &account_id, as_of)
            .map_err(|err| input_error(&err))?;
        to_js(&result)
    }

    /// A lead's own full result as of `options.asOf` (default: now).
    #[wasm_bindgen(skip_typescript)]
    pub fn result(&self, lead_id: JsValue, options: Option<Object>) -> Result<JsValue, JsValue> {
        check_options(options.as_ref(), &["asOf"])?;
        let as_of = as_of_option(options.as_ref())?;
        let lead_id = lead_id_of(&lead_id)?;
        let accounts = core(&self.scorer)?;
        let result = self
            .store
            .borrow_mut()
            .lead_result(&accounts, &lead_id, as_of)
            .map_err(|err| input_error(&err))?;
        to_js(&result)
    }

    /// The account a lead is in, or null.
    #[wasm_bindgen(js_name = accountOf, skip_typescript)]
    pub fn account_of(&self, lead_id: JsValue) -> Result<JsValue, JsValue> {
        let lead_id = lead_id_of(&lead_id)?;
        Ok(id_or_null(
            self.store.borrow().account_of(&lead_id).map(str::to_string),
        ))
    }

    /// The accounts' ids, sorted.
    #[wasm_bindgen(js_name = accountIds, skip_typescript)]
    pub fn account_ids(&self) -> Array {
        (self.store.borrow().account_ids().into_iter())
            .map(JsValue::from_str)
            .collect()
    }

    /// An account's contacts' lead ids, sorted.
    #[wasm_bindgen(skip_typescript)]
    pub fn contacts(&self, account_id: JsValue) -> Result<Array, JsValue> {
        let account_id = account_id_of(&account_id)?;
        let store = self.store.borrow();
        let contacts = store.contacts_of(&account_id).unwrap_or_default();
        Ok(contacts.iter().map(|id| JsValue::from_str(id)).collect())
    }

    /// Replaces a lead's attributes; returns its account id (it may have moved), or null.
    #[wasm_bindgen(js_name = setAttributes, skip_typescript)]
    pub fn set_attributes(
        &self,
        lead_id: JsValue,
        attributes: JsValue,
    ) -> Result<JsValue, JsValue> {
        let lead_id = lead_id_of(&lead_id)?;
        let text = text_of(&attributes, "attributes")?;
        let attributes: Value = serde_json::from_str(&text)
            .map_err(|err| input_error(&InputError::new("attributes", err.to_string())))?;
        let accounts = core(&self.scorer)?;
        let account_id = (self.store.borrow_mut()).set_attributes(&accounts, &lead_id, &attributes);
        account_id.map(id_or_null).map_err(|err| input_error(&err))
    }

    /// Removes a lead; true if it was there.
    #[wasm_bindgen(skip_typescript)]
    pub fn delete(&self, lead_id: JsValue) -> Result<bool, JsValue> {
        let lead_id = lead_id_of(&lead_id)?;
        Ok(self.store.borrow_mut().remove(&lead_id))
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn has(&self, lead_id: JsValue) -> Result<bool, JsValue> {
        let lead_id = lead_id_of(&lead_id)?;
        Ok(self.store.borrow().contains(&lead_id))
    }

    /// How many leads the store holds.
    #[wasm_bindgen(getter, skip_typescript)]
    pub fn size(&self) -> u32 {
        self.store.borrow().leads().len() as u32
    }
}

/// The core's account scorer (the model was checked to have an accounts section when the
/// binding's was made).
fn core(scorer: &CoreScorer) -> Result<CoreAccounts<'_>, JsValue> {
    CoreAccounts::new(scorer).map_err(|err| document_error(&err))
}

/// Leads of a JSON array; the first that cannot be read is an `InputError` at its index.
fn read_leads(text: &str) -> Result<Vec<Lead<'_>>, JsValue> {
    let leads = parse_lead_batch(text).map_err(|err| input_error(&err))?;
    leads
        .into_iter()
        .map(|lead| lead.map_err(|bad| input_error(&bad.error)))
        .collect()
}

/// An account id as JavaScript has it: text, or null for none.
fn id_or_null(account_id: Option<String>) -> JsValue {
    account_id.map_or(JsValue::NULL, |id| JsValue::from_str(&id))
}

/// An account id from JavaScript: a string that is not blank.
fn account_id_of(value: &JsValue) -> Result<String, JsValue> {
    match value.as_string() {
        Some(id) if !id.trim().is_empty() => Ok(id),
        _ => Err(input_error(&InputError::new(
            "accountId",
            "must be an account id (text)",
        ))),
    }
}
