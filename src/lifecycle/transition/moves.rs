//! The moves people make by hand and the stages each may be made from: one table that both
//! refuses an illegal move and writes the refusal's hint (the moves the lead's stage allows). A
//! score update and the passing of time apply in every stage, so they are not in it.

use crate::lifecycle::record::Stage::{self, *};

/// A move made by hand.
struct Move {
    /// The action's type, as JSON names it.
    action: &'static str,
    /// The stages it may be made from.
    from: &'static [Stage],
    /// How a refusal says it: "cannot book a meeting for a lead in stage ...".
    verb: &'static str,
    /// How a stage's hint lists it: "an SQL can become an opportunity, be rejected, ...".
    listed: Listed,
}

enum Listed {
    /// What the lead becomes: "become an opportunity".
    Active(&'static str),
    /// What is done to the lead, after "be": "rejected".
    Passive(&'static str),
}

/// In the order the hints list them.
const MOVES: [Move; 9] = [
    Move {
        action: "accept",
        from: &[Mql],
        verb: "accept",
        listed: Listed::Passive("accepted"),
    },
    Move {
        action: "qualify",
        from: &[Sal],
        verb: "qualify",
        listed: Listed::Passive("qualified"),
    },
    Move {
        action: "openOpportunity",
        from: &[Sql],
        verb: "open an opportunity for",
        listed: Listed::Active("become an opportunity"),
    },
    Move {
        action: "reject",
        from: &[Mql, Sal, Sql],
        verb: "reject",
        listed: Listed::Passive("rejected"),
    },
    Move {
        action: "logContact",
        from: &Stage::SALES,
        verb: "log a contact attempt for",
        listed: Listed::Passive("contacted"),
    },
    Move {
        action: "meetingBooked",
        from: &[Mql, Sal],
        verb: "book a meeting for",
        listed: Listed::Passive("booked"),
    },
    Move {
        action: "reassign",
        from: &Stage::SALES,
        verb: "reassign",
        listed: Listed::Passive("reassigned"),
    },
    Move {
        action: "disqualify",
        from: &[Lead, Mql, Sal, Sql, Opportunity, Nurture, Recycled],
        verb: "disqualify",
        listed: Listed::Passive("disqualified"),
    },
    Move {
        action: "enrollNurture",
        from: &Stage::MARKETING,
        verb: "enroll in nurture",
        listed: Listed::Passive("enrolled in nurture"),
    },
];

fn find(action: &str) -> Option<&'static Move> {
    MOVES.iter().find(|m| m.action == action)
}

/// Whether `action` may be applied to a lead in `stage`.
pub(super) fn allowed(action: &str, stage: Stage) -> bool {
    find(action).is_none_or(|m| m.from.contains(&stage))
}

/// How a refusal says the action: "cannot *book a meeting for* a lead in stage lead".
pub(super) fn describe_action(action: &str) -> &'static str {
    find(action).map_or("apply this action to", |m| m.verb)
}

/// What a refusal adds after the stage: the moves the stage allows, or, for marketing's stages
/// and a disqualified lead, why there are none for sales to make.
pub(super) fn legal_hint(stage: Stage) -> String {
    let lead = match stage {
        Lead | Nurture | Recycled => {
            return " (marketing owns it: it reaches sales by becoming an MQL on a score update)"
                .into()
        }
        Disqualified => return " (a disqualified lead leaves the funnel for good)".into(),
        Mql => "an MQL",
        Sal => "a SAL",
        Sql => "an SQL",
        Opportunity => "an opportunity",
    };
    let allowed: Vec<&Listed> = MOVES
        .iter()
        .filter(|m| m.from.contains(&stage))
        .map(|m| &m.listed)
        .collect();
    let mut moves = String::new();
    let mut passive = false;
    for (index, listed) in allowed.iter().enumerate() {
        if index > 0 {
            moves.push_str(if index + 1 == allowed.len() {
                " or "
            } else {
                ", "
            });
        }
        match listed {
            Listed::Active(text) => moves.push_str(text),
            Listed::Passive(text) => {
                if !passive {
                    moves.push_str("be ");
                    passive = true;
                }
                moves.push_str(text);
            }
        }
    }
    format!(" ({lead} can {moves})")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::action::Action;

    #[test]
    fn refusals_name_the_moves_each_stage_allows() {
        let hints = Stage::ALL.map(|stage| format!("{stage}{}", legal_hint(stage)));
        assert_eq!(
            hints,
            [
                "lead (marketing owns it: it reaches sales by becoming an MQL on a score update)",
                "mql (an MQL can be accepted, rejected, contacted, booked, reassigned or disqualified)",
                "sal (a SAL can be qualified, rejected, contacted, booked, reassigned or disqualified)",
                "sql (an SQL can become an opportunity, be rejected, contacted, reassigned or disqualified)",
                "opportunity (an opportunity can be contacted, reassigned or disqualified)",
                "nurture (marketing owns it: it reaches sales by becoming an MQL on a score update)",
                "recycled (marketing owns it: it reaches sales by becoming an MQL on a score update)",
                "disqualified (a disqualified lead leaves the funnel for good)",
            ]
        );
        let verbs = Action::TYPES.map(describe_action);
        assert_eq!(
            verbs,
            [
                "apply this action to",
                "accept",
                "reject",
                "book a meeting for",
                "qualify",
                "open an opportunity for",
                "disqualify",
                "log a contact attempt for",
                "apply this action to",
                "enroll in nurture",
                "reassign",
            ]
        );
    }
}
