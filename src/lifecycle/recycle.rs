//! Rejection reasons and the recycle play each maps to: a nurture track, a wait before
//! re-evaluation, and a policy (recycle, block until the fit attributes change, merge a
//! duplicate, disqualify); plus the nurture tracks themselves.

use super::declared::DeclaredIds;
use crate::document::{child, item, Reader};
use serde_json::Value as Json;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecyclePolicy {
    /// Back to marketing in a nurture track; re-qualifies when intent returns after the wait.
    Recycle,
    /// Cannot become an MQL again until the fit attributes change ("wrong ICP").
    BlockUntilFitChanges,
    /// Merged into an existing record: the lead leaves the funnel.
    MergeDuplicate,
    /// Disqualified for good.
    Disqualify,
}

impl RecyclePolicy {
    const ALL: [RecyclePolicy; 4] = [
        RecyclePolicy::Recycle,
        RecyclePolicy::BlockUntilFitChanges,
        RecyclePolicy::MergeDuplicate,
        RecyclePolicy::Disqualify,
    ];

    /// The policy as a playbook names it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            RecyclePolicy::Recycle => "recycle",
            RecyclePolicy::BlockUntilFitChanges => "blockUntilFitChanges",
            RecyclePolicy::MergeDuplicate => "mergeDuplicate",
            RecyclePolicy::Disqualify => "disqualify",
        }
    }

    fn from_name(name: &str) -> Option<RecyclePolicy> {
        RecyclePolicy::ALL.into_iter().find(|p| p.name() == name)
    }

    /// Whether the lead leaves the funnel for good.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            RecyclePolicy::MergeDuplicate | RecyclePolicy::Disqualify
        )
    }
}

/// A reason sales may give to reject a lead, and its play.
#[derive(Debug, Clone, PartialEq)]
pub struct RejectionReason {
    pub id: String,
    pub label: String,
    pub policy: RecyclePolicy,
    pub track: Option<String>,
    /// Days before the lead may be re-evaluated.
    pub wait_days: i64,
    /// Contact attempts that must be logged before sales may reject for this reason.
    pub min_contact_attempts: u32,
    /// Sales may name the date the lead comes back (timing, budget cycle).
    pub accepts_revisit_date: bool,
}

/// The id of the "no response" reason, which is never final and needs logged attempts first.
pub const NO_RESPONSE: &str = "noResponse";

#[derive(Debug, Clone, PartialEq)]
pub struct NurtureTrack {
    pub id: String,
    pub label: String,
}

/// The nurture tracks when a playbook names none.
pub fn default_tracks() -> Vec<NurtureTrack> {
    [
        ("education", "Education: the problem and how peers solve it"),
        ("timing", "Timing: stay in touch until the named time"),
        (
            "budget-cycle",
            "Budget cycle: back when the next budget opens",
        ),
        (
            "re-engagement",
            "Re-engagement: low frequency, surfaces renewed activity",
        ),
        (
            "competitor",
            "Competitor: switching stories and comparisons",
        ),
    ]
    .into_iter()
    .map(|(id, label)| NurtureTrack {
        id: id.into(),
        label: label.into(),
    })
    .collect()
}

/// The rejection reasons when a playbook names none: the seeds' list.
pub fn default_reasons() -> Vec<RejectionReason> {
    let reason =
        |id: &str, label: &str, policy, track: Option<&str>, wait_days, attempts, revisit| {
            RejectionReason {
                id: id.into(),
                label: label.into(),
                policy,
                track: track.map(str::to_string),
                wait_days,
                min_contact_attempts: attempts,
                accepts_revisit_date: revisit,
            }
        };
    use RecyclePolicy::*;
    vec![
        reason(
            "wrongIcp",
            "Wrong ICP / bad fit",
            BlockUntilFitChanges,
            None,
            0,
            0,
            false,
        ),
        reason(
            "premature",
            "Premature: not ready yet",
            Recycle,
            Some("education"),
            60,
            0,
            false,
        ),
        reason("timing", "Timing", Recycle, Some("timing"), 90, 0, true),
        reason(
            "budgetCycle",
            "Budget cycle",
            Recycle,
            Some("budget-cycle"),
            120,
            0,
            true,
        ),
        reason(
            NO_RESPONSE,
            "Unreachable / no response",
            Recycle,
            Some("re-engagement"),
            30,
            3,
            false,
        ),
        reason("duplicate", "Duplicate", MergeDuplicate, None, 0, 0, false),
        reason(
            "competitor",
            "Competitor",
            Recycle,
            Some("competitor"),
            180,
            0,
            false,
        ),
    ]
}

pub(crate) fn read_tracks(reader: &mut Reader, value: Option<&Json>) -> Vec<NurtureTrack> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return default_tracks();
    };
    let Some(map) = reader.object(value, "nurture", &["tracks"]) else {
        return Vec::new();
    };
    let Some(items) = reader.array(map, "tracks", "nurture", true) else {
        return Vec::new();
    };
    reader.objects(
        items,
        "nurture.tracks",
        &["id", "label"],
        |reader, map, at, earlier| {
            let id = reader.text(map, "id", at, true)?;
            if earlier.iter().any(|t: &NurtureTrack| t.id == id) {
                reader.error(&child(at, "id"), format!("repeats track id {id:?}"));
            }
            let label = reader.text(map, "label", at, false).unwrap_or(id);
            Some(NurtureTrack {
                id: id.into(),
                label: label.into(),
            })
        },
    )
}

pub(crate) fn read_reasons(
    reader: &mut Reader,
    value: Option<&Json>,
    declared: &DeclaredIds,
) -> (Vec<RejectionReason>, bool) {
    let map = match value.filter(|v| !v.is_null()) {
        Some(value) => reader.object(value, "rejection", &["reasons", "instantTriggersSkipWait"]),
        None => None,
    };
    let skip_wait = map
        .and_then(|m| reader.boolean(m, "instantTriggersSkipWait", "rejection"))
        .unwrap_or(true);
    let Some(items) = map.and_then(|m| m.get("reasons")).filter(|v| !v.is_null()) else {
        let reasons = default_reasons();
        for reason in &reasons {
            if let Some(track) = &reason.track {
                if !declared.tracks.contains(track) {
                    reader.error(
                        "rejection.reasons",
                        format!("the default reason {:?} uses nurture track {track:?}, which nurture.tracks does not define: define it, or list your own reasons", reason.id),
                    );
                }
            }
        }
        return (reasons, skip_wait);
    };
    let path = "rejection.reasons";
    let Some(items) = reader.expect(items, path, "an array", Json::as_array) else {
        return (Vec::new(), skip_wait);
    };
    let mut reasons: Vec<RejectionReason> = Vec::new();
    for (index, reason) in items.iter().enumerate() {
        if let Some(reason) = read_reason(reader, reason, &item(path, index), declared) {
            if reasons.iter().any(|r| r.id == reason.id) {
                reader.error(
                    &child(&item(path, index), "id"),
                    format!("repeats reason id {:?}", reason.id),
                );
            }
            reasons.push(reason);
        }
    }
    if items.is_empty() {
        reader.error(
            path,
            "needs at least one reason: sales must give one to reject",
        );
    }
    (reasons, skip_wait)
}

fn read_reason(
    reader: &mut Reader,
    value: &Json,
    at: &str,
    declared: &DeclaredIds,
) -> Option<RejectionReason> {
    const KEYS: &[&str] = &[
        "id",
        "label",
        "policy",
        "track",
        "waitDays",
        "minContactAttempts",
        "acceptsRevisitDate",
    ];
    let map = reader.object(value, at, KEYS)?;
    let before = reader.issues.len();
    let id = reader.text(map, "id", at, true);
    let label = reader.text(map, "label", at, false);
    let policy = match reader.text(map, "policy", at, true) {
        Some(name) => RecyclePolicy::from_name(name).or_else(|| {
            let names = RecyclePolicy::ALL.map(RecyclePolicy::name);
            reader.error(
                &child(at, "policy"),
                format!("{name:?} is not one of: {}", names.join(", ")),
            );
            None
        }),
        None => None,
    };
    let track = reader.text(map, "track", at, false).map(str::to_string);
    if let Some(track) = &track {
        declared.check_track(reader, track, &child(at, "track"));
    }
    let wait_days = reader
        .whole(map, "waitDays", at, false, (0, 3660))
        .unwrap_or(0);
    let min_contact_attempts = reader
        .whole(map, "minContactAttempts", at, false, (0, 100))
        .unwrap_or(0) as u32;
    let accepts_revisit_date = reader
        .boolean(map, "acceptsRevisitDate", at)
        .unwrap_or(false);
    let (id, policy) = (id?, policy?);
    let reason = RejectionReason {
        id: id.to_string(),
        label: label.unwrap_or(id).to_string(),
        policy,
        track,
        wait_days,
        min_contact_attempts,
        accepts_revisit_date,
    };
    check_play(reader, &reason, at);
    (reader.issues.len() == before).then_some(reason)
}

/// What a reason's play must be: a recycled lead goes into a nurture track, a lead that leaves
/// the funnel has no track or wait, and "no response" is never final and needs logged attempts.
fn check_play(reader: &mut Reader, reason: &RejectionReason, at: &str) {
    let policy = reason.policy;
    if policy == RecyclePolicy::Recycle && reason.track.is_none() {
        reader.error(
            &child(at, "track"),
            "is required when the policy is \"recycle\": a recycled lead goes into a nurture track",
        );
    }
    if policy.is_final() && (reason.track.is_some() || reason.wait_days > 0) {
        reader.error(
            at,
            "a final policy takes no `track` or `waitDays`: the lead leaves the funnel",
        );
    }
    if reason.id == NO_RESPONSE {
        if policy.is_final() {
            reader.error(
                &child(at, "policy"),
                "\"no response\" is never a final state: use \"recycle\"",
            );
        }
        if reason.min_contact_attempts == 0 {
            reader.error(
                &child(at, "minContactAttempts"),
                "\"no response\" needs a minimum number of logged contact attempts (at least 1)",
            );
        }
    }
}
