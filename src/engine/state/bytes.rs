//! A lead state's bytes, written and read by hand: the bytes postcard wrote from the state's
//! serde derives (leadscore 0.1's version 2 states), field by field in declaration order, so a
//! state saved by an earlier build reads back and the scoring `.wasm` links no serde serializer
//! or deserializer for the state (26 KB of code through the derives).
//!
//! The encoding is postcard's (`postcard_read.rs` says it, and reads its primitives). Reading
//! refuses what postcard refuses, at the same byte and in the same words ([`Damaged`]), and, as
//! postcard's `from_bytes`, leaves bytes after the state unread.

mod read;
mod write;

#[cfg(test)]
mod tests;

use super::LeadState;
pub(super) use crate::postcard_read::Damaged;
use crate::postcard_read::Input;

/// Appends the state's body to `bytes`.
pub(super) fn write(state: &LeadState, bytes: &mut Vec<u8>) {
    write::Output { bytes }.state(state);
}

/// Reads a state's body from the start of `bytes`.
pub(super) fn read(bytes: &[u8]) -> Result<LeadState, Damaged> {
    read::state(&mut Input::new(bytes))
}
