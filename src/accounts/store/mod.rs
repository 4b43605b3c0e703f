//! A resident account store: the leads' states (a [`LeadStore`] inside) grouped into their
//! accounts, so that an event costs the lead's fold step and a look at its account. After each
//! push the lead's account is judged at that moment, to catch the moment it becomes an MQA:
//! first from what does not decay (who is engaged, the roles they hold, fit), which settles most
//! pushes, and only when those allow an MQA by reading every contact at that moment.
//!
//! The store's parts are here; `judge.rs` judges an account at a moment.

mod judge;

pub(crate) use judge::members_of;

use super::contact::{display, ContactScore};
use super::explain::{Contact, Identity};
use super::key::{AccountKey, KeyedBy};
use super::rollup::Reading;
use super::AccountScorer;
use crate::engine::{no_lead, LeadStore};
use crate::error::InputError;
use crate::lead::{Event, Lead};
use crate::time::Timestamp;
use crate::value::Value;
use rustc_hash::FxHashMap;

/// Leads by id, grouped into accounts.
#[derive(Debug, Default)]
pub struct AccountStore {
    leads: LeadStore,
    contacts: FxHashMap<String, Membership>,
    accounts: FxHashMap<String, Account>,
}

#[derive(Debug)]
struct Membership {
    account: Option<String>,
    roles: u64,
    /// What the account last read of the lead, and when.
    reading: Option<(Reading, i64)>,
    /// The newest event pushed for a time after its push: until then the reading may miss it.
    pending_until: i64,
}

#[derive(Debug)]
struct Account {
    keyed_by: KeyedBy,
    /// Lead ids, sorted.
    members: Vec<String>,
    /// The latest moment the account was judged at.
    clock: i64,
    crossed: Option<(Timestamp, Option<String>)>,
}

/// What a push did: the lead's total, and its account's standing at that moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountPush {
    pub total: i64,
    pub account_id: Option<String>,
    /// The account is an MQA at this moment.
    pub mqa: bool,
    /// This push made it an MQA for the first time.
    pub crossed: bool,
}

impl AccountStore {
    pub fn new() -> Self {
        AccountStore::default()
    }

    /// The resident lead states.
    pub fn leads(&self) -> &LeadStore {
        &self.leads
    }

    pub fn contains(&self, lead_id: &str) -> bool {
        self.contacts.contains_key(lead_id)
    }

    /// The account a lead is in.
    pub fn account_of(&self, lead_id: &str) -> Option<&str> {
        self.contacts.get(lead_id)?.account.as_deref()
    }

    /// The accounts' ids, sorted.
    pub fn account_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.accounts.keys().map(String::as_str).collect();
        ids.sort_unstable();
        ids
    }

    /// An account's contacts' lead ids, sorted.
    pub fn contacts_of(&self, account_id: &str) -> Option<&[String]> {
        self.accounts.get(account_id).map(|a| a.members.as_slice())
    }

    /// Adds a lead (its id and attributes; its events go to `push`), replacing one of the same
    /// id. Returns its account id.
    pub fn add(
        &mut self,
        accounts: &AccountScorer,
        lead: &Lead,
    ) -> Result<Option<String>, InputError> {
        let key = accounts.policy().key.key_of(&lead.attributes)?;
        let state = accounts.scorer().init_state(lead)?;
        self.check_room(accounts, &key, lead.id())?;
        self.remove(lead.id());
        self.leads.insert(state);
        self.join(
            &key,
            lead.id(),
            accounts.policy().roles_of(&lead.attributes),
        );
        Ok(key.id().map(str::to_string))
    }

    /// Removes a lead; true if it was there.
    pub fn remove(&mut self, lead_id: &str) -> bool {
        let Some(membership) = self.contacts.remove(lead_id) else {
            return false;
        };
        self.leads.remove(lead_id);
        if let Some(id) = membership.account {
            self.leave(&id, lead_id);
        }
        true
    }

    /// Replaces a lead's attributes: it may move to another account, and its roles may change.
    pub fn set_attributes(
        &mut self,
        accounts: &AccountScorer,
        lead_id: &str,
        attributes: &Value,
    ) -> Result<Option<String>, InputError> {
        if !self.contacts.contains_key(lead_id) {
            return Err(no_lead(lead_id));
        }
        let key = accounts.policy().key.key_of(attributes)?;
        let same = self.account_of(lead_id) == key.id();
        if !same {
            self.check_room(accounts, &key, lead_id)?;
        }
        self.leads.set_attributes(lead_id, attributes)?;
        if let Some(old) = self.contacts.get(lead_id).and_then(|m| m.account.clone()) {
            self.leave(&old, lead_id);
        }
        let pending = self
            .contacts
            .remove(lead_id)
            .map_or(i64::MIN, |m| m.pending_until);
        self.join(&key, lead_id, accounts.policy().roles_of(attributes));
        if let Some(membership) = self.contacts.get_mut(lead_id) {
            membership.pending_until = pending;
        }
        Ok(key.id().map(str::to_string))
    }

    /// Takes a lead's new events in, then judges its account at that moment.
    pub fn push(
        &mut self,
        accounts: &AccountScorer,
        lead_id: &str,
        events: &[Event],
        as_of: Timestamp,
    ) -> Result<AccountPush, InputError> {
        let total = self.push_lead(accounts, lead_id, events, as_of)?;
        let account_id = self.account_of(lead_id).map(str::to_string);
        let (mqa, crossed) = match &account_id {
            Some(id) => self.judge(accounts, id, lead_id, as_of.millis())?,
            None => (false, false),
        };
        Ok(AccountPush {
            total,
            account_id,
            mqa,
            crossed,
        })
    }

    /// A lead's own full result as of `as_of` (no earlier than its last push).
    pub fn lead_result<'m>(
        &mut self,
        accounts: &AccountScorer<'m>,
        lead_id: &str,
        as_of: Timestamp,
    ) -> Result<crate::result::ScoreResult<'m>, InputError> {
        self.leads.result(accounts.scorer(), lead_id, as_of)
    }

    /// The account's full result as of `as_of` (or of its last judgement, if later): every
    /// contact read then.
    pub fn result<'s>(
        &mut self,
        accounts: &AccountScorer<'s>,
        account_id: &str,
        as_of: Timestamp,
    ) -> Result<super::AccountResult<'s>, InputError> {
        let Some(account) = self.accounts.get(account_id) else {
            return Err(no_account(account_id));
        };
        let now = self.moment(account, as_of.millis());
        let members = account.members.clone();
        let scorer = accounts.scorer();
        let mut scores = Vec::with_capacity(members.len());
        let mut contacts = Vec::with_capacity(members.len());
        for lead_id in &members {
            let at = Timestamp::from_trusted_millis(now);
            let result = self.leads.result(scorer, lead_id, at)?;
            let attributes: Value = self
                .leads
                .state(lead_id)
                .and_then(|state| serde_json::from_str(state.attributes_json()).ok())
                .unwrap_or_default();
            scores.push(ContactScore::of(&result));
            contacts.push((display(&attributes, "name"), display(&attributes, "title")));
        }
        let roles: Vec<u64> = members.iter().map(|id| self.contacts[id].roles).collect();
        let views: Vec<Contact> = (scores.iter().zip(contacts).zip(&roles))
            .map(|((score, (name, title)), roles)| Contact {
                score,
                roles: *roles,
                name,
                title,
            })
            .collect();
        let standing = accounts.policy().judge(&judge::members_of(&views), now);
        let account = self.accounts.get_mut(account_id).expect("found above");
        account.clock = now;
        if standing.is_mqa() && account.crossed.is_none() {
            // Found at the as-of time, not at an event: a fading penalty can lift an account.
            account.crossed = Some((Timestamp::from_trusted_millis(now), None));
        }
        let identity = Identity {
            account_id: account_id.to_string(),
            keyed_by: account.keyed_by,
            as_of: Timestamp::from_trusted_millis(now),
            crossed: account.crossed.clone(),
        };
        Ok(accounts.policy().explain(identity, &views, &standing))
    }
}

impl AccountStore {
    /// Whether the account has been an MQA.
    pub fn has_crossed(&self, account_id: &str) -> bool {
        self.accounts
            .get(account_id)
            .is_some_and(|a| a.crossed.is_some())
    }

    /// Refuses a lead that would join a full account.
    fn check_room(
        &self,
        accounts: &AccountScorer,
        key: &AccountKey,
        lead_id: &str,
    ) -> Result<(), InputError> {
        let max = accounts.policy().max_contacts;
        let Some(id) = key.id() else { return Ok(()) };
        let full = self.accounts.get(id).is_some_and(|account| {
            account.members.len() >= max
                && account
                    .members
                    .binary_search_by(|m| m.as_str().cmp(lead_id))
                    .is_err()
        });
        if full {
            return Err(too_many_contacts(id, max));
        }
        Ok(())
    }

    /// Makes `lead_id` a contact of the key's account (if it has one) holding `roles`.
    fn join(&mut self, key: &AccountKey, lead_id: &str, roles: u64) {
        self.contacts.insert(
            lead_id.to_string(),
            Membership {
                account: key.id().map(str::to_string),
                roles,
                reading: None,
                pending_until: i64::MIN,
            },
        );
        let AccountKey::Account { id, keyed_by } = key else {
            return;
        };
        let account = self.accounts.entry(id.clone()).or_insert_with(|| Account {
            keyed_by: *keyed_by,
            members: Vec::new(),
            clock: i64::MIN,
            crossed: None,
        });
        if let Err(at) = account
            .members
            .binary_search_by(|m| m.as_str().cmp(lead_id))
        {
            account.members.insert(at, lead_id.to_string());
        }
    }

    /// Takes `lead_id` out of an account, dropping the account once it has no contact.
    fn leave(&mut self, account_id: &str, lead_id: &str) {
        let Some(account) = self.accounts.get_mut(account_id) else {
            return;
        };
        account.members.retain(|m| m != lead_id);
        if account.members.is_empty() {
            self.accounts.remove(account_id);
        }
    }
}

/// The error for an account id the store does not hold.
fn no_account(account_id: &str) -> InputError {
    InputError::new(
        "accountId",
        format!("no account {account_id:?} in the store"),
    )
}

/// The error for an account that would hold more contacts than the model allows.
pub(crate) fn too_many_contacts(account_id: &str, max: usize) -> InputError {
    InputError::new(
        "attributes",
        format!(
            "account {account_id:?} already holds {max} contacts, the most the model's accounts.maxContacts allows"
        ),
    )
}
