//! Leads read once from a JSON array and kept in memory with the text they borrow from (event
//! properties stay raw JSON until a rule reads one), so a lead set is never parsed again.

use crate::error::InputError;
use crate::lead::{parse_batch_lead, split_lead_batch, Lead};
use crate::limits::Limits;
use self_cell::self_cell;

type Leads<'text> = Vec<Lead<'text>>;

self_cell!(
    /// The text of a JSON array of leads, and the leads read from it.
    pub(super) struct Resident {
        owner: String,
        #[covariant]
        dependent: Leads,
    }

    impl {Debug}
);

impl Resident {
    /// Reads every lead of a JSON array, within the default [`Limits`] (as a scorer's batch);
    /// the first bad one is an error whose path starts with its index (`[3].events[0].at`).
    pub fn read(text: String) -> Result<Resident, InputError> {
        Resident::try_new(text, |text| {
            let raw = split_lead_batch(text)?;
            let limits = Limits::default();
            limits.check_batch_size(raw.len())?;
            (raw.into_iter().enumerate())
                .map(|(index, raw)| {
                    let lead = parse_batch_lead(raw, index).map_err(|bad| bad.error)?;
                    limits
                        .check_lead(&lead)
                        .map_err(|err| err.within(&format!("[{index}]")))?;
                    Ok(lead)
                })
                .collect()
        })
    }

    pub fn leads(&self) -> &[Lead<'_>] {
        self.borrow_dependent()
    }

    /// The bytes of JSON text the leads were read from.
    pub fn text_len(&self) -> usize {
        self.borrow_owner().len()
    }
}
