//! Dividing leads into a training part and a holdout part (at random from a seed, or by the
//! time of their decision), and the training part into cross-validation folds. A lead's part
//! depends only on the seed and its id, never on the order the leads come in.

use super::input::CalibrationLead;
use crate::error::InputError;
use crate::sort::sort_by;
use crate::time::Timestamp;
use serde::Serialize;

/// Which leads a figure comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Part {
    All,
    Train,
    Holdout,
}

impl Part {
    pub fn name(self) -> &'static str {
        match self {
            Part::All => "all",
            Part::Train => "train",
            Part::Holdout => "holdout",
        }
    }

    /// Whether a lead assigned to `assigned` belongs to this part.
    pub fn holds(self, assigned: Part) -> bool {
        self == Part::All || self == assigned
    }
}

/// How to hold leads out of fitting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SplitPlan {
    /// Each lead goes to the holdout with this probability, drawn from the seed and its id.
    Random { holdout_share: f64 },
    /// Leads decided before this moment train; the rest are held out.
    ByTime { holdout_from: Timestamp },
}

impl Default for SplitPlan {
    fn default() -> Self {
        SplitPlan::Random { holdout_share: 0.3 }
    }
}

/// The splitmix64 generator's output function: a fast, well-mixed 64-bit hash of a state.
pub fn splitmix64(state: u64) -> u64 {
    let mut z = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A 64-bit draw for a lead id under a seed and a purpose (`stream`), the same on every
/// platform: FNV-1a over the id's bytes, then mixed with the seed by splitmix64.
pub fn draw(seed: u64, stream: u64, id: &str) -> u64 {
    let mut hash: u64 = 0xCBF2_9CE4_8422_2325;
    for byte in id.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01B3);
    }
    splitmix64(splitmix64(seed ^ splitmix64(stream)) ^ hash)
}

/// A draw as a number in [0, 1).
fn unit(draw: u64) -> f64 {
    (draw >> 11) as f64 / (1u64 << 53) as f64
}

const STREAM_SPLIT: u64 = 1;
const STREAM_FOLDS: u64 = 2;
const STREAM_SAMPLE: u64 = 3;

/// Each lead's part, train or holdout.
pub fn assign(
    leads: &[CalibrationLead],
    plan: SplitPlan,
    seed: u64,
) -> Result<Vec<Part>, InputError> {
    let parts = match plan {
        SplitPlan::Random { holdout_share } => {
            if !(holdout_share > 0.0 && holdout_share < 1.0) {
                return Err(InputError::new(
                    "holdoutShare",
                    format!("must be above 0 and below 1 (got {holdout_share})"),
                ));
            }
            leads
                .iter()
                .map(
                    |lead| match unit(draw(seed, STREAM_SPLIT, &lead.id)) < holdout_share {
                        true => Part::Holdout,
                        false => Part::Train,
                    },
                )
                .collect()
        }
        SplitPlan::ByTime { holdout_from } => {
            let mut parts = Vec::with_capacity(leads.len());
            for lead in leads {
                let Some(at) = lead.decided_at else {
                    return Err(InputError::new(
                        "decidedAt",
                        format!(
                            "lead {:?} has no decision time: a split by time needs one for every lead",
                            lead.id
                        ),
                    ));
                };
                parts.push(if at < holdout_from {
                    Part::Train
                } else {
                    Part::Holdout
                });
            }
            parts
        }
    };
    for (part, other) in [(Part::Train, Part::Holdout), (Part::Holdout, Part::Train)] {
        if !parts.contains(&part) {
            return Err(InputError::new(
                "split",
                format!(
                    "every one of the {} leads fell in the {} part, none in the {}: {}",
                    leads.len(),
                    other.name(),
                    part.name(),
                    match plan {
                        SplitPlan::Random { .. } =>
                            "use more leads or a larger share for the smaller part",
                        SplitPlan::ByTime { .. } =>
                            "choose a date between the first and the last decision",
                    }
                ),
            ));
        }
    }
    Ok(parts)
}

/// Cross-validation folds for the leads at `members` (indices into `leads`): `folds` groups of
/// nearly equal size, each with its share of converted and unconverted leads (stratified), in
/// an order drawn from the seed. Returns each member's fold, in the order of `members`.
pub fn fold_of(
    leads: &[CalibrationLead],
    members: &[usize],
    folds: usize,
    seed: u64,
) -> Vec<usize> {
    let mut fold = vec![0; members.len()];
    // The second class continues the first one's round, so fold sizes differ by one at most.
    let mut dealt = 0;
    for class in [true, false] {
        let mut drawn: Vec<(u64, usize)> = members
            .iter()
            .enumerate()
            .filter(|(_, &lead)| leads[lead].converted == class)
            .map(|(at, &lead)| (draw(seed, STREAM_FOLDS, &leads[lead].id), at))
            .collect();
        sort_by(&mut drawn, |a, b| a < b);
        for (_, at) in drawn {
            fold[at] = dealt % folds;
            dealt += 1;
        }
    }
    fold
}

/// At most `size` of the leads at `members`, drawn by the seed, in the order of `members`.
pub fn sample(leads: &[CalibrationLead], members: &[usize], size: usize, seed: u64) -> Vec<usize> {
    if members.len() <= size {
        return members.to_vec();
    }
    let mut drawn: Vec<(u64, usize)> = members
        .iter()
        .enumerate()
        .map(|(at, &lead)| (draw(seed, STREAM_SAMPLE, &leads[lead].id), at))
        .collect();
    sort_by(&mut drawn, |a, b| a < b);
    let mut kept: Vec<usize> = drawn[..size].iter().map(|(_, at)| *at).collect();
    sort_by(&mut kept, |a, b| a < b);
    kept.into_iter().map(|at| members[at]).collect()
}

#[cfg(test)]
mod tests {
    use super::super::input::{Gate, LeadScore};
    use super::*;

    fn lead(id: &str, converted: bool, at: Option<&str>) -> CalibrationLead {
        CalibrationLead {
            id: id.to_string(),
            converted,
            decided_at: at.map(|t| Timestamp::parse(t).unwrap()),
            score: LeadScore {
                total: 0,
                gate: Gate::Scored,
            },
            features: Vec::new(),
        }
    }

    #[test]
    fn splitmix64_matches_its_reference_output() {
        // The first outputs of the reference generator seeded with 0 (state advanced by the
        // golden gamma before each call).
        assert_eq!(splitmix64(0), 0xE220_A839_7B1D_CDAF);
        assert_eq!(splitmix64(0x9E37_79B9_7F4A_7C15), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn a_random_split_depends_on_ids_not_order() {
        let leads: Vec<_> = (0..400)
            .map(|i| lead(&format!("l{i}"), i % 3 == 0, None))
            .collect();
        let plan = SplitPlan::Random {
            holdout_share: 0.25,
        };
        let parts = assign(&leads, plan, 7).unwrap();
        let held = parts.iter().filter(|p| **p == Part::Holdout).count();
        assert!((70..130).contains(&held), "{held} of 400 held out");
        let reversed: Vec<_> = leads.iter().rev().cloned().collect();
        let mut again = assign(&reversed, plan, 7).unwrap();
        again.reverse();
        assert_eq!(parts, again);
        assert_ne!(parts, assign(&leads, plan, 8).unwrap());
    }

    #[test]
    fn a_time_split_divides_at_the_date_and_needs_every_time() {
        let leads = vec![
            lead("a", true, Some("2026-01-10T00:00:00Z")),
            lead("b", false, Some("2026-02-10T00:00:00Z")),
            lead("c", false, Some("2026-03-10T00:00:00Z")),
        ];
        let plan = SplitPlan::ByTime {
            holdout_from: Timestamp::parse("2026-02-10T00:00:00Z").unwrap(),
        };
        assert_eq!(
            assign(&leads, plan, 0).unwrap(),
            [Part::Train, Part::Holdout, Part::Holdout]
        );
        let late = SplitPlan::ByTime {
            holdout_from: Timestamp::parse("2027-01-01T00:00:00Z").unwrap(),
        };
        let err = assign(&leads, late, 0).unwrap_err();
        assert!(
            err.message.contains("none in the holdout"),
            "{}",
            err.message
        );
        let mut missing = leads.clone();
        missing[1].decided_at = None;
        let err = assign(&missing, plan, 0).unwrap_err();
        assert!(
            err.message.contains("lead \"b\" has no decision time"),
            "{}",
            err.message
        );
        let err = assign(&leads, SplitPlan::Random { holdout_share: 1.0 }, 0).unwrap_err();
        assert_eq!(err.path, "holdoutShare");
    }

    #[test]
    fn a_sample_keeps_order_and_size() {
        let leads: Vec<_> = (0..50)
            .map(|i| lead(&format!("l{i}"), i % 2 == 0, None))
            .collect();
        let members: Vec<usize> = (0..50).rev().collect();
        let kept = sample(&leads, &members, 20, 9);
        assert_eq!(kept.len(), 20);
        assert!(kept.windows(2).all(|w| w[0] > w[1]), "{kept:?}");
        assert_eq!(sample(&leads, &members, 80, 9), members);
        assert_ne!(kept, sample(&leads, &members, 20, 10));
    }

    #[test]
    fn folds_are_stratified_and_balanced() {
        let leads: Vec<_> = (0..103)
            .map(|i| lead(&format!("l{i}"), i % 4 == 0, None))
            .collect();
        let members: Vec<usize> = (0..103).collect();
        let folds = fold_of(&leads, &members, 5, 3);
        for f in 0..5 {
            let size = folds.iter().filter(|x| **x == f).count();
            let positives = members
                .iter()
                .filter(|&&m| folds[m] == f && leads[m].converted)
                .count();
            assert!((20..=21).contains(&size), "fold {f} has {size}");
            assert!(
                (5..=6).contains(&positives),
                "fold {f} has {positives} converted"
            );
        }
    }
}
