//! One module per fuzz target; each has `pub fn run(data: &[u8])`.

pub mod batch_json;
pub mod lead_json;
#[cfg(feature = "lifecycle")]
pub mod lifecycle_journey;
#[cfg(feature = "lifecycle")]
pub mod lifecycle_json;
pub mod model_json;
#[cfg(feature = "lifecycle")]
pub mod playbook_json;
pub mod score_structured;
pub mod state_bytes;
pub mod store_push;

/// A target's body: takes the input's bytes, panics when something that must hold does not.
pub type Body = fn(&[u8]);

/// Every target by name, as `cargo fuzz run NAME` and the corpus folders name them.
pub const ALL: &[(&str, Body)] = &[
    ("model_json", model_json::run),
    ("lead_json", lead_json::run),
    ("batch_json", batch_json::run),
    ("score_structured", score_structured::run),
    ("store_push", store_push::run),
    ("state_bytes", state_bytes::run),
    #[cfg(feature = "lifecycle")]
    ("playbook_json", playbook_json::run),
    #[cfg(feature = "lifecycle")]
    ("lifecycle_json", lifecycle_json::run),
    #[cfg(feature = "lifecycle")]
    ("lifecycle_journey", lifecycle_journey::run),
];

/// The input as text, as every JSON entry point receives it (JavaScript strings are always
/// valid Unicode); other bytes are not an input these targets can be given.
pub fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}
