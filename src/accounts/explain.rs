//! Putting an account's result together from where it stands and its contacts' scores: the
//! contributions (each contact's points shared among its rules, so they add up too), the roles
//! covered and missing with their plays, the signals, and a row per contact.

use super::contact::ContactScore;
use super::key::KeyedBy;
use super::result::{
    AccountContribution, AccountResult, ContactRow, CoveredRole, MissingRole, RoleCoverage,
    RuleShare, SignalStatus,
};
use super::rollup::{Award, Source, Standing};
use crate::engine::caps::scale_where;
use crate::model::accounts::AccountPolicy;
use crate::model::band_for;
use crate::sort::sort_by;
use crate::time::Timestamp;

/// A contact of the account with what its result shows of it.
pub(crate) struct Contact<'c> {
    pub score: &'c ContactScore,
    pub roles: u64,
    pub name: Option<String>,
    pub title: Option<String>,
}

/// Who the account is and when it crossed, beside where it stands.
pub(crate) struct Identity {
    pub account_id: String,
    pub keyed_by: KeyedBy,
    pub as_of: Timestamp,
    /// When the account first was an MQA, and the contact whose push took it there (none when
    /// it was found at an as-of time rather than at an event).
    pub crossed: Option<(Timestamp, Option<String>)>,
}

impl AccountPolicy {
    /// The result for an account whose `contacts` (in the order `standing` was judged in)
    /// stand as `standing`.
    pub(crate) fn explain<'m>(
        &'m self,
        identity: Identity,
        contacts: &[Contact],
        standing: &Standing,
    ) -> AccountResult<'m> {
        let engaged = &standing.presence.engaged;
        let mut rows: Vec<ContactRow> = (contacts.iter().zip(engaged))
            .map(|(contact, engaged)| self.row(contact, *engaged))
            .collect();
        sort_by(&mut rows, |a, b| {
            a.total > b.total || (a.total == b.total && a.lead_id < b.lead_id)
        });
        AccountResult {
            account_id: identity.account_id,
            keyed_by: identity.keyed_by,
            as_of: identity.as_of,
            fit: standing.fit,
            intent: standing.intent,
            total: standing.total,
            band: band_for(&self.bands, standing.total).map(|b| b.name.as_str()),
            mqa: standing.is_mqa(),
            mqa_reason: standing.reached.then_some("threshold"),
            blocked_by: standing.blockers.clone(),
            crossed_at: identity.crossed.as_ref().map(|(at, _)| *at),
            crossed_by: identity.crossed.and_then(|(_, lead)| lead),
            engaged_contacts: standing.presence.engaged_count,
            roles: self.coverage(contacts, engaged),
            signals: self.signal_statuses(standing),
            contacts: rows,
            contributions: standing
                .awards
                .iter()
                .map(|award| self.contribution(award, contacts))
                .collect(),
        }
    }

    fn row<'m>(&'m self, contact: &Contact, engaged: bool) -> ContactRow<'m> {
        let score = contact.score;
        ContactRow {
            lead_id: score.lead_id.clone(),
            name: contact.name.clone(),
            title: contact.title.clone(),
            roles: self.role_ids(contact.roles),
            engaged,
            fit: score.fit,
            intent: score.intent,
            total: score.total,
            band: score.band.clone(),
            mql: score.mql,
            hand_raiser: score.hand_raiser,
            disqualified: score.disqualified,
            last_engagement_at: score.last_engagement_at,
            crossed_at: score.crossed_at,
        }
    }

    /// Each role: covered by the engaged contacts who hold it, or missing with its play and the
    /// contacts who hold it without being engaged.
    fn coverage<'m>(&'m self, contacts: &[Contact], engaged: &[bool]) -> RoleCoverage<'m> {
        let mut coverage = RoleCoverage {
            covered: Vec::new(),
            missing: Vec::new(),
        };
        for (index, role) in self.roles.iter().enumerate() {
            let holders = |want_engaged: bool| -> Vec<String> {
                (contacts.iter().zip(engaged))
                    .filter(|(c, e)| c.roles & (1 << index) != 0 && **e == want_engaged)
                    .filter(|(c, _)| !c.score.disqualified)
                    .map(|(c, _)| c.score.lead_id.clone())
                    .collect()
            };
            let engaged_holders = holders(true);
            if engaged_holders.is_empty() {
                coverage.missing.push(MissingRole {
                    role_id: &role.id,
                    label: role.label.as_deref(),
                    required: self.mqa.required_roles.contains(&index),
                    play: role.play.clone().unwrap_or_else(|| {
                        format!("No {} engaged yet.", role.name().to_lowercase())
                    }),
                    known_lead_ids: holders(false),
                });
            } else {
                coverage.covered.push(CoveredRole {
                    role_id: &role.id,
                    label: role.label.as_deref(),
                    lead_ids: engaged_holders,
                });
            }
        }
        coverage
    }

    fn signal_statuses<'m>(&'m self, standing: &Standing) -> Vec<SignalStatus<'m>> {
        let counts = &standing.presence.signal_counts;
        (self.signals.iter().enumerate())
            .map(|(index, signal)| SignalStatus {
                signal_id: &signal.id,
                label: signal.label.as_deref(),
                met: counts[index] >= signal.engaged_contacts,
                contacts: counts[index],
                needed: signal.engaged_contacts,
                points: (standing.awards.iter())
                    .find(|a| a.source == Source::Signal(index))
                    .map_or(0, |a| a.points),
            })
            .collect()
    }

    fn contribution<'m>(&'m self, award: &Award, contacts: &[Contact]) -> AccountContribution<'m> {
        match award.source {
            Source::Contact(index) => {
                let score = contacts[index].score;
                AccountContribution {
                    lead_id: Some(score.lead_id.clone()),
                    signal_id: None,
                    group: award.group,
                    points: award.points,
                    raw_points: award.before,
                    rules: rule_shares(score, award),
                }
            }
            Source::Signal(index) => AccountContribution {
                lead_id: None,
                signal_id: Some(&self.signals[index].id),
                group: award.group,
                points: award.points,
                raw_points: award.before,
                rules: Vec::new(),
            },
        }
    }
}

/// A contact's rules in the award's group, sharing the award's points in proportion to what
/// each rule holds of the contact's score, so that they add up to the award.
fn rule_shares(score: &ContactScore, award: &Award) -> Vec<RuleShare> {
    let rules: Vec<_> = (score.contributions.iter())
        .filter(|c| c.group == award.group)
        .collect();
    let mut points: Vec<i64> = rules.iter().map(|c| c.points).collect();
    share_out(&mut points, award.points);
    (rules.iter().zip(points))
        .map(|(rule, points)| RuleShare {
            rule_id: rule.rule_id.clone(),
            label: rule.label.clone(),
            points,
        })
        .collect()
}

/// Makes `points` add up to `target` (at least 0): the positive entries scaled in proportion,
/// the penalties kept; without a positive entry, the first takes the difference.
fn share_out(points: &mut [i64], target: i64) {
    let sum: i64 = points.iter().sum();
    if sum == target || points.is_empty() {
        return;
    }
    if points.iter().any(|p| *p > 0) {
        let penalties: i64 = points.iter().filter(|p| **p < 0).sum();
        scale_where(points, |p| p > 0, target - penalties);
    } else {
        points[0] += target - sum;
    }
}

#[cfg(test)]
mod tests {
    use super::share_out;

    #[test]
    fn shares_add_up_to_the_target() {
        for (points, target, expected) in [
            (vec![15, 10, 10], 35, vec![15, 10, 10]),
            (vec![15, 10, 10], 20, vec![8, 6, 6]),
            (vec![26, 7, 7], 35, vec![23, 6, 6]),
            (vec![20, -10], 25, vec![35, -10]),
            (vec![0, 0], 5, vec![5, 0]),
        ] {
            let mut shared = points.clone();
            share_out(&mut shared, target);
            assert_eq!(shared, expected, "{points:?} to {target}");
            assert_eq!(shared.iter().sum::<i64>(), target);
        }
    }
}
