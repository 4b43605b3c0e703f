//! The coverage proof: every combination of the routing dimensions (the catch-all values
//! included) must reach an owner, through a rule or the fallback, or the playbook is refused.
//! Also who routing can hand a lead to at all.

use super::{Routing, Segment, Target, NO_PRODUCT, UNKNOWN_SEGMENT, UNMAPPED_TERRITORY};
use crate::document::Reader;
use crate::sort::stable_sort_by;

/// Every value of each routing dimension, the catch-all values included.
pub(super) struct Dimensions<'a> {
    pub territories: Vec<&'a str>,
    pub segments: Vec<&'a str>,
    pub products: Vec<&'a str>,
}

impl<'a> Dimensions<'a> {
    pub fn of(
        territories: &'a [(String, Vec<String>)],
        segments: &'a [Segment],
        products: &'a [String],
    ) -> Self {
        Dimensions {
            territories: territories
                .iter()
                .map(|(id, _)| id.as_str())
                .chain([UNMAPPED_TERRITORY])
                .collect(),
            segments: segments
                .iter()
                .map(|s| s.id.as_str())
                .chain([UNKNOWN_SEGMENT])
                .collect(),
            products: products
                .iter()
                .map(String::as_str)
                .chain([NO_PRODUCT])
                .collect(),
        }
    }
}

impl Routing {
    fn all_dimensions(&self) -> Dimensions<'_> {
        Dimensions::of(&self.territories, &self.segments, &self.products)
    }

    /// Every value of each dimension, the catch-all values included.
    pub fn dimensions(&self) -> (Vec<String>, Vec<String>, Vec<String>) {
        let all = self.all_dimensions();
        let owned = |values: Vec<&str>| values.into_iter().map(str::to_string).collect();
        (
            owned(all.territories),
            owned(all.segments),
            owned(all.products),
        )
    }

    /// The combinations no rule covers, when there is no fallback.
    pub fn uncovered(&self) -> Vec<(String, String, String)> {
        if self.fallback.is_some() {
            return Vec::new();
        }
        let all = self.all_dimensions();
        let mut gaps = Vec::new();
        for t in &all.territories {
            for s in &all.segments {
                for p in &all.products {
                    if self.first_rule(t, s, p).is_none() {
                        gaps.push((t.to_string(), s.to_string(), p.to_string()));
                    }
                }
            }
        }
        gaps
    }

    /// Whether every combination reaches an owner; if not, a problem at `routing` naming the
    /// first combination left out.
    pub(super) fn check_coverage(&self, reader: &mut Reader) -> bool {
        let gaps = self.uncovered();
        let Some((t, s, p)) = gaps.first() else {
            return true;
        };
        let more = match gaps.len() - 1 {
            0 => String::new(),
            n => format!(
                " (and {n} more combination{})",
                if n == 1 { "" } else { "s" }
            ),
        };
        reader.error(
            "routing",
            format!(
                "can leave a lead unassigned: no rule covers territory {t:?}, segment {s:?}, product {p:?}{more}; add a rule for it or a `fallback`"
            ),
        );
        false
    }

    /// Every person routing can hand a lead to.
    pub fn possible_owners(&self) -> Vec<&str> {
        let mut owners: Vec<&str> = self
            .named_accounts
            .iter()
            .map(|a| a.owner.as_str())
            .collect();
        let targets = self
            .rules
            .iter()
            .map(|r| &r.target)
            .chain(self.fallback.as_ref());
        for target in targets {
            match target {
                Target::Owner(owner) => owners.push(owner),
                Target::Pool(pool) => owners.extend(
                    self.pools
                        .get(pool)
                        .into_iter()
                        .flat_map(|p| p.members.iter().map(String::as_str)),
                ),
            }
        }
        stable_sort_by(&mut owners, |a, b| a < b);
        owners.dedup();
        owners
    }
}
