//! The roll-up: where an account stands at a moment, from what it reads of its contacts then.
//! Fit and intent roll up on their own (the best contact, or the sum of the best few; only
//! contacts with positive points count, so a contact never lowers its account), account signals
//! add intent, each group and then the total stay within their bounds with the cut shared among
//! the contributions (so they add up), and the MQA decision follows: the threshold, and what
//! holds the account back (roles no engaged contact holds, too few engaged contacts, fit or
//! intent too low). A disqualified contact counts for nothing.

use crate::engine::caps::bound_contributions;
use crate::model::accounts::{AccountPolicy, GroupRollup};
use crate::result::Group;
use crate::sort::sort_by;
use serde::Serialize;

/// What an account reads of one contact at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reading {
    pub fit: i64,
    pub intent: i64,
    pub disqualified: bool,
    pub last_engagement: Option<i64>,
}

/// A contact of an account: its lead id, the roles it holds (a bit per role) and its reading.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Member<'c> {
    pub lead_id: &'c str,
    pub roles: u64,
    pub reading: Reading,
}

/// What holds an account that reached the threshold back from being an MQA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum AccountBlocker {
    /// A required role is held by no engaged contact.
    MissingRoles,
    /// Engaged contacts hold fewer distinct roles than required.
    TooFewRoles,
    TooFewEngagedContacts,
    FitTooLow,
    IntentTooLow,
}

/// Where points in an account's score come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// A contact, by its position among the members.
    Contact(usize),
    /// An account signal, by its position in the policy.
    Signal(usize),
}

/// Points one source adds to a group of the account, before and after the account's bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Award {
    pub source: Source,
    pub group: Group,
    pub before: i64,
    pub points: i64,
}

/// What the account's contacts show at a moment, whatever their intent: who is engaged, which
/// roles engaged contacts hold, which signals hold.
pub(crate) struct Presence {
    pub engaged: Vec<bool>,
    pub engaged_count: u32,
    pub covered: u64,
    /// For each signal: how many contacts it counted.
    pub signal_counts: Vec<u32>,
}

/// Where an account stands at a moment.
pub(crate) struct Standing {
    pub fit: i64,
    pub intent: i64,
    pub total: i64,
    pub awards: Vec<Award>,
    pub presence: Presence,
    pub reached: bool,
    pub blockers: Vec<AccountBlocker>,
}

impl Standing {
    pub fn is_mqa(&self) -> bool {
        self.reached && self.blockers.is_empty()
    }
}

impl AccountPolicy {
    /// Who is engaged at `now`, the roles they hold and the signals' counts.
    pub(crate) fn presence(&self, members: &[Member], now: i64) -> Presence {
        let within = |m: &Member, span: i64| {
            !m.reading.disqualified && m.reading.last_engagement.is_some_and(|e| now - e < span)
        };
        let engaged: Vec<bool> = members.iter().map(|m| within(m, self.engaged_ms)).collect();
        let covered = members
            .iter()
            .zip(&engaged)
            .filter(|(_, engaged)| **engaged)
            .fold(0, |roles, (m, _)| roles | m.roles);
        let signal_counts = self
            .signals
            .iter()
            .map(|signal| {
                let mask = role_mask(&signal.roles);
                let holds = |m: &Member| mask == 0 || m.roles & mask != 0;
                members
                    .iter()
                    .filter(|m| holds(m) && within(m, signal.span_ms))
                    .count() as u32
            })
            .collect();
        Presence {
            engaged_count: engaged.iter().filter(|e| **e).count() as u32,
            engaged,
            covered,
            signal_counts,
        }
    }

    /// What blocks the account whatever its intent: roles, engaged contacts, and its fit.
    pub(crate) fn presence_blockers(&self, presence: &Presence, fit: i64) -> Vec<AccountBlocker> {
        let mqa = &self.mqa;
        let mut blockers = Vec::new();
        if role_mask(&mqa.required_roles) & !presence.covered != 0 {
            blockers.push(AccountBlocker::MissingRoles);
        }
        if presence.covered.count_ones() < mqa.min_roles {
            blockers.push(AccountBlocker::TooFewRoles);
        }
        if presence.engaged_count < mqa.min_engaged_contacts {
            blockers.push(AccountBlocker::TooFewEngagedContacts);
        }
        if mqa.min_fit.is_some_and(|min| (fit as f64) < min) {
            blockers.push(AccountBlocker::FitTooLow);
        }
        blockers
    }

    /// The account's fit from its members' (exact at any moment: fit does not decay).
    pub(crate) fn fit_of(&self, members: &[Member]) -> i64 {
        let mut points: Vec<i64> = counted(self.rollup.fit, members, |r| r.fit)
            .iter()
            .map(|(_, p)| *p)
            .collect();
        bound_contributions(&mut points, self.rollup.fit.bounds)
    }

    /// Where the account stands at `now`.
    pub(crate) fn judge(&self, members: &[Member], now: i64) -> Standing {
        let presence = self.presence(members, now);
        let mut awards: Vec<Award> = Vec::new();
        for (index, points) in counted(self.rollup.fit, members, |r| r.fit) {
            awards.push(award(Source::Contact(index), Group::Fit, points));
        }
        let fit_len = awards.len();
        for (index, points) in counted(self.rollup.intent, members, |r| r.intent) {
            awards.push(award(Source::Contact(index), Group::Intent, points));
        }
        for (index, signal) in self.signals.iter().enumerate() {
            if presence.signal_counts[index] >= signal.engaged_contacts && signal.points != 0 {
                awards.push(award(Source::Signal(index), Group::Intent, signal.points));
            }
        }
        let fit = bound_awards(&mut awards[..fit_len], self.rollup.fit.bounds);
        let intent = bound_awards(&mut awards[fit_len..], self.rollup.intent.bounds);
        let total = bound_awards(&mut awards, self.rollup.total);
        let reached = total as f64 >= self.mqa.threshold;
        let mut blockers = Vec::new();
        if reached {
            blockers = self.presence_blockers(&presence, fit);
            if self.mqa.min_intent.is_some_and(|min| (intent as f64) < min) {
                blockers.push(AccountBlocker::IntentTooLow);
            }
        }
        Standing {
            fit,
            intent,
            total,
            awards,
            presence,
            reached,
            blockers,
        }
    }
}

/// The contacts that count for a group and their points: the best ones with positive points,
/// as many as the method takes; ties go to the lower lead id, so the order of contacts does not
/// matter.
fn counted(
    rollup: GroupRollup,
    members: &[Member],
    points: impl Fn(&Reading) -> i64,
) -> Vec<(usize, i64)> {
    let mut ranked: Vec<(usize, i64)> = members
        .iter()
        .enumerate()
        .filter(|(_, m)| !m.reading.disqualified)
        .map(|(index, m)| (index, points(&m.reading)))
        .filter(|(_, p)| *p > 0)
        .collect();
    sort_by(&mut ranked, |a, b| {
        a.1 > b.1 || (a.1 == b.1 && members[a.0].lead_id < members[b.0].lead_id)
    });
    ranked.truncate(rollup.method.counted());
    ranked
}

fn award(source: Source, group: Group, points: i64) -> Award {
    Award {
        source,
        group,
        before: points,
        points,
    }
}

/// Bounds the awards' points (sharing any cut among them) and returns their bounded sum.
fn bound_awards(awards: &mut [Award], bounds: crate::model::Bounds) -> i64 {
    let mut points: Vec<i64> = awards.iter().map(|a| a.points).collect();
    let sum = bound_contributions(&mut points, bounds);
    for (award, points) in awards.iter_mut().zip(points) {
        award.points = points;
    }
    sum
}

/// A set of roles, by their positions, as bits.
pub(crate) fn role_mask(roles: &[usize]) -> u64 {
    roles.iter().fold(0, |mask, role| mask | (1u64 << role))
}
