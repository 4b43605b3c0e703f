//! Account-based scoring: an account's fit, intent and total rolled up from its contacts' scores
//! (the model's `accounts` section says how), the buying-group roles its engaged contacts cover,
//! account signals, and whether it is a marketing-qualified account (MQA), why, and when it
//! crossed. Deterministic like lead scoring: contacts are taken in lead-id order and events in
//! time order, whatever order they come in.
//!
//! An [`AccountScorer`] scores an account from its contacts' results ([`AccountScorer::roll_up`])
//! or from the leads themselves ([`AccountScorer::score_account`], which replays their events
//! through an [`AccountStore`] to find when the account crossed); the store keeps leads resident
//! and judges an account after each push. `key.rs` maps a lead to its account, `rollup.rs` is
//! the arithmetic, `explain.rs` puts the result together, `result.rs` is its shape.

mod contact;
mod explain;
mod free_mail;
mod key;
mod replay;
mod result;
mod rollup;
mod store;

pub use contact::{parse_contacts, ContactInput, ContactScore, RuleContribution};
pub use key::{AccountKey, KeyedBy, Ungrouped};
pub use result::{
    AccountContribution, AccountResult, AccountsResult, ContactRow, CoveredRole, MissingRole,
    RoleCoverage, RuleShare, SignalStatus, UngroupedLead,
};
pub use rollup::AccountBlocker;
pub use store::{AccountPush, AccountStore};

use crate::engine::Scorer;
use crate::error::{InputError, Issue, ModelError};
use crate::model::accounts::AccountPolicy;
use crate::sort::sort_by;
use crate::time::Timestamp;
use crate::value::Value;
use contact::display;
use explain::{Contact, Identity};

/// A scorer whose model has an `accounts` section, scoring accounts from their contacts.
#[derive(Debug, Clone, Copy)]
pub struct AccountScorer<'s> {
    scorer: &'s Scorer,
    policy: &'s AccountPolicy,
}

impl<'s> AccountScorer<'s> {
    /// The account scorer of `scorer`'s model; a model without an `accounts` section is a
    /// [`ModelError`] at `accounts`.
    pub fn new(scorer: &'s Scorer) -> Result<Self, ModelError> {
        match &scorer.model().accounts {
            Some(policy) => Ok(AccountScorer { scorer, policy }),
            None => Err(ModelError {
                issues: vec![Issue::new(
                    "accounts",
                    "is required to score accounts: how leads map to accounts and when an account is an MQA (at least {\"mqa\": {\"threshold\": <points>}})",
                )],
            }),
        }
    }

    pub fn scorer(&self) -> &'s Scorer {
        self.scorer
    }

    pub fn policy(&self) -> &'s AccountPolicy {
        self.policy
    }

    /// The account of a lead with these attributes, or why it has none.
    pub fn key_of(&self, attributes: &Value) -> Result<AccountKey, InputError> {
        self.policy.key.key_of(attributes)
    }

    /// An account from its contacts' results, all as of the same time. `crossed_at` is when
    /// the account first was an MQA, as the caller stored it; without one, an account that is
    /// an MQA now crossed now. Every contact must map to the same account, once each.
    pub fn roll_up(
        &self,
        contacts: &[ContactInput],
        crossed_at: Option<Timestamp>,
    ) -> Result<AccountResult<'s>, InputError> {
        let keys: Vec<AccountKey> = (contacts.iter().enumerate())
            .map(|(i, c)| {
                self.key_of(&c.attributes)
                    .map_err(|e| e.within(&format!("[{i}]")))
            })
            .collect::<Result<_, _>>()?;
        let (account_id, keyed_by) = one_account(&keys, |i| contacts[i].score.lead_id.as_str())?;
        self.check_contacts(&account_id, contacts.len())?;
        let as_of = contacts[0].score.as_of;
        let mut order: Vec<usize> = (0..contacts.len()).collect();
        sort_by(&mut order, |a, b| {
            contacts[*a].score.lead_id < contacts[*b].score.lead_id
        });
        for pair in order.windows(2) {
            if contacts[pair[0]].score.lead_id == contacts[pair[1]].score.lead_id {
                return Err(twice(
                    &contacts[pair[1]].score.lead_id,
                    pair[1],
                    "score.leadId",
                ));
            }
        }
        if let Some(i) = (0..contacts.len()).find(|i| contacts[*i].score.as_of != as_of) {
            return Err(InputError::new(
                format!("[{i}].score.asOf"),
                format!(
                    "is {}, but the first contact was scored as of {as_of}: roll up results of one moment",
                    contacts[i].score.as_of
                ),
            ));
        }
        let views: Vec<Contact> = (order.iter().map(|i| &contacts[*i]))
            .map(|c| Contact {
                score: &c.score,
                roles: self.policy.roles_of(&c.attributes),
                name: display(&c.attributes, "name"),
                title: display(&c.attributes, "title"),
            })
            .collect();
        let standing = self
            .policy
            .judge(&store::members_of(&views), as_of.millis());
        let crossed = crossed_at.or(standing.is_mqa().then_some(as_of));
        let identity = Identity {
            account_id,
            keyed_by,
            as_of,
            crossed: crossed.map(|at| (at, None)),
        };
        Ok(self.policy.explain(identity, &views, &standing))
    }

    /// Refuses an account of more contacts than the model allows.
    fn check_contacts(&self, account_id: &str, count: usize) -> Result<(), InputError> {
        let max = self.policy.max_contacts;
        if count > max {
            return Err(InputError::new(
                "",
                format!("account {account_id:?} has {count} contacts; the model's accounts.maxContacts allows {max}"),
            ));
        }
        Ok(())
    }
}

/// The one account all the keys name (`lead_id` names the i-th lead in errors).
fn one_account<'l>(
    keys: &[AccountKey],
    lead_id: impl Fn(usize) -> &'l str,
) -> Result<(String, KeyedBy), InputError> {
    let mut found: Option<(&str, KeyedBy)> = None;
    for (i, key) in keys.iter().enumerate() {
        match (key, found) {
            (AccountKey::Ungrouped(why), _) => {
                return Err(InputError::new(
                    format!("[{i}]"),
                    format!("lead {:?} is in no account ({})", lead_id(i), ungrouped_reason(*why)),
                ))
            }
            (AccountKey::Account { id, keyed_by }, None) => found = Some((id, *keyed_by)),
            (AccountKey::Account { id, .. }, Some((first, _))) if id != first => {
                return Err(InputError::new(
                    format!("[{i}]"),
                    format!(
                        "lead {:?} is in account {id:?}, not {first:?} as the first lead: one account at a time",
                        lead_id(i)
                    ),
                ))
            }
            _ => {}
        }
    }
    found
        .map(|(id, keyed_by)| (id.to_string(), keyed_by))
        .ok_or_else(|| InputError::new("", "an account needs at least one contact"))
}

/// A lead listed twice, at position `index` (the path names `field` in it).
fn twice(lead_id: &str, index: usize, field: &str) -> InputError {
    InputError::new(
        format!("[{index}].{field}"),
        format!("lead {lead_id:?} is listed twice"),
    )
}

fn ungrouped_reason(why: Ungrouped) -> &'static str {
    match why {
        Ungrouped::FreeMail => "its email is on a free-mail domain, which is never grouped",
        Ungrouped::NoEmail => "it has neither an account id nor an email",
        Ungrouped::NotAnEmail => "its email has no domain",
    }
}
