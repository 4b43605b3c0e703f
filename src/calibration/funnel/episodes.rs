//! A lifecycle record's history read as MQL episodes: each time the lead became an MQL, what
//! sales did with it until it went back to marketing, was disqualified, or the record ends.

use crate::lifecycle::{HistoryEntry, LifecycleRecord, Stage};
use crate::time::Timestamp;

/// How far one MQL got, and how it ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Episode {
    /// The record (index into the records given) it belongs to.
    pub record: usize,
    pub mql_at: Timestamp,
    /// "threshold" or "instant", as the history says.
    pub mql_reason: Option<String>,
    /// It came back from recycling.
    pub requalified: bool,
    pub accepted: bool,
    pub sql: bool,
    pub meeting: bool,
    pub opportunity: bool,
    /// Rejected by sales, with the reason (recycled or disqualified by it).
    pub rejected: Option<String>,
    /// Disqualified (by a disqualification, not a rejection), with the reason.
    pub disqualified: Option<String>,
    /// Still with sales: the record ends inside the episode.
    pub open: bool,
}

impl Episode {
    /// Whether the episode reached a milestone: `Some(true)` once it did, `Some(false)` once it
    /// ended without it, `None` while it is still open without it.
    pub fn settled(&self, reached: bool) -> Option<bool> {
        match (reached, self.open) {
            (true, _) => Some(true),
            (false, false) => Some(false),
            (false, true) => None,
        }
    }
}

/// A recycling and whether the lead came back as an MQL afterwards.
#[derive(Debug, Clone, PartialEq)]
pub struct Recycling {
    pub record: usize,
    pub reason: Option<String>,
    pub at: Timestamp,
    pub requalified: bool,
}

fn starts_episode(entry: &HistoryEntry) -> bool {
    entry.to == Stage::Mql && entry.from != Stage::Mql
}

/// The episodes and recyclings of one record.
pub fn read(record: &LifecycleRecord, index: usize) -> (Vec<Episode>, Vec<Recycling>) {
    let mut episodes: Vec<Episode> = Vec::new();
    let mut recyclings: Vec<Recycling> = Vec::new();
    for entry in &record.history {
        if starts_episode(entry) {
            if entry.from == Stage::Recycled {
                if let Some(last) = recyclings.last_mut() {
                    last.requalified = true;
                }
            }
            episodes.push(Episode {
                record: index,
                mql_at: entry.at,
                mql_reason: entry.reason.clone(),
                requalified: entry.from == Stage::Recycled,
                accepted: false,
                sql: false,
                meeting: false,
                opportunity: false,
                rejected: None,
                disqualified: None,
                open: true,
            });
            continue;
        }
        if entry.to == Stage::Recycled {
            recyclings.push(Recycling {
                record: index,
                reason: entry.reason.clone(),
                at: entry.at,
                requalified: false,
            });
        }
        let Some(episode) = episodes.last_mut().filter(|e| e.open) else {
            continue;
        };
        match entry.to {
            Stage::Sal => episode.accepted = true,
            Stage::Sql => {
                episode.accepted = true;
                episode.sql = true;
            }
            Stage::Opportunity => {
                episode.accepted = true;
                episode.sql = true;
                episode.opportunity = true;
            }
            Stage::Mql => {}
            Stage::Lead | Stage::Nurture | Stage::Recycled | Stage::Disqualified => {
                episode.open = false;
                if entry.action == "reject" {
                    episode.rejected = entry.reason.clone().or_else(|| Some(String::new()));
                } else if entry.to == Stage::Disqualified {
                    episode.disqualified = entry.reason.clone();
                }
            }
        }
        if entry.action == "meetingBooked" {
            episode.meeting = true;
        }
    }
    (episodes, recyclings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(from: Stage, to: Stage, at: &str, action: &str, reason: Option<&str>) -> HistoryEntry {
        HistoryEntry {
            from,
            to,
            at: Timestamp::parse(at).unwrap(),
            action: action.to_string(),
            reason: reason.map(str::to_string),
            owner: "x".to_string(),
            note: None,
        }
    }

    #[test]
    fn a_recycled_and_requalified_history_reads_as_two_episodes() {
        let mut record = LifecycleRecord::new(
            "l1",
            "marketing",
            Timestamp::parse("2026-11-01T00:00:00Z").unwrap(),
        );
        record.history = vec![
            entry(
                Stage::Lead,
                Stage::Mql,
                "2026-11-02T00:00:00Z",
                "scoreUpdate",
                Some("threshold"),
            ),
            entry(
                Stage::Mql,
                Stage::Mql,
                "2026-11-02T01:00:00Z",
                "reassign",
                Some("reassigned"),
            ),
            entry(
                Stage::Mql,
                Stage::Recycled,
                "2026-11-03T00:00:00Z",
                "reject",
                Some("noResponse"),
            ),
            entry(
                Stage::Recycled,
                Stage::Mql,
                "2026-12-01T00:00:00Z",
                "scoreUpdate",
                Some("instant"),
            ),
            entry(
                Stage::Mql,
                Stage::Sql,
                "2026-12-02T00:00:00Z",
                "meetingBooked",
                Some("meetingBooked"),
            ),
            entry(
                Stage::Sql,
                Stage::Opportunity,
                "2026-12-09T00:00:00Z",
                "openOpportunity",
                None,
            ),
        ];
        let (episodes, recyclings) = read(&record, 4);
        assert_eq!(episodes.len(), 2);
        let (first, second) = (&episodes[0], &episodes[1]);
        assert_eq!(
            (first.accepted, first.rejected.as_deref(), first.open),
            (false, Some("noResponse"), false)
        );
        assert_eq!(
            (first.settled(first.accepted), first.requalified),
            (Some(false), false)
        );
        assert!(
            second.requalified
                && second.accepted
                && second.sql
                && second.meeting
                && second.opportunity
        );
        assert_eq!(
            (second.open, second.mql_reason.as_deref(), second.record),
            (true, Some("instant"), 4)
        );
        assert_eq!(recyclings.len(), 1);
        assert!(recyclings[0].requalified);
        // An open episode that has not reached a milestone has not settled it.
        let mut open = second.clone();
        open.opportunity = false;
        assert_eq!(open.settled(open.opportunity), None);
    }

    #[test]
    fn a_disqualification_ends_the_episode_without_a_rejection() {
        let mut record = LifecycleRecord::new(
            "l2",
            "marketing",
            Timestamp::parse("2026-11-01T00:00:00Z").unwrap(),
        );
        record.history = vec![
            entry(
                Stage::Lead,
                Stage::Mql,
                "2026-11-02T00:00:00Z",
                "scoreUpdate",
                Some("threshold"),
            ),
            entry(
                Stage::Mql,
                Stage::Sal,
                "2026-11-02T05:00:00Z",
                "accept",
                None,
            ),
            entry(
                Stage::Sal,
                Stage::Disqualified,
                "2026-11-04T00:00:00Z",
                "disqualify",
                Some("spam"),
            ),
        ];
        let (episodes, recyclings) = read(&record, 0);
        assert_eq!(episodes[0].disqualified.as_deref(), Some("spam"));
        assert_eq!(
            (
                episodes[0].rejected.clone(),
                episodes[0].accepted,
                episodes[0].sql
            ),
            (None, true, false)
        );
        assert!(recyclings.is_empty());
    }
}
