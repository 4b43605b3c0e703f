//! Judging an account at a moment, after a push: from what its contacts' last readings say of
//! what does not decay (engagement, roles, fit; a contact with events still ahead of its reading
//! counts as engaged, so nothing that could qualify is passed over), and only when that allows
//! an MQA, from every contact read at that moment.

use super::{AccountStore, Membership};
use crate::accounts::explain::Contact;
use crate::accounts::rollup::{Member, Reading};
use crate::accounts::AccountScorer;
use crate::engine::LastPush;
use crate::error::InputError;
use crate::lead::Event;
use crate::time::Timestamp;

impl AccountStore {
    /// Pushes a lead's events into its state and notes what it reads now; returns its total.
    pub(crate) fn push_lead(
        &mut self,
        accounts: &AccountScorer,
        lead_id: &str,
        events: &[Event],
        as_of: Timestamp,
    ) -> Result<i64, InputError> {
        let summary = self.leads.push(accounts.scorer(), lead_id, events, as_of)?;
        let newest = events.iter().map(|e| e.at.millis()).max();
        if let Some(membership) = self.contacts.get_mut(lead_id) {
            if let Some(last) = self.leads.last(lead_id) {
                membership.reading = Some((reading_of(&last), as_of.millis()));
            }
            if let Some(newest) = newest.filter(|at| *at > as_of.millis()) {
                membership.pending_until = membership.pending_until.max(newest);
            }
        }
        Ok(summary.total)
    }

    /// Judges an account at `as_of` (or later, when it or a contact was judged later) after a
    /// push of `pushed`'s events: whether it is an MQA, and whether it just became one.
    pub(crate) fn judge(
        &mut self,
        accounts: &AccountScorer,
        account_id: &str,
        pushed: &str,
        as_of: i64,
    ) -> Result<(bool, bool), InputError> {
        let Some(account) = self.accounts.get(account_id) else {
            return Ok((false, false));
        };
        let now = self.moment(account, as_of);
        let lead_ids = account.members.clone();
        // A contact never read yet is read now, once.
        for lead_id in &lead_ids {
            if self.contacts[lead_id].reading.is_none() {
                self.read(accounts, lead_id, now)?;
            }
        }
        let policy = accounts.policy();
        let hopeful: Vec<Member> = (lead_ids.iter())
            .map(|id| Member {
                lead_id: id,
                roles: self.contacts[id].roles,
                reading: hopeful_reading(&self.contacts[id], now),
            })
            .collect();
        let presence = policy.presence(&hopeful, now);
        let can_qualify = policy
            .presence_blockers(&presence, policy.fit_of(&hopeful))
            .is_empty();
        let mut mqa = false;
        if can_qualify {
            for lead_id in &lead_ids {
                if self.contacts[lead_id]
                    .reading
                    .is_some_and(|(_, at)| at < now)
                    || self.contacts[lead_id].pending_until > i64::MIN
                {
                    self.read(accounts, lead_id, now)?;
                }
            }
            let members: Vec<Member> = (lead_ids.iter())
                .map(|id| Member {
                    lead_id: id,
                    roles: self.contacts[id].roles,
                    reading: self.contacts[id].reading.map(|(r, _)| r).unwrap_or(EMPTY),
                })
                .collect();
            mqa = policy.judge(&members, now).is_mqa();
        }
        let account = self.accounts.get_mut(account_id).expect("found above");
        account.clock = now;
        let crossed = mqa && account.crossed.is_none();
        if crossed {
            account.crossed = Some((
                Timestamp::from_trusted_millis(now),
                Some(pushed.to_string()),
            ));
        }
        Ok((mqa, crossed))
    }

    /// The moment an account is judged at: `as_of`, unless it or one of its contacts was
    /// already read later (an account's clock never goes back).
    pub(super) fn moment(&self, account: &super::Account, as_of: i64) -> i64 {
        (account.members.iter())
            .filter_map(|id| self.contacts.get(id)?.reading.map(|(_, at)| at))
            .fold(as_of.max(account.clock), i64::max)
    }

    /// Reads a contact at `now` (a push without events), exactly.
    fn read(
        &mut self,
        accounts: &AccountScorer,
        lead_id: &str,
        now: i64,
    ) -> Result<(), InputError> {
        let at = Timestamp::from_trusted_millis(now);
        self.leads.push(accounts.scorer(), lead_id, &[], at)?;
        if let (Some(membership), Some(last)) =
            (self.contacts.get_mut(lead_id), self.leads.last(lead_id))
        {
            membership.reading = Some((reading_of(&last), now));
            if membership.pending_until <= now {
                membership.pending_until = i64::MIN;
            }
        }
        Ok(())
    }
}

const EMPTY: Reading = Reading {
    fit: 0,
    intent: 0,
    disqualified: false,
    last_engagement: None,
};

/// What a contact's last push found, as the account reads it.
fn reading_of(last: &LastPush) -> Reading {
    Reading {
        fit: last.fit,
        intent: last.intent,
        disqualified: last.disqualified,
        last_engagement: last.last_engagement_at.map(Timestamp::millis),
    }
}

/// A contact's last reading as a judgement at `now` may rely on it: exact for fit, roles and
/// engagement, unless events it was pushed are still ahead of the reading; such a contact
/// counts as engaged now (it may be), so that no moment that could qualify is passed over.
fn hopeful_reading(membership: &Membership, now: i64) -> Reading {
    let mut reading = membership.reading.map(|(r, _)| r).unwrap_or(EMPTY);
    let pending = membership
        .reading
        .is_some_and(|(_, at)| membership.pending_until > at);
    if pending {
        reading.last_engagement = Some(now);
        reading.disqualified = false;
    }
    reading
}

/// The members an account is judged on, from its contacts' views (in the same order).
pub(crate) fn members_of<'c>(contacts: &'c [Contact]) -> Vec<Member<'c>> {
    contacts
        .iter()
        .map(|c| Member {
            lead_id: &c.score.lead_id,
            roles: c.roles,
            reading: c.score.reading(),
        })
        .collect()
}
