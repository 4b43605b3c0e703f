//! Scoring accounts from their leads' whole histories: each account's contacts go into an
//! [`AccountStore`] and their events are pushed moment by moment in time order (a moment's
//! leads in lead-id order), the account judged after each push until it first is an MQA; then
//! the account is read as of the as-of time. So full scoring and a store fed the same events in
//! the same order agree, and neither the order of the leads nor of their events matters.

use super::key::AccountKey;
use super::result::{AccountResult, AccountsResult, UngroupedLead};
use super::store::AccountStore;
use super::{one_account, twice, AccountScorer};
use crate::error::InputError;
use crate::lead::{Event, Lead};
use crate::sort::sort_by;
use crate::time::Timestamp;
use std::collections::BTreeMap;

impl<'s> AccountScorer<'s> {
    /// One account from its leads (each with its events), as of `as_of`.
    pub fn score_account(
        &self,
        leads: &[Lead],
        as_of: Timestamp,
    ) -> Result<AccountResult<'s>, InputError> {
        let keys = self.keys(leads)?;
        let (account_id, _) = one_account(&keys, |i| leads[i].id())?;
        let all: Vec<usize> = (0..leads.len()).collect();
        self.replay(leads, &all, &account_id, as_of)
    }

    /// Every account the leads belong to (in account-id order), and the leads in none.
    pub fn score_accounts(
        &self,
        leads: &[Lead],
        as_of: Timestamp,
    ) -> Result<AccountsResult<'s>, InputError> {
        let keys = self.keys(leads)?;
        let mut accounts: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut ungrouped = Vec::new();
        for (index, key) in keys.iter().enumerate() {
            match key {
                AccountKey::Account { id, .. } => accounts.entry(id).or_default().push(index),
                AccountKey::Ungrouped(reason) => ungrouped.push(UngroupedLead {
                    lead_id: leads[index].id().to_string(),
                    reason: *reason,
                }),
            }
        }
        let accounts = (accounts.iter())
            .map(|(id, members)| self.replay(leads, members, id, as_of))
            .collect::<Result<_, _>>()?;
        Ok(AccountsResult {
            accounts,
            ungrouped,
        })
    }

    /// Each lead's account, with the lead's position in the path of an error.
    fn keys(&self, leads: &[Lead]) -> Result<Vec<AccountKey>, InputError> {
        (leads.iter().enumerate())
            .map(|(i, lead)| {
                self.key_of(&lead.attributes)
                    .map_err(|e| e.within(&format!("[{i}]")))
            })
            .collect()
    }

    /// The account `account_id` of the leads at `members` (positions in `leads`), replayed.
    fn replay(
        &self,
        leads: &[Lead],
        members: &[usize],
        account_id: &str,
        as_of: Timestamp,
    ) -> Result<AccountResult<'s>, InputError> {
        self.check_contacts(account_id, members.len())?;
        let mut order = members.to_vec();
        sort_by(&mut order, |a, b| leads[*a].id() < leads[*b].id());
        for pair in order.windows(2) {
            if leads[pair[0]].id() == leads[pair[1]].id() {
                return Err(twice(leads[pair[1]].id(), pair[1], "id"));
            }
        }
        let mut store = AccountStore::new();
        for &index in &order {
            let lead = &leads[index];
            let contact = Lead {
                id: lead.id.clone(),
                attributes: lead.attributes.clone(),
                events: Vec::new(),
            };
            store
                .add(self, &contact)
                .map_err(|e| e.within(&format!("[{index}]")))?;
        }
        for (rank, index, events) in moments(leads, &order, as_of) {
            let lead_id = leads[index].id();
            let pushed = if store.has_crossed(account_id) {
                store.push_lead(self, lead_id, &events, events[0].at)
            } else {
                store.push(self, lead_id, &events, events[0].at).map(|_| 0)
            };
            pushed.map_err(|e| e.within(&format!("[{}]", order[rank])))?;
        }
        store.result(self, account_id, as_of)
    }
}

/// The leads' events up to `as_of`, in pushes of one lead at one moment: in time order, a
/// moment's leads in `order` (each push with its lead's rank in `order` and its position).
fn moments<'l>(
    leads: &'l [Lead],
    order: &[usize],
    as_of: Timestamp,
) -> Vec<(usize, usize, Vec<Event<'l>>)> {
    let mut events: Vec<(i64, usize, usize)> = Vec::new();
    for (rank, &index) in order.iter().enumerate() {
        for (position, event) in leads[index].events.iter().enumerate() {
            if event.at <= as_of {
                events.push((event.at.millis(), rank, position));
            }
        }
    }
    events.sort_unstable();
    events
        .chunk_by(|a, b| a.0 == b.0 && a.1 == b.1)
        .map(|moment| {
            let (rank, index) = (moment[0].1, order[moment[0].1]);
            let pushed = moment
                .iter()
                .map(|(_, _, position)| leads[index].events[*position].clone())
                .collect();
            (rank, index, pushed)
        })
        .collect()
}
